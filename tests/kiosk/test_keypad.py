"""The step form's on-screen pads: each typed field names the pad of its kind, the pads have
the keys their kind needs and no others, and no input summons the system keyboard.

GJJ-TQ-001 (rental housing fund withdrawal) of the demo catalog asks an ID number, a phone
number, an amount and a date; the form walk of tests/kiosk/test_applications_form_demo.py
covers the other journey items.
"""

from __future__ import annotations

import re

import httpx2

from shared.services import Services
from tests.kiosk.test_applications_form_demo import FORM_STEP, sign_in, typed_answers
from tests.kiosk.test_demo_catalog import demo

__all__ = ["demo"]  # the fixture, used by name

ADDRESS_KEYS = ["省", "市", "区", "县", "镇", "乡", "街", "道", "路", "号", "楼", "单元", "室", "村", "组", "·", "-"]


def pad_of(page: str, kind: str) -> str:
    match = re.search(rf'<div class="pad pad-{kind}" data-pad="{kind}".*?</div>\n</div>', page, re.S)
    assert match is not None, kind
    return match.group(0)


def keys(pad: str) -> list[str]:
    return re.findall(r'data-key="([^"]+)"', pad)


async def walk(client: httpx2.AsyncClient, code: str) -> dict[str, str]:
    """Every screen of an item's form, by what it asks; returns the pads seen, by kind."""
    started = await client.post(f"/items/{code}/apply")
    location = started.headers["location"]
    pads: dict[str, str] = {}
    for _ in range(8):
        if FORM_STEP.match(location) is None:
            break
        page = (await client.get(location)).text
        answers = typed_answers(page)
        for kind in re.findall(r'class="pad pad-([a-z_]+)"', page):
            pads[kind] = pad_of(page, kind)
        # Hidden until a field of its kind is tapped.
        assert all(" hidden>" in pad.split("\n", 1)[0] for pad in pads.values())
        group = re.search(r'name="_group" value="([^"]+)"', page)
        assert group is not None
        shown = re.findall(r'name="_shown" value="([a-z_]+)"', page)
        data: dict[str, str | list[str]] = {"_group": group.group(1), "_go": "next", "_shown": shown, **answers}
        answered = await client.post(location, data=data)
        if answered.status_code == 303:
            location = answered.headers["location"]
    return pads


async def test_each_kind_of_field_gets_its_own_pad(demo: tuple[httpx2.AsyncClient, Services]) -> None:
    client, _ = demo
    await sign_in(client)
    # Asked again instead of shown from the ID card: a typed ID number and phone number.
    pads = await walk(client, "GJJ-TQ-001")
    assert {"number", "date"} <= set(pads)
    digits = [str(d) for d in range(10)]
    assert sorted(set(keys(pads["number"])) - {"backspace", "clear"}) == sorted([*digits, "."])
    assert sorted(set(keys(pads["date"])) - {"backspace", "clear"}) == sorted(digits)
    for pad in pads.values():
        assert "data-pad-done" in pad and 'data-key="backspace"' in pad


async def test_id_number_phone_and_text_pads(demo: tuple[httpx2.AsyncClient, Services]) -> None:
    client, _ = demo
    await sign_in(client)
    started = await client.post("/items/CRJ-GAQZ-001/apply")
    form = started.headers["location"]
    first = (await client.get(form)).text
    # The permit number is typed on the keyboard: letters, digits, and the address row.
    assert re.search(r'name="hk_permit_number" type="text" inputmode="none" data-pad="text"', first)
    text_keys = keys(pad_of(first, "text"))
    assert set(ADDRESS_KEYS) <= set(text_keys)
    assert {"A", "Z", "0", "9", "space"} <= set(text_keys)
    # The applicant screen, with the phone number held asked again.
    second = (await client.get(form.replace("/form/1", "/form/2?change=applicant_phone"))).text
    phone_keys = set(keys(pad_of(second, "phone"))) - {"backspace", "clear"}
    assert phone_keys == set(map(str, range(10)))
    assert re.search(r'name="applicant_phone" type="text" inputmode="none" data-pad="phone" value=""', second)
    # A child's ID number (the applicant's own comes from the ID card): digits and X.
    renewal = (await client.post("/items/GA-SFZ-002/apply")).headers["location"]
    chosen = {"_group": "situation", "_go": "next", "for_whom": "child", "renewal_reason": "expiry"}
    assert (await client.post(renewal, data=chosen)).status_code == 303
    child = (await client.get(renewal.replace("/form/1", "/form/3"))).text
    assert re.search(r'name="child_id_number" type="text" inputmode="none" data-pad="id_number" value=""', child)
    assert set(keys(pad_of(child, "id_number"))) - {"backspace", "clear"} == {*map(str, range(10)), "X"}
    assert re.search(r'name="child_name" type="text" inputmode="none" data-pad="text"', child)
    # No field anywhere asks the browser for its own keyboard.
    assert not re.search(r'inputmode="(?!none)', first + second + child)


async def test_every_page_loads_the_keyboard_script_once_and_search_keeps_its_keyboard(
    demo: tuple[httpx2.AsyncClient, Services],
) -> None:
    client, _ = demo
    for path in ("/", "/search", "/items/GA-SFZ-002"):
        page = (await client.get(path)).text
        assert page.count("/static/js/keyboard.js?v=") == 1, path
        assert 'hx-boost:inherited="swap:outerSync"' in page
    search = (await client.get("/search")).text
    assert 'data-keyboard-for="search-q"' in search


async def test_the_mailing_address_is_typed_on_the_kiosk_keyboard(demo: tuple[httpx2.AsyncClient, Services]) -> None:
    client, _ = demo
    await sign_in(client)
    form = (await client.post("/items/GA-SFZ-002/apply")).headers["location"]
    page = (await client.get(form.replace("/form/1", "/delivery"))).text
    assert 'value="mail"' in page
    assert re.search(r'<textarea id="in-address"[^>]*inputmode="none" data-pad="text"', page)
    assert set(ADDRESS_KEYS) <= set(keys(pad_of(page, "text")))
    assert not re.search(r'inputmode="(?!none)', page)
