"""The ``school`` console command: the Flask CLI of this app plus the school's own commands."""

from __future__ import annotations

from importlib import import_module

import click
from flask import Flask
from flask.cli import FlaskGroup
from sqlalchemy.exc import OperationalError, ProgrammingError

COMMAND_MODULES = (
    "app.commands.courses",
    "app.commands.exercises",
    "app.commands.users",
    "app.commands.demo",
    "app.commands.maintenance",
    "app.commands.scale",
    "app.commands.certificates",
    "app.commands.exams",
    "app.commands.summaries",
)


def register_cli(app: Flask) -> None:
    """Attach every command module's commands to the app's CLI.

    Only the ``school`` command (and the tests' runner) does: the command modules import the
    importers, reports, seeding and simulation code that a web worker never runs (about 40
    modules, 20 ms of its start-up).
    """
    for dotted in COMMAND_MODULES:
        for command in import_module(dotted).commands:
            app.cli.add_command(command)


def _create_app() -> Flask:
    from app import create_app
    from app.lazy_migrate import init_migrations

    app = create_app()
    register_cli(app)
    init_migrations(app)  # the ``db`` commands; web workers never import alembic
    return app


MISSING_TABLE = ("no such table", "does not exist")  # SQLite's words, PostgreSQL's


class SchoolGroup(FlaskGroup):
    """The Flask CLI, except that a command run before the schema exists says what to do."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except (OperationalError, ProgrammingError) as error:
            if not any(words in str(error.orig) for words in MISSING_TABLE):
                raise
            raise click.ClickException(
                "this database has no school tables yet: run `school db upgrade` first "
                "(or `bash scripts/start`, which also loads the courses and exercises)"
            ) from error


@click.group(
    cls=SchoolGroup,
    create_app=_create_app,
    add_version_option=False,
    load_dotenv=False,
    set_debug_flag=False,
)
def main() -> None:
    """AI Trainer School management commands."""
