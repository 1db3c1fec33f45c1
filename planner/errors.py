"""Errors a user can read: every refusal names the file, the key, the line, what was expected and found."""

from __future__ import annotations

import difflib
from pathlib import Path


class ScenarioError(ValueError):
    """A scenario or catalog file was refused. `str(error)` is the whole message a person reads."""

    def __init__(self, file: str | Path | None, key: str | None, expected: str,
                 found: str | None = None, line: int | None = None):
        self.file = str(file) if file is not None else None
        self.key = key
        self.expected = expected
        self.found = found
        self.line = line
        super().__init__(self._message())

    def _message(self) -> str:
        where = self.file or "<scenario>"
        if self.line is not None:
            where += f", line {self.line}"
        head = f"{where}: {self.key}: " if self.key else f"{where}: "
        text = head + self.expected
        if self.found is not None:
            text += f"; found {self.found}"
        return text


class CatalogError(ScenarioError):
    """A catalog file (hardware, regions, pricing) was refused."""


def nearest(word: str, choices) -> str:
    """'did you mean' text listing the closest known ids, so a typo is one glance from its fix."""
    choices = sorted(set(choices))
    # Ids are lowercase; compare case-insensitively so that "H100" suggests h100 first.
    lowered = {c.lower(): c for c in choices}
    close = [lowered[c] for c in difflib.get_close_matches(str(word).lower(), lowered, n=3, cutoff=0.4)]
    if close:
        return "nearest: " + ", ".join(close)
    return "known: " + ", ".join(choices[:12]) + (" ..." if len(choices) > 12 else "")
