"""Moving an application through its states: submission by the citizen, then the hall's acts.

Every function here follows one pattern, so "exactly once" holds under concurrency:

1. re-read the application inside `db.transaction()` (BEGIN IMMEDIATE under the writer
   lock), so the state checked is the state written over: of two clerks acting at once,
   the second finds the new state and gets a clean 409;
2. check who acts (403) and whether the act is allowed now (`states`, 409);
3. write the change, its timeline event and its audit entry;
4. await the caller's `within(tx, application)` in the same transaction (the phone API
   stores its idempotent answer there), then commit. Anything raised rolls back all of it.

Rules implemented: 一次性告知 (return listing every problem at once, a second return only
with a supervisor's permission), 并联审批 (review tasks for the lead and every
co-handling department, decision when all are in), 一件事一次办 (a bundle fans out into one
application per item at submission), 电子证照 (an approval issues the certificate into the
holder's wallet).
"""

from shared.applications.acceptance import accept, override_return, refuse, return_for_correction
from shared.applications.delivery import deliver
from shared.applications.model import Within
from shared.applications.review import decide, record_opinion
from shared.applications.steps import DeliveryHow, DissentingOpinion, OpinionAlreadyGiven, ReviewIncomplete
from shared.applications.submission import submit

__all__ = [
    "DeliveryHow",
    "DissentingOpinion",
    "OpinionAlreadyGiven",
    "ReviewIncomplete",
    "Within",
    "accept",
    "decide",
    "deliver",
    "override_return",
    "record_opinion",
    "refuse",
    "return_for_correction",
    "submit",
]
