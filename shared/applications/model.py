"""The objects of the applications aggregate (办件) as the rest of the system sees them.

`Application.answers` holds the OPENED answers, whole ID and phone numbers included:
screens and API answers mask them (shared.privacy.masking) and nothing logs them.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Literal

from shared.applications.bundles import overall_state
from shared.applications.states import State
from shared.db import Transaction
from shared.i18n import Text

Kind = Literal["item", "bundle"]
Channel = Literal["kiosk", "mobile", "window"]
CHANNELS: tuple[Channel, ...] = ("kiosk", "mobile", "window")
DeliveryMethod = Literal["window", "mail", "electronic", "kiosk_print"]
DELIVERY_METHODS: tuple[DeliveryMethod, ...] = ("window", "mail", "electronic", "kiosk_print")
EventActorKind = Literal["citizen", "staff", "system", "kiosk"]


@dataclass(frozen=True, slots=True)
class CorrectionItem:
    """One thing the citizen must fix (补正), told all at once with the others."""

    target: str  # "answers.<field>" | "materials.<code>" | "other"
    reason: str  # in the clerk's words (never a personal number)

    def as_dict(self) -> dict[str, str]:
        return {"target": self.target, "reason": self.reason}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CorrectionItem:
        return cls(str(data["target"]), str(data["reason"]))


@dataclass(frozen=True)
class Application:
    id: str
    number: str | None
    parent_id: str | None
    position: int | None
    citizen_id: str
    kind: Kind
    item_code: str | None
    item_version: int | None
    bundle_code: str | None
    bundle_version: int | None
    department: str | None
    state: State
    answers: dict[str, Any]  # opened; holds whole personal numbers: NEVER render without masking
    sources: dict[str, str]
    delivery_method: str | None
    delivery_address: str | None
    started_channel: str
    submitted_channel: str | None
    returns: int
    return_overrides: int
    correction: tuple[CorrectionItem, ...]
    revision: int
    created_at: str
    updated_at: str
    submitted_at: str | None
    accepted_at: str | None
    decided_at: str | None
    delivered_at: str | None
    children: tuple[Application, ...] = ()  # loaded for a bundle parent
    created_ts: float = 0.0
    submitted_ts: float | None = None

    def __repr__(self) -> str:
        # The default repr would print the opened answers into any log or traceback.
        return f"Application(id={self.id!r}, kind={self.kind!r}, state={self.state.value!r}, revision={self.revision})"

    @property
    def ref(self) -> str:
        """How routes and screens name it: the number once there is one, else the opaque id."""
        return self.number or self.id

    @property
    def status(self) -> State:
        """The state to show: a submitted bundle reports one overall status for its children."""
        if self.kind == "bundle" and self.children:
            return overall_state([child.state for child in self.children])
        return self.state

    @property
    def is_bundle(self) -> bool:
        return self.kind == "bundle"

    @property
    def is_child(self) -> bool:
        return self.parent_id is not None


@dataclass(frozen=True, slots=True)
class EventActor:
    """Who caused a timeline event, as the timeline may show it (masked, role labels only)."""

    kind: EventActorKind
    id: str
    label: str
    role: str | None = None
    department: str | None = None

    @classmethod
    def system(cls) -> EventActor:
        return cls("system", "onevisit", "onevisit")


@dataclass(frozen=True, slots=True)
class Event:
    """One row of an application's timeline."""

    id: int
    application_id: str
    at: str
    actor_kind: str
    actor_label: str
    actor_role: str | None
    department: str | None
    act: str
    from_state: State | None
    to_state: State | None
    detail: dict[str, Any]


@dataclass(frozen=True, slots=True)
class ReviewTask:
    """并联审批: one department's part in reviewing an application."""

    application_id: str
    department: str
    lead: bool
    opinion: str | None  # "agree" | "disagree" | None while pending
    comment: str | None
    reviewer_label: str | None
    at: str | None


@dataclass(frozen=True, slots=True)
class Trip:
    id: int
    application_id: str
    kind: str  # "kiosk" | "window"
    place: str
    at: str


@dataclass(frozen=True, slots=True)
class Certificate:
    """电子证照 in a citizen's wallet. Certificate numbers are not personal numbers: shown whole."""

    id: str
    type_code: str
    number: str
    issuer: str
    issued_at: str
    valid_until: str | None
    source_application_id: str | None
    status: str = "valid"


@dataclass(frozen=True, slots=True)
class ResultDocument:
    """What an application produced: a decision, a refusal notice or a certificate copy."""

    id: str
    application_id: str
    kind: str  # "decision" | "refusal" | "certificate"
    number: str
    title: Text
    body: dict[str, Any]
    issued_at: str


# Work a caller adds to an application's change, inside the same write transaction (the
# phone API stores its idempotent answer this way, so change and answer commit together).
Within = Callable[[Transaction, Application], Awaitable[None]] | None
