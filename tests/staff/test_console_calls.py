"""叫号 from the work console: a window clerk calls their department's line (call next, call
again, not here, served), every change audited; a double click calls one number; other roles
and other departments get 403; tickets come from the kiosk's real take path."""

from __future__ import annotations

import re

import httpx2

from shared import audit
from shared.queue import tickets
from tests.staff.applications_support import Person, staff
from tests.staff.conftest import Hall, csrf_of

HELD = re.compile(r'data-held="([A-Z]+\d+)"')
EXPECTED = re.compile(r'name="expected" value="(\d*)"')


async def take(hall: Hall, line: str, count: int = 1) -> list[str]:
    """Tickets taken at a kiosk, as /queue/take does (the printer is not the point here)."""
    numbers = []
    for _ in range(count):
        taken = await tickets.take(hall.services, "kiosk-1", line, tickets.new_tap())
        numbers.append(taken.ticket.number)
    return numbers


async def console(person: Person) -> httpx2.Response:
    page = await person.client.get("/staff/applications")
    assert page.status_code == 200
    return page


async def press(person: Person, action: str, page: httpx2.Response | None = None, **extra: str) -> httpx2.Response:
    """Press a calling button on the console page as it stands (or on an older page)."""
    page = page or await console(person)
    expected = EXPECTED.search(page.text)
    assert expected is not None, "no calling panel"
    data = {"csrf_token": csrf_of(page), "expected": expected.group(1), "back": "/staff/applications", **extra}
    return await person.client.post(f"/staff/queue/{action}", data=data)


def held(page: httpx2.Response) -> str | None:
    match = HELD.search(page.text)
    return match.group(1) if match else None


async def test_a_clerk_calls_their_line_from_the_console(hall: Hall) -> None:
    clerk = await staff(hall, "clerk_ga", "clerk", "GA")
    page = await console(clerk)
    assert 'id="calls"' in page.text and 'data-line="A"' in page.text and held(page) is None
    assert 'data-waiting="0"' in page.text

    assert (await press(clerk, "call_next")).headers["location"].endswith("called=nothing_waiting")
    await take(hall, "GA", 3)
    await take(hall, "WJ")  # another department's line: never this clerk's
    page = await console(clerk)
    assert 'data-waiting="3"' in page.text and "A001" in page.text

    called = await press(clerk, "call_next", counter="3")
    assert called.status_code == 303
    assert called.headers["location"] == "/staff/applications?called=called&number=A001"
    page = await clerk.client.get(called.headers["location"])
    assert held(page) == "A001" and "已叫号 A001" in page.text and "窗口号 3" in page.text
    assert 'data-waiting="2"' in page.text

    assert (await press(clerk, "recall")).headers["location"].endswith("called=recalled&number=A001")
    page = await console(clerk)
    assert "已呼叫 2 次" in page.text and held(page) == "A001"

    # Call next closes the one held as served and calls the next; the window is remembered.
    await press(clerk, "call_next", counter="3")
    page = await console(clerk)
    assert held(page) == "A002" and 'value="3"' in page.text
    assert (await press(clerk, "no_show")).headers["location"].endswith("called=no_show&number=A002")
    page = await console(clerk)
    assert held(page) is None and "A002 过号" in page.text and "A001 已办理" in page.text
    assert (await press(clerk, "recall")).headers["location"].endswith("called=nothing_held")

    await press(clerk, "call_next")
    assert (await press(clerk, "done")).headers["location"].endswith("called=done&number=A003")
    assert (await press(clerk, "call_next")).headers["location"].endswith("called=nothing_waiting")

    entries = await audit.recent(hall.services.db, limit=50)
    queue_entries = [(e.action, e.detail.get("number")) for e in reversed(entries) if e.action.startswith("queue.")]
    assert queue_entries == [
        ("queue.call", "A001"),
        ("queue.recall", "A001"),
        ("queue.done", "A001"),
        ("queue.call", "A002"),
        ("queue.no_show", "A002"),
        ("queue.call", "A003"),
        ("queue.done", "A003"),
    ]
    first = next(e for e in entries if e.action == "queue.call" and e.detail.get("number") == "A001")
    assert first.actor_label == "clerk_ga (clerk)" and first.target.startswith("queue_ticket:")
    assert first.detail.get("counter") == "3"
    rows = await hall.services.db.fetch_all("SELECT number, state FROM queue_tickets ORDER BY id")
    assert [(r["number"], r["state"]) for r in rows] == [
        ("A001", "done"),
        ("A002", "no_show"),
        ("A003", "done"),
        ("B001", "waiting"),
    ]


async def test_a_double_click_or_an_old_page_calls_one_number(hall: Hall) -> None:
    await take(hall, "GA", 3)
    clerk = await staff(hall, "clerk_ga", "clerk", "GA")
    page = await console(clerk)
    first = await press(clerk, "call_next", page)
    second = await press(clerk, "call_next", page)  # the same page's form, sent again
    assert first.headers["location"].endswith("called=called&number=A001")
    assert second.headers["location"].endswith("called=stale&number=A001")
    shown = await clerk.client.get(second.headers["location"])
    assert "页面已更新" in shown.text and held(shown) == "A001"
    rows = await hall.services.db.fetch_all("SELECT number FROM queue_tickets WHERE state = 'waiting' ORDER BY seq")
    assert [r["number"] for r in rows] == ["A002", "A003"]


async def test_two_clerks_of_one_department_call_different_numbers(hall: Hall) -> None:
    await take(hall, "GA", 2)
    one = await staff(hall, "clerk_ga1", "clerk", "GA")
    two = await staff(hall, "clerk_ga2", "clerk", "GA")
    await press(one, "call_next", counter="1")
    await press(two, "call_next", counter="2")
    assert held(await console(one)) == "A001" and held(await console(two)) == "A002"
    # One clerk cannot close the other's number: they hold none.
    await press(one, "done")
    assert held(await console(two)) == "A002"


async def test_only_window_clerks_call_and_only_their_line(hall: Hall) -> None:
    await take(hall, "GA", 1)
    await take(hall, "WJ", 1)
    clerk_wj = await staff(hall, "clerk_wj", "clerk", "WJ")
    await press(clerk_wj, "call_next")
    assert held(await console(clerk_wj)) == "B001"  # WJ's own line, never GA's

    reviewer = await staff(hall, "reviewer_ga", "reviewer", "GA")
    supervisor = await staff(hall, "watcher", "supervisor")
    for person in (reviewer, supervisor):
        page = await console(person)
        assert 'id="calls"' not in page.text
        response = await person.client.post(
            "/staff/queue/call_next", data={"csrf_token": csrf_of(page), "expected": "", "back": ""}
        )
        assert response.status_code == 403, person.username
    clerk = await staff(hall, "clerk_ga", "clerk", "GA")
    assert (await clerk.client.post("/staff/queue/call_next", data={"expected": ""})).status_code == 403  # no CSRF
    page = await console(clerk)
    assert (await clerk.client.post("/staff/queue/skip", data={"csrf_token": csrf_of(page)})).status_code == 404
    bad_window = await press(clerk, "call_next", counter="<b>")
    assert bad_window.status_code == 400 and "窗口号" in bad_window.text
    rows = await hall.services.db.fetch_all("SELECT number, state FROM queue_tickets ORDER BY id")
    assert [(r["number"], r["state"]) for r in rows] == [("A001", "waiting"), ("B001", "called")]
    # "back" goes to the console only, never elsewhere.
    response = await press(clerk, "call_next", back="https://evil.example/")
    assert response.headers["location"].startswith("/staff/applications?called=called")


async def test_the_panel_refreshes_itself_without_keeping_the_session_alive(hall: Hall) -> None:
    clerk = await staff(hall, "clerk_ga", "clerk", "GA")
    poll = {"HX-Request": "true", "HX-Request-Type": "partial"}
    page = await console(clerk)
    assert 'hx-get="/staff/queue/status"' in page.text and "htmx-4.0.1.min.js" in page.text
    await take(hall, "GA", 2)
    status = await clerk.client.get("/staff/queue/status", headers=poll)
    assert status.status_code == 200 and 'data-waiting="2"' in status.text and "A001" in status.text
    assert "<html" not in status.text
    # Not a page of its own: without htmx, the console.
    plain = await clerk.client.get("/staff/queue/status")
    assert plain.status_code == 303 and plain.headers["location"] == "/staff/applications"
    # Polling is not the person: 10 + 6 minutes of polling alone and the session has gone idle.
    hall.clock.advance(10 * 60)
    assert (await clerk.client.get("/staff/queue/status", headers=poll)).status_code == 200
    hall.clock.advance(6 * 60)
    ended = await clerk.client.get("/staff/queue/status", headers=poll)
    assert ended.status_code == 204 and ended.headers["hx-redirect"].startswith("/staff/sign-in")
    # Only those who call numbers poll it.
    reviewer = await staff(hall, "reviewer_ga", "reviewer", "GA")
    assert (await reviewer.client.get("/staff/queue/status", headers=poll)).status_code == 403
    assert 'hx-get="/staff/queue/status"' not in (await console(reviewer)).text
