"""Index the review queue by status and age (it lists pending attempts oldest first).

Revision ID: 0002
Revises: 0001
"""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("attempts", schema=None) as batch_op:
        batch_op.drop_index("ix_attempts_review_status")
        batch_op.create_index(
            "ix_attempts_review_status_created", ["review_status", "created_at"], unique=False
        )


def downgrade():
    with op.batch_alter_table("attempts", schema=None) as batch_op:
        batch_op.drop_index("ix_attempts_review_status_created")
        batch_op.create_index("ix_attempts_review_status", ["review_status"], unique=False)
