"""Exam blueprints: which items a certificate's exam draws and the rule that passes it.

A blueprint is read from ``exercises/blueprints/<slug>.yaml`` (docs/content-formats.md); this
module only turns the mapping into frozen dataclasses and explains what is wrong with it.
Omitted pass-rule fields take the strict defaults below, so a blueprint cannot be lax by accident.

Two scoring rules exist (docs/assessment.md). ``judgements`` (rule 2026.2, the default for
files): agreement with the experts' judgements overall and per criterion, with floors that are
judged only over enough judgements, and must-catch items. ``items`` (rule 2026.1): the first
edition's per-item scores with "zero critical errors"; it is still read from the blueprint
snapshots of sessions that started under it, so their verdicts and certificates stay valid.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Final

from graders.double_marking import parse_anchors
from graders.item import KIND_FIELDS
from graders.problems import is_int, type_name
from graders.validation import ID_PATTERN, TOPICS

LEVELS: Final = ("core", "specialisation")
REVIEWED_KINDS: Final = frozenset({"reference"})
FLOOR_CRITERIA: Final = ("ethics", "accuracy", "relevance", "quality")
DEFAULT_FLOORS: Final[Mapping[str, float]] = MappingProxyType(
    {"ethics": 0.85, "accuracy": 0.70, "relevance": 0.60}
)
SCORING_RULES: Final = {"judgements": "2026.2", "items": "2026.1"}
DEFAULT_MIN_JUDGEMENTS: Final[Mapping[str, int]] = MappingProxyType(
    {"ethics": 20, "accuracy": 20, "relevance": 10}
)
TOP_KEYS: Final = (
    "slug",
    "title",
    "level",
    "course",
    "description",
    "specialisation",
    "requires",
    "mastery_threshold",
    "time_limit_minutes",
    "max_attempts",
    "cooldown_days",
    "validity_days",
    "sections",
    "pass_rule",
    "reference_anchors",
    "languages",
    "translations",
)
RULE_KEYS: Final = (
    "scoring",
    "overall",
    "floors",
    "min_judgements",
    "must_catch_per_form",
    "max_critical_errors",
    "reference_pass_mark",
)
DRAW_KEYS: Final = ("kind", "count", "topics", "fallback")


class BlueprintError(ValueError):
    """A blueprint mapping is not valid; ``problems`` lists every reason."""

    def __init__(self, problems: list[str]) -> None:
        """Keep the individual problems for the CLI checker."""
        super().__init__("; ".join(problems))
        self.problems = tuple(problems)


@dataclass(frozen=True, slots=True)
class Draw:
    """Draw ``count`` items of one kind, preferring ``topics``; ``fallback`` allows any topic."""

    kind: str
    count: int
    topics: tuple[str, ...] = ()
    fallback: bool = False

    def allows(self, topic: str | None) -> bool:
        """Whether this draw may take an item on ``topic`` (any topic without topics or with
        fallback)."""
        return self.fallback or not self.topics or topic in self.topics


@dataclass(frozen=True, slots=True)
class Section:
    """A named part of the exam made of one or more draws."""

    name: str
    draws: tuple[Draw, ...]

    @property
    def is_reviewed(self) -> bool:
        """Say whether an instructor scores this section (reference answers)."""
        return all(d.kind in REVIEWED_KINDS for d in self.draws)


@dataclass(frozen=True)
class PassRule:
    """Thresholds a session must meet; scores are shares in [0, 1], the reference mark 1–7.

    Under ``judgements`` scoring, ``overall`` and ``floors`` are agreement rates with the
    experts and ``max_critical_errors`` is unused (must-catch items replace it); under the
    legacy ``items`` scoring they are the first edition's per-item scores.
    """

    overall: float = 0.80
    floors: Mapping[str, float] = field(default_factory=lambda: dict(DEFAULT_FLOORS))
    max_critical_errors: int = 0
    reference_pass_mark: int = 6
    scoring: str = "judgements"
    min_judgements: Mapping[str, int] = field(
        default_factory=lambda: dict(DEFAULT_MIN_JUDGEMENTS)
    )
    # Every form holds this many must-catch items (when the pool allows), so no candidate
    # faces more all-or-nothing gates than another; None leaves it to chance.
    must_catch_per_form: int | None = None

    @property
    def version(self) -> str:
        """The rule's edition, as certificates and docs name it (e.g. "2026.2")."""
        return SCORING_RULES.get(self.scoring, self.scoring)


@dataclass(frozen=True)
class Blueprint:
    """Everything the exam service needs to know about one certificate's exam."""

    slug: str
    title: str
    level: str
    course: str
    sections: tuple[Section, ...]
    pass_rule: PassRule
    time_limit_minutes: int = 60
    description: str = ""
    specialisation: str | None = None
    requires: tuple[str, ...] = ()
    mastery_threshold: float = 0.75
    max_attempts: int = 3
    cooldown_days: int = 7
    validity_days: int = 730
    reference_anchors: Mapping[int, str] = field(default_factory=dict)  # mark 1–7 → anchor
    languages: tuple[str, ...] = ("en",)  # a form is drawn in one of these; each fills 3 times
    # Title and description in other languages: {"ru": {"title": …, "description": …}}.
    translations: Mapping[str, Mapping[str, str]] = field(default_factory=dict)

    def text_in(self, language: str) -> tuple[str, str]:
        """The title and description in ``language`` (the original's where not translated)."""
        found = self.translations.get(language, {})
        return found.get("title", self.title), found.get("description", self.description)

    @property
    def bound_topics(self) -> frozenset[str] | None:
        """The topics every drawn item is on, or None when some draw may take any topic.

        Such an exam is an instrument of its own: its candidates see only these items, so the
        bank's shortcut figures are measured on them too.
        """
        draws = [draw for section in self.sections for draw in section.draws]
        if not draws or any(draw.fallback or not draw.topics for draw in draws):
            return None
        return frozenset(topic for draw in draws for topic in draw.topics)

    @property
    def item_count(self) -> int:
        """How many items a session draws."""
        return sum(d.count for s in self.sections for d in s.draws)

    @property
    def has_review(self) -> bool:
        """Say whether some section waits for an instructor's score."""
        return any(s.is_reviewed for s in self.sections)


def _share(value: Any, where: str, problems: list[str]) -> float:
    """Check a number in [0, 1]."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
        problems.append(f"{where} must be a number from 0 to 1, not {value!r}")
        return 0.0
    return float(value)


def _whole(value: Any, where: str, low: int, high: int, problems: list[str]) -> int:
    """Check a whole number in [low, high]."""
    if not is_int(value) or not low <= value <= high:
        problems.append(f"{where} must be a whole number from {low} to {high}, not {value!r}")
        return low
    return int(value)


def _draw(data: Any, where: str, problems: list[str]) -> Draw | None:
    """Parse one draw mapping."""
    if not isinstance(data, Mapping):
        problems.append(f"{where} must be a mapping, not {type_name(data)}")
        return None
    problems += [f"{where}: unknown field '{k}'" for k in data if k not in DRAW_KEYS]
    kind = data.get("kind")
    if kind not in KIND_FIELDS:
        problems.append(f"{where}.kind must be one of {', '.join(KIND_FIELDS)}, not {kind!r}")
    count = _whole(data.get("count"), f"{where}.count", 1, 100, problems)
    topics = data.get("topics") or []
    if not isinstance(topics, list) or any(t not in TOPICS for t in topics):
        problems.append(f"{where}.topics must be a list of known topics, not {topics!r}")
        topics = []
    fallback = data.get("fallback", False)
    if not isinstance(fallback, bool):
        problems.append(f"{where}.fallback must be true or false")
    return Draw(str(kind), count, tuple(topics), bool(fallback))


def _sections(data: Any, problems: list[str]) -> tuple[Section, ...]:
    """Parse the sections list; every section has a unique name and at least one draw."""
    if not isinstance(data, list) or not data:
        problems.append("sections must be a non-empty list")
        return ()
    sections, names = [], set()
    for i, raw in enumerate(data):
        where = f"sections[{i}]"
        if not isinstance(raw, Mapping) or not isinstance(raw.get("draw"), list) or not raw["draw"]:
            problems.append(f"{where} needs a name and a non-empty 'draw' list")
            continue
        name = raw.get("name")
        if not isinstance(name, str) or not ID_PATTERN.fullmatch(name) or name in names:
            problems.append(f"{where}.name must be a unique lower-case name, not {name!r}")
        names.add(name)
        draws = [_draw(d, f"{where}.draw[{j}]", problems) for j, d in enumerate(raw["draw"])]
        sections.append(Section(str(name), tuple(d for d in draws if d is not None)))
    if sections and all(s.is_reviewed for s in sections):
        problems.append("at least one section must be graded automatically")
    return tuple(sections)


def _pass_rule(data: Any, problems: list[str]) -> PassRule:
    """Parse the pass rule, filling omitted fields with the strict defaults."""
    if data is None:
        return PassRule()
    if not isinstance(data, Mapping):
        problems.append(f"pass_rule must be a mapping, not {type_name(data)}")
        return PassRule()
    problems += [f"pass_rule: unknown field '{k}'" for k in data if k not in RULE_KEYS]
    floors = data.get("floors", dict(DEFAULT_FLOORS))
    if not isinstance(floors, Mapping) or any(k not in FLOOR_CRITERIA for k in floors):
        problems.append(f"pass_rule.floors must map criteria to shares, not {floors!r}")
        floors = {}
    scoring = data.get("scoring", "judgements")
    if scoring not in SCORING_RULES:
        problems.append(f"pass_rule.scoring must be one of {', '.join(SCORING_RULES)}")
        scoring = "judgements"
    return PassRule(
        scoring=str(scoring),
        min_judgements=_minimums(data.get("min_judgements"), floors, problems),
        must_catch_per_form=_optional_whole(
            data.get("must_catch_per_form"), "pass_rule.must_catch_per_form", problems
        ),
        overall=_share(data.get("overall", 0.80), "pass_rule.overall", problems),
        floors={k: _share(v, f"pass_rule.floors.{k}", problems) for k, v in floors.items()},
        max_critical_errors=_whole(
            data.get("max_critical_errors", 0), "pass_rule.max_critical_errors", 0, 100, problems
        ),
        reference_pass_mark=_whole(
            data.get("reference_pass_mark", 6), "pass_rule.reference_pass_mark", 1, 7, problems
        ),
    )


def _optional_whole(value: Any, where: str, problems: list[str]) -> int | None:
    """A whole number from 0 to 20, or None when omitted."""
    return None if value is None else _whole(value, where, 0, 20, problems)


def _minimums(data: Any, floors: Mapping[str, Any], problems: list[str]) -> dict[str, int]:
    """Parse the judgements each floor needs; every floored criterion gets a minimum."""
    if data is None:
        return {k: DEFAULT_MIN_JUDGEMENTS.get(k, 10) for k in floors}
    if not isinstance(data, Mapping) or any(k not in FLOOR_CRITERIA for k in data):
        problems.append(f"pass_rule.min_judgements must map criteria to counts, not {data!r}")
        return {}
    where = "pass_rule.min_judgements"
    found = {k: _whole(v, f"{where}.{k}", 1, 1000, problems) for k, v in data.items()}
    problems += [f"{where} needs a count for {k}" for k in floors if k not in found]
    return found


def _text(data: Mapping[str, Any], key: str, problems: list[str]) -> str:
    """Require a non-empty string field."""
    value = data.get(key)
    if not isinstance(value, str) or not value.strip():
        problems.append(f"'{key}' must be non-empty text")
        return ""
    return value.strip()


def _level_fields(
    data: Mapping[str, Any], problems: list[str]
) -> tuple[str, str | None, list[str]]:
    """Check level, specialisation and the required certificates."""
    level = data.get("level")
    if level not in LEVELS:
        problems.append(f"level must be one of {', '.join(LEVELS)}, not {level!r}")
    specialisation = data.get("specialisation")
    if level == "specialisation" and (not isinstance(specialisation, str) or not specialisation):
        problems.append("a specialisation blueprint needs 'specialisation' (e.g. medicine)")
    requires = data.get("requires") or []
    if not isinstance(requires, list) or not all(isinstance(r, str) for r in requires):
        problems.append("requires must be a list of certificate slugs")
        requires = []
    return str(level), str(specialisation) if specialisation else None, requires


def _languages(value: Any, problems: list[str]) -> tuple[str, ...]:
    """The exam languages: a non-empty list of distinct two-letter codes."""
    if (
        not isinstance(value, list)
        or not value
        or not all(isinstance(v, str) and len(v) == 2 and v.isalpha() for v in value)
        or any(v != v.lower() for v in value)
        or len(set(value)) != len(value)
    ):
        problems.append("languages must be a list of distinct two-letter codes such as [en, ru]")
        return ("en",)
    return tuple(value)


def _translations(value: Any, problems: list[str]) -> dict[str, dict[str, str]]:
    """{language: {title, description}} with non-empty text values."""
    if not isinstance(value, Mapping) or not all(
        isinstance(texts, Mapping)
        and set(texts) <= {"title", "description"}
        and all(isinstance(t, str) and t.strip() for t in texts.values())
        for texts in value.values()
    ):
        problems.append("translations must map a language code to a title and a description")
        return {}
    return {str(k): {n: str(t).strip() for n, t in v.items()} for k, v in value.items()}


def blueprint_from_dict(data: Any) -> Blueprint:
    """Build a Blueprint, or raise BlueprintError listing every problem found."""
    if not isinstance(data, Mapping):
        raise BlueprintError([f"a blueprint must be a mapping, not {type_name(data)}"])
    problems = [f"unknown field '{k}'" for k in data if k not in TOP_KEYS]
    slug = _text(data, "slug", problems)
    if slug and not ID_PATTERN.fullmatch(slug):
        problems.append(f"slug must be lower-case letters, digits and hyphens, not {slug!r}")
    level, specialisation, requires = _level_fields(data, problems)
    blueprint = Blueprint(
        slug=slug,
        title=_text(data, "title", problems),
        level=level,
        course=_text(data, "course", problems),
        sections=_sections(data.get("sections"), problems),
        pass_rule=_pass_rule(data.get("pass_rule"), problems),
        time_limit_minutes=_whole(
            data.get("time_limit_minutes", 60), "time_limit_minutes", 5, 600, problems
        ),
        description=str(data.get("description") or "").strip(),
        specialisation=specialisation,
        requires=tuple(requires),
        mastery_threshold=_share(
            data.get("mastery_threshold", 0.75), "mastery_threshold", problems
        ),
        max_attempts=_whole(data.get("max_attempts", 3), "max_attempts", 1, 20, problems),
        cooldown_days=_whole(data.get("cooldown_days", 7), "cooldown_days", 0, 365, problems),
        validity_days=_whole(data.get("validity_days", 730), "validity_days", 30, 3650, problems),
        reference_anchors=parse_anchors(data.get("reference_anchors"), problems),
        languages=_languages(data.get("languages", ["en"]), problems),
        translations=_translations(data.get("translations", {}), problems),
    )
    if problems:
        raise BlueprintError(problems)
    return blueprint
