"""Every studio page is for instructors (and admins), except joining a cohort."""

from __future__ import annotations

import re

import pytest

from app.models import Role


def studio_routes(app) -> list[tuple[str, str, str]]:
    """(endpoint, method, path) of every studio route, ids filled with 1."""
    routes = []
    for rule in app.url_map.iter_rules():
        if not rule.endpoint.startswith("studio."):
            continue
        path = re.sub(r"<int:[^>]+>", "1", rule.rule)
        path = re.sub(r"<[^>]+>", "ranking", path)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            routes.append((rule.endpoint, method, path))
    return routes


def _request(client, method: str, path: str):
    """GET, or POST with the session's CSRF token (so the role check is what answers)."""
    return client.post(path) if method == "POST" else client.get(path)


def test_students_get_403_everywhere_but_join(app, client, student):
    routes = studio_routes(app)
    assert len(routes) > 20
    for endpoint, method, path in routes:
        response = _request(client, method, path)
        if endpoint == "studio.join":
            assert response.status_code in (200, 302, 400), path
        else:
            assert response.status_code == 403, (method, path, response.status_code)


def test_anonymous_visitors_are_sent_to_log_in(app, client):
    for _endpoint, method, path in studio_routes(app):
        response = _request(client, method, path)
        assert response.status_code == 302, (method, path)
        assert "/auth/login" in response.headers["Location"]


@pytest.mark.parametrize("role", [Role.INSTRUCTOR, Role.ADMIN])
def test_instructors_and_admins_reach_the_main_pages(client, make_user, login, role):
    login(make_user(role))
    for path in (
        "/studio/",
        "/studio/reviews",
        "/studio/analytics",
        "/studio/cohorts",
        "/studio/import",
        "/studio/exercises/new/ranking",
        "/studio/join",
    ):
        assert client.get(path).status_code == 200, path


def test_studio_navigation_for_instructors(client, instructor):
    page = client.get("/studio/").get_data(as_text=True)
    for label in ("Studio", "Review queue", "Analytics", "Cohorts"):
        assert f">{label}</a>" in page
