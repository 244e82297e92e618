"""The citizen's side before submission: start a draft, answer as they go, choose delivery.

A draft saves as the citizen goes, on the kiosk or the phone, so either can continue it.
Every function re-reads the application in its write transaction and writes nothing when
it raises: a bad answer is a 422 listing every problem at once (一次性告知), a stale
revision or a draft that is no longer editable is a 409.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from shared import materials
from shared.applications import forms, journal, prefill, repository
from shared.applications.access import ApplicationNotFound
from shared.applications.model import CHANNELS, DELIVERY_METHODS, Application, Within
from shared.applications.states import EDITABLE, STATE_TEXT, State
from shared.audit import Where
from shared.catalog import rules
from shared.catalog.model import ServiceItem
from shared.clock import china_day
from shared.db import Transaction
from shared.errors import Conflict, FieldProblem, InvalidParameter, NotFound, ValidationFailed
from shared.i18n import Text

if TYPE_CHECKING:
    from shared.services import Services

CHANNEL_ATTRIBUTE = {"kiosk": "kiosk", "mobile": "mobile"}
ADDRESS_MAX = rules.ADDRESS_MAX

ITEM_NOT_FOUND = Text("找不到该事项，或该事项已停止办理。", "This service is unknown or no longer offered.")
BUNDLE_NOT_FOUND = Text("找不到该主题服务，或已停止办理。", "This combined service is unknown or no longer offered.")
M = {
    "not_on_kiosk": Text(
        "“{name}”不能在自助终端申请，请到窗口办理。",
        "“{name}” cannot be applied for at a kiosk; please apply at a window.",
    ),
    "not_on_mobile": Text(
        "“{name}”不能在手机上申请，请到大厅办理。", "“{name}” cannot be applied for by phone; please come to the hall."
    ),
    "delivery_unknown": Text("请选择有效的领取方式。", "Please choose a valid way of delivery."),
    "address_too_long": Text("邮寄地址过长。", "The mailing address is too long."),
}


class NotEditable(Conflict):
    """409: answers, files and delivery change only in a draft or a returned application."""

    code = "not_editable"

    def __init__(self, state: State) -> None:
        super().__init__(
            Text(
                f"申请当前状态为“{STATE_TEXT[state].zh}”，不能再修改。",
                f"The application is {STATE_TEXT[state].en}; it can no longer be changed.",
            )
        )


async def _reload(tx: Transaction, services: Services, app: Application) -> Application:
    current = await repository.load(tx, services.vault, app.id)
    if current is None:
        raise ApplicationNotFound()
    return current


def _editable(app: Application, expected_revision: int | None = None) -> None:
    if app.state not in EDITABLE:
        raise NotEditable(app.state)
    if expected_revision is not None and expected_revision != app.revision:
        raise repository.StaleRevision()


def _channel_problem(items: list[ServiceItem], channel: str) -> FieldProblem | None:
    """Whether every item is offered on this channel; a catalog that does not say allows it."""
    attribute = CHANNEL_ATTRIBUTE.get(channel)
    if attribute is None:
        return None
    for item in items:
        if getattr(item.channels, attribute) is False:
            template = M[f"not_on_{channel}"]
            message = Text(template.zh.format(name=item.name.zh), (template.en or "").format(name=item.name.get("en")))
            return FieldProblem("item", "channel_not_offered", message)
    return None


async def start(
    services: Services,
    citizen_id: str,
    *,
    item_code: str | None = None,
    bundle_code: str | None = None,
    channel: str,
    where: Where,
    now: float,
    within: Within = None,
) -> Application:
    """A new draft for an item or a bundle, prefilled with what the system already knows.

    404 for an unknown or retired item (or bundle); 422 when it is not offered on this
    channel (the catalog's `channels.kiosk` / `channels.mobile` is False).
    """
    if (item_code is None) == (bundle_code is None):
        raise InvalidParameter(Text("请指定一个事项或一个主题服务。", "Name one item or one bundle."))
    if channel not in CHANNELS:
        raise InvalidParameter()
    snapshot = await services.catalog.current()
    if item_code is not None:
        item = snapshot.item(item_code)
        if item is None or not item.active:
            raise NotFound(ITEM_NOT_FOUND)
        items = [item]
        definition = forms.item_definition(item)
    else:
        assert bundle_code is not None
        bundle = snapshot.bundle(bundle_code)
        if bundle is None or not bundle.active:
            raise NotFound(BUNDLE_NOT_FOUND)
        items = await services.catalog.pinned_items(bundle)
        if len(items) != len(bundle.items) or any(not i.active for i in items):
            raise NotFound(BUNDLE_NOT_FOUND)
        definition = forms.bundle_definition(items, bundle.code)
    problem = _channel_problem(items, channel)
    if problem is not None:
        raise ValidationFailed(problem.message, problems=[problem])

    facts = await prefill.known_facts(services, citizen_id, definition.fields, situation=definition.situation_codes)
    answers, sources = prefill.answers_from(facts)
    # Keep only what passes the form's own checks as it is now, and only visible fields.
    checked = rules.validate_answers(definition.groups, answers, china_day(now), partial=True)
    answers = checked.answers
    sources = {code: source for code, source in sources.items() if code in answers}

    app = Application(
        id=repository.new_id(),
        number=None,
        parent_id=None,
        position=None,
        citizen_id=citizen_id,
        kind="item" if item_code is not None else "bundle",
        item_code=item_code,
        item_version=items[0].version if item_code is not None else None,
        bundle_code=bundle_code,
        bundle_version=snapshot.bundles[bundle_code].version if bundle_code is not None else None,
        department=items[0].department if item_code is not None else None,
        state=State.DRAFT,
        answers=answers,
        sources=sources,
        delivery_method=None,
        delivery_address=None,
        started_channel=channel,
        submitted_channel=None,
        returns=0,
        return_overrides=0,
        correction=(),
        revision=0,
        created_at="",
        updated_at="",
        submitted_at=None,
        accepted_at=None,
        decided_at=None,
        delivered_at=None,
        created_ts=now,
    )
    async with services.db.transaction() as tx:
        await repository.insert(tx, services.vault, app, now)
        actor = await journal.citizen_actor(tx, citizen_id)
        code = item_code or bundle_code
        await journal.record(
            tx,
            application_id=app.id,
            actor=actor,
            act="start",
            from_state=None,
            to_state=State.DRAFT,
            where=where,
            now=now,
            detail={"channel": channel, "item" if item_code else "bundle": code, "prefilled": sorted(sources)},
            audit_detail={"channel": channel, "item" if item_code else "bundle": code},
        )
        stored = await _reload(tx, services, app)
        if within is not None:
            await within(tx, stored)
    return stored


async def save_answers(
    services: Services,
    app: Application,
    answers: Mapping[str, Any],
    *,
    now: float,
    expected_revision: int | None = None,
    within: Within = None,
) -> Application:
    """Merge `answers` into the draft (a None or empty value clears an answer).

    Checked with `rules.validate_answers(partial=True)` on the merged answers: 422 with
    every problem of the given answers and nothing saved when any is bad. Answers to fields
    that the new answers hide are dropped (a child's data must not ride along when the
    citizen switches to "for myself"). A value the citizen changes loses its prefill source.
    """
    definition = await forms.definition(services, app)
    async with services.db.transaction() as tx:
        current = await _reload(tx, services, app)
        _editable(current, expected_revision)
        merged = {**current.answers, **answers}
        checked = rules.validate_answers(definition.groups, merged, china_day(now), partial=True)
        given = {f"answers.{code}" for code in answers}
        problems = [p for p in checked.problems if p.path in given]
        if problems:
            raise ValidationFailed(problems=problems)
        clean = checked.answers
        sources = {
            code: source
            for code, source in current.sources.items()
            if code in clean and clean[code] == current.answers.get(code)
        }
        # A change that reveals questions (mail chosen: the mailing address) fills in what
        # the system already knows, so it is not asked again.
        clean, sources = await prefill.fill_revealed(
            services, current.citizen_id, definition, current.answers, clean, sources
        )
        updated = await repository.save(tx, services.vault, replace(current, answers=clean, sources=sources), now)
        if within is not None:
            await within(tx, updated)
    return updated


async def set_delivery(
    services: Services,
    app: Application,
    method: str,
    address: str | None,
    *,
    now: float,
    within: Within = None,
) -> Application:
    """Choose how the result reaches the citizen: one the item's result offers (for a bundle,
    one every item with a result offers). Mail needs an address; the form's
    `mailing_address` answer fills it when none is given."""
    definition = await forms.definition(services, app)
    async with services.db.transaction() as tx:
        current = await _reload(tx, services, app)
        _editable(current)
        if method not in DELIVERY_METHODS:
            problem = FieldProblem("delivery.method", "not_offered", M["delivery_unknown"])
            raise ValidationFailed(problems=[problem])
        cleaned = address.strip() if address and address.strip() else None
        if method == "mail" and cleaned is None:
            _, cleaned = forms.effective_delivery(definition, current.answers, method, None)
        problems = forms.delivery_problems(definition, method, cleaned)
        if cleaned is not None and len(cleaned) > ADDRESS_MAX:
            problems.append(FieldProblem("delivery.address", "too_long", M["address_too_long"]))
        if problems:
            raise ValidationFailed(problems=problems)
        chosen = replace(current, delivery_method=method, delivery_address=cleaned if method == "mail" else None)
        updated = await repository.save(tx, services.vault, chosen, now)
        if within is not None:
            await within(tx, updated)
    return updated


async def discard(
    services: Services, app: Application, *, now: float, where: Where | None = None, within: Within = None
) -> None:
    """Throw a draft away (DRAFT only): its answers are wiped and its files deleted."""
    async with services.db.transaction() as tx:
        current = await _reload(tx, services, app)
        if current.state != State.DRAFT:
            raise NotEditable(current.state)
        await repository.mark_discarded(tx, services.vault, current, now)
        await materials.delete_all(tx, services, current.id)
        await journal.record(
            tx,
            application_id=current.id,
            actor=await journal.citizen_actor(tx, current.citizen_id),
            act="discard",
            from_state=State.DRAFT,
            to_state=None,
            where=where or Where.system(),
            now=now,
        )
        if within is not None:
            await within(tx, current)
