"""The course loader reads files into frozen dataclasses and names file and line on errors."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from app.content import ContentError, load_courses, parse_quiz_yaml

LESSON = "ai-trainer-foundations/02-second-steps.md"


def rewrite(root: Path, name: str, old: str, new: str) -> None:
    """Replace one snippet in a course file (it must be there)."""
    path = root / "ai-trainer-foundations" / name
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def error_for(root: Path) -> ContentError:
    """The ContentError the loader raises for ``root``."""
    with pytest.raises(ContentError) as caught:
        load_courses(root)
    return caught.value


def test_loads_course_modules_lessons_and_quiz(mini_courses):
    (course,) = load_courses(mini_courses)
    assert course.slug == "ai-trainer-foundations" and course.level == "foundation"
    assert [m.slug for m in course.modules] == ["basics", "ranking"]
    assert [lesson.order for lesson in course.lessons] == [1, 2, 3]
    lesson = course.lessons[0]
    assert lesson.objectives == ("Explain one thing.", "Apply another.")
    assert lesson.criteria == ("ethics", "accuracy")
    assert lesson.quiz[1].multiple and [o.correct for o in lesson.quiz[1].options] == [
        True,
        False,
        True,
    ]
    assert lesson.body.startswith("## Why first-steps matters")
    assert len(lesson.source_hash) == 64
    with pytest.raises(dataclasses.FrozenInstanceError):
        lesson.title = "changed"  # type: ignore[misc]


def test_bad_yaml_reports_the_line(mini_courses):
    rewrite(mini_courses, "02-second-steps.md", "minutes: 7\n", "minutes: [7\n")
    error = error_for(mini_courses)
    assert error.path == f"courses/{LESSON}"
    assert error.line is not None and 6 <= error.line <= 8
    assert "invalid YAML" in error.reason
    assert str(error).startswith(f"courses/{LESSON}:{error.line}: ")


def test_missing_front_matter_key_reports_the_front_matter_start(mini_courses):
    rewrite(mini_courses, "02-second-steps.md", "minutes: 7\n", "")
    error = error_for(mini_courses)
    assert (error.line, error.reason) == (1, "the front matter has no 'minutes'")


def test_missing_explanation_reports_the_option_line(mini_courses):
    rewrite(
        mini_courses,
        "02-second-steps.md",
        "        explanation: GOLD-EXPLANATION-polite\n",
        "",
    )
    error = error_for(mini_courses)
    text = (mini_courses / LESSON).read_text().splitlines()
    assert text[error.line - 1].strip() == "- text: A polite tone."
    assert error.reason == "quiz[1].options[1] has no 'explanation'"


def test_two_correct_options_in_single_choice_question(mini_courses):
    rewrite(
        mini_courses,
        "03-ranking-basics.md",
        "        correct: false\n        explanation: GOLD-EXPLANATION-dosing-harmful",
        "        correct: true\n        explanation: GOLD-EXPLANATION-dosing-harmful",
    )
    error = error_for(mini_courses)
    assert error.path.endswith("03-ranking-basics.md")
    assert "quiz[0] is single-choice" in error.reason and "marks 2 options correct" in error.reason
    lines = (mini_courses / "ai-trainer-foundations/03-ranking-basics.md").read_text().splitlines()
    assert lines[error.line - 1] == "  - question: Which answer ranks first?"


@pytest.mark.parametrize(
    ("old", "new", "reason"),
    [
        ("module: basics", "module: nowhere", "module 'nowhere' is not in course.yaml"),
        ("order: 2", "order: 3", "order 3 must equal the file's NN"),
        ("slug: second-steps", "slug: other", "slug 'other' must equal the file name after NN-"),
        ("minutes: 7", "minutes: 0", "minutes must be a whole number ≥ 1"),
        ("[ethics, accuracy]", "[ethics, kindness]", "criteria[1] is 'kindness'"),
        ("title: Lesson second-steps", "titel: x", "unknown key 'titel'"),
        ("  - Apply another.\n", "", "objectives must have 2–4 entries, not 1"),
        ("multiple: true", "multiple: yes please", "quiz[1].multiple must be true or false"),
        ("minutes: 7\n", "minutes: 7\nminutes: 8\n", "the key 'minutes' appears twice"),
    ],
)
def test_front_matter_rules(mini_courses, old, new, reason):
    rewrite(mini_courses, "02-second-steps.md", old, new)
    error = error_for(mini_courses)
    assert error.path == f"courses/{LESSON}"
    assert reason in error.reason


def test_quiz_question_count_is_checked(mini_courses):
    path = mini_courses / LESSON
    text = path.read_text()
    start = text.index("  - question: Which are ethics problems?")
    end = text.index("---\n", start)
    path.write_text(text[:end] + text[start:end] * 3 + text[end:])
    assert "quiz must have 2–4 entries, not 5" in error_for(mini_courses).reason


def test_course_yaml_rules(mini_courses):
    course_yaml = mini_courses / "ai-trainer-foundations" / "course.yaml"
    course_yaml.write_text(course_yaml.read_text().replace('"2026.1"', "2026.1"))
    error = error_for(mini_courses)
    assert error.path == "courses/ai-trainer-foundations/course.yaml" and error.line == 6
    assert "guidelines_version must be quoted" in error.reason


def test_duplicate_order_and_missing_course_yaml(mini_courses):
    folder = mini_courses / "ai-trainer-foundations"
    (folder / "02-extra-lesson.md").write_text(
        (folder / "02-second-steps.md")
        .read_text()
        .replace("slug: second-steps", "slug: extra-lesson")
    )
    assert "order 2 is used twice" in error_for(mini_courses).reason
    (folder / "02-extra-lesson.md").unlink()
    (mini_courses / "empty-course").mkdir()
    assert error_for(mini_courses).reason == "the course folder has no course.yaml"


def test_missing_front_matter_fence(mini_courses):
    (mini_courses / LESSON).write_text("# no front matter\n")
    error = error_for(mini_courses)
    assert error.line == 1 and "must start with a '---'" in error.reason


def test_quiz_yaml_validator_shared_with_edit_form():
    good = (
        "- question: Q?\n  multiple: false\n  options:\n"
        "    - {text: a, correct: true, explanation: why a}\n"
        "    - {text: b, correct: false, explanation: why b}\n"
    )
    quiz = parse_quiz_yaml(good * 2)
    assert len(quiz) == 2 and quiz[0].options[0].explanation == "why a"
    with pytest.raises(ContentError) as caught:
        parse_quiz_yaml(good + good.replace(", explanation: why b", ""))
    assert caught.value.line == 10
    assert caught.value.reason == "quiz[1].options[1] has no 'explanation'"
