"""Certificates keep a salted hash of the holder's email for Open Badges identity matching.

``identity_hash`` is ``sha256$`` + hex SHA-256 of the lower-cased email followed by
``identity_salt`` (OB 3.0 IdentityHash). Both are filled at issue; certificates issued before
this column existed get them on first use (from the holder's email at that time).

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("certificates", schema=None) as batch_op:
        batch_op.add_column(sa.Column("identity_salt", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("identity_hash", sa.String(length=80), nullable=True))


def downgrade():
    with op.batch_alter_table("certificates", schema=None) as batch_op:
        batch_op.drop_column("identity_hash")
        batch_op.drop_column("identity_salt")
