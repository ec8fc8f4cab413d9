"""A per-student summary row for the dashboard, weekly practice rollups for trends (issue 15).

``student_summaries`` holds each student's practice mastery inputs (the newest first-attempt
scores per criterion and kind), weekly score buckets, recent attempts, the lesson to resume and
counters; the services keep it in the same transaction as the write, and ``school summaries
rebuild`` backfills it. Empty after the upgrade: a missing row is built on the first dashboard.
``practice_week_rollups`` holds each student's attempts and per-criterion score sums and counts
per week (kept on every flush of attempts); the upgrade fills it from the attempts.

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

    criteria = ("ethics", "accuracy", "relevance", "quality")
    figures = []
    for name in criteria:
        figures += [
            sa.Column(f"{name}_sum", sa.Double(), nullable=False),
            sa.Column(f"{name}_n", sa.Integer(), nullable=False),
        ]
    op.create_table(
        "practice_week_rollups",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("week", sa.String(length=10), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        *figures,
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_practice_week_rollups_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", "week", name=op.f("pk_practice_week_rollups")),
    )
    op.create_index("ix_practice_week_rollups_week", "practice_week_rollups", ["week"])
    _fill_rollups(criteria)


def _fill_rollups(criteria):
    """Sum the existing attempts into the rollup (the same figures the flush listener keeps)."""
    if op.get_bind().dialect.name == "postgresql":
        week = "to_char(date_trunc('week', created_at), 'YYYY-MM-DD')"
        value = "(criterion_scores ->> '{0}')::float"
    else:
        week = "strftime('%Y-%m-%d', created_at, 'weekday 0', '-6 days')"
        value = "CAST(json_extract(criterion_scores, '$.{0}') AS REAL)"
    columns, figures = [], []
    for name in criteria:
        columns += [f"{name}_sum", f"{name}_n"]
        each = value.format(name)
        figures += [f"COALESCE(SUM({each}), 0)", f"COUNT({each})"]
    # built from the constants above, nothing from input
    into = f"practice_week_rollups (user_id, week, attempts, {', '.join(columns)})"
    query = f"SELECT user_id, {week}, COUNT(*), {', '.join(figures)} FROM attempts"  # noqa: S608
    op.execute(f"INSERT INTO {into} {query} GROUP BY user_id, {week}")


def downgrade():
    op.drop_index("ix_practice_week_rollups_week", table_name="practice_week_rollups")
    op.drop_table("practice_week_rollups")
    op.drop_table("student_summaries")
