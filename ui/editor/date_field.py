"""A date typed as 2027-01-01 (ISO), bound to one scenario key; empty means "not set" (the default)."""

from __future__ import annotations

import datetime as dt

from ui.editor.fields import NumberField


class DateField(NumberField):
    """NumberField's live editing, marking and undo, for a date: only the parsing and the text differ
    (NumberField.refresh shows the value through _format)."""

    def __init__(self, document, section: str, key: str, label: str, placeholder: str = "", parent=None):
        super().__init__(document, section, key, label, optional=True, placeholder=placeholder, parent=parent)

    def _format(self, value) -> str:
        return value.isoformat() if value else ""

    def _parse(self, text: str):
        if not text.strip():
            return None
        try:
            return dt.date.fromisoformat(text.strip())
        except ValueError:
            raise ValueError("enter a date as year-month-day, e.g. 2027-01-01") from None
