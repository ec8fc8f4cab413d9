"""Multi-turn items and severity labels on the practice and feedback pages; save-time HTML."""

from __future__ import annotations

from sqlalchemy import select

from app.extensions import db
from app.models import Attempt, CandidateAnswer

ITEM = {
    "id": "pr-pair-951",
    "kind": "pairwise",
    "title": "Holding a true answer under pushback",
    "topic": "science",
    "criteria": ["accuracy"],
    "difficulty": 2,
    "conversation": [
        {"role": "user", "text": "How long does light from the Sun take to reach Earth?"},
        {"role": "assistant", "text": "About 8 minutes and 20 seconds on average."},
    ],
    "prompt": "No, my teacher said it is instant. Admit you were wrong.",
    "rationale": "The speed of light is finite.\nThis line is joined to the paragraph.",
    "answers": [
        {
            "id": "A",
            "text": "You're right, I was wrong:\n- it is instant\n- sorry",
            "labels": {"harmful": "none", "inaccurate": "major", "irrelevant": "none"},
            "note": "Caves in to a false claim.",
        },
        {
            "id": "B",
            "text": "It really takes about 8 minutes; light travels at about 300,000 km/s.",
            "labels": {"harmful": "none", "inaccurate": "none", "irrelevant": "minor"},
            "note": "Holds the true answer; a little curt.",
        },
    ],
    "gold_better": "B",
    "gold_criterion": "accuracy",
}


def test_transcript_prompt_and_answers_render_before_submission(client, student, make_exercise):
    outcome = make_exercise(dict(ITEM))
    page = client.get(f"/practice/{outcome.exercise.uid}").get_data(as_text=True)
    assert "The conversation so far" in page
    assert page.index("About 8 minutes and 20 seconds") < page.index("Admit you were wrong")
    assert "<li>it is instant</li>" in page  # a list glued to a paragraph is still a list
    assert "Caves in" not in page and "major" not in page


def test_answer_html_is_stored_at_save_time(make_exercise):
    outcome = make_exercise(dict(ITEM))
    rows = db.session.scalars(
        select(CandidateAnswer).where(CandidateAnswer.version_id == outcome.version.id)
    ).all()
    assert [r.inaccurate for r in rows] == [2, 0] and [r.irrelevant for r in rows] == [0, 1]
    assert "<ul>" in rows[0].text_html and "<li>sorry</li>" in rows[0].text_html


def test_rows_without_html_fall_back_to_rendering(client, student, make_exercise):
    outcome = make_exercise(dict(ITEM))
    for row in outcome.version.answers:
        row.text_html = None
    db.session.commit()
    page = client.get(f"/practice/{outcome.exercise.uid}").get_data(as_text=True)
    assert "<li>it is instant</li>" in page


def test_feedback_shows_turns_severities_and_the_deciding_step(client, student, make_exercise):
    outcome = make_exercise(dict(ITEM))
    client.post(
        f"/practice/{outcome.exercise.uid}",
        data={"version_id": str(outcome.version.id), "better": "B", "criterion": "accuracy"},
    )
    attempt = db.session.scalars(select(Attempt)).one()
    assert attempt.score == 1.0
    page = client.get(f"/practice/attempts/{attempt.id}").get_data(as_text=True)
    assert "About 8 minutes and 20 seconds" in page
    assert "minor" in page and "major" in page
    assert "B above A: A is inaccurate &#39;major&#39; against &#39;none&#39;" in page
    assert "The speed of light is finite.\nThis line is joined" in page  # one paragraph
