"""Language versions of an item: what a translation must carry and how it is read."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from graders import grade, item_from_dict, item_to_dict, student_view, validate_item
from graders.translations import available_languages, localise, shown_language
from tests.graders.translated_items import correction, pairwise


def _messages(data: dict[str, Any]) -> list[str]:
    """Every problem as text."""
    return [str(problem) for problem in validate_item(data)]


@pytest.mark.parametrize("build", [correction, pairwise])
def test_a_complete_translation_is_valid(build: Callable[[], dict[str, Any]]):
    assert _messages(build()) == []


def _drop_answer(data: dict) -> None:
    del data["translations"]["ru"]["answers"]["B"]


def _extra_answer(data: dict) -> None:
    data["translations"]["ru"]["answers"]["C"] = {"text": "x", "note": "y"}


def _empty_note(data: dict) -> None:
    data["translations"]["ru"]["answers"]["A"]["note"] = "  "


def _short_conversation(data: dict) -> None:
    data["translations"]["ru"]["conversation"].pop()


def _swapped_roles(data: dict) -> None:
    turns = data["translations"]["ru"]["conversation"]
    turns[0]["role"], turns[1]["role"] = "assistant", "user"


def _shared_gold(data: dict) -> None:
    data["translations"]["ru"]["gold_better"] = "B"


def _own_language(data: dict) -> None:
    data["translations"]["en"] = data["translations"].pop("ru")


def _bad_code(data: dict) -> None:
    data["translations"]["Russian"] = data["translations"].pop("ru")


def _missing_prompt(data: dict) -> None:
    del data["translations"]["ru"]["prompt"]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (_drop_answer, "translations.ru.answers.B: answer B is not translated"),
        (_extra_answer, "translations.ru.answers.C: answer 'C' is not one of the item's answers"),
        (_empty_note, "translations.ru.answers.A.note: 'note' must not be empty"),
        (_short_conversation, "translations.ru.conversation: conversation must have the item's 2"),
        (_swapped_roles, "translations.ru.conversation[0].role: turn 1 must keep the role 'user'"),
        (_shared_gold, "translations.ru.gold_better: 'gold_better' is shared by every language"),
        (_own_language, "translations.en: the item is written in en"),
        (_bad_code, "'Russian' is not a language code"),
        (_missing_prompt, "translations.ru.prompt: missing translated field 'prompt'"),
    ],
)
def test_pairwise_translation_problems(change: Callable[[dict], None], expected: str):
    data = pairwise()
    change(data)
    assert any(message.startswith(expected) or expected in message
               for message in _messages(data)), _messages(data)


def _rubric_point_missing(data: dict) -> None:
    data["translations"]["ru"]["rubric"].pop()


def _gold_misses_fix(data: dict) -> None:
    data["translations"]["ru"]["gold_correction"] = "Отдыхайте и пейте больше."


def _remove_matches_gold(data: dict) -> None:
    data["translations"]["ru"]["gold_correction"] += " Антибиотики вылечат всё."


def _original_already_right(data: dict) -> None:
    ru = data["translations"]["ru"]
    ru["answers"]["A"]["text"] = ru["gold_correction"]


def _kind_changed(data: dict) -> None:
    data["translations"]["ru"]["rubric"][1]["kind"] = "keep"


def _bad_pattern(data: dict) -> None:
    data["translations"]["ru"]["rubric"][1]["patterns"] = ["(вирус"]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (_rubric_point_missing, "translations.ru.rubric: rubric must have the item's 3 points"),
        (_gold_misses_fix, "translations.ru.rubric[1].patterns: rubric point 2 is a fix point"),
        (_remove_matches_gold, "translations.ru.rubric[0].patterns: rubric point 1 is a remove"),
        (_original_already_right, "already meets every remove and fix point"),
        (_kind_changed, "translations.ru.rubric[1].kind: kind is shared"),
        (_bad_pattern, "is not a valid regular expression"),
    ],
)
def test_correction_translation_problems(change: Callable[[dict], None], expected: str):
    data = correction()
    change(data)
    assert any(expected in message for message in _messages(data)), _messages(data)


def test_a_broken_item_reports_its_own_problems_before_its_translation():
    data = correction()
    del data["answers"]
    messages = _messages(data)
    assert messages
    assert not any(m.startswith("translations") for m in messages)


def test_the_file_form_keeps_translations():
    data = pairwise()
    assert item_to_dict(item_from_dict(data))["translations"] == data["translations"]


def test_localise_swaps_texts_and_keeps_gold():
    item = item_from_dict(pairwise())
    ru = localise(item, "ru")
    assert ru.language == "ru"
    assert ru.prompt.startswith("Можно")
    assert [t.text for t in ru.conversation][0] == "Набрал сегодня грибов."
    assert ru.answer("B").note == "Опасный совет."
    assert ru.answer("B").labels == item.answer("B").labels
    assert (ru.gold_better, ru.gold_criterion) == ("A", "ethics")
    assert localise(item, "de") is item
    assert localise(item, "en") is item
    assert available_languages(item) == ("en", "ru")
    assert shown_language(item, "ru") == "ru"
    assert shown_language(item, "fr") == "en"


def test_the_russian_student_view_has_no_gold():
    view = student_view(localise(item_from_dict(correction()), "ru"))
    text = repr(view)
    assert "Простуда" not in text or "Антибиотики вылечат" in text
    for gold in ("Простуду вызывают вирусы", "Утверждение про антибиотики", "Убирает"):
        assert gold not in text


def test_a_correction_is_graded_against_the_shown_languages_rubric():
    item = item_from_dict(correction())
    russian_gold = {"text": item.translations["ru"]["gold_correction"]}
    assert grade(localise(item, "ru"), russian_gold).score > 0.95
    # Graded against the English rubric, the same Russian text meets only the remove point.
    assert grade(item, russian_gold).score < 0.5
