"""``school certificates …`` and ``school exams …``: offline verification, supersession, expiry."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click
from flask.cli import with_appcontext

from app.extensions import db
from app.models import utcnow

FETCH_TIMEOUT = 10  # seconds
MAX_FETCH_BYTES = 5_000_000


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
@click.option("--offline", is_flag=True, help="Do not check revocation at all.")
@with_appcontext
def verify(file: str, issuer_file: str | None, status_file: str | None, offline: bool) -> None:
    """Check a credential's schema, signature, issuer key, validity, revocation and demo flag.

    Revocation is checked by default: against --status-list if given, else against this site's
    database when the credential is one of its certificates, else by fetching the status list
    the credential names. --offline skips it. The report says which happened.
    """
    from app.services.certification.credential_check import trusted_keys, verify_credential
    from app.services.certification.signing import issuer_public_key, public_key_multibase

    document = _read_json(file, "credential")
    if issuer_file:
        keys = trusted_keys(_read_json(issuer_file, "issuer profile"))
    else:
        keys = {public_key_multibase(issuer_public_key())}
    status_list, status, source = None, None, ""
    if status_file:
        status_list, source = _read_json(status_file, "status list"), f"status list {status_file}"
    elif isinstance(document, dict):
        status_list, status, source = _default_status(document, offline)
    report = verify_credential(document, keys, utcnow(), status_list, status, source)
    for check in report.checks:
        mark = {True: "ok  ", False: "FAIL", None: "skip"}[check.ok]
        click.echo(f"{mark} {check.name}: {check.detail}")
    if report.only_demo:
        raise click.ClickException(
            "the credential is authentic but it is a DEMO certificate — not a real certificate"
        )
    if not report.ok:
        raise click.ClickException("the credential is NOT valid")
    click.echo("The credential is valid.")


def _default_status(document: dict[str, Any], offline: bool) -> tuple[Any, Any, str]:
    """Revocation without --status-list: skipped, read from the database, or fetched."""
    from app.services.certification.credential_check import Check, local_status_check

    if offline:
        return None, Check("revocation", None, "not checked (--offline)"), ""
    local = local_status_check(document)
    if local is not None:
        return None, local, ""
    entry = document.get("credentialStatus")
    url = entry.get("statusListCredential") if isinstance(entry, dict) else None
    if not isinstance(url, str):
        return None, Check("revocation", None, "not checked (the credential names no list)"), ""
    try:
        return _fetch_json(url), None, f"status list fetched from {url}"
    except (OSError, ValueError) as error:
        detail = f"could not fetch the status list {url} ({error}); use --status-list or --offline"
        return None, Check("revocation", False, detail), ""


def _fetch_json(url: str) -> Any:
    """GET a JSON document over http(s), at most 5 MB, with a short timeout."""
    from urllib.request import Request, urlopen

    if not url.startswith(("https://", "http://")):
        raise ValueError("not an http(s) address")
    request = Request(url, headers={"Accept": "application/json"})  # noqa: S310 (scheme checked)
    with urlopen(request, timeout=FETCH_TIMEOUT) as response:  # noqa: S310 (scheme checked)
        return json.loads(response.read(MAX_FETCH_BYTES))


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
    from app.services.certification.certificates import CertificateError, supersede_guidelines

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
    from app.services.certification.exams import expire_overdue

    count = expire_overdue()
    db.session.commit()
    click.echo(f"Graded {count} overdue exam session{'s' if count != 1 else ''}.")


commands = [certificates, exams]
