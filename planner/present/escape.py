"""Strings from files (names, sources, key names, file names) escaped for the place they go.

Scenario and catalog files come from colleagues: a name is text to show, never markup, a formula or a
terminal command. One function per target:
- `md_escape`: Markdown (and the HTML Markdown passes through), e.g. `<img src=x onerror=...>`, `|`.
- `csv_safe`: a CSV cell a spreadsheet would run as a formula (=, +, -, @, tab, CR at its start).
- `html_text`: Qt rich text and HTML reports (the window's tooltips and labels).
- `terminal_line` / `terminal_text`: what the command line prints; control characters (escape
  sequences, carriage returns, newlines in a one-line message) are shown as visible escapes.
"""

from __future__ import annotations

import html
import re

_LIST_MARKER = re.compile(r"\s*(?:[-+]|\d+[.)])(?=\s|$)")  # "- x", "+ x", "1. x", "1) x"; not "-5", "1.5"
_MD_SPECIAL = set("\\`*_{}[]<>&|#!~")


def md_escape(value: str) -> str:
    """Text printed literally in Markdown (a heading, a paragraph, a list item, a table cell): escape
    what Markdown or HTML would interpret, and a list marker at its start ("- ", "+ ", "1. ");
    '.', '-' and '()' inside the text stay readable in numbers, dates and ids."""
    plain = _CONTROL.sub(" ", str(value))  # a newline would end the cell or the heading
    text = "".join("\\" + ch if ch in _MD_SPECIAL else ch for ch in plain)
    marker = _LIST_MARKER.match(text)
    if marker:  # escape the marker's last character: "\- x", "1\. x"
        text = text[:marker.end() - 1] + "\\" + text[marker.end() - 1:]
    return text


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # OWASP "CSV injection": a leading ' makes it text


def csv_safe(value: str) -> str:
    """A cell starting with = + - @ (or a tab or CR before one) would run as a formula: quote it as text."""
    value = str(value)
    return "'" + value if value.startswith(_FORMULA_START) else value


def html_text(value) -> str:
    """Text shown literally in Qt rich text or HTML (tooltips, labels, the printed report)."""
    return html.escape(str(value), quote=True)


# C0 controls, DEL and C1 controls (0x9b is CSI on some terminals); bidi overrides reorder text.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_KEEP_IN_TEXT = {"\n", "\t"}


def _visible(match: re.Match) -> str:
    ch = match.group()
    named = {"\n": "\\n", "\r": "\\r", "\t": "\\t", "\x1b": "\\e"}
    return named.get(ch) or (f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}")


def terminal_line(value: str, keep: str = "") -> str:
    """One line for a terminal: every control character (newline included) shown as an escape."""
    return _CONTROL.sub(lambda m: m.group() if m.group() in keep else _visible(m), str(value))


def terminal_text(value: str) -> str:
    """Multi-line output for a terminal: newlines and tabs kept, other control characters escaped."""
    return terminal_line(value, "".join(_KEEP_IN_TEXT))
