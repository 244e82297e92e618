"""What the staff application page shows, gathered into plain objects for the templates.

Handlers fetch, templates only format (STYLE.md §7). Everything personal is masked here,
before a template sees it: answers come from `forms.form_view`, which masks ID and phone
fields and redacts free text; the applicant is the citizen's masked record; timeline
labels were masked when written.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from kiosk.staff.views.applications_offers import Offers, offers
from shared.applications import forms, repository, results, special, timekeeping, timeline, trips
from shared.applications.model import Application, CorrectionItem, Event, ResultDocument, ReviewTask, Trip
from shared.applications.states import STATE_TEXT, State
from shared.applications.timekeeping import TimeStatus
from shared.catalog.model import Department, FormField
from shared.errors import AppError, FieldProblem
from shared.i18n import Text
from shared.identity import citizens
from shared.payments.summary import FeeStatus, fee_status
from shared.privacy.masking import redact
from shared.services import Services
from shared.staff.accounts import StaffPrincipal
from shared.staff.roles import ROLE_TEXT, Action, can, in_scope, parse_role

OTHER_TARGET = Text("其他", "Other")
YES_NO = {True: Text("是", "Yes"), False: Text("否", "No")}


@dataclass(frozen=True, slots=True)
class Applicant:
    name: str
    id_number: str


@dataclass(frozen=True, slots=True)
class AnswerRow:
    label: Text
    value: Text | None
    flagged: bool  # named in the open correction


@dataclass(frozen=True, slots=True)
class FileRow:
    id: str
    display_name: str
    media_type: str
    size_text: str


@dataclass(frozen=True, slots=True)
class MaterialRow:
    code: str
    name: Text
    status: str
    source: Text | None
    files: tuple[FileRow, ...]
    flagged: bool


@dataclass(frozen=True, slots=True)
class ReviewRow:
    department_name: Text
    lead: bool
    opinion: str | None
    comment: str | None
    reviewer_label: str | None
    at: str | None


@dataclass(frozen=True, slots=True)
class CorrectionRow:
    at: str
    who: str
    items: tuple[tuple[Text, str], ...]
    open: bool


@dataclass(frozen=True, slots=True)
class TimelineRow:
    at: str
    text: Text
    who: str
    to_state: str | None
    to_state_text: Text | None
    note: str | None


@dataclass(frozen=True, slots=True)
class TripRow:
    at: str
    kind: str  # "kiosk" | "window"
    place: Text


@dataclass(frozen=True, slots=True)
class ReturnTarget:
    key: str  # "materials.<code>" | "answers.<field>"
    kind: str
    label: Text
    checked: bool
    reason: str


@dataclass(frozen=True)
class DetailPage:
    ref: str
    item_name: Text
    department_name: Text
    state: str
    state_text: Text
    applicant_name: str
    applicant_id: str
    channel: str | None
    submitted_at: str | None
    delivery_method: str | None
    delivery_address: str | None  # for mailing the result; redacted like any free text
    returns: int
    return_overrides: int
    groups: list[tuple[Text, list[AnswerRow]]]
    materials: list[MaterialRow]
    reviews: list[ReviewRow]
    corrections: list[CorrectionRow]
    timeline: list[TimelineRow]
    trips: list[TripRow]
    results: list[ResultDocument]
    offers: Offers
    return_targets: list[tuple[str, list[ReturnTarget]]]
    return_other: str = ""
    problems: dict[str, FieldProblem] = field(default_factory=dict)
    open_form: str | None = None
    fee: FeeStatus | None = None  # 缴费: paid or not (shared.payments.summary)
    # 承诺时限 and 特别程序 (shared.applications.timekeeping, special)
    time: TimeStatus = timekeeping.NO_CLOCK
    alerts: frozenset[str] = frozenset()
    specials: list[special.SpecialProcedure] = field(default_factory=list)
    special_kinds: list[tuple[str, Text, bool]] = field(default_factory=list)  # the item's, when one may start
    may_end_special: bool = False

    @property
    def has_files(self) -> bool:
        return any(material.files for material in self.materials)


@dataclass(frozen=True, slots=True)
class Typed:
    """What the person typed into a form that came back with problems (shown again)."""

    form: str
    checked: frozenset[str] = frozenset()
    reasons: Mapping[str, str] = field(default_factory=dict)
    other: str = ""


def size_text(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    return f"{max(1, round(size / 1024))} KB"


def answer_text(form_field: FormField, value: Any) -> Text | None:
    """A display value (already masked by `forms.display_value`) as words in both languages."""
    if value is None:
        return None
    labels = {option.value: option.label for option in form_field.options}
    if isinstance(value, bool):
        return YES_NO[value]
    if isinstance(value, list):
        parts = [labels.get(str(v), Text(str(v))) for v in value]
        return Text("、".join(p.zh for p in parts), ", ".join(p.get("en") for p in parts))
    if str(value) in labels:
        return labels[str(value)]
    return Text(str(value))


async def applicant(services: Services, app: Application) -> Applicant:
    citizen = await citizens.get(services.db, app.citizen_id)
    if citizen is None:
        return Applicant("—", "")
    return Applicant(citizen.name_masked, citizen.id_number_masked)


async def item_name(services: Services, app: Application) -> Text:
    if app.item_code is None:
        return Text("—")
    item = await services.catalog.item_version(app.item_code, app.item_version or 0)
    return item.name if item is not None else Text(app.item_code)


def department_text(departments: Mapping[str, Department], code: str | None) -> Text:
    if code is None:
        return Text("—")
    department = departments.get(code)
    return department.name if department is not None else Text(code)


def _who(departments: Mapping[str, Department], label: str, role: str | None, department: str | None) -> str:
    """ "clerk01 (clerk) · 窗口人员 · 公安局": the masked label, role and department of an actor."""
    parts = [label]
    parsed = parse_role(role)
    if parsed is not None:
        parts.append(ROLE_TEXT[parsed].zh)
    if department is not None:
        parts.append(department_text(departments, department).zh)
    return " · ".join(parts)


def _note(event: Event) -> str | None:
    for key in ("reason", "comment", "tracking"):
        value = event.detail.get(key)
        if isinstance(value, str) and value:
            return value
    return None


def _items(raw: object) -> list[CorrectionItem]:
    if not isinstance(raw, list):
        return []
    return [CorrectionItem.from_dict(entry) for entry in raw if isinstance(entry, dict) and "target" in entry]


def target_labels(form: forms.FormView) -> dict[str, Text]:
    """The words for each correction target: a field's label or a material's name."""
    labels: dict[str, Text] = {}
    if form.definition is not None:
        for group in form.definition.groups:
            for form_field in group.fields:
                labels[f"answers.{form_field.code}"] = form_field.label
        for entry in form.definition.materials:
            labels[f"materials.{entry.material.code}"] = entry.material.name
    return labels


def correction_rows(
    app: Application, events: Sequence[Event], labels: Mapping[str, Text], departments: Mapping[str, Department]
) -> list[CorrectionRow]:
    """Every return for correction (一次性告知), newest first; the open one marked."""
    returns = [event for event in events if event.act == "return"]
    rows = [
        CorrectionRow(
            event.at,
            _who(departments, event.actor_label, event.actor_role, event.department),
            tuple((labels.get(item.target, OTHER_TARGET), item.reason) for item in _items(event.detail.get("items"))),
            app.state == State.RETURNED and index == len(returns) - 1,
        )
        for index, event in enumerate(returns)
    ]
    return list(reversed(rows))


def timeline_rows(events: Sequence[Event], departments: Mapping[str, Department]) -> list[TimelineRow]:
    return [
        TimelineRow(
            event.at,
            timeline.describe(event, departments),
            event.actor_label,
            event.to_state.value if event.to_state and event.to_state != event.from_state else None,
            STATE_TEXT[event.to_state] if event.to_state and event.to_state != event.from_state else None,
            _note(event),
        )
        for event in events
    ]


def return_targets(form: forms.FormView, typed: Typed | None) -> list[tuple[str, list[ReturnTarget]]]:
    """The materials and answers a clerk may tick when returning, with what they typed."""
    typed_return = typed if typed is not None and typed.form == "return" else None

    def target(key: str, kind: str, label: Text) -> ReturnTarget:
        if typed_return is None:
            return ReturnTarget(key, kind, label, False, "")
        return ReturnTarget(key, kind, label, key in typed_return.checked, typed_return.reasons.get(key, ""))

    materials = [target(f"materials.{m.code}", "m", m.entry.material.name) for m in form.materials if not m.covered]
    answers = [target(f"answers.{v.field.code}", "a", v.field.label) for _, views in form.groups for v in views]
    groups = (("return_materials", materials), ("return_answers", answers))
    return [(key, targets) for key, targets in groups if targets]


def offered_targets(form: forms.FormView) -> list[str]:
    return [target.key for _, targets in return_targets(form, None) for target in targets]


def material_rows(form: forms.FormView, departments: Mapping[str, Department], flagged: set[str]) -> list[MaterialRow]:
    rows = []
    for material in form.materials:
        source: Text | None = None
        if material.certificate is not None:
            source = Text(f"电子证照 {material.certificate.number}", f"E-certificate {material.certificate.number}")
        elif material.shared_department is not None:
            name = department_text(departments, material.shared_department)
            source = Text(f"由{name.zh}共享", f"Shared by {name.get('en')}")
        files = tuple(FileRow(f.id, f.display_name, f.media_type, size_text(f.size)) for f in material.files)
        rows.append(
            MaterialRow(
                material.code,
                material.entry.material.name,
                material.status,
                source,
                files,
                f"materials.{material.code}" in flagged,
            )
        )
    return rows


def trip_rows(recorded: Sequence[Trip], departments: Mapping[str, Department]) -> list[TripRow]:
    """Where each trip happened: "公安局窗口" for a window visit, the kiosk's id for a kiosk."""
    rows = []
    for trip in recorded:
        kind, _, where = trip.place.partition(":")
        if trip.kind == "window" and kind == "window" and where in departments:
            name = department_text(departments, where)
            place = Text(f"{name.zh}窗口", f"{name.get('en')} window")
        else:
            place = Text(trip.place)
        rows.append(TripRow(trip.at, trip.kind, place))
    return rows


def review_rows(tasks: Sequence[ReviewTask], departments: Mapping[str, Department]) -> list[ReviewRow]:
    return [
        ReviewRow(
            department_text(departments, task.department),
            task.lead,
            task.opinion,
            task.comment,
            task.reviewer_label,
            task.at,
        )
        for task in tasks
    ]


def mail_address(app: Application) -> str | None:
    if app.delivery_method != "mail" or not app.delivery_address:
        return None
    return redact(app.delivery_address)


async def build(
    services: Services,
    staff: StaffPrincipal,
    app: Application,
    *,
    typed: Typed | None = None,
    error: AppError | None = None,
) -> DetailPage:
    """Everything the detail page shows for `staff` (who has already passed `access.for_staff`)."""
    departments = (await services.catalog.current()).departments
    form = await forms.form_view(services, app)
    events = await timeline.events(services.db, app.id)
    tasks = await repository.review_tasks(services.db, app.id)
    person = await applicant(services, app)
    flagged = {item.target for item in app.correction}
    labels = target_labels(form)
    groups = [
        (
            group.title,
            [
                AnswerRow(v.field.label, answer_text(v.field, v.value), f"answers.{v.field.code}" in flagged)
                for v in views
            ],
        )
        for group, views in form.groups
    ]
    return DetailPage(
        ref=app.ref,
        item_name=await item_name(services, app),
        department_name=department_text(departments, app.department),
        state=app.state.value,
        state_text=STATE_TEXT[app.state],
        applicant_name=person.name,
        applicant_id=person.id_number,
        channel=app.submitted_channel,
        submitted_at=app.submitted_at,
        delivery_method=app.delivery_method,
        delivery_address=mail_address(app),
        returns=app.returns,
        return_overrides=app.return_overrides,
        groups=groups,
        materials=material_rows(form, departments, flagged),
        reviews=review_rows(tasks, departments),
        corrections=correction_rows(app, events, labels, departments),
        timeline=timeline_rows(events, departments),
        trips=trip_rows(await trips.for_application(services.db, app.id), departments),
        results=await results.for_application(services.db, app.id),
        offers=offers(
            role=staff.role,
            department=staff.department_code,
            state=app.state,
            lead_department=app.department,
            returns=app.returns,
            return_overrides=app.return_overrides,
            opinions={task.department: task.opinion for task in tasks},
            delivery_method=app.delivery_method,
        ),
        return_targets=return_targets(form, typed),
        return_other=typed.other if typed is not None and typed.form == "return" else "",
        problems={problem.path: problem for problem in (error.problems if error else [])},
        open_form=typed.form if typed is not None else None,
        fee=await fee_status(services, app),
        **await _time_parts(services, staff, app),
    )


async def _time_parts(services: Services, staff: StaffPrincipal, app: Application) -> dict[str, Any]:
    """The clock, the watch's alerts and the special procedures, with what this person may start or end."""
    procedures = await special.for_application(services.db, app.id)
    running = any(p.running for p in procedures)
    in_review = app.state in special.OPEN_STATES and can(staff.role, Action.REVIEW_APPLICATIONS)
    in_review = in_review and in_scope(staff, app.department)
    item, _, _ = await timekeeping.item_limits(services, app)
    kinds = [
        (rule.kind, special.KIND_TEXT.get(rule.kind, Text(rule.kind)), rule.counted)
        for rule in (item.special_procedures if item is not None else ())
    ]
    alerts = await timekeeping.alerts_for(services.db, [app.id])
    return {
        "time": await timekeeping.time_status(services, app),
        "alerts": frozenset(alerts.get(app.id, ())),
        "specials": procedures,
        "special_kinds": kinds if in_review and not running else [],
        "may_end_special": in_review and running,
    }
