"""Certification: blueprints, eligibility, exams and their grading, certificates, credentials."""
