"""The main window: editor on the left, the engine's answer on the right, files and undo in menus."""

from __future__ import annotations

from pathlib import Path

from PySide6 import QtCore, QtGui, QtWidgets

import planner

from ui.dialogs import messages as dialogs
from ui import settings
from ui.charts.chart_tabs import ChartTabs
from ui.defaults import new_scenario, templates
from ui.document import ScenarioDocument
from ui.editor.panel import ScenarioEditor
from ui.editor.keys import redo_keys, undo_keys
from ui.results import ResultsPanel

# Dialogs, reports and exports are imported when first used: start-up needs none of them.


class MainWindow(QtWidgets.QMainWindow):
    def __init__(self, document: ScenarioDocument, parent=None):
        super().__init__(parent)
        self.document = document
        document.setParent(self)  # the document (and its undo stack) live exactly as long as the window
        self.setAcceptDrops(True)
        self.editor = ScenarioEditor(document)
        self.results = ResultsPanel()
        self.charts = ChartTabs(document)
        self.iceberg = self.charts.iceberg
        # A layout, not a splitter: the figures always get the height they need (table and notes
        # whole, never drawn over each other), the chart the rest.
        right = QtWidgets.QWidget()
        column = QtWidgets.QVBoxLayout(right)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.results, 0)
        column.addWidget(self.charts, 1)
        split = QtWidgets.QSplitter(QtCore.Qt.Horizontal)
        split.addWidget(self.editor)
        split.addWidget(right)
        split.setStretchFactor(1, 1)
        split.setSizes([430, 850])
        self.setCentralWidget(split)
        self._build_actions()
        self.editor.error.connect(self._show_error_text)
        self.editor.notice.connect(lambda text: self.statusBar().showMessage(text, 8000))
        document.problem.connect(lambda text: self.statusBar().showMessage(text))
        self.remember_geometry = True   # off for --screenshot: a render must not touch the user's settings
        document.changed.connect(self._redraw)
        document.changed.connect(lambda *_: self._update_title())  # the name is in the title
        document.undo_stack.cleanChanged.connect(self._update_title)
        document.path_changed.connect(lambda _p: self._update_title())
        self._redraw(document.scenario, document.summary)
        self._update_title()
        self._restore_geometry()

    # -- actions --------------------------------------------------------------------------------
    def _action(self, menu, text, slot, shortcut=None, name=None):
        action = QtGui.QAction(text, self)
        if shortcut is not None:
            action.setShortcut(shortcut)
        action.triggered.connect(slot)
        action.setObjectName(name or text.strip(".").lower().replace(" ", "_"))
        menu.addAction(action)
        return action

    def _build_actions(self):
        K = QtGui.QKeySequence
        file_menu = self.menuBar().addMenu("&File")
        self._action(file_menu, "&New", self.new_file, K.New, "new")
        self._action(file_menu, "New from &Hugging Face Config...", self.new_from_hf, None, "new_from_hf")
        self._action(file_menu, "&Open...", self.open_dialog, K.Open, "open")
        self.recent_menu = file_menu.addMenu("Open &Recent")
        file_menu.addSeparator()
        self._action(file_menu, "&Save", self.save, K.Save, "save")
        self._action(file_menu, "Save &As...", self.save_as, K.SaveAs, "save_as")
        self.revert_action = self._action(file_menu, "Re&vert", self.revert, None, "revert")
        file_menu.addSeparator()
        self._action(file_menu, "&Export Report...", self.export_report, K("Ctrl+E"), "export_report")
        self._action(file_menu, "Export C&hart...", self.export_chart, K("Ctrl+Shift+E"), "export_chart")
        self._action(file_menu, "Print Pre&view...", self.print_preview, K("Ctrl+Shift+P"), "print_preview")
        self._action(file_menu, "&Print...", self.print_, K.Print, "print")
        file_menu.addSeparator()
        self._action(file_menu, "Pricing &Catalogs...", self.show_catalogs, None, "catalogs")
        file_menu.addSeparator()
        self._action(file_menu, "&Close", self.close, K("Ctrl+W"), "close")
        self._action(file_menu, "&Quit", self.close, K.Quit, "quit")
        edit_menu = self.menuBar().addMenu("&Edit")
        undo = self.document.undo_stack.createUndoAction(self, "&Undo")
        undo.setShortcuts(undo_keys())
        redo = self.document.undo_stack.createRedoAction(self, "&Redo")
        redo.setShortcuts(redo_keys())
        edit_menu.addAction(undo)
        edit_menu.addAction(redo)
        plan_menu = self.menuBar().addMenu("&Plan")
        self._action(plan_menu, "Plan &Backwards...", self.show_plan, K("Ctrl+B"), "plan")
        self._action(plan_menu, "&Compare Scenarios...", self.show_compare, K("Ctrl+K"), "compare")
        self.undo_action, self.redo_action = undo, redo
        help_menu = self.menuBar().addMenu("&Help")
        self._action(help_menu, "&About NLP Budget Planner", lambda: self.show_help("about"), None, "about")
        self._action(help_menu, "Scenario &Format", lambda: self.show_help("format"), None, "format")
        self._action(help_menu, "&Keyboard Shortcuts", lambda: self.show_help("shortcuts"), K("F1"), "shortcuts")
        self._fill_recent()

    def show_help(self, which: str, modal: bool = True):
        from ui.dialogs import help as helps
        title, text = {"about": ("About NLP Budget Planner", lambda: helps.about_text(self.document.catalogs)),
                       "format": ("Scenario Format", helps.format_text),
                       "shortcuts": ("Keyboard Shortcuts", lambda: helps.shortcuts_text(self))}[which]
        dialog = helps.show_text(self, title, text())
        if modal:
            dialog.exec()
        return dialog

    def _fill_recent(self):
        self.recent_menu.clear()
        files = settings.recent_files()
        for path in files:
            action = self.recent_menu.addAction(path)
            action.triggered.connect(lambda _=False, p=path: self.open_recent(p))
        self.recent_menu.setEnabled(bool(files))

    def open_recent(self, path: str) -> bool:
        """Open a recent file; one that is gone is dropped from the menu after saying so."""
        if self.open_path(path):
            return True
        if not Path(path).exists():
            settings.remove_recent(path)
            self._fill_recent()
        return False

    @property
    def options_chart(self):
        return self.charts.options_chart

    @property
    def uncertainty(self):
        return self.charts.uncertainty

    @property
    def tornado(self):
        return self.charts.tornado

    # -- drawing --------------------------------------------------------------------------------
    def _redraw(self, scenario, summary):
        try:
            schedule = self.document.schedule()
        except planner.PlannerError:   # a project too long to put on a calendar: the tile says back to back
            schedule = None
        self.results.set_summary(summary, schedule)
        self.charts.redraw()
        warnings = summary.warnings
        self.statusBar().showMessage("; ".join(warnings) if warnings else "")

    def _show_error_text(self, text: str):
        if text:
            self.statusBar().showMessage(f"Not applied: {text}")
        elif self.statusBar().currentMessage().startswith("Not applied: "):
            self.statusBar().clearMessage()   # the entry is valid again: the refusal is stale

    def _update_title(self):
        name = self.document.path.name if self.document.path else "Untitled"
        self.setWindowTitle(f"{self.document.scenario.name} - {name}[*] - NLP Budget Planner")
        self.setWindowModified(not self.document.undo_stack.isClean())
        self.revert_action.setEnabled(self.document.path is not None)

    # -- files ----------------------------------------------------------------------------------
    def maybe_discard(self) -> bool:
        """True when it is fine to drop the current scenario (saved, discarded, or unchanged)."""
        if self.document.undo_stack.isClean():
            return True
        name = self.document.path.name if self.document.path else "Untitled"
        answer = dialogs.confirm_discard(self, name)
        if answer == "save":
            return self.save()
        return answer == "discard"

    def new_file(self):
        if not self.maybe_discard():
            return
        template = dialogs.ask_template(self, templates())
        if template:
            self.document.replace_all(new_scenario(self.document.catalogs, template), None)

    def new_from_hf(self) -> bool:
        """A scenario from a model's config.json, saved where the person says, then opened."""
        from ui.dialogs.hf_import import import_hf_config
        if not self.maybe_discard():
            return False
        made = import_hf_config(self)
        if made is None or not self.open_path(made[0], ask=False):
            return False
        self.statusBar().showMessage("; ".join(made[1]))
        return True

    def open_dialog(self):
        if not self.maybe_discard():
            return
        folder = str(self.document.path.parent) if self.document.path else ""
        path = dialogs.ask_open_path(self, folder)
        if path:
            self.open_path(path, ask=False)

    def open_path(self, path, ask: bool = True) -> bool:
        if ask and not self.maybe_discard():
            return False
        try:
            scenario = planner.load(path, self.document.catalogs)
            self.document.replace_all(scenario, Path(path))
        except ValueError as exc:   # planner.ScenarioError, or the engine could not compute it
            dialogs.show_error(self, "Could not open the scenario", str(exc))
            return False
        settings.add_recent(str(Path(path).resolve()))
        self._fill_recent()
        return True

    def save(self) -> bool:
        if self.document.path is None:
            return self.save_as()
        return self._save_to(self.document.path)

    def save_as(self) -> bool:
        suggested = str(self.document.path or (Path.cwd() / "scenario.toml"))
        path = dialogs.ask_save_path(self, suggested)
        if not path:
            return False
        if not path.lower().endswith(".toml"):
            path += ".toml"
        return self._save_to(Path(path))

    def _save_to(self, path: Path) -> bool:
        if self.document.path is not None and Path(path) == self.document.path and self.document.changed_on_disk():
            answer = dialogs.confirm_external_change(self, path.name)
            if answer == "reload":
                return self.open_path(path, ask=False) and False   # reloaded: nothing was saved
            if answer != "overwrite":
                return False
        try:
            self.document.save(path)
        except planner.ScenarioError as exc:
            dialogs.show_error(self, "Could not save", str(exc))
            return False
        settings.add_recent(str(path.resolve()))
        self._fill_recent()
        self.statusBar().showMessage(f"Saved {path}", 4000)
        return True

    def revert(self) -> bool:
        """Reload the file, after asking whether to lose the changes (there is nothing to save here)."""
        path = self.document.path
        if path is None:
            return False
        if not self.document.undo_stack.isClean() and not dialogs.confirm_revert(self, path.name):
            return False
        return self.open_path(path, ask=False)

    # -- reports --------------------------------------------------------------------------------
    def _report_inputs(self):
        return [self.document.summary], [self.document.scenario]

    def _suggest(self, ext: str) -> str:
        base = self.document.path.with_suffix(ext) if self.document.path else Path.cwd() / f"budget{ext}"
        return str(base)

    def export_report(self) -> bool:
        from ui.export import exports
        path = dialogs.ask_save_path(self, self._suggest(".pdf"), exports.REPORT_FILTER, "Export report")
        if not path:
            return False
        try:
            exports.export_report(path, *self._report_inputs())
        except (OSError, ValueError) as exc:
            dialogs.show_error(self, "Report not written", f"{path}: {exc}")
            return False
        self.statusBar().showMessage(f"Wrote {path}", 4000)
        return True

    def export_chart(self) -> bool:
        from ui.export import exports
        chart = self.charts.current_chart()
        path = dialogs.ask_save_path(self, self._suggest(".png"), exports.CHART_FILTER, "Export chart")
        if not path:
            return False
        try:
            exports.export_chart(path, chart)
        except (OSError, ValueError) as exc:
            dialogs.show_error(self, "Chart not written", f"{path}: {exc}")
            return False
        self.statusBar().showMessage(f"Wrote {path}", 4000)
        return True

    def print_preview(self):
        from PySide6 import QtPrintSupport
        printer = QtPrintSupport.QPrinter(QtPrintSupport.QPrinter.HighResolution)
        from ui.export import exports
        preview = QtPrintSupport.QPrintPreviewDialog(printer, self)
        preview.paintRequested.connect(lambda p: exports.print_report(p, *self._report_inputs()))
        preview.exec()

    def print_(self):
        from PySide6 import QtPrintSupport
        printer = QtPrintSupport.QPrinter(QtPrintSupport.QPrinter.HighResolution)
        from ui.export import exports
        if QtPrintSupport.QPrintDialog(printer, self).exec():
            exports.print_report(printer, *self._report_inputs())

    def show_plan(self):
        from ui.dialogs.plan_dialog import PlanDialog
        PlanDialog(self.document, self).exec()

    def show_compare(self):
        from ui.dialogs.compare_view import CompareDialog
        CompareDialog(self.document, self).exec()

    def show_catalogs(self):
        from ui.dialogs.catalogs_view import CatalogsDialog
        dialog = CatalogsDialog(self.document.catalogs, self)
        dialog.imported.connect(self._catalogs_changed)
        dialog.exec()

    def _catalogs_changed(self, catalogs):
        # The same scenario priced again: its history and unsaved changes stay.
        try:
            self.document.set_catalogs(catalogs)
        except ValueError as exc:
            dialogs.show_error(self, "Catalogs not applied to this scenario", str(exc))
            return
        self.editor.catalog.reload()

    # -- window ---------------------------------------------------------------------------------
    @staticmethod
    def _dropped(event) -> list[str]:
        return [u.toLocalFile() for u in event.mimeData().urls() if u.toLocalFile().lower().endswith(".toml")]

    def dragEnterEvent(self, event):  # noqa: N802
        if self._dropped(event):
            event.acceptProposedAction()

    def dropEvent(self, event):  # noqa: N802
        paths = self._dropped(event)
        if paths:
            event.acceptProposedAction()
            self.open_path(paths[0])

    def closeEvent(self, event):  # noqa: N802
        if self.maybe_discard():
            if self.remember_geometry:
                settings.settings().setValue("geometry", self.saveGeometry())
            event.accept()
        else:
            event.ignore()

    def _restore_geometry(self):
        geometry = settings.settings().value("geometry", None, type=QtCore.QByteArray)
        if geometry is None or geometry.isEmpty() or not self.restoreGeometry(geometry):
            self.resize(1280, 820)
