"""File > Import data… and CSV/TSV drops: a preview of the file, then the document trained on
its points as one undoable edit (the network's inputs and outputs follow the columns).

The file is read and its columns converted by a worker (`csv_worker.load_table`, with a
progress dialog that can cancel); the preview only reads what the worker kept."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from playground.io.csv_import import (
    ROLES,
    Columns,
    CsvError,
    ImportedData,
    Table,
    default_roles,
    import_table,
)
from playground.ui import style
from playground.ui.files.csv_worker import LoadedTable, load_table
from playground.ui.files.drops import DropWatcher
from playground.ui.shell import Shell
from playground.ui.training.commands import DocumentEditCommand
from playground.ui.training.worker import TrainingController
from playground.workspace.data_import import network_fits, with_data

PREVIEW_ROWS = 20
SUFFIXES = (".csv", ".tsv", ".txt")
# Shown translated (context "ImportDialog"); AUTO is also the kind combo's data for "guess".
DELIMITER_NAMES = {",": QT_TRANSLATE_NOOP("ImportDialog", "comma"),
                   ";": QT_TRANSLATE_NOOP("ImportDialog", "semicolon"),
                   "\t": QT_TRANSLATE_NOOP("ImportDialog", "tab"),
                   "|": QT_TRANSLATE_NOOP("ImportDialog", "bar")}
AUTO = "automatic"
# The column roles of io.csv_import.ROLES, as the role combo boxes show them.
ROLE_LABELS = {"input": QT_TRANSLATE_NOOP("ImportDialog", "input"),
               "target": QT_TRANSLATE_NOOP("ImportDialog", "target"),
               "ignore": QT_TRANSLATE_NOOP("ImportDialog", "ignore")}
KINDS = ((AUTO, QT_TRANSLATE_NOOP("ImportDialog", "automatic")),
         ("classification", QT_TRANSLATE_NOOP("ImportDialog", "classification")),
         ("regression", QT_TRANSLATE_NOOP("ImportDialog", "regression")))


class ImportDialog(QDialog):
    """The first rows of a table, a role per column, classification or regression, the
    train/test split and its seed; OK only while the choices import without error."""

    def __init__(self, loaded: LoadedTable, name: str, parent: QWidget | None = None,
                 reread: Callable[[str, str, bool], LoadedTable | None] | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Import data — {name}").format(name=name))
        self.text = loaded.text
        self.table: Table = loaded.table
        self.columns: Columns = loaded.columns  # each column converted once, whatever its role
        # Reads the text again with another header choice: (text, delimiter, header).
        self.reread = reread
        self.data: ImportedData | None = None
        self.header = QCheckBox(self.tr("first row names the columns"))
        self.header.setChecked(self.table.header)
        self.header.toggled.connect(self._reread)
        self.dialect = QLabel("")
        self.dialect.setStyleSheet(f"color: {style.MUTED};")
        self.preview = QTableWidget()
        self.kind = QComboBox()
        for kind, label in KINDS:
            self.kind.addItem(self.tr(label), kind)
        self.kind.currentIndexChanged.connect(self._check)
        self.train_fraction = QDoubleSpinBox()
        self.train_fraction.setRange(0.05, 1.0)
        self.train_fraction.setSingleStep(0.05)
        self.train_fraction.setValue(0.8)
        self.seed = QSpinBox()
        self.seed.setRange(0, 2**31 - 1)
        self.summary = QLabel("")
        self.summary.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        top = QHBoxLayout()
        top.addWidget(self.header)
        top.addStretch(1)
        top.addWidget(self.dialect)
        form = QFormLayout()
        form.addRow(self.tr("kind"), self.kind)
        form.addRow(self.tr("train fraction"), self.train_fraction)
        form.addRow(self.tr("split seed"), self.seed)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.preview, 1)
        layout.addLayout(form)
        layout.addWidget(self.summary)
        layout.addWidget(self.buttons)
        self.resize(720, 480)
        self.role_boxes: list[QComboBox] = []
        self._fill()

    # ------------------------------------------------------------------ table
    def _reread(self, header: bool) -> None:
        if self.reread is None:
            return
        try:
            loaded = self.reread(self.text, self.table.delimiter, header)
        except CsvError as e:
            self._show_error(str(e))
            return
        if loaded is None:  # cancelled: the table as it was
            self.header.blockSignals(True)
            self.header.setChecked(self.table.header)
            self.header.blockSignals(False)
            return
        self.table, self.columns = loaded.table, loaded.columns
        self._fill()

    def _fill(self) -> None:
        table = self.table
        self.dialect.setText(
            self.tr("{delimiter}-separated, {rows:,} rows").format(
                delimiter=self.tr(DELIMITER_NAMES[table.delimiter])
                if table.delimiter in DELIMITER_NAMES
                else repr(table.delimiter),
                rows=len(table.rows),
            )
        )
        shown = table.rows[:PREVIEW_ROWS]
        self.preview.clear()
        self.preview.setColumnCount(len(table.columns))
        self.preview.setRowCount(len(shown) + 1)  # row 0: the roles
        self.preview.setHorizontalHeaderLabels(list(table.columns))
        self.preview.setVerticalHeaderLabels([self.tr("role"), *(str(n) for n in
                                                        table.lines[:PREVIEW_ROWS])])
        self.role_boxes = []
        for j, role in enumerate(default_roles(table)):
            box = QComboBox()
            for r in ROLES:
                box.addItem(self.tr(ROLE_LABELS.get(r, r)), r)
            box.setCurrentIndex(max(box.findData(role), 0))
            box.currentIndexChanged.connect(self._check)
            self.preview.setCellWidget(0, j, box)
            self.role_boxes.append(box)
        for i, row in enumerate(shown, start=1):
            for j, cell in enumerate(row):
                self.preview.setItem(i, j, QTableWidgetItem(cell))
        self._check()

    # ------------------------------------------------------------------ choices
    def roles(self) -> list[str]:
        return [box.currentData() for box in self.role_boxes]

    def set_roles(self, roles: list[str]) -> None:
        for box, role in zip(self.role_boxes, roles):
            if (i := box.findData(role)) >= 0:  # an unknown role changes nothing, as before
                box.setCurrentIndex(i)

    def _check(self, *_) -> None:
        kind = self.kind.currentData()
        try:
            self.data = import_table(self.table, self.roles(), None if kind == AUTO else kind,
                                     self.columns)
        except CsvError as e:
            self._show_error(str(e))
            return
        d = self.data
        what = (
            self.tr("{count} classes ({names})").format(
                count=len(d.classes), names=", ".join(d.classes)
            )
            if d.kind == "classification"
            else self.tr("regression on {target_names}").format(
                target_names=", ".join(d.target_names)
            )
        )
        guessed = self.tr(" (guessed from the target)") if kind == AUTO else ""
        self.summary.setStyleSheet(f"color: {style.TEXT};")
        self.summary.setText(
            self.tr("{points:,} points, {inputs} input(s): {what}{guessed}").format(
                points=len(d.x), inputs=d.x.shape[1], what=what, guessed=guessed
            )
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(True)

    def _show_error(self, message: str) -> None:
        self.data = None
        self.summary.setStyleSheet(f"color: {style.BANNER_FG};")
        self.summary.setText(message)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)


class ImportData(QObject):
    """The part that imports data: its File menu action and the window's CSV/TSV drops."""

    def __init__(self, shell: Shell, controller: TrainingController):
        super().__init__(shell.window)
        self.shell = shell
        self.controller = controller
        self.action = QAction(self.tr("&Import data…"), shell.window)
        self.action.setShortcut("Ctrl+I")
        self.action.triggered.connect(lambda _=False: self.import_dialog())
        menu = shell.menus["file"]
        # After Open…, Open Recent and Examples: with the other ways to get something in.
        actions = menu.actions()
        after = next((i for i, a in enumerate(actions) if a.menu() is not None
                      and a.menu().objectName() == "examples"), None)
        before = actions[after + 1] if after is not None and after + 1 < len(actions) else None
        if before is None:
            menu.addAction(self.action)
        else:
            menu.insertAction(before, self.action)
        self.drops = DropWatcher(shell.window, SUFFIXES, self.import_path)

    def shutdown(self) -> None:
        """Nothing runs in the background once an import has returned."""

    # ------------------------------------------------------------------ importing
    def import_dialog(self) -> bool:
        here = self.shell.file.path
        path, _ = QFileDialog.getOpenFileName(
            self.shell.window, self.tr("Import data"), "" if here is None else str(here.parent),
            self.tr("Data tables (*.csv *.tsv *.txt);;All files (*)"))
        return bool(path) and self.import_path(Path(path))

    def import_path(self, path: Path) -> bool:
        """Preview `path`, then train the document on its points (one undoable edit)."""
        doc = self.controller.document
        if doc is None:
            return False
        window = self.shell.window
        try:
            loaded = load_table(window, path, path.name)
        except CsvError as e:
            QMessageBox.warning(window, QCoreApplication.translate("ImportData", "Import data"),
                                f"{path.name}: {e}")
            return False
        if loaded is None:
            return False  # cancelled
        dialog = ImportDialog(loaded, path.name, window,
                              lambda text, delimiter, header: load_table(
                                  window, text, path.name, delimiter, header))
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.data is None:
            return False
        data = dialog.data
        if not network_fits(doc, data) and not self._may_rebuild(doc, data):
            return False
        after = with_data(doc, data, dialog.train_fraction.value(), dialog.seed.value())
        self.shell.undo_stack.push(
            DocumentEditCommand(
                self.controller,
                doc.copy(),
                after,
                self.tr("Import data from {name}").format(name=path.name),
            )
        )
        self.shell.status(
            self.tr("Imported {points:,} points from {name}").format(
                points=len(data.x), name=path.name
            )
        )
        return True

    def _may_rebuild(self, doc, data: ImportedData) -> bool:
        n_in = len(doc.network.ids("input"))
        n_out = len(doc.network.ids("output"))
        answer = QMessageBox.question(
            self.shell.window,
            self.tr("Import data"),
            self.tr(
                "The network has {n_in} input(s) and {n_out} output(s); the data need "
                "{data_in} and {data_out}. Rebuild the network for them (its hidden layers "
                "are kept; Undo brings the drawn one back)?"
            ).format(n_in=n_in, n_out=n_out, data_in=data.x.shape[1], data_out=data.n_outputs),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.Yes,
        )
        return answer == QMessageBox.StandardButton.Yes
