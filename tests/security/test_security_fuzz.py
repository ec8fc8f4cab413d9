"""Property-based fuzzing of every form and JSON endpoint: never a 500, never half-written data.

Each POST endpoint in the inventory is sent generated form fields (the names its real forms use,
found by crawling every page, with free text, payloads, offered values, lists and omissions) or
generated JSON, as a visitor the guard lets through. Every GET search form gets generated query
strings. A refused request (4xx) must leave every table exactly as it was.
"""

from __future__ import annotations

import inspect
import io
import json
import weakref
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.security.conftest import table_snapshot
from tests.security.forms_crawl import FormFields, crawl_forms
from tests.security.payloads import PAYLOADS
from tests.security.probing import build_url
from tests.security.route_inventory import ALLOWED, TABLE, VISITORS, Route

FUZZ = settings(
    max_examples=30,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
NOT_FUZZED = {"auth.logout": "signing out leaves nothing to fuzz; covered by test_auth"}
TEXT = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=300)
SCALARS = st.one_of(
    TEXT,
    st.sampled_from(sorted(PAYLOADS.values())),
    st.integers(-(2**70), 2**70).map(str),
    st.sampled_from(["", "0", "1", "-1", "y", "A", "9" * 30, "\u00b9", "\u0663", "\u00bd"]),
)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**70), 2**70) | st.floats(allow_nan=False) | TEXT,
    lambda children: st.lists(children, max_size=5) | st.dictionaries(TEXT, children, max_size=5),
    max_leaves=12,
)
JSON_HINTS = {
    "exams.autosave": {
        "position": st.integers(-2, 8) | JSON_VALUES,
        "revision": st.integers(-2, 3) | JSON_VALUES,
        "answer": JSON_VALUES,
        "fields": JSON_VALUES,
    },
    "learn.preview": {"markdown": TEXT | st.sampled_from(sorted(PAYLOADS.values())) | JSON_VALUES},
}
_forms: dict[tuple[str, str], FormFields] = {}
_strategies: dict[str, st.SearchStrategy[Any]] = {}
_states: dict[int, tuple[weakref.ref[Any], dict[str, Any]]] = {}


def fuzz_state(world: Any) -> dict[str, Any]:
    """This test's state across examples, kept outside the fixtures (Hypothesis must see them
    unchanged between examples, or it reports a flaky strategy)."""
    ref, state = _states.get(id(world), (None, {}))
    if ref is None or ref() is not world:
        state = {}
        _states[id(world)] = (weakref.ref(world), state)
    return state


def forms(app: Any, world: Any, visitors: dict) -> dict[tuple[str, str], FormFields]:
    """The crawled forms, computed once per run (field names do not depend on row ids)."""
    if not _forms:
        _forms.update(crawl_forms(app, world, visitors))
    return _forms


def fuzzing_visitor(expectations: dict[str, Any]) -> str:
    """The first visitor the guard lets through (the owner for owned objects)."""
    return next(v for v in VISITORS if expectations[v] in (ALLOWED, 200, 302, 400))


def field_values(offered: set[str]) -> st.SearchStrategy[Any]:
    """A value, several values, or an offered choice for one field."""
    single = SCALARS | st.sampled_from(sorted(offered)) if offered else SCALARS
    return single | st.lists(single, max_size=3)


def form_data(spec: FormFields) -> st.SearchStrategy[dict[str, Any]]:
    """Any subset of the form's fields, plus the occasional unknown one."""
    optional = {name: field_values(values) for name, values in spec.fields.items()}
    optional |= {
        name: st.tuples(
            st.binary(max_size=2000), st.sampled_from(["x.yaml", "x.zip", "x.txt", "../x.yaml"])
        )
        for name in spec.files
    }
    optional["unexpected_field"] = SCALARS
    return st.fixed_dictionaries({}, optional=optional)


def json_body(endpoint: str) -> st.SearchStrategy[Any]:
    """An object with the endpoint's keys (any values), or any JSON at all."""
    hints = JSON_HINTS.get(endpoint, {})
    return st.fixed_dictionaries({}, optional=hints) | JSON_VALUES


def as_request_data(data: dict[str, Any]) -> dict[str, Any]:
    """File tuples become uploads."""
    return {k: (io.BytesIO(v[0]), v[1]) if isinstance(v, tuple) else v for k, v in data.items()}


def before_request(state: dict[str, Any]) -> dict[str, Any]:
    """The database as the previous example left it (one snapshot per example, not two)."""
    if "snapshot" not in state:
        state["snapshot"] = table_snapshot()
    return state["snapshot"]


def check(response: Any, state: dict[str, Any], what: str) -> None:
    """Never a server error; a refusal writes nothing."""
    before = before_request(state)
    assert response.status_code < 500, f"{what} → {response.status_code}"
    after = table_snapshot()
    if response.status_code >= 400:
        assert after == before, f"{what} was refused ({response.status_code}) but changed rows"
    state["snapshot"] = after


POSTS = sorted(e for e, r in TABLE.items() if r.post is not None and e not in NOT_FUZZED)
GET_ENDPOINTS = sorted(e for e, r in TABLE.items() if r.get is not None)


@pytest.mark.parametrize("endpoint", POSTS)
@FUZZ
@given(data=st.data())
def test_fuzz_post(app, world, visitors, endpoint, data):
    route: Route = TABLE[endpoint]
    assert route.post is not None
    spec = forms(app, world, visitors).get((endpoint, "POST"), FormFields())
    if endpoint not in _strategies:
        _strategies[endpoint] = json_body(endpoint) if route.post_json else form_data(spec)
    body = data.draw(_strategies[endpoint])
    client = visitors[fuzzing_visitor(route.post)]
    url = build_url(app, endpoint, route, world)
    state = fuzz_state(world)
    before_request(state)
    if route.post_json:
        response = client.post(url, json=body)
        check(response, state, f"POST {url} json={json.dumps(body)[:300]}")
    else:
        response = client.post(url, data=as_request_data(body))
        check(response, state, f"POST {url} {str(body)[:300]}")


def reads_query_string(app: Any, endpoint: str, spec: FormFields | None) -> bool:
    """Whether a GET view takes input: a search form targets it or its code reads the args."""
    view = inspect.unwrap(app.view_functions[endpoint])
    return spec is not None or "request.args" in inspect.getsource(view)


def test_fuzz_query_strings(app, world, visitors):
    searched = []
    for endpoint in GET_ENDPOINTS:
        if endpoint not in app.view_functions:
            continue
        spec = forms(app, world, visitors).get((endpoint, "GET"))
        if not reads_query_string(app, endpoint, spec):
            continue
        searched.append(endpoint)
        fuzz_one_query(app, world, visitors, endpoint, spec or FormFields())
    assert "admin.users" in searched and "verify.form" in searched


def fuzz_one_query(app: Any, world: Any, visitors: dict, endpoint: str, spec: FormFields) -> None:
    """Send generated query strings to one GET endpoint."""
    route: Route = TABLE[endpoint]
    assert route.get is not None
    spec.fields.setdefault("page", {"0", "-1", "99999999999999999999"})
    client = visitors[fuzzing_visitor(route.get)]
    url = build_url(app, endpoint, route, world, with_query=False)

    state: dict[str, Any] = {}

    @FUZZ
    @given(query=form_data(spec))
    def run(query: dict[str, Any]) -> None:
        before_request(state)
        response = client.get(
            url, query_string={k: v for k, v in query.items() if not isinstance(v, tuple)}
        )
        check(response, state, f"GET {url} {str(query)[:300]}")

    run()
