"""The kiosk's routes, mounted at "/" by the composition root (onevisit.create_app)."""

from __future__ import annotations

from starlette.routing import BaseRoute, Mount, Route

from kiosk.staff.routes import routes as staff_routes
from kiosk.views import (
    access_log,
    applications,
    applications_delivery as app_delivery,
    applications_form as app_form,
    applications_handoff as app_handoff,
    applications_materials as app_materials,
    applications_submit as app_submit,
    attract,
    catalog,
    device,
    feedback,
    follow,
    hall,
    heartbeat,
    home,
    language,
    menu,
    modes,
    payments,
    paysim,
    queue,
    ratings,
    receipts,
    search,
    signin,
)


def routes() -> list[BaseRoute]:
    return [
        Route("/", home.home, methods=["GET"], name="home"),
        Route("/search", search.search, methods=["GET"], name="search"),
        Route("/categories/{code}", catalog.category, methods=["GET"], name="category"),
        Route("/items/{code}", catalog.item, methods=["GET"], name="item"),
        Route("/bundles/{code}", catalog.bundle, methods=["GET"], name="bundle"),
        # A group of the kiosk's menu (kiosk/views/menu.py); the home screen shows the top tiles.
        Route("/menu/{tile_id}", menu.menu_group, methods=["GET"], name="menu_group"),
        Route("/lang", language.set_language, methods=["POST"], name="set_language"),
        # The attract screen and the display modes (长辈模式, 高对比度): kiosk/views/attract.py, modes.py.
        Route("/attract", attract.attract, methods=["GET"], name="attract"),
        Route("/kiosk/mode", modes.set_mode, methods=["POST"], name="set_mode"),
        # Citizens sign in at the kiosk (ID card or phone scan) and leave (kiosk/views/signin.py).
        Route("/signin", signin.signin, methods=["GET"], name="signin"),
        Route("/signin/card", signin.card_page, methods=["GET"], name="signin_card"),
        Route("/signin/card/poll", signin.card_poll, methods=["POST"], name="signin_card_poll"),
        Route("/signin/card/demo", signin.card_demo, methods=["POST"], name="signin_card_demo"),
        Route("/signin/scan", signin.scan_page, methods=["GET"], name="signin_scan"),
        Route("/signin/scan/poll", signin.scan_poll, methods=["POST"], name="signin_scan_poll"),
        Route("/signin/scan/demo", signin.scan_demo, methods=["POST"], name="signin_scan_demo"),
        Route("/me", signin.me, methods=["GET"], name="me"),
        Route("/me/access", access_log.access_page, methods=["GET"], name="me_access"),
        Route("/kiosk/session/end", signin.end, methods=["POST"], name="end_session"),
        Route("/kiosk/session/keep-alive", signin.keep_alive, methods=["POST"], name="keep_alive"),
        # A citizen's applications at the kiosk (kiosk/views/applications*.py).
        Route("/items/{code}/apply", applications.apply_item, methods=["POST"], name="apply_item"),
        Route("/bundles/{code}/apply", applications.apply_bundle, methods=["POST"], name="apply_bundle"),
        Route("/applications", applications.my_applications, methods=["GET"], name="my_applications"),
        Route("/applications/{ref}", applications.detail, methods=["GET"], name="application"),
        Route("/applications/{ref}/correction", applications.correction, methods=["GET"], name="app_correction"),
        Route("/applications/{ref}/form/{step}", app_form.form_step, methods=["GET"], name="app_form"),
        Route("/applications/{ref}/form/{step}", app_form.save_step, methods=["POST"], name="app_form_save"),
        Route("/applications/{ref}/materials", app_materials.materials, methods=["GET"], name="app_materials"),
        Route(
            "/applications/{ref}/materials/{code}/scan",
            app_materials.scan_page,
            methods=["GET"],
            name="app_material_scan",
        ),
        Route(
            "/applications/{ref}/materials/{code}/scan",
            app_materials.scan,
            methods=["POST"],
            name="app_material_scan_do",
        ),
        Route("/applications/{ref}/delivery", app_delivery.delivery, methods=["GET"], name="app_delivery"),
        Route("/applications/{ref}/delivery", app_delivery.save_delivery, methods=["POST"], name="app_delivery_save"),
        Route("/applications/{ref}/review", app_submit.review, methods=["GET"], name="app_review"),
        Route("/applications/{ref}/submit", app_submit.submit, methods=["POST"], name="app_submit"),
        Route("/applications/{ref}/submitted", app_submit.submitted_page, methods=["GET"], name="app_submitted"),
        # Paying the fee (缴费), and the simulated provider's phone cashier (kiosk/views/payments.py, paysim.py).
        Route("/applications/{ref}/pay", payments.pay_page, methods=["GET"], name="app_pay"),
        Route("/applications/{ref}/pay/poll", payments.pay_poll, methods=["POST"], name="app_pay_poll"),
        Route("/applications/{ref}/pay/retry", payments.pay_retry, methods=["POST"], name="app_pay_retry"),
        Route("/paysim/{token}", paysim.cashier, methods=["GET"], name="paysim"),
        Route("/paysim/{token}/pay", paysim.pay, methods=["POST"], name="paysim_pay"),
        Route("/paysim/{token}/decline", paysim.decline, methods=["POST"], name="paysim_decline"),
        # After submitting: the receipt, the result printed here, leaving (kiosk/views/receipts.py).
        Route("/applications/{ref}/receipt/print", receipts.print_receipt, methods=["POST"], name="app_receipt_print"),
        Route("/applications/{ref}/receipt/phone", receipts.receipt_phone, methods=["GET"], name="app_receipt_phone"),
        Route("/applications/{ref}/collect", receipts.collect_result, methods=["POST"], name="app_collect"),
        Route("/kiosk/session/finish", receipts.finish, methods=["POST"], name="finish_session"),
        # Following an application by its receipt: at the kiosk, and on the phone (kiosk/views/follow.py).
        Route("/track", follow.track_page, methods=["GET"], name="track"),
        Route("/track/poll", follow.track_poll, methods=["POST"], name="track_poll"),
        Route("/follow/{token}", follow.follow_page, methods=["GET"], name="follow"),
        Route("/applications/{ref}/rating", ratings.rating_page, methods=["GET"], name="app_rate"),
        Route("/applications/{ref}/rating", ratings.rate, methods=["POST"], name="app_rate_save"),
        Route("/applications/{ref}/handoff", app_handoff.handoff_page, methods=["GET"], name="app_handoff"),
        Route("/applications/{ref}/handoff/poll", app_handoff.handoff_poll, methods=["POST"], name="app_handoff_poll"),
        Route("/applications/{ref}/handoff/demo", app_handoff.handoff_demo, methods=["POST"], name="app_handoff_demo"),
        # 投诉 / 咨询 / 建议 / 举报 of the signed-in citizen (kiosk/views/feedback.py).
        Route("/feedback", feedback.feedback_home, methods=["GET"], name="feedback"),
        Route("/feedback", feedback.save_case, methods=["POST"], name="feedback_save"),
        Route("/feedback/new", feedback.new_case, methods=["GET"], name="feedback_new"),
        Route("/feedback/{case_id}", feedback.case_page, methods=["GET"], name="feedback_case"),
        Route("/feedback/{case_id}/rating", feedback.rate_answer, methods=["POST"], name="feedback_rate"),
        # The hall: call staff from any screen; the demo's simulated devices (kiosk/views/hall.py).
        Route("/kiosk/call-staff", hall.call_staff, methods=["POST"], name="call_staff"),
        Route("/kiosk/demo/devices", hall.demo_devices, methods=["POST"], name="demo_devices"),
        # Every kiosk screen beats every few seconds: alive, which menu it shows (kiosk/views/heartbeat.py).
        Route("/kiosk/heartbeat", heartbeat.heartbeat, methods=["POST"], name="heartbeat"),
        # 取号: queue tickets, no sign-in, printed on the kiosk's roll (kiosk/views/queue.py).
        Route("/queue", queue.lines_page, methods=["GET"], name="queue_ticket"),
        Route("/queue/take", queue.take, methods=["POST"], name="queue_take"),
        Route("/queue/tickets/{ticket_id:int}", queue.ticket_page, methods=["GET"], name="queue_ticket_page"),
        Route("/queue/tickets/{ticket_id:int}/print", queue.print_again, methods=["POST"], name="queue_ticket_print"),
        # Enrolment of a kiosk's browser (exempt from the device check: see kiosk/device.py).
        Route("/kiosk/enrol", device.enrol_page, methods=["GET"], name="enrol"),
        Route("/kiosk/enrol", device.enrol, methods=["POST"], name="enrol_submit"),
        Route("/kiosk/enrol/demo", device.enrol_demo, methods=["POST"], name="enrol_demo"),
        # Hall staff pages (sign-in, accounts, audit trail): see kiosk/staff.
        Mount("/staff", routes=staff_routes()),
    ]
