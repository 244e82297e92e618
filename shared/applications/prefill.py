"""What the system already knows about a citizen, so a form never asks for it twice.

"Run at most once" for the citizen means a fact typed once (or proven once, with the ID
card) is not typed again. Two sources, each named to the citizen so they can tell where a
value came from and correct it:

- the verified profile (实名信息): name, ID number and phone of a real-name citizen fill
  `applicant_name`, `applicant_id_number` and `applicant_phone`;
- the citizen's latest submitted application that answered a field with the same code
  (an address, a company name, a child's name).

Situation questions (情形: the answers that decide which other questions and materials
apply, such as "for whom") are never copied from an earlier application: the situation of
this matter is not that of the last one, and a silently carried-over "for my child" would
change the whole checklist.

A value from history is checked against the field as it is now (options and rules may
have changed in a newer catalog version); one that no longer fits is not offered.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from shared.applications import access
from shared.applications.model import Application
from shared.applications.states import State
from shared.catalog import rules
from shared.catalog.model import FormField
from shared.i18n import Text
from shared.identity import citizens
from shared.services import Services

if TYPE_CHECKING:
    from shared.applications.forms import FormDefinition

PROFILE = "profile"
PROFILE_FIELDS = {"applicant_name": 0, "applicant_id_number": 1, "applicant_phone": 2}
PROFILE_LABEL = Text("来自实名信息", "From your verified identity")
# How far back to look for earlier answers: a citizen's recent applications are enough, and
# the bound keeps a form fast for someone with a long history.
HISTORY_LIMIT = 50


@dataclass(frozen=True, slots=True)
class KnownFact:
    """A value the system already holds, with where it came from.

    `value` is the whole value (it may be an ID number): it fills the answer on the server
    and is never shown as it is; `source` is "profile", "application:<number>" or
    "certificate:<id>"; `label` says so to the citizen.
    """

    value: Any
    source: str
    label: Text

    def __repr__(self) -> str:
        # The value may be a whole personal number: keep it out of logs and tracebacks.
        return f"KnownFact(source={self.source!r})"


def source_label(source: str) -> Text:
    """The zh/en words naming a source, for a field prefilled from it."""
    kind, _, ref = source.partition(":")
    if kind == PROFILE:
        return PROFILE_LABEL
    if kind == "application" and ref:
        return Text(f"来自您的办件 {ref}", f"From your application {ref}")
    if kind == "certificate" and ref:
        return Text("来自您的电子证照", "From your electronic certificate")
    return Text("系统已有信息", "Already on record")


def fact_from_source(source: str, value: Any = None) -> KnownFact:
    """A KnownFact for a source stored on an application (the value is not kept there)."""
    return KnownFact(value, source, source_label(source))


def situation_codes(fields: Sequence[FormField]) -> frozenset[str]:
    """The field codes the given fields' own conditions read."""
    return frozenset(code for f in fields for code in rules.condition_fields(f.when))


async def known_facts(
    services: Services,
    citizen_id: str,
    fields: Sequence[FormField],
    *,
    situation: Collection[str] | None = None,
    history: Sequence[Application] | None = None,
) -> dict[str, KnownFact]:
    """Values for `fields` the system already knows, by field code.

    `situation`: field codes never filled from history (default: the codes the fields' own
    `when` conditions read; pass `FormDefinition.situation_codes` for the whole form, which
    also knows group, material and fee conditions). `history`: the citizen's applications
    when the caller has them already (default: read here).
    """
    today = services.clock.today()
    facts: dict[str, KnownFact] = {}
    wanted = {f.code: f for f in fields}

    profile_fields = [code for code in PROFILE_FIELDS if code in wanted]
    if profile_fields:
        revealed = await citizens.reveal(services.db, services.vault, citizen_id)
        citizen = await citizens.get(services.db, citizen_id)
        if revealed is not None and citizen is not None and citizen.is_real_name:
            for code in profile_fields:
                value = revealed[PROFILE_FIELDS[code]]
                if _fits(wanted[code], value, today):
                    facts[code] = KnownFact(value, PROFILE, PROFILE_LABEL)

    skip = situation_codes(fields) if situation is None else frozenset(situation)
    remaining = {code for code in wanted if code not in facts and code not in skip}
    if not remaining:
        return facts
    if history is None:
        history = await access.list_for_citizen(services, citizen_id, limit=HISTORY_LIMIT)
    for app in latest_submitted_first(history):
        for code in sorted(remaining & app.answers.keys()):
            value = app.answers[code]
            if _fits(wanted[code], value, today):
                source = f"application:{app.number}"
                facts[code] = KnownFact(value, source, source_label(source))
                remaining.discard(code)
        if not remaining:
            break
    return facts


def latest_submitted_first(history: Sequence[Application]) -> list[Application]:
    """Submitted applications (not drafts), the most recently submitted first."""
    submitted = [app for app in history if app.state != State.DRAFT and app.number is not None]
    return sorted(submitted, key=lambda app: (app.submitted_ts or 0.0, app.created_ts), reverse=True)


def _fits(form_field: FormField, value: Any, today: dt.date) -> bool:
    if not rules.is_answered(value) or form_field.type == "file":
        return False
    _, problem, _ = rules.check_field(form_field, value, today)
    return problem is None


async def fill_revealed(
    services: Services,
    citizen_id: str,
    definition: FormDefinition,
    before: Mapping[str, Any],
    after: Mapping[str, Any],
    sources: Mapping[str, str],
) -> tuple[dict[str, Any], dict[str, str]]:
    """Answers and sources after a change, with known facts filled into the fields the
    change revealed (hidden before, visible now, still unanswered).

    A draft starts with only its visible fields prefilled; when the citizen then picks
    "by mail", the mailing address they gave last time must appear, not be asked again.
    A field the citizen emptied while it was visible stays empty.
    """
    was_visible = {f.code for f in rules.visible_fields(definition.groups, before)}
    revealed = [
        f
        for f in rules.visible_fields(definition.groups, after)
        if f.code not in was_visible and not rules.is_answered(after.get(f.code))
    ]
    answers, filled = dict(after), dict(sources)
    if not revealed:
        return answers, filled
    facts = await known_facts(services, citizen_id, revealed, situation=definition.situation_codes)
    for code, fact in facts.items():
        answers[code] = fact.value
        filled[code] = fact.source
    return answers, filled


def answers_from(facts: Mapping[str, KnownFact]) -> tuple[dict[str, Any], dict[str, str]]:
    """The answers and the `sources` map an application keeps for prefilled facts."""
    return {code: fact.value for code, fact in facts.items()}, {code: fact.source for code, fact in facts.items()}
