"""Route inventory: every URL rule has an entry, a declared guard and the expected statuses.

The table lives in ``route_inventory.py``. Each endpoint's test builds a fresh world, requests
the URL as each visitor and reports every mismatch at once. Every HTML page fetched is also
scanned for inline script, event handlers, inline styles and script URLs (the CSP forbids them),
and student-visible pages for gold data.
"""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.routing import IntegerConverter
from werkzeug.test import TestResponse

from tests.security.html_checks import csp_problems
from tests.security.items import GOLD_MARKER
from tests.security.probing import build_url, matches
from tests.security.route_inventory import LOGIN, TABLE, VISITORS, Expected, Route
from tests.security.world import World

IGNORED_METHODS = {"HEAD", "OPTIONS"}


def app_endpoints(app: Flask) -> set[str]:
    """Every endpoint with a URL rule, except Flask's static files."""
    return {rule.endpoint for rule in app.url_map.iter_rules() if rule.endpoint != "static"}


def describe(visitor: str, method: str, url: str, expected: Expected, got: TestResponse) -> str:
    """One readable line for a mismatch."""
    where = got.headers.get("Location", "")
    return f"{visitor:10} {method} {url}: expected {expected}, got {got.status_code} {where}"


def page_problems(visitor: str, route: Route, response: TestResponse) -> list[str]:
    """CSP violations in an HTML page, and gold shown to a visitor who may not see it."""
    if response.mimetype != "text/html":
        return []
    html = response.get_data(as_text=True)
    problems = [f"{visitor}: {p}" for p in csp_problems(html)]
    if visitor not in route.gold_visible_to and GOLD_MARKER in html:
        problems.append(f"{visitor}: gold data ({GOLD_MARKER}) in the page")
    return problems


def request_as(client: FlaskClient, method: str, url: str, route: Route) -> TestResponse:
    """GET, or POST an empty form (or JSON object) with a valid CSRF token."""
    if method == "GET":
        return client.get(url)
    if route.post_json:
        return client.post(url, json={})
    return client.post(url, data={})


def check_endpoint(
    app: Flask, endpoint: str, method: str, world: World, visitors: dict[str, FlaskClient]
) -> list[str]:
    """Request one endpoint as every visitor; return mismatches and page problems."""
    if endpoint not in app.view_functions:
        return [f"{endpoint} is in the inventory but the app has no such endpoint"]
    route = TABLE[endpoint]
    expectations = route.get if method == "GET" else route.post
    assert expectations is not None
    url = build_url(app, endpoint, route, world)
    failures: list[str] = []
    for visitor in VISITORS:
        response = request_as(visitors[visitor], method, url, route)
        if not matches(expectations[visitor], response):
            failures.append(describe(visitor, method, url, expectations[visitor], response))
        failures += page_problems(visitor, route, response)
    return failures


GET_ENDPOINTS = sorted(e for e, r in TABLE.items() if r.get is not None)
POST_ENDPOINTS = sorted(e for e, r in TABLE.items() if r.post is not None)


def test_every_registered_endpoint_is_in_the_inventory(app: Flask) -> None:
    registered = app_endpoints(app)
    missing = sorted(registered - set(TABLE))
    stale = sorted(set(TABLE) - registered)
    assert not missing, f"add these endpoints to tests/security/route_inventory.py: {missing}"
    assert not stale, f"remove these entries from tests/security/route_inventory.py: {stale}"


def test_every_view_declares_its_guard(app: Flask) -> None:
    unguarded = sorted(
        endpoint
        for endpoint in app_endpoints(app)
        if not hasattr(app.view_functions[endpoint], "required_role")
    )
    assert not unguarded, f"views without @role_required or @public: {unguarded}"
    wrong = [
        f"{endpoint}: view requires {view.required_role!r}, inventory says {TABLE[endpoint].role!r}"
        for endpoint in sorted(app_endpoints(app) & set(TABLE))
        if (view := app.view_functions[endpoint]).required_role != TABLE[endpoint].role
    ]
    assert not wrong, "\n".join(wrong)


def test_every_method_of_every_rule_is_covered(app: Flask) -> None:
    uncovered = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static" or rule.endpoint not in TABLE:
            continue
        route = TABLE[rule.endpoint]
        covered = {"GET"} if route.get else set()
        covered |= {"POST"} if route.post else set()
        extra = set(rule.methods or ()) - IGNORED_METHODS - covered
        if extra:
            uncovered.append(f"{rule.endpoint} {rule.rule}: {sorted(extra)}")
    assert not uncovered, f"methods without expectations in the inventory: {uncovered}"


def test_inventory_is_consistent_with_declared_roles() -> None:
    contradictions = []
    for endpoint, route in TABLE.items():
        for method, expectations in (("GET", route.get), ("POST", route.post)):
            if expectations is None or route.role is None:
                continue
            if expectations["anonymous"] != LOGIN:
                contradictions.append(f"{method} {endpoint}: anonymous must be sent to log in")
            if route.role.value in ("instructor", "admin") and expectations["student"] != 403:
                contradictions.append(f"{method} {endpoint}: students must get 403")
            if route.role.value == "admin" and expectations["instructor"] != 403:
                contradictions.append(f"{method} {endpoint}: instructors must get 403")
    assert not contradictions, "\n".join(contradictions)


@pytest.mark.parametrize("endpoint", GET_ENDPOINTS)
def test_get_access(app: Flask, world: World, visitors: dict[str, Any], endpoint: str) -> None:
    failures = check_endpoint(app, endpoint, "GET", world, visitors)
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("endpoint", POST_ENDPOINTS)
def test_post_access(app: Flask, world: World, visitors: dict[str, Any], endpoint: str) -> None:
    failures = check_endpoint(app, endpoint, "POST", world, visitors)
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("huge", [2**31, 2**63, 10**30])
def test_ids_beyond_the_database_range_are_not_found(app, world, visitors, huge):
    problems, checked = [], 0
    for rule in app.url_map.iter_rules():
        if rule.endpoint not in TABLE or not any(
            isinstance(c, IntegerConverter) for c in rule._converters.values()
        ):
            continue
        checked += 1
        route = TABLE[rule.endpoint]
        expectations = route.get or route.post
        assert expectations is not None
        visitor = next(v for v in VISITORS if expectations[v] not in (LOGIN, 403, 404))
        params = route.params(world)
        for name, converter in rule._converters.items():
            if isinstance(converter, IntegerConverter):
                params[name] = huge
        url = rule.build(params, append_unknown=False)[1]
        method = "GET" if route.get is not None else "POST"
        response = request_as(visitors[visitor], method, url, route)
        if response.status_code not in (404, 405):
            problems.append(f"{visitor} {method} {url}: {response.status_code}")
    assert checked >= 10 and not problems, "\n".join(problems)
