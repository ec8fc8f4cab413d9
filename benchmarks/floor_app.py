"""The least a signed-in answer can cost on this stack: the floor under issue 15's submit target.

Built the way the site is (Flask-Login over the signed session cookie, Flask-WTF's CSRF check,
SQLAlchemy on the same seed-scale database, served by the same gunicorn settings), but its POST
does only what recording any answer must do:

- load the signed-in user from the database (every POST does: SECURITY.md), here with one Core
  statement, cheaper than the site's ORM load;
- check the CSRF token;
- insert one attempt row and commit;
- redirect to the feedback page;

all in one connection and transaction per request, as the site's one session (on SQLite a POST
takes the write lock at BEGIN, as the site's do).

No grading, no dashboard summary, no weekly rollup, no template, no request log, no security
headers. A submit that grades and keeps the summary in the same transaction costs more than
this; if this floor is already below a ratio, no submit on this stack reaches it.

``POST /answer-kept/<uid>`` adds the site's other submit statements, in the answer's
transaction: the item and the named version checked (written here as Core: the site's is an ORM
query), then the site's own statements for the summary row's lock, the attempt, the weekly
rollup and the summary's update. The gap between it and the site's submit is what the framework
around the view, the ORM and grading add.

``GET /enter/<user id>`` signs a seeded student in (loopback benchmarking only) and answers
with the session's CSRF token. gunicorn serves ``benchmarks.floor_app:create_floor_app()``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from flask import Flask, abort, g, redirect, request
from flask_login import LoginManager, UserMixin, current_user, login_required, login_user
from flask_wtf.csrf import CSRFProtect, generate_csrf
from sqlalchemy import Connection, Engine, and_, bindparam, create_engine, select

from app.models import Exercise, ExerciseVersion, User
from app.models.rollup import monday, upsert_on
from app.services.learning.student_summary import SUMMARY_ADD_ATTEMPT, SUMMARY_FOR_ATTEMPT
from app.services.practice.practice import INSERT_ATTEMPT
from app.sqlite_locks import enable_sqlite_transactions

USERS = User.__table__
BY_TOKEN = select(USERS.c.id, USERS.c.role, USERS.c.is_enabled).where(
    USERS.c.session_token == bindparam("token")
)
BY_ID = select(USERS.c.session_token).where(USERS.c.id == bindparam("user_id"))
EXERCISES, VERSIONS = Exercise.__table__, ExerciseVersion.__table__
ITEM = (
    select(EXERCISES.c.id, EXERCISES.c.current_version, VERSIONS.c.id, VERSIONS.c.number)
    .select_from(
        EXERCISES.outerjoin(
            VERSIONS,
            and_(
                VERSIONS.c.id == bindparam("version_id"),
                VERSIONS.c.exercise_id == EXERCISES.c.id,
            ),
        )
    )
    .where(
        EXERCISES.c.uid == bindparam("uid"),
        EXERCISES.c.pool == "practice",
        EXERCISES.c.status == "published",
    )
)


def attempt_values(user_id: int, exercise_id: int, version_id: int | None) -> dict[str, Any]:
    """An attempt row for the posted order, graded as nothing (the floor does not grade)."""
    order = [value for key, value in request.form.items() if key.startswith("order_")]
    return {
        "user_id": user_id,
        "exercise_id": exercise_id,
        "version_id": version_id,
        "kind": "ranking",
        "answer": {"order": order},
        "score": 0.0,
        "criterion_scores": {},
        "critical_errors": 0,
        "result": {},
        "review_status": "none",
        "language": "en",
        "created_at": datetime.now(UTC),
    }


@dataclass
class FloorUser(UserMixin):
    """The signed-in student: the session carries their session token, as the site's does."""

    id: int
    token: str

    def get_id(self) -> str:
        """What Flask-Login keeps in the session cookie."""
        return self.token


def _engine(url: str) -> Engine:
    """The site's pool settings and, on SQLite, the site's own locking (app/sqlite_locks.py).

    A POST takes SQLite's write lock at BEGIN and waits its turn, as the site's do: a read
    snapshot that then writes would otherwise be refused when another worker wrote meanwhile.
    """
    engine = create_engine(url, pool_recycle=1800)
    if engine.dialect.name == "sqlite":
        enable_sqlite_transactions(engine)
    return engine


def create_floor_app() -> Flask:
    """The floor app on ``DATABASE_URL`` with ``SECRET_KEY`` (both from the environment)."""
    app = Flask(__name__)
    app.config.update(SECRET_KEY=os.environ["SECRET_KEY"], WTF_CSRF_TIME_LIMIT=None)
    engine = app.extensions["floor_engine"] = _engine(os.environ["DATABASE_URL"])
    CSRFProtect(app)
    login = LoginManager(app)

    def database() -> Connection:
        """This request's one connection and transaction, as the site has one session."""
        if "floor_connection" not in g:
            g.floor_connection = engine.connect()
        return g.floor_connection

    @app.teardown_request
    def _close(_error: BaseException | None) -> None:
        connection = g.pop("floor_connection", None)
        if connection is not None:
            connection.close()  # rolls back whatever was not committed

    @login.user_loader
    def load_user(token: str) -> FloorUser | None:
        row = database().execute(BY_TOKEN, {"token": token}).first()
        if row is None or not row.is_enabled:
            return None
        return FloorUser(row.id, token)

    @app.get("/enter/<int:user_id>")
    def enter(user_id: int) -> str:
        token = database().execute(BY_ID, {"user_id": user_id}).scalar_one_or_none()
        if token is None:
            abort(404)
        login_user(FloorUser(user_id, token))
        return generate_csrf()

    @app.post("/answer/<int:exercise_id>")
    @login_required
    def answer(exercise_id: int) -> Any:
        version_id = request.form.get("version_id", type=int)
        connection = database()
        values = attempt_values(current_user.id, exercise_id, version_id)
        attempt_id = connection.execute(INSERT_ATTEMPT, values).scalar_one()
        connection.commit()
        return redirect(f"/attempts/{attempt_id}")

    @app.post("/answer-kept/<uid>")
    @login_required
    def answer_kept(uid: str) -> Any:
        version_id = request.form.get("version_id", type=int)
        connection = database()
        item = connection.execute(ITEM, {"uid": uid, "version_id": version_id}).first()
        if item is None or item[2] is None or item[3] != item[1]:
            abort(400)
        locked = connection.execute(
            SUMMARY_FOR_ATTEMPT, {"user_id": current_user.id, "exercise_id": item[0]}
        ).first()
        values = attempt_values(current_user.id, item[0], version_id)
        attempt_id = connection.execute(INSERT_ATTEMPT, values).scalar_one()
        week = monday(values["created_at"])
        upsert_on(connection, [{"user_id": current_user.id, "week": week, "attempts": 1}])
        if locked is not None:
            summary = {
                "row_user_id": current_user.id,
                "pending": 0,
                "practice": locked.practice,
                "last_attempt_id": attempt_id,
                "updated_at": values["created_at"],
            }
            connection.execute(SUMMARY_ADD_ATTEMPT, summary)
        connection.commit()
        return redirect(f"/attempts/{attempt_id}")

    return app
