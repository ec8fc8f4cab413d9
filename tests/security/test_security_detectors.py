"""The detectors the other security tests rely on catch what they claim to (no app needed)."""

from __future__ import annotations

import html

import pytest

from tests.security.html_checks import csp_problems, is_script_url
from tests.security.payloads import PAYLOADS
from tests.security.xss import inert_problems

SAFE_PAGE = """<!doctype html><html><head><link rel="stylesheet" href="/static/css/site.css">
<script src="/static/js/exam.js" defer></script>
<script type="application/json" id="data">{"a": 1}</script></head>
<body><a href="/x">x</a><img src="data:image/png;base64,AAAA" alt=""><p>{text}</p></body></html>"""


@pytest.mark.parametrize(
    "fragment",
    [
        "<script>alert(1)</script>",
        "<script></script>",
        "<SCRIPT>alert(1)</SCRIPT>",
        '<img src=x onerror="alert(1)">',
        "<svg onload=alert(1)>",
        '<div style="color:red">x</div>',
        '<a href="javascript:alert(1)">x</a>',
        '<a href=" JaVa\tScRiPt:alert(1)">x</a>',
        '<a href="\u200bjavascript:alert(1)">x</a>',
        '<form action="javascript:alert(1)"></form>',
        '<iframe srcdoc="<b>x</b>"></iframe>',
        '<object data="x.swf"></object>',
        '<base href="//evil.example/">',
        '<meta http-equiv="refresh" content="0;url=//evil.example">',
        "<style>body{display:none}</style>",
        '<a href="data:text/html,<script>alert(1)</script>">x</a>',
    ],
)
def test_dangerous_markup_is_detected(fragment):
    assert csp_problems(SAFE_PAGE.replace("{text}", fragment))


def test_a_clean_page_passes():
    assert csp_problems(SAFE_PAGE.replace("{text}", "hello")) == []


@pytest.mark.parametrize("name", sorted(PAYLOADS))
def test_escaped_payloads_are_inert_and_raw_html_payloads_are_not(name):
    payload = PAYLOADS[name]
    escaped_page = SAFE_PAGE.replace("{text}", html.escape(payload))
    assert inert_problems(escaped_page, payload, "escaped", shown=True) == []
    raw_page = SAFE_PAGE.replace("{text}", payload)
    if "<" in payload:
        assert inert_problems(raw_page, payload, "raw")


def test_evaluated_template_is_detected():
    page = SAFE_PAGE.replace("{text}", "4011")
    assert inert_problems(page, "{{ 1337*3 }}", "evaluated")


def test_a_missing_payload_is_reported_when_it_should_show():
    assert inert_problems(SAFE_PAGE.replace("{text}", "other"), "mine", "page", shown=True)


@pytest.mark.parametrize(
    ("url", "dangerous"),
    [
        ("javascript:alert(1)", True),
        ("  javascript:x", True),
        ("vbscript:x", True),
        ("https://example.org/javascript:", False),
        ("/path", False),
        ("mailto:a@b.org", False),
    ],
)
def test_script_urls(url, dangerous):
    assert is_script_url(url) is dangerous
