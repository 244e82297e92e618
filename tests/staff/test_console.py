"""The work console (/staff/applications): department scoping everywhere, state tabs with
counts, paging, and the search by person that never puts a whole ID or phone number in a
URL, a page, a log line, the audit trail or the stored search."""

from __future__ import annotations

import logging
import re

import httpx2
import pytest

from shared import audit
from shared.applications import workflow
from shared.identity import citizens
from shared.privacy import access_log
from shared.privacy.masking import contains_personal_number
from tests.pii import ID_LI, ID_ZHANG, PHONE_LI
from tests.shared.applications.conftest import CLERK_YB, DESK
from tests.staff.applications_support import LI, Person, citizen, staff, submitted
from tests.staff.conftest import CSRF_PATTERN, Hall, csrf_of

TAB = re.compile(r'data-tab="([a-z_]+)"[^>]*>[^<]*<span class="tab-count">(\d+)</span>')
ROW = re.compile(r'<tr data-ref="([0-9-]+)">')
PATHS = ("/staff/applications",)


def tabs(page: httpx2.Response) -> dict[str, int]:
    return {state: int(n) for state, n in TAB.findall(page.text)}


def refs(page: httpx2.Response) -> list[str]:
    return ROW.findall(page.text)


async def search(person: Person, typed: str, **extra: str) -> httpx2.Response:
    """Post a search from the console as a person would; the 303 answer (not followed)."""
    page = await person.client.get("/staff/applications")
    return await person.client.post("/staff/applications", data={"csrf_token": csrf_of(page), "q": typed, **extra})


def assert_no_whole_number(*texts: str) -> None:
    for text in texts:
        for whole in (ID_ZHANG, ID_LI, PHONE_LI):
            assert whole not in text
        assert contains_personal_number(text) == []


async def test_a_clerk_sees_and_counts_only_their_department(hall: Hall) -> None:
    services = hall.services
    zhang = await citizen(services)
    li = await citizen(services, "李四", ID_LI)
    ga = await submitted(services, zhang)
    ga_li = await submitted(services, li, "GA-SFZ-002", LI)
    yb = await submitted(services, li, "YB-CB-003", LI)
    clerk_ga = await staff(hall, "clerk_ga", "clerk", "GA")
    reviewer_wj = await staff(hall, "reviewer_wj", "reviewer", "WJ")
    supervisor = await staff(hall, "watcher", "supervisor")

    page = await clerk_ga.client.get("/staff/applications")
    assert sorted(refs(page)) == sorted([ga.ref, ga_li.ref])
    assert tabs(page)["all"] == 2 and tabs(page)["submitted"] == 2 and tabs(page)["accepted"] == 0
    # Scoped roles choose no department: there is no department filter to pick from ...
    assert 'id="console-department"' not in page.text
    # ... their own is their scope already, and asking for another is refused, not widened.
    assert sorted(refs(await clerk_ga.client.get("/staff/applications?department=GA"))) == sorted([ga.ref, ga_li.ref])
    refused = await clerk_ga.client.get("/staff/applications?department=YB")
    assert refused.status_code == 403 and "本部门" in refused.text and yb.ref not in refused.text
    assert (await clerk_ga.client.get("/staff/applications?department=YB&state=submitted")).status_code == 403

    nothing = await reviewer_wj.client.get("/staff/applications")
    assert refs(nothing) == [] and tabs(nothing)["all"] == 0 and "没有符合条件的申请" in nothing.text

    hall_wide = await supervisor.client.get("/staff/applications")
    assert sorted(refs(hall_wide)) == sorted([ga.ref, ga_li.ref, yb.ref]) and tabs(hall_wide)["all"] == 3
    assert 'id="console-department"' in hall_wide.text
    assert refs(await supervisor.client.get("/staff/applications?department=YB")) == [yb.ref]
    # An unknown department is no filter for a hall-wide role (never an error).
    assert len(refs(await supervisor.client.get("/staff/applications?department=NOPE"))) == 3

    # 并联审批: once accepted, YB's application has a GA review task and GA's clerk sees it too.
    await workflow.accept(services, yb, CLERK_YB, where=DESK, now=hall.clock.now())
    after = await clerk_ga.client.get("/staff/applications")
    assert yb.ref in refs(after) and tabs(after)["accepted"] == 1
    assert yb.ref in refs(await supervisor.client.get("/staff/applications?department=GA"))


async def test_tabs_filter_by_state_and_keep_the_other_filters(hall: Hall) -> None:
    services = hall.services
    zhang = await citizen(services)
    li = await citizen(services, "李四", ID_LI)
    ga = await submitted(services, zhang)
    yb = await submitted(services, li, "YB-CB-003", LI)
    await workflow.accept(services, yb, CLERK_YB, where=DESK, now=hall.clock.now())
    supervisor = await staff(hall, "watcher", "supervisor")
    page = await supervisor.client.get("/staff/applications?sort=oldest&deadline=due&within=5")
    # Due within 5 working days: YB's 3-day item is, GA's 20-day one is not; the tabs count that.
    assert tabs(page) == {
        "all": 1,
        "submitted": 0,
        "returned": 0,
        "accepted": 1,
        "under_review": 0,
        "approved": 0,
        "denied": 0,
        "delivered": 0,
        "refused": 0,
    }
    # The tab links keep the sort and the deadline filter.
    assert 'href="/staff/applications?state=accepted&amp;deadline=due&amp;within=5&amp;sort=oldest"' in page.text
    accepted = await supervisor.client.get("/staff/applications?state=accepted&deadline=due&within=5&sort=oldest")
    assert refs(accepted) == [yb.ref] and ga.ref not in accepted.text
    assert 'aria-current="page" data-tab="accepted"' in accepted.text
    assert refs(await supervisor.client.get("/staff/applications?state=submitted")) == [ga.ref]


async def test_pages_of_rows(hall: Hall, monkeypatch: pytest.MonkeyPatch) -> None:
    from kiosk.staff.views import console

    monkeypatch.setattr(console, "PER_PAGE", 2)
    services = hall.services
    zhang = await citizen(services)
    made = [await submitted(services, zhang) for _ in range(3)]
    clerk = await staff(hall, "clerk_ga", "clerk", "GA")
    first = await clerk.client.get("/staff/applications?sort=oldest")
    assert refs(first) == [made[0].ref, made[1].ref]
    assert "第 1 / 2 页" in first.text and "第 1–2 条，共 3 条" in first.text
    assert 'href="/staff/applications?sort=oldest&amp;page=2"' in first.text and 'rel="prev"' not in first.text
    second = await clerk.client.get("/staff/applications?sort=oldest&page=2")
    assert refs(second) == [made[2].ref] and 'rel="next"' not in second.text
    # A page past the end shows the last one; a page that is no number, the first.
    assert refs(await clerk.client.get("/staff/applications?sort=oldest&page=99")) == [made[2].ref]
    assert refs(await clerk.client.get("/staff/applications?sort=oldest&page=x")) == refs(first)
    newest = await clerk.client.get("/staff/applications?sort=newest")
    assert refs(newest) == [made[2].ref, made[1].ref]


async def test_search_by_id_number_is_posted_and_never_written_anywhere(
    hall: Hall, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    services = hall.services
    zhang = await citizen(services)
    li = await citizen(services, "李四", ID_LI)
    mine = await submitted(services, zhang)
    other = await submitted(services, li, "GA-SFZ-002", LI)
    clerk = await staff(hall, "clerk_ga", "clerk", "GA")

    posted = await search(clerk, f" {ID_ZHANG[:6]} {ID_ZHANG[6:]} ")  # typed with spaces
    assert posted.status_code == 303
    location = posted.headers["location"]
    assert location.startswith("/staff/applications?search=")
    found = await clerk.client.get(location)
    assert refs(found) == [mine.ref] and other.ref not in found.text
    assert 'data-search-kind="id_number"' in found.text and "1101**********" in found.text
    # The box is never filled in again.
    assert 'name="q" maxlength="60"' in found.text and 'value="' + ID_ZHANG not in found.text
    # Paging and tabs keep the search by its token only.
    token = location.split("search=", 1)[1]
    assert f"search={token}" in found.text

    entries = await audit.recent(services.db, action="application.search")
    assert [(entry.result, entry.detail.get("kind")) for entry in entries] == [("ok", "id_number")]
    stored = await services.db.fetch_all("SELECT * FROM console_searches")
    assert len(stored) == 1
    for row in stored:
        for value in tuple(row):
            text = value.decode("latin-1") if isinstance(value, bytes) else str(value)
            assert ID_ZHANG not in text
    assert_no_whole_number(
        location,
        str(found.url),
        found.text,
        " ".join(f"{k}: {v}" for k, v in posted.headers.items()),
        *(str(entry) for entry in entries),
        *(record.getMessage() for record in caplog.records),
    )


async def test_search_by_phone_number_and_by_the_last_digits_of_a_number(hall: Hall) -> None:
    services = hall.services
    zhang = await citizen(services)
    li = await citizen(services, "李四", ID_LI)
    async with services.db.transaction() as tx:
        await citizens.bind_real_name(tx, services.vault, li, "李四", ID_LI, PHONE_LI, hall.clock.now())
    mine = await submitted(services, zhang)
    theirs = await submitted(services, li, "GA-SFZ-002", LI)
    clerk = await staff(hall, "clerk_ga", "clerk", "GA")

    by_phone = await search(clerk, PHONE_LI.replace("1598", "159 8"))
    assert PHONE_LI not in by_phone.headers["location"]
    page = await clerk.client.get(by_phone.headers["location"])
    assert refs(page) == [theirs.ref] and 'data-search-kind="phone"' in page.text and "159****4321" in page.text
    assert_no_whole_number(by_phone.headers["location"], page.text)

    by_end = await clerk.client.get((await search(clerk, theirs.ref[-6:])).headers["location"])
    assert refs(by_end) == [theirs.ref] and 'data-search-kind="number_end"' in by_end.text
    whole = await clerk.client.get((await search(clerk, mine.ref)).headers["location"])
    assert refs(whole) == [mine.ref] and 'data-search-kind="number"' in whole.text


async def test_a_search_never_reaches_past_the_department(hall: Hall) -> None:
    services = hall.services
    zhang = await citizen(services)
    li = await citizen(services, "李四", ID_LI)
    ga = await submitted(services, zhang)
    yb = await submitted(services, li, "YB-CB-003", LI)
    clerk_ga = await staff(hall, "clerk_ga", "clerk", "GA")
    clerk_wj = await staff(hall, "clerk_wj", "clerk", "WJ")

    # A name: the people it can find are those with an application in the searcher's scope only.
    by_name = await clerk_ga.client.get((await search(clerk_ga, "张三")).headers["location"])
    assert refs(by_name) == [ga.ref] and "张*" in by_name.text
    elsewhere = await clerk_wj.client.get((await search(clerk_wj, "张三")).headers["location"])
    assert refs(elsewhere) == [] and "没有符合条件的申请" in elsewhere.text
    rows = await services.db.fetch_all("SELECT account_id, kind, citizen_ids FROM console_searches WHERE kind = 'name'")
    assert sorted(row["citizen_ids"] for row in rows) == sorted(["[]", f'["{zhang}"]'])
    # An ID number or an application number of another department finds nothing either.
    assert refs(await clerk_ga.client.get((await search(clerk_ga, ID_LI)).headers["location"])) == []
    assert refs(await clerk_ga.client.get((await search(clerk_ga, yb.ref)).headers["location"])) == []

    # A search is its maker's: another clerk with the same URL gets the plain console and a notice.
    mine = (await search(clerk_ga, ID_ZHANG)).headers["location"]
    other = await staff(hall, "clerk_ga2", "clerk", "GA")
    page = await other.client.get(mine)
    assert "查找已过期" in page.text and "data-search-kind" not in page.text


async def test_a_search_that_cannot_be_read_is_refused_without_echo(hall: Hall) -> None:
    clerk = await staff(hall, "clerk_ga", "clerk", "GA")
    near_miss = ID_ZHANG[:-1] + ("0" if ID_ZHANG[-1] != "0" else "1")  # a wrong check character
    for typed in ("abc123!!", near_miss, "12", "1" * 12, ""):
        response = await search(clerk, typed)
        assert response.status_code == 422, typed
        assert "无法识别输入的内容" in response.text
        if typed:
            # The page's anti-CSRF tokens are random text that may hold "12" by chance.
            assert typed not in CSRF_PATTERN.sub("", response.text)
        assert 'aria-invalid="true"' in response.text
    assert await hall.services.db.fetch_all("SELECT kind FROM console_searches") == []
    # A search form needs this session's anti-CSRF token like every form.
    assert (await clerk.client.post("/staff/applications", data={"q": ID_ZHANG})).status_code == 403


async def test_a_stored_search_expires(hall: Hall) -> None:
    services = hall.services
    await submitted(services, await citizen(services))
    clerk = await staff(hall, "clerk_ga", "clerk", "GA")
    location = (await search(clerk, ID_ZHANG)).headers["location"]
    assert "查找已过期" not in (await clerk.client.get(location)).text
    for _ in range(4):  # 32 minutes, the clerk busy all along (the session stays open)
        hall.clock.advance(8 * 60)
        await clerk.client.get("/staff/applications")
    expired = await clerk.client.get(location)
    assert "查找已过期" in expired.text and "data-search-kind" not in expired.text


async def test_a_person_found_by_a_search_sees_it_in_their_access_list_and_no_one_else_does(hall: Hall) -> None:
    services = hall.services
    zhang = await citizen(services)
    li = await citizen(services, "李四", ID_LI)
    await submitted(services, zhang)
    await submitted(services, li, "YB-CB-003", LI)
    clerk = await staff(hall, "clerk_ga", "clerk", "GA")

    await search(clerk, ID_ZHANG)
    await search(clerk, ID_LI)  # another department's applicant: found nothing, told nothing
    await search(clerk, "20260101")  # a number: not a look at a person

    seen = (await access_log.for_citizen(services.db, zhang)).entries
    assert len(seen) == 1
    assert seen[0].what.zh == "按身份证号查找您的办件（工作台搜索，仅显示脱敏信息）"
    assert seen[0].why.zh == "查找办件以便办理"
    assert (await access_log.for_citizen(services.db, li)).entries == []
