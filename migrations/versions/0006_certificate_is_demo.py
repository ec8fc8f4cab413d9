"""Record on each certificate whether it was earned from the public demo exam pool.

A demo certificate says "Demo — not a real certificate" everywhere it appears (page, PDF,
verification page and JSON, signed credential). Certificates issued before this column existed
take the flag of the exam session that earned them (``exam_sessions.is_demo``, added in 0003);
awards with no session (Lead Trainer) are not demo.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("certificates", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("is_demo", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    op.execute(
        "UPDATE certificates SET is_demo = "
        "(SELECT exam_sessions.is_demo FROM exam_sessions "
        "WHERE exam_sessions.id = certificates.exam_session_id) "
        "WHERE exam_session_id IS NOT NULL"
    )


def downgrade():
    with op.batch_alter_table("certificates", schema=None) as batch_op:
        batch_op.drop_column("is_demo")
