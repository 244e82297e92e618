"""Pure checks of the numbers and names that identify people and companies.

- Resident ID number (居民身份证号码), GB 11643-1999: 6-digit area code, 8-digit birth
  date, 3-digit order, and a check character by ISO 7064 MOD 11-2. We check the check
  character, that the birth date exists and is not in the future, and that the first two
  digits name a province-level region (GB/T 2260). Not the whole area code: a number keeps
  the code of the county that issued it, counties are created, merged and renamed every
  year, and an out-of-date table (python-stdnum's rejects 330110 余杭区 and crashed on
  330113) would turn real residents away.
- Unified social credit code (统一社会信用代码), GB 32100-2015: 18 characters from a
  31-symbol alphabet with a MOD 31 check character.
- Mainland mobile numbers: 11 digits starting 13-19, with an optional +86.

They return the normalised value or None; callers turn None into a field problem that
never repeats what was typed.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from stdnum.cn import uscc

MOBILE = re.compile(r"1[3-9]\d{9}")
# Chinese names (with the middle dot of minority and transliterated names) or Latin names.
NAME = re.compile(r"[\u3400-\u9fff\u00b7\u30fb]{2,20}|[A-Za-z][A-Za-z .'-]{1,59}")


# Province-level codes (GB/T 2260), plus 81/82/83: the residence permits of Hong Kong,
# Macao and Taiwan residents use the same number format.
PROVINCES = frozenset(
    ("11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37", "41", "42", "43")
    + ("44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65", "71", "81", "82", "83")
)
ID_NUMBER = re.compile(r"\d{17}[\dX]")
EARLIEST_BIRTH = dt.date(1890, 1, 1)


def normalize_id_number(value: str, today: dt.date) -> str | None:
    clean = unicodedata.normalize("NFKC", value).strip().upper().replace(" ", "")
    return clean if valid_id_number(clean, today) else None


def valid_id_number(clean: str, today: dt.date) -> bool:
    """GB 11643: shape, province, a real birth date not in the future, and the check character."""
    if not ID_NUMBER.fullmatch(clean) or clean[:2] not in PROVINCES:
        return False
    try:
        born = dt.date(int(clean[6:10]), int(clean[10:12]), int(clean[12:14]))
    except ValueError:
        return False
    return EARLIEST_BIRTH <= born <= today and id_check_character(clean[:17]) == clean[17]


ID_CHECK_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def id_check_character(first_17: str) -> str:
    """GB 11643's check character for the first 17 digits (ISO 7064 MOD 11-2)."""
    total = sum(int(digit) * weight for digit, weight in zip(first_17, ID_CHECK_WEIGHTS, strict=True))
    return "10X98765432"[total % 11]


def birth_date(id_number: str) -> dt.date:
    return dt.date(int(id_number[6:10]), int(id_number[10:12]), int(id_number[12:14]))


def normalize_mobile(value: str) -> str | None:
    clean = re.sub(r"[\s\-()]", "", unicodedata.normalize("NFKC", value))
    clean = clean.removeprefix("+86").removeprefix("0086")
    return clean if MOBILE.fullmatch(clean) else None


def normalize_name(value: str) -> str | None:
    clean = " ".join(unicodedata.normalize("NFKC", value).split())
    # NFKC turns the full-width middle dot into the ASCII one; keep the Chinese convention.
    clean = clean.replace("・", "·")
    return clean if NAME.fullmatch(clean) else None


def normalize_credit_code(value: str) -> str | None:
    clean = unicodedata.normalize("NFKC", value).strip().upper().replace(" ", "")
    return clean if len(clean) == 18 and uscc.is_valid(clean) else None
