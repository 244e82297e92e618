"""GET /api/v1/me/access-log: staff looks made on the real staff pages reach the citizen's
list once per window, with role, department and purpose; a citizen sees only their own;
no staff name, account or whole ID/phone number in the answer; the answers match the
OpenAPI document."""

from __future__ import annotations

from typing import Any

from shared import materials
from shared.privacy.access_log import REPEAT_WINDOW_SECONDS
from tests.mobile_api.application_helpers import assert_documented
from tests.mobile_api.auth_helpers import bearer, mobile_token
from tests.pii import ID_LI
from tests.staff.applications_support import LI, citizen, staff, submitted
from tests.staff.conftest import Hall, hall  # noqa: F401  (the staff pages' fixture)

PATH = "/api/v1/me/access-log"


async def access_log(hall: Hall, citizen_id: str, **params: Any) -> dict[str, Any]:  # noqa: F811
    phone = hall.client_at("10.9.9.9")
    token = await mobile_token(hall.services, citizen_id)
    response = await phone.get(PATH, params=params, headers=bearer(token))
    assert response.status_code == 200, response.text
    assert response.headers["cache-control"] == "no-store"
    assert_documented(response, PATH, "get")
    body: dict[str, Any] = response.json()
    return body


def summary(body: dict[str, Any]) -> list[tuple[str, str | None, str, str]]:
    return [
        (e["who"]["role"], e["who"]["department"], e["why"]["zh"], e["what"]["zh"].split("：")[0])
        for e in body["entries"]
    ]


async def test_staff_views_reach_the_citizens_list_once_per_window(hall: Hall) -> None:  # noqa: F811
    services = hall.services
    zhang = await citizen(services)
    li = await citizen(services, "李四", ID_LI)
    ga_app = await submitted(services, zhang)  # GA leads
    yb_app = await submitted(services, zhang, "YB-CB-003")  # YB leads, GA reviews too (并联审批)
    li_app = await submitted(services, li, "YB-CB-003", LI)
    clerk_ga = await staff(hall, "clerk_ga", "clerk", "GA")
    clerk_yb = await staff(hall, "clerk_yb", "clerk", "YB")
    reviewer_ga = await staff(hall, "reviewer_ga", "reviewer", "GA")
    supervisor = await staff(hall, "watcher", "supervisor")

    # The queue shows masked names only: not a look at anyone (see kiosk/staff/access_seen.py).
    assert (await clerk_ga.client.get("/staff/applications")).status_code == 200
    assert (await access_log(hall, zhang))["entries"] == []

    # The detail page, twice within the window: one entry.
    for _ in range(2):
        assert (await clerk_ga.page(ga_app.ref)).status_code == 200
    hall.clock.advance(60)
    # The YB clerk opens the other application and its file, then accepts it: the page shown
    # again after the action is the same look within the window, not a second entry.
    assert (await clerk_yb.page(yb_app.ref)).status_code == 200
    (file,) = await materials.files_for(services.db, yb_app)
    assert (await clerk_yb.client.get(f"/staff/applications/{yb_app.ref}/files/{file.id}")).status_code == 200
    accepted = await clerk_yb.post(yb_app.ref, "accept")
    assert accepted.status_code == 303
    assert (await clerk_yb.client.get(accepted.headers["location"])).status_code == 200
    hall.clock.advance(60)
    assert (await reviewer_ga.page(yb_app.ref)).status_code == 200  # GA reviews in parallel
    assert (await supervisor.page(li_app.ref)).status_code == 200  # Li's, not Zhang's

    body = await access_log(hall, zhang)
    assert summary(body) == [
        ("reviewer", "GA", "并联审查", f"办件 {yb_app.ref}（新生儿城乡居民医保参保登记）"),
        ("clerk", "YB", "受理审查", f"办件 {yb_app.ref} 的材料文件 {file.display_name}"),
        ("clerk", "YB", "受理审查", f"办件 {yb_app.ref}（新生儿城乡居民医保参保登记）"),
        ("clerk", "GA", "受理审查", f"办件 {ga_app.ref}（居民身份证到期换领）"),
    ]
    newest = body["entries"][0]
    assert newest["who"]["role_text"] == {"zh": "部门审批人员", "en": "Department reviewer"}
    assert newest["who"]["department_text"]["zh"] == "市公安局"
    assert newest["why"]["en"] and newest["at"].endswith("+00:00")
    # Who is a role and a department: never a staff member's name (make_account names
    # them "<username> name"), username or account id.
    assert set(newest["who"]) == {"role", "role_text", "department", "department_text"}
    for username in ("clerk_ga", "clerk_yb", "reviewer_ga", "watcher"):
        assert username not in str(body)

    li_body = await access_log(hall, li)
    assert summary(li_body) == [("supervisor", None, "监察抽查", f"办件 {li_app.ref}（新生儿城乡居民医保参保登记）")]
    assert li_body["entries"][0]["who"]["department_text"]["zh"] == "政务服务中心"

    # After the window the same page is a new look.
    hall.clock.advance(REPEAT_WINDOW_SECONDS + 1)
    assert (await clerk_ga.page(ga_app.ref)).status_code == 200
    assert len((await access_log(hall, zhang))["entries"]) == 5


async def test_pages_by_before_and_checks_its_parameters(hall: Hall) -> None:  # noqa: F811
    services = hall.services
    zhang = await citizen(services)
    apps = [await submitted(services, zhang) for _ in range(3)]
    clerk = await staff(hall, "clerk_ga", "clerk", "GA")
    for app in apps:
        assert (await clerk.page(app.ref)).status_code == 200
    first = await access_log(hall, zhang, limit=2)
    assert len(first["entries"]) == 2 and first["next_before"] == first["entries"][-1]["id"]
    second = await access_log(hall, zhang, limit=2, before=first["next_before"])
    assert len(second["entries"]) == 1 and second["next_before"] is None
    refs = [e["what"]["zh"].split("（")[0] for e in first["entries"] + second["entries"]]
    assert refs == [f"办件 {app.ref}" for app in reversed(apps)]

    phone = hall.client_at("10.9.9.8")
    token = await mobile_token(services, zhang)
    for params in ({"limit": "0"}, {"limit": "101"}, {"before": "x"}, {"page": "2"}):
        response = await phone.get(PATH, params=params, headers=bearer(token))
        assert response.status_code == 400, params
        assert_documented(response, PATH, "get")
    unsigned = await phone.get(PATH)
    assert unsigned.status_code == 401 and unsigned.headers["www-authenticate"].startswith("Bearer")
