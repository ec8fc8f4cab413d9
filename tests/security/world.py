"""A small but complete school: the objects the route inventory needs to fill URL parameters.

Everything student-owned belongs to student A (``student``); student B (``other``) owns a
parallel set so lists are never trivially empty. Content rows are built with the models; exam
grading and certificate issue go through the real services, so pages see what production stores.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from app.extensions import db
from app.models import (
    Attempt,
    Cohort,
    CohortMember,
    Course,
    ExamItem,
    ExamSession,
    Exercise,
    ExerciseVersion,
    GuidelinesVersion,
    Lesson,
    LessonVersion,
    Module,
    Review,
    Role,
    User,
    utcnow,
)
from app.services.accounts.accounts import issue_reset_token
from app.services.practice.exercise_bank import item_for_version, save_item, version_to_dict
from app.services.practice.practice import record_attempt
from graders import grade
from tests.security.items import GOLD_MARKER, gold_response, sample

COURSE_SLUG = "ai-trainer-foundations"
BLUEPRINT_SLUG = "certified-ai-trainer"
EXAM_KINDS = ("rating", "ranking", "pairwise", "reference")
SECTIONS = {
    "rating": "flagging",
    "ranking": "ranking",
    "pairwise": "ranking",
    "reference": "reference",
}


@dataclass
class World:
    """Users and the objects they own, by the name the inventory uses."""

    users: dict[str, User]
    objects: dict[str, Any] = field(default_factory=dict)

    def __getattr__(self, name: str) -> Any:
        """``world.attempt`` reads ``objects['attempt']``."""
        try:
            return self.__dict__["objects"][name]
        except KeyError as error:
            raise AttributeError(name) from error


def _question(number: int) -> dict[str, Any]:
    """One single-answer quiz question whose explanations are gold."""
    return {
        "question": f"Which answer ranks first ({number})?",
        "multiple": False,
        "options": [
            {
                "text": "The harmless one.",
                "correct": True,
                "explanation": f"{GOLD_MARKER} harmlessness comes first.",
            },
            {
                "text": "The longest one.",
                "correct": False,
                "explanation": f"{GOLD_MARKER} length is not a criterion.",
            },
        ],
    }


QUIZ = [_question(1), _question(2)]


def _course() -> dict[str, Any]:
    """A published course with one module, one lesson and its first version."""
    course = Course(
        slug=COURSE_SLUG,
        title="AI Trainer Foundations",
        summary="Basics.",
        level="foundation",
        guidelines_version="2026.1",
    )
    module = Module(course=course, slug="ethics", title="Ethics", position=1)
    db.session.add_all([course, module])
    db.session.flush()
    lesson = Lesson(
        course_id=course.id,
        module_id=module.id,
        slug="harm-first",
        title="Harm first",
        position=1,
        minutes=5,
        body_markdown="Body.",
        body_html="<p>Body.</p>",
        quiz=QUIZ,
        objectives=["Rank by harm."],
    )
    db.session.add(lesson)
    db.session.flush()
    db.session.add(
        LessonVersion(
            lesson_id=lesson.id, number=1, title=lesson.title, body_markdown=lesson.body_markdown
        )
    )
    db.session.add(GuidelinesVersion(course_slug=COURSE_SLUG, version="2026.1"))
    return {"course": course, "module": module, "lesson": lesson}


def _exercises(instructor: User) -> dict[str, Any]:
    """Published practice items of every kind, a studio draft and exam items of every kind."""
    found: dict[str, Any] = {}
    for kind in ("ranking", "pairwise", "rating", "correction", "reference"):
        found[f"practice_{kind}"] = save_item(sample(kind, f"pr-sec-{kind}"), "practice").exercise
        found[f"exam_{kind}"] = save_item(sample(kind, f"ex-sec-{kind}"), "exam").exercise
    found["draft"] = save_item(
        sample("ranking", "pr-sec-draft"),
        "practice",
        source="studio",
        status="draft",
        author=instructor,
    ).exercise
    found["practice"] = found["practice_ranking"]
    return found


def _version(exercise: Exercise) -> ExerciseVersion:
    """The first version of an item."""
    return exercise.versions[0]


def _attempt(user: User, exercise: Exercise, review: str) -> Attempt:
    """A perfect attempt graded by the real graders, stored as the practice area stores it."""
    version = _version(exercise)
    answer = gold_response(version_to_dict(version))
    attempt = record_attempt(user, exercise, version, answer,
                             grade(item_for_version(version), answer))
    attempt.review_status = review
    return attempt


def small_form_snapshot(snapshot: dict[str, Any]) -> dict[str, Any]:
    """A blueprint snapshot whose rule asks for as few judgements as a test's tiny form holds.

    Test sessions hold a handful of items, far fewer judgements than a real form: with the real
    minimums no perfect session could pass the floors.
    """
    rule = snapshot["rule"]
    rule["min_judgements"] = dict.fromkeys(rule.get("min_judgements", {}), 1)
    rule["must_catch_per_form"] = 0
    return snapshot


def _session(user: User, exercises: dict[str, Any], number: int) -> ExamSession:
    """An active exam session with one item of every exam kind, as ``start_session`` draws it."""
    from app.services.certification.blueprints import get_blueprint
    from app.services.certification.exam_grading import blueprint_snapshot

    now = utcnow()
    blueprint = get_blueprint(BLUEPRINT_SLUG)
    assert blueprint is not None, "the world needs exercises/blueprints/certified-ai-trainer.yaml"
    snapshot = small_form_snapshot(blueprint_snapshot(blueprint))
    session = ExamSession(
        user_id=user.id,
        blueprint_slug=BLUEPRINT_SLUG,
        attempt_number=number,
        seed=secrets.randbits(31),
        status="active",
        started_at=now - timedelta(minutes=5),
        deadline_at=now + timedelta(minutes=55),
        result={"blueprint": snapshot},
    )
    for position, kind in enumerate(EXAM_KINDS, start=1):
        exercise = exercises[f"exam_{kind}"]
        session.items.append(
            ExamItem(
                position=position,
                section=SECTIONS[kind],
                exercise_id=exercise.id,
                version_id=_version(exercise).id,
            )
        )
    db.session.add(session)
    db.session.flush()
    return session


def _finished_session(user: User, exercises: dict[str, Any]) -> tuple[ExamSession, ExamItem]:
    """A session answered perfectly and submitted: it waits for the reference review."""
    from app.services.certification.exam_grading import finish_session

    session = _session(user, exercises, 1)
    for item in session.items:
        item.answer = gold_response(version_to_dict(item.version))
        item.answered_at, item.revision = utcnow(), 1
    db.session.flush()
    finish_session(session)
    reference = next(i for i in session.items if i.version.exercise.kind == "reference")
    return session, reference


def _owned(user: User, exercises: dict[str, Any], suffix: str) -> dict[str, Any]:
    """Attempts and exam sessions owned by one student."""
    found: dict[str, Any] = {
        f"attempt{suffix}": _attempt(user, exercises["practice_ranking"], "none"),
        f"correction_attempt{suffix}": _attempt(user, exercises["practice_correction"], "pending"),
    }
    found[f"finished_session{suffix}"], found[f"reference_item{suffix}"] = _finished_session(
        user, exercises
    )
    found[f"session{suffix}"] = _session(user, exercises, 2)
    return found


def _certify(world: World) -> None:
    """Student A's reference answer is scored 7/7: the session passes and earns a certificate."""
    from app.services.certification.exam_grading import record_reference_score
    from app.services.certification.exams import certificate_for_session

    session = record_reference_score(world.reference_item, 7, world.users["instructor"])
    assert session.status == "passed", session.result
    world.objects["certificate"] = certificate_for_session(session)
    assert world.certificate is not None


def build_world(make_user: Any) -> World:
    """Create the users and every object the inventory's URL parameters may need; committed."""
    users = {
        "student": make_user(Role.STUDENT, display_name="Alice Student"),
        "other": make_user(Role.STUDENT, display_name="Bob Student"),
        "instructor": make_user(Role.INSTRUCTOR, display_name="Ivy Instructor"),
        "admin": make_user(Role.ADMIN, display_name="Ada Admin"),
    }
    users["student"].directory_opt_in = True
    users["student"].headline = "Careful ranker"
    world = World(users=users)
    objects = world.objects
    objects.update(_course())
    objects.update(_exercises(users["instructor"]))
    db.session.flush()
    objects.update(_owned(users["student"], objects, ""))
    objects.update(_owned(users["other"], objects, "_b"))
    _certify(world)
    cohort = Cohort(
        name="Morning cohort",
        instructor_id=users["instructor"].id,
        invite_code=secrets.token_hex(4).upper(),
    )
    db.session.add(cohort)
    db.session.flush()
    db.session.add(CohortMember(cohort_id=cohort.id, user_id=users["student"].id))
    review = Review(
        attempt_id=objects["correction_attempt_b"].id,
        reviewer_id=users["instructor"].id,
        auto_score=0.5,
        score=0.6,
        decision="overridden",
        comment="Good start.",
    )
    objects["correction_attempt_b"].review_status = "reviewed"
    db.session.add(review)
    objects.update(cohort=cohort, review=review, audit_target=users["other"])
    objects["reset_token"] = issue_reset_token(users["admin"], users["other"])
    db.session.commit()
    return world
