"""Drafts of catalog items and bundles (shared/catalog/drafts.py) over a real database: saving with
revisions, checking with the import's own validation, publishing through the import's code."""

from __future__ import annotations

import copy
import json
from collections.abc import AsyncIterator
from typing import Any

import pytest

from shared import audit
from shared.audit import Actor, Where
from shared.catalog import drafts, repository
from shared.catalog.drafts import Editor
from shared.catalog.importer import (
    CatalogFileError,
    content_hash,
    import_catalog,
    parse_catalog_text,
    publish_document,
    single_document_file,
)
from shared.clock import ManualClock
from shared.config import Settings
from shared.services import Services, open_services
from shared.staff.management import NewAccount, create_account
from tests.conftest import mini_catalog, mini_catalog_text

ITEM = "GA-SFZ-002"


@pytest.fixture
async def services(settings: Settings, clock: ManualClock) -> AsyncIterator[Services]:
    async with open_services(settings, clock) as opened:
        await import_catalog(opened.db, parse_catalog_text(mini_catalog_text()))
        yield opened


@pytest.fixture
async def editor(services: Services, clock: ManualClock) -> Editor:
    account = await create_account(
        services.db,
        NewAccount("editor", "编辑员", "admin", None, "a long enough password"),
        (await services.catalog.current()).departments.keys(),
        Actor.system("test"),
        Where.system(),
        clock.now(),
    )
    return Editor(account.id, account.actor(), Where.address("10.0.0.9"))


def mini_item(code: str = ITEM) -> dict[str, Any]:
    item: dict[str, Any] = next(i for i in mini_catalog()["items"] if i["code"] == code)
    return copy.deepcopy(item)


async def save(services: Services, editor: Editor, document: dict[str, Any], revision: int) -> drafts.Saved:
    async with services.db.transaction() as tx:
        return await drafts.save(
            tx, "item", document["code"], document, expected_revision=revision, editor=editor, now=services.clock.now()
        )


async def publish(services: Services, editor: Editor, revision: int, version: int | None) -> Any:
    async with services.db.transaction() as tx:
        return await drafts.publish(
            tx,
            "item",
            ITEM,
            expected_revision=revision,
            expected_version=version,
            editor=editor,
            now=services.clock.now(),
        )


async def test_saving_the_published_content_starts_no_draft_and_audits_nothing(
    services: Services, editor: Editor
) -> None:
    saved = await save(services, editor, mini_item(), 0)
    assert not saved.changed and saved.draft.revision == 0
    assert await drafts.get(services.db, "item", ITEM) is None
    assert await audit.recent(services.db, action="catalog.item.draft.save") == []


async def test_each_save_is_the_next_revision_audited_with_its_difference(services: Services, editor: Editor) -> None:
    document = mini_item()
    document["name"]["zh"] = "居民身份证换领"
    first = await save(services, editor, document, 0)
    assert first.changed and first.draft.revision == 1 and first.draft.base_version == 1
    assert first.draft.updated_by_name == "编辑员"
    document["promised_days"] = 15
    second = await save(services, editor, document, 1)
    assert second.draft.revision == 2 and second.draft.document["promised_days"] == 15

    entries = await audit.recent(services.db, action="catalog.item.draft.save")
    assert [entry.detail["revision"] for entry in entries] == [2, 1]
    assert entries[0].target == f"item:{ITEM}" and entries[0].actor_label
    assert entries[0].detail["changes"] == [{"path": "promised_days", "kind": "changed", "before": 20, "after": 15}]
    assert entries[1].detail["changes"] == [
        {"path": "name.zh", "kind": "changed", "before": "居民身份证到期换领", "after": "居民身份证换领"}
    ]


async def test_a_save_from_an_older_revision_is_refused_and_changes_nothing(services: Services, editor: Editor) -> None:
    document = mini_item()
    document["promised_days"] = 10
    await save(services, editor, document, 0)
    theirs = copy.deepcopy(document)
    theirs["promised_days"] = 5
    with pytest.raises(drafts.StaleDraft) as refused:
        await save(services, editor, theirs, 0)  # opened before the first save
    assert refused.value.status == 409
    draft = await drafts.get(services.db, "item", ITEM)
    assert draft is not None and draft.revision == 1 and draft.document["promised_days"] == 10


async def test_the_check_is_the_imports_validation_word_for_word(services: Services, editor: Editor) -> None:
    document = mini_item()
    document["promised_days"] = 90  # legal_days is 60
    document["materials"][0]["kind"] = "photocopy"
    problems = await drafts.check(services.db, "item", document)
    with pytest.raises(CatalogFileError) as refused:
        await import_catalog(services.db, single_document_file("item", document))
    assert [str(p) for p in problems] == [str(p) for p in refused.value.problems]
    # A structural fault hides the reference checks, as in an import; fixed, the time limit shows.
    document["materials"][0]["kind"] = "copy"
    problems = await drafts.check(services.db, "item", document)
    assert [(p.path, p.message) for p in problems] == [
        ("items[0].promised_days", "the promised time limit (90 days) exceeds the legal one (60 days)")
    ]


async def test_publishing_makes_the_next_version_and_revision_and_removes_the_draft(
    services: Services, editor: Editor
) -> None:
    before = await repository.read_revision(services.db)
    document = mini_item()
    document["summary"] = {"zh": "新的简介。"}
    await save(services, editor, document, 0)
    publication = await publish(services, editor, 1, 1)
    assert publication.changed and publication.version == 2 and publication.previous_version == 1
    assert await repository.read_revision(services.db) == before + 1
    assert await drafts.get(services.db, "item", ITEM) is None
    published = await drafts.published(services.db, "item", ITEM)
    assert published is not None and published.version == 2 and published.document["summary"] == {"zh": "新的简介。"}
    # Exactly what an import of the same document would have stored.
    row = await repository.read_item_version(services.db, ITEM, 2)
    assert row is not None and json.loads(row["document"]) == document
    (entry,) = await audit.recent(services.db, action="catalog.item.publish")
    assert entry.detail["version"] == 2 and entry.detail["unchanged"] is False
    assert {(c["path"], c["kind"]) for c in entry.detail["changes"]} == {
        ("summary.zh", "changed"),
        ("summary.en", "removed"),
    }


async def test_publishing_unchanged_content_makes_no_version(services: Services, editor: Editor) -> None:
    before = await repository.read_revision(services.db)
    document = mini_item()
    document["promised_days"] = 10
    await save(services, editor, document, 0)
    await save(services, editor, mini_item(), 1)  # and back: the draft now equals version 1
    publication = await publish(services, editor, 2, 1)
    assert not publication.changed and publication.version == 1
    assert await repository.read_revision(services.db) == before
    assert await drafts.get(services.db, "item", ITEM) is None
    (entry,) = await audit.recent(services.db, action="catalog.item.publish")
    assert entry.detail["unchanged"] is True and "changes" not in entry.detail


async def test_a_refused_draft_is_not_published_and_stays(services: Services, editor: Editor) -> None:
    document = mini_item()
    document["department"] = "NOPE"
    await save(services, editor, document, 0)
    with pytest.raises(drafts.PublishRefused) as refused:
        await publish(services, editor, 1, 1)
    assert [p.message for p in refused.value.catalog_problems] == ["unknown department 'NOPE'"]
    assert (await drafts.get(services.db, "item", ITEM)) is not None
    published = await drafts.published(services.db, "item", ITEM)
    assert published is not None and published.version == 1


async def test_a_version_published_meanwhile_stops_the_publication(services: Services, editor: Editor) -> None:
    document = mini_item()
    document["promised_days"] = 10
    await save(services, editor, document, 0)
    # Someone imports a new version after this draft was reviewed against version 1.
    other = mini_item()
    other["promised_days"] = 30
    async with services.db.transaction() as tx:
        assert (await publish_document(tx, "item", other)).version == 2
    with pytest.raises(drafts.PublishedMeanwhile):
        await publish(services, editor, 1, 1)
    publication = await publish(services, editor, 1, 2)  # reviewed again against version 2
    assert publication.version == 3


async def test_publish_document_and_import_share_one_path(services: Services) -> None:
    """The same content through either way is one version: the import sees it unchanged."""
    document = mini_item()
    document["keywords"] = ["身份证", "换证"]
    async with services.db.transaction() as tx:
        publication = await publish_document(tx, "item", document)
    assert publication.changed and publication.version == 2
    report = await import_catalog(services.db, single_document_file("item", document))
    assert report.unchanged == [ITEM] and not report.changed
    current = await repository.current_version(services.db, "items", ITEM)
    assert current == (2, content_hash(document))


async def test_a_new_item_starts_as_a_draft_whose_code_must_be_free(services: Services, editor: Editor) -> None:
    new = {"code": "GA-NEW-001", "name": {"zh": "新事项"}, "type": "public_service", "department": "GA"}
    async with services.db.transaction() as tx:
        draft = await drafts.create(tx, "item", new, editor, services.clock.now())
    assert draft.revision == 1 and draft.base_version is None
    for code in ("GA-NEW-001", ITEM):
        with pytest.raises(drafts.CodeTaken):
            async with services.db.transaction() as tx:
                await drafts.create(tx, "item", {**new, "code": code}, editor, services.clock.now())
    async with services.db.transaction() as tx:
        publication = await drafts.publish(
            tx, "item", "GA-NEW-001", expected_revision=1, expected_version=None, editor=editor, now=0.0
        )
    assert publication.created and publication.version == 1


async def test_discarding_needs_the_current_revision(services: Services, editor: Editor) -> None:
    document = mini_item()
    document["promised_days"] = 10
    await save(services, editor, document, 0)
    with pytest.raises(drafts.StaleDraft):
        async with services.db.transaction() as tx:
            await drafts.discard(tx, "item", ITEM, expected_revision=0, editor=editor, now=0.0)
    async with services.db.transaction() as tx:
        await drafts.discard(tx, "item", ITEM, expected_revision=1, editor=editor, now=0.0)
    assert await drafts.get(services.db, "item", ITEM) is None
    (entry,) = await audit.recent(services.db, action="catalog.item.draft.discard")
    assert entry.target == f"item:{ITEM}"


async def test_a_bundle_draft_is_checked_against_its_items(services: Services, editor: Editor) -> None:
    bundle = copy.deepcopy(mini_catalog()["bundles"][0])
    bundle["items"] = ["WJ-CSYX-001", "GA-OLD-001", "MISSING"]
    problems = await drafts.check(services.db, "bundle", bundle)
    assert [(p.path, p.message) for p in problems] == [
        ("bundles[0].items[1]", "item 'GA-OLD-001' is retired"),
        ("bundles[0].items[2]", "unknown item 'MISSING'"),
    ]
