"""One item, two languages: exercises list their translated versions; attempts record the shown one.

An item's other language versions live in its version's ``extras`` (so the content hash and the
versions cover them); ``exercises.translated_languages`` repeats their codes (",ru,") so practice
and the exam draw find an item readable in a language without opening its versions.
``attempts.language`` is the language the student was shown (NULL for attempts made before: the
item's own language), so a correction is graded against that language's rubric and gold.

Revision ID: 0011
Revises: 0010
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("exercises", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "translated_languages", sa.String(length=60), nullable=False, server_default=""
            )
        )
    with op.batch_alter_table("attempts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("language", sa.String(length=5), nullable=True))


def downgrade():
    with op.batch_alter_table("attempts", schema=None) as batch_op:
        batch_op.drop_column("language")
    with op.batch_alter_table("exercises", schema=None) as batch_op:
        batch_op.drop_column("translated_languages")
