"""Messages render the English text, translate through any gettext and survive JSON."""

from __future__ import annotations

import json

import pytest

from graders.criteria import Criterion
from graders.messages import N_, NN_, Message, msg, plural_msg, render
from graders.result import GradeResult, Mistake
from graders.wording import criterion_name, flag_name

RU = {
    "You put %(worse)s above %(better)s.": "Вы поставили %(worse)s выше %(better)s.",
    "ethics": "безопасность",
    "%(n)s and %(names)s": "%(n)s и %(names)s",
    "broken %(x)s": "сломано %(y)s",
}


def _ru(template: str) -> str:
    return RU.get(template, template)


def _ru_plural(singular: str, plural: str, num: int) -> str:
    return f"{num} балл(ов)" if singular.endswith("point") else (singular if num == 1 else plural)


def test_str_is_the_english_text_and_render_translates_nested_params():
    message = msg(N_("%(n)s and %(names)s"), n=criterion_name("ethics"), names=["A", "B"])
    assert str(message) == "ethics and A, B"
    assert render(message, _ru, _ru_plural) == "безопасность и A, B"


@pytest.mark.parametrize(("num", "english"), [(1, "1 point"), (3, "3 points")])
def test_plural_form_follows_num(num: int, english: str):
    message = plural_msg(NN_("%(num)s point", "%(num)s points"), num)
    assert str(message) == english
    assert render(message, _ru, _ru_plural) == f"{num} балл(ов)"


def test_a_translation_with_wrong_placeholders_falls_back_to_english():
    assert render(msg(N_("broken %(x)s"), x=1), _ru, _ru_plural) == "broken 1"


def test_a_mistake_round_trips_through_json_with_its_message():
    text = msg(N_("You put %(worse)s above %(better)s."), worse="B", better=flag_name("off-topic"))
    mistake = Mistake.of(Criterion.ETHICS, True, text, ("B", "A"))
    assert mistake.message == "You put B above off-topic."
    result = GradeResult(0.5, {"ethics": 0.5}, 1, (mistake,))
    back = GradeResult.from_dict(json.loads(json.dumps(result.to_dict())))
    assert back == result and back.mistakes[0].text == text
    assert isinstance(back.mistakes[0].text, Message)


def test_a_stored_mistake_without_a_message_keeps_its_english():
    data = {"criterion": "quality", "critical": False, "message": "Old text.", "answers": []}
    assert Mistake.from_dict(data).text is None
    assert Mistake.from_dict({**data, "text": {"params": {}}}).text is None
