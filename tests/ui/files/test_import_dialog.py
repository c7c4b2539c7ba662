"""File > Import data… and CSV drops: the preview, roles, the question before the network
changes, one undoable edit, and bad files refused with the line and column."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QFileDialog

from playground.io.csv_import import Columns, read_table
from playground.io.files import load_document
from playground.ui.files import import_dialog
from playground.ui.files.csv_worker import LoadedTable
from playground.ui.files.import_dialog import ImportDialog
from playground.ui.main_window import MainWindow
from tests.ui.conftest import xor_document

Ok = QDialogButtonBox.StandardButton.Ok
TABLE = ("id,width,height,kind\n"
         + "".join(f"r{i},{(i % 3) * 3 + 0.1 * i:.2f},{(i % 2) * 2 - 0.05 * i:.2f},"
                   f"{['red', 'green', 'blue'][i % 3]}\n" for i in range(30)))


@pytest.fixture
def window(qtbot, message_boxes):
    w = MainWindow(xor_document())
    qtbot.addWidget(w)
    w.resize(1200, 800)
    w.show()
    qtbot.waitUntil(lambda: w.controller.latest is not None, timeout=5000)
    yield w
    message_boxes.answer = None
    assert w.close()


@pytest.fixture
def accept_dialogs(monkeypatch):
    """The preview answers OK at once (after an optional change), recording what it showed."""
    shown: list[ImportDialog] = []
    change = {"do": None}

    def exec_(self):
        shown.append(self)
        if change["do"]:
            change["do"](self)
        return QDialog.DialogCode.Accepted if self.buttons.button(Ok).isEnabled() \
            else QDialog.DialogCode.Rejected
    monkeypatch.setattr(ImportDialog, "exec", exec_)
    return shown, change


def test_preview_shows_rows_roles_and_a_summary(qtbot, tmp_path):
    def reread(text, delimiter, header):
        table = read_table(text, delimiter=delimiter, header=header)
        return LoadedTable(text, table, Columns(table))

    dialog = ImportDialog(reread(TABLE, None, None), "t.csv", reread=reread)
    qtbot.addWidget(dialog)
    assert dialog.table.header and dialog.dialect.text().startswith("comma-separated, 30 rows")
    assert dialog.roles() == ["ignore", "input", "input", "target"]
    assert dialog.preview.rowCount() == 21 and dialog.preview.item(1, 3).text() == "red"
    assert "30 points, 2 input(s): 3 classes (blue, green, red)" in dialog.summary.text()
    dialog.set_roles(["input", "input", "input", "target"])
    assert "line 2, column 1 (id): 'r0' is not a number" in dialog.summary.text()
    assert not dialog.buttons.button(Ok).isEnabled()
    dialog.set_roles(["ignore", "input", "target", "ignore"])
    assert "regression on height" in dialog.summary.text()
    dialog.header.setChecked(False)
    assert dialog.table.columns[0] == "column 1" and len(dialog.table.rows) == 31


def test_import_asks_rebuilds_and_undoes(qtbot, window, tmp_path, accept_dialogs,
                                         message_boxes, monkeypatch):
    path = tmp_path / "colours.csv"
    path.write_text(TABLE)
    before = window.controller.document.copy()
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        staticmethod(lambda *a, **k: (str(path), "")))
    message_boxes.answer = None  # "No": the drawn network stays
    window.import_data.action.trigger()
    assert message_boxes.kinds() == ["question"]
    assert "the data need 2 and 3" in message_boxes.calls[0][2]
    assert window.controller.document.data.generator == "xor"
    message_boxes.answer = import_dialog.QMessageBox.StandardButton.Yes
    assert window.import_data.import_path(path)
    doc = window.controller.document
    assert doc.data.classes == ["blue", "green", "red"]
    assert doc.network.ids("output") == ["blue", "green", "red"]
    assert doc.training.loss.kind == "softmax_ce"
    assert window.undo_stack.undoText() == "Import data from colours.csv"
    qtbot.waitUntil(lambda: window.controller.latest is not None, timeout=5000)
    start = window.controller.latest.step
    window.controller.step(20)
    qtbot.waitUntil(lambda: window.controller.latest.step == start + 20, timeout=5000)
    assert window.data_view.dataset.class_names == ("blue", "green", "red")
    window.undo_stack.undo()
    assert window.controller.document.data == before.data
    assert window.controller.document.network.ids() == before.network.ids()
    window.undo_stack.redo()
    saved = tmp_path / "saved.json"
    assert window.files.save_to(saved)
    again = load_document(saved)
    assert again.data.x == window.controller.document.data.x


def test_a_dropped_csv_opens_the_preview(qtbot, window, tmp_path, accept_dialogs,
                                         message_boxes):
    shown, change = accept_dialogs
    path = tmp_path / "two.tsv"
    path.write_text("a\tb\ty\n1\t2\t0\n2\t1\t1\n3\t3\t0\n0\t1\t1\n")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    pos = QPoint(20, 20)
    for target in (window, window.network_view.viewport()):
        enter = QDragEnterEvent(pos, Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton,
                                Qt.KeyboardModifier.NoModifier)
        QApplication.sendEvent(target, enter)
        assert enter.isAccepted()
        count = len(shown)
        drop = QDropEvent(pos.toPointF(), Qt.DropAction.CopyAction, mime,
                          Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
        QApplication.sendEvent(target, drop)
        qtbot.waitUntil(lambda n=count: len(shown) == n + 1, timeout=5000)
    # 2 inputs and one 0/1 target: the xor network fits, nothing to ask
    assert message_boxes.kinds() == []
    assert window.controller.document.data.x[0] == [1.0, 2.0]
    assert window.controller.document.training.loss.kind == "bce_logits"


def test_a_bad_file_is_refused_and_nothing_changes(qtbot, window, tmp_path, message_boxes,
                                                    accept_dialogs):
    before = window.controller.document.copy()
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,2\n1,2,3\n")
    assert not window.import_data.import_path(bad)
    assert message_boxes.kinds() == ["warning"]
    assert "bad.csv: line 3: 3 values, but line 1 has 2 columns" in message_boxes.calls[0][2]
    single = tmp_path / "single.csv"
    single.write_text("a,b,c\n1,2,x\n3,4,x\n")
    assert not window.import_data.import_path(single)  # OK stays disabled: rejected
    assert "every row has the class 'x'" in accept_dialogs[0][-1].summary.text()
    assert window.controller.document.data == before.data
    assert window.undo_stack.count() == 0


def test_import_while_training_runs_goes_on_with_the_new_data(qtbot, window, tmp_path,
                                                              accept_dialogs, message_boxes):
    path = tmp_path / "colours.csv"
    path.write_text(TABLE)
    message_boxes.answer = import_dialog.QMessageBox.StandardButton.Yes
    window.controller.play()
    qtbot.waitUntil(lambda: window.controller.latest.running, timeout=5000)
    assert window.import_data.import_path(path)
    n_params = len(window.controller.problem.parameter_names)
    qtbot.waitUntil(lambda: window.controller.latest is not None
                    and window.controller.latest.running
                    and len(window.controller.latest.theta) == n_params, timeout=10000)
    window.controller.pause()
    qtbot.waitUntil(lambda: not window.controller.latest.running, timeout=5000)
    assert window.confusion_view.result is not None
    assert window.confusion_view.result.classes == ("blue", "green", "red")
