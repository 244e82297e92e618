"""The audit trail shows what a change did (its difference) and reads by target."""

from __future__ import annotations

from shared import audit, diffing
from shared.audit import Actor, AuditEvent, Where
from tests.pii import ID_ZHANG
from tests.staff.conftest import Hall, make_account, sign_in


async def _record(hall: Hall, target: str, before: object, after: object) -> None:
    event = AuditEvent(
        actor=Actor.system("test"),
        where=Where.system(),
        action="kiosk_menu.publish",
        result="ok",
        target=target,
        detail={"version": 2, **diffing.for_audit(diffing.diff(before, after))},
    )
    await audit.record_alone(hall.services.db, event, hall.clock.now())


async def test_a_change_shows_its_difference_and_the_target_filter_keeps_one_thing(hall: Hall) -> None:
    tiles = [{"id": "a"}, {"id": "b"}]
    await _record(hall, "kiosk_menu:lobby", {"tiles": tiles}, {"tiles": tiles[::-1]})
    await _record(hall, "kiosk_menu:exit-entry", {"name": "出入境"}, {"name": "出入境专区"})
    await make_account(hall, "super", "supervisor")
    await sign_in(hall.client, "super")

    page = await hall.client.get("/staff/audit?target=kiosk_menu:exit-entry")
    assert page.status_code == 200
    assert "<del>出入境</del>" in page.text and "<ins>出入境专区</ins>" in page.text
    assert 'class="audit-change change-changed"' in page.text
    assert "change-moved" not in page.text  # the other menu's entry is filtered out

    both = await hall.client.get("/staff/audit?action=kiosk_menu.publish")
    assert both.text.count('class="audit-change change-moved"') == 1
    assert 'href="/staff/audit?target=kiosk_menu%3Alobby"' in both.text


async def test_a_malformed_target_is_ignored_and_never_echoed(hall: Hall) -> None:
    await make_account(hall, "super", "supervisor")
    await sign_in(hall.client, "super")
    page = await hall.client.get(f"/staff/audit?target=citizen:{ID_ZHANG}<b>")
    assert page.status_code == 200
    assert "<b>" not in page.text.split("<main", 1)[1]


async def test_a_cut_difference_says_how_many_changes_there_were(hall: Hall) -> None:
    before = {f"k{i:03}": 0 for i in range(diffing.AUDIT_CHANGES + 5)}
    await _record(hall, "item:X1", before, {key: 1 for key in before})
    await make_account(hall, "super", "supervisor")
    await sign_in(hall.client, "super")
    page = await hall.client.get("/staff/audit?target=item:X1")
    assert f"共 {diffing.AUDIT_CHANGES + 5} 项改动" in page.text
