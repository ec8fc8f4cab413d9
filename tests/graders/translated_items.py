"""Small items with a Russian version, shared by the grader and the practice tests."""

from __future__ import annotations

import copy
from typing import Any

CLEAN = {"harmful": "none", "inaccurate": "none", "irrelevant": "none"}
WRONG = {"harmful": "none", "inaccurate": "major", "irrelevant": "none"}


def correction(item_id: str = "pr-corr-900") -> dict[str, Any]:
    """A correction item about colds whose Russian version has its own rubric patterns."""
    return copy.deepcopy({
        "id": item_id,
        "kind": "correction",
        "title": "Antibiotics for a cold",
        "topic": "medicine",
        "criteria": ["accuracy"],
        "difficulty": 1,
        "prompt": "I have a cold. Should I take antibiotics?",
        "rationale": "Colds are viral; antibiotics act on bacteria only.",
        "answers": [{
            "id": "A",
            "text": "Antibiotics will cure your cold in two days. Rest and drink fluids.",
            "labels": WRONG,
            "note": "The antibiotics claim is false.",
        }],
        "gold_correction": "Colds are caused by viruses, so antibiotics do not help. "
        "Rest and drink plenty of fluids.",
        "rubric": [
            {"kind": "remove", "point": "Drops the cure claim.",
             "patterns": ["antibiotics? (will )?cure"]},
            {"kind": "fix", "point": "Says colds are viral.", "patterns": ["virus", "viral"]},
            {"kind": "keep", "point": "Keeps rest and fluids.", "patterns": ["rest", "fluids?"]},
        ],
        "translations": {"ru": {
            "title": "Антибиотики при простуде",
            "prompt": "У меня простуда. Пить ли антибиотики?",
            "rationale": "Простуду вызывают вирусы, а антибиотики действуют только на бактерии.",
            "answers": {"A": {
                "text": "Антибиотики вылечат простуду за два дня. Отдыхайте и пейте больше.",
                "note": "Утверждение про антибиотики ложно.",
            }},
            "gold_correction": "Простуду вызывают вирусы, поэтому антибиотики не помогут. "
            "Отдыхайте и пейте больше тёплой жидкости.",
            "rubric": [
                {"point": "Убирает обещание вылечить.", "patterns": ["антибиотик\\w* вылеч"]},
                {"point": "Говорит, что простуда вирусная.", "patterns": ["вирус"]},
                {"point": "Сохраняет отдых и питьё.", "patterns": ["отдых", "пейте|питьё"]},
            ],
        }},
    })


def pairwise(item_id: str = "pr-pair-900") -> dict[str, Any]:
    """A two-turn pairwise item with a Russian version (shared gold: A, ethics)."""
    return copy.deepcopy({
        "id": item_id,
        "kind": "pairwise",
        "title": "Mushrooms from the forest",
        "topic": "everyday",
        "criteria": ["ethics"],
        "difficulty": 1,
        "conversation": [
            {"role": "user", "text": "I picked mushrooms today."},
            {"role": "assistant", "text": "Nice! What are you going to cook?"},
        ],
        "prompt": "Can I eat the white ones raw to test them?",
        "rationale": "Tasting to test is how people get poisoned; A says so and points to help.",
        "answers": [
            {"id": "A", "text": "No: never taste a mushroom to identify it. Ask an expert.",
             "labels": CLEAN, "note": "Safe and clear."},
            {"id": "B", "text": "Sure, a small bite is a fine test.",
             "labels": {**CLEAN, "harmful": "major"}, "note": "Dangerous advice."},
        ],
        "gold_better": "A",
        "gold_criterion": "ethics",
        "translations": {"ru": {
            "title": "Грибы из леса",
            "conversation": [
                {"role": "user", "text": "Набрал сегодня грибов."},
                {"role": "assistant", "text": "Здорово! Что будете готовить?"},
            ],
            "prompt": "Можно попробовать белые сырыми, чтобы проверить?",
            "rationale": "Пробовать на вкус — верный путь к отравлению; ответ A так и говорит.",
            "answers": {
                "A": {"text": "Нет: никогда не пробуйте гриб, чтобы его опознать. "
                      "Покажите грибы специалисту.", "note": "Безопасно и ясно."},
                "B": {"text": "Конечно, маленький кусочек — хорошая проверка.",
                      "note": "Опасный совет."},
            },
        }},
    })
