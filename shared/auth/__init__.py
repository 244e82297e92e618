"""Signing citizens in on the phone: our tokens, the WeChat exchange, SMS codes and real-name binding.

tokens.py       access JWTs (HS256, key ring by `kid`, one audience per client kind)
sessions.py     SQL of session families and their rotating refresh tokens
wechat.py       the WeChat code-to-session exchange behind an interface, and a simulator
sms.py          the SMS gateway behind an interface, and a simulator with an outbox
otp.py          pure rules of one-time SMS codes (life, attempts, resend interval, caps)
phone_codes.py  SQL of the SMS codes sent
realname.py     real-name binding (实名认证): the code, the identity, the merge
companies.py    companies (统一社会信用代码) and the citizens who act for them
"""
