"""Base layout, error pages and security headers."""

from __future__ import annotations

from tests.conftest import make_test_app


def test_home_page_renders_with_navigation(client):
    response = client.get("/")
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Skip to content" in body and "Ethics" in body
    assert 'href="/auth/register"' in body


def test_unknown_url_gets_styled_404(client):
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert "Page not found" in response.get_data(as_text=True)


def test_json_clients_get_json_errors(client):
    response = client.get("/api/nothing", headers={"Accept": "application/json"})
    assert response.status_code == 404 and response.json["status"] == 404


def test_anonymous_dashboard_redirects_to_login(client):
    response = client.get("/dashboard")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


def test_security_headers_forbid_inline_script(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "<script>" not in response.get_data(as_text=True)


def test_unexpected_exception_gets_500_page(app, tmp_path):
    fresh = make_test_app(app.config["SQLALCHEMY_DATABASE_URI"], tmp_path)

    @fresh.route("/boom-for-test")
    def boom() -> str:
        raise RuntimeError("kaboom")

    response = fresh.test_client().get("/boom-for-test")
    assert response.status_code == 500
    assert "Something went wrong" in response.get_data(as_text=True)
