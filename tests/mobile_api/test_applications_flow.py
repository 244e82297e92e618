"""An application from start to result, as a phone does it, over the real ASGI stack.

Start a draft (prefilled from the verified profile), save answers (every problem at once,
in zh or en by Accept-Language), upload a real image, choose delivery, the check lists
everything missing, submit, get the number, follow the timeline, and read the result and
the new wallet certificate after the hall decided through the workflow functions. Every
answer is checked against the OpenAPI document's schema.
"""

from __future__ import annotations

from typing import Any

from shared.applications import access, numbers, repository, workflow
from shared.applications.model import CorrectionItem
from shared.identity import citizens
from tests.conftest import Running
from tests.mobile_api.application_helpers import (
    API,
    CLERK_GA,
    ITEM,
    STAFF_DESK,
    WANG,
    assert_documented,
    complete_for_self,
    detail,
    image_bytes,
    keyed,
    real_name_citizen,
    staff_approve,
    start,
    upload,
    url,
)

DOC = "/api/v1/applications/{ref}"


def fields_of(body: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {f["code"]: f for group in body["form"]["groups"] for f in group["fields"]}


def materials_of(body: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {m["code"]: m for m in body["materials"]}


async def test_a_draft_is_prefilled_from_the_verified_profile_and_masked(running: Running) -> None:
    phone = await real_name_citizen(running)
    created = await running.client.post(f"{API}/applications", json={"item": ITEM}, headers=keyed(phone))
    assert created.status_code == 201
    assert_documented(created, "/api/v1/applications", "post")
    app = created.json()
    assert created.headers["location"] == f"{API}/applications/{app['id']}"
    assert created.headers["etag"] == f'"{app["revision"]}"'
    assert created.headers["cache-control"] == "no-store"
    assert app["state"] == {"code": "draft", "name": {"zh": "草稿", "en": "Draft"}}
    assert app["number"] is None and app["ref"] == app["id"] and app["editable"] is True
    assert app["for"]["code"] == ITEM and app["for"]["name"]["zh"] == "居民身份证到期换领"

    response = await running.client.get(url(app), headers=phone)
    assert response.status_code == 200
    assert_documented(response, DOC, "get")
    assert response.headers["etag"] == f'"{app["revision"]}"'
    fields = fields_of(response.json())
    # The name is the citizen's own and editable; only ID and phone numbers are masked.
    assert fields["applicant_name"]["value"] == "王晓明"
    assert fields["applicant_id_number"]["value"] == "1101**********2312"
    assert fields["applicant_id_number"]["masked"] is True
    assert fields["applicant_phone"]["value"] == "138****8000"
    assert fields["applicant_phone"]["source"] == {
        "kind": "profile",
        "label": {"zh": "来自实名信息", "en": "From your verified identity"},
    }
    # The situation question is never prefilled; the guardian question is hidden until it applies.
    assert fields["for_whom"]["value"] is None
    assert "guardian_name" not in fields


async def test_answers_with_problems_are_refused_all_at_once_in_the_callers_language(running: Running) -> None:
    phone = await real_name_citizen(running)
    app = await start(running, phone)
    bad = {"answers": {"for_whom": "neighbour", "applicant_phone": "12345", "applicant_name": "王"}}
    zh = await running.client.patch(url(app, "answers"), json=bad, headers=keyed(phone))
    en = await running.client.patch(
        url(app, "answers"), json=bad, headers=keyed(phone, **{"Accept-Language": "en-GB,en;q=0.9"})
    )
    for response in (zh, en):
        assert response.status_code == 422
        assert_documented(response, "/api/v1/applications/{ref}/answers", "patch")
        assert {p["path"] for p in response.json()["error"]["problems"]} == {
            "answers.for_whom",
            "answers.applicant_phone",
            "answers.applicant_name",
        }
    assert zh.headers["content-language"] == "zh-CN" and en.headers["content-language"] == "en"
    zh_messages = [p["message"] for p in zh.json()["error"]["problems"]]
    en_messages = [p["message"] for p in en.json()["error"]["problems"]]
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in m) for m in zh_messages)
    assert all(m.isascii() for m in en_messages)
    # Nothing was saved: the draft is as it was.
    after = await detail(running, phone, app)
    assert after["revision"] == app["revision"]
    assert fields_of(after)["for_whom"]["value"] is None


async def test_the_whole_journey_from_draft_to_result(running: Running) -> None:
    phone = await real_name_citizen(running)
    app = await start(running, phone)

    # The situation decides what applies: for a child, a guardian and the guardian's ID.
    saved = await running.client.patch(
        url(app, "answers"),
        json={"answers": {"for_whom": "child", "guardian_name": "王大明", "delivery": "mail"}},
        headers=keyed(phone, **{"If-Match": f'"{app["revision"]}"'}),
    )
    assert saved.status_code == 200, saved.text
    assert_documented(saved, "/api/v1/applications/{ref}/answers", "patch")
    assert saved.json()["revision"] > app["revision"]

    # The check lists everything still missing, at once.
    check = await running.client.get(url(app, "check"), headers=phone)
    assert check.status_code == 200
    assert_documented(check, "/api/v1/applications/{ref}/check", "get")
    missing = {p["path"] for p in check.json()["problems"]}
    assert check.json()["ready"] is False
    assert {"materials.id_card", "materials.guardian_id", "answers.mailing_address"} <= missing
    # The form's own delivery question counts as the choice: it is not asked again.
    assert "delivery.method" not in missing
    # Nothing incomplete can be submitted: the same list comes back as a 422.
    refused = await running.client.post(url(app, "submission"), headers=keyed(phone))
    assert refused.status_code == 422
    assert {p["path"] for p in refused.json()["error"]["problems"]} == missing

    body = await detail(running, phone, app)
    materials = materials_of(body)
    assert materials["hukou_booklet"]["status"] == "shared_data"
    assert materials["hukou_booklet"]["shared_department"]["code"] == "GA"
    assert materials["id_card"]["status"] == "missing"
    assert materials["guardian_id"]["status"] == "missing"

    # A real photo and a real scan; the answer describes the stored file, never the client's name.
    photo = await upload(running, phone, app, "id_card", image_bytes("PNG"))
    assert photo.status_code == 201, photo.text
    assert_documented(photo, "/api/v1/applications/{ref}/materials/{code}/files", "post")
    stored = photo.json()
    assert stored["material"] == "id_card" and stored["media_type"] == "image/png"
    assert photo.headers["location"] == stored["url"]
    scan = await running.client.post(
        url(app, "materials", "guardian_id", "files"),
        files={"file": ("王大明身份证.jpg", image_bytes("JPEG"), "image/jpeg")},
        headers=keyed(phone),
    )
    assert scan.status_code == 201, scan.text
    assert "王大明" not in scan.text

    download = await running.client.get(stored["url"], headers=phone)
    assert download.status_code == 200
    assert download.headers["content-type"] == "image/png"
    assert download.headers["x-content-type-options"] == "nosniff"
    assert download.headers["cache-control"] == "no-store"
    assert download.headers["content-disposition"].startswith('attachment; filename="')
    assert "filename*=UTF-8''" in download.headers["content-disposition"]
    assert download.content.startswith(b"\x89PNG")

    address = "北京市朝阳区幸福路 1 号"
    delivered = await running.client.put(
        url(app, "delivery"), json={"method": "mail", "address": address}, headers=keyed(phone)
    )
    assert delivered.status_code == 200, delivered.text
    answered = await running.client.patch(
        url(app, "answers"), json={"answers": {"mailing_address": address}}, headers=keyed(phone)
    )
    assert answered.status_code == 200, answered.text

    ready = await running.client.get(url(app, "check"), headers=phone)
    assert ready.json()["problems"] == [] and ready.json()["ready"] is True

    submitted = await running.client.post(url(app, "submission"), headers=keyed(phone))
    assert submitted.status_code == 200, submitted.text
    assert_documented(submitted, "/api/v1/applications/{ref}/submission", "post")
    number = submitted.json()["number"]
    assert numbers.is_valid(number)
    assert submitted.json()["state"]["code"] == "submitted" and submitted.json()["editable"] is False

    # The number works as the ref from now on; the answers can no longer change.
    by_number = await detail(running, phone, number)
    assert by_number["id"] == app["id"] and by_number["delivery"]["address"] == address
    late = await running.client.patch(
        url(number, "answers"), json={"answers": {"guardian_name": "王小明"}}, headers=keyed(phone)
    )
    assert late.status_code == 409

    # The hall decides through the workflow functions; the phone sees it all.
    citizen = await citizens.find_by_id_number(running.services.db, running.services.vault, WANG["number"])
    assert citizen is not None
    await staff_approve(running, number, citizen.id)

    timeline = await running.client.get(url(number, "timeline"), headers=phone)
    assert timeline.status_code == 200
    assert_documented(timeline, "/api/v1/applications/{ref}/timeline", "get")
    acts = [e["act"] for e in timeline.json()["events"]]
    assert acts[0] == "start" and "submit" in acts and "accept" in acts and "approve" in acts
    assert all(e["text"]["zh"] and e["text"]["en"] for e in timeline.json()["events"])

    results = await running.client.get(url(number, "results"), headers=phone)
    assert results.status_code == 200
    assert_documented(results, "/api/v1/applications/{ref}/results", "get")
    documents = results.json()["results"]
    assert "decision" in {d["kind"] for d in documents}
    one = await running.client.get(url(number, "results", documents[0]["id"]), headers=phone)
    assert one.status_code == 200
    assert_documented(one, "/api/v1/applications/{ref}/results/{result_id}", "get")
    assert "body" in one.json()
    unknown = await running.client.get(url(number, "results", "nope"), headers=phone)
    assert unknown.status_code == 404

    final = await detail(running, phone, number)
    assert final["state"]["code"] == "approved"
    assert final["results"] and final["trips"] == 0

    # The approval put an electronic ID card in the wallet, shown masked.
    wallet = await running.client.get(f"{API}/certificates", headers=phone)
    assert wallet.status_code == 200
    assert_documented(wallet, "/api/v1/certificates", "get")
    assert [c["type"]["code"] for c in wallet.json()["certificates"]] == ["resident_id_card"]

    mine = await running.client.get(f"{API}/applications", headers=phone)
    assert mine.status_code == 200
    assert_documented(mine, "/api/v1/applications", "get")
    assert [a["number"] for a in mine.json()["applications"]] == [number]


async def test_a_masked_value_sent_back_keeps_the_answer(running: Running) -> None:
    phone = await real_name_citizen(running)
    app = await start(running, phone)
    fields = fields_of(await detail(running, phone, app))
    echoed = {
        "applicant_id_number": fields["applicant_id_number"]["value"],
        "applicant_phone": fields["applicant_phone"]["value"],
        "for_whom": "self",
    }
    saved = await running.client.patch(url(app, "answers"), json={"answers": echoed}, headers=keyed(phone))
    assert saved.status_code == 200, saved.text
    after = fields_of(await detail(running, phone, app))
    assert after["applicant_id_number"]["value"] == "1101**********2312"
    assert after["applicant_id_number"]["source"]["kind"] == "profile"
    services = running.services
    held = await repository.load(services.db, services.vault, app["id"])
    assert held is not None
    assert held.answers["applicant_id_number"] == WANG["number"]
    assert held.answers["applicant_phone"] == WANG["phone"]


async def test_a_stale_if_match_is_a_409_and_saves_nothing(running: Running) -> None:
    phone = await real_name_citizen(running)
    app = await start(running, phone)
    first = await running.client.patch(
        url(app, "answers"), json={"answers": {"for_whom": "self"}}, headers=keyed(phone, **{"If-Match": '"0"'})
    )
    assert first.status_code == 200, first.text
    stale = await running.client.patch(
        url(app, "answers"), json={"answers": {"for_whom": "child"}}, headers=keyed(phone, **{"If-Match": '"0"'})
    )
    assert stale.status_code == 409
    assert stale.json()["error"]["code"] == "stale_revision"
    assert fields_of(await detail(running, phone, app))["for_whom"]["value"] == "self"


async def test_a_draft_can_be_discarded_and_is_gone(running: Running) -> None:
    phone = await real_name_citizen(running)
    app = await start(running, phone)
    gone = await running.client.delete(url(app), headers=keyed(phone))
    assert gone.status_code == 200
    assert_documented(gone, DOC, "delete")
    assert gone.json() == {"id": app["id"], "discarded": True}
    assert (await running.client.get(url(app), headers=phone)).status_code == 404
    listed = await running.client.get(f"{API}/applications", headers=phone)
    assert listed.json() == {"applications": []}


async def test_a_returned_application_is_corrected_and_resubmitted_under_its_number(running: Running) -> None:
    phone = await real_name_citizen(running)
    app = await start(running, phone)
    await complete_for_self(running, phone, app)
    number = (await running.client.post(url(app, "submission"), headers=keyed(phone))).json()["number"]
    citizen = await citizens.find_by_id_number(running.services.db, running.services.vault, WANG["number"])
    assert citizen is not None
    held = await access.for_citizen(running.services, citizen.id, number)
    items = [
        CorrectionItem("materials.id_card", "照片模糊，请重新上传"),
        CorrectionItem("other", "请确认户籍地址"),
    ]
    await workflow.return_for_correction(
        running.services, held, CLERK_GA, items, where=STAFF_DESK, now=running.clock.now()
    )

    returned = await detail(running, phone, number)
    assert returned["state"]["code"] == "returned" and returned["editable"] is True
    # Every item at once (一次性告知).
    assert returned["correction"] == [
        {"target": "materials.id_card", "reason": "照片模糊，请重新上传"},
        {"target": "other", "reason": "请确认户籍地址"},
    ]

    again = await upload(running, phone, app, "id_card", image_bytes("PNG", (80, 60)))
    assert again.status_code == 201, again.text
    resubmitted = await running.client.post(url(number, "submission"), headers=keyed(phone))
    assert resubmitted.status_code == 200, resubmitted.text
    assert resubmitted.json()["number"] == number
    assert resubmitted.json()["state"]["code"] == "submitted"
    assert (await detail(running, phone, number))["correction"] == []
    acts = [e["act"] for e in (await running.client.get(url(number, "timeline"), headers=phone)).json()["events"]]
    assert acts[-2:] == ["return", "resubmit"]
