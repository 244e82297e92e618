"""Made-up but valid personal numbers for tests, and the net that catches leaks of them."""

from __future__ import annotations

import httpx2

from shared.identity.numbers import id_check_character
from shared.privacy.masking import contains_personal_number


def make_id_number(area: str = "110105", birth: str = "19900307", order: str = "123") -> str:
    """A resident ID number with the right GB 11643 check character."""
    body = area + birth + order
    return body + id_check_character(body)


ID_ZHANG = make_id_number("110105", "19900307", "123")
ID_LI = make_id_number("310104", "19751120", "456")
ID_OLD = "11010519491231002X"
PHONE_ZHANG = "13812345678"
PHONE_LI = "15987654321"


async def refuse_personal_numbers(response: httpx2.Response) -> None:
    """An httpx2 response hook: fail the test if any answer holds a whole ID or phone number.

    Installed on every test client, so the whole suite is the scan: every page and every
    API answer any test receives is checked, including error pages.
    """
    body = await response.aread()
    leaks = contains_personal_number(body.decode("utf-8", "replace"))
    leaks += contains_personal_number(" ".join(f"{k}: {v}" for k, v in response.headers.items()))
    assert not leaks, f"{response.request.method} {response.request.url.path} revealed {leaks}"
