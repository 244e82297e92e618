"""Staff application pages: who may open what and act on what (ASVS 8.2.1, 8.2.2), the
anti-CSRF token, and the material file view with its headers and audit entries."""

from __future__ import annotations

import pytest

from shared import audit, materials
from shared.applications import repository
from shared.applications.states import State
from tests.pii import ID_LI
from tests.staff.applications_support import LI, citizen, png_bytes, staff, submitted
from tests.staff.conftest import Hall, csrf_of, signed_in_admin

ACTIONS = ("accept", "return", "refuse", "override", "opinion", "decide", "deliver", "visit")


async def state_of(hall: Hall, application_id: str) -> State:
    app = await repository.load(hall.services.db, hall.services.vault, application_id)
    assert app is not None
    return app.state


async def test_queue_shows_the_department_scope_masked(hall: Hall) -> None:
    services = hall.services
    zhang = await citizen(services)
    li = await citizen(services, "李四", ID_LI)
    ga = await submitted(services, zhang)  # GA leads
    yb = await submitted(services, li, "YB-CB-003", LI)  # YB leads
    clerk_ga = await staff(hall, "clerk_ga", "clerk", "GA")
    clerk_wj = await staff(hall, "clerk_wj", "clerk", "WJ")
    supervisor = await staff(hall, "watcher", "supervisor")

    queue = await clerk_ga.client.get("/staff/applications")
    assert queue.status_code == 200 and queue.headers["cache-control"] == "no-store"
    assert ga.ref in queue.text and yb.ref not in queue.text  # YB's is not GA's until accepted
    assert "张*" in queue.text and "1101" in queue.text  # masked name and ID number only
    assert "已提交" in queue.text

    assert ga.ref not in (await clerk_wj.client.get("/staff/applications")).text
    hall_wide = await supervisor.client.get("/staff/applications")
    assert ga.ref in hall_wide.text and yb.ref in hall_wide.text

    filtered = await supervisor.client.get("/staff/applications", params={"state": "accepted"})
    assert ga.ref not in filtered.text and "没有符合条件的申请" in filtered.text
    # An unknown state is no filter at all, never an error.
    assert ga.ref in (await supervisor.client.get("/staff/applications?state=nonsense")).text


async def test_another_department_gets_403_on_the_page_every_action_and_files(hall: Hall) -> None:
    services = hall.services
    app = await submitted(services, await citizen(services), "YB-CB-003")
    events_before = len(await repository.events_for(services.db, [app.id]))
    outsider = await staff(hall, "clerk_wj", "clerk", "WJ")
    page = await outsider.page(app.ref)
    assert page.status_code == 403
    assert "不属于您所在部门" in page.text and "another department" in page.text
    for action in ACTIONS:
        response = await outsider.post(app.ref, action, {"reason": "x", "opinion": "agree", "how": "window"})
        assert response.status_code == 403, action
    files = await materials.files_for(services.db, app)
    response = await outsider.client.get(f"/staff/applications/{app.ref}/files/{files[0].id}")
    assert response.status_code == 403 and response.content != png_bytes()
    refused = await audit.recent(services.db, action="application.file.view")
    assert [entry.result for entry in refused] == ["refused"]
    assert await state_of(hall, app.id) == State.SUBMITTED
    assert len(await repository.events_for(services.db, [app.id])) == events_before


async def test_reviewer_and_supervisor_cannot_accept(hall: Hall) -> None:
    services = hall.services
    app = await submitted(services, await citizen(services))
    reviewer = await staff(hall, "reviewer_ga", "reviewer", "GA")
    supervisor = await staff(hall, "watcher", "supervisor")
    for person in (reviewer, supervisor):
        page = await person.page(app.ref)
        assert page.status_code == 200
        assert 'id="action-accept"' not in page.text  # not offered ...
        refused = await person.post(app.ref, "accept")  # ... and refused when posted anyway
        assert refused.status_code == 403, person.username
        assert 'role="alert"' in refused.text
    # A supervisor is offered no override while the one return is still unused.
    assert 'id="action-override"' not in (await supervisor.page(app.ref)).text
    override = await supervisor.post(app.ref, "override", {"reason": "应当允许"})
    assert override.status_code == 409
    assert await state_of(hall, app.id) == State.SUBMITTED


async def test_clerk_sees_only_the_forms_of_the_moment(hall: Hall) -> None:
    services = hall.services
    app = await submitted(services, await citizen(services))
    clerk = await staff(hall, "clerk_ga", "clerk", "GA")
    page = await clerk.page(app.ref)
    for form in ("action-accept", "action-return", "action-refuse", "action-visit"):
        assert f'id="{form}"' in page.text
    for form in ("action-override", "action-opinion", "action-decide", "action-deliver"):
        assert f'id="{form}"' not in page.text
    # The answers are there with ID and phone numbers masked (the client hook checks no whole one).
    assert "<dd>张三</dd>" in page.text and "138****5678" in page.text and "1101**********" in page.text


async def test_csrf_token_is_required(hall: Hall) -> None:
    services = hall.services
    app = await submitted(services, await citizen(services))
    clerk = await staff(hall, "clerk_ga", "clerk", "GA")
    missing = await clerk.client.post(f"/staff/applications/{app.ref}/accept", data={})
    wrong = await clerk.client.post(f"/staff/applications/{app.ref}/accept", data={"csrf_token": "0" * 64})
    assert missing.status_code == wrong.status_code == 403
    assert await state_of(hall, app.id) == State.SUBMITTED
    # Another site's form is refused before the token is even read.
    cross = await clerk.client.post(
        f"/staff/applications/{app.ref}/accept", data={}, headers={"Sec-Fetch-Site": "cross-site"}
    )
    assert cross.status_code == 403
    signed_out = hall.client_at("10.0.9.9")
    assert (await signed_out.get(f"/staff/applications/{app.ref}")).status_code == 303
    assert (await signed_out.post(f"/staff/applications/{app.ref}/accept", data={})).status_code == 303


async def test_unknown_refs_and_actions(hall: Hall) -> None:
    services = hall.services
    app = await submitted(services, await citizen(services))
    clerk = await staff(hall, "clerk_ga", "clerk", "GA")
    assert (await clerk.page("20260101000000")).status_code == 404
    assert (await clerk.page("a_nothing")).status_code == 404
    assert (await clerk.post(app.ref, "delete")).status_code == 404
    assert (await clerk.page(app.id)).status_code == 200  # the opaque id works as well as the number


async def test_file_view_is_authorised_inert_and_audited(hall: Hall) -> None:
    services = hall.services
    app = await submitted(services, await citizen(services), "YB-CB-003")
    stored = (await materials.files_for(services.db, app))[0]
    lead_clerk = await staff(hall, "clerk_yb", "clerk", "YB")
    page = await lead_clerk.page(app.ref)
    link = f"/staff/applications/{app.ref}/files/{stored.id}"
    assert link in page.text and "已上传" in page.text

    response = await lead_clerk.client.get(link)
    assert response.status_code == 200
    assert response.content == await materials.read(services, stored)
    assert response.headers["content-type"] == "image/png"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["cache-control"] == "no-store"
    assert response.headers["content-disposition"].startswith("inline;")
    assert "sandbox" in response.headers["content-security-policy"]

    entries = await audit.recent(services.db, action="application.file.view")
    assert len(entries) == 1 and entries[0].result == "ok" and entries[0].target == app.id
    assert entries[0].detail["file"] == stored.id and entries[0].actor_label.startswith("clerk_yb")
    await lead_clerk.client.get(link)
    assert len(await audit.recent(services.db, action="application.file.view")) == 2  # every view

    # A file id of another application is not found through this one.
    other = await submitted(services, await citizen(services, "李四", ID_LI), "YB-CB-003", LI)
    other_file = (await materials.files_for(services.db, other))[0]
    assert (await lead_clerk.client.get(f"/staff/applications/{app.ref}/files/{other_file.id}")).status_code == 404
    assert (await lead_clerk.client.get(f"/staff/applications/{app.ref}/files/f_nothing")).status_code == 404


@pytest.mark.parametrize(
    ("role", "department", "queue", "trips"),
    [("clerk", "GA", True, False), ("reviewer", "WJ", True, False), ("supervisor", None, True, True)],
)
async def test_navigation_and_trips_page_by_role(
    hall: Hall, role: str, department: str | None, queue: bool, trips: bool
) -> None:
    person = await staff(hall, "someone", role, department)
    home = await person.client.get("/staff/")
    assert ('href="/staff/applications"' in home.text) is queue
    assert ('href="/staff/trips"' in home.text) is trips
    assert (await person.client.get("/staff/trips")).status_code == (200 if trips else 403)


async def test_admin_reads_the_trips_page(hall: Hall) -> None:
    client, _ = await signed_in_admin(hall)
    page = await client.get("/staff/trips")
    assert page.status_code == 200 and "跑动统计" in page.text and "暂无办件数据" in page.text
    app = await submitted(hall.services, await citizen(hall.services))
    queue = await client.get("/staff/applications")
    assert app.ref in queue.text and "全大厅" in queue.text  # hall-wide reading ...
    detail = await client.get(f"/staff/applications/{app.ref}")
    assert detail.status_code == 200 and "没有可办理的操作" in detail.text  # ... and no action of its own
    assert (
        await client.post(f"/staff/applications/{app.ref}/accept", data={"csrf_token": csrf_of(detail)})
    ).status_code == 403


async def test_language_switch_works_on_a_hall_pc_that_is_no_kiosk(hall: Hall) -> None:
    clerk = await staff(hall, "clerk_ga", "clerk", "GA")
    queue = await clerk.client.get("/staff/applications")
    assert 'action="/staff/lang"' in queue.text
    switched = await clerk.client.post("/staff/lang", data={"lang": "en", "next": "/staff/applications"})
    assert switched.status_code == 303 and switched.headers["location"] == "/staff/applications"
    english = await clerk.client.get("/staff/applications")
    assert "<h1>Applications</h1>" in english.text and "办件队列" not in english.text
