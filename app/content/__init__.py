"""Content loaders: course and lesson files read into frozen dataclasses (no database here)."""

from app.content.courses import (
    CourseFile,
    LessonFile,
    load_course,
    load_courses,
    parse_quiz_yaml,
    quiz_to_yaml,
)
from app.content.errors import ContentError, FieldError
from app.content.schema import ModuleFile, QuizOption, QuizQuestion, quiz_from_data, quiz_to_data

__all__ = [
    "ContentError",
    "CourseFile",
    "FieldError",
    "LessonFile",
    "ModuleFile",
    "QuizOption",
    "QuizQuestion",
    "load_course",
    "load_courses",
    "parse_quiz_yaml",
    "quiz_from_data",
    "quiz_to_data",
    "quiz_to_yaml",
]
