"""Read a scenario or catalog file as text: bounded, UTF-8, every failure an error naming the file.

Files come from colleagues: a wrong path can point at /dev/zero, a FIFO nobody writes to or a binary,
so only a regular file is read (checked on the open descriptor, opened without blocking, so a FIFO is
refused at once instead of waiting for a writer), at most `limit` bytes are read, and anything that
is not UTF-8 text is refused before the TOML parser sees it.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from planner.model.errors import ScenarioError


def read_text(path: str | Path, limit: int, kind: str = "scenario", error=ScenarioError) -> str:
    """The file's text, without the byte-order mark some Windows editors write (not TOML, but harmless)."""
    path = Path(path)
    data = _read_regular(path, limit, kind, error)
    if len(data) > limit:
        raise error(path, None, f"expected a {kind} file of at most {limit:,} bytes", f"more than {limit:,} bytes")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise error(path, None, "expected a UTF-8 text file (TOML)", "binary or non-UTF-8 data") from None
    return text[1:] if text.startswith("\ufeff") else text


def _read_regular(path: Path, limit: int, kind: str, error) -> bytes:
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except (OSError, ValueError) as exc:  # ValueError: a NUL byte in the name
        raise error(path, None, f"cannot be read ({getattr(exc, 'strerror', None) or exc})") from None
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise error(path, None, f"expected a regular {kind} file", _what(mode))
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        with os.fdopen(fd, "rb", closefd=False) as handle:
            return handle.read(limit + 1)
    except OSError as exc:
        raise error(path, None, f"cannot be read ({exc.strerror or exc})") from None
    finally:
        os.close(fd)


def _what(mode: int) -> str:
    for test, name in ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO (named pipe)"),
                       (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
                       (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return name
    return "not a regular file"
