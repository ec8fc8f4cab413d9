"""Validators face hand-typed YAML and browser forms: any input gives reasons, never a crash."""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from graders import Item, grade, validate_item, validate_response
from graders.base import InvalidResponse

SAMPLES = ["ranking", "tied_ranking", "pairwise", "rating", "correction", "reference"]
RESPONSE_KEYS = ["order", "better", "criterion", "ratings", "flags", "text", "self_check"]
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-2, 7)
    | st.floats(allow_nan=False)
    | st.sampled_from(["", "A", "B", "Z", "ethics", "off-topic", "(", "rest"]),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.sampled_from(["ethics", "accuracy", "relevance", "id", "point", "x"]),
            inner,
            max_size=3,
        )
    ),
    max_leaves=6,
)


def paths(value: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Yield the path of every node below the root."""
    children = (
        value.items()
        if isinstance(value, dict)
        else enumerate(value)
        if isinstance(value, list)
        else ()
    )
    for key, child in children:
        yield (*prefix, key)
        yield from paths(child, (*prefix, key))


@given(name=st.sampled_from(SAMPLES), choice=st.integers(0, 10_000), value=json_values)
def test_validate_item_never_crashes(
    make_data: Callable[..., dict[str, Any]], name: str, choice: int, value: Any
) -> None:
    data = make_data(name)
    all_paths = list(paths(data))
    path = all_paths[choice % len(all_paths)]
    target = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = copy.deepcopy(value)
    problems = validate_item(data)
    assert all(isinstance(p.message, str) and p.message for p in problems)


@given(
    name=st.sampled_from(SAMPLES),
    response=st.dictionaries(st.sampled_from(RESPONSE_KEYS), json_values, max_size=3),
)
def test_validate_response_and_grade_agree(
    make_item: Callable[..., Item], name: str, response: dict[str, Any]
) -> None:
    item = make_item(name)
    reasons = validate_response(item, response)
    if reasons:
        with pytest.raises(InvalidResponse) as error:
            grade(item, response)
        assert list(error.value.reasons) == reasons
    else:
        assert 0.0 <= grade(item, response).score <= 1.0
