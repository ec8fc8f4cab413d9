"""``school certificates …`` and ``school exams …``: offline verification, supersession, expiry."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click
from flask.cli import with_appcontext

from app.extensions import db
from app.models import utcnow


def _read_json(path: str, what: str) -> Any:
    """Read a JSON file or stop with a clear message."""
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise click.UsageError(f"cannot read the {what} {path}: {error}") from None


@click.group("certificates")
def certificates() -> None:
    """Verify credentials and manage guidelines versions."""


@certificates.command("verify")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option(
    "--issuer",
    "issuer_file",
    type=click.Path(dir_okay=False),
    help="The issuer profile (issuer.json) whose published keys to trust; "
    "default: this site's own key.",
)
@click.option(
    "--status-list",
    "status_file",
    type=click.Path(dir_okay=False),
    help="A downloaded status list (/verify/status-list) to check revocation offline.",
)
@with_appcontext
def verify(file: str, issuer_file: str | None, status_file: str | None) -> None:
    """Check a credential's schema, signature, issuer key, validity window and revocation."""
    from app.services.credential_check import trusted_keys, verify_credential
    from app.services.signing import issuer_public_key, public_key_multibase

    document = _read_json(file, "credential")
    if issuer_file:
        keys = trusted_keys(_read_json(issuer_file, "issuer profile"))
    else:
        keys = {public_key_multibase(issuer_public_key())}
    status_list = _read_json(status_file, "status list") if status_file else None
    report = verify_credential(document, keys, utcnow(), status_list)
    for check in report.checks:
        mark = {True: "ok  ", False: "FAIL", None: "skip"}[check.ok]
        click.echo(f"{mark} {check.name}: {check.detail}")
    if not report.ok:
        raise click.ClickException("the credential is NOT valid")
    click.echo("The credential is valid.")


@certificates.command("supersede")
@click.option("--course", "course_slug", required=True, help="The course the guidelines belong to.")
@click.option("--version", required=True, help="The guidelines version being superseded.")
@click.option(
    "--grace-days",
    type=click.IntRange(min=0),
    default=180,
    show_default=True,
    help="Days its certificates stay valid (with recertification due).",
)
@with_appcontext
def supersede(course_slug: str, version: str, grace_days: int) -> None:
    """Mark a guidelines version superseded; its certificates expire after the grace period."""
    from app.services.certificates import CertificateError, supersede_guidelines

    try:
        supersede_guidelines(course_slug, version, grace_days)
    except CertificateError as error:
        raise click.UsageError(str(error)) from None
    db.session.commit()
    click.echo(f"Guidelines {course_slug} {version} superseded; grace period {grace_days} days.")


@click.group("exams")
def exams() -> None:
    """Exam sessions."""


@exams.command("expire")
@with_appcontext
def expire() -> None:
    """Grade every exam session whose time ran out (browsers may never come back)."""
    from app.services.exams import expire_overdue

    count = expire_overdue()
    db.session.commit()
    click.echo(f"Graded {count} overdue exam session{'s' if count != 1 else ''}.")


commands = [certificates, exams]
