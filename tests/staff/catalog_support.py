"""Helpers for the catalog editor tests: an administrator's client, the form a tab shows, posting it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

import httpx2

from tests.staff.conftest import Hall, csrf_of, signed_in_admin


@dataclass
class Editor:
    client: httpx2.AsyncClient
    hall: Hall

    async def page(self, kind: str, code: str, tab: str | None = None, **query: str) -> httpx2.Response:
        params = {"tab": tab, **query} if tab else dict(query)
        return await self.client.get(f"/staff/catalog/{kind}/{code}", params=params)

    async def post_tab(
        self,
        kind: str,
        code: str,
        tab: str,
        changes: dict[str, str | list[str] | None] | None = None,
        *,
        op: str = "save",
        headers: dict[str, str] | None = None,
    ) -> httpx2.Response:
        """Post a tab's form as a browser would, with `changes` made to it (None removes an input)."""
        page = await self.page(kind, code, tab)
        assert page.status_code == 200, page.text
        fields = form_fields(page.text, "catalog-form")
        for name, value in (changes or {}).items():
            if value is None:
                fields.pop(name, None)
            else:
                fields[name] = value if isinstance(value, list) else [value]
        fields["op"] = [op]
        return await self.client.post(f"/staff/catalog/{kind}/{code}", data=fields, headers=headers)


async def admin_editor(hall: Hall) -> Editor:
    client, _ = await signed_in_admin(hall)
    return Editor(client, hall)


@dataclass
class _FormParser(HTMLParser):
    """The values a browser would submit from the form with id `form_id` (no button pressed)."""

    form_id: str
    fields: dict[str, list[str]] = field(default_factory=dict)
    inside: bool = False
    select: str | None = None
    select_value: str | None = None
    first_option: str | None = None
    textarea: str | None = None
    text: str = ""

    def __post_init__(self) -> None:
        super().__init__(convert_charrefs=True)

    def _add(self, name: str, value: str) -> None:
        self.fields.setdefault(name, []).append(value)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {key: value or "" for key, value in attrs}
        if tag == "form":
            self.inside = found.get("id") == self.form_id
            return
        if not self.inside:
            return
        name = found.get("name")
        if tag == "input" and name:
            kind = found.get("type", "text")
            if kind in {"checkbox", "radio"}:
                if "checked" in found:
                    self._add(name, found.get("value", "on"))
            elif kind not in {"submit", "button"}:
                self._add(name, found.get("value", ""))
        elif tag == "select" and name:
            self.select, self.select_value, self.first_option = name, None, None
        elif tag == "option" and self.select is not None:
            value = found.get("value", "")
            if self.first_option is None:
                self.first_option = value
            if "selected" in found:
                self.select_value = value
        elif tag == "textarea" and name:
            self.textarea, self.text = name, ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False
        elif tag == "select" and self.select is not None:
            chosen = self.select_value if self.select_value is not None else self.first_option
            if chosen is not None:
                self._add(self.select, chosen)
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            # A browser drops one newline right after <textarea>.
            self._add(self.textarea, self.text[1:] if self.text.startswith("\n") else self.text)
            self.textarea = None

    def handle_data(self, data: str) -> None:
        if self.textarea is not None:
            self.text += data


def form_fields(html: str, form_id: str) -> dict[str, list[str]]:
    parser = _FormParser(form_id)
    parser.feed(html)
    assert parser.fields, f"no form {form_id!r} on the page"
    return parser.fields


def revision_of(html: str) -> int:
    match = re.search(r'name="revision" value="(\d+)"', html)
    assert match is not None
    return int(match.group(1))


__all__ = ["Editor", "admin_editor", "csrf_of", "form_fields", "revision_of"]
