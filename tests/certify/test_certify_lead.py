"""Lead Trainer: the ranking-agreement rule and the instructor's award."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from app.extensions import db
from app.models import Attempt, AuditEvent, Certificate, Role, User, utcnow
from app.services.certification.lead import check_lead_eligibility
from graders.lead import lead_verdict, order_tau
from tests.exams.factories import ranking_item


def rank(
    user: User,
    make_exercise: Any,
    tau: float | None,
    count: int,
    critical: int = 0,
    days_ago: int = 1,
    order: list[str] | None = None,
    flagged: bool = False,
) -> None:
    """``count`` practice ranking attempts with a stored tau-b (or only an order)."""
    outcome = make_exercise(ranking_item(f"pr-rank-{'f' if flagged else 'c'}{count}{days_ago}"))
    outcome.exercise.calibration_flagged = flagged
    details = {} if tau is None else {"kendall_tau_b": tau}
    for _ in range(count):
        db.session.add(
            Attempt(
                user_id=user.id,
                exercise_id=outcome.exercise.id,
                version_id=outcome.version.id,
                kind="ranking",
                answer={"order": order or ["B", "A", "D", "C"]},
                score=0.9,
                critical_errors=critical,
                result={"details": details},
                created_at=utcnow() - timedelta(days=days_ago),
            )
        )
    db.session.commit()


@pytest.fixture
def certified(make_user: Any, make_certificate: Any, blueprint_dir: Any) -> User:
    """A trainer with a valid core certificate."""
    user = make_user(display_name="Cora Certified")
    make_certificate(user, "test-core")
    return user


def test_the_pure_rule():
    assert lead_verdict([0.9] * 20, 0).eligible
    assert lead_verdict([0.8] * 20, 0).eligible  # exactly at the bar
    assert lead_verdict([0.9] * 19, 0).failed_checks == ("rankings",)
    assert lead_verdict([0.79] * 20, 0).failed_checks == ("agreement",)
    assert lead_verdict([1.0] * 25, 1).failed_checks == ("critical_errors",)
    assert lead_verdict([], 0).failed_checks == ("rankings", "agreement")


def test_order_tau_matches_the_gold_tiers():
    gold = [["B"], ["A"], ["D"], ["C"]]
    assert order_tau(gold, ["B", "A", "D", "C"]) == 1.0
    assert order_tau(gold, ["C", "D", "A", "B"]) == -1.0


def test_twenty_close_rankings_make_a_certified_trainer_eligible(certified, make_exercise):
    rank(certified, make_exercise, 0.9, 20)
    check = check_lead_eligibility(certified)
    assert check.eligible and check.verdict.rankings == 20
    assert check.verdict.mean_tau == pytest.approx(0.9)


def test_old_flagged_and_critical_attempts(certified, make_exercise):
    rank(certified, make_exercise, 1.0, 15)
    rank(certified, make_exercise, 1.0, 10, days_ago=120)
    rank(certified, make_exercise, 1.0, 10, flagged=True)
    assert check_lead_eligibility(certified).verdict.rankings == 15
    rank(certified, make_exercise, 1.0, 5, critical=1)
    check = check_lead_eligibility(certified)
    assert check.verdict.rankings == 20 and not check.eligible
    assert check.verdict.failed_checks == ("critical_errors",)


def test_tau_is_recomputed_when_the_result_lacks_it(certified, make_exercise):
    rank(certified, make_exercise, None, 20, order=["C", "D", "A", "B"])
    check = check_lead_eligibility(certified)
    assert check.verdict.mean_tau == -1.0 and not check.eligible


def test_an_uncertified_trainer_is_not_eligible(make_user, make_exercise, blueprint_dir):
    user = make_user()
    rank(user, make_exercise, 1.0, 20)
    check = check_lead_eligibility(user)
    assert check.verdict.eligible and not check.eligible and check.core is None


def test_an_instructor_awards_lead_trainer_once(client, instructor, certified, make_exercise):
    rank(certified, make_exercise, 0.95, 20)
    page = client.get("/certificates/lead").get_data(as_text=True)
    assert "Cora Certified" in page and f"/certificates/lead/{certified.id}" in page
    assert client.post(f"/certificates/lead/{certified.id}").status_code == 302
    lead = db.session.scalar(db.select(Certificate).where(Certificate.level == "lead"))
    assert lead.user_id == certified.id and lead.title == "Lead Trainer"
    assert lead.exam_session_id is None and lead.overall_score == pytest.approx(0.95)
    event = db.session.scalar(db.select(AuditEvent).where(AuditEvent.target_id == str(lead.id)))
    assert event.action == "certificate.issue" and event.actor_id == instructor.id
    client.post(f"/certificates/lead/{certified.id}")
    leads = db.select(db.func.count(Certificate.id)).where(Certificate.level == "lead")
    assert db.session.scalar(leads) == 1


def test_ineligible_award_is_refused(client, instructor, certified):
    response = client.post(f"/certificates/lead/{certified.id}")
    assert response.status_code == 302
    assert "does not meet" in client.get(response.headers["Location"]).get_data(as_text=True)


def test_students_cannot_award(client, student, certified):
    assert client.get("/certificates/lead").status_code == 403
    assert client.post(f"/certificates/lead/{certified.id}").status_code == 403
    assert Role.STUDENT.value == student.role


def test_a_lead_award_resting_on_a_demo_core_is_a_demo(make_user, make_certificate, instructor):
    from app.services.certification.certificates import issue_award

    fields = {
        "certificate_slug": "lead-trainer",
        "title": "Lead Trainer",
        "level": "lead",
        "overall_score": 0.9,
        "criterion_scores": {},
        "expires_at": utcnow() + timedelta(days=9),
    }
    demo_only = make_user(display_name="Dana Demo")
    make_certificate(demo_only, "test-core", is_demo=True)
    assert issue_award(demo_only, fields, instructor).is_demo is True
    real = make_user(display_name="Rita Real")
    make_certificate(real, "test-core")
    assert issue_award(real, fields, instructor).is_demo is False
