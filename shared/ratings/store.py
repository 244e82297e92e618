"""The ratings table (0014_ratings.sql): give one, read one. All SQL of ratings lives here.

One rating per application, for ever: `rate` inserts or raises `AlreadyRated`; nothing
updates or deletes a row (the triggers would refuse anyway).
"""

from __future__ import annotations

import json
import secrets
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from shared.applications.access import ApplicationNotFound
from shared.applications.model import Application
from shared.applications.states import State
from shared.clock import iso
from shared.db import Database, Transaction
from shared.errors import Conflict, FieldProblem, ValidationFailed
from shared.i18n import Text
from shared.privacy.vault import PiiVault
from shared.ratings import followups
from shared.ratings.levels import COMMENT_MAX, LEVEL_TEXT, REASON_TEXT, REASONS_FOR_LEVEL, is_bad, is_level

RatingChannel = Literal["kiosk", "mobile"]
RATING_CHANNELS: tuple[RatingChannel, ...] = ("kiosk", "mobile")
COMMENT_COLUMN = "ratings.comment"

BAD_LEVEL = Text("请选择五个评价等级中的一个。", "Please choose one of the five ratings.")
BAD_REASON = Text(
    "所选原因与评价等级不符，请重新选择。", "A reason chosen does not fit this rating; please choose again."
)
LONG_COMMENT = Text(f"意见请不超过 {COMMENT_MAX} 个字。", f"Please keep the comment under {COMMENT_MAX} characters.")


class AlreadyRated(Conflict):
    code = "already_rated"
    default_message = Text(
        "该办件已经评价过，每件只能评价一次，评价不能修改。",
        "This application has been rated already: one rating each, and a rating cannot be changed.",
    )


class NotYetRatable(Conflict):
    code = "not_yet_ratable"
    default_message = Text("申请提交后才能评价。", "You can rate an application once it has been submitted.")


@dataclass(frozen=True, slots=True)
class Rating:
    id: str
    application_id: str
    citizen_id: str
    channel: str
    level: int
    reasons: tuple[str, ...]
    has_comment: bool
    created_at: str

    @property
    def level_text(self) -> Text:
        return LEVEL_TEXT[self.level]

    @property
    def reason_texts(self) -> tuple[Text, ...]:
        return tuple(REASON_TEXT[code] for code in self.reasons if code in REASON_TEXT)


def rated_id(application: Application) -> str:
    """The application a rating belongs to: a bundle (一件事) is rated once, on its parent."""
    return application.parent_id or application.id


def check_ratable(application: Application, citizen_id: str) -> None:
    """Only the applicant, and only after submission (a draft has nothing to rate yet).

    The caller found the application through `access.for_citizen`, so another citizen's
    got a 404 already; this is the second line."""
    if application.citizen_id != citizen_id:
        raise ApplicationNotFound()
    if application.state == State.DRAFT or application.submitted_at is None:
        raise NotYetRatable()


def validate(level: object, reasons: object, comment: object = None) -> tuple[int, tuple[str, ...], str | None]:
    """The level (1..5), the reasons (each allowed for that level, no repeats, order kept)
    and the comment (trimmed, None if empty); 422 naming each problem otherwise."""
    if not is_level(level):
        raise ValidationFailed(BAD_LEVEL, problems=[FieldProblem("level", "invalid", BAD_LEVEL)])
    assert isinstance(level, int)
    problems: list[FieldProblem] = []
    chosen: list[str] = []
    if reasons is None:
        reasons = []
    if not isinstance(reasons, list | tuple) or len(reasons) > len(REASON_TEXT):
        problems.append(FieldProblem("reasons", "invalid", BAD_REASON))
    else:
        allowed = REASONS_FOR_LEVEL[level]
        for code in reasons:
            if not isinstance(code, str) or code not in allowed:
                problems.append(FieldProblem("reasons", "invalid", BAD_REASON))
                break
            if code not in chosen:
                chosen.append(code)
    text: str | None = None
    if comment is not None:
        if not isinstance(comment, str) or len(comment) > COMMENT_MAX:
            problems.append(FieldProblem("comment", "too_long", LONG_COMMENT))
        else:
            text = " ".join(comment.split()) or None
    if problems:
        raise ValidationFailed(problems[0].message, problems=problems)
    return level, tuple(chosen), text


async def rate(
    tx: Transaction,
    application: Application,
    citizen_id: str,
    level: int,
    reasons: Sequence[str],
    channel: RatingChannel,
    now: float,
    *,
    comment: str | None = None,
    vault: PiiVault | None = None,
    device_id: str | None = None,
) -> Rating:
    """Record the citizen's rating of their submitted application, once.

    Raises NotYetRatable (a draft), ValidationFailed (a level or reason that does not
    exist), AlreadyRated (there is one: from any channel, by any earlier request, including
    one a moment ago in another transaction — the UNIQUE column decides, not a read).
    """
    check_ratable(application, citizen_id)
    level, chosen, text = validate(level, list(reasons), comment)
    if text is not None and vault is None:
        raise ValueError("a comment is sealed: pass the vault")
    sealed = vault.seal(text, COMMENT_COLUMN) if text is not None and vault is not None else None
    rating = Rating(
        id="rt_" + secrets.token_urlsafe(16),
        application_id=rated_id(application),
        citizen_id=citizen_id,
        channel=channel,
        level=level,
        reasons=chosen,
        has_comment=sealed is not None,
        created_at=iso(now),
    )
    inserted = await tx.execute(
        "INSERT INTO ratings (id, application_id, citizen_id, channel, device_id, level, reasons, comment, "
        "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (application_id) DO NOTHING",
        (
            rating.id,
            rating.application_id,
            citizen_id,
            channel,
            device_id,
            level,
            json.dumps(list(chosen)),
            sealed,
            rating.created_at,
        ),
    )
    if inserted != 1:
        raise AlreadyRated()
    if is_bad(level):
        # 差评整改: the follow-up case opens with the rating, in the same transaction (G4).
        await followups.open_for(tx, rating, application, now)
    return rating


_COLUMNS = "id, application_id, citizen_id, channel, level, reasons, comment IS NOT NULL AS has_comment, created_at"


def _rating(row: sqlite3.Row) -> Rating:
    return Rating(
        id=row["id"],
        application_id=row["application_id"],
        citizen_id=row["citizen_id"],
        channel=row["channel"],
        level=int(row["level"]),
        reasons=tuple(json.loads(row["reasons"])),
        has_comment=bool(row["has_comment"]),
        created_at=row["created_at"],
    )


# For the other modules of the package that read ratings (appeals.counted): the same columns and mapping.
RATING_COLUMNS = _COLUMNS
rating_from_row = _rating


async def for_application(db: Database | Transaction, application_id: str) -> Rating | None:
    """The rating of an application, or None. A bundle child answers with its parent's."""
    row = await db.fetch_one(
        f"SELECT {_COLUMNS} FROM ratings WHERE application_id = ? "
        "OR application_id = (SELECT parent_id FROM applications WHERE id = ?) LIMIT 1",
        (application_id, application_id),
    )
    return _rating(row) if row is not None else None


async def comment_of(db: Database, vault: PiiVault, rating_id: str) -> str | None:
    """The opened comment (staff follow-up of a 差评, later); never log it."""
    row = await db.fetch_one("SELECT comment FROM ratings WHERE id = ?", (rating_id,))
    if row is None or row["comment"] is None:
        return None
    return vault.open(row["comment"], COMMENT_COLUMN)
