"""``school certificates verify``: single proof objects, revocation checked by default."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.commands import certificates as commands
from app.services.certification.credentials import signed_credential, status_list_credential

DATA = Path(__file__).parent / "data"


def write(tmp_path: Path, name: str, data: dict) -> str:
    """Write JSON to a file and return its path."""
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


@pytest.fixture
def credential(make_user, make_certificate) -> dict:
    """A signed credential for a certificate in this site's database."""
    return signed_credential(make_certificate(make_user()))


def test_a_single_proof_object_is_accepted(credential, runner, tmp_path):
    single = {**credential, "proof": credential["proof"][0]}
    result = runner.invoke(args=["certificates", "verify", write(tmp_path, "s.json", single)])
    assert result.exit_code == 0, result.output
    assert "ok   schema" in result.output and "ok   signature" in result.output
    listed = runner.invoke(args=["certificates", "verify", write(tmp_path, "l.json", credential)])
    assert listed.exit_code == 0, listed.output


def test_revocation_is_checked_in_the_database_by_default(
    client, admin, make_user, make_certificate, runner, tmp_path
):
    cert = make_certificate(make_user())
    path = write(tmp_path, "c.json", signed_credential(cert))
    result = runner.invoke(args=["certificates", "verify", path])
    assert result.exit_code == 0
    assert "ok   revocation: not revoked (checked in this site's database)" in result.output
    client.post(f"/certificates/{cert.code}/revoke", data={"reason": "Shared exam answers."})
    result = runner.invoke(args=["certificates", "verify", path])
    assert result.exit_code != 0
    assert "FAIL revocation: revoked by the issuer (checked in this site's database)" in (
        result.output
    )


def test_offline_skips_revocation_and_says_so(credential, runner, tmp_path):
    path = write(tmp_path, "c.json", credential)
    result = runner.invoke(args=["certificates", "verify", path, "--offline"])
    assert result.exit_code == 0 and "skip revocation: not checked (--offline)" in result.output


def test_a_credential_unknown_here_fetches_the_list_it_names(
    app, client, credential, runner, tmp_path, monkeypatch
):
    from app.extensions import db
    from app.models import Certificate

    db.session.query(Certificate).delete()  # as if run on another machine than the issuer's
    db.session.commit()
    with app.test_request_context():
        status_list = status_list_credential()  # what the issuer's site would serve
    fetched: list[str] = []

    def fake_fetch(url: str) -> dict:
        fetched.append(url)
        return status_list

    monkeypatch.setattr(commands, "_fetch_json", fake_fetch)
    document = {**credential}
    document["credentialStatus"] = {
        **credential["credentialStatus"],
        "statusListCredential": status_list["id"],
    }
    path = write(tmp_path, "c.json", document)
    result = runner.invoke(args=["certificates", "verify", path])
    assert fetched == [status_list["id"]]
    assert f"ok   revocation: not revoked (status list fetched from {status_list['id']})" in (
        result.output
    )


def test_an_unreachable_list_fails_and_suggests_offline(credential, runner, tmp_path, monkeypatch):
    from app.extensions import db
    from app.models import Certificate

    db.session.query(Certificate).delete()
    db.session.commit()

    def no_network(url: str) -> dict:
        raise OSError("network unreachable")

    monkeypatch.setattr(commands, "_fetch_json", no_network)
    result = runner.invoke(args=["certificates", "verify", write(tmp_path, "c.json", credential)])
    assert result.exit_code != 0
    assert "FAIL revocation: could not fetch the status list" in result.output
    assert "--offline" in result.output


def test_an_old_credential_verifies_with_its_issuer_profile(runner, tmp_path):
    old = json.loads((DATA / "credential_signed_before_rfc8785.json").read_text(encoding="utf-8"))
    method = old["proof"][0]["verificationMethod"]
    key = method.split("#", 1)[1]
    issuer = write(tmp_path, "issuer.json", {"verificationMethod": [{"publicKeyMultibase": key}]})
    path = write(tmp_path, "old.json", old)
    result = runner.invoke(args=["certificates", "verify", path, "--issuer", issuer, "--offline"])
    assert "ok   signature" in result.output and "ok   issuer key" in result.output
