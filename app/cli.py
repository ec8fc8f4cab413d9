"""The ``school`` console command: the Flask CLI of this app plus the school's own commands."""

from __future__ import annotations

from importlib import import_module

import click
from flask import Flask
from flask.cli import FlaskGroup

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
    """Attach every command module's commands to the app's CLI."""
    for dotted in COMMAND_MODULES:
        for command in import_module(dotted).commands:
            app.cli.add_command(command)


def _create_app() -> Flask:
    from app import create_app
    from app.lazy_migrate import init_migrations

    app = create_app()
    init_migrations(app)  # the ``db`` commands; web workers never import alembic
    return app


@click.group(
    cls=FlaskGroup,
    create_app=_create_app,
    add_version_option=False,
    load_dotenv=False,
    set_debug_flag=False,
)
def main() -> None:
    """AI Trainer School management commands."""
