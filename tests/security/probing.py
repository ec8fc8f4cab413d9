"""Requesting inventory routes and judging the answers."""

from __future__ import annotations

from flask import Flask, url_for
from werkzeug.test import TestResponse

from tests.security.route_inventory import ALLOWED, LOGIN, Expected, Route
from tests.security.world import World

REACHED = frozenset({200, 201, 204, 302, 303, 400, 409, 422})


def is_login_redirect(response: TestResponse) -> bool:
    """A redirect to the login page (what anonymous visitors get on guarded views)."""
    return response.status_code == 302 and "/auth/login" in response.headers.get("Location", "")


def matches(expected: Expected, response: TestResponse) -> bool:
    """Whether a response is what the inventory promises."""
    if expected == LOGIN:
        return is_login_redirect(response)
    if expected == ALLOWED:
        return response.status_code in REACHED and not is_login_redirect(response)
    return response.status_code == expected


def build_url(
    app: Flask, endpoint: str, route: Route, world: World, with_query: bool = True
) -> str:
    """The endpoint's URL with parameters taken from the world."""
    query = route.query if with_query else {}
    with app.test_request_context():
        return url_for(endpoint, **route.params(world), **query)
