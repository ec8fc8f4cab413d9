"""``school users …``: account administration from the shell."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from app.extensions import db
from app.forms.passwords import password_problem
from app.models import Role
from app.services.accounts import accounts
from app.services.accounts.audit import record_event


@click.group("users")
def users() -> None:
    """Manage accounts."""


@users.command("create-admin")
@click.option("--email", prompt=True)
@click.option("--name", "display_name", prompt="Display name")
@click.password_option()
@with_appcontext
def create_admin(email: str, display_name: str, password: str) -> None:
    """Create an admin account (or promote an existing one to admin)."""
    problem = password_problem(password, email, display_name)
    if problem:
        raise click.UsageError(problem)
    user = accounts.find_user_by_email(email)
    if user is None:
        user = accounts.register_user(email, display_name, password, Role.ADMIN)
        click.echo(f"Created admin {user.email}.")
    else:
        record_event(None, "role.change", "user", user.id, old=user.role, new="admin", via="cli")
        user.role = Role.ADMIN.value
        click.echo(f"{user.email} is now an admin.")
    db.session.commit()


commands = [users]
