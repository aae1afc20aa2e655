"""HTML bodies: readable text for the ticket, sanitized markup for display."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import nh3

_BLOCK = {
    "address", "article", "aside", "div", "dl", "dt", "dd", "fieldset", "figure", "footer",
    "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p",
    "pre", "section", "table", "tr", "ul",
}  # fmt: skip
_SKIPPED = {"head", "script", "style", "title", "template", "noscript"}
_URL_SCHEMES = set(nh3.ALLOWED_URL_SCHEMES) | {"cid"}


class _TextCollector(HTMLParser):
    """Collects text line by line; quoted blocks get a '> ' prefix like a plain-text reply."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self._current: list[str] = []
        self._skip_depth = 0
        self._quote_depth = 0
        self._pre_depth = 0

    def _break(self, *, explicit: bool = False) -> None:
        line = "".join(self._current)
        if self._pre_depth == 0:
            line = re.sub(r"[ \t\r\n\f\u00a0]+", " ", line).strip()
        if line:
            self.lines.append(("> " * self._quote_depth) + line)
        elif explicit and self.lines and self.lines[-1]:
            self.lines.append("")
        self._current = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self._skip_depth += 1
        elif tag == "br":
            self._break(explicit=not self._current)
        elif tag in _BLOCK or tag == "blockquote":
            self._break()
            self._quote_depth += tag == "blockquote"
            self._pre_depth += tag == "pre"
            if tag == "li":
                self._current.append("- ")
        elif tag in {"td", "th"}:
            self._current.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self._skip_depth = max(0, self._skip_depth - 1)
        elif tag in _BLOCK or tag == "blockquote":
            self._break()
            if tag == "blockquote":
                self._quote_depth = max(0, self._quote_depth - 1)
            if tag == "pre":
                self._pre_depth = max(0, self._pre_depth - 1)

    def handle_data(self, data: str) -> None:
        if self._skip_depth == 0:
            self._current.append(data)

    def text(self) -> str:
        self._break()
        return "\n".join(self.lines).strip()


def html_to_text(html: str) -> str:
    """Readable plain text of an HTML body (quoted blocks prefixed with '> ')."""
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    return collector.text()


def sanitize_html(html: str) -> str:
    """HTML safe to show an agent: no scripts, handlers or foreign URL schemes (cid: kept)."""
    return nh3.clean(html, url_schemes=_URL_SCHEMES, clean_content_tags=_SKIPPED)
