"""Bad input gets a clear 4xx in the user's language, never a 500 and never a stack trace."""

from __future__ import annotations

import httpx2
import pytest

URL = "/api/v1/items/GA-SFZ-002/checklist"


@pytest.mark.parametrize(
    ("body", "expected_code"),
    [
        (b"{not json", "malformed_json"),
        (b"", "malformed_json"),
        (b"[1, 2]", "malformed_json"),
        (b'{"answers": NaN}', "malformed_json"),
        (b'{"answers": {"x": Infinity}}', "malformed_json"),
        (b'{"answers": {"x": "\\ud800"}}', "malformed_json"),
        (b'{"answers": {"x": 1' + b"0" * 400 + b"}}", "malformed_json"),
        (b'{"answers": ' + b"[" * 100 + b"]" * 100 + b"}", "malformed_json"),
        (b"\xff\xfe{}", "malformed_json"),
    ],
)
async def test_malformed_json_is_400(client: httpx2.AsyncClient, body: bytes, expected_code: str) -> None:
    response = await client.post(URL, content=body, headers={"Content-Type": "application/json"})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == expected_code
    assert "Traceback" not in response.text


async def test_wrong_shapes_are_422(client: httpx2.AsyncClient) -> None:
    response = await client.post(URL, json={"answers": ["a"]})
    assert response.status_code == 422
    assert response.json()["error"]["problems"][0]["path"] == "answers"
    response = await client.post(URL, json={"answers": {}, "extra": 1})
    assert response.status_code == 422


async def test_wrong_types_in_answers_are_listed_not_crashed(client: httpx2.AsyncClient) -> None:
    response = await client.post(URL, json={"answers": {"for_whom": 3, "applicant_name": ["x"], "applicant_phone": {}}})
    assert response.status_code == 200
    assert {p["path"] for p in response.json()["problems"]} == {
        "answers.for_whom",
        "answers.applicant_name",
        "answers.applicant_phone",
    }


async def test_not_json_is_415(client: httpx2.AsyncClient) -> None:
    response = await client.post(
        URL, content=b"answers=1", headers={"Content-Type": "application/x-www-form-urlencoded"}
    )
    assert response.status_code == 415
    assert response.json()["error"]["code"] == "unsupported_media_type"


async def test_oversized_body_is_413(client: httpx2.AsyncClient) -> None:
    big = b'{"answers": {"applicant_name": "' + b"x" * 2_000_000 + b'"}}'
    response = await client.post(URL, content=big, headers={"Content-Type": "application/json"})
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "payload_too_large"


async def test_oversized_chunked_body_is_413(client: httpx2.AsyncClient) -> None:
    async def chunks():  # type: ignore[no-untyped-def]
        for _ in range(40):
            yield b"x" * 65536

    response = await client.post(URL, content=chunks(), headers={"Content-Type": "application/json"})
    assert response.status_code == 413


@pytest.mark.parametrize(
    ("params", "name"),
    [
        ({"page": "abc"}, "page"),
        ({"page": "0"}, "page"),
        ({"per_page": "1000"}, "per_page"),
        ({"type": "nope"}, "type"),
        ({"label": "fast"}, "label"),
        ({"department": "D" * 65}, "department"),
        ({"q": "x" * 101}, "q"),
        ({"sort": "name"}, "sort"),
    ],
)
async def test_bad_query_parameters_are_400_naming_the_parameter(
    client: httpx2.AsyncClient, params: dict[str, str], name: str
) -> None:
    response = await client.get("/api/v1/items", params=params, headers={"Accept-Language": "en"})
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid_parameter"
    assert error["problems"][0]["path"] == f"query.{name}"
    assert name in error["message"]


async def test_bad_version_parameter(client: httpx2.AsyncClient) -> None:
    response = await client.get("/api/v1/items/GA-SFZ-002", params={"version": "one"})
    assert response.status_code == 400


async def test_wrong_method_is_405_json(client: httpx2.AsyncClient) -> None:
    response = await client.delete("/api/v1/items/GA-SFZ-002")
    assert response.status_code == 405
    assert response.json()["error"]["code"] == "method_not_allowed"
    assert set(response.headers["allow"].split(", ")) == {"GET", "HEAD"}


async def test_cross_site_post_is_refused_but_bearer_calls_pass(client: httpx2.AsyncClient) -> None:
    response = await client.post(URL, json={"answers": {}}, headers={"Sec-Fetch-Site": "cross-site"})
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "cross_origin_refused"
    response = await client.post(URL, json={"answers": {}}, headers={"Origin": "https://evil.example"})
    assert response.status_code == 403
    response = await client.post(URL, json={"answers": {}}, headers={"Origin": "http://kiosk.test"})
    assert response.status_code == 200
    response = await client.post(
        URL, json={"answers": {}}, headers={"Sec-Fetch-Site": "cross-site", "Authorization": "Bearer abc"}
    )
    assert response.status_code == 200


async def test_security_headers(client: httpx2.AsyncClient) -> None:
    response = await client.get("/api/v1/items")
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    assert "HX-Request" in response.headers["vary"]


async def test_unexpected_errors_are_a_plain_500(running: object, settings: object) -> None:
    from starlette.requests import Request

    from onevisit import handle_unexpected

    scope = {"type": "http", "method": "GET", "path": "/api/v1/items", "headers": [], "query_string": b""}
    response = await handle_unexpected(Request(scope), RuntimeError("secret detail 110101199003074518"))
    assert response.status_code == 500
    assert b"secret detail" not in response.body and b"Traceback" not in response.body
    assert b"internal" in response.body
