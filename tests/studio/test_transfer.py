"""Export to the exercises/ file format and import back: a round trip changes nothing."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import yaml
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from app.content.exercises import check_bank
from app.extensions import db
from app.models import AuditEvent, Exercise, ExerciseVersion

KINDS = ("ranking", "pairwise", "correction", "reference")


def _hashes() -> dict[str, list[str]]:
    rows = db.session.execute(
        select(Exercise.uid, ExerciseVersion.content_hash)
        .join(ExerciseVersion, ExerciseVersion.exercise_id == Exercise.id)
        .order_by(Exercise.uid, ExerciseVersion.number)
    ).all()
    hashes: dict[str, list[str]] = {}
    for uid, digest in rows:
        hashes.setdefault(uid, []).append(digest)
    return hashes


def _bank(make_exercise, item_for) -> None:
    for kind in KINDS:
        make_exercise(item_for(kind), pool="exam" if kind == "reference" else "practice")


def _upload(client, name: str, payload: bytes, pool: str = "practice"):
    # Encoded in memory: werkzeug's test client spills a body over 500 KB (the whole bank's
    # zip) to a temporary file it never closes, and the ResourceWarning then fails whichever
    # test is running when it is garbage-collected.
    upload = FileStorage(io.BytesIO(payload), filename=name)
    fields = {"file": upload, "pool": pool, "csrf_token": client.csrf_token()}
    boundary, body = encode_multipart(fields)
    return client.post(
        "/studio/import",
        data=body,
        content_type=f"multipart/form-data; boundary={boundary}",
        csrf=False,
    )


def test_bank_round_trip_changes_nothing(client, instructor, make_exercise, item_for):
    _bank(make_exercise, item_for)
    client.post(
        "/studio/exercises/new/rating",
        data={  # one item authored in the browser
            "uid": "pr-rate-901",
            "pool": "practice",
            "title": "Rate it",
            "topic": "medicine",
            "criteria": ["ethics"],
            "difficulty": "1",
            "prompt": "Line one\r\nline two",
            "rationale": "Why.",
            "answers-0-text": "Give 200 mg.",
            "answers-0-note": "Unsafe.",
            "answers-0-harmful": "major",
            "rating_ethics": "1",
            "rating_accuracy": "4",
            "rating_relevance": "5",
            "flags": ["dangerous-instructions"],
            "save": "1",
        },
    )
    before = _hashes()
    assert len(before) == 5
    response = client.get("/studio/export")
    assert response.status_code == 200 and response.mimetype == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    assert "exam/ex-ref-801.yaml" in archive.namelist()
    assert "practice/pr-rate-901.yaml" in archive.namelist()
    page = _upload(client, "exercises.zip", response.data)
    assert page.status_code == 200, page.get_data(as_text=True)
    assert "0 new (as drafts), 0 new versions, 5 unchanged" in page.get_data(as_text=True)
    assert _hashes() == before


def test_exported_files_pass_the_bank_checker(
    client, instructor, make_exercise, item_for, tmp_path: Path
):
    _bank(make_exercise, item_for)
    archive = zipfile.ZipFile(io.BytesIO(client.get("/studio/export").data))
    archive.extractall(tmp_path)
    (tmp_path / "exam").mkdir(exist_ok=True)
    assert check_bank(tmp_path / "practice", tmp_path / "exam") == []


def test_single_item_round_trip(client, instructor, make_exercise, item_for):
    outcome = make_exercise(item_for("correction"))
    response = client.get(f"/studio/exercises/{outcome.exercise.id}/export")
    assert 'filename="pr-corr-801.yaml"' in response.headers["Content-Disposition"]
    text = response.get_data(as_text=True)
    assert list(yaml.safe_load(text))[:3] == ["id", "kind", "title"]  # documented order
    before = _hashes()
    assert _upload(client, "pr-corr-801.yaml", response.data).status_code == 200
    assert _hashes() == before


def test_import_creates_drafts_and_new_versions(client, instructor, make_exercise, item_for):
    outcome = make_exercise(item_for("ranking"))
    text = client.get(f"/studio/exercises/{outcome.exercise.id}/export").get_data(as_text=True)
    changed = text.replace("Ask a pharmacist.", "Ask a pharmacist first.")
    new_item = yaml.safe_dump(item_for("pairwise"), sort_keys=False)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("practice/pr-rank-801.yaml", changed)
        archive.writestr("practice/pr-pair-801.yaml", new_item)
    page = _upload(client, "bank.zip", buffer.getvalue())
    assert page.status_code == 200, page.get_data(as_text=True)
    ranking = db.session.scalar(select(Exercise).where(Exercise.uid == "pr-rank-801"))
    pairwise = db.session.scalar(select(Exercise).where(Exercise.uid == "pr-pair-801"))
    assert ranking.current_version == 2 and ranking.status == "published"
    assert pairwise.status == "draft" and pairwise.source == "import"
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "exercise.import"))
    assert event.details["created"] == ["pr-pair-801"]
    assert event.details["versioned"] == ["pr-rank-801"]


def test_bad_zip_lists_every_problem_and_imports_nothing(client, instructor, item_for):
    good = yaml.safe_dump(item_for("pairwise"), sort_keys=False)
    bad_gold = yaml.safe_dump(
        item_for("ranking", gold_order=[["C"], ["B"], ["A"]]), sort_keys=False
    )
    wrong_pool = yaml.safe_dump(item_for("reference"), sort_keys=False)  # ex- id in practice/
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("practice/pr-pair-801.yaml", good)
        archive.writestr("practice/pr-rank-801.yaml", bad_gold)
        archive.writestr("practice/ex-ref-801.yaml", wrong_pool)
        archive.writestr("practice/broken.yaml", "id: [unclosed\n")
        archive.writestr("notes.txt", "hello")
    response = _upload(client, "bank.zip", buffer.getvalue())
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert db.session.scalar(select(func.count()).select_from(Exercise)) == 0
    assert "practice/pr-rank-801.yaml:" in page and "C is harmful" in page
    assert "practice/ex-ref-801.yaml:1: id: practice item ids start with" in page
    assert "practice/broken.yaml:" in page and "invalid YAML" in page
    assert "notes.txt: not an item file" in page


def test_gold_problem_is_reported_at_its_line(client, instructor, item_for):
    text = yaml.safe_dump(item_for("ranking", gold_order=[["C"], ["B"], ["A"]]), sort_keys=False)
    line = text.splitlines().index("gold_order:") + 1
    page = _upload(client, "pr-rank-801.yaml", text.encode()).get_data(as_text=True)
    assert f"practice/pr-rank-801.yaml:{line}: gold_order: answer C is ranked above" in page


def test_import_refuses_moving_an_item_between_pools(client, instructor, make_exercise, item_for):
    make_exercise(item_for("pairwise"))
    text = yaml.safe_dump(item_for("pairwise", id="ex-pair-801"), sort_keys=False)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("exam/ex-pair-801.yaml", text)
        archive.writestr("exam/pr-pair-801.yaml", yaml.safe_dump(item_for("pairwise")))
    page = _upload(client, "bank.zip", buffer.getvalue()).get_data(as_text=True)
    assert "exam item ids start with" in page
    assert db.session.scalar(select(func.count()).select_from(Exercise)) == 1


def test_not_a_zip_and_wrong_file_type(client, instructor):
    assert "not a valid zip" in _upload(client, "x.zip", b"PK nope").get_data(as_text=True)
    response = _upload(client, "notes.txt", b"hello")
    assert response.status_code == 400 and "Upload a .yaml item file" in response.get_data(
        as_text=True
    )
    assert "not UTF-8" in _upload(client, "pr-x.yaml", b"\xff\xfe").get_data(as_text=True)


def test_the_repository_bank_round_trips(client, instructor, synced_bank):
    """Every real item file survives export → import without a new version."""
    before = _hashes()
    assert len(before) > 50
    page = _upload(client, "exercises.zip", client.get("/studio/export").data)
    assert page.status_code == 200, page.get_data(as_text=True)[-3000:]
    assert _hashes() == before


def test_damaged_and_encrypted_zip_entries_are_problems(client, instructor, item_for):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("practice/pr-pair-801.yaml", yaml.safe_dump(item_for("pairwise")) * 3)
    data = bytearray(buffer.getvalue())
    start = data.index(b"PK\x03\x04") + 30 + len("practice/pr-pair-801.yaml")
    data[start + 5 : start + 25] = b"\x00" * 20  # corrupt the compressed bytes
    response = _upload(client, "bank.zip", bytes(data))
    assert response.status_code == 400
    assert "practice/pr-pair-801.yaml: the entry cannot be read" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Exercise)) == 0
