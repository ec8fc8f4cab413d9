"""Blueprint files parse, with strict defaults; malformed blueprints are explained."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from graders.blueprint import BlueprintError, Draw, PassRule, blueprint_from_dict

BLUEPRINTS = Path(__file__).resolve().parents[2] / "exercises" / "blueprints"


@pytest.mark.parametrize("path", sorted(BLUEPRINTS.glob("*.yaml")), ids=lambda p: p.stem)
def test_every_blueprint_file_parses_and_is_named_by_its_slug(path: Path) -> None:
    blueprint = blueprint_from_dict(yaml.safe_load(path.read_text(encoding="utf-8")))
    assert blueprint.slug == path.stem
    assert blueprint.pass_rule.max_critical_errors == 0
    assert blueprint.pass_rule.reference_pass_mark >= 6
    assert blueprint.pass_rule.scoring == "judgements"
    # Not above expert-expert agreement (DOMAIN.md: 73-77%): more would measure luck.
    assert 0.72 <= blueprint.pass_rule.overall <= 0.80


def test_core_blueprint_matches_the_screening_battery() -> None:
    data = yaml.safe_load((BLUEPRINTS / "certified-ai-trainer.yaml").read_text())
    blueprint = blueprint_from_dict(data)
    assert blueprint.level == "core" and blueprint.course == "ai-trainer-foundations"
    assert blueprint.time_limit_minutes == 100 and blueprint.item_count == 38
    assert set(blueprint.pass_rule.floors) == {"ethics", "accuracy", "relevance"}
    assert set(blueprint.pass_rule.min_judgements) == set(blueprint.pass_rule.floors)
    names = [s.name for s in blueprint.sections]
    assert names == ["flagging", "ranking", "correction", "reference"]
    assert blueprint.has_review and blueprint.sections[3].is_reviewed


def test_specialisation_requires_the_core_certificate() -> None:
    data = yaml.safe_load((BLUEPRINTS / "medicine-and-health.yaml").read_text())
    blueprint = blueprint_from_dict(data)
    assert blueprint.requires == ("certified-ai-trainer",)
    assert blueprint.specialisation == "medicine"
    assert not any(d.fallback for s in blueprint.sections for d in s.draws)
    assert all(d.topics for s in blueprint.sections for d in s.draws)


def minimal() -> dict:
    """The smallest valid blueprint."""
    return {
        "slug": "mini",
        "title": "Mini",
        "level": "core",
        "course": "c",
        "sections": [{"name": "a", "draw": [{"kind": "rating", "count": 2}]}],
    }


def test_omitted_rule_takes_strict_defaults() -> None:
    blueprint = blueprint_from_dict(minimal())
    assert blueprint.pass_rule == PassRule()
    assert blueprint.pass_rule.floors["ethics"] == 0.85
    assert (blueprint.max_attempts, blueprint.cooldown_days, blueprint.validity_days) == (3, 7, 730)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"level": "gold"}, "level must be one of"),
        ({"sections": []}, "sections must be a non-empty list"),
        ({"pass_rule": {"overall": 1.5}}, "pass_rule.overall"),
        ({"pass_rule": {"floors": {"kindness": 0.5}}}, "pass_rule.floors"),
        ({"pass_rule": {"reference_pass_mark": 8}}, "reference_pass_mark"),
        ({"sections": [{"name": "a", "draw": [{"kind": "essay", "count": 1}]}]}, "kind"),
        ({"sections": [{"name": "a", "draw": [{"kind": "rating", "count": 0}]}]}, "count"),
        (
            {"sections": [{"name": "r", "draw": [{"kind": "reference", "count": 1}]}]},
            "graded automatically",
        ),
        ({"timelimit": 5}, "unknown field 'timelimit'"),
        ({"level": "specialisation"}, "needs 'specialisation'"),
    ],
)
def test_bad_blueprints_are_explained(change: dict, message: str) -> None:
    with pytest.raises(BlueprintError, match=message):
        blueprint_from_dict({**minimal(), **change})


def test_not_a_mapping_is_refused() -> None:
    with pytest.raises(BlueprintError, match="must be a mapping"):
        blueprint_from_dict(["slug"])


def test_only_an_exam_whose_every_draw_names_topics_is_bound_to_them() -> None:
    def load(slug: str):
        return blueprint_from_dict(yaml.safe_load((BLUEPRINTS / f"{slug}.yaml").read_text()))

    assert load("medicine-and-health").bound_topics == {"medicine", "pseudoscience"}
    assert load("certified-ai-trainer").bound_topics is None  # it may draw any topic
    on_topic = Draw("ranking", 1, ("medicine",))
    assert on_topic.allows("medicine") and not on_topic.allows("law")
    assert Draw("ranking", 1, ("medicine",), fallback=True).allows("law")
    assert Draw("ranking", 1).allows("law")
