"""Exporting bank items to the ``exercises/`` file format and importing such files back.

An export is YAML that ``school exercises check`` accepts: one file per item, or a zip holding
``practice/`` and ``exam/`` folders. Importing reads files with the bank loader
(``app.content.exercises``) so problems read ``file:line: reason``; if there is any problem,
nothing is imported.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import yaml
from flask_babel import gettext as _
from sqlalchemy import select

from app.content.exercises import LoadedItem, bank_problems, item_problems, parse_item
from app.models import Exercise, ExerciseVersion, User, db
from app.services.accounts.audit import record_event
from app.services.practice.exercise_bank import BankError, save_item, version_to_dict
from graders import item_from_dict, item_to_dict

POOLS = ("practice", "exam")
MAX_FILES = 2000
MAX_UPLOAD_BYTES = 8 * 1024 * 1024  # a zipped bank of a few thousand items
MAX_FILE_BYTES = 256 * 1024
MAX_TOTAL_BYTES = 32 * 1024 * 1024
SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*\.ya?ml")


class _BlockDumper(yaml.SafeDumper):
    """Writes multi-line text as ``|`` blocks, as the bank's authors do."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    """Block style for multi-line strings (PyYAML falls back to quotes when it must)."""
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_BlockDumper.add_representer(str, _represent_str)


def version_yaml(version: ExerciseVersion) -> str:
    """One version as an item file, fields in the documented order."""
    data = item_to_dict(item_from_dict(version_to_dict(version)))
    return yaml.dump(data, Dumper=_BlockDumper, sort_keys=False, allow_unicode=True, width=100)


def bank_zip(exercises: Iterable[Exercise]) -> bytes:
    """A zip of ``<pool>/<id>.yaml`` files holding each item's current version."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for exercise in exercises:
            version = next(v for v in exercise.versions if v.number == exercise.current_version)
            archive.writestr(f"{exercise.pool}/{exercise.uid}.yaml", version_yaml(version))
    return buffer.getvalue()


@dataclass
class Upload:
    """Parsed item files by pool, and problems found before any item could be checked."""

    pools: dict[str, list[LoadedItem]] = field(default_factory=lambda: {p: [] for p in POOLS})
    problems: list[str] = field(default_factory=list)


def _decode(upload: Upload, name: str, payload: bytes) -> str | None:
    """UTF-8 text of one file, or a problem."""
    try:
        return payload.decode("utf-8")
    except UnicodeDecodeError:
        upload.problems.append(_("%(file)s:1: the file is not UTF-8 text", file=name))
        return None


def _add_file(upload: Upload, pool: str, name: str, payload: bytes) -> None:
    """Parse one YAML file into its pool."""
    text = _decode(upload, f"{pool}/{name}", payload)
    if text is not None:
        upload.pools[pool].append(parse_item(text, Path(pool, name)))


def _zip_member(upload: Upload, info: zipfile.ZipInfo) -> tuple[str, str] | None:
    """The (pool, file name) of a zip entry, or None after reporting why it is skipped."""
    parts = PurePosixPath(info.filename).parts
    if len(parts) < 2 or parts[-2] not in POOLS or not SAFE_NAME.fullmatch(parts[-1]):
        upload.problems.append(
            _(
                "%(file)s: not an item file; put <id>.yaml files in practice/ or exam/",
                file=info.filename,
            )
        )
        return None
    if info.file_size > MAX_FILE_BYTES:
        upload.problems.append(_("%(file)s: the file is too large", file=info.filename))
        return None
    return parts[-2], parts[-1]


def read_zip(payload: bytes) -> Upload:
    """Every item file of a zip made by ``bank_zip`` (or laid out the same way)."""
    upload = Upload()
    try:
        archive = zipfile.ZipFile(io.BytesIO(payload))
    except zipfile.BadZipFile:
        upload.problems.append(_("The upload is not a valid zip file."))
        return upload
    with archive:
        members = [i for i in archive.infolist() if not i.is_dir()]
        if len(members) > MAX_FILES or sum(i.file_size for i in members) > MAX_TOTAL_BYTES:
            upload.problems.append(_("The zip file holds too many or too large files."))
            return upload
        for info in members:
            place = _zip_member(upload, info)
            if place is not None:
                _add_member(upload, archive, info, place)
    return upload


def _add_member(
    upload: Upload, archive: zipfile.ZipFile, info: zipfile.ZipInfo, place: tuple[str, str]
) -> None:
    """Read one entry (a damaged or encrypted entry is a problem, not a crash)."""
    try:
        payload = archive.read(info)
    except (zipfile.BadZipFile, RuntimeError, NotImplementedError, EOFError, zlib.error):
        upload.problems.append(_("%(file)s: the entry cannot be read", file=info.filename))
        return
    _add_file(upload, place[0], place[1], payload)


def read_upload(filename: str, payload: bytes, pool: str) -> Upload:
    """An uploaded ``.zip`` of pools, or one ``<id>.yaml`` item file for ``pool``."""
    name = PurePosixPath(filename.replace("\\", "/")).name
    if name.lower().endswith(".zip"):
        return read_zip(payload)
    upload = Upload()
    if not SAFE_NAME.fullmatch(name) or pool not in POOLS:
        upload.problems.append(_("Upload a .yaml item file or a .zip of practice/ and exam/."))
    elif len(payload) > MAX_FILE_BYTES:
        upload.problems.append(_("%(file)s: the file is too large", file=name))
    else:
        _add_file(upload, pool, name, payload)
    return upload


def _conflicts(upload: Upload) -> list[str]:
    """Items whose id already belongs to another pool or kind in the database."""
    placed = {
        item.data["id"]: (pool, item)
        for pool, items in upload.pools.items()
        for item in items
        if isinstance(item.data, dict) and isinstance(item.data.get("id"), str)
    }
    messages = []
    for exercise in db.session.scalars(select(Exercise).where(Exercise.uid.in_(placed))):
        pool, item = placed[exercise.uid]
        where = f"{item.path}:{item.line_of(('id',))}"
        if exercise.pool != pool:
            messages.append(
                _(
                    "%(where)s: %(id)s is in the %(pool)s pool and cannot move",
                    where=where,
                    id=exercise.uid,
                    pool=exercise.pool,
                )
            )
        elif exercise.kind != item.data.get("kind"):
            messages.append(
                _(
                    "%(where)s: %(id)s is a %(kind)s item; its kind cannot change",
                    where=where,
                    id=exercise.uid,
                    kind=exercise.kind,
                )
            )
    return messages


def upload_problems(upload: Upload) -> list[str]:
    """Every problem of an upload: reading, each item, across items, against the database."""
    problems = list(upload.problems)
    for items in upload.pools.values():
        for item in items:
            problems += item_problems(item)
    problems += bank_problems(upload.pools)
    if not problems and not any(upload.pools.values()):
        problems.append(_("The upload holds no item files."))
    return problems or _conflicts(upload)


@dataclass
class ImportReport:
    """Ids of the imported items by what happened to them."""

    created: list[str] = field(default_factory=list)
    versioned: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)


def import_upload(upload: Upload, actor: User) -> ImportReport:
    """Save every item of a problem-free upload; new items arrive as drafts. Audited."""
    report = ImportReport()
    existing: dict[str, Any] = {
        e.uid: e.status
        for e in db.session.scalars(
            select(Exercise).where(
                Exercise.uid.in_([i.data["id"] for items in upload.pools.values() for i in items])
            )
        )
    }
    for pool, items in upload.pools.items():
        for item in items:
            status = existing.get(item.data["id"], "draft")
            try:
                outcome = save_item(item.data, pool, source="import", status=status, author=actor)
            except BankError as error:  # checked beforehand; kept as a last line of defence
                raise ValueError(f"{item.path}: {error}") from error
            getattr(report, outcome.change).append(outcome.exercise.uid)
    record_event(
        actor,
        "exercise.import",
        "bank",
        "upload",
        created=report.created,
        versioned=report.versioned,
        unchanged=len(report.unchanged),
    )
    return report
