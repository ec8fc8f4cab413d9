"""A per-student summary row for the dashboard (issue 15).

``student_summaries`` holds each student's practice mastery inputs (the newest first-attempt
scores per criterion and kind), weekly score buckets, recent attempts, the lesson to resume and
counters; the services keep it in the same transaction as the write, and ``school summaries
rebuild`` backfills it. Empty after the upgrade: a missing row is built on the first dashboard.

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "student_summaries",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("format", sa.Integer(), nullable=False),
        sa.Column("attempts_total", sa.Integer(), nullable=False),
        sa.Column("last_attempt_id", sa.Integer(), nullable=True),
        sa.Column("pending_reviews", sa.Integer(), nullable=False),
        sa.Column("lessons_completed", sa.Integer(), nullable=False),
        sa.Column("lessons_viewed_at", sa.DateTime(), nullable=True),
        sa.Column("resume_lesson_id", sa.Integer(), nullable=True),
        sa.Column("practice", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_student_summaries_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_student_summaries")),
    )


def downgrade():
    op.drop_table("student_summaries")
