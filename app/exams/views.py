"""Views of the exams area."""
