"""How the command line writes: never a traceback, NaN or Infinity, and quietly when its reader leaves."""

from __future__ import annotations

import io
import json
import os
import sys

from planner.engine.summary_types import plain
from planner.model.errors import ComputeError
from planner.present.escape import terminal_line, terminal_text


def json_text(data, file) -> str:
    """JSON text; never Infinity or NaN, which JSON does not have and other programs would choke on."""
    try:
        return json.dumps(data, indent=2, allow_nan=False, default=plain) + "\n"
    except ValueError:
        raise ComputeError("gives a figure that is not a finite number: a number in the file is too large or "
                           "too small; check its largest and smallest values", file=file) from None


def emit(text: str) -> int:
    """Write the output; a reader that went away (`| head`) or a full disk is no traceback."""
    try:
        sys.stdout.write(terminal_text(text))  # names from files never reach the terminal as commands
        sys.stdout.flush()
    except BrokenPipeError:
        silence_stdout()
        return 141  # as a command killed by SIGPIPE, the shell's convention (128 + 13)
    except OSError as exc:
        silence_stdout()
        note(f"error: the output could not be written ({exc.strerror or exc})")
        return 2
    return 0


def silence_stdout() -> None:
    """Point stdout at devnull, so that Python's own flush at exit does not fail a second time
    (the recipe of the Python docs, signal module, "Note on SIGPIPE")."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, io.UnsupportedOperation):
        pass  # stdout is not a real file (a test's capture): nothing is flushed at exit


def note(text: str) -> None:
    """One line on stderr: a file name or key with a newline or an escape sequence is shown escaped."""
    try:
        print(terminal_line(text), file=sys.stderr)
    except OSError:
        pass  # nowhere left to say it
