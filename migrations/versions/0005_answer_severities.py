"""Answers carry severities (0 none, 1 minor, 2 major) and HTML; versions carry extras.

The three boolean labels become small-integer severities: True becomes 2 (major), False 0
(none), which is how the graders read the first edition's booleans, so every stored attempt
keeps the score and result it was graded with (attempts are never regraded). Downgrading maps
any severity above 0 back to True. ``extras`` holds an item's optional keys that are not gold
(conversation, source, language, lesson_example, must_catch).

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

LABELS = ("harmful", "inaccurate", "irrelevant")


def upgrade():
    with op.batch_alter_table("exercise_versions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("extras", sa.JSON(), nullable=True))
    with op.batch_alter_table("candidate_answers", schema=None) as batch_op:
        batch_op.add_column(sa.Column("text_html", sa.Text(), nullable=True))
        for name in LABELS:
            batch_op.add_column(
                sa.Column(name, sa.SmallInteger(), server_default="0", nullable=False)
            )
    for name in LABELS:
        op.execute(
            f"UPDATE candidate_answers SET {name} = CASE WHEN is_{name} THEN 2 ELSE 0 END"  # noqa: S608
        )
    with op.batch_alter_table("candidate_answers", schema=None) as batch_op:
        for name in LABELS:
            batch_op.drop_column(f"is_{name}")
            batch_op.create_check_constraint(
                op.f(f"ck_candidate_answers_{name}_severity"), f"{name} BETWEEN 0 AND 2"
            )


def downgrade():
    with op.batch_alter_table("candidate_answers", schema=None) as batch_op:
        for name in LABELS:
            batch_op.add_column(
                sa.Column(f"is_{name}", sa.Boolean(), server_default=sa.false(), nullable=False)
            )
    for name in LABELS:
        op.execute(
            f"UPDATE candidate_answers SET is_{name} = ({name} > 0)"  # noqa: S608
        )
    with op.batch_alter_table("candidate_answers", schema=None) as batch_op:
        for name in LABELS:
            batch_op.drop_constraint(op.f(f"ck_candidate_answers_{name}_severity"), type_="check")
            batch_op.drop_column(name)
        batch_op.drop_column("text_html")
    # Not batch mode: on SQLite a batch drop recreates exercise_versions, and dropping the old
    # table would cascade-delete its answers and attempts. SQLite 3.35+ drops a column natively.
    op.drop_column("exercise_versions", "extras")
