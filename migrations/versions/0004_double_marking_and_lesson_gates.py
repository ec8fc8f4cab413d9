"""Blind double marking of exam references; lesson first-view time and quiz attempt count.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "reference_marks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("exam_item_id", sa.Integer(), nullable=False),
        sa.Column("marker_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=12), nullable=False),
        sa.Column("likert", sa.Integer(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("likert BETWEEN 1 AND 7", name=op.f("ck_reference_marks_likert_range")),
        sa.CheckConstraint(
            "role IN ('first', 'second', 'adjudicator')", name=op.f("ck_reference_marks_role_known")
        ),
        sa.ForeignKeyConstraint(
            ["exam_item_id"],
            ["exam_items.id"],
            name=op.f("fk_reference_marks_exam_item_id_exam_items"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["marker_id"], ["users.id"], name=op.f("fk_reference_marks_marker_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reference_marks")),
        sa.UniqueConstraint("exam_item_id", "marker_id", name="uq_reference_marks_item_marker"),
        sa.UniqueConstraint("exam_item_id", "role", name="uq_reference_marks_item_role"),
    )
    with op.batch_alter_table("reference_marks", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_reference_marks_exam_item_id"), ["exam_item_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_reference_marks_marker_id"), ["marker_id"], unique=False
        )
    with op.batch_alter_table("lesson_progress", schema=None) as batch_op:
        batch_op.add_column(sa.Column("first_viewed_at", sa.DateTime(), nullable=True))
        batch_op.add_column(
            sa.Column("quiz_attempts", sa.Integer(), server_default="0", nullable=False)
        )
    # Existing rows: the earliest view we know of is the last one recorded.
    op.execute("UPDATE lesson_progress SET first_viewed_at = last_viewed_at")


def downgrade():
    with op.batch_alter_table("lesson_progress", schema=None) as batch_op:
        batch_op.drop_column("quiz_attempts")
        batch_op.drop_column("first_viewed_at")
    with op.batch_alter_table("reference_marks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reference_marks_marker_id"))
        batch_op.drop_index(batch_op.f("ix_reference_marks_exam_item_id"))
    op.drop_table("reference_marks")
