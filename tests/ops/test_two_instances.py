"""Two app instances behind one (imaginary) load balancer, sharing PostgreSQL and Redis.

Each instance is a real gunicorn process on loopback (ports 5243 and 5244) with the same secret
key. Requests alternate between them; one is killed
(SIGKILL) in the middle of a student's exam and the student goes on from the other. Rate limits
and lockout counts must be shared, and a revocation made through one instance must show on the
other.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack
from datetime import timedelta
from pathlib import Path
from typing import IO

import pytest
from flask import Flask

from app.config import REPO_ROOT
from app.extensions import db
from app.models import ExamItem, ExamSession, Role, User, utcnow
from app.services.certification.certificates import issue_award
from app.services.practice.exercise_bank import save_item, version_to_dict
from tests.conftest import RUN_SLOT, TEST_PASSWORD
from tests.ops.browser import Browser
from tests.security.items import gold_response, sample
from tests.security.test_security_concurrency import stored_items
from tests.security.world import BLUEPRINT_SLUG, small_form_snapshot

REDIS_URI = f"redis://127.0.0.1:6379/{4 + RUN_SLOT}"
PORTS = (5241 + 2 * RUN_SLOT, 5242 + 2 * RUN_SLOT)
SECRET = "two-instances-share-this-secret-key-0123456789"
QUESTIONS = 6


def redis_is_up() -> bool:
    """Whether the shared Redis answers."""
    try:
        import redis

        return bool(redis.Redis.from_url(REDIS_URI, socket_connect_timeout=1).ping())
    except Exception:  # noqa: BLE001 - any failure means "not available"
        return False


pytestmark = [
    pytest.mark.slow,
    pytest.mark.postgres_only,
    pytest.mark.skipif(
        not os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql"),
        reason="two instances share PostgreSQL (TEST_DATABASE_URL)",
    ),
    pytest.mark.skipif(not redis_is_up(), reason="Redis is not running on 127.0.0.1:6379"),
]


def wait_ready(port: int, process: subprocess.Popen, log: Path, seconds: float = 40) -> None:
    """Poll /readyz until the instance answers 200 (bounded)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert process.poll() is None, f"instance on {port} exited: {log.read_text()[-2000:]}"
        try:
            if Browser(f"http://127.0.0.1:{port}").get("/readyz")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise AssertionError(f"instance on {port} never became ready")


@pytest.fixture
def instances(app: Flask, tmp_path: Path) -> Iterator[dict[int, subprocess.Popen]]:
    """Two gunicorn processes on the test database and Redis db 4; stopped afterwards."""
    import redis

    redis.Redis.from_url(REDIS_URI).flushdb()
    env = {
        **os.environ,
        "SCHOOL_ENV": "development",
        "SECRET_KEY": SECRET,
        "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "RATELIMIT_STORAGE_URI": REDIS_URI,
        "KEYS_DIR": str(tmp_path / "keys"),
        "MAIL_OUTBOX": str(tmp_path / "outbox"),
    }
    db.session.commit()
    started: dict[int, subprocess.Popen] = {}
    with ExitStack() as logs:
        try:
            for port in PORTS:
                log = logs.enter_context((tmp_path / f"{port}.log").open("w"))
                started[port] = start_instance(port, env, log)
            for port, process in started.items():
                wait_ready(port, process, tmp_path / f"{port}.log")
            yield started
        finally:
            stop(started.values())
    redis.Redis.from_url(REDIS_URI).flushdb()


def start_instance(port: int, env: dict[str, str], log: IO[str]) -> subprocess.Popen:
    """One gunicorn (one worker) with the repository's gunicorn.conf.py."""
    command = [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "-w", "1",
               "-b", f"127.0.0.1:{port}"]  # fmt: skip
    return subprocess.Popen(  # noqa: S603 - our own gunicorn, fixed arguments
        command, cwd=REPO_ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log,
        start_new_session=True,  # its own process group: master and workers die together
    )  # fmt: skip


def stop(processes: Iterable[subprocess.Popen]) -> None:
    """Terminate what still runs, then kill what will not stop."""
    processes = list(processes)
    for process in processes:
        if process.poll() is None:
            process.terminate()  # gunicorn's master stops its workers gracefully
    for process in processes:
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


def exam_session(student: User, size: int) -> ExamSession:
    """An active session of ranking and pairwise items, as ``start_session`` would draw."""
    from app.services.certification.blueprints import get_blueprint
    from app.services.certification.exam_grading import blueprint_snapshot

    blueprint = get_blueprint(BLUEPRINT_SLUG)
    assert blueprint is not None
    now = utcnow()
    session = ExamSession(
        user_id=student.id, blueprint_slug=BLUEPRINT_SLUG, attempt_number=1, seed=1,
        status="active", started_at=now - timedelta(minutes=1),
        deadline_at=now + timedelta(minutes=59),
        result={"blueprint": small_form_snapshot(blueprint_snapshot(blueprint))},
    )  # fmt: skip
    for position in range(1, size + 1):
        kind = ("ranking", "pairwise")[position % 2]
        exercise = save_item(sample(kind, f"ex-two-{position}"), "exam").exercise
        session.items.append(
            ExamItem(
                position=position,
                section="ranking",
                exercise_id=exercise.id,
                version_id=exercise.versions[0].id,
            )  # fmt: skip
        )
    db.session.add(session)
    db.session.commit()
    return session


def wait_until_refused(browser: Browser, seconds: float = 10) -> None:
    """Until the killed instance's port refuses connections (its worker may take a moment)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            browser.get("/healthz")
        except ConnectionRefusedError:
            return
        except OSError:  # accepted, then reset by a dying worker
            pass
        time.sleep(0.1)
    raise AssertionError("the killed instance still accepts connections")


def browsers(forwarded_for: str | None = None) -> tuple[Browser, Browser]:
    """The same visitor on instance A and instance B (one cookie jar, two addresses)."""
    a = Browser(f"http://127.0.0.1:{PORTS[0]}", forwarded_for)
    b = Browser(f"http://127.0.0.1:{PORTS[1]}", forwarded_for)
    b.cookies = a.cookies  # a load balancer sends the same cookies to either
    return a, b


def test_lockout_counts_are_shared(instances, make_user: Callable) -> None:
    email = make_user().email
    db.session.commit()
    a, b = browsers()
    for browser in (a, b, a, b, a):
        assert browser.login(email, "wrong-password-1") == 200
    db.session.expire_all()
    user = db.session.query(User).filter_by(email=email).one()
    assert user.locked_until is not None, "five failures over two instances lock the account"
    assert b.login(email, TEST_PASSWORD) == 200, "locked on the other instance too"


def test_rate_limits_are_shared(instances) -> None:
    a, b = browsers()
    token = a.csrf_token("/auth/forgot")
    statuses = [
        browser.post_form("/auth/forgot", {"email": "x@example.org"}, token)
        for browser in (a, b, a, b, a, b)
    ]
    assert statuses == [302] * 5 + [429], "the sixth request in a minute is refused anywhere"


def test_a_revocation_shows_on_both_instances(instances, make_user: Callable) -> None:
    holder, admin = make_user(), make_user(Role.ADMIN)
    fields = {"certificate_slug": "lead-trainer", "title": "Lead AI Trainer", "level": "lead",
              "overall_score": 1.0, "guidelines_version": "2026.1",
              "expires_at": utcnow() + timedelta(days=365)}  # fmt: skip
    code = issue_award(holder, fields, admin).code
    admin_email = admin.email
    db.session.commit()
    a, b = browsers()
    # Only A reads the record first: each worker keeps a record for 30 s, so a worker that had
    # read it shows a revocation made elsewhere within that time, not at once (the window is
    # tested with a fake clock in tests/verify/test_verify_cache.py).
    assert '"status":"valid"' in a.get(f"/verify/api/{code}")[2].replace(" ", "")
    assert a.login(admin_email, TEST_PASSWORD) == 302
    token = a.csrf_token("/dashboard")
    reason = {"reason": "Shared exam answers."}
    assert a.post_form(f"/certificates/{code}/revoke", reason, token) == 302
    for browser in (b, a):
        assert '"status":"revoked"' in browser.get(f"/verify/api/{code}")[2].replace(" ", "")


def test_killing_an_instance_mid_exam_loses_no_answer(
    instances: dict[int, subprocess.Popen], make_user: Callable
) -> None:
    student = make_user(Role.STUDENT)
    session = exam_session(student, QUESTIONS)
    session_id, email = session.id, student.email
    answers = {
        p: gold_response(version_to_dict(i.version)) for p, i in stored_items(session_id).items()
    }
    db.session.commit()
    a, b = browsers()
    assert a.login(email, TEST_PASSWORD) == 302
    token = a.csrf_token("/dashboard")
    path = f"/exams/sessions/{session_id}/autosave"
    for position in range(1, QUESTIONS + 1):
        if position == QUESTIONS // 2 + 1:  # halfway: instance A dies without warning
            victim = instances[PORTS[0]]
            os.killpg(victim.pid, signal.SIGKILL)  # the master and its worker, no goodbye
            victim.wait(timeout=10)
            wait_until_refused(a)
        browser = a if position % 2 and position <= QUESTIONS // 2 else b
        status, text = browser.post_json(
            path, {"position": position, "revision": 0, "answer": answers[position]}, token
        )
        assert status == 200, text
    stored = stored_items(session_id)
    lost = [p for p, item in stored.items() if item.answer != answers[p] or item.revision != 1]
    assert lost == [], f"answers lost: {lost}"
    assert b.post_form(f"/exams/sessions/{session_id}/finish", {}, token) == 302
    db.session.expire_all()
    assert db.session.get(ExamSession, session_id).status in {"passed", "failed"}
