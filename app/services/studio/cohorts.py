"""Cohorts: an instructor's class, joined with an invite code, and its progress report."""

from __future__ import annotations

import csv
import io
import re
import secrets
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.models import Cohort, CohortMember, ExamSession, User, db
from app.services.accounts.audit import record_event

# No 0/O, 1/I/L: codes are read aloud and copied from slides. 31**12 ≈ 2**59 possibilities.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_GROUPS = 3
GROUP_SIZE = 4
CRITERIA = ("ethics", "accuracy", "relevance")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class CohortError(ValueError):
    """A cohort action is refused; the message is safe to show."""


def new_invite_code() -> str:
    """A random code such as ``K7QM-X3PD-9TRA``: unguessable, and easy to read and type."""
    groups = (
        "".join(secrets.choice(CODE_ALPHABET) for _i in range(GROUP_SIZE))
        for _g in range(CODE_GROUPS)
    )
    return "-".join(groups)


def normalise_code(text: str) -> str:
    """Accept codes typed in lower case, with spaces or without dashes."""
    plain = re.sub(r"[^A-Za-z0-9]", "", text).upper()
    return "-".join(plain[i : i + GROUP_SIZE] for i in range(0, len(plain), GROUP_SIZE))


def create_cohort(instructor: User, name: str) -> Cohort:
    """A new cohort owned by ``instructor`` with a fresh invite code."""
    cohort = Cohort(name=name.strip(), instructor_id=instructor.id, invite_code=new_invite_code())
    db.session.add(cohort)
    db.session.flush()
    record_event(instructor, "cohort.create", "cohort", cohort.id, name=cohort.name)
    return cohort


def cohorts_for(user: User) -> list[Cohort]:
    """The cohorts an instructor runs (an admin sees every cohort)."""
    stmt = select(Cohort).order_by(Cohort.created_at.desc(), Cohort.id.desc())
    if not user.is_admin:
        stmt = stmt.where(Cohort.instructor_id == user.id)
    return list(db.session.scalars(stmt))


def can_manage(user: User, cohort: Cohort) -> bool:
    """Only the cohort's instructor, or an admin, sees its students."""
    return user.is_admin or cohort.instructor_id == user.id


def join_cohort(user: User, code: str) -> Cohort:
    """Add the student to the cohort with this invite code (joining twice is harmless)."""
    cohort = db.session.scalar(select(Cohort).where(Cohort.invite_code == normalise_code(code)))
    if cohort is None:
        raise CohortError(_l("No cohort has this invite code. Check it with your instructor."))
    member = db.session.get(CohortMember, (cohort.id, user.id))
    if member is None:
        try:
            with db.session.begin_nested():
                db.session.add(CohortMember(cohort_id=cohort.id, user_id=user.id))
        except IntegrityError:  # the same student joining twice at once
            pass
    return cohort


def cohorts_of_student(user: User) -> list[Cohort]:
    """The cohorts a student has joined."""
    return list(
        db.session.scalars(
            select(Cohort)
            .join(CohortMember, CohortMember.cohort_id == Cohort.id)
            .where(CohortMember.user_id == user.id)
            .order_by(Cohort.name)
        )
    )


def members_of(cohort: Cohort) -> list[tuple[User, datetime]]:
    """The cohort's students with their join time, by name."""
    rows = db.session.execute(
        select(User, CohortMember.joined_at)
        .join(CohortMember, CohortMember.user_id == User.id)
        .where(CohortMember.cohort_id == cohort.id)
        .order_by(User.display_name, User.id)
    ).all()
    return [(user, joined) for user, joined in rows]


@dataclass
class StudentReport:
    """One student's line in the cohort report."""

    user: User
    joined_at: datetime
    courses: list[tuple[str, float]] = field(default_factory=list)
    mastery: dict[str, float | None] = field(default_factory=dict)
    exams: list[tuple[str, str, float | None]] = field(default_factory=list)


def _latest_exams(user_ids: list[int]) -> dict[int, list[tuple[str, str, float | None]]]:
    """Each student's latest finished (or pending) session per exam, in one query."""
    rows = db.session.scalars(
        select(ExamSession)
        .where(ExamSession.user_id.in_(user_ids), ExamSession.status != "active")
        .order_by(ExamSession.user_id, ExamSession.blueprint_slug, ExamSession.started_at.desc())
    )
    latest: dict[int, dict[str, tuple[str, str, float | None]]] = {}
    for session in rows:
        per_user = latest.setdefault(session.user_id, {})
        per_user.setdefault(
            session.blueprint_slug, (session.blueprint_slug, session.status, session.score)
        )
    return {uid: list(exams.values()) for uid, exams in latest.items()}


def _mastery(user: User) -> dict[str, Any]:
    """Practice mastery per criterion from the practice area's service."""
    from app.services.learning.mastery import practice_mastery

    return dict(practice_mastery(user))


def cohort_report(cohort: Cohort) -> list[StudentReport]:
    """Course progress, practice mastery and exam results of every student in the cohort."""
    from app.services.learning.learning import course_progress, published_courses

    courses = published_courses()
    members = members_of(cohort)
    exams = _latest_exams([user.id for user, _joined in members])
    reports = []
    for user, joined in members:
        progress = [(p.course.title, p.fraction) for p in course_progress(user, courses)]
        mastery = _mastery(user)
        reports.append(
            StudentReport(
                user,
                joined,
                progress,
                {c: mastery.get(c) for c in CRITERIA},
                exams.get(user.id, []),
            )
        )
    return reports


def safe_cell(value: object) -> str:
    """A CSV cell a spreadsheet will not run as a formula (OWASP CSV injection advice)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _percent(value: float | None) -> str:
    """0.85 → '85%'; no data → empty."""
    return "" if value is None else f"{round(value * 100)}%"


def report_csv(reports: list[StudentReport]) -> str:
    """The cohort report as CSV text, every cell protected against formula injection."""
    course_names = [name for name, _f in reports[0].courses] if reports else []
    header = [_("Name"), _("Email"), _("Joined")] + course_names
    header += [_("Mastery: %(criterion)s", criterion=c) for c in CRITERIA] + [_("Exams")]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([safe_cell(h) for h in header])
    for report in reports:
        exams = "; ".join(
            f"{slug}: {status} {_percent(score)}".strip() for slug, status, score in report.exams
        )
        row = [report.user.display_name, report.user.email, report.joined_at.date().isoformat()]
        row += [_percent(fraction) for _name, fraction in report.courses]
        row += [_percent(report.mastery.get(c)) for c in CRITERIA] + [exams]
        writer.writerow([safe_cell(cell) for cell in row])
    return out.getvalue()
