"""Filling in an application at the kiosk: one question group per screen.

    GET  /applications/{ref}/form/{step}    one group of questions (1-based, as the answers so far show the form)
    POST /applications/{ref}/form/{step}    save this screen's answers and move on (or show every error at once)

Plain forms with redirects: they work without script, and a wrong answer comes back as the
same screen (422) with every problem next to its field, in the citizen's language. Good
answers on a screen are kept even when others on it are wrong, so nothing is typed twice.

What the system already knows is shown, not asked (一次性告知, "never ask twice"): values
from the verified identity (实名信息) are shown masked and locked; an ID or phone number
held from before is shown masked with a "change" button, and never sent back to the page.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import Response

from kiosk.htmx import is_htmx
from kiosk.templating import render
from kiosk.views.applications_common import (
    Opened,
    base_path,
    corrections_by_target,
    editable,
    go,
    head,
    open_application,
    problem_by_path,
)
from shared.applications import drafts, forms
from shared.applications.drafts import NotEditable
from shared.applications.forms import FieldView, FormView
from shared.applications.prefill import PROFILE
from shared.catalog.model import FieldGroup, FormField
from shared.errors import FieldProblem, ValidationFailed
from shared.i18n import Text
from shared.privacy.masking import mask_name, redact
from shared.services import Services

MAX_ANSWER_LENGTH = 1000

# The on-screen pad each typed field gets (kiosk/templates/_keypad.html): a kiosk has no
# physical keyboard, and its inputs say inputmode="none" so no system keyboard appears.
PAD_KINDS: dict[str, str] = {
    "id_number": "id_number",  # digits and X (GB 11643-1999 check character)
    "phone": "phone",  # digits
    "number": "number",  # digits and a decimal point (amounts, areas, counts)
    "date": "date",  # digits; the pad writes YYYY-MM-DD
    "text": "text",  # letters, digits, the characters of names and addresses
    "address": "text",
}


# --- the questions -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FieldRow:
    """One question as this screen shows it."""

    field: FormField
    shown: str | None  # the value held, as it may be shown (masked); None when there is none
    value: str  # what the input holds: never a masked value or a whole personal number
    source: Text | None  # where a prefilled value came from ("来自实名信息")
    locked: bool  # from the verified identity: shown, not asked
    changing: bool  # a masked value the citizen chose to type again
    problem: Text | None
    correction: str | None  # the clerk's reason (补正)

    @property
    def code(self) -> str:
        return self.field.code

    @property
    def masked(self) -> bool:
        return self.field.type in forms.MASKED_TYPES

    @property
    def pad(self) -> str | None:
        """The kind of on-screen pad that types this answer; None for choices and files."""
        return PAD_KINDS.get(self.field.type)

    @property
    def max_length(self) -> int:
        if self.field.type == "id_number":
            return 18
        if self.field.type == "date":
            return 10
        if self.field.type == "phone":
            return 20
        default = 300 if self.field.type == "address" else 200
        return self.field.rules.max_length or default

    @property
    def asks(self) -> bool:
        """Whether the screen shows an input for it."""
        return not self.locked and not (self.masked and self.shown is not None and not self.changing)


def _is_locked(view: FieldView) -> bool:
    # The name and ID number come from the ID card or the verified account; a phone number
    # may have changed since, so it stays changeable.
    return view.source is not None and view.source.source == PROFILE and view.field.type != "phone"


def _shown(view: FieldView, locked: bool) -> str | None:
    if view.value is None:
        return None
    if locked and view.field.type in {"text", "address"}:
        return mask_name(str(view.value))
    return str(view.value)


def field_rows(
    fields: list[FieldView],
    *,
    posted: Mapping[str, str] | None = None,
    problems: Mapping[str, FieldProblem] | None = None,
    changing: frozenset[str] = frozenset(),
    corrections: Mapping[str, str] | None = None,
) -> list[FieldRow]:
    rows = []
    for view in fields:
        code = view.field.code
        locked = _is_locked(view)
        shown = _shown(view, locked)
        # Only the problems the caller names: a fresh screen is not scolded for what it has
        # not asked yet (the full check is the review's).
        problem = (problems or {}).get(f"answers.{code}")
        masked = view.field.type in forms.MASKED_TYPES
        if posted is not None and code in posted and (not masked or problem is not None):
            # A refused answer comes back as typed, with anything that looks like a personal
            # number masked; a masked number in a number box would only be in the way, so
            # such a box comes back empty.
            value = redact(posted[code])
            if masked and value != posted[code]:
                value = ""
        elif masked or view.value is None:
            value = ""
        else:
            value = str(view.value)
        rows.append(
            FieldRow(
                field=view.field,
                shown=shown,
                value=value,
                source=view.source.label if view.source is not None else None,
                locked=locked,
                changing=masked and (code in changing or (problem is not None and posted is not None)),
                problem=problem.message if problem is not None else None,
                correction=(corrections or {}).get(f"answers.{code}"),
            )
        )
    return rows


@dataclass(frozen=True, slots=True)
class FormStep:
    number: int
    total: int
    group: FieldGroup
    rows: list[FieldRow]
    error_count: int
    more_fields: bool

    @property
    def last(self) -> bool:
        return self.number >= self.total

    @property
    def pads(self) -> list[str]:
        """The pads this screen needs, one of each kind, in the order their fields come."""
        kinds = [row.pad for row in self.rows if row.asks and row.pad is not None]
        return list(dict.fromkeys(kinds))


def _step_number(request: Request) -> int:
    raw = str(request.path_params.get("step", "1"))
    return int(raw) if raw.isdigit() and 0 < len(raw) < 4 else 0


async def _render_step(
    request: Request,
    opened: Opened,
    view: FormView,
    number: int,
    rows: list[FieldRow],
    *,
    more_fields: bool = False,
    status_code: int = 200,
) -> Response:
    services: Services = request.state.services
    group, _ = view.groups[number - 1]
    errors = sum(1 for row in rows if row.problem is not None)
    step = FormStep(number, len(view.groups), group, rows, errors, more_fields)
    context = {"head": await head(services, opened.app, "form", view), "step": step}
    response = render(request, "applications/form_step.html", context, status_code=status_code)
    if request.method == "POST" and is_htmx(request):
        # The same screen again (its problems shown, or the questions a choice added): the
        # address it was posted to is this screen's, so replace the history entry, not add one.
        response.headers["HX-Replace-Url"] = f"{base_path(opened.app)}/form/{number}"
    return response


async def form_step(request: Request) -> Response:
    opened = await open_application(request)
    app = opened.app
    if not editable(app):
        return go(request, base_path(app))
    services: Services = request.state.services
    view = await forms.form_view(services, app)
    number = _step_number(request)
    if not view.groups:
        return render(request, "applications/form_empty.html", {"head": await head(services, app, "form", view)})
    if not 0 < number <= len(view.groups):
        return go(request, f"{base_path(app)}/form/1")
    changing = frozenset(request.query_params.getlist("change"))
    _, fields = view.groups[number - 1]
    rows = field_rows(fields, changing=changing, corrections=corrections_by_target(app))
    return await _render_step(request, opened, view, number, rows)


def form_text(form: FormData, name: str) -> str | None:
    value = form.get(name)
    return value[:MAX_ANSWER_LENGTH].strip() if isinstance(value, str) else None


def posted_answers(form: FormData, group: FieldGroup, fields: list[FieldView]) -> tuple[dict[str, Any], dict[str, str]]:
    """The answers this screen changed, and what was typed (for showing a refused answer again).

    Only changed values are saved: an unchanged value is not sent back in its shown form
    (a redacted text would otherwise replace the real one). Locked values are never taken
    from the form; an empty number input keeps the number held.
    """
    held = {view.field.code: view for view in fields}
    answers: dict[str, Any] = {}
    typed: dict[str, str] = {}
    for form_field in group.fields:
        code = form_field.code
        value = form_text(form, code)
        if value is None or form_field.type == "file":
            continue
        view = held.get(code)
        if view is not None and _is_locked(view):
            continue
        typed[code] = value
        if form_field.type in forms.MASKED_TYPES:
            if value:
                answers[code] = value
            continue
        current = "" if view is None or view.value is None else str(view.value)
        if value != current:
            answers[code] = value or None
    return answers, typed


async def save_step(request: Request) -> Response:
    opened = await open_application(request)
    app = opened.app
    services: Services = request.state.services
    if not editable(app):
        raise NotEditable(app.state)
    form = await request.form()
    before = await forms.form_view(services, app)
    group_code = form_text(form, "_group") or ""
    groups = before.definition.groups if before.definition is not None else ()
    group = next((g for g in groups if g.code == group_code), None)
    if group is None:
        return go(request, f"{base_path(app)}/form/1")
    fields = next((f for g, f in before.groups if g.code == group_code), [])
    answers, typed = posted_answers(form, group, fields)
    refused: dict[str, FieldProblem] = {}
    now = services.clock.now()
    if answers:
        try:
            app = await drafts.save_answers(services, app, answers, now=now)
        except ValidationFailed as error:
            refused = {problem.path: problem for problem in error.problems}
            good = {code: value for code, value in answers.items() if f"answers.{code}" not in refused}
            if good:
                app = await drafts.save_answers(services, app, good, now=now)
    view = await forms.form_view(services, app)
    index = next((i for i, (g, _) in enumerate(view.groups, start=1) if g.code == group_code), None)
    if index is None:
        return go(request, f"{base_path(app)}/review")
    _, now_fields = view.groups[index - 1]
    going = form_text(form, "_go")
    # The questions the screen showed; without the list, take it that it showed them all.
    shown_before = {str(code) for code in form.getlist("_shown")} or {f.field.code for f in now_fields}
    added = going != "back" and any(f.field.code not in shown_before for f in now_fields)
    if going != "back":
        # Moving on needs this screen complete: every problem of what it showed, at once
        # (questions a choice has just added are shown first, not scolded).
        own = {f"answers.{f.field.code}" for f in now_fields if f.field.code in shown_before}
        problems = problem_by_path(view.problems)
        refused = {**{path: p for path, p in problems.items() if path in own}, **refused}
    if refused or added:
        rows = field_rows(now_fields, posted=typed, problems=refused, corrections=corrections_by_target(app))
        opened = Opened(opened.citizen, opened.device, app)
        status = 422 if refused else 200
        return await _render_step(
            request, opened, view, index, rows, more_fields=added and not refused, status_code=status
        )
    if going == "back":
        return go(request, f"{base_path(app)}/form/{index - 1}" if index > 1 else base_path(app))
    if going == "review" or index >= len(view.groups):
        return go(request, f"{base_path(app)}/review" if going == "review" else f"{base_path(app)}/materials")
    return go(request, f"{base_path(app)}/form/{index + 1}")
