"""Hall staff (大厅工作人员): accounts, roles, passwords, the second factor and sign-in.

    roles.py       who may do what: `Role`, `Action`, `can`, `in_scope` (pure)
    passwords.py   the password rules and argon2id hashing
    totp.py        RFC 6238 time-based one-time codes (pure)
    throttle.py    how long a failing sign-in must wait (pure)
    accounts.py    all SQL: accounts, sessions, sign-in failures
    signin.py      the sign-in flows: password, second factor, session checks, sign-out
    management.py  what an administrator does to accounts (create, deactivate, reset the second factor)
    demo.py        the demo accounts, seeded only in demo mode

Nothing here knows about HTTP: `kiosk.staff` turns these into pages and cookies.
"""
