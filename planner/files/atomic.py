"""Atomic file writes: a temporary file in the same folder, fsync, then rename over the target.

A crash or a failed write leaves the old file as it was (the git-cola#1241 lesson). What the rename
cannot do right is refused before anything is written:
- a target that is not a regular file (a device, a FIFO, a folder): renaming would replace it;
- a file with more than one hard link: renaming would give this name a separate copy and silently
  break the link; rather than write in place (not atomic), the save is refused and says so.
Temporary files are named `.NAME.nlp-budget-PID-XXXX.tmp`, removed on any error, and a leftover of a
killed save (its process gone) is removed by the next save of the same file.
"""

from __future__ import annotations

import errno
import os
import re
import stat
import tempfile
from pathlib import Path

TAG = "nlp-budget"


class TargetRefused(OSError):
    """The target cannot be replaced by a rename; `strerror` says why."""


def write_atomic(path: str | Path, data: bytes | str) -> None:
    # Through a symbolic link, replace the file it points to: renaming over the link itself would
    # turn it into a plain file and leave the real one (often in another folder) unchanged.
    path = Path(os.path.realpath(path))
    if isinstance(data, str):
        data = data.encode("utf-8")
    folder = path.parent if str(path.parent) else Path(".")
    existing = _check_target(path)
    remove_leftovers(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.{TAG}-{os.getpid()}-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, existing.st_mode & 0o7777 if existing else 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _check_target(path: Path) -> os.stat_result | None:
    """The target's status, or None when it does not exist yet; raises TargetRefused."""
    try:
        status = os.stat(path)
    except FileNotFoundError:
        return None
    if not stat.S_ISREG(status.st_mode):
        kind = "a folder" if stat.S_ISDIR(status.st_mode) else "not a regular file (a device, FIFO or socket)"
        raise TargetRefused(errno.EINVAL, f"it is {kind}; only regular files are replaced")
    if status.st_nlink > 1:
        raise TargetRefused(errno.EMLINK, f"it has {status.st_nlink} hard links, which saving would break "
                            "(it writes a new file and renames it); save under another name, or remove "
                            "the other links")
    return status


def remove_leftovers(path: Path) -> list[Path]:
    """Remove temporary files that a killed save of `path` left behind (their process is gone)."""
    pattern = re.compile(re.escape(f".{path.name}.{TAG}-") + r"(\d+)-[^/]*\.tmp")
    removed = []
    try:
        entries = list(path.parent.iterdir())
    except OSError:
        return removed
    for entry in entries:
        found = pattern.fullmatch(entry.name)
        if found and int(found.group(1)) != os.getpid() and not _alive(int(found.group(1))):
            try:
                entry.unlink()
                removed.append(entry)
            except OSError:
                pass
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, ValueError):
        return True   # someone else's process (or not a pid): leave its file alone
    return True


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
