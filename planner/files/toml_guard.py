"""Parse untrusted TOML within limits, so that any file accepted stays small and fast to work with.

tomllib itself has no limits: 1,000 nested arrays exhaust Python's recursion (RecursionError), an
integer of 5,000 digits exceeds Python's int-to-text limit (ValueError), and a 4,000-digit hex
integer parses but breaks whatever prints it. Each of these is refused here as one ScenarioError
(file, line, key, expected, found) before any other code sees the data. The limits are documented in
docs/scenario-format.md ("Limits").
"""

from __future__ import annotations

import re
import tomllib

from planner.files.toml_lines import key_line, syntax_error_line

MAX_DEPTH = 16           # nested tables and arrays: a scenario uses 4 ([project] > ablations > row > range)
MAX_STRING = 10_000      # characters in one string value (a description is a paragraph)
MAX_KEY = 200            # characters in one key
MAX_ITEMS = 10_000       # entries in one array or table
INT_MIN, INT_MAX = -2**63, 2**63 - 1   # TOML's own range: "arbitrary 64-bit signed integers"


def parse_toml(text: str, file: str, error) -> dict:
    """The parsed file; raises `error` (ScenarioError or CatalogError) for a syntax error or a limit."""
    depth_line = _too_deep(text)
    if depth_line is not None:
        raise error(file, None, f"expected at most {MAX_DEPTH} nested arrays or tables",
                    "deeper nesting", line=depth_line)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise error(file, None, f"is not valid TOML: {exc}", line=syntax_error_line(exc)) from None
    except RecursionError:  # the scan above should catch it first; never a traceback either way
        raise error(file, None, f"expected at most {MAX_DEPTH} nested arrays or tables",
                    "deeper nesting") from None
    except (ValueError, MemoryError):  # an integer beyond Python's int-to-text limit (4,300 digits)
        long = _LONG_NUMBER.search(text)
        raise error(file, None, "expected an integer TOML can hold (64-bit: at most 19 digits)",
                    "an integer of thousands of digits",
                    line=text.count("\n", 0, long.start()) + 1 if long else None) from None
    check_limits(data, file, text, error)
    return data


def check_limits(data: dict, file: str, text: str | None, error) -> None:
    """Walk the parsed data (without recursion) and refuse the first value beyond a limit."""
    stack = [("", data, 1)]
    while stack:
        path, value, depth = stack.pop()
        if depth > MAX_DEPTH:
            _fail(error, file, text, path, f"expected at most {MAX_DEPTH} nested arrays or tables",
                  "deeper nesting")
        if isinstance(value, dict):
            if len(value) > MAX_ITEMS:
                _fail(error, file, text, path, f"expected at most {MAX_ITEMS:,} keys", f"{len(value):,}")
            for key, item in value.items():
                if len(key) > MAX_KEY:
                    _fail(error, file, text, path, f"expected keys of at most {MAX_KEY} characters",
                          f"a key of {len(key):,} characters")
                stack.append((f"{path}.{key}" if path else key, item, depth + 1))
        elif isinstance(value, list):
            if len(value) > MAX_ITEMS:
                _fail(error, file, text, path, f"expected at most {MAX_ITEMS:,} items",
                      f"an array of {len(value):,} items")
            stack.extend((f"{path}[{i}]", item, depth + 1) for i, item in enumerate(value))
        elif isinstance(value, str) and len(value) > MAX_STRING:
            _fail(error, file, text, path, f"expected a string of at most {MAX_STRING:,} characters",
                  f"{len(value):,} characters")
        elif isinstance(value, int) and not isinstance(value, bool) and not INT_MIN <= value <= INT_MAX:
            _fail(error, file, text, path, "expected an integer TOML can hold (64-bit: at most 19 digits)",
                  _integer_size(value))


def _fail(error, file, text, path, expected, found):
    raise error(file, path or None, expected, found, key_line(text, path) if path else None)


def _too_deep(text: str) -> int | None:
    """The line where brackets outside strings and comments nest deeper than MAX_DEPTH, else None.

    A lexical scan, linear in the text and jumping between the characters that matter: enough to
    refuse a deep file before tomllib recurses into it.
    """
    if text.count("[") + text.count("{") <= MAX_DEPTH:
        return None
    depth, line, quote, comment, skip = 0, 1, "", False, -1
    for match in _TOKENS.finditer(text):
        token, at = match.group(), match.start()
        if at < skip:
            continue
        if token == "\n":
            line += 1
            comment = False
        elif comment:
            continue
        elif quote:
            if token == "\\" and quote[0] == '"':
                skip = at + 2   # an escaped character in a basic string, a quote perhaps
            elif token == quote or (len(quote) == 1 and token[0] == quote):
                quote = ""      # (a '"""' after a one-quote string is a syntax error tomllib reports)
        elif token == "#":
            comment = True
        elif token[0] in "\"'":
            quote = token
        elif token in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return line
        elif token in "]}":
            depth = max(depth - 1, 0)
    return None


_TOKENS = re.compile(r'"""|\'\'\'|[\[\]{}\n#"\'\\]')


def _integer_size(value: int) -> str:
    if value.bit_length() <= 14_000:  # below Python's 4,300-digit limit on int-to-text conversion
        return f"an integer of {len(str(abs(value))):,} digits"
    return f"an integer of {value.bit_length():,} bits"


_LONG_NUMBER = re.compile(r"[0-9_]{4000,}")
