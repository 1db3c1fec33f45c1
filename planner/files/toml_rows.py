"""Remove rows of an array of tables ([[project.ablations]]) so that every surviving row keeps its own
comments.

tomlkit stores a comment written above a row header at the end of the previous row's table (or, for
the first row, in the parent table just before the array): deleting row i must take the comment above
it away and keep the comment above row i + 1, which lives inside row i. Which rows were removed is
found by aligning the names in the file with the names being saved, so that removing the first of
three rows removes the first entry, not the last one with the values shifted up.
"""

from __future__ import annotations

import difflib

from tomlkit.container import Container
from tomlkit.items import AoT, Comment, Null, Table, Whitespace

_GAP = (Comment, Whitespace, Null)


def removed_rows(old_names: list, new_names: list) -> list[int]:
    """Indices of the file's rows that the new list no longer has (by name alignment)."""
    matcher = difflib.SequenceMatcher(a=old_names, b=new_names, autojunk=False)
    dropped: list[int] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "delete":
            dropped += range(i1, i2)
        elif tag == "replace" and i2 - i1 > j2 - j1:  # renamed rows stay in place; the extra go
            dropped += range(i1 + (j2 - j1), i2)
    return dropped


def drop_row(parent, rows: AoT, index: int) -> None:
    """Delete entry `index` of `rows` (an array of tables inside `parent`: a table, or the document itself
    for a top-level array such as [[costs]])."""
    own = rows.body[index].value.body
    carried = "".join(item.as_string() for _, item in (own[i] for i in _gap(own, len(own))))
    if index > 0:
        before = rows.body[index - 1].value.body
        end = len(before)
    else:
        before, end = _before(parent.body if isinstance(parent, Container) else parent.value.body, rows)
    leading = _gap(before, end) if end is not None else range(0)
    for i in leading:
        before[i] = (None, Null())   # Null keeps the body's indices, which tomlkit maps keys by
    if leading:
        before[leading.start] = (None, Whitespace(carried))
    elif index > 0 and carried:
        before.append((None, Whitespace(carried)))
    del rows[index]


def _before(body: list, rows: AoT):
    """(body, end) where the comment above the array's first header lives: in the parent just before
    the array, or, when a table comes first ([project.tuning] above [[project.ablations]]), at the
    end of that table (of its last sub-table, of the last entry of an array of tables)."""
    end = next((i for i, (_, item) in enumerate(body) if item is rows), None)
    if end is None:
        return body, None
    while _gap(body, end).start == end and end > 0 and isinstance(body[end - 1][1], (Table, AoT)):
        item = body[end - 1][1]
        body = (item.body[-1] if isinstance(item, AoT) else item).value.body
        end = len(body)
    return body, end


def _gap(body: list, end: int) -> range:
    """The comments and blank lines right before position `end` of a table's body."""
    start = end
    while start > 0 and body[start - 1][0] is None and isinstance(body[start - 1][1], _GAP):
        start -= 1
    return range(start, end)
