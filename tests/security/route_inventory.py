"""The route inventory: every endpoint the app registers, with the status each visitor gets.

Visitors: ``anonymous``; ``student`` (student A, who owns the world's attempts, sessions and
certificate); ``other`` (student B, who must never see A's work); ``instructor``; ``admin``.
An expected value is an HTTP status, ``LOGIN`` (a redirect to the login page) or ``ALLOWED``
(the guard let the request through; used for POSTs whose outcome depends on the form).
``gold_visible_to`` names the visitors who may see gold data on the page (after submitting).

A route missing from ``TABLE`` fails ``test_security_routes.py``, and so does an entry whose
endpoint no longer exists. ``role`` must equal the view's ``required_role`` (None for @public).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from app.models import Role
from tests.security.world import World

VISITORS = ("anonymous", "student", "other", "instructor", "admin")
LOGIN = "login"
ALLOWED = "allowed"

Expected = int | str
Expect = dict[str, Expected]


def expect(
    anonymous: Expected, student: Expected, other: Expected, instructor: Expected, admin: Expected
) -> Expect:
    """One status per visitor, in the order of ``VISITORS``."""
    return dict(zip(VISITORS, (anonymous, student, other, instructor, admin), strict=True))


EXAM = "certified-ai-trainer"
STAFF = frozenset({"instructor", "admin"})
OWNER_AND_STAFF = frozenset({"student", "instructor", "admin"})

PUBLIC = expect(200, 200, 200, 200, 200)
SIGNED_IN = expect(LOGIN, 200, 200, 200, 200)
INSTRUCTORS = expect(LOGIN, 403, 403, 200, 200)
ADMINS = expect(LOGIN, 403, 403, 403, 200)
OWNER_ONLY = expect(LOGIN, 200, 404, 404, 404)
GUESTS_ONLY = expect(200, 302, 302, 302, 302)
HOLDER_AND_ADMIN = expect(LOGIN, 200, 404, 404, 200)

POST_SIGNED_IN = expect(LOGIN, ALLOWED, ALLOWED, ALLOWED, ALLOWED)
POST_INSTRUCTORS = expect(LOGIN, 403, 403, ALLOWED, ALLOWED)
POST_ADMINS = expect(LOGIN, 403, 403, 403, ALLOWED)
POST_OWNER_ONLY = expect(LOGIN, ALLOWED, 404, 404, 404)


EXAM = "certified-ai-trainer"
STAFF = frozenset({"instructor", "admin"})
OWNER_AND_EXAM = "certified-ai-trainer"
STAFF = frozenset({"student", "instructor", "admin"})


def no_params(_world: World) -> dict[str, Any]:
    """Routes without URL parameters."""
    return {}


@dataclass(frozen=True)
class Route:
    """What one endpoint promises: its guard and the status each visitor gets."""

    role: Role | None
    get: Expect | None = None
    post: Expect | None = None
    params: Callable[[World], dict[str, Any]] = no_params
    query: dict[str, str] = field(default_factory=dict)
    post_json: bool = False
    csrf_exempt: bool = False
    gold_visible_to: frozenset[str] = STAFF
    note: str = ""


def ids(**names: str) -> Callable[[World], dict[str, Any]]:
    """URL parameters read from the world: ``ids(attempt_id="attempt")`` → world.attempt.id."""

    def build(world: World) -> dict[str, Any]:
        return {param: getattr(world, obj).id for param, obj in names.items()}

    return build


def attrs(**names: str) -> Callable[[World], dict[str, Any]]:
    """URL parameters read from object attributes: ``attrs(code="certificate.code")``."""

    def build(world: World) -> dict[str, Any]:
        found = {}
        for param, path in names.items():
            obj_name, attr = path.split(".", 1)
            found[param] = getattr(getattr(world, obj_name), attr)
        return found

    return build


def lesson_params(world: World) -> dict[str, Any]:
    """The world's course and lesson slugs."""
    return {"slug": world.course.slug, "lesson_slug": world.lesson.slug}


def exam_question(world: World) -> dict[str, Any]:
    """Student A's active session, first question."""
    return {"session_id": world.session.id, "position": 1}


def certificate_code(world: World) -> dict[str, Any]:
    """Student A's certificate."""
    return {"code": world.certificate.code}


def reset_token(world: World) -> dict[str, Any]:
    """A live reset token for student B."""
    return {"token": world.reset_token}


TABLE: dict[str, Route] = {
    # main
    "main.home": Route(None, get=PUBLIC),
    "main.switch_language": Route(
        None,
        get=expect(302, 302, 302, 302, 302),
        params=lambda world: {"code": "ru"},
        note="sets the language cookie and redirects; no account data changes",
    ),
    # health (load balancer probes)
    "health.healthz": Route(None, get=PUBLIC),
    "health.readyz": Route(None, get=PUBLIC),
    "main.dashboard": Route(Role.STUDENT, get=SIGNED_IN),
    # auth
    "auth.register": Route(None, get=GUESTS_ONLY, post=expect(200, 302, 302, 302, 302)),
    "auth.login": Route(None, get=GUESTS_ONLY, post=expect(200, 302, 302, 302, 302)),
    "auth.logout": Route(Role.STUDENT, post=expect(LOGIN, 302, 302, 302, 302)),
    "auth.save_language": Route(Role.STUDENT, post=POST_SIGNED_IN),
    "auth.change_password": Route(
        Role.STUDENT, get=SIGNED_IN, post=expect(LOGIN, 200, 200, 200, 200)
    ),
    "auth.forgot_password": Route(
        None, get=PUBLIC, post=PUBLIC, note="an empty form re-renders with errors"
    ),
    "auth.reset_password": Route(
        None,
        get=PUBLIC,
        post=PUBLIC,
        params=reset_token,
        note="an empty form re-renders with errors",
    ),
    # learn
    "learn.catalogue": Route(None, get=PUBLIC),
    "learn.course": Route(None, get=PUBLIC, params=attrs(slug="course.slug")),
    "learn.lesson": Route(Role.STUDENT, get=SIGNED_IN, params=lesson_params),
    "learn.quiz": Route(Role.STUDENT, post=POST_SIGNED_IN, params=lesson_params),
    "learn.complete": Route(Role.STUDENT, post=POST_SIGNED_IN, params=lesson_params),
    "learn.languages": Route(Role.INSTRUCTOR, get=INSTRUCTORS, params=attrs(slug="course.slug")),
    "learn.edit_language_version": Route(
        Role.INSTRUCTOR,
        get=INSTRUCTORS,
        post=POST_INSTRUCTORS,
        params=lambda world: {**lesson_params(world), "language": "ru"},
    ),
    "learn.edit_lesson": Route(
        Role.INSTRUCTOR, get=INSTRUCTORS, post=POST_INSTRUCTORS, params=lesson_params
    ),
    "learn.history": Route(Role.INSTRUCTOR, get=INSTRUCTORS, params=lesson_params),
    "learn.preview": Route(Role.INSTRUCTOR, post=POST_INSTRUCTORS, post_json=True),
    # practice
    "practice.index": Route(Role.STUDENT, get=SIGNED_IN),
    "practice.next": Route(Role.STUDENT, get=expect(LOGIN, 302, 302, 302, 302)),
    "practice.item": Route(Role.STUDENT, get=SIGNED_IN, params=attrs(uid="practice.uid")),
    "practice.submit": Route(Role.STUDENT, post=POST_SIGNED_IN, params=attrs(uid="practice.uid")),
    "practice.attempt": Route(
        Role.STUDENT,
        get=expect(LOGIN, 200, 404, 200, 200),
        params=ids(attempt_id="attempt"),
        gold_visible_to=OWNER_AND_STAFF,
        note="instructors review attempts",
    ),
    # exams: a session is its student's alone (staff review answers in the studio)
    "exams.index": Route(Role.STUDENT, get=SIGNED_IN),
    "exams.start": Route(Role.STUDENT, post=POST_SIGNED_IN, params=lambda _w: {"slug": EXAM}),
    "exams.rules": Route(Role.STUDENT, get=SIGNED_IN, params=lambda _w: {"slug": EXAM}),
    "exams.flag": Route(Role.STUDENT, post=POST_OWNER_ONLY, params=exam_question),
    "exams.summary": Route(Role.STUDENT, get=OWNER_ONLY, params=ids(session_id="session")),
    "exams.session_page": Route(Role.STUDENT, get=OWNER_ONLY, params=ids(session_id="session")),
    "exams.question": Route(Role.STUDENT, get=OWNER_ONLY, params=exam_question),
    "exams.save": Route(Role.STUDENT, post=POST_OWNER_ONLY, params=exam_question),
    "exams.autosave": Route(
        Role.STUDENT, post=POST_OWNER_ONLY, post_json=True, params=ids(session_id="session")
    ),
    "exams.finish": Route(Role.STUDENT, post=POST_OWNER_ONLY, params=ids(session_id="session")),
    "exams.result": Route(Role.STUDENT, get=OWNER_ONLY, params=ids(session_id="finished_session")),
    # scores: how each score is computed, with the owner's numbers only
    "scores.practice": Route(
        Role.STUDENT, get=expect(LOGIN, 200, 404, 200, 200), params=ids(attempt_id="attempt")
    ),
    "scores.mastery": Route(Role.STUDENT, get=SIGNED_IN),
    "scores.exam": Route(Role.STUDENT, get=OWNER_ONLY, params=ids(session_id="finished_session")),
    # certify: holders and admins open certificates
    "certify.mine": Route(Role.STUDENT, get=SIGNED_IN),
    "certify.directory_settings": Route(Role.STUDENT, post=POST_SIGNED_IN),
    "certify.show": Route(Role.STUDENT, get=HOLDER_AND_ADMIN, params=certificate_code),
    "certify.pdf": Route(Role.STUDENT, get=HOLDER_AND_ADMIN, params=certificate_code),
    "certify.credential": Route(Role.STUDENT, get=HOLDER_AND_ADMIN, params=certificate_code),
    "certify.achievement": Route(None, get=PUBLIC, params=lambda _w: {"slug": EXAM}),
    "certify.manage": Route(Role.ADMIN, get=ADMINS),
    "certify.revoke": Route(Role.ADMIN, post=POST_ADMINS, params=certificate_code),
    "certify.supersede": Route(Role.ADMIN, post=POST_ADMINS),
    "certify.lead": Route(Role.INSTRUCTOR, get=INSTRUCTORS),
    "certify.award": Route(
        Role.INSTRUCTOR, post=POST_INSTRUCTORS, params=ids(user_id="audit_target")
    ),
    # verify: public, for recruiters
    "verify.form": Route(None, get=PUBLIC),
    "verify.page": Route(None, get=PUBLIC, params=certificate_code),
    "verify.api": Route(None, get=PUBLIC, params=certificate_code),
    "verify.badge": Route(None, get=PUBLIC, params=certificate_code),
    "verify.email_check": Route(None, get=PUBLIC, params=certificate_code),
    "verify.check_email": Route(
        None,
        post=expect(400, 400, 400, 400, 400),
        params=certificate_code,
        note="an empty form is refused with the form's errors",
    ),
    "verify.check_file": Route(
        None, post=expect(400, 400, 400, 400, 400), note="an empty form is refused with errors"
    ),
    "verify.issuer": Route(None, get=PUBLIC),
    "verify.status_list": Route(None, get=PUBLIC),
    "verify.directory": Route(None, get=PUBLIC),
    # studio: instructors and admins; students only join cohorts
    "studio.exam_exposure": Route(Role.INSTRUCTOR, get=INSTRUCTORS),
    "studio.index": Route(Role.INSTRUCTOR, get=INSTRUCTORS),
    "studio.new_exercise": Route(
        Role.INSTRUCTOR,
        get=INSTRUCTORS,
        post=POST_INSTRUCTORS,
        params=lambda _w: {"kind": "ranking"},
    ),
    "studio.exercise": Route(Role.INSTRUCTOR, get=INSTRUCTORS, params=ids(exercise_id="draft")),
    "studio.edit_exercise": Route(
        Role.INSTRUCTOR, get=INSTRUCTORS, post=POST_INSTRUCTORS, params=ids(exercise_id="draft")
    ),
    "studio.preview": Route(Role.INSTRUCTOR, get=INSTRUCTORS, params=ids(exercise_id="draft")),
    "studio.publish": Route(
        Role.INSTRUCTOR, post=POST_INSTRUCTORS, params=ids(exercise_id="draft")
    ),
    "studio.calibrate": Route(
        Role.INSTRUCTOR, post=POST_INSTRUCTORS, params=ids(exercise_id="draft")
    ),
    "studio.resolve": Route(
        Role.INSTRUCTOR, post=POST_INSTRUCTORS, params=ids(exercise_id="draft")
    ),
    "studio.approve": Route(
        Role.INSTRUCTOR, post=POST_INSTRUCTORS, params=ids(exercise_id="draft")
    ),
    "studio.export_item": Route(Role.INSTRUCTOR, get=INSTRUCTORS, params=ids(exercise_id="draft")),
    "studio.export_bank": Route(Role.INSTRUCTOR, get=INSTRUCTORS),
    "studio.import_bank": Route(Role.INSTRUCTOR, get=INSTRUCTORS, post=POST_INSTRUCTORS),
    "studio.analytics": Route(Role.INSTRUCTOR, get=INSTRUCTORS),
    "studio.analytics_csv": Route(Role.INSTRUCTOR, get=INSTRUCTORS),
    "studio.home": Route(Role.INSTRUCTOR, get=INSTRUCTORS),
    "studio.item_analytics": Route(
        Role.INSTRUCTOR, get=INSTRUCTORS, params=ids(exercise_id="practice")
    ),
    "studio.reviews": Route(Role.INSTRUCTOR, get=INSTRUCTORS),
    "studio.review_attempt": Route(
        Role.INSTRUCTOR,
        get=INSTRUCTORS,
        post=POST_INSTRUCTORS,
        params=ids(attempt_id="correction_attempt"),
    ),
    "studio.review_exam_item": Route(
        Role.INSTRUCTOR,
        get=INSTRUCTORS,
        post=POST_INSTRUCTORS,
        params=ids(item_id="reference_item_b"),
    ),
    "studio.cohorts": Route(Role.INSTRUCTOR, get=INSTRUCTORS, post=POST_INSTRUCTORS),
    "studio.cohort": Route(Role.INSTRUCTOR, get=INSTRUCTORS, params=ids(cohort_id="cohort")),
    "studio.cohort_csv": Route(Role.INSTRUCTOR, get=INSTRUCTORS, params=ids(cohort_id="cohort")),
    "studio.join": Route(Role.STUDENT, get=SIGNED_IN, post=POST_SIGNED_IN),
    # admin
    "admin.users": Route(Role.ADMIN, get=ADMINS, query={"q": "student"}),
    "admin.audit": Route(Role.ADMIN, get=ADMINS),
    "admin.set_role": Route(
        Role.ADMIN, post=expect(LOGIN, 403, 403, 403, 400), params=ids(user_id="audit_target")
    ),
    "admin.set_extra_time": Route(
        Role.ADMIN, post=expect(LOGIN, 403, 403, 403, 400), params=ids(user_id="audit_target")
    ),
    "admin.reset_link": Route(
        Role.ADMIN, post=expect(LOGIN, 403, 403, 403, 200), params=ids(user_id="audit_target")
    ),
}
