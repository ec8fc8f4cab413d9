"""Preparing wrk's request files: real sign-ins, session cookies, CSRF tokens, page addresses."""

from __future__ import annotations

import random
import re
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from http.cookiejar import CookieJar
from pathlib import Path
from typing import Any

from bench_server import HOST, USER_AGENT
from sqlalchemy import func, select

from app.extensions import db
from app.models import Attempt, Certificate, Course, Exercise, ExerciseVersion, Lesson, User
from app.seed_scale.run import INSTRUCTOR_EMAIL, SCALE_PASSWORD, STUDENT_EMAIL

TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"')


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Keep 302 responses: a sign-in answers with one and sets the session cookie."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        """Never follow."""
        return None


@dataclass
class Browser:
    """A cookie-keeping client for one account, talking to the loopback server."""

    port: int
    jar: CookieJar = field(default_factory=CookieJar)

    def open(self, path: str, form: dict[str, str] | None = None) -> tuple[int, str]:
        """GET (or POST ``form``) and return the status and body."""
        opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect()
        )
        data = urllib.parse.urlencode(form).encode() if form is not None else None
        request = urllib.request.Request(
            f"http://{HOST}:{self.port}{path}", data=data, headers={"User-Agent": USER_AGENT}
        )
        try:
            with opener.open(request, timeout=60) as response:  # noqa: S310 - loopback only
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def token(self, path: str) -> str:
        """The CSRF token of the form on ``path`` (bound to this session)."""
        status, body = self.open(path)
        match = TOKEN.search(body)
        if status != 200 or match is None:
            raise RuntimeError(f"no CSRF token on {path} (status {status})")
        return match.group(1) or match.group(2)

    def sign_in(self, email: str) -> None:
        """Sign in through the real form, then read one page so the welcome flash is spent."""
        token = self.token("/auth/login")
        status, _body = self.open(
            "/auth/login", {"email": email, "password": SCALE_PASSWORD, "csrf_token": token}
        )
        if status != 302:
            raise RuntimeError(f"sign-in as {email} answered {status}")
        self.open("/courses/")

    @property
    def cookie(self) -> str:
        """The Cookie header this session sends."""
        return "; ".join(f"{c.name}={c.value}" for c in self.jar)


def sign_in_many(port: int, emails: list[str]) -> list[Browser]:
    """One signed-in browser per email."""
    browsers = []
    for email in emails:
        browser = Browser(port)
        browser.sign_in(email)
        browsers.append(browser)
    return browsers


def student_emails(count: int, seed: int = 7) -> list[str]:
    """A spread of seeded students (different amounts of data each)."""
    total = db.session.scalar(select(func.count()).where(User.email.like("scale-student-%")))
    if not total:
        raise RuntimeError("no seed-scale students: run `school seed-scale` first")
    picks = random.Random(seed).sample(range(1, total + 1), min(count, total))
    return [STUDENT_EMAIL.format(n) for n in picks]


def instructor_emails(count: int) -> list[str]:
    """The first seeded instructors."""
    return [INSTRUCTOR_EMAIL.format(n) for n in range(1, count + 1)]


def lesson_paths(count: int = 8) -> list[str]:
    """Lessons of the first course, spread along it."""
    rows = db.session.execute(
        select(Course.slug, Lesson.slug)
        .join(Lesson, Lesson.course_id == Course.id)
        .where(Lesson.is_published.is_(True))
        .order_by(Course.level, Course.id, Lesson.position)
    ).all()
    step = max(1, len(rows) // count)
    return [f"/courses/{course}/{lesson}" for course, lesson in rows[::step][:count]]


def practice_items(kind: str | None = None, count: int = 12) -> list[tuple[str, int, list[str]]]:
    """Published practice items: uid, current version id and answer keys."""
    stmt = (
        select(Exercise.uid, ExerciseVersion)
        .join(ExerciseVersion, ExerciseVersion.exercise_id == Exercise.id)
        .where(
            Exercise.pool == "practice",
            Exercise.status == "published",
            ExerciseVersion.number == Exercise.current_version,
        )
        .order_by(Exercise.uid)
    )
    if kind is not None:
        stmt = stmt.where(Exercise.kind == kind)
    rows = db.session.execute(stmt).all()
    step = max(1, len(rows) // count)
    return [(uid, v.id, [a.key for a in v.answers]) for uid, v in rows[::step][:count]]


def certificate_codes(count: int = 500) -> list[str]:
    """Codes of seeded certificates (valid, expired and revoked alike)."""
    return list(db.session.scalars(select(Certificate.code).order_by(Certificate.id).limit(count)))


def busiest_exercises(count: int = 4) -> list[int]:
    """Practice items with the most attempts (the analytics page's worst case)."""
    stmt = (
        select(Attempt.exercise_id)
        .group_by(Attempt.exercise_id)
        .order_by(func.count().desc(), Attempt.exercise_id)
        .limit(count)
    )
    return list(db.session.scalars(stmt))


def write_requests(path: Path, lines: list[tuple[str, str, str, str]]) -> Path:
    """Write METHOD, PATH, COOKIE, BODY per line for benchmarks/wrk/common.lua."""
    path.write_text("".join("\t".join(line) + "\n" for line in lines))
    return path


def ranking_posts(
    browsers: list[Browser], items: list[tuple[str, int, list[str]]], seed: int = 11
) -> list[tuple[str, str, str, str]]:
    """Submissions of varied orders; each carries its own session's CSRF token."""
    rng, lines = random.Random(seed), []
    for browser in browsers:
        token = browser.token(f"/practice/{items[0][0]}")
        for uid, version_id, keys in items:
            for _ in range(4):
                order = rng.sample(keys, len(keys))
                form = {"csrf_token": token, "version_id": str(version_id)}
                form.update({f"order_{i}": key for i, key in enumerate(order, start=1)})
                lines.append(
                    ("POST", f"/practice/{uid}", browser.cookie, urllib.parse.urlencode(form))
                )
    rng.shuffle(lines)
    return lines
