"""A seeded, structure-aware mutator of scenario and catalog files, and a runner of every command on
them in-process. Used by tests/cli/test_fuzz.py (a few seconds) and benchmarks/fuzz.py (longer runs).

A mutation parses a bundled file, changes its structure (a value replaced by an extreme number, a
range, a wrong type, a hostile string, deep nesting; a key removed or added; a row duplicated or
dropped) and writes it back, or edits its text (a line dropped, duplicated or cut short). What every
run must show: exit 0 or 2, no traceback or escaping exception, no numpy warning, one line per message
on stderr, no inf or nan in any output, no negative cost in JSON.
"""

from __future__ import annotations

import contextlib
import io
import json
import random
import re
import time
import tomllib
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import tomlkit

ROOT = Path(__file__).resolve().parent.parent
SCENARIO_FILES = sorted((ROOT / "scenarios").glob("*.toml"))
CATALOG_FILES = sorted((ROOT / "resources" / "pricing").glob("*.toml"))

NUMBERS = [0, -1, 1, 2, 0.5, 1e-300, 5e-324, 1e308, 1.7e308, -1e308, float("nan"), float("inf"),
           float("-inf"), 2**53 + 1, 2**63 - 1, -2**63, 1e15, 1e-9, 3, 1e6]
STRINGS = ["", " ", "x" * 500, "<img src=x onerror=alert(1)>", "| a | b |", "=HYPERLINK(\"http://x\")",
           "+1", "-1", "@SUM(1)", "\x1b[31mred\x1b[0m", "two\nlines", "tab\there", "\u202eevil", "h100",
           "gcp-2019", "on-demand", "spot", "usd", "EUR", "nlogn", "linear", "decoder", "bf16", "2019-01-01"]
HOSTILE_LINES = ["zz = " + "[" * 1000 + "1" + "]" * 1000, "zz = " + "{a = " * 300 + "1" + "}" * 300,
                 "zz = " + "9" * 5000, "zz = 0x" + "f" * 4000, "zz = 99999999999999999999",
                 'zz = "' + "y" * 20000 + '"', "zz = [" + "1," * 20000 + "]"]
PREFIXES = ("error:", "warning:", "note:", "wrote ", "nlp-budget")
NOT_FINITE = re.compile(r"(?<![A-Za-z_])(inf|-inf|nan|infinity)(?![A-Za-z_])", re.IGNORECASE)


def _paths(data, prefix=()):
    """Every (path, value) in the parsed file, tables and arrays included."""
    out = [(prefix, data)]
    if isinstance(data, dict):
        for key, value in data.items():
            out += _paths(value, prefix + (key,))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            out += _paths(value, prefix + (i,))
    return out


def _set(data, path, value):
    target = data
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value


def _random_value(rng: random.Random, old):
    choice = rng.random()
    if choice < 0.4:
        return rng.choice(NUMBERS)
    if choice < 0.55:
        low, high = rng.choice(NUMBERS), rng.choice(NUMBERS)
        return [low, high]
    if choice < 0.7:
        return rng.choice(STRINGS)
    if choice < 0.78:
        return rng.choice([True, False, [], {}, [1, 2, 3], {"a": 1}])
    if choice < 0.85:
        nested: object = 1
        for _ in range(rng.choice([3, 10, 20, 40])):
            nested = [nested]
        return nested
    if isinstance(old, (int, float)) and not isinstance(old, bool):
        return old * rng.choice([10, 1e3, 1e10, 1e100, -1, 0, 1e-10, 1e-100, 1.25])
    return rng.choice(NUMBERS)


def mutate_structure(rng: random.Random, data: dict) -> dict:
    for _ in range(rng.choice([1, 1, 2, 3])):
        paths = [p for p, _ in _paths(data) if p]
        if not paths:
            break
        path = rng.choice(paths)
        action = rng.random()
        try:
            parent = data
            for part in path[:-1]:
                parent = parent[part]
            old = parent[path[-1]]
            if action < 0.1 and isinstance(parent, dict):
                del parent[path[-1]]
            elif action < 0.18 and isinstance(parent, dict):
                parent["zz_unknown" + str(rng.randint(0, 9))] = _random_value(rng, None)
            elif action < 0.25 and isinstance(old, list) and old and isinstance(old[0], dict):
                old.extend([dict(old[0])] * rng.choice([1, 10, 100]))  # rows duplicated
            else:
                _set(data, path, _random_value(rng, old))
        except (KeyError, IndexError, TypeError):
            continue
    return data


def mutate_text(rng: random.Random, text: str) -> str:
    lines = text.splitlines(keepends=True)
    if not lines:
        return text
    i = rng.randrange(len(lines))
    action = rng.random()
    if action < 0.3:
        del lines[i]
    elif action < 0.5:
        lines.insert(i, lines[i])
    elif action < 0.7:
        lines[i] = lines[i][: rng.randrange(len(lines[i]) + 1)]
    elif action < 0.78:
        lines[i] = lines[i].replace("=", "= [[[[", 1)
    elif action < 0.9:   # what tomllib cannot bound: deep nesting, huge integers, long strings
        lines.insert(i, rng.choice(HOSTILE_LINES) + "\n")
    else:
        return text[: rng.randrange(len(text) + 1)]
    return "".join(lines)


def mutated_file(rng: random.Random, source: Path) -> str:
    text = source.read_text(encoding="utf-8")
    if rng.random() < 0.25:
        return mutate_text(rng, text)
    data = mutate_structure(rng, tomllib.loads(text))
    try:
        return tomlkit.dumps(data)
    except Exception:  # noqa: BLE001 - a value tomlkit cannot write: fall back to a text mutation
        return mutate_text(rng, text)


def run_command(argv: list[str]) -> tuple[int, str, str, list]:
    """(exit code, stdout, stderr, warnings) of `nlp-budget argv` in this process."""
    from nlp_budget.main import main
    out, err = io.StringIO(), io.StringIO()
    with warnings.catch_warnings(record=True) as caught, contextlib.redirect_stdout(out), \
            contextlib.redirect_stderr(err):
        warnings.simplefilter("always")
        try:
            code = main(argv, pdf_writer=_no_pdf)
        except SystemExit as exc:   # argparse
            code = exc.code
        except Exception as exc:  # noqa: BLE001 - an exception escaping main is what fuzzing looks for
            code, err = f"exception {type(exc).__name__}", io.StringIO(f"Traceback: {type(exc).__name__}: {exc}"[:300])
    return code, out.getvalue(), err.getvalue(), [w for w in caught if not issubclass(w.category, DeprecationWarning)]


def _no_pdf(*args):
    raise RuntimeError("no PDF in fuzzing")


def problems(argv, code, out, err, caught) -> list[str]:
    """What is wrong with one run (empty when it kept every promise)."""
    found = []
    if code not in (0, 2):
        found.append(f"exit {code}")
    if "Traceback" in err or "Traceback" in out:
        found.append("traceback")
    if caught:
        found.append(f"warning: {caught[0].category.__name__}: {caught[0].message}")
    for line in err.splitlines():
        if not line.startswith(PREFIXES):
            found.append(f"stderr line without a prefix (a message over two lines?): {line[:80]!r}")
            break
    text_out = out if code == 0 else ""
    if NOT_FINITE.search(_figures(text_out)):
        found.append(f"not finite in output: {NOT_FINITE.search(_figures(text_out)).group()}")
    if code == 0 and "--format" in argv and argv[argv.index("--format") + 1] == "json" and argv[0] == "summary":
        total = json.loads(out)["total"]["cost"]
        if total < 0:
            found.append(f"negative total cost {total}")
    return found


def _figures(text: str) -> str:
    """The output without names and strings from the file, where "inf" may be a word someone typed."""
    return re.sub(r'"[^"\n]*"', '""', text)


COMMANDS = (["summary"], ["summary", "--format", "json"], ["summary", "--format", "csv"],
            ["summary", "--format", "markdown"], ["compare", "FILE", "BERT"], ["compare", "BERT", "FILE", "--format", "csv"],
            ["report", "-o", "OUT.md"], ["report", "-o", "OUT.csv"], ["plan", "--solve", "count", "--deadline", "30"],
            ["plan", "--solve", "tokens", "--budget", "250k"], ["offers"], ["sensitivity"], ["catalogs"])


@dataclass
class Counts:
    tried: int = 0
    refused: int = 0
    accepted: int = 0
    failures: list = field(default_factory=list)


def fuzz(folder: Path, seconds: float, seed: int, config_home: Path | None = None,
         max_files: int | None = None) -> Counts:
    """Mutated scenarios (and, one time in five, a mutated user catalog) through every command until
    `seconds` have passed. `config_home` is $XDG_CONFIG_HOME (the caller sets the variable)."""
    rng = random.Random(seed)
    counts = Counts()
    deadline = time.monotonic() + seconds
    bert = str(ROOT / "scenarios" / "bert-large.toml")
    catalog_folder = config_home / "nlp-budget-planner" / "catalogs" if config_home else None
    while time.monotonic() < deadline and (max_files is None or counts.tried < max_files):
        catalog = catalog_folder is not None and rng.random() < 0.2
        if catalog:
            catalog_folder.mkdir(parents=True, exist_ok=True)
            path = catalog_folder / "mutated.toml"
            path.write_text(mutated_file(rng, rng.choice(CATALOG_FILES)), encoding="utf-8")
            target = bert
        else:
            path = folder / "mutated.toml"
            path.write_text(mutated_file(rng, rng.choice(SCENARIO_FILES)), encoding="utf-8")
            target = str(path)
        for command in rng.sample(COMMANDS, 3) if not catalog else (["summary"], ["catalogs"], ["offers"]):
            argv = [target if a == "FILE" else bert if a == "BERT" else str(folder / a) if a.startswith("OUT") else a
                    for a in command]
            if "FILE" not in command and "BERT" not in command and command[0] != "catalogs":
                argv.insert(1, target)
            code, out, err, caught = run_command(argv)
            counts.tried += 1
            if code == 0:
                counts.accepted += 1
            else:
                counts.refused += 1
            wrong = problems(argv, code, out, err, caught)
            if wrong:
                counts.failures.append((wrong, argv, path.read_text(encoding="utf-8")[:2000], err[-500:]))
        if catalog:
            path.unlink()
    return counts
