"""Lesson Markdown renders to sanitised HTML: useful structure kept, every script vector inert."""

from __future__ import annotations

import re

import pytest

from app.config import REPO_ROOT
from app.services.common.markdown_render import render_markdown

DANGEROUS = re.compile(
    r"<script|<iframe|<img|<svg|<object|<embed|<style|<form|<input|\son\w+\s*=|javascript:|"
    r"data:text|srcdoc|style=",
    re.IGNORECASE,
)


@pytest.mark.parametrize(
    "payload",
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "[click](javascript:alert(1))",
        "[click](JaVaScRiPt:alert(1))",
        "[click](  javascript:alert(1))",
        '<a href="jav&#x09;ascript:alert(1)">x</a>',
        "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        '<iframe src="https://evil.example"></iframe>',
        '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
        "<svg onload=alert(1)><circle r=1 /></svg>",
        '<p onclick="alert(1)" style="position:fixed">raw attrs</p>',
        '<div onmouseover="alert(1)">hover</div>',
        '<a href="https://ok.example" onclick="alert(1)">link</a>',
        '<object data="x.swf"></object><embed src="x">',
        "<style>body{display:none}</style>",
        '<form action="https://evil.example"><input name=q></form>',
        "![img](javascript:alert(1))",
        '<img src="data:image/svg+xml,<svg onload=alert(1)>">',
        "<details open ontoggle=alert(1)>x</details>",
        "<math><mtext><script>alert(1)</script></mtext></math>",
    ],
)
def test_script_injection_renders_inert(payload):
    html, toc, _words = render_markdown(f"## Heading\n\nBefore.\n\n{payload}\n\nAfter.\n")
    assert not DANGEROUS.search(html), html
    assert "alert(1)</script>" not in html
    assert "Before." in html and "After." in html


def test_attribute_lists_are_off():
    html = render_markdown("## Title {: onclick=alert(1) #x .y }\n\nText {: style=x }\n").html
    assert "onclick" in html and "<h2 id=" in html
    assert not re.search(r"<[^>]*(onclick|style)=", html)


def test_raw_html_cannot_set_classes_or_ids_outside_the_allow_list():
    html = render_markdown(
        '<div class="admonition evil" id="login">x</div>\n\n<h2 id="location">h</h2>\n'
    ).html
    assert 'class="admonition"' in html and "evil" not in html
    assert 'id="login"' not in html and 'id="location"' not in html


def test_safe_links_headings_tables_and_code_are_kept():
    text = (
        '## First section\n\nSee [the guide](https://example.org/guide "Guide"), '
        "[a page](/courses/) and [mail](mailto:team@example.org).\n\n"
        "### Sub part\n\n| a | b |\n|:--|--:|\n| 1 | 2 |\n\n"
        "```python\nprint('hi')\n```\n\n> quoted\n\n1. one\n2. two\n\n*em* **strong**\n"
    )
    html, toc, words = render_markdown(text)
    assert '<h2 id="sec-first-section">First section</h2>' in html
    assert 'href="https://example.org/guide" title="Guide"' in html
    assert 'href="/courses/"' in html and 'href="mailto:team@example.org"' in html
    assert '<th align="left">a</th>' in html and "<pre><code>" in html
    assert "<blockquote>" in html and "<ol>" in html
    assert "<em>em</em>" in html and "<strong>strong</strong>" in html
    assert 'href="#sec-first-section"' in toc and 'href="#sec-sub-part"' in toc
    assert words > 15


def test_admonitions_keep_their_classes():
    html = render_markdown('!!! pitfall "Common mistake"\n    Indented body.\n').html
    assert '<div class="admonition pitfall">' in html
    assert '<p class="admonition-title">Common mistake</p>' in html


def test_indented_code_inside_admonitions_renders_as_code():
    """Lesson 18 puts code in admonitions as indented blocks (fenced code cannot go there)."""
    path = REPO_ROOT / "courses/ai-trainer-foundations/18-correction-worked-examples.md"
    body = path.read_text().split("\n---\n", 1)[1]
    html = render_markdown(body).html
    example = html[html.index("Example 2") : html.index("Example 3")]
    assert example.count("<pre><code>") == 2
    assert 'cur.execute("SELECT * FROM users WHERE name = ?", (name,))' in example


def test_no_headings_no_toc_and_word_count():
    html, toc, words = render_markdown("Just three words.")
    assert toc == "" and words == 3 and html == "<p>Just three words.</p>"
