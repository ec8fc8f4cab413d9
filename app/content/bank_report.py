"""The shortcut, lesson-overlap and Markdown-lint report of ``school exercises check``."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.content.exercises import LoadedItem, display_path
from graders import validate_item
from graders.bank_stats import CHI2_CRITICAL_5PCT, ShortcutStats, shortcut_stats
from graders.blueprint import Blueprint
from graders.lesson_overlap import NGRAM, OVERLAP_LIMIT, lesson_grams, worst_overlap
from graders.text_lint import lint_item
from graders.validation_conventions import must_catch_share, one_country_number

_LESSON_FILE = re.compile(r"\d+-([a-z0-9-]+)\.md")


def read_lessons(root: Path) -> dict[str, str]:
    """Return every lesson file's text keyed by `<course>/<lesson-slug>`."""
    lessons = {}
    if not root.is_dir():
        return lessons
    for path in sorted(root.glob("*/*.md")):
        match = _LESSON_FILE.fullmatch(path.name)
        if match:
            lessons[f"{path.parent.name}/{match.group(1)}"] = path.read_text(encoding="utf-8")
    # Language versions (courses/<course>/<lang>/NN-slug.md) are lessons too: an exam item must
    # not reuse a Russian lesson's example either. They are keyed apart from lesson_example names.
    for path in sorted(root.glob("*/*/*.md")):
        match = _LESSON_FILE.fullmatch(path.name)
        if match:
            name = f"{path.parent.parent.name}/{match.group(1)} ({path.parent.name})"
            lessons[name] = path.read_text(encoding="utf-8")
    return lessons


@dataclass
class BankReport:
    """What the checker prints after validation: figures, failures and warnings."""

    lines: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _sound(pools: Mapping[str, list[LoadedItem]]) -> dict[str, list[LoadedItem]]:
    """Keep the items that parse and validate, so figures never trip on broken files."""
    return {
        pool: [i for i in items if i.error is None and not validate_item(i.data)]
        for pool, items in pools.items()
    }


def _pct(value: float | None) -> str:
    """Format a share, or n/a."""
    return "n/a" if value is None else f"{value:.0%}"


def _figures(name: str, stats: ShortcutStats) -> list[str]:
    """Readable figure lines for one scope."""
    rho = "n/a" if stats.rho is None else f"{stats.rho:+.2f}"
    count = stats.ranking_items
    shortest = stats.best_is_shortest / count if count else None
    two = stats.best_in_two_shortest / count if count else None
    stat, df = stats.chi_square()
    critical = CHI2_CRITICAL_5PCT.get(df)
    verdict = "" if critical is None else (" (uneven)" if stat > critical else " (even)")
    places = ", ".join(f"{k}: {v}" for k, v in sorted(stats.best_length_positions.items()))
    letters = ", ".join(f"{k} {v}" for k, v in sorted(stats.best_letters.items()))
    expected = ", ".join(f"{k} {v:.1f}" for k, v in sorted(stats.expected_letters.items()))
    return [
        f"  {name}:",
        f"    ranking items {stats.ranking_items}: best is longest {_pct(stats.longest_share)}"
        f" (max 45%), shortest {_pct(shortest)}, one of the two shortest {_pct(two)};"
        f" length–gold rho {rho} (|rho| ≤ 0.20)",
        f"    best answer's place in length order (1 = shortest): {places or 'none'}"
        " (max 45% at any one place)",
        f"    pairwise items {stats.pairwise_items}: longer answer wins "
        f"{_pct(stats.longer_share)} (35–65%), equal length {stats.pairwise_ties}",
        f"    gold-best letters: {letters or 'none'}; expected if even: {expected or 'none'};"
        f" chi-square {stat:.1f} on {df} df{verdict} (reported, not failed)",
    ]


def _language(item: LoadedItem) -> str:
    """The language an item is written in (en unless it says otherwise)."""
    return str(item.data.get("language") or "en")


def _tally(
    pools: Mapping[str, list[LoadedItem]], report: BankReport,
    labels: Callable[[LoadedItem], Iterable[str]],
) -> None:
    """One line per pool and label (a language): its item count, by kind."""
    counts: dict[tuple[str, str], dict[str, int]] = {}
    for pool, items in pools.items():
        for item in items:
            for label in labels(item):
                kinds = counts.setdefault((pool, label), {})
                kind = str(item.data.get("kind"))
                kinds[kind] = kinds.get(kind, 0) + 1
    for (pool, label), kinds in sorted(counts.items()):
        detail = ", ".join(f"{kind} {n}" for kind, n in sorted(kinds.items()))
        report.lines.append(f"{pool} [{label}]: {sum(kinds.values())} items ({detail})")


def _counts_by_language(pools: Mapping[str, list[LoadedItem]], report: BankReport) -> None:
    """Items per pool, language and kind: the figures each language's exam and practice need.

    Items with a version in another language (``translations``) are then counted under
    ``[+ru versions]``: they are the same items, counted once above in their own language.
    """
    _tally(pools, report, lambda item: [_language(item)])
    _tally(
        pools, report,
        lambda item: [f"+{code} versions" for code in item.data.get("translations") or {}],
    )


def _blueprint_scopes(
    exam: Sequence[LoadedItem], blueprints: Iterable[Blueprint]
) -> dict[str, list[LoadedItem]]:
    """The items each topic-bound exam draws from, per language: an instrument of its own.

    A specialisation drawing only medicine items showed a cue the whole pool diluted (the best
    answer was the second-shortest in 65% of its rankings, against 50% pool-wide).
    """
    scopes = {}
    for blueprint in blueprints:
        topics = blueprint.bound_topics
        if topics is None:
            continue
        for language in blueprint.languages:
            name = f"exam [{language}] for {blueprint.slug} ({', '.join(sorted(topics))})"
            scopes[name] = [
                i for i in exam if _language(i) == language and i.data.get("topic") in topics
            ]
    return scopes


def _shortcuts(
    pools: Mapping[str, list[LoadedItem]], report: BankReport, blueprints: Iterable[Blueprint]
) -> None:
    """Measure length and position cues across the bank, per pool and per topic-bound exam."""
    report.lines.append("Shortcut figures (length in words; see docs/content-formats.md):")
    scopes = {"whole bank": [i for items in pools.values() for i in items], **pools}
    # Each language's pools are their own instrument: a shortcut must not predict their gold
    # either (a Russian form is drawn from Russian items only).
    languages = sorted({_language(i) for items in pools.values() for i in items})
    if len(languages) > 1:
        for language in languages:
            for pool, items in pools.items():
                scopes[f"{pool} [{language}]"] = [i for i in items if _language(i) == language]
    scopes.update(_blueprint_scopes(pools.get("exam", []), blueprints))
    for name, items in scopes.items():
        stats = shortcut_stats(i.data for i in items)
        report.lines += _figures(name, stats)
        report.failures += [f"shortcut ({name}): {f}" for f in stats.failures()]


def _overlaps(
    pools: Mapping[str, list[LoadedItem]], lessons: Mapping[str, str], report: BankReport
) -> None:
    """Fail exam items, and unmarked practice items, that reuse a lesson's text."""
    grams = lesson_grams(lessons.items())
    flagged = 0
    for pool, items in pools.items():
        for item in items:
            overlap = worst_overlap(item.data, grams)
            if overlap is None or overlap.shared < OVERLAP_LIMIT:
                continue
            if pool == "practice" and item.data.get("lesson_example"):
                continue
            flagged += 1
            rule = "exam items share no example with lessons" if pool == "exam" else (
                "set lesson_example if this practice item reuses the lesson's example"
            )
            report.failures.append(
                f"{display_path(item.path)}: shares {overlap.shared} {NGRAM}-word sequences with "
                f"lesson {overlap.lesson} (limit {OVERLAP_LIMIT - 1}), e.g. "
                f"\"{overlap.sample}\"; {rule}"
            )
    report.lines.append(
        f"Lesson overlap: {flagged} item(s) share ≥ {OVERLAP_LIMIT} {NGRAM}-word sequences "
        f"with a lesson ({len(lessons)} lessons read)."
    )


def _lints(pools: Mapping[str, Sequence[LoadedItem]], report: BankReport) -> None:
    """Warn on unfenced code, lists glued to a paragraph and one-country emergency numbers."""
    for items in pools.values():
        for item in items:
            if item.error is None and isinstance(item.data, Mapping):
                found = lint_item(item.data) + one_country_number(item.data)
                report.warnings += [f"{display_path(item.path)}: {w}" for w in found]
    share = must_catch_share(
        i.data for i in pools.get("exam", ()) if i.error is None and isinstance(i.data, Mapping)
    )
    if share:
        report.warnings.append(share)


def bank_report(
    pools: Mapping[str, list[LoadedItem]],
    lessons: Mapping[str, str],
    blueprints: Iterable[Blueprint] = (),
) -> BankReport:
    """Build the report on the sound items of both pools (and of each topic-bound exam)."""
    report = BankReport()
    sound = _sound(pools)
    _counts_by_language(sound, report)
    _shortcuts(sound, report, blueprints)
    _overlaps(sound, lessons, report)
    _lints(pools, report)
    return report


def lesson_names(lessons: Mapping[str, Any]) -> set[str]:
    """The `<course>/<lesson-slug>` names lesson_example may use (language versions share one)."""
    return {name for name in lessons if " (" not in name}
