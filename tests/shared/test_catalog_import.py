"""Catalog files: every problem at once, all-or-nothing imports, idempotency, export round trip."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from onevisit import main
from shared.catalog import repository as repo
from shared.catalog.importer import CatalogFileError, export_catalog, import_catalog, parse_catalog_text
from shared.catalog.validation import validate_catalog
from shared.db import Database
from tests.conftest import FIXTURES, mini_catalog


@pytest.fixture
async def db(tmp_path: Path) -> Any:
    database = Database(tmp_path / "catalog.sqlite3", readers=1)
    await database.open()
    try:
        yield database
    finally:
        await database.close()


async def count(db: Database, table: str) -> int:
    row = await db.fetch_one(f"SELECT COUNT(*) FROM {table}")
    assert row is not None
    return int(row[0])


def broken_catalog() -> dict[str, Any]:
    doc = mini_catalog()
    items = doc["items"]
    items[0]["promised_days"] = 90  # more than the legal 60
    items[0]["materials"][0]["certificate_type"] = "no_such_cert"
    items[0]["form"]["groups"][0]["fields"][1]["when"] = {"field": "delivery", "equals": "mail"}  # asked later
    items[1]["department"] = "NOPE"
    items[2]["max_visits"] = 2  # without a reason
    items[2]["form"]["groups"][0]["fields"].append(copy.deepcopy(items[2]["form"]["groups"][0]["fields"][0]))
    doc["bundles"][0]["items"] = ["WJ-CSYX-001", "MISSING"]
    return doc


def test_every_problem_is_reported_with_item_and_path() -> None:
    problems = validate_catalog(broken_catalog())
    found = {(p.item, p.path) for p in problems}
    assert found == {
        ("GA-SFZ-002", "items[0].promised_days"),
        ("GA-SFZ-002", "items[0].materials[0].certificate_type"),
        ("GA-SFZ-002", "items[0].form.groups[0].fields[1].when"),
        ("WJ-CSYX-001", "items[1].department"),
        ("YB-CB-003", "items[2].visit_reason"),
        ("YB-CB-003", "items[2].form.groups[0].fields[3].code"),
        ("newborn", "bundles[0].items[1]"),
    }, problems
    when = next(p for p in problems if p.path.endswith("fields[1].when"))
    assert "'delivery'" in when.message and "before" in when.message


def test_structure_problems_are_all_reported_with_paths() -> None:
    doc = mini_catalog()
    doc["items"][0]["type"] = "permit"
    doc["items"][1]["materials"][0]["kind"] = "photocopy"
    doc["items"][2]["legal_days"] = -1
    del doc["items"][3]["department"]
    problems = validate_catalog(doc)
    assert {(p.item, p.path) for p in problems} == {
        ("GA-SFZ-002", "items[0].type"),
        ("WJ-CSYX-001", "items[1].materials[0].kind"),
        ("YB-CB-003", "items[2].legal_days"),
        ("GA-HJ-010", "items[3]"),
    }


def test_conditions_on_choices_must_name_an_option() -> None:
    doc = mini_catalog()
    doc["items"][0]["materials"][2]["when"] = {"field": "for_whom", "in": ["kid"]}
    problems = validate_catalog(doc)
    assert [(p.path, p.message) for p in problems] == [
        ("items[0].materials[2].when", "'kid' is not an option of 'for_whom'")
    ]


def test_bundle_items_must_agree_on_shared_fields() -> None:
    doc = mini_catalog()
    doc["items"][2]["form"]["groups"][0]["fields"][0]["type"] = "date"  # baby_name as a date
    problems = validate_catalog(doc)
    assert len(problems) == 1 and problems[0].item == "newborn" and "baby_name" in problems[0].message


@pytest.mark.parametrize(
    "text",
    [
        '{"format": "onevisit-catalog", "format_version": 1, "items": [1, NaN]}',
        '{"format": "onevisit-catalog", "format": "x"}',
        '{"format": ',
    ],
)
def test_unparseable_files_are_refused(text: str) -> None:
    with pytest.raises(CatalogFileError) as caught:
        parse_catalog_text(text)
    assert caught.value.problems


async def test_a_bad_file_writes_nothing(db: Database) -> None:
    with pytest.raises(CatalogFileError) as caught:
        await import_catalog(db, broken_catalog())
    assert len(caught.value.problems) == 7
    for table in ("departments", "categories", "items", "item_versions", "bundles"):
        assert await count(db, table) == 0, table
    assert await repo.read_revision(db) == 0


async def test_importing_twice_changes_nothing(db: Database) -> None:
    first = await import_catalog(db, mini_catalog())
    assert sorted(first.created) == sorted(
        ["GA-SFZ-002", "WJ-CSYX-001", "YB-CB-003", "GA-HJ-010", "GA-OLD-001", "newborn"]
    )
    assert first.revision == 1
    second = await import_catalog(db, mini_catalog())
    assert not second.changed and second.revision is None
    assert len(second.unchanged) == 6
    assert await repo.read_revision(db) == 1
    assert await count(db, "item_versions") == 5


async def test_reordered_keys_are_the_same_content(db: Database) -> None:
    await import_catalog(db, mini_catalog())
    doc = mini_catalog()
    doc["items"] = [dict(reversed(list(item.items()))) for item in doc["items"]]
    report = await import_catalog(db, doc)
    assert not report.changed


async def test_a_changed_item_gets_a_new_version_and_the_bundle_follows(db: Database) -> None:
    await import_catalog(db, mini_catalog())
    doc = mini_catalog()
    doc["items"][2]["promised_days"] = 5
    report = await import_catalog(db, doc)
    assert report.updated == ["YB-CB-003", "newborn"]
    rows = await db.fetch_all(
        "SELECT item_code, item_version FROM bundle_version_items WHERE bundle_code = 'newborn'"
        " ORDER BY version, position"
    )
    assert [tuple(r) for r in rows] == [("WJ-CSYX-001", 1), ("YB-CB-003", 1), ("WJ-CSYX-001", 1), ("YB-CB-003", 2)]


async def test_dry_run_reports_but_writes_nothing(db: Database) -> None:
    report = await import_catalog(db, mini_catalog(), dry_run=True)
    assert report.dry_run and len(report.created) == 6
    assert await count(db, "items") == 0
    assert await repo.read_revision(db) == 0


async def test_published_versions_are_immutable(db: Database) -> None:
    import sqlite3

    await import_catalog(db, mini_catalog())
    with pytest.raises(sqlite3.IntegrityError, match="immutable"):
        async with db.transaction() as tx:
            await tx.execute("UPDATE item_versions SET document = '{}' WHERE item_code = 'GA-SFZ-002'")
    with pytest.raises(sqlite3.IntegrityError, match="immutable"):
        async with db.transaction() as tx:
            await tx.execute("DELETE FROM item_versions")


async def test_export_gives_back_what_was_imported(db: Database) -> None:
    original = mini_catalog()
    await import_catalog(db, original)
    exported = await export_catalog(db)
    assert exported == original
    assert not (await import_catalog(db, exported)).changed


async def test_partial_files_may_refer_to_what_is_already_there(db: Database) -> None:
    await import_catalog(db, mini_catalog())
    item = mini_catalog()["items"][0]
    item["code"] = "GA-SFZ-003"
    item["name"] = {"zh": "居民身份证遗失补领"}
    partial = {"format": "onevisit-catalog", "format_version": 1, "items": [item]}
    report = await import_catalog(db, partial)
    assert report.created == ["GA-SFZ-003"]


def test_optional_elements_may_be_missing() -> None:
    minimal = {
        "format": "onevisit-catalog",
        "format_version": 1,
        "departments": [{"code": "D", "name": {"zh": "部门"}}],
        "items": [{"code": "X-1", "name": {"zh": "事项"}, "type": "public_service", "department": "D"}],
    }
    assert validate_catalog(minimal) == []


def test_cli_validate_import_dry_run_and_export(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = str(tmp_path / "data")
    catalog = str(FIXTURES / "mini_catalog.json")
    assert main(["catalog", "validate", catalog]) == 0
    assert main(["catalog", "import", catalog, "--dry-run", "--data-dir", data]) == 0
    assert "dry run: 6 new" in capsys.readouterr().out
    assert main(["catalog", "import", catalog, "--data-dir", data]) == 0
    assert main(["catalog", "import", catalog, "--data-dir", data]) == 0
    assert "0 new, 0 new versions, 6 unchanged" in capsys.readouterr().out
    out = tmp_path / "export.json"
    assert main(["catalog", "export", str(out), "--data-dir", data]) == 0
    assert json.loads(out.read_text(encoding="utf-8")) == mini_catalog()

    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(broken_catalog(), ensure_ascii=False), encoding="utf-8")
    assert main(["catalog", "import", str(bad), "--data-dir", data]) == 1
    err = capsys.readouterr().err
    assert "Nothing was imported." in err and "7 problem(s)" in err
    assert "items[1].department (WJ-CSYX-001): unknown department 'NOPE'" in err
