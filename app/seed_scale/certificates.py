"""Seed-scale's certificates: one per passed session, in the certify area's code format."""

from __future__ import annotations

import json
import random
from collections.abc import Iterator, Sequence
from datetime import timedelta
from typing import TYPE_CHECKING

from app.models import db
from app.seed_scale.run import ScaleRun, naive
from app.services.certification.certificates import (
    CODE_ALPHABET,
    CODE_GROUP,
    CODE_PREFIX,
    CODE_SYMBOLS,
)
from app.services.certification.certificates import guidelines_version as current_guidelines
from app.services.common.bulk_insert import columns_of, insert_rows, next_id, reset_sequence

if TYPE_CHECKING:
    from app.seed_scale.sessions import Session

CERTIFICATE_COLUMNS = columns_of("certificates", without=("language",))
REVOKED_SHARE = 0.01
REVOCATION_REASON = "Synthetic revocation (seed-scale benchmark data)."


def seeded_code(rng: random.Random, taken: set[str]) -> str:
    """A certificate code in the real format, drawn from the seeded generator."""
    while True:
        body = "".join(rng.choice(CODE_ALPHABET) for _ in range(CODE_SYMBOLS))
        groups = [body[i : i + CODE_GROUP] for i in range(0, CODE_SYMBOLS, CODE_GROUP)]
        code = "-".join([CODE_PREFIX, *groups])
        if code not in taken:
            taken.add(code)
            return code


def _rows(
    run: ScaleRun, sessions: Sequence[Session], guidelines: str, first_id: int, first_index: int
) -> Iterator[tuple]:
    """A certificate row for every passed session (no queries: it feeds a COPY)."""
    rng, names, taken = run.rng, {s.id: s.name for s in run.students}, set()
    passed = [s for s in sessions if s.outcome is not None and s.outcome.status == "passed"]
    for n, session in enumerate(passed):
        sitting, outcome = session.sitting, session.outcome
        blueprint = run.blueprints[sitting.blueprint_slug]
        issued = sitting.started + sitting.duration
        revoked = issued + timedelta(days=rng.uniform(1, 60))
        if revoked >= run.now or rng.random() >= REVOKED_SHARE:
            revoked = None
        scores = {k: round(v, 4) for k, v in outcome.criterion_scores.items() if v is not None}
        yield (
            first_id + n,
            seeded_code(rng, taken),
            sitting.user_id,
            session.id,
            blueprint.slug,
            blueprint.title,
            blueprint.level,
            blueprint.specialisation,
            names[sitting.user_id],
            round(outcome.overall, 4),
            json.dumps(scores),
            guidelines,
            first_index + n,
            naive(issued),
            naive(issued + timedelta(days=blueprint.validity_days)),
            revoked and naive(revoked),
            revoked and REVOCATION_REASON,
            revoked and rng.choice(run.instructor_ids),
            False,  # is_demo
            None,  # identity salt and hash: filled the first time a credential is made
            None,
        )


def seed_certificates(run: ScaleRun, sessions: Sequence[Session]) -> str:
    """Insert the certificates the passed sessions earned."""
    from sqlalchemy import func, select

    from app.models import Certificate

    conn = db.session.connection()
    first_index = (conn.execute(select(func.max(Certificate.status_index))).scalar() or 0) + 1
    first_id = next_id(conn, "certificates")
    rows = _rows(run, sessions, current_guidelines(), first_id, first_index)
    count = insert_rows(conn, "certificates", CERTIFICATE_COLUMNS, rows)
    reset_sequence(conn, "certificates")
    return f"certificates: {count:,}"
