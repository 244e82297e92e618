"""Submission by the citizen (提交): the pre-submission check, the application number, the
fan-out of a bundle (一件事一次办) and resubmission after 补正.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from shared import materials
from shared.applications import certificates, forms, journal, numbers, repository
from shared.applications.model import Application, EventActor, Within
from shared.applications.repository import StaleRevision
from shared.applications.states import Act, State, next_state
from shared.applications.steps import commit, finish, reload
from shared.audit import Where
from shared.catalog import rules
from shared.catalog.model import ServiceItem
from shared.clock import china_day, iso
from shared.db import Transaction
from shared.errors import FieldProblem, ValidationFailed

if TYPE_CHECKING:
    from shared.services import Services


async def _problems(
    services: Services, app: Application, definition: forms.FormDefinition, now: float
) -> list[FieldProblem]:
    # Both in one trip to the database: every submission asks.
    files, wallet = await services.db.read(
        materials.files_query(app), certificates.wallet_query(app.citizen_id, services.clock.today())
    )
    return forms.presubmission_problems(
        definition,
        app.answers,
        wallet,
        files,
        app.delivery_method,
        app.delivery_address,
        china_day(now),
    )


@dataclass(frozen=True, slots=True)
class _Submission:
    """What one submission writes with, whichever path it takes."""

    services: Services
    definition: forms.FormDefinition
    channel: str
    where: Where
    now: float
    within: Within
    actor: EventActor


async def submit(
    services: Services,
    app: Application,
    *,
    channel: str,
    where: Where,
    now: float,
    within: Within = None,
    actor: EventActor | None = None,
) -> Application:
    """DRAFT -> SUBMITTED with a new number, or RETURNED -> SUBMITTED (same number, the
    correction items cleared, the time limit counted again from the complete submission).

    The pre-submission check runs first: 422 listing everything still missing. A bundle
    parent fans out into one SUBMITTED child per item, numbered parent-number-k. An
    application that is already submitted (a double tap that lost the race) comes back
    unchanged, without calling `within`. `actor` is the citizen when the caller already
    knows them (`journal.actor_of_citizen`); otherwise they are read here.
    """
    if actor is None:
        actor = await journal.citizen_actor(services.db, app.citizen_id)
    job = _Submission(services, await forms.definition(services, app), channel, where, now, within, actor)
    if app.state not in (State.DRAFT, State.RETURNED):
        async with services.db.transaction() as tx:
            return await _submit_current(tx, job, app, checked_revision=None)
    # The caller has just read `app`; the check runs on it outside the writer lock.
    problems = await _problems(services, app, job.definition, now)
    if problems:
        raise ValidationFailed(problems=problems)
    try:
        # Optimistic: write over exactly the revision that was checked, with no second
        # read under the writer lock. The save's `revision = ?` condition refuses if
        # another device saved in between, and the whole block (number included) rolls back.
        async with services.db.transaction() as tx:
            return await _write(tx, job, app)
    except StaleRevision:
        async with services.db.transaction() as tx:
            return await _submit_current(tx, job, app, checked_revision=app.revision)


async def _submit_current(
    tx: Transaction, job: _Submission, app: Application, *, checked_revision: int | None
) -> Application:
    """The careful path: read the application under the writer lock, check it again if it
    changed since the check, then write (or return it as it is if already submitted)."""
    current = await reload(tx, job.services, app)
    if current.state not in (State.DRAFT, State.RETURNED):
        return current
    if current.revision != checked_revision:
        # The writer lock is held, so what the readers see is what we write over.
        problems = await _problems(job.services, current, job.definition, job.now)
        if problems:
            raise ValidationFailed(problems=problems)
    return await _write(tx, job, current)


async def _write(tx: Transaction, job: _Submission, current: Application) -> Application:
    services, now, channel = job.services, job.now, job.channel
    stamp = iso(now)
    if current.state == State.RETURNED:
        after = replace(
            current,
            state=next_state(current.state, Act.RESUBMIT),
            correction=(),
            submitted_channel=channel,
            submitted_at=stamp,
            submitted_ts=now,
        )
        await commit(
            tx,
            services,
            current,
            after,
            act=Act.RESUBMIT,
            actor=job.actor,
            where=job.where,
            now=now,
            detail={"channel": channel},
            audit_detail={"channel": channel, "number": current.number},
        )
        return await finish(tx, services, current, job.within)

    day = china_day(now)
    number = numbers.make(day, await repository.next_sequence(tx, numbers.day_key(day)))
    after = replace(
        current,
        state=next_state(current.state, Act.SUBMIT),
        number=number,
        submitted_channel=channel,
        submitted_at=stamp,
        submitted_ts=now,
    )
    children = list(job.definition.items) if current.kind == "bundle" else []
    saved = await commit(
        tx,
        services,
        current,
        after,
        act=Act.SUBMIT,
        actor=job.actor,
        where=job.where,
        now=now,
        detail={"channel": channel, "number": number, "children": len(children)},
        audit_detail={"channel": channel, "number": number, "children": len(children)},
    )
    for position, item in enumerate(children, start=1):
        await _fan_out(tx, services, after, item, position, actor=job.actor, where=job.where, now=now)
    # An item application is exactly what was just written; a bundle is read back with its children.
    return await finish(tx, services, current, job.within, None if children else saved)


async def _fan_out(
    tx: Transaction,
    services: Services,
    parent: Application,
    item: ServiceItem,
    position: int,
    *,
    actor: EventActor,
    where: Where,
    now: float,
) -> None:
    """一件事一次办: the item application of one item of a submitted bundle.

    It takes the answers to this item's own fields (nothing another department does not
    need), the delivery choice when this item delivers that way, and its own number;
    uploaded files stay on the parent and count for every child.
    """
    assert parent.number is not None
    answers = rules.validate_answers(item.form, parent.answers, china_day(now), partial=True).answers
    offered = item.result.delivery if item.result is not None else ()
    method = parent.delivery_method if parent.delivery_method in offered else None
    number = numbers.child(parent.number, position)
    child = replace(
        parent,
        id=repository.new_id(),
        number=number,
        parent_id=parent.id,
        position=position,
        kind="item",
        item_code=item.code,
        item_version=item.version,
        bundle_code=None,
        bundle_version=None,
        department=item.department,
        answers=answers,
        sources={code: source for code, source in parent.sources.items() if code in answers},
        delivery_method=method,
        delivery_address=parent.delivery_address if method == "mail" else None,
        revision=0,
        children=(),
    )
    await repository.insert(tx, services.vault, child, now)
    await journal.record(
        tx,
        application_id=child.id,
        actor=actor,
        act=Act.SUBMIT,
        from_state=None,
        to_state=State.SUBMITTED,
        where=where,
        now=now,
        detail={"channel": parent.submitted_channel, "number": number, "bundle": parent.number},
        audit_detail={"number": number, "bundle": parent.number, "item": item.code},
    )
