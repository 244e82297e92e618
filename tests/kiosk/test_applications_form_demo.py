"""The journey items of the shipped demo catalog, filled in at the demo kiosk screen by screen.

GA-SFZ-002 (ID card renewal, fee ¥20), CRJ-GAQZ-001 (Hong Kong and Macao endorsement, a fee by
validity), the 退休一件事 bundle (every item offered at kiosks) and RS-SBK-001 (social
security card, no fee: the return-and-correct story). Each screen gives every typed field
the on-screen pad of its kind with inputmode="none", and the answers a citizen can type on
those pads carry every item through its form to the materials.
"""

from __future__ import annotations

import json
import re
from typing import Any

import httpx2
import pytest

from shared.services import Services, demo_catalog_text
from tests.kiosk.application_steps import HTMX
from tests.kiosk.helpers import moved_to
from tests.kiosk.test_demo_catalog import demo
from tests.pii import PHONE_LI, make_id_number

__all__ = ["demo"]  # the fixture, used by name

JOURNEY = [("items", "GA-SFZ-002"), ("items", "CRJ-GAQZ-001"), ("bundles", "retirement"), ("items", "RS-SBK-001")]
PAD_OF_TYPE = {"id_number": "id_number", "phone": "phone", "number": "number", "date": "date", "text": "text"}
# What a citizen can type on each pad (digits and X; digits; letters, digits and 省市区…).
TYPED = {
    "id_number": make_id_number("110105", "19600307", "246"),
    "phone": PHONE_LI,
    "number": "12.5",
    "date": "2026-12-01",
    "text": "C12345678",
}
INPUT = re.compile(r'<(input|textarea)\b[^>]*\bname="([a-z_]+)"[^>]*>')
FORM_STEP = re.compile(r"^/applications/(a_[\w-]+)/form/(\d+)$")


def catalog_items() -> dict[str, dict[str, Any]]:
    doc = json.loads(demo_catalog_text())
    return {item["code"]: item for item in doc["items"]}


def test_the_journey_items_are_offered_at_kiosks_with_and_without_fees() -> None:
    doc = json.loads(demo_catalog_text())
    items = catalog_items()
    retirement = next(b for b in doc["bundles"] if b["code"] == "retirement")
    for code in ["GA-SFZ-002", "CRJ-GAQZ-001", "RS-SBK-001", *retirement["items"]]:
        assert items[code]["channels"]["kiosk"] is True, code
    assert [fee["amount_fen"] for fee in items["GA-SFZ-002"]["fees"]] == [2000]
    assert {fee["amount_fen"] for fee in items["CRJ-GAQZ-001"]["fees"]} == {1500, 3000}
    assert items["RS-SBK-001"]["fees"] == []


async def sign_in(client: httpx2.AsyncClient) -> None:
    assert (await client.post("/signin/card/demo", data={"card": "wang"}, headers=HTMX)).status_code == 204
    assert moved_to(await client.post("/signin/card/poll", headers=HTMX)) == "/me"


def typed_answers(page: str) -> dict[str, str]:
    """What a citizen enters on one screen: the first choice of each question, and for each
    typed field something its pad can type; checks each field names the right pad."""
    answers: dict[str, str] = {}
    for radio in re.finditer(r'<input type="radio" name="([a-z_]+)" value="([^"]+)"', page):
        answers.setdefault(radio.group(1), radio.group(2))
    for match in INPUT.finditer(page):
        tag, name = match.group(1), match.group(2)
        element = match.group(0)
        if 'type="hidden"' in element or 'type="radio"' in element:
            continue
        assert 'inputmode="none"' in element, element
        pad = re.search(r'data-pad="([a-z_]+)"', element)
        assert pad is not None, element
        # The pad's keys are on the screen, once, for whichever fields need them.
        assert page.count(f'class="pad pad-{pad.group(1)}" data-pad="{pad.group(1)}"') == 1, pad.group(1)
        if tag == "textarea":
            assert pad.group(1) == "text"
        answers[name] = TYPED[pad.group(1)]
    return answers


@pytest.mark.parametrize(("kind", "code"), JOURNEY)
async def test_each_journey_item_fills_in_with_the_pads_alone(
    demo: tuple[httpx2.AsyncClient, Services], kind: str, code: str
) -> None:
    client, _ = demo
    await sign_in(client)
    guide = (await client.get(f"/{kind}/{code}")).text
    assert 'class="button-primary apply-button"' in guide
    started = await client.post(f"/{kind}/{code}/apply")
    assert started.status_code == 303, started.text
    location = started.headers["location"]
    screens = 0
    while FORM_STEP.match(location) is not None:
        screens += 1
        assert screens <= 8, "the form does not end"
        page = (await client.get(location)).text
        answers = typed_answers(page)
        group = re.search(r'name="_group" value="([^"]+)"', page)
        assert group is not None
        shown = re.findall(r'name="_shown" value="([a-z_]+)"', page)
        data: dict[str, str | list[str]] = {"_group": group.group(1), "_go": "next", "_shown": shown, **answers}
        answered = await client.post(location, data=data)
        if answered.status_code == 200:  # a choice added questions: answer those too
            continue
        problems = re.findall(r'class="field-error"[^>]*>.*?<span>(.*?)</span>', answered.text, re.S)
        assert answered.status_code == 303, (location, problems)
        location = answered.headers["location"]
    assert screens >= 2
    assert location.endswith("/materials"), location
