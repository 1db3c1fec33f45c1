"""Names shortened to a column's width without two of them reading the same."""

from __future__ import annotations

import os


def shorten(names: list[str], limit: int) -> list[str]:
    """Each name at most `limit` characters. Names cut at their end alike ("FP8 vs BF16 validation,
    DeepSe…" twice) keep their start and then the part where they differ ("FP8 vs BF…V2-Lite scale…");
    any still alike get their place in the list ("(2)")."""
    cut = [_end(n, limit) for n in names]
    groups: dict[str, list[int]] = {}
    for i, c in enumerate(cut):
        groups.setdefault(c, []).append(i)
    for members in groups.values():
        if len(members) > 1:
            common = len(os.path.commonprefix([names[i] for i in members]))
            for i in members:
                cut[i] = _around(names[i], common, limit)
    seen: dict[str, int] = {}
    out = []
    for c in cut:
        seen[c] = seen.get(c, 0) + 1
        out.append(c if cut.count(c) == 1 else _numbered(c, seen[c], limit))
    return out


def _end(name: str, limit: int) -> str:
    return name if len(name) <= limit else name[:limit - 1].rstrip() + "…"


def _around(name: str, common: int, limit: int) -> str:
    """The start of `name`, then from just before where it differs from the others, to `limit`."""
    if len(name) <= limit:
        return name
    head = name[:max(1, limit // 3)].rstrip() + "…"
    rest = name[max(len(head) - 1, common - 3):]
    return head + _end(rest, limit - len(head))


def _numbered(name: str, n: int, limit: int) -> str:
    mark = f" ({n})"
    return (name if len(name) + len(mark) <= limit else name[:limit - len(mark) - 1] + "…") + mark
