"""Which language a kiosk page speaks, and where the language switch may send the citizen.

The kiosk speaks zh-CN unless the citizen chose English: `?lang=en` on one request wins,
then the `ov_lang` cookie the switch sets. The kiosk's own Accept-Language is ignored: it
says how the machine was installed, not who is standing in front of it.
"""

from __future__ import annotations

from urllib.parse import urlencode

from starlette.requests import Request

from shared.i18n import DEFAULT_LANG, Lang, parse_lang

LANG_COOKIE = "ov_lang"
LANG_PARAM = "lang"
MAX_NEXT_LENGTH = 2000
CONTENT_LANGUAGE: dict[Lang, str] = {"zh": "zh-CN", "en": "en"}


def request_lang(request: Request) -> Lang:
    return (
        parse_lang(request.query_params.get(LANG_PARAM)) or parse_lang(request.cookies.get(LANG_COOKIE)) or DEFAULT_LANG
    )


def safe_next(value: str | None) -> str:
    """A local path to go back to after switching language, or "/" (no open redirect).

    Only a path on this site is accepted: it starts with one "/", and neither "//" nor
    "/\\" (browsers read both as another host), nor any control character or space.
    """
    if not value or len(value) > MAX_NEXT_LENGTH or not value.startswith("/"):
        return "/"
    if value.startswith(("//", "/\\")) or "\\" in value:
        return "/"
    if any(ord(char) < 0x21 or ord(char) == 0x7F for char in value):
        return "/"
    return value


def current_path_without_lang(request: Request) -> str:
    """This page's path and query without `lang`, so switching language is not undone by it.

    Only a GET can be shown again; after a POST (an error page from /lang) the switch goes home.
    """
    if request.method not in {"GET", "HEAD"}:
        return "/"
    params = [(key, value) for key, value in request.query_params.multi_items() if key != LANG_PARAM]
    query = urlencode(params)
    return request.url.path + (f"?{query}" if query else "")
