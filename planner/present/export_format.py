"""Which format an export is, chosen from its file name's extension in one place for every front end."""

from __future__ import annotations

from pathlib import Path

from planner.model.errors import RequestError

EXTENSIONS = {".pdf": "pdf", ".md": "markdown", ".markdown": "markdown", ".csv": "csv", ".json": "json",
              ".png": "png", ".svg": "svg"}


def export_format(path: str | Path, allowed: tuple[str, ...]) -> str:
    """"pdf", "markdown", "csv", "json", "png" or "svg" for `path`; RequestError (field `output`) when its
    extension is none of `allowed`."""
    kind = EXTENSIONS.get(Path(path).suffix.lower())
    if kind not in allowed:
        wanted = ", ".join(ext for ext, k in EXTENSIONS.items() if k in allowed and ext != ".markdown")
        raise RequestError("output", f"expected a file name ending in {_or(wanted)}",
                           f'"{Path(path).suffix}"' if Path(path).suffix else "no extension")
    return kind


def _or(items: str) -> str:
    head, _, last = items.rpartition(", ")
    return f"{head} or {last}" if head else last
