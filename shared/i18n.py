"""Two languages everywhere: Simplified Chinese first, English second.

`Text` is a pair of strings; English may be missing in a real catalog, in which case
readers get the Chinese text rather than an invented translation.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = ("zh", "en")
DEFAULT_LANG: Lang = "zh"


@dataclass(frozen=True, slots=True)
class Text:
    zh: str
    en: str | None = None

    def get(self, lang: Lang) -> str:
        if lang == "en" and self.en:
            return self.en
        return self.zh

    def format(self, **params: object) -> Text:
        return Text(self.zh.format(**params), self.en.format(**params) if self.en else None)

    def as_dict(self) -> dict[str, str]:
        return {"zh": self.zh, "en": self.en} if self.en else {"zh": self.zh}

    @classmethod
    def from_dict(cls, data: dict[str, str]) -> Text:
        return cls(data["zh"], data.get("en"))


def parse_lang(value: str | None) -> Lang | None:
    """A language code from a query parameter or cookie, or None when it names neither."""
    if not value:
        return None
    value = value.strip().lower()
    if value.startswith("zh"):
        return "zh"
    if value.startswith("en"):
        return "en"
    return None


def negotiate(accept_language: str | None) -> Lang:
    """The first of our languages in an Accept-Language header (RFC 9110 §12.5.4), by weight."""
    if not accept_language:
        return DEFAULT_LANG
    best: tuple[float, int, Lang] | None = None
    for index, part in enumerate(accept_language.split(",")[:20]):
        tag, _, params = part.strip().partition(";")
        lang = parse_lang(tag)
        if lang is None:
            continue
        weight = 1.0
        params = params.strip()
        if params.startswith("q="):
            try:
                weight = float(params[2:])
            except ValueError:
                continue
        if weight <= 0:
            continue
        candidate = (weight, -index, lang)
        if best is None or candidate[:2] > best[:2]:
            best = candidate
    return best[2] if best else DEFAULT_LANG


# Words the screens and API reuse; kept here so both adapters say the same thing.
NOT_PROVIDED = Text("未提供", "Not provided")
