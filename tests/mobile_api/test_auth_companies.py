"""Companies act through their unified social credit code and a real-name citizen."""

from __future__ import annotations

from typing import Any

import httpx2

from shared.audit import recent
from shared.auth import companies
from shared.privacy.masking import contains_personal_number
from tests.conftest import Running
from tests.mobile_api.auth_helpers import ID_LI, PHONE_B, bearer, real_name, sign_in

URL = "/api/v1/me/companies"
CODE_A = "91110108MA01ABCDEN"
CODE_B = "91310000MA1FL1234Q"


async def declare(running: Running, tokens: dict[str, Any], **fields: Any) -> httpx2.Response:
    body = {"credit_code": CODE_A, "name": "北京晓明餐饮有限公司", "role": "legal_representative", **fields}
    response = await running.client.post(URL, json=body, headers=bearer(tokens["access_token"]))
    assert contains_personal_number(response.text) == []
    return response


async def test_only_real_name_citizens_may_declare_a_company(running: Running) -> None:
    tokens = await sign_in(running)
    response = await declare(running, tokens)
    assert response.status_code == 403
    error = response.json()["error"]
    assert error["code"] == "real_name_required"
    assert error["messages"] == {"zh": "请先完成实名认证。", "en": "Please complete real-name verification first."}
    assert (await running.client.post(URL, json={})).status_code == 401
    assert (await running.client.get(URL)).status_code == 401


async def test_declare_and_list_with_the_code_masked(running: Running) -> None:
    tokens = await real_name(running, await sign_in(running))
    response = await declare(running, tokens, credit_code=" 91110108ma01abcden ")
    assert response.status_code == 201
    company = response.json()
    assert company["credit_code"] == "9111**********CDEN"
    assert company["name"] == "北京晓明餐饮有限公司"
    assert company["role"] == "legal_representative"
    assert CODE_A not in response.text
    listed = await running.client.get(URL, headers=bearer(tokens["access_token"]))
    assert listed.status_code == 200
    assert listed.json() == {"companies": [company]}
    assert CODE_A not in listed.text
    # The phone retrying the same declaration changes nothing.
    again = await declare(running, tokens)
    assert again.status_code == 200
    assert again.json() == company
    entries = await recent(running.services.db, action=companies.LINK)
    assert len(entries) == 1
    assert CODE_A not in str(entries[0])


async def test_every_problem_at_once(running: Running) -> None:
    tokens = await real_name(running, await sign_in(running))
    response = await declare(running, tokens, credit_code="91110108MA01ABCDE0", name="x", role="boss", more=1)
    assert response.status_code == 422
    assert {p["path"]: p["code"] for p in response.json()["error"]["problems"]} == {
        "credit_code": "invalid_credit_code",
        "name": "invalid_name",
        "role": "invalid_role",
        "more": "unknown_field",
    }
    assert "91110108MA01ABCDE0" not in response.text
    wrong_types = await declare(running, tokens, credit_code=1, name=None, role=[])
    assert {p["path"]: p["code"] for p in wrong_types.json()["error"]["problems"]} == {
        "credit_code": "invalid_type",
        "name": "required",
        "role": "invalid_type",
    }


async def test_one_legal_representative_per_company_and_agents_beside(running: Running) -> None:
    owner = await real_name(running, await sign_in(running))
    assert (await declare(running, owner)).status_code == 201
    other = await real_name(running, await sign_in(running), name="李秀兰", number=ID_LI, phone=PHONE_B)
    second = await declare(running, other)
    assert second.status_code == 409
    assert "window" in second.json()["error"]["messages"]["en"]
    agent = await declare(running, other, role="agent")
    assert agent.status_code == 201
    # The owner cannot also be an agent of the same company.
    assert (await declare(running, owner, role="agent")).status_code == 409


async def test_a_known_code_under_another_name_is_refused(running: Running) -> None:
    owner = await real_name(running, await sign_in(running))
    await declare(running, owner)
    other = await real_name(running, await sign_in(running), name="李秀兰", number=ID_LI, phone=PHONE_B)
    response = await declare(running, other, name="另一家公司", role="agent")
    assert response.status_code == 409
    listed = await running.client.get(URL, headers=bearer(other["access_token"]))
    assert listed.json() == {"companies": []}


async def test_a_citizen_lists_only_their_own_companies(running: Running) -> None:
    owner = await real_name(running, await sign_in(running))
    await declare(running, owner)
    await declare(running, owner, credit_code=CODE_B, name="上海晓明科技有限公司", role="agent")
    other = await real_name(running, await sign_in(running), name="李秀兰", number=ID_LI, phone=PHONE_B)
    mine = (await running.client.get(URL, headers=bearer(owner["access_token"]))).json()["companies"]
    assert sorted(c["role"] for c in mine) == ["agent", "legal_representative"]
    theirs = (await running.client.get(URL, headers=bearer(other["access_token"]))).json()["companies"]
    assert theirs == []
