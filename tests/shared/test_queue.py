"""Queue tickets below the pages: the letters and numbers (pure), many kiosks taking at once
(never two equal numbers), one print per ticket however many ask, and clerks calling at the
same moment (never the same ticket)."""

from __future__ import annotations

import asyncio
import re

from hypothesis import given, strategies as st

from shared.audit import Where
from shared.kiosk import devices
from shared.kiosk.bridge import SimulatedDeviceBridge
from shared.queue import calls, store, tickets
from shared.queue.model import prefix_for, ticket_number
from shared.staff.accounts import StaffPrincipal
from shared.staff.roles import Role
from tests.conftest import Running

DESK = Where.address("10.0.0.8")


async def registered(running: Running, device_id: str = "kiosk-1") -> None:
    """A registered kiosk (its printer's state is recorded against it)."""
    async with running.services.db.transaction() as tx:
        await devices.register(tx, device_id, f"测试自助机 {device_id}", "lobby", running.clock.now())


CLERK_ONE = StaffPrincipal(101, "clerk_one", "窗口一", Role.CLERK, "GA")
CLERK_TWO = StaffPrincipal(102, "clerk_two", "窗口二", Role.CLERK, "GA")
REVIEWER = StaffPrincipal(201, "reviewer_ga", "审批一", Role.REVIEWER, "GA")


def test_letters_run_like_spreadsheet_columns() -> None:
    assert [prefix_for(i) for i in (0, 1, 25, 26, 27, 51, 52, 701, 702)] == [
        "A",
        "B",
        "Z",
        "AA",
        "AB",
        "AZ",
        "BA",
        "ZZ",
        "AAA",
    ]
    assert ticket_number("A", 1) == "A001" and ticket_number("C", 42) == "C042" and ticket_number("B", 1234) == "B1234"


@given(st.integers(min_value=0, max_value=20_000), st.integers(min_value=0, max_value=20_000))
def test_every_line_has_its_own_letters(one: int, two: int) -> None:
    assert re.fullmatch(r"[A-Z]+", prefix_for(one))
    assert (prefix_for(one) == prefix_for(two)) == (one == two)


async def test_many_kiosks_taking_at_once_get_one_number_each_in_order(running: Running) -> None:
    services = running.services
    taken = await asyncio.gather(
        *(tickets.take(services, f"kiosk-{i % 3}", "GA", tickets.new_tap()) for i in range(30))
    )
    numbers = sorted(t.ticket.number for t in taken)
    assert numbers == [f"A{n:03d}" for n in range(1, 31)]
    assert all(t.created for t in taken)
    # The same tap again, from any number of requests at once: the first ticket, nothing new.
    tap = tickets.new_tap()
    again = await asyncio.gather(*(tickets.take(services, "kiosk-9", "WJ", tap) for _ in range(5)))
    assert {t.ticket.number for t in again} == {"B001"} and sum(t.created for t in again) == 1
    # A tap is the kiosk's own: another kiosk with the same token takes its own ticket.
    assert (await tickets.take(services, "kiosk-8", "WJ", tap)).ticket.number == "B002"


async def test_one_print_however_many_ask(running: Running) -> None:
    services = running.services
    bridge = services.device_bridge
    assert isinstance(bridge, SimulatedDeviceBridge)
    await registered(running)
    ticket = (await tickets.take(services, "kiosk-1", "GA", tickets.new_tap())).ticket
    outcomes = await asyncio.gather(*(tickets.print_ticket(services, ticket) for _ in range(4)))
    assert sum(1 for outcome in outcomes if outcome is not None and outcome.ok) == 1
    assert len(bridge.printed("kiosk-1")) == 1
    stored = await store.get(services.db, ticket.id)
    assert stored is not None and stored.print_state == "printed" and stored.print_fault is None
    # A print left 'printing' by a request that died may be claimed again after a while only.
    async with services.db.transaction() as tx:
        await tx.execute(
            "UPDATE queue_tickets SET print_state = 'printing', print_ts = ? WHERE id = ?", (0.0, ticket.id)
        )
    assert await tickets.print_ticket(services, ticket) is not None
    async with services.db.transaction() as tx:
        now = running.clock.now()
        await tx.execute(
            "UPDATE queue_tickets SET print_state = 'printing', print_ts = ? WHERE id = ?", (now, ticket.id)
        )
    assert await tickets.print_ticket(services, ticket) is None


async def test_the_slip_holds_the_number_and_nothing_personal(running: Running) -> None:
    services = running.services
    bridge = services.device_bridge
    assert isinstance(bridge, SimulatedDeviceBridge)
    await registered(running)
    for _ in range(3):
        ticket = (await tickets.take(services, "kiosk-1", "YB", tickets.new_tap())).ticket
        await tickets.print_ticket(services, ticket, "en")
    job = bridge.printed("kiosk-1")[-1]
    assert job.kind == "queue_ticket" and job.paper == "80mm" and job.reference is None
    assert "C003" in job.body and "2 people waiting ahead of you" in job.body and "Queue ticket" in job.body
    assert "kiosk-1" not in job.body


async def test_two_clerks_calling_at_once_get_different_tickets(running: Running) -> None:
    services = running.services
    for _ in range(3):
        await tickets.take(services, "kiosk-1", "GA", tickets.new_tap())
    one, two = await asyncio.gather(
        calls.act(services, CLERK_ONE, "call_next", expected=None, counter="1", where=DESK),
        calls.act(services, CLERK_TWO, "call_next", expected=None, counter="2", where=DESK),
    )
    assert one.ticket is not None and two.ticket is not None
    assert {one.ticket.number, two.ticket.number} == {"A001", "A002"}
    assert one.ticket.called_by == CLERK_ONE.account_id and two.ticket.called_by == CLERK_TWO.account_id
    # The same click twice at once: one call, the other finds the page out of date.
    first, second = await asyncio.gather(
        calls.act(services, CLERK_ONE, "call_next", expected=one.ticket.id, counter="1", where=DESK),
        calls.act(services, CLERK_ONE, "call_next", expected=one.ticket.id, counter="1", where=DESK),
    )
    assert sorted([first.outcome, second.outcome]) == ["called", "stale"]
    desk = await calls.desk(services, CLERK_ONE)
    assert desk is not None and desk.held is not None and desk.held.number == "A003" and desk.waiting == 0
    # Which clerk got A001 depends on who reached the writer first: clerk one finished theirs.
    assert desk.counter == "1" and [t.number for t in desk.finished] == [one.ticket.number]


async def test_who_may_call(running: Running) -> None:
    services = running.services
    assert await calls.desk(services, REVIEWER) is None
    try:
        await calls.act(services, REVIEWER, "call_next", expected=None, counter=None, where=DESK)
    except calls.Forbidden as refused:
        assert refused.status == 403
    else:
        raise AssertionError("a reviewer called a number")
    assert calls.parse_counter(" 12 ") == "12" and calls.parse_counter("a3") == "A3" and calls.parse_counter("") is None
    for bad in ("12345", "<b>", "３"):
        try:
            calls.parse_counter(bad)
        except calls.InvalidParameter:
            continue
        raise AssertionError(bad)
