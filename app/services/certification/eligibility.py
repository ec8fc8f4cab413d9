"""What must be true before a student may sit a certificate's exam.

The learning and mastery services are called only from here, so the exam area depends on them
in one place: a blueprint's course must be complete, practice mastery must reach the blueprint's
threshold on each judged criterion, and any certificate the blueprint requires must be valid.
"""

from __future__ import annotations

from app.labels import blueprint_title, course_title
from app.models import User
from app.services.certification.blueprints import get_blueprint
from app.services.certification.certificates import holds_valid_certificate
from app.services.certification.exam_text import CRITERION_LABELS
from app.services.certification.exam_text import translate as _
from app.services.learning import learning, mastery
from graders.blueprint import Blueprint
from graders.mastery import MIN_ITEMS, has_enough_evidence

JUDGED_CRITERIA = ("ethics", "accuracy", "relevance")


def course_complete(user: User, slug: str) -> bool:
    """Has the user finished the course ``slug``? (Foundations has its own, cached, rule.)"""
    if slug == learning.FOUNDATIONS_SLUG:
        return learning.foundations_complete(user)
    return learning.course_complete(user, slug)


def _mastery_reasons(user: User, blueprint: Blueprint) -> list[str]:
    """Judged criteria short of enough distinct practice items or of the mastery threshold."""
    levels, evidence = mastery.practice_mastery(user), mastery.practice_evidence(user)
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
        level = levels.get(criterion) or 0.0
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
    missing = []
    if not course_complete(user, blueprint.course):
        course = learning.find_course(blueprint.course)
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
