"""Find the line of a key in TOML text, so that a refusal can point at it.

tomllib reports lines only for syntax errors; for a value that parses but is wrong we scan the text.
A key that is missing points at its table's header (`[model]` for a missing `model.vocab`), and a
key inside an inline table at the line of that table.
"""

from __future__ import annotations

import re

_PART = r"""(?:[A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*"|'[^']*')"""
_PATH = rf"{_PART}(?:\s*\.\s*{_PART})*"
_HEADER = re.compile(rf"^\s*(\[\[?)\s*({_PATH})\s*\]")
_KEY = re.compile(rf"^\s*({_PATH})\s*=")


def syntax_error_line(error: Exception) -> int | None:
    """The line of a tomllib syntax error: Python 3.11 has it only in the text, "(at line 15, column 9)"."""
    found = re.search(r"\(at line (\d+), column \d+\)", str(error))
    return int(found.group(1)) if found else None


def key_line(text: str | None, dotted: str) -> int | None:
    """Line (1-based) of `dotted` ("compute.count", "project.ablations[1].runs", "name"), else of the
    nearest enclosing table or key that the text spells out, else None."""
    if not text:
        return None
    lines = _index(text)
    target = _target(dotted)
    for size in range(len(target), 0, -1):
        if target[:size] in lines:
            return lines[target[:size]]
    return None


def _target(dotted: str) -> tuple:
    """"project.ablations[1].runs" -> ("project", "ablations", 1, "runs")."""
    out: list = []
    for part in dotted.split("."):
        found = re.fullmatch(r"(.*)\[(\d+)\]", part)
        out += [found.group(1), int(found.group(2))] if found else [part]
    return tuple(out)


def _split(path: str) -> tuple[str, ...]:
    return tuple(p[1:-1] if p[0] in "\"'" else p for p in re.findall(_PART, path))


def _index(text: str) -> dict[tuple, int]:
    """First line of every table header and key, by full path (array-of-tables entries numbered)."""
    lines: dict[tuple, int] = {}
    arrays: dict[tuple, int] = {}  # array-of-tables path -> index of its latest entry
    current: tuple = ()
    in_string = None
    for number, line in enumerate(text.splitlines(), start=1):
        if in_string:  # inside a multi-line string: its lines are text, not keys
            if line.count(in_string) % 2:
                in_string = None
            continue
        header = _HEADER.match(line)
        if header:
            path = _split(header.group(2))
            if header.group(1) == "[[":
                arrays[path] = arrays.get(path, -1) + 1
            current = _numbered(path, arrays)
            lines.setdefault(current, number)
            if header.group(1) == "[[":
                lines.setdefault(current[:-1], number)  # the array itself: its first entry
            continue
        key = _KEY.match(line)
        if key:
            lines.setdefault(current + _split(key.group(1)), number)
            rest = line[key.end():]
            for quote in ('"""', "'''"):
                if rest.count(quote) % 2:
                    in_string = quote
    return lines


def _numbered(path: tuple[str, ...], arrays: dict[tuple, int]) -> tuple:
    """A header's path with the entry number after every array of tables it lies in."""
    out: list = []
    for i, part in enumerate(path):
        out.append(part)
        if path[:i + 1] in arrays:
            out.append(arrays[path[:i + 1]])
    return tuple(out)
