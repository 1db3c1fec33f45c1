"""What the open file held when the window last read or wrote it, to notice another program's changes.

Compared at save time (not by a watcher that fires on every editor's temporary writes): the size and a
SHA-256 of the content, so that a `touch` or an editor saving the same bytes is not a change.
"""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

from planner.model.bounds import MAX_FILE_BYTES


def stamp(path: Path | None) -> tuple | None:
    """(size, sha256) of a regular file; ("missing",) when it is gone; ("special", mode) otherwise."""
    if path is None:
        return None
    try:
        status = os.stat(path)
        if not stat.S_ISREG(status.st_mode):
            return ("special", status.st_mode)
        with open(path, "rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        return ("missing",)
    except OSError as exc:
        return ("unreadable", exc.errno)
    return (status.st_size, hashlib.sha256(data).hexdigest())
