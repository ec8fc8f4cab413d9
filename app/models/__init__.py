"""Every model, importable from one place (Alembic's env imports this)."""

from app.models.attempt import Attempt, ReferenceMark, Review
from app.models.audit import AuditEvent
from app.models.base import db, utcnow
from app.models.certificate import Certificate, GuidelinesVersion
from app.models.cohort import Cohort, CohortMember
from app.models.course import (
    Course,
    CourseTranslation,
    Lesson,
    LessonProgress,
    LessonTranslation,
    LessonVersion,
    Module,
)
from app.models.exam import ExamItem, ExamSession
from app.models.exercise import CalibrationJudgement, CandidateAnswer, Exercise, ExerciseVersion
from app.models.rollup import PracticeWeekRollup
from app.models.summary import StudentSummary
from app.models.user import Role, User

__all__ = [
    "Attempt",
    "AuditEvent",
    "CalibrationJudgement",
    "CandidateAnswer",
    "Certificate",
    "Cohort",
    "CohortMember",
    "Course",
    "CourseTranslation",
    "ExamItem",
    "ExamSession",
    "Exercise",
    "ExerciseVersion",
    "GuidelinesVersion",
    "Lesson",
    "LessonTranslation",
    "LessonProgress",
    "LessonVersion",
    "Module",
    "PracticeWeekRollup",
    "ReferenceMark",
    "Review",
    "Role",
    "StudentSummary",
    "User",
    "db",
    "utcnow",
]
