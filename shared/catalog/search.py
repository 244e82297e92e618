"""Search the way people in a hall search: Chinese, full pinyin, pinyin initials, English.

`sfz` finds 身份证 items because every entry carries the initials of its name and
keywords. The index is an in-memory n-gram index rebuilt from the database whenever the
catalog changes, so every server process answers the same; a query costs a few set
intersections instead of a scan, which keeps search fast on a 10,000-item catalog.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from pypinyin import Style, lazy_pinyin

_SEPARATOR = "\x00"
_NON_WORD = re.compile(r"[\s\-_/·,，。、;；:：()（）]+")


def normalize(text: str) -> str:
    """Fold width and case (NFKC turns full-width `ＳＦＺ` into `sfz`) and drop separators."""
    return _NON_WORD.sub("", unicodedata.normalize("NFKC", text).lower())


def pinyin_forms(text: str) -> tuple[str, str]:
    """The full pinyin (no tones, no spaces) and the initials of a Chinese text."""
    syllables = [s for s in lazy_pinyin(text, style=Style.NORMAL, errors="ignore") if s.strip()]
    full = normalize("".join(syllables))
    initials = normalize("".join(s[0] for s in syllables if s))
    return full, initials


@dataclass(frozen=True, slots=True)
class SearchEntry:
    kind: str  # "item" or "bundle"
    code: str
    name_zh: str
    name_en: str
    keywords: tuple[str, ...]
    name_pinyin: str
    name_initials: str
    keyword_pinyin: str  # space-separated full pinyin and initials of each keyword
    department: str
    popularity: int


@dataclass(frozen=True, slots=True)
class Hit:
    kind: str
    code: str
    score: float


# Weights of where a term matched; the name counts most, a prefix more than a substring.
EXACT_NAME = 100.0
NAME_PREFIX = 80.0
NAME = 60.0
INITIALS_PREFIX = 55.0
PINYIN_PREFIX = 50.0
EN_NAME = 40.0
KEYWORD = 35.0
INITIALS = 30.0
PINYIN = 28.0
KEYWORD_PINYIN = 20.0


def _grams(text: str) -> set[str]:
    if len(text) < 2:
        return {text} if text else set()
    return {text[i : i + 2] for i in range(len(text) - 1)}


class SearchIndex:
    def __init__(self, entries: Iterable[SearchEntry]) -> None:
        self._entries: list[SearchEntry] = list(entries)
        self._fields: list[tuple[str, str, str, str, str, str, str]] = []
        self._bigrams: dict[str, set[int]] = defaultdict(set)
        self._chars: dict[str, set[int]] = defaultdict(set)
        for index, entry in enumerate(self._entries):
            name = normalize(entry.name_zh)
            name_en = normalize(entry.name_en)
            keywords = _SEPARATOR.join(normalize(k) for k in entry.keywords)
            keyword_pinyin = _SEPARATOR.join(normalize(k) for k in entry.keyword_pinyin.split())
            fields = (name, name_en, keywords, entry.name_pinyin, entry.name_initials, keyword_pinyin, name)
            self._fields.append(fields)
            haystack = _SEPARATOR.join(fields[:6])
            for gram in _grams(haystack):
                self._bigrams[gram].add(index)
            for char in set(haystack):
                self._chars[char].add(index)

    def __len__(self) -> int:
        return len(self._entries)

    def _candidates(self, term: str) -> set[int]:
        if len(term) == 1:
            return self._chars.get(term, set())
        postings = [self._bigrams.get(gram) for gram in _grams(term)]
        if any(p is None for p in postings):
            return set()
        postings_sets = sorted((p for p in postings if p is not None), key=len)
        result = set(postings_sets[0])
        for posting in postings_sets[1:]:
            result &= posting
            if not result:
                break
        return result

    def _score(self, index: int, term: str) -> float:
        name, name_en, keywords, pinyin, initials, keyword_pinyin, _ = self._fields[index]
        if term == name:
            return EXACT_NAME
        if name.startswith(term):
            return NAME_PREFIX
        if term in name:
            return NAME
        if initials.startswith(term):
            return INITIALS_PREFIX
        if pinyin.startswith(term):
            return PINYIN_PREFIX
        if term in name_en:
            return EN_NAME
        if term in keywords:
            return KEYWORD
        if term in initials:
            return INITIALS
        if term in pinyin:
            return PINYIN
        if term in keyword_pinyin:
            return KEYWORD_PINYIN
        return 0.0

    def search(self, query: str) -> list[Hit]:
        """Entries matching every term of the query, best first."""
        terms = [normalize(t) for t in query.split()]
        terms = [t for t in terms if t][:8]
        if not terms:
            return []
        candidates: set[int] | None = None
        for term in terms:
            found = self._candidates(term)
            candidates = found if candidates is None else candidates & found
            if not candidates:
                return []
        hits: list[Hit] = []
        for index in candidates or ():
            entry = self._entries[index]
            score = 0.0
            for term in terms:
                term_score = self._score(index, term)
                if term_score == 0.0:
                    break
                score += term_score
            else:
                # Popularity breaks ties and nudges within a tier, never across tiers.
                score += min(math.log10(entry.popularity + 1), 9.0)
                hits.append(Hit(entry.kind, entry.code, score))
        hits.sort(key=lambda h: (-h.score, h.kind != "bundle", h.code))
        return hits


def keyword_pinyin(keywords: Sequence[str]) -> str:
    """Full pinyin and initials of each keyword, for the index (`身份证` → `shenfenzheng sfz`)."""
    parts: list[str] = []
    for keyword in keywords:
        full, initials = pinyin_forms(keyword)
        parts.extend(p for p in (full, initials) if p)
    return " ".join(parts)
