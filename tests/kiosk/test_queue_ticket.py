"""Queue tickets at the kiosk (取号, /queue): no sign-in, numbers per line per day, one ticket
per double tap, printer faults handled like receipts, a ticket's screen on its own kiosk only."""

from __future__ import annotations

import re

import httpx2

from shared.kiosk import hall_alerts
from shared.kiosk.bridge import SimulatedDeviceBridge
from shared.kiosk.printing import JAM_TEXT, PAPER_OUT_TEXT
from shared.queue import store
from tests.kiosk.conftest import Kiosk, enrol_client

DAY = 24 * 3600
TAP = re.compile(r'name="line" value="([A-Z]+)">\s*<input type="hidden" name="tap" value="([A-Za-z0-9_-]+)"')
TICKET = re.compile(r"^/queue/tickets/(\d+)$")


def bridge(kiosk: Kiosk) -> SimulatedDeviceBridge:
    found = kiosk.services.device_bridge
    assert isinstance(found, SimulatedDeviceBridge)
    return found


async def taps(client: httpx2.AsyncClient) -> dict[str, str]:
    """The take buttons' one-time tokens on a fresh /queue screen, per department."""
    page = await client.get("/queue")
    assert page.status_code == 200
    return dict(TAP.findall(page.text))


async def take(client: httpx2.AsyncClient, line: str, tap: str | None = None) -> httpx2.Response:
    token = tap if tap is not None else (await taps(client))[line]
    return await client.post("/queue/take", data={"line": line, "tap": token})


def ticket_path(response: httpx2.Response) -> str:
    assert response.status_code == 303, response.text
    location = response.headers["location"]
    assert TICKET.match(location), location
    return location


async def test_the_lines_need_no_sign_in_and_show_letters_waiting_and_calling(kiosk: Kiosk) -> None:
    page = await kiosk.client.get("/queue")
    assert page.status_code == 200 and "取号排队" in page.text and "无需登录" in page.text
    # One line per department of the catalog, lettered in catalog order, each with its own take button.
    letters = re.findall(r'class="queue-line-letter" aria-hidden="true">([A-Z]+)<', page.text)
    assert letters == ["A", "B", "C"]
    assert sorted((await taps(kiosk.client)).keys()) == ["GA", "WJ", "YB"]
    assert page.text.count('data-waiting="0"') == 3
    # Two screens never share a token: each drawing of a button is a new one.
    assert (await taps(kiosk.client))["GA"] != (await taps(kiosk.client))["GA"]


async def test_numbers_count_per_line_and_start_again_each_day(kiosk: Kiosk) -> None:
    first = await kiosk.client.get(ticket_path(await take(kiosk.client, "GA")))
    assert 'data-number="A001"' in first.text and 'data-ahead="0"' in first.text
    assert "您前面没有人等候" in first.text and "排队小票已打印" in first.text
    second = await kiosk.client.get(ticket_path(await take(kiosk.client, "GA")))
    assert 'data-number="A002"' in second.text and 'data-ahead="1"' in second.text
    assert "您前面还有 1 人等候" in second.text
    other = await kiosk.client.get(ticket_path(await take(kiosk.client, "YB")))
    assert 'data-number="C001"' in other.text and 'data-ahead="0"' in other.text

    # What was printed: the number, the line and how many wait ahead; nothing personal.
    printed = bridge(kiosk).printed(kiosk.device_id)
    assert [job.kind for job in printed] == ["queue_ticket"] * 3
    assert [job.paper for job in printed] == ["80mm"] * 3
    assert "A002" in printed[1].body and "您前面还有 1 人等候" in printed[1].body and "公安" in printed[1].body

    lines = await kiosk.client.get("/queue")
    assert 'data-waiting="2"' in lines.text and 'data-waiting="1"' in lines.text

    kiosk.clock.advance(DAY)
    tomorrow = await kiosk.client.get(ticket_path(await take(kiosk.client, "GA")))
    assert 'data-number="A001"' in tomorrow.text and 'data-ahead="0"' in tomorrow.text
    # Yesterday's ticket screens are gone.
    assert (await kiosk.client.get(first.url.path)).status_code == 404


async def test_a_double_tap_takes_and_prints_one_ticket(kiosk: Kiosk) -> None:
    tap = (await taps(kiosk.client))["WJ"]
    one = await take(kiosk.client, "WJ", tap)
    two = await take(kiosk.client, "WJ", tap)
    assert ticket_path(one) == ticket_path(two)
    assert len(bridge(kiosk).printed(kiosk.device_id)) == 1
    rows = await kiosk.services.db.fetch_all("SELECT number FROM queue_tickets")
    assert [row["number"] for row in rows] == ["B001"]
    # Printing again after a good print prints nothing more.
    again = await kiosk.client.post(ticket_path(one) + "/print")
    assert again.status_code == 303
    assert len(bridge(kiosk).printed(kiosk.device_id)) == 1


async def test_a_printer_fault_says_so_keeps_the_number_and_prints_again(kiosk: Kiosk) -> None:
    bridge(kiosk).jam_printer(kiosk.device_id)
    path = ticket_path(await take(kiosk.client, "GA"))
    page = await kiosk.client.get(path)
    assert page.status_code == 200
    assert JAM_TEXT.zh in page.text and "请记下您的号码：A001" in page.text and "重新打印" in page.text
    assert bridge(kiosk).printed(kiosk.device_id) == []
    alerts = await hall_alerts.list_open(kiosk.services.db)
    assert [(a.device_id, a.kind) for a in alerts] == [(kiosk.device_id, "printer_jam")]

    # Still jammed: the message again, still no print, still one ticket.
    await kiosk.client.post(path + "/print")
    assert JAM_TEXT.zh in (await kiosk.client.get(path)).text
    # Out of paper instead: that message.
    bridge(kiosk).clear_jam(kiosk.device_id)
    bridge(kiosk).load_paper(kiosk.device_id, 0, "80mm")
    await kiosk.client.post(path + "/print")
    assert PAPER_OUT_TEXT.zh in (await kiosk.client.get(path)).text

    bridge(kiosk).load_paper(kiosk.device_id)
    retried = await kiosk.client.post(path + "/print")
    assert retried.status_code == 303 and retried.headers["location"] == path
    done = await kiosk.client.get(path)
    assert "排队小票已打印" in done.text and "重新打印" not in done.text
    [job] = bridge(kiosk).printed(kiosk.device_id)
    assert "A001" in job.body
    assert await hall_alerts.list_open(kiosk.services.db) == []  # a good print resolves the alert
    assert len(await kiosk.services.db.fetch_all("SELECT id FROM queue_tickets")) == 1


async def test_htmx_moves_on_to_the_ticket(kiosk: Kiosk) -> None:
    token = (await taps(kiosk.client))["GA"]
    response = await kiosk.client.post("/queue/take", data={"line": "GA", "tap": token}, headers={"HX-Request": "true"})
    assert response.status_code == 204 and '"/queue/tickets/' in response.headers["hx-location"]


async def test_a_ticket_opens_only_on_its_own_kiosk(kiosk: Kiosk) -> None:
    path = ticket_path(await take(kiosk.client, "GA"))
    async with kiosk.new_client() as other:
        await enrol_client(other, kiosk.services, "test-kiosk-2")
        assert (await other.get(path)).status_code == 404
        assert (await other.post(path + "/print")).status_code == 404
    assert (await kiosk.client.get("/queue/tickets/99999")).status_code == 404


async def test_bad_taps_and_unknown_lines_take_nothing(kiosk: Kiosk) -> None:
    for form in ({"line": "GA", "tap": "short"}, {"line": "GA"}, {"tap": "x" * 22}):
        response = await kiosk.client.post("/queue/take", data=form)
        assert response.status_code == 400, form
    unknown = await kiosk.client.post("/queue/take", data={"line": "NOPE", "tap": "y" * 22})
    assert unknown.status_code == 404
    assert await kiosk.services.db.fetch_all("SELECT id FROM queue_tickets") == []
    assert bridge(kiosk).printed(kiosk.device_id) == []


async def test_a_line_keeps_its_letter_when_departments_change(kiosk: Kiosk) -> None:
    await kiosk.client.get("/queue")
    async with kiosk.services.db.transaction() as tx:
        lines = await store.ensure_lines(tx, ["NEW", "YB", "GA"], kiosk.clock.now())
    assert [(line.department, line.prefix) for line in lines] == [("GA", "A"), ("WJ", "B"), ("YB", "C"), ("NEW", "D")]
