"""One form engine for both surfaces: what an application asks, shows and still lacks.

The kiosk renders a `FormView` as pages and the phone API returns it as JSON; both take it
from here, so the same rules decide which questions and materials apply (一次性告知), how
known values are shown, and what is still missing before submission.

- `definition` fixes what an application asks for: its item at the version the application
  pinned, or a bundle's items (一件事一次办) merged so a shared field or material is asked once
  (`shared.catalog.rules.merge_bundle`).
- `presubmission_problems` is pure: it lists EVERYTHING still missing at once (required and
  invalid answers, missing materials, delivery), so a citizen fixes it all in one go.
- A material that an electronic certificate in the citizen's wallet (电子证照) covers, or
  that data sharing between departments makes unnecessary (免证明 / 数据共享), is not asked
  for; the view says which record stands in for it.
- Display values of ID-number and phone fields are masked (GB/T 35273-2020 display
  restriction); other text goes through `redact` in case someone typed a number into it.
  Raw values stay on the server.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, Protocol, TypeVar

from shared.catalog import rules
from shared.catalog.model import Fee, FieldGroup, FormField, Material, ServiceItem
from shared.catalog.rules import ChecklistEntry
from shared.errors import FieldProblem, NotFound
from shared.i18n import Text
from shared.privacy.masking import mask_id_number, mask_phone, redact

if TYPE_CHECKING:
    from shared.applications.model import Application, Certificate
    from shared.applications.prefill import KnownFact
    from shared.materials.model import StoredFile
    from shared.services import Services

MaterialStatus = Literal["certificate", "shared_data", "uploaded", "missing", "optional"]
# Materials the citizen does not need to provide.
COVERED: frozenset[str] = frozenset({"certificate", "shared_data"})
MASKED_TYPES = frozenset({"id_number", "phone"})
# Where a form keeps the citizen's delivery choice when it asks for it as a question; the
# application's own delivery choice wins, these fill in when it is missing (never ask twice).
DELIVERY_FIELDS = ("delivery_method", "delivery")
ADDRESS_FIELD = "mailing_address"

M = {
    "material_missing": Text("请提供材料：{name}。", "Please provide this material: {name}."),
    "delivery_required": Text("请选择结果的领取方式。", "Please choose how to receive the result."),
    "delivery_not_offered": Text(
        "此事项不提供所选的领取方式，请重新选择。",
        "This item does not offer the chosen way of delivery; choose another.",
    ),
    "address_required": Text(
        "选择邮寄送达时，请填写邮寄地址。", "Please enter a mailing address for delivery by mail."
    ),
}


class HeldCertificate(Protocol):
    """What the check needs of a wallet certificate (`shared.applications.model.Certificate`)."""

    @property
    def type_code(self) -> str: ...


class HeldFile(Protocol):
    """What the check needs of an uploaded file (`shared.materials.model.StoredFile`)."""

    @property
    def material_code(self) -> str: ...


C = TypeVar("C", bound=HeldCertificate)


# --- the definition ------------------------------------------------------------------------


@dataclass(frozen=True)
class FormDefinition:
    """Everything an application may ask for, before the citizen's answers narrow it down.

    `materials` lists every material with its own `when`; `fees is None` means the catalog
    does not say (for a bundle: when any item does not say). `delivery_options` are the ways
    the result can reach the citizen: the item's result delivery, or for a bundle the ways
    every item with a result offers; empty when nothing is delivered.
    """

    groups: tuple[FieldGroup, ...]
    materials: tuple[ChecklistEntry, ...]
    fees: tuple[Fee, ...] | None
    delivery_options: tuple[str, ...]
    items: tuple[ServiceItem, ...]
    bundle_code: str | None = None

    @property
    def fields(self) -> tuple[FormField, ...]:
        return tuple(f for group in self.groups for f in group.fields)

    def field(self, code: str) -> FormField | None:
        return next((f for f in self.fields if f.code == code), None)

    def material(self, code: str) -> ChecklistEntry | None:
        return next((entry for entry in self.materials if entry.material.code == code), None)

    @property
    def situation_codes(self) -> frozenset[str]:
        """Fields whose answers decide what else applies (the situation, 情形)."""
        conditions = [g.when for g in self.groups] + [f.when for f in self.fields]
        conditions += [e.material.when for e in self.materials] + [fee.when for fee in self.fees or ()]
        return frozenset(code for condition in conditions for code in rules.condition_fields(condition))


def item_definition(item: ServiceItem) -> FormDefinition:
    """The definition of a single item application (pure)."""
    return FormDefinition(
        groups=item.form,
        materials=tuple(ChecklistEntry(material) for material in item.materials),
        fees=item.fees,
        delivery_options=item.result.delivery if item.result else (),
        items=(item,),
    )


def bundle_definition(items: Sequence[ServiceItem], bundle_code: str | None = None) -> FormDefinition:
    """The merged definition of a bundle (一件事一次办) over its pinned items (pure)."""
    merged = rules.merge_bundle(items)
    fees: tuple[Fee, ...] | None = None
    if all(item.fees is not None for item in items):
        fees = tuple(fee for _, fee in merged.fees)
    return FormDefinition(
        groups=merged.groups,
        materials=merged.materials,
        fees=fees,
        delivery_options=common_delivery(items),
        items=tuple(items),
        bundle_code=bundle_code,
    )


def common_delivery(items: Iterable[ServiceItem]) -> tuple[str, ...]:
    """The delivery ways every item with a result offers, in the first such item's order."""
    offered = [item.result.delivery for item in items if item.result is not None]
    if not offered:
        return ()
    return tuple(way for way in offered[0] if all(way in others for others in offered[1:]))


async def definition(services: Services, app: Application) -> FormDefinition:
    """What `app` asks for: its item at the pinned version, or its bundle's pinned items merged."""
    if app.kind == "item":
        assert app.item_code is not None and app.item_version is not None
        item = await services.catalog.item_version(app.item_code, app.item_version)
        if item is None:
            raise NotFound(Text("找不到此办件的事项版本。", "The item version of this application was not found."))
        return item_definition(item)
    assert app.bundle_code is not None and app.bundle_version is not None
    bundle = await services.catalog.bundle_version(app.bundle_code, app.bundle_version)
    if bundle is None:
        raise NotFound(Text("找不到此办件的主题事项版本。", "The bundle version of this application was not found."))
    items = await services.catalog.pinned_items(bundle)
    return bundle_definition(items, bundle.code)


# --- materials -----------------------------------------------------------------------------


def applicable_materials(definition: FormDefinition, answers: Mapping[str, Any]) -> list[ChecklistEntry]:
    """The materials this citizen's situation calls for (一次性告知)."""
    return [entry for entry in definition.materials if rules.evaluate(entry.material.when, answers)]


def covering_certificate(material: Material, wallet: Iterable[C]) -> C | None:
    if material.certificate_type is None:
        return None
    return next((cert for cert in wallet if cert.type_code == material.certificate_type), None)


def material_status(material: Material, wallet: Iterable[HeldCertificate], file_count: int) -> MaterialStatus:
    """How a material stands: covered (certificate, shared data), uploaded, missing or optional.

    A certificate in the wallet is preferred to shared data: it is the citizen's own record
    and needs no call to another department.
    """
    if covering_certificate(material, wallet) is not None:
        return "certificate"
    if material.shared_data is not None:
        return "shared_data"
    if file_count > 0:
        return "uploaded"
    return "missing" if material.required else "optional"


def is_covered(material: Material, wallet: Iterable[HeldCertificate]) -> bool:
    return material_status(material, wallet, 0) in COVERED


# --- delivery ------------------------------------------------------------------------------


def effective_delivery(
    definition: FormDefinition, answers: Mapping[str, Any], method: str | None, address: str | None
) -> tuple[str | None, str | None]:
    """The delivery choice and mail address, taking the form's answers when none was set.

    Several items ask "how to receive the result" and "mailing address" as questions; the
    citizen must not be asked again on the delivery step, so those answers count.
    """
    if method is None and definition.delivery_options:
        for code in DELIVERY_FIELDS:
            answered = answers.get(code)
            if isinstance(answered, str) and answered in definition.delivery_options:
                method = answered
                break
    if not (address and address.strip()):
        answered = answers.get(ADDRESS_FIELD)
        address = answered.strip() if isinstance(answered, str) and answered.strip() else None
    return method, address


def delivery_problems(definition: FormDefinition, method: str | None, address: str | None) -> list[FieldProblem]:
    if not definition.delivery_options:
        return []  # nothing is delivered (no result document), so nothing to choose
    if method is None:
        return [FieldProblem("delivery.method", "required", M["delivery_required"])]
    if method not in definition.delivery_options:
        return [FieldProblem("delivery.method", "not_offered", M["delivery_not_offered"])]
    if method == "mail" and not (address and address.strip()):
        return [FieldProblem("delivery.address", "required", M["address_required"])]
    return []


# --- the pre-submission check --------------------------------------------------------------


def presubmission_problems(
    definition: FormDefinition,
    answers: Mapping[str, Any],
    wallet: Iterable[HeldCertificate],
    files: Iterable[HeldFile],
    delivery_method: str | None,
    delivery_address: str | None,
    today: dt.date,
) -> list[FieldProblem]:
    """Everything still missing, at once, in form order: answers, then materials, then delivery.

    Paths: `answers.<field>` (required / invalid, from `rules.validate_answers`),
    `materials.<code>` (code `missing`), `delivery.method` (`required`, `not_offered`) and
    `delivery.address` (`required`). An empty list means the application may be submitted.
    """
    problems = list(rules.validate_answers(definition.groups, answers, today).problems)
    wallet = list(wallet)
    counts = file_counts(files)
    for entry in applicable_materials(definition, answers):
        material = entry.material
        if material_status(material, wallet, counts.get(material.code, 0)) == "missing":
            problems.append(FieldProblem(f"materials.{material.code}", "missing", missing_text(material)))
    method, address = effective_delivery(definition, answers, delivery_method, delivery_address)
    visible = {f.code for f in rules.visible_fields(definition.groups, answers)}
    for problem in delivery_problems(definition, method, address):
        if problem.path == "delivery.address" and ADDRESS_FIELD in visible:
            # The form asks for the address itself: the problem belongs next to that
            # question, and is said once.
            problem = FieldProblem(f"answers.{ADDRESS_FIELD}", problem.code, problem.message)
            if any(p.path == problem.path for p in problems):
                continue
        problems.append(problem)
    return problems


def missing_text(material: Material) -> Text:
    # A catalog without English names gets the Chinese name inside the English sentence.
    template = M["material_missing"]
    return Text(template.zh.format(name=material.name.zh), (template.en or "").format(name=material.name.get("en")))


def file_counts(files: Iterable[HeldFile]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for stored in files:
        counts[stored.material_code] = counts.get(stored.material_code, 0) + 1
    return counts


# --- the view ------------------------------------------------------------------------------


def display_value(form_field: FormField, value: Any) -> Any:
    """What a screen or API answer may show for an answer: never a whole ID or phone number."""
    if value is None:
        return None
    if form_field.type == "id_number":
        return mask_id_number(str(value))
    if form_field.type == "phone":
        return mask_phone(str(value))
    if isinstance(value, str):
        return redact(value)
    return value


@dataclass(frozen=True)
class FieldView:
    """One question as a surface shows it. `value` is the DISPLAY value (masked where needed)."""

    field: FormField
    value: Any | None
    source: KnownFact | None
    problem: FieldProblem | None

    @property
    def masked(self) -> bool:
        """The value shown is not the value held: a surface must not send it back as an answer."""
        return self.value is not None and self.field.type in MASKED_TYPES


@dataclass(frozen=True)
class MaterialView:
    """One material of the citizen's checklist and how it stands.

    `certificate` is the wallet record that stands in for it (status "certificate");
    `shared_department` the department whose data makes it unnecessary ("shared_data").
    """

    entry: ChecklistEntry
    status: MaterialStatus
    certificate: Certificate | None
    files: tuple[StoredFile, ...]
    shared_department: str | None = None
    problem: FieldProblem | None = None

    @property
    def code(self) -> str:
        return self.entry.material.code

    @property
    def covered(self) -> bool:
        return self.status in COVERED


@dataclass(frozen=True)
class FormView:
    """The whole form of one application with everything a surface needs to render it."""

    groups: list[tuple[FieldGroup, list[FieldView]]]
    materials: list[MaterialView]
    fees: list[Fee] | None
    delivery_options: tuple[str, ...]
    problems: list[FieldProblem]  # the pre-submission check, all at once
    delivery_method: str | None = None
    delivery_address: str | None = None  # an address, not a personal number: shown to its owner
    definition: FormDefinition | None = field(default=None, repr=False)

    @property
    def ready(self) -> bool:
        return not self.problems

    def problems_at(self, prefix: str) -> list[FieldProblem]:
        return [p for p in self.problems if p.path == prefix or p.path.startswith(prefix + ".")]


def build_view(
    definition: FormDefinition,
    answers: Mapping[str, Any],
    sources: Mapping[str, KnownFact],
    wallet: Sequence[Certificate],
    files: Sequence[StoredFile],
    delivery_method: str | None,
    delivery_address: str | None,
    today: dt.date,
) -> FormView:
    """The view from everything already loaded (pure; `form_view` does the loading)."""
    problems = presubmission_problems(definition, answers, wallet, files, delivery_method, delivery_address, today)
    by_path: dict[str, FieldProblem] = {}
    for problem in problems:
        by_path.setdefault(problem.path, problem)
    groups = [
        (
            group,
            [
                FieldView(
                    f,
                    display_value(f, answers.get(f.code)) if rules.is_answered(answers.get(f.code)) else None,
                    sources.get(f.code),
                    by_path.get(f"answers.{f.code}"),
                )
                for f in fields
            ],
        )
        for group, fields in rules.visible_groups(definition.groups, answers)
    ]
    materials = []
    for entry in applicable_materials(definition, answers):
        own_files = tuple(f for f in files if f.material_code == entry.material.code)
        status = material_status(entry.material, wallet, len(own_files))
        certificate = covering_certificate(entry.material, wallet) if status == "certificate" else None
        shared = entry.material.shared_data
        materials.append(
            MaterialView(
                entry,
                status,
                certificate,
                own_files,
                shared.department if status == "shared_data" and shared else None,
                by_path.get(f"materials.{entry.material.code}"),
            )
        )
    method, address = effective_delivery(definition, answers, delivery_method, delivery_address)
    fees = rules.applicable_fees(definition.fees, answers)
    return FormView(groups, materials, fees, definition.delivery_options, problems, method, address, definition)


async def form_view(services: Services, app: Application) -> FormView:
    """The form of `app` as its owner sees it: answers masked, sources named, the check run."""
    from shared.applications import certificates, prefill
    from shared.materials import files_for

    form = await definition(services, app)
    wallet = await certificates.wallet(services, app.citizen_id)
    files = await files_for(services.db, app, material_codes={e.material.code for e in form.materials})
    sources = {code: prefill.fact_from_source(source) for code, source in app.sources.items()}
    return build_view(
        form,
        app.answers,
        sources,
        wallet,
        files,
        app.delivery_method,
        app.delivery_address,
        services.clock.today(),
    )


def restrict_answers(answers: Mapping[str, Any], item: ServiceItem) -> dict[str, Any]:
    """The answers that concern one item of a bundle (a child gets only its own fields)."""
    codes = {f.code for f in item.fields}
    return {code: value for code, value in answers.items() if code in codes}
