"""How personal numbers and names are shown: masked, on the server, before any screen sees them.

GB/T 35273-2020 asks that personal information shown on a screen or on paper be
de-identified; no national text fixes how many characters to keep, so we follow common
practice (reliability-security.md §2.2):

- resident ID number (居民身份证号码): first 4 + last 4, `1101**********1234`; the middle
  holds the county code and the birth date;
- mobile phone: first 3 + last 4, `138****5678`;
- name: surname + `*`, `张*`, `欧阳*` for the common two-character surnames.

`redact` is the net under all of it: it finds anything in free text that looks like a
whole ID or mobile number and masks it, for log lines and tracebacks.
"""

from __future__ import annotations

import re

from shared.identity.numbers import id_check_character

# The two-character surnames (复姓) common enough to matter on a hall's screens.
COMPOUND_SURNAMES = frozenset(
    [
        "欧阳",
        "司马",
        "上官",
        "诸葛",
        "东方",
        "皇甫",
        "尉迟",
        "公孙",
        "慕容",
        "长孙",
        "宇文",
        "司徒",
        "夏侯",
        "轩辕",
        "令狐",
        "端木",
        "南宫",
        "西门",
        "独孤",
        "澹台",
    ]
)

# An 18-character ID number or a 15-digit old one, and an 11-digit mainland mobile, each
# standing on its own (not part of a longer run of digits, such as an application number).
ID_NUMBER_PATTERN = re.compile(r"(?<![0-9A-Za-z])(\d{17}[\dXx]|\d{15})(?![0-9A-Za-z])")
MOBILE_PATTERN = re.compile(r"(?<![0-9])(?:\+?86[- ]?)?(1[3-9]\d{9})(?![0-9])")


def mask_id_number(value: str) -> str:
    clean = value.strip()
    if len(clean) <= 8:
        return "*" * len(clean)
    return clean[:4] + "*" * (len(clean) - 8) + clean[-4:]


def mask_phone(value: str) -> str:
    clean = value.strip()
    if len(clean) <= 7:
        return "*" * len(clean)
    return clean[:3] + "*" * (len(clean) - 7) + clean[-4:]


def mask_name(value: str) -> str:
    clean = value.strip()
    if not clean:
        return ""
    if clean.isascii():
        # A Latin-script name (foreign residents): the first letter of each part.
        return " ".join(part[0] + "*" for part in clean.split())
    surname = clean[:2] if clean[:2] in COMPOUND_SURNAMES and len(clean) > 2 else clean[:1]
    return surname + "*"


def mask_code(value: str) -> str:
    """A company's credit code or another long identifier: first 4 + last 4."""
    return mask_id_number(value)


def redact(text: str) -> str:
    """Mask every whole ID number and mobile number found in free text."""
    text = ID_NUMBER_PATTERN.sub(lambda match: mask_id_number(match.group(1)), text)
    return MOBILE_PATTERN.sub(lambda match: mask_phone(match.group(1)), text)


def contains_personal_number(text: str) -> list[str]:
    """Every whole ID or mobile number in `text`, masked (for tests and self-checks)."""
    opaque = _opaque_spans(text)
    found = [
        mask_id_number(m.group(1))
        for m in ID_NUMBER_PATTERN.finditer(text)
        if _plausible_id(m.group(1)) and not _inside(opaque, m.start(1), m.end(1))
    ]
    found += [
        mask_phone(m.group(1)) for m in MOBILE_PATTERN.finditer(text) if not _inside(opaque, m.start(1), m.end(1))
    ]
    return found


# Machine identifiers that hold digit runs by chance and are no one's number: UUIDs (a
# 12-hex-digit group reads as a phone number about once in three thousand) and hex digests
# of 32 characters or more (MD5 and SHA-256 in ETags and content hashes). A number typed
# into free text is never inside one.
OPAQUE_PATTERN = re.compile(
    r"(?<![0-9A-Fa-f-])(?:[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}"
    r"|[0-9A-Fa-f]{32,})(?![0-9A-Fa-f-])"
)


def _opaque_spans(text: str) -> list[tuple[int, int]]:
    return [match.span() for match in OPAQUE_PATTERN.finditer(text)]


def _inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(left <= start and end <= right for left, right in spans)


def _plausible_id(value: str) -> bool:
    # Long runs of digits are common (revision stamps, timestamps); only count a run as an
    # ID number when its check character is right (GB 11643, ISO 7064 MOD 11-2).
    if len(value) != 18:
        return False
    return id_check_character(value[:17]) == value[17].upper()
