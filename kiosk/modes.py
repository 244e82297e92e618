"""How this kiosk screen is shown to the citizen in front of it: elder mode and high contrast.

长辈模式 (elder mode: larger type, fewer tiles per row and fewer things per screen, bigger
buttons; 工信部《互联网应用适老化及无障碍改造专项行动方案》) and 高对比度 (high contrast,
WCAG 2.1 1.4.6) are switched on and off in the masthead and kept, like the language, in
a browser-session cookie (`ov_mode`) that every end of a session and the idle wipe delete
(kiosk.session.delete_citizen_cookies): the next citizen starts from the plain screen.

Templates get `modes` (a Modes) and put `modes.body_class` on <body>: `mode-elder`,
`mode-contrast`. Handlers that list things ask `page_size(request, normal, elder)`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from starlette.requests import HTTPConnection

MODE_COOKIE = "ov_mode"
Mode = Literal["elder", "contrast"]
MODES: tuple[Mode, ...] = ("elder", "contrast")


@dataclass(frozen=True, slots=True)
class Modes:
    elder: bool = False
    contrast: bool = False

    @property
    def body_class(self) -> str:
        return " ".join(f"mode-{mode}" for mode in MODES if self.is_on(mode))

    @property
    def cookie_value(self) -> str:
        """ "elder", "contrast", "elder.contrast" or "" (no cookie)."""
        return ".".join(mode for mode in MODES if self.is_on(mode))

    @property
    def key(self) -> str:
        """For caches of rendered pages: one copy per combination."""
        return self.cookie_value or "plain"

    def is_on(self, mode: Mode) -> bool:
        return self.elder if mode == "elder" else self.contrast

    def with_mode(self, mode: Mode, on: bool) -> Modes:
        return Modes(elder=on, contrast=self.contrast) if mode == "elder" else Modes(elder=self.elder, contrast=on)


PLAIN = Modes()


def parse_modes(value: str | None) -> Modes:
    """The cookie's value; anything unknown in it is ignored (a plain screen)."""
    if not value or len(value) > 40:
        return PLAIN
    parts = set(value.split("."))
    return Modes(elder="elder" in parts, contrast="contrast" in parts)


def request_modes(connection: HTTPConnection) -> Modes:
    return parse_modes(connection.cookies.get(MODE_COOKIE))


def page_size(connection: HTTPConnection, normal: int, elder: int) -> int:
    """How many things a list shows on one screen: fewer in elder mode, so each can be larger."""
    return elder if request_modes(connection).elder else normal
