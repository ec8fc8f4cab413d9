"""Shared fixtures: one migrated database per run, emptied after every test.

``TEST_DATABASE_URL`` picks the engine (PostgreSQL in CI's second run); the default is an SQLite
file in a temporary folder. Emptying tables (rather than rolling back) lets tests exercise real
commits, threads and the live server used by browser tests.
"""

from __future__ import annotations

import contextvars
import copy
import gc
import os
import re
import shutil
import uuid
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

import pytest
from flask import Flask, has_app_context, template_rendered
from flask.testing import FlaskClient, FlaskCliRunner
from itsdangerous import BadData
from sqlalchemy import Table, create_engine, event, select, text

from app import create_app
from app.cli import register_cli
from app.extensions import db
from app.models import Role, User
from app.process_cache import TimedCache

TEST_PASSWORD = "correct-horse-battery"
PRACTICE_DIR = Path(__file__).resolve().parents[1] / "exercises" / "practice"
EXAM_DIR = PRACTICE_DIR.parent / "exam"
CSRF_PATTERN = re.compile(
    r'name="csrf_token" type="hidden" value="([^"]+)"|'
    r'name="csrf_token" value="([^"]+)"'
)


# .ci/run runs the SQLite and PostgreSQL suites side by side: fixed resources (Redis databases,
# gunicorn ports) are chosen per engine so the two runs never share one.
ON_POSTGRESQL = os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql")
RUN_SLOT = 1 if ON_POSTGRESQL else 0


def test_database_url(tmp_dir: Path) -> str:
    """The database this run uses."""
    return os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{tmp_dir / 'test.db'}"


@contextmanager
def private_postgres_database(url: str) -> Iterator[str]:
    """A database of its own for this run, so parallel runs on one server never collide."""
    name = f"school_test_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield url.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def make_test_app(url: str, instance: Path, **overrides: Any) -> Flask:
    """An app configured for tests: fast password hashing, temporary instance folder."""
    config = {
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": url,
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
        "SECRET_KEY": "test-secret-key-that-is-long-enough-000",
        "KEYS_DIR": str(instance / "keys"),
        "MAIL_OUTBOX": str(instance / "outbox"),
        "RATELIMIT_ENABLED": False,
        "SERVER_NAME": None,
    }
    config.update(overrides)
    return create_app(config)


class FakeClock:
    """Monotonic seconds that move only when a test says so (for per-process caches' TTLs)."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now


@contextmanager
def second_worker(
    app: Flask, instance: Path, clocked: Callable[[Flask], Any] | None = None
) -> Iterator[tuple[Flask, FakeClock]]:
    """Another app on the same database, as a second gunicorn worker would be, with a clock.

    ``clocked`` finds one of that app's per-process caches, which then runs on the fake clock.

    What the worker made and dropped is collected when the block ends, not in a later test's
    warning check. Everything older is frozen meanwhile, so that collection walks only what was
    made since: over the whole run's heap it cost about 0.55 s a test. When something else has
    already frozen objects, this leaves them as they are (app/collector.py's rule).
    """
    freezing = not gc.get_freeze_count()
    if freezing:
        gc.freeze()
    try:
        application = make_test_app(app.config["SQLALCHEMY_DATABASE_URI"], instance)
        application.test_client_class = CSRFClient
        clock = FakeClock()
        if clocked is not None:
            cache = clocked(application)
            assert cache is not None, "that cache is switched off in this app"
            cache.clock = clock
        try:
            yield application, clock
        finally:
            with application.app_context():
                db.session.remove()
                db.engine.dispose()
            gc.collect()
    finally:
        if freezing:
            gc.unfreeze()


def carry_session(source: FlaskClient, target: FlaskClient) -> None:
    """The browser's session cookie, as it arrives at whichever worker serves the next request."""
    name = source.application.config["SESSION_COOKIE_NAME"]
    cookie = source.get_cookie(name)
    assert cookie is not None
    target.set_cookie(name, cookie.value)


@contextmanager
def templates_rendered(application: Flask) -> Iterator[list[str]]:
    """The names of the templates rendered inside the block (a cached fragment renders none)."""
    names: list[str] = []

    def record(_sender: Flask, template: Any, context: Any, **_extra: Any) -> None:
        names.append(template.name)

    template_rendered.connect(record, application)
    try:
        yield names
    finally:
        template_rendered.disconnect(record, application)


def csrf_token_in(page: str) -> str:
    """The first CSRF token a page's forms carry."""
    match = CSRF_PATTERN.search(page)
    assert match is not None, "the page has no form with a CSRF token"
    return match.group(1) or match.group(2)


def signed_in_browser(app: Flask, user: User) -> FlaskClient:
    """A browser of its own (another reader beside ``client``), signed in through the login form."""
    app.test_client_class = CSRFClient
    browser = app.test_client()
    response = browser.post("/auth/login", data={"email": user.email, "password": TEST_PASSWORD})
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    return browser


COUNTED_STATEMENTS = ("SELECT", "INSERT", "UPDATE", "DELETE", "WITH")


@contextmanager
def recorded_statements(kinds: tuple[str, ...] = COUNTED_STATEMENTS) -> Iterator[list[str]]:
    """The SQL statements of these kinds the engine runs inside the block (no BEGIN/COMMIT)."""
    seen: list[str] = []

    def before(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.lstrip().upper().startswith(kinds):
            seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", before)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", before)


@contextmanager
def migrated_app(tmp_dir: Path, **overrides: Any) -> Iterator[Flask]:
    """An app on a database of its own (SQLite file or private PostgreSQL), migrated to head."""
    from flask_migrate import upgrade

    url = test_database_url(tmp_dir)
    with ExitStack() as stack:
        if url.startswith("postgresql"):
            url = stack.enter_context(private_postgres_database(url))
        application = make_test_app(url, tmp_dir, **overrides)
        application.test_client_class = CSRFClient
        with application.app_context():
            upgrade()
        yield application
        with application.app_context():
            db.engine.dispose()


@pytest.fixture(scope="session")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    """The application, with the schema built by the real migrations once per run."""
    with migrated_app(tmp_path_factory.mktemp("school")) as application:
        yield application


def copy_bank(tmp_path: Path, patterns: tuple[str, ...] = ("*",)) -> tuple[Path, Path]:
    """A private copy of the real bank's item files matching ``patterns``, to edit or break."""
    practice, exam = tmp_path / "practice", tmp_path / "exam"
    for source, target in ((PRACTICE_DIR, practice), (EXAM_DIR, exam)):
        target.mkdir()
        for pattern in patterns:
            for path in source.glob(f"{pattern}.yaml"):
                shutil.copy(path, target / path.name)
    assert list(practice.glob("*.yaml")) and list(exam.glob("*.yaml"))
    return practice, exam


def empty_all_tables() -> None:
    """Delete every row so the next test starts clean (DELETE is far faster than TRUNCATE here).

    PostgreSQL takes the two dozen DELETEs as one script: one round trip instead of one each
    (7.6 → 2 ms a test). SQLite runs one statement per call.
    """
    db.session.rollback()
    tables = list(reversed(db.metadata.sorted_tables))
    if db.engine.dialect.name == "postgresql":
        quote = db.engine.dialect.identifier_preparer.format_table
        script = "; ".join(f"DELETE FROM {quote(t)}" for t in tables)  # noqa: S608 - our names
        db.session.execute(text(script))
    else:
        for table in tables:
            db.session.execute(table.delete())
    db.session.commit()


@pytest.fixture(autouse=True)
def _app_context(request: pytest.FixtureRequest) -> Iterator[None]:
    """Tests that use the app run inside its context and leave no rows behind."""
    if "app" not in request.fixturenames:
        yield
        return
    application: Flask = request.getfixturevalue("app")
    with application.app_context():
        yield
        db.session.remove()
        empty_all_tables()
        db.session.remove()


class CSRFClient(FlaskClient):
    """A test client that sends the session's CSRF token with every form POST.

    Pass ``csrf=False`` to send a POST without it (to test that it is refused).
    """

    _token: str | None = None
    _token_secret: str | None = None

    def csrf_token(self) -> str:
        """The token bound to this client's session, as a browser holds it from its last page.

        A page is fetched only when the session's CSRF secret has changed since: fetching one
        before every POST was 9 % of the time of the exams, security and studio tests.
        """
        secret = self._session_csrf_secret()
        if secret is not None and secret == self._token_secret:
            assert self._token is not None
            return self._token
        match = None
        for page in ("/", "/auth/login"):
            match = CSRF_PATTERN.search(self.get(page).get_data(as_text=True))
            if match is not None:
                break
        assert match is not None, "no CSRF token found"
        self._token = match.group(1) or match.group(2)
        self._token_secret = self._session_csrf_secret()
        return self._token

    def _session_csrf_secret(self) -> str | None:
        """The raw CSRF secret in this client's session cookie (None without one)."""
        application = self.application
        cookie = self.get_cookie(application.config["SESSION_COOKIE_NAME"])
        if cookie is None:
            return None
        serializer = application.session_interface.get_signing_serializer(application)
        try:
            session = serializer.loads(cookie.value)
        except BadData:  # a cookie a test forged or damaged: fetch a page as before
            return None
        return session.get(application.config.get("WTF_CSRF_FIELD_NAME", "csrf_token"))

    def open(self, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        """Run each request in a fresh context, as a real server would.

        The tests hold an app context open; without this, requests would share its ``g``
        (and so Flask-Login's cached user) and its database session.
        """
        if has_app_context():  # a redirect being followed is already in the fresh context
            db.session.commit()
        return contextvars.Context().run(super().open, *args, **kwargs)

    def post(self, *args: Any, csrf: bool = True, **kwargs: Any) -> Any:  # type: ignore[override]
        """POST, adding the CSRF token to form data or as a header for JSON."""
        if csrf:
            token = self.csrf_token()
            if "json" in kwargs:
                kwargs.setdefault("headers", {})["X-CSRFToken"] = token
            else:
                data = dict(kwargs.get("data") or {})
                data.setdefault("csrf_token", token)
                kwargs["data"] = data
        return super().post(*args, **kwargs)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """A browser-like client with CSRF tokens handled."""
    app.test_client_class = CSRFClient
    return app.test_client()


class CommittingCliRunner(FlaskCliRunner):
    """Ends the test's own transaction before a command runs, as a separate process would see."""

    def invoke(self, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        """Commit, then run the command."""
        db.session.commit()
        return super().invoke(*args, **kwargs)


@pytest.fixture
def runner(app: Flask) -> Any:
    """The CLI runner, with the school's commands (``school`` adds them; create_app does not)."""
    register_cli(app)
    app.test_cli_runner_class = CommittingCliRunner
    return app.test_cli_runner()


def user_factory(app: Flask, prefix: str = "user") -> Callable[..., User]:
    """A function that creates and commits a user, each with a unique ``prefix``-ed email unless
    one is given (a second prefix keeps two factories' addresses apart)."""
    counter = {"n": 0}

    def factory(
        role: Role = Role.STUDENT,
        email: str | None = None,
        display_name: str = "Test Person",
        password: str = TEST_PASSWORD,
    ) -> User:
        counter["n"] += 1
        user = User(
            email=email or f"{prefix}{counter['n']}-{role.value}@example.org",
            display_name=display_name,
            role=role.value,
        )
        user.set_password(password, app.config["PASSWORD_HASH_METHOD"])
        db.session.add(user)
        db.session.commit()
        return user

    return factory


@pytest.fixture
def make_user(app: Flask) -> Callable[..., User]:
    """Create and commit a user; each call gets a unique email unless one is given."""
    return user_factory(app)


@pytest.fixture
def login(client: CSRFClient) -> Callable[[User], Any]:
    """Sign a user in through the real login form."""

    def do_login(user: User, password: str = TEST_PASSWORD, remember: bool = False) -> Any:
        data = {"email": user.email, "password": password}
        if remember:
            data["remember"] = "y"
        response = client.post("/auth/login", data=data)
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        return response

    return do_login


@pytest.fixture
def student(make_user: Callable[..., User], login: Callable[[User], Any]) -> User:
    """A signed-in student."""
    user = make_user(Role.STUDENT, display_name="Sam Student")
    login(user)
    return user


@pytest.fixture
def instructor(make_user: Callable[..., User], login: Callable[[User], Any]) -> User:
    """A signed-in instructor."""
    user = make_user(Role.INSTRUCTOR, display_name="Ira Instructor")
    login(user)
    return user


@pytest.fixture
def admin(make_user: Callable[..., User], login: Callable[[User], Any]) -> User:
    """A signed-in admin."""
    user = make_user(Role.ADMIN, display_name="Ada Admin")
    login(user)
    return user


@pytest.fixture
def make_exercise(app: Flask) -> Callable[..., Any]:
    """Store a bank item (a file-format mapping that passes ``graders.validate_item``).

    Returns the ``SaveOutcome`` (``.exercise``, ``.version``); committed.
    """
    from app.services.practice.exercise_bank import save_item

    def factory(
        data: dict[str, Any],
        pool: str = "practice",
        status: str = "published",
        source: str = "file",
    ) -> Any:
        outcome = save_item(data, pool, source=source, status=status)
        db.session.commit()
        return outcome

    return factory


@pytest.fixture
def scratch_url(tmp_path: Path) -> Iterator[str]:
    """A throwaway database on this run's engine; migration tests leave the shared one at head."""
    base = os.environ.get("TEST_DATABASE_URL")
    if not base or not base.startswith("postgresql"):
        yield f"sqlite:///{tmp_path / 'scratch.db'}"
        return
    name = f"scratch_{uuid.uuid4().hex[:10]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield base.rsplit("/", 1)[0] + f"/{name}"
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    admin.dispose()


# What the first real sync of the run wrote, per database: (report, rows per table).
_SYNCED_ROWS: dict[str, tuple[Any, dict[Table, list[dict[str, Any]]]]] = {}


def _all_rows() -> dict[Table, list[dict[str, Any]]]:
    """Every row of every table, as plain mappings."""
    return {
        table: [dict(row) for row in db.session.execute(select(table)).mappings()]
        for table in db.metadata.sorted_tables
    }


def _restore(rows: dict[Table, list[dict[str, Any]]], app: Any) -> None:
    """Insert the kept rows (parents first) and empty the per-process caches.

    The inserts bypass the ORM, so no flush tells the caches their rows changed; an earlier test
    may have cached the same item under ids that no longer exist.
    """
    for table in db.metadata.sorted_tables:
        if rows.get(table):
            db.session.execute(table.insert(), rows[table])
    db.session.commit()
    for extension in app.extensions.values():
        if isinstance(extension, TimedCache):
            extension.clear()


@pytest.fixture
def synced_bank(app: Any) -> Any:
    """The real bank (both pools) synced into the database and committed.

    The first test of a run syncs for real (seven seconds: 700 items checked and rendered) and
    keeps the rows it wrote; later tests insert those rows again. Ids repeat, which is safe: the
    sequences issued them earlier in this run, so they have moved past them, and every table is
    emptied after each test. When the sync touched a table that already held rows, nothing is
    kept and every test syncs for real.
    """
    from app.services.practice.bank_sync import sync_bank

    url = app.config["SQLALCHEMY_DATABASE_URI"]
    if url in _SYNCED_ROWS:
        report, rows = _SYNCED_ROWS[url]
        _restore(rows, app)
        return copy.deepcopy(report)
    before = _all_rows()
    report = sync_bank(PRACTICE_DIR, EXAM_DIR)
    db.session.commit()
    written = {table: found for table, found in _all_rows().items() if found != before[table]}
    if all(not before[table] for table in written):
        _SYNCED_ROWS[url] = (copy.deepcopy(report), written)
    return report
