"""An index on attempts (student, exercise): "has this student tried this item before?"

Every practice submit asks it (only a first attempt counts towards mastery), and the practice
catalogue asks it per listed item. With only the (student, time) and (exercise, time) indexes
PostgreSQL combined both bitmaps: 1.4 ms for a student with 7,000 attempts, growing with them.

Revision ID: 0012
Revises: 0011
"""

from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("attempts", schema=None) as batch_op:
        batch_op.create_index("ix_attempts_user_exercise", ["user_id", "exercise_id"], unique=False)


def downgrade():
    with op.batch_alter_table("attempts", schema=None) as batch_op:
        batch_op.drop_index("ix_attempts_user_exercise")
