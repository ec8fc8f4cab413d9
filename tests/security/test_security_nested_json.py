"""Probe finding 5: deeply nested JSON is a 400 with a reason on any route, never a 500."""

from __future__ import annotations

import pytest

from app.request_guards import MAX_DEPTH, JsonTooDeep, contains_nul


def nested(depth: int, leaf: object = "x") -> object:
    """A list nested ``depth`` levels, built without recursion."""
    value: object = leaf
    for _ in range(depth):
        value = [value]
    return value


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 500, 100_000])
@pytest.mark.parametrize("path", ["/", "/auth/login", "/verify/api/NOPE-0000"])
def test_deep_json_is_refused_with_a_reason(client, path: str, depth: int) -> None:
    body = "[" * depth + "]" * depth
    response = client.get(path, data=body, content_type="application/json")
    assert response.status_code == 400
    assert "nested too deeply" in response.json["reason"]


def test_deep_json_on_a_json_endpoint_is_refused(client) -> None:
    body = '{"a":' * 50_000 + "1" + "}" * 50_000
    response = client.post(
        "/courses/preview", data=body, content_type="application/json", csrf=False
    )
    assert response.status_code == 400


def test_shallow_json_still_reaches_the_view(client) -> None:
    response = client.get("/", data="[[[1]]]", content_type="application/json")
    assert response.status_code == 200


def test_contains_nul_is_iterative_and_bounded() -> None:
    assert contains_nul(nested(MAX_DEPTH - 1, "a\x00b"))
    assert not contains_nul(nested(MAX_DEPTH - 1))
    assert contains_nul({"k\x00": 1})
    with pytest.raises(JsonTooDeep):
        contains_nul(nested(100_000))  # no RecursionError, however deep
