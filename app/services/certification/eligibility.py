"""What must be true before a student may sit a certificate's exam.

The learning and mastery services are called only from here, so the exam area depends on them
in one place: a blueprint's course must be complete, practice mastery must reach the blueprint's
threshold on each judged criterion, and any certificate the blueprint requires must be valid.
"""

from __future__ import annotations

from app.models import User
from app.services.certification.blueprints import get_blueprint
from app.services.certification.exam_text import CRITERION_LABELS
from app.services.certification.exam_text import translate as _
from graders.blueprint import Blueprint
from graders.mastery import MIN_ITEMS, has_enough_evidence

JUDGED_CRITERIA = ("ethics", "accuracy", "relevance")


def foundations_complete(user: User) -> bool:
    """Has the user finished the Foundations course?"""
    from app.services.learning.learning import foundations_complete as complete

    return complete(user)


def course_complete(user: User, slug: str) -> bool:
    """Has the user finished the course ``slug``?"""
    from app.services.learning.learning import FOUNDATIONS_SLUG
    from app.services.learning.learning import course_complete as complete

    return foundations_complete(user) if slug == FOUNDATIONS_SLUG else complete(user, slug)


def practice_mastery(user: User) -> dict[str, float]:
    """The user's practice mastery per criterion (0–1)."""
    from app.services.learning.mastery import practice_mastery as mastery

    return mastery(user)


def practice_evidence(user: User) -> dict[str, int]:
    """How many distinct practice items back each criterion's mastery."""
    from app.services.learning.mastery import practice_evidence as evidence

    return evidence(user)


def foundations_slug() -> str:
    """The course whose guidelines version certificates record."""
    from app.services.learning.learning import FOUNDATIONS_SLUG

    return FOUNDATIONS_SLUG


def _mastery_reasons(user: User, blueprint: Blueprint) -> list[str]:
    """Judged criteria short of enough distinct practice items or of the mastery threshold."""
    mastery, evidence = practice_mastery(user), practice_evidence(user)
    reasons = []
    for criterion in JUDGED_CRITERIA:
        items = evidence.get(criterion, 0)
        if not has_enough_evidence(items):
            reasons.append(
                _(
                    "Practise at least %(need)s different items that test %(criterion)s "
                    "(now %(now)s); only your first attempt at an item counts.",
                    need=MIN_ITEMS,
                    criterion=CRITERION_LABELS[criterion],
                    now=items,
                )
            )
        level = mastery.get(criterion) or 0.0
        if level < blueprint.mastery_threshold:
            reasons.append(
                _(
                    "Reach %(need)s%% practice mastery in %(criterion)s (now %(now)s%%).",
                    need=round(blueprint.mastery_threshold * 100),
                    criterion=CRITERION_LABELS[criterion],
                    now=round(level * 100),
                )
            )
    return reasons


def missing_prerequisites(user: User, blueprint: Blueprint) -> list[str]:
    """Reasons the exam is still locked for ``user``; an empty list means it is unlocked."""
    from app.labels import blueprint_title, course_title
    from app.services.certification.certificates import holds_valid_certificate
    from app.services.learning.learning import find_course

    missing = []
    if not course_complete(user, blueprint.course):
        course = find_course(blueprint.course)
        missing.append(
            _(
                "Complete the course “%(course)s”.",
                course=course_title(course) if course else blueprint.course,
            )
        )
    missing += _mastery_reasons(user, blueprint)
    for slug in blueprint.requires:
        if not holds_valid_certificate(user, slug):
            required = get_blueprint(slug)
            missing.append(
                _(
                    "Hold a valid “%(title)s” certificate.",
                    title=blueprint_title(required) if required else slug,
                )
            )
    return missing
