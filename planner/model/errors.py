"""Errors by kind, shared by every front end. Each message is one line a person can act on.

- `ScenarioError`: a file (scenario or catalog) was refused: file, line, key, expected, found.
- `RequestError`: a value a person gave (a field in the window, an option on the command line) was
  refused: it names the field as the scenario calls it (`compute.count`, `budget`), never a flag.
- `ComputeError`: the inputs are valid one by one but the result cannot be computed (it overflows, or a
  plan has no answer); it names the inputs involved.

All are `PlannerError`; the window catches that, never a bare ValueError, so that a genuine bug is never
shown to a person as if it were their mistake. They stay ValueErrors for scripts written against
earlier versions.
"""

from __future__ import annotations

import difflib
from pathlib import Path


class PlannerError(ValueError):
    """Anything the planner refuses; `str(error)` is the whole message a person reads."""


class ScenarioError(PlannerError):
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


class RequestError(PlannerError):
    """A value a person asked for was refused. `field` is the scenario's name for it (`pricing.offer`,
    `budget`, `deadline`); front ends say it in their own words (a flag, a highlighted field)."""

    def __init__(self, field: str | None, expected: str, found: str | None = None, file: str | None = None):
        self.field = field
        self.expected = expected
        self.found = found
        self.file = str(file) if file is not None else None
        super().__init__(self.message(field))

    def message(self, name: str | None) -> str:
        """The message with the field called `name` (a front end's word for it: "--budget")."""
        text = (f"{self.file}: " if self.file else "") + (f"{name}: " if name else "") + self.expected
        return text + (f"; found {self.found}" if self.found is not None else "")


class ComputeError(PlannerError):
    """The inputs cannot give a finite or meaningful result; `inputs` names the ones involved."""

    def __init__(self, message: str, inputs: tuple[str, ...] = (), file: str | None = None):
        self.inputs = tuple(inputs)
        self.file = file
        super().__init__(f"{file}: {message}" if file else message)


def nearest(word: str, choices) -> str:
    """'did you mean' text listing the closest known ids, so a typo is one glance from its fix."""
    choices = sorted(set(choices))
    # Ids are lowercase; compare case-insensitively so that "H100" suggests h100 first.
    lowered = {c.lower(): c for c in choices}
    close = [lowered[c] for c in difflib.get_close_matches(str(word).lower(), lowered, n=3, cutoff=0.4)]
    if close:
        return "nearest: " + ", ".join(close)
    return "known: " + ", ".join(choices[:12]) + (" ..." if len(choices) > 12 else "")
