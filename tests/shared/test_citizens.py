"""Citizens at rest: sealed numbers, keyed look-ups, and who is the same person."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from shared.db import Database
from shared.identity import citizens
from shared.identity.citizens import IdentityMismatch
from shared.identity.numbers import normalize_credit_code, normalize_id_number, normalize_mobile, normalize_name
from shared.privacy.vault import PiiVault
from tests.pii import ID_LI, ID_ZHANG, PHONE_LI, PHONE_ZHANG, make_id_number

NOW = 1_790_000_000.0
TODAY = dt.date(2026, 11, 21)


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = Database(tmp_path / "citizens.sqlite3", readers=1)
    await database.open()
    yield database
    await database.close()


@pytest.fixture
def vault() -> PiiVault:
    return PiiVault(b"v" * 32)


def test_numbers_are_normalised_or_refused() -> None:
    assert normalize_id_number(f" {ID_ZHANG.lower()} ", TODAY) == ID_ZHANG.upper()
    assert (
        normalize_id_number("１１０１０５１９９００３０７１２３" + ID_ZHANG[-4:], TODAY) is None
    )  # full-width, wrong length
    assert normalize_id_number(ID_ZHANG[:-1] + ("1" if ID_ZHANG[-1] != "1" else "2"), TODAY) is None
    assert normalize_id_number(make_id_number("110105", "20270101", "001"), TODAY) is None  # born tomorrow-ish
    assert normalize_id_number(make_id_number("999999", "19900101", "001"), TODAY) is None  # no such area
    assert normalize_id_number(make_id_number("110105", "19900230", "001"), TODAY) is None  # no such day


def test_id_numbers_of_counties_newer_than_any_table_are_accepted() -> None:
    # 余杭区 330110 and 临安区 330112 are real; a number from any county of a real province
    # passes, because counties change every year and numbers keep their issuing county's code.
    # (python-stdnum's table refused the first and raised KeyError on 330113.)
    for area in ("330110", "330112", "330113", "330199", "810000", "110105"):
        number = make_id_number(area, "19900101", "123")
        assert normalize_id_number(number, TODAY) == number, area
    assert normalize_mobile("+86 138-1234-5678") == PHONE_ZHANG
    assert normalize_mobile("12812345678") is None
    assert normalize_name(" 张  三 ") is None and normalize_name("张三") == "张三"
    assert normalize_name("阿依古丽·买买提") == "阿依古丽·买买提"
    assert normalize_name("<script>") is None
    assert normalize_credit_code(" 91330106ma2b12345n ") == "91330106MA2B12345N"
    assert normalize_credit_code("91330106MA2B12345M") is None


async def test_numbers_are_sealed_at_rest(db: Database, vault: PiiVault, tmp_path: Path) -> None:
    async with db.transaction() as tx:
        citizen_id = await citizens.sign_in_with_id_card(tx, vault, "张三", ID_ZHANG, NOW)
    citizen = await citizens.get(db, citizen_id)
    assert citizen is not None and citizen.is_real_name and citizen.verified_by == "id_card"
    assert citizen.name_masked == "张*" and citizen.id_number_masked == ID_ZHANG[:4] + "*" * 10 + ID_ZHANG[-4:]
    await db.close()
    raw = (tmp_path / "citizens.sqlite3").read_bytes()
    wal = tmp_path / "citizens.sqlite3-wal"
    raw += wal.read_bytes() if wal.exists() else b""
    assert ID_ZHANG.encode() not in raw and "张三".encode() not in raw
    await db.open()
    assert await citizens.reveal(db, vault, citizen_id) == ("张三", ID_ZHANG, "")


async def test_the_same_card_is_the_same_citizen(db: Database, vault: PiiVault) -> None:
    async with db.transaction() as tx:
        first = await citizens.sign_in_with_id_card(tx, vault, "张三", ID_ZHANG, NOW)
        again = await citizens.sign_in_with_id_card(tx, vault, "张三", ID_ZHANG, NOW + 60)
        other = await citizens.sign_in_with_id_card(tx, vault, "李四", ID_LI, NOW)
    assert first == again != other


async def test_binding_on_the_phone_joins_the_citizen_known_from_the_kiosk(db: Database, vault: PiiVault) -> None:
    async with db.transaction() as tx:
        from_card = await citizens.sign_in_with_id_card(tx, vault, "张三", ID_ZHANG, NOW)
        from_phone = await citizens.create(tx, NOW)
        joined = await citizens.bind_real_name(tx, vault, from_phone, "张三", ID_ZHANG, PHONE_ZHANG, NOW)
    assert joined == from_card
    citizen = await citizens.get(db, from_card)
    assert citizen is not None and citizen.phone_masked == "138****5678" and citizen.verified_by == "id_card"


async def test_binding_refuses_a_known_number_under_another_name(db: Database, vault: PiiVault) -> None:
    async with db.transaction() as tx:
        await citizens.sign_in_with_id_card(tx, vault, "张三", ID_ZHANG, NOW)
        stranger = await citizens.create(tx, NOW)
    with pytest.raises(IdentityMismatch):
        async with db.transaction() as tx:
            await citizens.bind_real_name(tx, vault, stranger, "王五", ID_ZHANG, PHONE_LI, NOW)
    async with db.transaction() as tx:
        fresh = await citizens.create(tx, NOW)
        bound = await citizens.bind_real_name(tx, vault, fresh, "李四", ID_LI, PHONE_LI, NOW)
    assert bound == fresh
    with pytest.raises(IdentityMismatch):
        async with db.transaction() as tx:
            await citizens.bind_real_name(tx, vault, fresh, "李四", make_id_number(), PHONE_LI, NOW)
