"""好差评 in the core: one rating per application for ever, five levels, reasons per level."""

from __future__ import annotations

import asyncio
import sqlite3

import pytest

from shared import ratings
from shared.applications.access import ApplicationNotFound
from shared.errors import ValidationFailed
from shared.ratings.levels import LEVEL_TEXT, REASONS_FOR_LEVEL
from shared.services import Services
from tests.conftest import Running
from tests.pii import ID_LI, ID_ZHANG
from tests.shared.applications.conftest import id_card_citizen, id_card_draft, newborn, submitted


@pytest.fixture
def services(running: Running) -> Services:
    return running.services


async def give(services: Services, app: object, citizen_id: str, level: int, reasons: list[str], **kw: object) -> None:
    async with services.db.transaction() as tx:
        await ratings.rate(tx, app, citizen_id, level, reasons, "kiosk", services.clock.now(), **kw)  # type: ignore[arg-type]


def test_the_five_national_levels() -> None:
    assert [LEVEL_TEXT[level].zh for level in ratings.LEVEL_VALUES] == [
        "非常满意",
        "满意",
        "基本满意",
        "不满意",
        "非常不满意",
    ]
    assert all(REASONS_FOR_LEVEL[level] for level in ratings.LEVEL_VALUES)
    assert ratings.is_bad(2) and ratings.is_bad(1) and not ratings.is_bad(3)


async def test_rate_once_and_read_back(services: Services) -> None:
    zhang = await id_card_citizen(services, "张三", ID_ZHANG)
    app = await submitted(services, zhang)
    assert await ratings.for_application(services.db, app.id) is None
    await give(services, app, zhang, 5, ["quick", "easy", "quick"])
    rating = await ratings.for_application(services.db, app.id)
    assert rating is not None
    assert (rating.level, rating.reasons, rating.channel, rating.has_comment) == (5, ("quick", "easy"), "kiosk", False)
    assert rating.level_text.zh == "非常满意"
    with pytest.raises(ratings.AlreadyRated) as caught:
        await give(services, app, zhang, 1, ["slow"])
    assert caught.value.status == 409
    still = await ratings.for_application(services.db, app.id)
    assert still == rating


async def test_concurrent_ratings_make_one_row(services: Services) -> None:
    zhang = await id_card_citizen(services, "张三", ID_ZHANG)
    app = await submitted(services, zhang)
    outcomes = await asyncio.gather(
        *(give(services, app, zhang, level, []) for level in (5, 4, 3, 2, 1)), return_exceptions=True
    )
    assert sum(outcome is None for outcome in outcomes) == 1
    assert all(isinstance(o, ratings.AlreadyRated) for o in outcomes if o is not None)
    rows = await services.db.fetch_all("SELECT level FROM ratings WHERE application_id = ?", (app.id,))
    assert len(rows) == 1


async def test_the_table_refuses_update_and_delete(services: Services) -> None:
    zhang = await id_card_citizen(services, "张三", ID_ZHANG)
    app = await submitted(services, zhang)
    await give(services, app, zhang, 2, ["slow"])
    for statement in ("UPDATE ratings SET level = 5", "DELETE FROM ratings", "UPDATE ratings SET reasons = '[]'"):
        with pytest.raises(sqlite3.IntegrityError, match="never"):
            async with services.db.transaction() as tx:
                await tx.execute(statement)
    rating = await ratings.for_application(services.db, app.id)
    assert rating is not None and rating.level == 2


async def test_only_the_applicant_and_only_after_submission(services: Services) -> None:
    zhang = await id_card_citizen(services, "张三", ID_ZHANG)
    li = await id_card_citizen(services, "李四", ID_LI)
    draft = await id_card_draft(services, zhang)
    with pytest.raises(ratings.NotYetRatable):
        await give(services, draft, zhang, 5, [])
    app = await submitted(services, li)
    with pytest.raises(ApplicationNotFound):
        await give(services, app, zhang, 5, [])
    assert await ratings.for_application(services.db, draft.id) is None
    assert await ratings.for_application(services.db, app.id) is None


@pytest.mark.parametrize(
    ("level", "reasons", "path"),
    [
        (0, [], "level"),
        (6, [], "level"),
        (True, [], "level"),
        ("5", [], "level"),
        (5, ["slow"], "reasons"),
        (1, ["quick"], "reasons"),
        (3, "many_steps", "reasons"),
        (4, [7], "reasons"),
    ],
)
async def test_bad_levels_and_reasons_are_422(services: Services, level: object, reasons: object, path: str) -> None:
    zhang = await id_card_citizen(services, "张三", ID_ZHANG)
    app = await submitted(services, zhang)
    with pytest.raises(ValidationFailed) as caught:
        await give(services, app, zhang, level, reasons)  # type: ignore[arg-type]
    assert caught.value.problems[0].path == path
    assert caught.value.message.zh and caught.value.message.en
    assert await ratings.for_application(services.db, app.id) is None


async def test_a_comment_is_sealed(services: Services) -> None:
    zhang = await id_card_citizen(services, "张三", ID_ZHANG)
    app = await submitted(services, zhang)
    await give(services, app, zhang, 4, [], comment="  工作人员  很耐心 ", vault=services.vault)
    row = await services.db.fetch_one("SELECT comment FROM ratings WHERE application_id = ?", (app.id,))
    assert row is not None and "耐心".encode() not in bytes(row["comment"])
    rating = await ratings.for_application(services.db, app.id)
    assert rating is not None and rating.has_comment
    assert await ratings.store.comment_of(services.db, services.vault, rating.id) == "工作人员 很耐心"


async def test_a_bundle_is_rated_once_on_its_parent(services: Services) -> None:
    zhang = await id_card_citizen(services, "张三", ID_ZHANG)
    bundle = await newborn(services, zhang)
    child = bundle.children[0]
    await give(services, child, zhang, 4, [])
    parent_rating = await ratings.for_application(services.db, bundle.id)
    assert parent_rating is not None and parent_rating.application_id == bundle.id
    assert await ratings.for_application(services.db, bundle.children[1].id) == parent_rating
    with pytest.raises(ratings.AlreadyRated):
        await give(services, bundle, zhang, 5, [])
