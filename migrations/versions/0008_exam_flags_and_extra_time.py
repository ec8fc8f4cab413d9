"""Exam questions can be flagged for later, and admins can grant a student extra exam time.

``exam_items.flagged`` is the student's own "come back to this" mark (no effect on grading).
``users.exam_extra_minutes`` is an accommodation granted by an admin: it is added to the time
limit when the student starts an exam session.

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("exam_items", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("flagged", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("exam_extra_minutes", sa.Integer(), nullable=False, server_default="0")
        )
        batch_op.create_check_constraint(
            op.f("ck_users_exam_extra_minutes_range"),
            "exam_extra_minutes >= 0 AND exam_extra_minutes <= 600",
        )


def downgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_users_exam_extra_minutes_range"), type_="check")
        batch_op.drop_column("exam_extra_minutes")
    with op.batch_alter_table("exam_items", schema=None) as batch_op:
        batch_op.drop_column("flagged")
