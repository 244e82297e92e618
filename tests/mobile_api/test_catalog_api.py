"""The catalog API over real HTTP through the ASGI stack and a real SQLite file."""

from __future__ import annotations

import httpx2
import pytest

from tests.conftest import Running


async def test_healthz(client: httpx2.AsyncClient) -> None:
    response = await client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert response.json()["items"] == 5


async def test_categories_filtered_by_kind(client: httpx2.AsyncClient) -> None:
    response = await client.get("/api/v1/categories", params={"kind": "life_event"})
    assert response.status_code == 200
    assert [c["code"] for c in response.json()["categories"]] == ["birth"]


async def test_departments_count_active_items(client: httpx2.AsyncClient) -> None:
    departments = {d["code"]: d for d in (await client.get("/api/v1/departments")).json()["departments"]}
    assert departments["GA"]["item_count"] == 2  # the retired item is not counted
    assert departments["GA"]["name"] == {"zh": "市公安局", "en": "Municipal Public Security Bureau"}
    assert departments["WJ"]["phone"] is None


async def test_items_list_most_used_first_without_retired(client: httpx2.AsyncClient) -> None:
    body = (await client.get("/api/v1/items")).json()
    codes = [i["code"] for i in body["items"]]
    assert codes[0] == "GA-SFZ-002"
    assert "GA-OLD-001" not in codes
    assert body["total"] == 4 and body["pages"] == 1


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("sfz", "GA-SFZ-002"),  # pinyin initials
        ("shenfenzheng", "GA-SFZ-002"),  # full pinyin
        ("身份证", "GA-SFZ-002"),  # Chinese
        ("ＳＦＺ", "GA-SFZ-002"),  # full-width letters from a Chinese IME
        ("birth", "WJ-CSYX-001"),  # English name
        ("医保", "YB-CB-003"),  # keyword
        ("csyxzm", "WJ-CSYX-001"),  # initials of 出生医学证明
    ],
)
async def test_search(client: httpx2.AsyncClient, query: str, expected: str) -> None:
    body = (await client.get("/api/v1/items", params={"q": query})).json()
    assert body["items"], query
    assert body["items"][0]["code"] == expected


async def test_search_finds_bundles_beside_items(client: httpx2.AsyncClient) -> None:
    body = (await client.get("/api/v1/items", params={"q": "出生"})).json()
    assert [b["code"] for b in body["bundles"]] == ["newborn"]
    assert {i["code"] for i in body["items"]} == {"WJ-CSYX-001"}


async def test_filters_combine(client: httpx2.AsyncClient) -> None:
    body = (await client.get("/api/v1/items", params={"label": "online", "department": "YB"})).json()
    assert [i["code"] for i in body["items"]] == ["YB-CB-003"]
    body = (await client.get("/api/v1/items", params={"department": "GA"})).json()
    # co-handling departments count too: the newborn medical insurance involves the police.
    assert {i["code"] for i in body["items"]} == {"GA-SFZ-002", "GA-HJ-010", "YB-CB-003"}
    body = (await client.get("/api/v1/items", params={"q": "sfz", "type": "public_service"})).json()
    assert body["items"] == []


async def test_paging(client: httpx2.AsyncClient) -> None:
    first = (await client.get("/api/v1/items", params={"per_page": 3})).json()
    second = (await client.get("/api/v1/items", params={"per_page": 3, "page": 2})).json()
    assert first["pages"] == 2 and len(first["items"]) == 3 and len(second["items"]) == 1
    assert {i["code"] for i in first["items"]}.isdisjoint(i["code"] for i in second["items"])


async def test_item_detail_tells_everything(client: httpx2.AsyncClient) -> None:
    response = await client.get("/api/v1/items/GA-SFZ-002")
    assert response.status_code == 200
    item = response.json()
    assert item["version"] == 1
    assert item["promised_days"] == 20 and item["legal_days"] == 60
    assert [label["code"] for label in item["labels"]] == ["nearby", "one_trip"]
    assert item["visit_reason"]["zh"].startswith("需现场采集指纹")
    assert item["fee_fen"] == 3200
    materials = {m["code"]: m for m in item["materials"]}
    assert materials["id_card"]["certificate_type"]["name"]["zh"] == "居民身份证"
    assert materials["hukou_booklet"]["shared_data"]["department"]["code"] == "GA"
    assert materials["guardian_id"]["when"] == {"field": "for_whom", "equals": "child"}
    assert [g["code"] for g in item["form"]["groups"]] == ["who", "applicant"]


async def test_incomplete_item_says_not_provided_instead_of_inventing(client: httpx2.AsyncClient) -> None:
    item = (await client.get("/api/v1/items/GA-HJ-010")).json()
    assert item["name"] == {"zh": "户籍证明开具", "en": None}
    assert item["fees"] is None and item["fee_fen"] is None
    assert item["legal_days"] is None and item["promised_days"] is None and item["max_visits"] is None
    assert item["labels"] == []
    assert item["channels"] == {"online": None, "kiosk": None, "mobile": None, "appointment": None, "courier": None}


async def test_free_item_is_not_not_provided(client: httpx2.AsyncClient) -> None:
    item = (await client.get("/api/v1/items/WJ-CSYX-001")).json()
    assert item["fees"] == [] and item["fee_fen"] == 0
    assert {label["code"] for label in item["labels"]} == {"immediate", "online", "nearby", "one_trip"}


async def test_retired_item_is_still_readable(client: httpx2.AsyncClient) -> None:
    item = (await client.get("/api/v1/items/GA-OLD-001")).json()
    assert item["status"] == "retired"


async def test_etag_and_304(client: httpx2.AsyncClient) -> None:
    first = await client.get("/api/v1/items/GA-SFZ-002")
    etag = first.headers["etag"]
    assert first.headers["cache-control"].startswith("public")
    again = await client.get("/api/v1/items/GA-SFZ-002", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["etag"] == etag
    weak = await client.get("/api/v1/items/GA-SFZ-002", headers={"If-None-Match": f'"nope", W/{etag}'})
    assert weak.status_code == 304
    other = await client.get("/api/v1/items/GA-SFZ-002", headers={"If-None-Match": '"nope"'})
    assert other.status_code == 200
    listing = await client.get("/api/v1/items", params={"q": "sfz"})
    assert (
        await client.get("/api/v1/items", params={"q": "sfz"}, headers={"If-None-Match": listing.headers["etag"]})
    ).status_code == 304


async def test_new_version_changes_the_etag_and_keeps_the_old_version(running: Running) -> None:
    from shared.catalog.importer import import_catalog
    from tests.conftest import mini_catalog

    client = running.client
    old_etag = (await client.get("/api/v1/items/GA-SFZ-002")).headers["etag"]
    doc = mini_catalog()
    doc["items"][0]["promised_days"] = 15
    report = await import_catalog(running.services.db, doc)
    assert report.updated == ["GA-SFZ-002"]
    current = await client.get("/api/v1/items/GA-SFZ-002", headers={"If-None-Match": old_etag})
    assert current.status_code == 200
    assert current.json()["version"] == 2 and current.json()["promised_days"] == 15
    old = (await client.get("/api/v1/items/GA-SFZ-002", params={"version": 1})).json()
    assert old["version"] == 1 and old["promised_days"] == 20
    versions = (await client.get("/api/v1/items/GA-SFZ-002/versions")).json()
    assert [v["version"] for v in versions["versions"]] == [1, 2] and versions["current_version"] == 2
    missing = await client.get("/api/v1/items/GA-SFZ-002", params={"version": 9})
    assert missing.status_code == 404 and missing.json()["error"]["messages"]["en"] == "This item has no such version."


async def test_bundle_merges_fields_and_materials(client: httpx2.AsyncClient) -> None:
    bundle = (await client.get("/api/v1/bundles/newborn")).json()
    assert [i["code"] for i in bundle["items"]] == ["WJ-CSYX-001", "YB-CB-003"]
    assert all(i["pinned_version"] == 1 for i in bundle["items"])
    fields = [f["code"] for g in bundle["form"]["groups"] for f in g["fields"]]
    assert fields.count("baby_name") == 1  # asked once for both items
    assert fields == [
        "applicant_name",
        "applicant_id_number",
        "baby_name",
        "birth_date",
        "applicant_phone",
        "monthly_income",
    ]
    materials = {m["code"]: m for m in bundle["materials"]}
    assert materials["id_card"]["items"] == ["WJ-CSYX-001"]
    assert set(materials) == {"id_card", "marriage_certificate", "birth_medical_certificate", "hukou_booklet"}
    assert bundle["promised_days"] == 3  # parallel review: the slowest item
    assert [f["item"] for f in bundle["fees"]] == ["YB-CB-003"]
    listing = (await client.get("/api/v1/bundles", params={"category": "birth"})).json()
    assert [b["code"] for b in listing["bundles"]] == ["newborn"]


async def test_checklist_follows_answers(client: httpx2.AsyncClient) -> None:
    url = "/api/v1/items/GA-SFZ-002/checklist"
    for_self = (await client.post(url, json={"answers": {"for_whom": "self", "delivery": "window"}})).json()
    assert "guardian_id" not in {m["code"] for m in for_self["materials"]}
    assert for_self["fee_fen"] == 2000
    assert "guardian_name" not in {f["code"] for g in for_self["groups"] for f in g["fields"]}
    for_child = (await client.post(url, json={"answers": {"for_whom": "child", "delivery": "mail"}})).json()
    assert "guardian_id" in {m["code"] for m in for_child["materials"]}
    assert for_child["fee_fen"] == 3200
    fields = {f["code"] for g in for_child["groups"] for f in g["fields"]}
    assert {"guardian_name", "mailing_address"} <= fields
    assert for_child["problems"] == []


async def test_checklist_lists_every_problem_at_once_in_the_users_language(client: httpx2.AsyncClient) -> None:
    response = await client.post(
        "/api/v1/items/GA-SFZ-002/checklist",
        json={"answers": {"applicant_id_number": "110101199003071234", "applicant_phone": "12345", "nope": "x"}},
        headers={"Accept-Language": "en-GB,en;q=0.9"},
    )
    assert response.status_code == 200
    problems = {p["path"]: p for p in response.json()["problems"]}
    assert set(problems) == {"answers.applicant_id_number", "answers.applicant_phone", "answers.nope"}
    assert problems["answers.applicant_id_number"]["message"].startswith("This is not a valid resident ID number")
    # The message never repeats the number the citizen typed.
    assert "110101199003071234" not in response.text


async def test_unknown_item_is_404_json_in_chinese_by_default(client: httpx2.AsyncClient) -> None:
    response = await client.get("/api/v1/items/NOPE")
    assert response.status_code == 404
    error = response.json()["error"]
    assert error["code"] == "not_found"
    assert error["message"] == "找不到该事项，可能已调整或下线。"
    assert error["messages"]["en"] == "This service item does not exist or is no longer offered."
    assert (await client.get("/api/v1/bundles/nope")).status_code == 404
    assert (await client.get("/api/v1/nothing-here")).json()["error"]["code"] == "not_found"


async def test_unknown_filter_codes_match_nothing(client: httpx2.AsyncClient) -> None:
    body = (await client.get("/api/v1/items", params={"department": "NOPE"})).json()
    assert body["items"] == [] and body["total"] == 0
    assert (await client.get("/api/v1/bundles", params={"category": "nope"})).json()["bundles"] == []
