"""Receipts (受理回执), following an application by its receipt, and collecting results at a kiosk.

- `model`: the `Receipt` value a layout is drawn from.
- `layouts`: pure functions drawing an 80 mm thermal receipt and an A4 receipt (and the A4
  result document printed at a kiosk) as HTML with print CSS, QR code included (`shared.web.qr`).
- `repository`: receipts, their follow tokens (stored hashed) and what was printed, all the SQL.
- `building`: a `Receipt` from an application, the catalog and its payment.
- `printing`: print a receipt at the kiosk the citizen stands at.
- `collect`: print the result document at a kiosk and deliver it (出件), exactly once.
"""
