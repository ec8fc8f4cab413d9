"""Timed certification exams."""

from flask import Blueprint

bp = Blueprint("exams", __name__, url_prefix="/exams")

from app.exams import flow_views, views  # noqa: E402,F401
