"""Security headers on every response, including a CSP that allows no inline script."""

from __future__ import annotations

from flask import Flask, Response

CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
DYNAMIC_TYPES = frozenset({"text/html", "application/json"})
EVERY_RESPONSE = (
    ("Content-Security-Policy", CSP),
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "DENY"),
    ("Referrer-Policy", "same-origin"),
    ("Permissions-Policy", "camera=(), microphone=(), geolocation=()"),
)
# Pages show one person's data; no shared cache or back button may keep a copy.
DYNAMIC = (("Cache-Control", "no-store"),)
PRODUCTION = (("Strict-Transport-Security", "max-age=63072000; includeSubDomains"),)


def register_security_headers(app: Flask) -> None:
    """Attach the headers after every request (a view's own value of one is kept)."""

    @app.after_request
    def add_headers(response: Response) -> Response:
        # One pass over the response's headers, not one ``setdefault`` scan per header.
        present = {key.lower() for key, _value in response.headers.items()}
        wanted = EVERY_RESPONSE
        if response.mimetype in DYNAMIC_TYPES:
            wanted += DYNAMIC
        if app.config.get("PRODUCTION"):
            wanted += PRODUCTION
        for key, value in wanted:
            if key.lower() not in present:
                response.headers.add(key, value)
        return response
