"""The studio's item statistics table: exam and practice figures side by side, filtered,
sorted, paged and exported as CSV. Items nobody has attempted always sort last."""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from app.services.analytics import analytics, exam_analytics
from app.services.studio.cohorts import safe_cell
from graders.item_stats import ItemStat

PAGE_SIZE = 50
FILTERS = ("pool", "kind", "topic", "criterion")
SORTS = {
    "item": lambda r: r.uid,
    "kind": lambda r: r.kind,
    "pool": lambda r: r.pool,
    "topic": lambda r: r.topic,
    "exam_n": lambda r: r.exam_n or None,
    "p": lambda r: r.p,
    "r": lambda r: r.r,
    "practice_n": lambda r: r.practice_n or None,
    "practice_mean": lambda r: r.practice_mean,
    "critical": lambda r: r.critical_share,
}


@dataclass(frozen=True)
class TableRow:
    """One item's exam statistics (one sitting per student) and its practice statistics."""

    id: int
    uid: str
    title: str
    kind: str
    pool: str
    topic: str
    criteria: tuple[str, ...]
    exam_n: int
    p: float | None
    r: float | None
    flags: tuple[str, ...]
    practice_n: int
    practice_mean: float | None
    critical_share: float | None

    @property
    def attempted(self) -> bool:
        """Anyone answered it, in an exam or in practice."""
        return bool(self.exam_n or self.practice_n)


@dataclass(frozen=True)
class Query:
    """Validated table options from the query string."""

    filters: Mapping[str, str]
    sort: str = "item"
    descending: bool = False
    page: int = 1


def _merge(row: analytics.ItemRow, exam: ItemStat | None) -> TableRow:
    """Join an item's practice row with its exam statistics."""
    return TableRow(
        row.id,
        row.uid,
        row.title,
        row.kind,
        row.pool,
        row.topic,
        row.criteria,
        exam.respondents if exam else 0,
        exam.p if exam else None,
        exam.r if exam else None,
        exam.flags if exam else (),
        row.attempts,
        row.difficulty,
        row.critical_share,
    )


def all_rows() -> list[TableRow]:
    """Every bank item with both kinds of statistics."""
    exam = exam_analytics.item_stats()
    return [_merge(row, exam.get(row.id)) for row in analytics.item_table()]  # type: ignore[arg-type]


def choices(rows: Sequence[TableRow]) -> dict[str, list[str]]:
    """The values each filter can take, from the bank itself."""
    return {
        "pool": sorted({r.pool for r in rows}),
        "kind": sorted({r.kind for r in rows}),
        "topic": sorted({r.topic for r in rows if r.topic}),
        "criterion": sorted({c for r in rows for c in r.criteria}),
    }


def parse(args: Mapping[str, str], options: Mapping[str, Sequence[str]]) -> Query:
    """Known filter values, a known sort column and a page of at least 1; the rest is ignored."""
    filters = {k: args[k] for k in FILTERS if args.get(k, "") in options.get(k, ())}
    sort = args.get("sort", "item")
    page = args.get("page", "1")
    return Query(
        filters,
        sort if sort in SORTS else "item",
        args.get("dir") == "desc",
        _page_number(page),
    )


def _page_number(text: str) -> int:
    """A page number typed in ASCII digits, else 1 (``"¹".isdigit()`` is true, yet ``int`` refuses
    it: the fuzz test found the 500)."""
    if text.isascii() and text.isdigit() and len(text) <= 6 and int(text) > 0:
        return int(text)
    return 1


def _matches(row: TableRow, filters: Mapping[str, str]) -> bool:
    """Whether a row passes every chosen filter."""
    for name, value in filters.items():
        if name == "criterion":
            if value not in row.criteria:
                return False
        elif getattr(row, name) != value:
            return False
    return True


def arrange(rows: Sequence[TableRow], query: Query) -> list[TableRow]:
    """Filter then sort; unattempted items and empty values go last in either direction."""
    kept = [r for r in rows if _matches(r, query.filters)]
    key = SORTS[query.sort]
    with_value = [r for r in kept if r.attempted and key(r) is not None]
    with_value.sort(key=lambda r: (key(r), r.uid), reverse=query.descending)
    attempted_empty = sorted((r for r in kept if r.attempted and key(r) is None), key=_uid)
    never = sorted((r for r in kept if not r.attempted), key=_uid)
    return with_value + attempted_empty + never


def _uid(row: TableRow) -> str:
    """Sort key by item id."""
    return row.uid


@dataclass(frozen=True)
class Page:
    """One page of rows and where it sits."""

    rows: list[TableRow]
    page: int
    pages: int
    total: int

    @property
    def has_prev(self) -> bool:
        """A page before this one exists (the shared pager macro reads these four)."""
        return self.page > 1

    @property
    def has_next(self) -> bool:
        """A page after this one exists."""
        return self.page < self.pages

    @property
    def prev_num(self) -> int:
        """The previous page's number."""
        return self.page - 1

    @property
    def next_num(self) -> int:
        """The next page's number."""
        return self.page + 1


def page_of(rows: Sequence[TableRow], page: int, size: int | None = None) -> Page:
    """The rows of one page (past the end gives the last page)."""
    size = size or PAGE_SIZE
    pages = max(1, math.ceil(len(rows) / size))
    page = min(max(page, 1), pages)
    return Page(list(rows[(page - 1) * size : page * size]), page, pages, len(rows))


HEADER = (
    "item", "title", "kind", "pool", "topic", "criteria", "exam_students", "exam_p",
    "exam_item_rest_r", "review_flags", "practice_attempts", "practice_mean", "critical_share",
)  # fmt: skip


def _number(value: float | None) -> str:
    """Three decimals, or empty."""
    return "" if value is None else f"{value:.3f}"


def to_csv(rows: Sequence[TableRow]) -> str:
    """The rows as CSV (cells a spreadsheet would run as formulas are quoted)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    for r in rows:
        cells: list[Any] = [
            r.uid, r.title, r.kind, r.pool, r.topic, " ".join(r.criteria), r.exam_n,
            _number(r.p), _number(r.r), "; ".join(r.flags), r.practice_n,
            _number(r.practice_mean), _number(r.critical_share),
        ]  # fmt: skip
        writer.writerow([safe_cell(c) if isinstance(c, str) else c for c in cells])
    return out.getvalue()
