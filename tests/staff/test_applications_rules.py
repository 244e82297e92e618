"""The pure parts of the staff application pages: which forms a person is offered, and how
the action forms are read (every problem at once, no whole personal numbers kept)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, strategies as st
from starlette.datastructures import FormData

from kiosk.staff.views import applications_forms as read
from kiosk.staff.views.applications_offers import Offers, offers
from shared.applications.model import CorrectionItem
from shared.applications.states import State, allowed_acts
from shared.errors import ValidationFailed
from shared.staff.roles import Role
from tests.pii import ID_ZHANG, PHONE_ZHANG

TARGETS = ["materials.hukou_booklet", "answers.applicant_name", "answers.applicant_phone"]


def offered(role: Role, department: str | None, state: State, **kwargs: Any) -> Offers:
    params: dict[str, Any] = {
        "lead_department": "GA",
        "returns": 0,
        "return_overrides": 0,
        "opinions": {},
        "delivery_method": "window",
    }
    params.update(kwargs)
    return offers(role=role, department=department, state=state, **params)


def form(*pairs: tuple[str, str]) -> FormData:
    return FormData(list(pairs))


def paths(error: pytest.ExceptionInfo[ValidationFailed]) -> list[str]:
    return [problem.path for problem in error.value.problems]


def test_lead_clerk_on_a_submitted_application() -> None:
    fresh = offered(Role.CLERK, "GA", State.SUBMITTED)
    assert fresh == Offers(accept=True, return_=True, refuse=True, visit=True)
    used = offered(Role.CLERK, "GA", State.SUBMITTED, returns=1)
    assert not used.return_ and used.accept and used.refuse  # 一次性告知: no second return ...
    assert offered(Role.CLERK, "GA", State.SUBMITTED, returns=1, return_overrides=1).return_  # ... unless allowed
    co_clerk = offered(Role.CLERK, "YB", State.SUBMITTED)
    assert co_clerk == Offers(visit=True)  # a co-department clerk only records visits


def test_supervisor_override_only_when_the_return_is_used_up() -> None:
    assert offered(Role.SUPERVISOR, None, State.SUBMITTED) == Offers()
    assert offered(Role.SUPERVISOR, None, State.SUBMITTED, returns=1) == Offers(override=True)
    assert offered(Role.SUPERVISOR, None, State.RETURNED, returns=1) == Offers()
    assert offered(Role.ADMIN, None, State.SUBMITTED, returns=1) == Offers()


def test_review_and_decision() -> None:
    waiting = {"GA": None, "YB": None}
    assert offered(Role.REVIEWER, "YB", State.ACCEPTED, opinions=waiting) == Offers(opinion=True)
    assert offered(Role.REVIEWER, "WJ", State.ACCEPTED, opinions=waiting) == Offers()
    one_in = {"GA": None, "YB": "agree"}
    # The lead gives its own opinion first; it decides only when every opinion is in.
    assert offered(Role.REVIEWER, "GA", State.UNDER_REVIEW, opinions=one_in) == Offers(opinion=True)
    assert offered(Role.REVIEWER, "YB", State.UNDER_REVIEW, opinions=one_in) == Offers()
    all_agree = {"GA": "agree", "YB": "agree"}
    assert offered(Role.REVIEWER, "GA", State.UNDER_REVIEW, opinions=all_agree) == Offers(approve=True, deny=True)
    assert offered(Role.REVIEWER, "YB", State.UNDER_REVIEW, opinions=all_agree) == Offers()  # not the lead
    dissent = {"GA": "agree", "YB": "disagree"}
    assert offered(Role.REVIEWER, "GA", State.UNDER_REVIEW, opinions=dissent) == Offers(deny=True)
    assert offered(Role.CLERK, "GA", State.UNDER_REVIEW, opinions=all_agree) == Offers(visit=True)


def test_delivery_by_the_lead_clerk_when_the_citizen_chose_window_or_mail() -> None:
    assert offered(Role.CLERK, "GA", State.APPROVED).deliver
    assert offered(Role.CLERK, "GA", State.APPROVED, delivery_method="mail").deliver
    assert offered(Role.CLERK, "GA", State.APPROVED, delivery_method=None).deliver
    assert not offered(Role.CLERK, "GA", State.APPROVED, delivery_method="electronic").deliver
    assert not offered(Role.CLERK, "GA", State.APPROVED, delivery_method="kiosk_print").deliver
    assert not offered(Role.CLERK, "YB", State.APPROVED).deliver
    assert not offered(Role.CLERK, "GA", State.DELIVERED).deliver


@given(
    role=st.sampled_from(list(Role)),
    department=st.sampled_from([None, "GA", "YB"]),
    state=st.sampled_from(list(State)),
    returns=st.integers(0, 3),
    overrides=st.integers(0, 3),
    opinions=st.dictionaries(st.sampled_from(["GA", "YB"]), st.sampled_from([None, "agree", "disagree"])),
)
def test_never_offers_a_transition_the_state_forbids(
    role: Role, department: str | None, state: State, returns: int, overrides: int, opinions: dict[str, str | None]
) -> None:
    shown = offered(role, department, state, returns=returns, return_overrides=overrides, opinions=opinions)
    acts = {act.value for act in allowed_acts(state)}
    for flag, act in (
        (shown.accept, "accept"),
        (shown.return_, "return"),
        (shown.refuse, "refuse"),
        (shown.override, "override_return"),
        (shown.opinion, "opinion"),
        (shown.approve, "approve"),
        (shown.deny, "deny"),
        (shown.deliver, "deliver"),
    ):
        assert not flag or act in acts, (state, act)


def test_return_form_lists_every_problem_at_once() -> None:
    typed = read.return_form(
        form(
            ("target", "answers.applicant_phone"),
            ("target", "answers.unknown"),  # not offered: ignored
            ("reason.answers.applicant_phone", "  手机号无法接通  "),
            ("reason.answers.applicant_name", "与身份证不一致"),
            ("other", "请携带原件\r\n\r\n照片须近期"),
        ),
        TARGETS,
    )
    assert typed.checked == frozenset({"answers.applicant_phone"})
    assert read.correction_items(typed, TARGETS) == [
        CorrectionItem("answers.applicant_name", "与身份证不一致"),
        CorrectionItem("answers.applicant_phone", "手机号无法接通"),
        CorrectionItem("other", "请携带原件"),
        CorrectionItem("other", "照片须近期"),
    ]


def test_return_form_problems_are_all_reported_and_never_echo_numbers() -> None:
    typed = read.return_form(
        form(
            ("target", "materials.hukou_booklet"),  # ticked, no reason
            ("reason.answers.applicant_name", f"身份证号 {ID_ZHANG} 有误"),
            ("other", f"请回电 {PHONE_ZHANG}\n" + "长" * 201),
        ),
        TARGETS,
    )
    with pytest.raises(ValidationFailed) as error:
        read.correction_items(typed, TARGETS)
    assert paths(error) == ["materials.hukou_booklet", "answers.applicant_name", "other", "other"]
    assert [p.code for p in error.value.problems] == ["required", "personal_number", "personal_number", "too_long"]
    for problem in error.value.problems:
        assert ID_ZHANG not in problem.message.zh and PHONE_ZHANG not in problem.message.zh
    with pytest.raises(ValidationFailed) as nothing:
        read.correction_items(read.return_form(form(), TARGETS), TARGETS)
    assert paths(nothing) == ["items"]
    many = read.return_form(form(("other", "\n".join(f"问题{i}" for i in range(21)))), TARGETS)
    with pytest.raises(ValidationFailed) as too_many:
        read.correction_items(many, TARGETS)
    assert paths(too_many) == ["other"]


def test_reason_opinion_decision_and_delivery() -> None:
    assert read.reason(form(("reason", "  不属于受理范围 "))) == "不属于受理范围"
    for bad in ("", "a\x00b", "x" * 501, f"电话{PHONE_ZHANG}"):
        with pytest.raises(ValidationFailed):
            read.reason(form(("reason", bad)))
    assert read.opinion(form(("opinion", "agree"))) == ("agree", "")
    with pytest.raises(ValidationFailed) as why:
        read.opinion(form(("opinion", "disagree")))
    assert paths(why) == ["comment"]
    with pytest.raises(ValidationFailed):
        read.opinion(form(("opinion", "maybe")))
    assert read.decision(form(("decision", "approve"))) == ("approve", "")
    with pytest.raises(ValidationFailed) as deny:
        read.decision(form(("decision", "deny")))
    assert paths(deny) == ["reason"]
    assert read.delivery(form(("how", "window"), ("tracking", "SF123456"))) == ("window", None)
    assert read.delivery(form(("how", "mail"), ("tracking", " SF 1002 003 "))) == ("mail", "SF1002003")
    for tracking in ("", "abc", PHONE_ZHANG, "<script>"):
        with pytest.raises(ValidationFailed) as bad_tracking:
            read.delivery(form(("how", "mail"), ("tracking", tracking)))
        assert paths(bad_tracking) == ["tracking"]
    with pytest.raises(ValidationFailed):
        read.delivery(form(("how", "kiosk_print")))
