"""The lesson page is kept as a shell per look; each reader's own parts are filled in per view.

What is the reader's own (their name, CSRF token, quiz with its result and gold, completion
state, a pending flash message) must never be kept in the shell that serves the next reader.
"""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from app.lesson_cache import EXTENSION
from app.models import Role, User
from tests.conftest import csrf_token_in, signed_in_browser, templates_rendered
from tests.learn.conftest import quiz_form
from tests.learn.test_lesson_cache import FIRST, lesson

SHELL_TEMPLATE = "learn/lesson.html"


def reader(app: Flask, make_user, name: str, role: Role = Role.STUDENT) -> tuple[User, FlaskClient]:
    """A signed-in reader who has seen the page once (that view shows the sign-in's flash)."""
    user = make_user(role, display_name=name)
    browser = signed_in_browser(app, user)
    browser.get(FIRST)
    return user, browser


def test_a_second_reader_is_served_the_kept_shell_with_their_own_name_and_token(
    app, mini_synced, make_user
):
    _ada, ada = reader(app, make_user, "Ada Shellreader")
    ada_page = ada.get(FIRST).text
    _bo, bo = reader(app, make_user, "Bo Otherreader")
    with templates_rendered(app) as rendered:
        bo_page = bo.get(FIRST).text
    assert SHELL_TEMPLATE not in rendered
    assert "Bo Otherreader" in bo_page and "Ada Shellreader" not in bo_page
    assert "Ada Shellreader" in ada_page
    assert csrf_token_in(bo_page) != csrf_token_in(ada_page)
    assert "\x00" not in bo_page
    response = bo.post(
        f"{FIRST}/complete", data={"csrf_token": csrf_token_in(bo_page)}, csrf=False
    )
    assert response.status_code != 400  # the filled-in token is Bo's own and valid


def test_the_shell_gives_the_page_a_full_render_would(app, mini_synced, make_user):
    _user, browser = reader(app, make_user, "Cy Samepage")
    from_shell = browser.get(FIRST).text
    kept = app.extensions.pop(EXTENSION)
    try:
        with templates_rendered(app) as rendered:
            in_full = browser.get(FIRST).text
    finally:
        app.extensions[EXTENSION] = kept
    assert SHELL_TEMPLATE in rendered
    assert from_shell == in_full


def test_one_readers_quiz_result_and_gold_never_reach_the_next(app, mini_synced, make_user):
    ada_user, ada = reader(app, make_user, "Ada Quizzer")
    data = quiz_form(ada_user, lesson("first-steps"))
    data["csrf_token"] = csrf_token_in(ada.get(FIRST).text)
    assert ada.post(f"{FIRST}/quiz", data=data, csrf=False).status_code == 302
    ada_page = ada.get(FIRST).text  # the result, with the flash: a full render
    assert "GOLD-EXPLANATION-safe-first" in ada_page
    assert "GOLD-EXPLANATION-safe-first" in ada.get(FIRST).text  # and again from the shell
    _bo, bo = reader(app, make_user, "Bo Fresh")
    bo_page = bo.get(FIRST).text
    assert "GOLD-EXPLANATION" not in bo_page and "You answered" not in bo_page
    assert "Mark complete" not in ada.get(FIRST).text  # Ada passed, so her lesson is complete
    assert "You completed this lesson on" not in bo_page


def test_a_pending_flash_is_shown_to_its_reader_only(app, mini_synced, make_user):
    _ada, ada = reader(app, make_user, "Ada Flashed")
    with ada.session_transaction() as session:
        session["_flashes"] = [("info", "A message for Ada alone")]
    with templates_rendered(app) as rendered:
        ada_page = ada.get(FIRST).text
    assert SHELL_TEMPLATE in rendered and "A message for Ada alone" in ada_page
    _bo, bo = reader(app, make_user, "Bo Unflashed")
    assert "A message for Ada alone" not in bo.get(FIRST).text
    assert "A message for Ada alone" not in ada.get(FIRST).text  # shown once


def test_instructors_and_students_get_shells_of_their_own(app, mini_synced, make_user):
    _teacher, teacher = reader(app, make_user, "Tea Cher", Role.INSTRUCTOR)
    _student, student = reader(app, make_user, "Stu Dent")
    assert "Edit lesson" in teacher.get(FIRST).text
    assert "Edit lesson" not in student.get(FIRST).text
    assert "Edit lesson" in teacher.get(FIRST).text
