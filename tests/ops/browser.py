"""A tiny cookie-keeping HTTP client on the standard library, for tests against real servers.

It keeps cookies itself (even ``Secure`` ones over plain loopback HTTP, which a production app
sets) and can send a chosen ``X-Forwarded-For`` so tests can play visitors behind a proxy.
"""

from __future__ import annotations

import http.client
import json
import re
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import urlencode, urlsplit

CSRF = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')


class Browser:
    """One visitor: a cookie jar, a base URL and an optional forwarded-for address."""

    def __init__(self, base: str, forwarded_for: str | None = None) -> None:
        self.base = base.rstrip("/")
        self.cookies: dict[str, str] = {}
        self.forwarded_for = forwarded_for

    def request(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, dict[str, str], str]:
        """Send one request (no redirects followed); return status, headers and text."""
        parts = urlsplit(self.base)
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        sent = dict(headers or {})
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if self.forwarded_for:
            sent["X-Forwarded-For"] = self.forwarded_for
        try:
            connection.request(method, path, body=body, headers=sent)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
            for header in response.headers.get_all("Set-Cookie") or []:
                jar = SimpleCookie()
                jar.load(header)
                for name, morsel in jar.items():
                    if not morsel.value or "1970" in (morsel["expires"] or ""):
                        self.cookies.pop(name, None)
                    else:
                        self.cookies[name] = morsel.value
            return response.status, dict(response.headers), text
        finally:
            connection.close()

    def get(self, path: str) -> tuple[int, dict[str, str], str]:
        """GET a path."""
        return self.request("GET", path)

    def csrf_token(self, path: str = "/auth/login") -> str:
        """A CSRF token bound to this browser's session."""
        _status, _headers, text = self.get(path)
        match = CSRF.search(text)
        assert match is not None, f"no CSRF token on {path}"
        return match.group(1)

    def post_form(self, path: str, data: dict[str, str], token: str | None = None) -> int:
        """POST a form with this session's CSRF token; return the status."""
        fields = {"csrf_token": token or self.csrf_token(), **data}
        status, _headers, _text = self.request(
            "POST",
            path,
            urlencode(fields).encode(),
            {"Content-Type": "application/x-www-form-urlencoded"},
        )
        return status

    def post_json(self, path: str, payload: Any, token: str | None = None) -> tuple[int, str]:
        """POST JSON with the CSRF header; return status and text."""
        headers = {"Content-Type": "application/json", "X-CSRFToken": token or self.csrf_token()}
        status, _headers, text = self.request("POST", path, json.dumps(payload).encode(), headers)
        return status, text

    def login(self, email: str, password: str) -> int:
        """Sign in through the real form."""
        return self.post_form("/auth/login", {"email": email, "password": password})
