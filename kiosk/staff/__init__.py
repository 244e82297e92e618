"""The staff pages (工作人员端) under /staff: sign-in, the second factor, accounts, the audit trail.

For a desk PC or a tablet at a window, not the portrait kiosk: their own base template
(`templates/staff/staff_base.html`) and stylesheet (`static/css/staff.css`). Later staff
pages protect themselves with `require_staff(request, *roles)` and are registered through
`kiosk.staff.routes.page` so that a missing sign-in becomes a redirect and every answer
carries `Cache-Control: no-store`.
"""
