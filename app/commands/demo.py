"""``school demo``: a ready-to-explore site on SQLite with real content and demo accounts."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext
from werkzeug.serving import run_simple

from app.extensions import db
from app.models import Role
from app.services.accounts import accounts

DEMO_ACCOUNTS = (
    ("student@demo.school", "Demo Student", Role.STUDENT),
    ("instructor@demo.school", "Demo Instructor", Role.INSTRUCTOR),
    ("admin@demo.school", "Demo Admin", Role.ADMIN),
)
DEMO_PASSWORD = "demo-trainer-2026"  # noqa: S105 - printed for local demos only


def ensure_demo_accounts() -> None:
    """Create the demo accounts that do not exist yet."""
    for email, name, role in DEMO_ACCOUNTS:
        if accounts.find_user_by_email(email) is None:
            accounts.register_user(email, name, DEMO_PASSWORD, role)


def load_content() -> None:
    """Sync the real courses and exercise bank from the repository."""
    from app.services.common.content import sync_everything

    for line in sync_everything():
        click.echo(line)


@click.command("demo")
@click.option("--serve/--no-serve", default=True, help="Start the development server afterwards.")
@click.option("--port", default=5000, show_default=True)
@with_appcontext
def demo(serve: bool, port: int) -> None:
    """Migrate, load courses and exercises, create demo accounts, then serve the site."""
    if current_app.config["PRODUCTION"]:
        raise click.UsageError("Demo accounts are never created in production.")
    from flask_migrate import upgrade  # alembic only when this command runs

    upgrade()
    load_content()
    ensure_demo_accounts()
    db.session.commit()
    url = (current_app.config.get("SITE_URL") or f"http://127.0.0.1:{port}").rstrip("/") + "/"
    click.echo(f"\nDemo accounts (password for all: {DEMO_PASSWORD}):")
    for email, _name, role in DEMO_ACCOUNTS:
        click.echo(f"  {role.value:<11} {email}")
    click.echo(f"Recruiters need no account: {url}verify\nOpen {url}")
    if serve:
        # Flask refuses app.run() inside its own CLI; serve with Werkzeug directly.
        run_simple("127.0.0.1", port, current_app._get_current_object(), threaded=True)


commands = [demo]
