"""The window's fixtures, for every test here: isolated settings, logged dialogs and a window on a file."""

from gui_helpers import dialogs_log, isolated_settings, make_window  # noqa: F401 - fixtures, used by name
