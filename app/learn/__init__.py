"""Courses, lessons, quizzes and progress."""

from flask import Blueprint

bp = Blueprint("learn", __name__, url_prefix="/courses")

from app.learn import authoring, views  # noqa: E402,F401
