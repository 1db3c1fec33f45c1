"""Read a scenario or catalog file as text: bounded, UTF-8, every failure an error naming the file.

Files come from colleagues: a wrong path can point at /dev/zero or a binary, so at most `limit` bytes
are read and anything that is not UTF-8 text is refused before the TOML parser sees it.
"""

from __future__ import annotations

from pathlib import Path

from planner.model.errors import ScenarioError


def read_text(path: str | Path, limit: int, kind: str = "scenario", error=ScenarioError) -> str:
    """The file's text, without the byte-order mark some Windows editors write (not TOML, but harmless)."""
    path = Path(path)
    try:
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        raise error(path, None, f"cannot be read ({exc.strerror or exc})") from None
    if len(data) > limit:
        raise error(path, None, f"expected a {kind} file of at most {limit:,} bytes", f"more than {limit:,} bytes")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise error(path, None, "expected a UTF-8 text file (TOML)", "binary or non-UTF-8 data") from None
    return text[1:] if text.startswith("\ufeff") else text
