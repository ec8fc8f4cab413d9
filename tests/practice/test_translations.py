"""One item, two languages: stored with its versions, shown in the reader's language, one record."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from typing import Any

from sqlalchemy import func, select

from app.extensions import db
from app.models import Attempt, Exercise
from app.services.certification.exams import _pool
from app.services.learning.mastery import practice_candidates
from app.services.practice.exercise_bank import TRANSLATED_HTML, save_item, version_to_dict
from app.services.practice.practice_catalogue import PracticeFilters, browse_practice
from tests.graders.translated_items import correction, pairwise


def page_text(response: Any) -> str:
    """The page as visible text, whitespace folded."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))).split())


def test_saving_stores_the_translation_in_the_version_and_lists_its_language(
    make_exercise: Callable[..., Any],
):
    outcome = make_exercise(pairwise())
    exercise, version = outcome.exercise, outcome.version
    assert exercise.language == "en" and exercise.translated_languages == ",ru,"
    assert version.extras["translations"]["ru"]["prompt"].startswith("Можно")
    rendered = version.extras[TRANSLATED_HTML]["ru"]
    assert rendered["A"].startswith("<p>") and "никогда" in rendered["A"]
    assert "translations_html" not in version_to_dict(version)
    assert version_to_dict(version, "ru")["answers"][1]["note"] == "Опасный совет."
    # Editing only the Russian text is a new version; the same content is no change.
    edited = pairwise()
    edited["translations"]["ru"]["answers"]["A"]["note"] = "Безопасно, ясно и вежливо."
    assert save_item(edited, "practice").change == "versioned"
    assert save_item(edited, "practice").change == "unchanged"
    without = pairwise()
    del without["translations"]
    save_item(without, "practice")
    db.session.commit()
    assert db.session.get(Exercise, exercise.id).translated_languages == ""


def test_a_russian_reader_sees_the_russian_version_and_an_english_reader_the_english(
    client: Any, student: Any, make_exercise: Callable[..., Any],
):
    outcome = make_exercise(pairwise())
    uid = outcome.exercise.uid
    russian = page_text(client.get(f"/practice/{uid}?lang=ru"))
    assert "Можно попробовать белые сырыми" in russian
    assert "Набрал сегодня грибов." in russian and "маленький кусочек" in russian
    assert "white ones raw" not in russian
    english = page_text(client.get(f"/practice/{uid}?lang=en"))
    assert "Can I eat the white ones raw" in english and "Можно" not in english


def test_no_gold_in_either_language_before_submission(
    client: Any, student: Any, make_exercise: Callable[..., Any],
):
    for data in (pairwise(), correction()):
        uid = make_exercise(data).exercise.uid
        ru = data["translations"]["ru"]
        gold = [data["rationale"], ru["rationale"]]
        gold += [a["note"] for a in data["answers"]] + [a["note"] for a in ru["answers"].values()]
        if data["kind"] == "correction":
            gold += [data["gold_correction"], ru["gold_correction"]]
            gold += [p["point"] for p in data["rubric"] + ru["rubric"]]
        for language in ("ru", "en"):
            text = page_text(client.get(f"/practice/{uid}?lang={language}"))
            for piece in gold:
                assert " ".join(piece.split()) not in text, (uid, language, piece)


def test_both_languages_count_on_one_exercise_row(
    client: Any, student: Any, make_exercise: Callable[..., Any],
):
    outcome = make_exercise(pairwise())
    uid, version_id = outcome.exercise.uid, str(outcome.version.id)
    answer = {"better": "A", "criterion": "ethics", "version_id": version_id}
    client.post(f"/practice/{uid}", data={**answer, "language": "ru"})
    client.post(f"/practice/{uid}", data={**answer, "language": "en"})
    attempts = db.session.scalars(select(Attempt).order_by(Attempt.id)).all()
    assert [a.language for a in attempts] == ["ru", "en"]
    assert {a.exercise_id for a in attempts} == {outcome.exercise.id}
    assert db.session.scalar(select(func.count()).select_from(Exercise)) == 1
    feedback = page_text(client.get(f"/practice/attempts/{attempts[0].id}"))
    assert "Опасный совет." in feedback and "Dangerous advice." not in feedback
    candidates = practice_candidates(student, "ru")
    assert [(c.uid, c.attempts) for c in candidates] == [(uid, 2)]


def test_a_correction_is_graded_in_the_language_it_was_shown(
    client: Any, student: Any, make_exercise: Callable[..., Any],
):
    outcome = make_exercise(correction())
    uid, version_id = outcome.exercise.uid, str(outcome.version.id)
    text = correction()["translations"]["ru"]["gold_correction"]
    client.post(f"/practice/{uid}", data={"text": text, "version_id": version_id, "language": "ru"})
    client.post(f"/practice/{uid}", data={"text": text, "version_id": version_id, "language": "en"})
    shown_ru, shown_en = db.session.scalars(select(Attempt).order_by(Attempt.id)).all()
    assert (shown_ru.language, shown_en.language) == ("ru", "en")
    assert shown_ru.score > 0.95 > 0.5 > shown_en.score
    # A language the item has no version in is recorded as the item's own.
    client.post(f"/practice/{uid}", data={"text": text, "version_id": version_id, "language": "de"})
    assert db.session.scalars(select(Attempt).order_by(Attempt.id.desc())).first().language == "en"


def test_practice_lists_and_the_exam_pool_include_translated_items(
    student: Any, make_exercise: Callable[..., Any],
):
    make_exercise(pairwise())
    make_exercise(pairwise("ex-pair-900"), pool="exam")
    english_only = correction("pr-corr-901")
    del english_only["translations"]
    make_exercise(english_only)
    page = browse_practice(student, PracticeFilters(), 1, "ru")
    assert [e.uid for e in page.items] == ["pr-pair-900"]
    assert sorted(c.uid for c in practice_candidates(student, "ru")) == ["pr-pair-900"]
    assert list(_pool("ru")) == ["ex-pair-900"]
    assert list(_pool("en")) == ["ex-pair-900"]
    assert _pool("de") == {}


def test_the_studio_preview_shows_a_chosen_language(
    client: Any, instructor: Any, make_exercise: Callable[..., Any],
):
    outcome = make_exercise(pairwise(), status="draft")
    url = f"/studio/exercises/{outcome.exercise.id}/preview"
    russian = page_text(client.get(f"{url}?lang=ru"))
    assert "Можно попробовать белые сырыми" in russian and "Опасный совет" not in russian
    english = page_text(client.get(f"{url}?lang=en"))
    assert "Can I eat the white ones raw" in english


def _translated(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The real practice items that have a Russian version."""
    return [data for data in items if "ru" in (data.get("translations") or {})]


def test_the_bank_has_russian_versions_of_every_kind(real_practice_items: list[dict]):
    kinds = [data["kind"] for data in _translated(real_practice_items)]
    assert len(kinds) >= 12
    for kind, least in {"ranking": 2, "pairwise": 2, "rating": 2, "correction": 2}.items():
        assert kinds.count(kind) >= least, kind
    assert "reference" in kinds


def test_real_russian_versions_show_no_gold_before_submission(
    client: Any, student: Any, synced_bank: Any, real_practice_items: list[dict]
):
    for data in _translated(real_practice_items):
        ru = data["translations"]["ru"]
        text = page_text(client.get(f"/practice/{data['id']}?lang=ru"))
        assert ru["title"] in text and data["title"] not in text, data["id"]
        gold = [ru["rationale"], data["rationale"]]
        gold += [a["note"] for a in (ru.get("answers") or {}).values()]
        gold += [ru[key] for key in ("gold_correction", "gold_reference") if key in ru]
        if data["kind"] == "correction":
            gold += [point["point"] for point in ru["rubric"]]
        for piece in gold:
            assert " ".join(piece.split()) not in text, (data["id"], piece[:60])


def test_real_russian_corrections_score_their_own_gold(real_practice_items: list[dict]):
    from graders import grade, item_from_dict
    from graders.translations import localise

    for data in _translated(real_practice_items):
        if data["kind"] != "correction":
            continue
        item = localise(item_from_dict(data), "ru")
        assert grade(item, {"text": item.gold_correction}).score > 0.95, data["id"]
        assert grade(item, {"text": item.answers[0].text}).score < 0.8, data["id"]


def test_a_studio_edit_keeps_the_other_language_version(
    client: Any, instructor: Any, make_exercise: Callable[..., Any],
):
    outcome = make_exercise(pairwise())
    data = pairwise()
    form = {
        "title": data["title"],
        "topic": data["topic"],
        "criteria": data["criteria"],
        "difficulty": "1",
        "prompt": "Can I eat the white ones raw to test them? (edited)",
        "rationale": data["rationale"],
        "conversation": "User: I picked mushrooms today.\n"
        "Assistant: Nice! What are you going to cook?",
        "answers-0-text": data["answers"][0]["text"],
        "answers-0-note": data["answers"][0]["note"],
        "answers-1-text": data["answers"][1]["text"],
        "answers-1-note": data["answers"][1]["note"],
        "answers-1-harmful": "major",
        "gold_better": "A",
        "gold_criterion": "ethics",
        "save": "1",
    }
    response = client.post(f"/studio/exercises/{outcome.exercise.id}/edit", data=form)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    exercise = db.session.get(Exercise, outcome.exercise.id)
    db.session.refresh(exercise)
    saved = version_to_dict(exercise.versions[-1])
    assert exercise.current_version == 2 and saved["prompt"].endswith("(edited)")
    assert saved["translations"] == data["translations"]
