"""OneVisit's core: the service catalog, storage, errors and rules shared by every channel.

Nothing in this package imports `kiosk` or `mobile_api`; those adapters depend on it.
"""
