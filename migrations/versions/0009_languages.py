"""Content in two languages with one progress: language versions of courses and lessons.

``lesson_translations`` and ``course_translations`` hold a lesson's or course's text in another
language than the file it was first written in (English); progress, mastery and analytics stay
on the one lesson row. ``exercises.language`` is the language an item is written in, so practice
and the exam draw can pick a student's language without opening every version. ``users.locale``
is the interface language a student chose; ``exam_sessions.language`` and
``certificates.language`` record which language an exam was taken in.

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("locale", sa.String(length=5), nullable=True))
    with op.batch_alter_table("exercises", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("language", sa.String(length=5), nullable=False, server_default="en")
        )
        batch_op.create_index("ix_exercises_language", ["language"])
    with op.batch_alter_table("exam_sessions", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("language", sa.String(length=5), nullable=False, server_default="en")
        )
    with op.batch_alter_table("certificates", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("language", sa.String(length=5), nullable=False, server_default="en")
        )
    op.create_table(
        "course_translations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("course_id", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(length=5), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("module_titles", sa.JSON(), nullable=False),
        sa.Column("source_hash", sa.String(length=64), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["course_id"], ["courses.id"], name=op.f("fk_course_translations_course_id_courses"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_course_translations")),
        sa.UniqueConstraint(
            "course_id", "language", name=op.f("uq_course_translations_course_id_language")
        ),
    )
    op.create_table(
        "lesson_translations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("lesson_id", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(length=5), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("objectives", sa.JSON(), nullable=False),
        sa.Column("quiz", sa.JSON(), nullable=False),
        sa.Column("body_markdown", sa.Text(), nullable=False),
        sa.Column("body_html", sa.Text(), nullable=False),
        sa.Column("toc_html", sa.Text(), nullable=False),
        sa.Column("word_count", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=10), nullable=False),
        sa.Column("source_hash", sa.String(length=64), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["lesson_id"], ["lessons.id"], name=op.f("fk_lesson_translations_lesson_id_lessons"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lesson_translations")),
        sa.UniqueConstraint(
            "lesson_id", "language", name=op.f("uq_lesson_translations_lesson_id_language")
        ),
    )


def downgrade():
    op.drop_table("lesson_translations")
    op.drop_table("course_translations")
    with op.batch_alter_table("certificates", schema=None) as batch_op:
        batch_op.drop_column("language")
    with op.batch_alter_table("exam_sessions", schema=None) as batch_op:
        batch_op.drop_column("language")
    with op.batch_alter_table("exercises", schema=None) as batch_op:
        batch_op.drop_index("ix_exercises_language")
        batch_op.drop_column("language")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("locale")
