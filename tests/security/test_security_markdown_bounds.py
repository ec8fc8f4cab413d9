"""Probe finding 4: no Markdown can stall a worker.

python-markdown's inline patterns rescan the rest of a block at every ``[`` and ``<``, so these
inputs took from seconds to minutes. Each one must now be refused before rendering (a 400 with a
reason in the preview, a form error in the editor) or render within the renderer's bounds.
Nothing here measures time: the refusals are decided before the converter runs, and the time
limit is shown to interrupt a render by giving it a tiny budget.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from app.models import Role
from app.services.common import markdown_render
from app.services.common.markdown_render import (
    MAX_MARKDOWN_CHARS,
    MarkdownTooComplex,
    check_markdown,
    render_markdown,
    render_markdown_strict,
)

PATHOLOGICAL = {
    "open brackets": "[" * 100_000,
    "unclosed links": "[a](" * 30_000,
    "nested divs": "<div>" * 40_000,
    "image openers": "![" * 20_000,
    "autolink openers": "<http://" * 10_000,
    "unclosed tags": "<a " * 20_000,
    "unclosed attributes": '<a href="' * 10_000,
    "nested lists": "- " * 20_000 + "x",
    "nested quotes": ">" * 20_000 + "x",
    "deep indentation": "    " * 5_000 + "x",
    "too long": "word " * (MAX_MARKDOWN_CHARS // 5 + 1),
}


@pytest.mark.parametrize("text", PATHOLOGICAL.values(), ids=PATHOLOGICAL.keys())
def test_pathological_text_is_refused_before_rendering(
    text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def never(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the converter must not run")

    monkeypatch.setattr(markdown_render, "new_converter", never)
    with pytest.raises(MarkdownTooComplex):
        render_markdown_strict(text)
    fallback = render_markdown(text)  # pages that must show something show plain text
    assert fallback.html.startswith("<p>") and "<div>" not in fallback.html


def test_ordinary_lessons_pass_the_check() -> None:
    lesson = "## Ranking\n\nSee [the guide](https://example.org) and <em>this</em>.\n\n" * 200
    check_markdown(lesson)
    assert "<h2" in render_markdown_strict(lesson).html


def test_the_time_limit_interrupts_a_slow_render(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(markdown_render, "RENDER_SECONDS", 0.000_001)
    with pytest.raises(MarkdownTooComplex, match="too long to render"):
        render_markdown_strict("[" * 900)  # allowed by the pre-check, but not instant


@pytest.mark.parametrize("text", PATHOLOGICAL.values(), ids=PATHOLOGICAL.keys())
def test_the_preview_answers_400_with_a_reason(
    client, make_user: Callable, login: Callable, text: str
) -> None:
    login(make_user(Role.INSTRUCTOR))
    response = client.post("/courses/preview", json={"markdown": text})
    assert response.status_code == 400
    assert response.json["reason"]


def test_the_lesson_form_refuses_it_with_a_reason(app) -> None:
    from app.learn.forms import LessonEditForm

    data = {"title": "T", "minutes": "5", "body": "[" * 5_000, "quiz": "x"}
    with app.test_request_context("/", method="POST", data=data):
        form = LessonEditForm(meta={"csrf": False})
        assert not form.validate()
        assert any("more than 1,000" in str(error) for error in form.body.errors)
