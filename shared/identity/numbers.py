"""Pure checks of the numbers and names that identify people and companies.

- Resident ID number (居民身份证号码), GB 11643-1999: 6-digit area code, 8-digit birth
  date, 3-digit order, and a check character by ISO 7064 MOD 11-2. python-stdnum checks
  the check character, that the date exists and that the area code is a real one; we add
  that the birth date is not in the future.
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

from stdnum.cn import ric, uscc

MOBILE = re.compile(r"1[3-9]\d{9}")
# Chinese names (with the middle dot of minority and transliterated names) or Latin names.
NAME = re.compile(r"[\u3400-\u9fff\u00b7\u30fb]{2,20}|[A-Za-z][A-Za-z .'-]{1,59}")


def normalize_id_number(value: str, today: dt.date) -> str | None:
    clean = unicodedata.normalize("NFKC", value).strip().upper().replace(" ", "")
    if len(clean) != 18 or not ric.is_valid(clean):
        return None
    if ric.get_birth_date(clean) > today:
        return None
    return clean


ID_CHECK_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def id_check_character(first_17: str) -> str:
    """GB 11643's check character for the first 17 digits (ISO 7064 MOD 11-2)."""
    total = sum(int(digit) * weight for digit, weight in zip(first_17, ID_CHECK_WEIGHTS, strict=True))
    return "10X98765432"[total % 11]


def birth_date(id_number: str) -> dt.date:
    return ric.get_birth_date(id_number)


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
