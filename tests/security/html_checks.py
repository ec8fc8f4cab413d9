"""Scan rendered HTML for anything the Content-Security-Policy would block or that could run.

The site's templates contain no inline script, no event-handler attributes, no style attributes
and no script URLs, so any of them in a page is either a template bug or an injected payload.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

URL_ATTRIBUTES = frozenset(
    {
        "href",
        "src",
        "action",
        "formaction",
        "xlink:href",
        "data",
        "poster",
        "background",
        "cite",
        "srcset",
    }
)
DATA_SCRIPT_TYPES = frozenset({"application/json", "application/ld+json"})
FORBIDDEN_TAGS = frozenset({"iframe", "frame", "object", "embed", "base", "applet"})
SCRIPT_SCHEMES = ("javascript:", "vbscript:", "data:text/html")
INVISIBLE = re.compile(r"[\x00-\x20\x7f-\x9f\u200b-\u200f\u2028-\u202e\ufeff]")


def is_script_url(value: str) -> bool:
    """Browsers ignore whitespace and control characters inside a URL scheme."""
    return INVISIBLE.sub("", value).lower().startswith(SCRIPT_SCHEMES)


class PageScanner(HTMLParser):
    """Collect every CSP-forbidden or executable construct in one document."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self._inline_script: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Check the tag and each attribute."""
        names = {name: value or "" for name, value in attrs}
        is_data = names.get("type", "").lower() in DATA_SCRIPT_TYPES
        if tag == "script" and "src" not in names and not is_data:
            self._inline_script = ""
        if tag in FORBIDDEN_TAGS:
            self.problems.append(f"<{tag}> element")
        if tag == "meta" and names.get("http-equiv", "").lower() == "refresh":
            self.problems.append("<meta http-equiv=refresh>")
        for name, value in names.items():
            self._check_attribute(tag, name, value)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Self-closing tags get the same checks."""
        self.handle_starttag(tag, attrs)
        if tag == "script":
            self.handle_endtag(tag)

    def _check_attribute(self, tag: str, name: str, value: str) -> None:
        """Event handlers, inline styles, srcdoc and script URLs are never allowed."""
        if name.startswith("on"):
            self.problems.append(f"<{tag} {name}=…> event handler")
        elif name == "style":
            self.problems.append(f"<{tag} style=…> inline style")
        elif name == "srcdoc":
            self.problems.append(f"<{tag} srcdoc=…>")
        elif name in URL_ATTRIBUTES and is_script_url(value):
            self.problems.append(f"<{tag} {name}={value[:40]!r}> script URL")

    def handle_data(self, data: str) -> None:
        """Text inside an inline script is its body."""
        if self._inline_script is not None:
            self._inline_script += data

    def handle_endtag(self, tag: str) -> None:
        """Any inline script (with or without a body) is blocked by the CSP."""
        if tag == "script" and self._inline_script is not None:
            self.problems.append(f"inline <script> body {self._inline_script.strip()[:40]!r}")
            self._inline_script = None


def csp_problems(html: str) -> list[str]:
    """Every construct in ``html`` that the site's CSP forbids or that would execute."""
    scanner = PageScanner()
    scanner.feed(html)
    scanner.close()
    if scanner._inline_script is not None:
        scanner.problems.append("unterminated inline <script>")
    if re.search(r"<style[\s>]", html, re.IGNORECASE):
        scanner.problems.append("inline <style> block")
    return scanner.problems
