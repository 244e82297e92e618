"""Masking, redaction, the vault and log redaction (GB/T 35273 display restriction)."""

from __future__ import annotations

import datetime as dt
import logging

import pytest
from hypothesis import given, strategies as st

from shared.privacy.logs import install_log_redaction
from shared.privacy.masking import (
    contains_personal_number,
    mask_id_number,
    mask_name,
    mask_phone,
    redact,
)
from shared.privacy.vault import PiiVault, VaultError, derive_key, new_token, token_hash
from tests.pii import ID_LI, ID_OLD, ID_ZHANG, PHONE_ZHANG, make_id_number


def test_masks_keep_only_the_agreed_characters() -> None:
    assert mask_id_number("11010519491231002X") == "1101**********002X"
    assert mask_phone("13812345678") == "138****5678"
    assert mask_name("张三") == "张*"
    assert mask_name("张三丰") == "张*"
    assert mask_name("欧阳娜娜") == "欧阳*"
    assert mask_name("John Smith") == "J* S*"
    assert mask_name("  ") == ""


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2025, 12, 31)), st.integers(0, 999))
def test_a_masked_id_number_hides_the_birth_date_and_county(birth: dt.date, order: int) -> None:
    number = make_id_number("330106", birth.strftime("%Y%m%d"), f"{order:03d}")
    masked = mask_id_number(number)
    assert masked[:4] == number[:4] and masked[-4:] == number[-4:]
    assert set(masked[4:-4]) == {"*"}
    assert birth.strftime("%Y%m%d") not in masked


def test_redact_masks_numbers_inside_text_but_not_longer_runs() -> None:
    text = f"id={ID_ZHANG}, phone +86 {PHONE_ZHANG}; application 2026112100001234567890"
    redacted = redact(text)
    assert ID_ZHANG not in redacted and PHONE_ZHANG not in redacted
    assert mask_id_number(ID_ZHANG) in redacted and mask_phone(PHONE_ZHANG) in redacted
    assert "2026112100001234567890" in redacted  # a longer run of digits is not a personal number
    assert contains_personal_number(redacted) == []
    assert contains_personal_number(text) == [mask_id_number(ID_ZHANG), mask_phone(PHONE_ZHANG)]


def test_contains_personal_number_ignores_runs_with_a_wrong_check_character() -> None:
    wrong = ID_LI[:-1] + ("0" if ID_LI[-1] != "0" else "1")
    assert contains_personal_number(wrong) == []
    assert contains_personal_number(ID_OLD.lower()) == [mask_id_number(ID_OLD.lower())]


def test_contains_personal_number_skips_digests_and_uuids_but_not_numbers_in_words() -> None:
    # The MD5 of a file's mtime once held "19212346253" and failed a whole CI run.
    digest = "9f0e" + "19212346253" + "ab" * 8 + "c0ffee"
    assert len(digest) >= 32 and contains_personal_number(f'ETag: "{digest}"') == []
    # A UUID's last group once read as "183****3137" in a sign-in answer's citizen id.
    assert contains_personal_number('"id": "5f0c2e7a-9b1d-4c3e-8a2f-18312343137b"') == []
    assert contains_personal_number("5f0c2e7a-9b1d-4c3e-8a2f-b18312343137") == []
    assert contains_personal_number(f"电话{PHONE_ZHANG}转") == [mask_phone(PHONE_ZHANG)]
    assert contains_personal_number(f"tel:{PHONE_ZHANG}abc") == [mask_phone(PHONE_ZHANG)]
    assert contains_personal_number(f"ref-{ID_ZHANG}-end") == [mask_id_number(ID_ZHANG)]


def test_vault_round_trip_is_bound_to_its_column() -> None:
    vault = PiiVault(b"k" * 32)
    sealed = vault.seal(ID_ZHANG, "citizens.id_number")
    assert ID_ZHANG.encode() not in sealed
    assert vault.open(sealed, "citizens.id_number") == ID_ZHANG
    assert vault.seal(ID_ZHANG, "citizens.id_number") != sealed  # a fresh nonce each time
    with pytest.raises(VaultError):
        vault.open(sealed, "citizens.phone")
    with pytest.raises(VaultError):
        vault.open(sealed[:-1] + bytes([sealed[-1] ^ 1]), "citizens.id_number")
    with pytest.raises(VaultError):
        PiiVault(b"x" * 32).open(sealed, "citizens.id_number")


def test_lookup_hashes_are_keyed_and_separated_by_kind() -> None:
    vault = PiiVault(b"k" * 32)
    assert vault.lookup_hash(ID_ZHANG, "id_number") == vault.lookup_hash(ID_ZHANG, "id_number")
    assert vault.lookup_hash(ID_ZHANG, "id_number") != vault.lookup_hash(ID_ZHANG, "phone")
    assert vault.lookup_hash(ID_ZHANG, "id_number") != PiiVault(b"j" * 32).lookup_hash(ID_ZHANG, "id_number")


def test_derived_keys_differ_by_purpose_and_tokens_are_long() -> None:
    assert derive_key(b"s" * 32, "a") != derive_key(b"s" * 32, "b")
    token = new_token()
    assert len(token) >= 43 and token != new_token()
    assert len(token_hash(token)) == 32


def test_log_records_are_masked_even_in_tracebacks(caplog: pytest.LogCaptureFixture) -> None:
    install_log_redaction()
    logger = logging.getLogger("onevisit.test")
    with caplog.at_level(logging.INFO, logger="onevisit.test"):
        logger.info("citizen %s phone %s", ID_ZHANG, PHONE_ZHANG)
        try:
            raise ValueError(f"bad number {ID_LI}\nsecond line")
        except ValueError:
            logger.exception("failed for %s", PHONE_ZHANG)
    assert ID_ZHANG not in caplog.text and PHONE_ZHANG not in caplog.text and ID_LI not in caplog.text
    assert mask_id_number(ID_ZHANG) in caplog.text and mask_id_number(ID_LI) in caplog.text
    # A line break in a message cannot forge a second log line.
    assert all("\n" not in record.getMessage() for record in caplog.records)
