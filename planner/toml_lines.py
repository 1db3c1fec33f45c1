"""Find the line of a key in TOML text, so that a refusal can point at it.

tomllib reports lines only for syntax errors; for a value that parses but is wrong we scan the text.
"""

from __future__ import annotations

import re

_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?")
_KEY = re.compile(r"""^\s*("?)([A-Za-z0-9_\-.]+)\1\s*=""")


def key_line(text: str | None, dotted: str) -> int | None:
    """Line (1-based) of `dotted` ("compute.count", "project.ablations[1].runs", "name")."""
    if not text:
        return None
    parts = dotted.split(".")
    key = parts[-1]
    table_path = ".".join(parts[:-1])
    index = 0
    m = re.match(r"^(.*)\[(\d+)\]$", table_path)
    if m:
        table_path, index = m.group(1), int(m.group(2))
    entry = re.match(r"^(.*)\[(\d+)\]$", dotted)  # an array-of-tables entry itself
    current = ""
    seen = -1
    for number, line in enumerate(text.splitlines(), start=1):
        header = _HEADER.match(line)
        if header:
            current = header.group(2).strip().replace('"', "")
            if header.group(1) == "[[" and current in (table_path, entry and entry.group(1)):
                seen += 1
                if entry and current == entry.group(1) and seen == int(entry.group(2)):
                    return number
            continue
        found = _KEY.match(line)
        if not found:
            continue
        name = found.group(2)
        full = f"{current}.{name}" if current else name
        target = f"{table_path}.{key}" if table_path else key
        if full == target and (not m or seen == index):
            return number
    return None
