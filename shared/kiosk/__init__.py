"""Self-service kiosks (政务自助一体机): registered devices, citizens signed in at them.

- `devices`: all SQL for kiosk devices and the device cookies their browsers carry, and a
  short in-memory cache of verified device cookies (every kiosk request asks "which kiosk?").
- `sessions`: all SQL for citizens' kiosk sessions and the pure rules of when one ends.
- `scan_signin`: one-time nonces for "scan with your phone to sign in".
- `bridge`: the interface to the kiosk's local hardware service (the ID-card reader) and
  a simulated implementation for tests and the demo.
- `demo`: the demo kiosk and the demo ID cards.
"""
