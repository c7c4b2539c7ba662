"""The File menu: save and reopen, the unsaved-changes prompt, bad files, recent files,
examples, new networks, dropped files and the remembered layout (dialogs patched)."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QMimeData, QPoint, QRect, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QFileDialog, QInputDialog, QMessageBox

from playground.engine.compiled import compile_network
from playground.io.examples import list_examples
from playground.io.files import FileFormatError, load_document, save_document
from playground.ui.files import file_actions
from playground.ui.main_window import MainWindow
from tests.ui.conftest import make_edit, xor_document

Button = QMessageBox.StandardButton


def open_window(qtbot, document=None) -> MainWindow:
    w = MainWindow(document or xor_document())
    qtbot.addWidget(w)
    w.resize(1200, 800)
    w.show()
    qtbot.waitUntil(lambda: w.controller.latest is not None, timeout=5000)
    return w


@pytest.fixture
def window(qtbot, message_boxes):
    w = open_window(qtbot)
    yield w
    message_boxes.answer = None  # Discard: a test that cancelled must still close
    assert w.close()


def train(qtbot, window: MainWindow, steps: int) -> None:
    qtbot.waitUntil(lambda: window.controller.latest is not None, timeout=5000)
    target = window.controller.latest.step + steps
    window.controller.step(steps)
    qtbot.waitUntil(lambda: window.controller.latest.step == target, timeout=5000)


def edit(window: MainWindow) -> None:
    """Something a person changed (training alone is not unsaved work)."""
    make_edit(window)


def parameters(document) -> dict[str, float]:
    return document.network.parameter_values()


@pytest.fixture
def no_file_dialogs(monkeypatch):
    """Fail the test if a file or input dialog opens (after Cancel, none may)."""
    def refuse(*args, **kwargs):
        raise AssertionError("a dialog opened")
    for name in ("getOpenFileName", "getSaveFileName"):
        monkeypatch.setattr(QFileDialog, name, staticmethod(refuse))
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(refuse))


def answer_save_as(monkeypatch, path) -> list:
    asked = []

    def dialog(*args, **kwargs):
        asked.append(args)
        return str(path), "Network files (*.json)"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(dialog))
    return asked


# ---------------------------------------------------------------------- save and open

def test_save_then_open_gives_the_same_network_view_and_run(qtbot, window, tmp_path,
                                                             monkeypatch):
    train(qtbot, window, 7)
    lv = window.landscape_view
    lv.y_param.setCurrentText("b:h1_1")  # the user picks another axis
    lv.log_color.setChecked(False)
    assert window.is_modified() and window.windowTitle().startswith("xor test[*]")
    path = tmp_path / "mine"
    answer_save_as(monkeypatch, path)
    assert window.files.save()
    saved = tmp_path / "mine.json"
    assert window.file_path == saved.resolve()
    assert not window.is_modified() and not window.isWindowModified()
    assert "mine" in window.windowTitle()
    on_disk = load_document(saved)
    theta = window.controller.latest.theta
    names = window.controller.latest.parameter_names
    assert on_disk.run.step == 7
    assert on_disk.view.axes == ("w:x1->h1_1", "b:h1_1") and on_disk.view.log_color is False
    np.testing.assert_array_equal([parameters(on_disk)[n] for n in names], theta)

    # Change everything, then open the file again: the saved state comes back.
    train(qtbot, window, 5)
    lv.y_param.setCurrentText("w:x2->h1_1")
    assert window.files.open_path(saved)  # the prompt is answered Discard
    qtbot.waitUntil(lambda: window.controller.latest is not None
                    and window.controller.latest.step == 7, timeout=5000)
    np.testing.assert_array_equal(window.controller.latest.theta, theta)
    shown = window.controller.document
    assert shown.view == on_disk.view
    assert shown.network == on_disk.network
    assert (lv.x_param.currentText(), lv.y_param.currentText()) == on_disk.view.axes
    assert not lv.log_color.isChecked()
    assert not window.is_modified()
    history = window.controller.latest.history_steps
    assert list(history) == on_disk.run.history["steps"]


def test_a_second_window_on_the_saved_file_shows_the_same_state(qtbot, window, tmp_path):
    train(qtbot, window, 4)
    path = tmp_path / "state.json"
    assert window.files.save_to(path, rename=True)
    other = open_window(qtbot, load_document(path))
    try:
        qtbot.waitUntil(lambda: other.controller.latest.step == 4, timeout=5000)
        np.testing.assert_array_equal(other.controller.latest.theta,
                                      window.controller.latest.theta)
        np.testing.assert_array_equal(other.controller.latest.history_train,
                                      window.controller.latest.history_train)
        assert not other.is_modified()
    finally:
        other.close()


def test_save_uses_the_file_path_without_asking(qtbot, window, tmp_path, no_file_dialogs):
    path = tmp_path / "net.json"
    save_document(xor_document(), path)
    assert window.files.open_path(path)
    train(qtbot, window, 2)
    edit(window)
    assert window.is_modified()
    assert window.files.save()
    assert load_document(path).run.step == 2
    assert window.files.recent_files()[0] == path.resolve()


def test_failed_save_reports_and_loses_nothing(qtbot, window, tmp_path, message_boxes):
    train(qtbot, window, 3)
    edit(window)
    assert not window.files.save_to(tmp_path / "no-such-folder" / "x.json")
    kind, title, text = message_boxes.calls[-1]
    assert kind == "critical" and "cannot save" in text
    assert window.is_modified() and window.file_path is None
    assert window.controller.latest.step == 3


# ---------------------------------------------------------------------- unsaved changes

def test_title_shows_star_for_settings_and_edits_never_for_training(qtbot, window, tmp_path):
    assert not window.isWindowModified()
    train(qtbot, window, 1)
    assert not window.isWindowModified()
    edit(window)
    assert window.isWindowModified()
    assert window.files.save_to(tmp_path / "a.json", rename=True)
    assert not window.isWindowModified()
    # A learning-rate change counts; changing it back does not.
    window.controls.lr.spin.setValue(0.5)
    qtbot.waitUntil(window.is_modified, timeout=5000)
    window.controls.lr.spin.setValue(0.1)
    qtbot.waitUntil(lambda: not window.is_modified(), timeout=5000)
    # So does a controls-panel change (a new document), and an edit on the undo stack.
    reduction = window.controls.reduction
    reduction.setCurrentIndex(reduction.findData("sum"))
    qtbot.waitUntil(window.is_modified, timeout=5000)
    reduction.setCurrentIndex(reduction.findData("mean"))
    qtbot.waitUntil(lambda: not window.is_modified(), timeout=5000)
    # Panel edits are on the undo stack: undoing them back to the file is no change.
    assert window.undo_stack.count() == 3  # the title edit before the save, and these two
    window.undo_stack.undo()
    qtbot.waitUntil(window.is_modified, timeout=5000)
    window.undo_stack.undo()
    qtbot.waitUntil(lambda: not window.is_modified(), timeout=5000)


LOSING_PATHS = {
    "new": lambda w: w.files.new_network(),
    "open": lambda w: w.files.open_dialog(),
    "example": lambda w: w.files.open_example(list_examples()[0]),
    "drop or recent": lambda w: w.files.open_path(w.files_test_path),
}


@pytest.mark.parametrize("path", list(LOSING_PATHS))
def test_cancel_in_the_prompt_loses_nothing(qtbot, window, tmp_path, message_boxes,
                                            no_file_dialogs, path):
    other = tmp_path / "other.json"
    save_document(xor_document(lr=0.3), other)
    window.files_test_path = other
    train(qtbot, window, 3)
    edit(window)
    before = window.controller.document
    message_boxes.answer = Button.Cancel
    assert not LOSING_PATHS[path](window)
    assert message_boxes.kinds() == ["question"]
    assert "Save them before" in message_boxes.calls[0][2]
    assert window.controller.document is before and window.file_path is None
    assert window.is_modified() and window.controller.latest.step == 3


def test_closing_asks_and_cancel_keeps_the_window_and_its_run(qtbot, window, message_boxes):
    train(qtbot, window, 2)
    edit(window)
    message_boxes.answer = Button.Cancel
    assert not window.close()
    assert window.isVisible() and window.controller.thread_running()
    assert message_boxes.kinds() == ["question"]
    message_boxes.answer = Button.Discard
    assert window.close()
    assert not window.controller.thread_running()


def test_save_in_the_prompt_saves_first(qtbot, window, tmp_path, message_boxes, monkeypatch):
    train(qtbot, window, 2)
    edit(window)
    answer_save_as(monkeypatch, tmp_path / "kept.json")
    message_boxes.answer = Button.Save
    assert window.files.open_example(next(e for e in list_examples() if e.name == "bowl"))
    assert load_document(tmp_path / "kept.json").run.step == 2
    assert window.controller.document.name == "bowl" and window.file_path is None


def test_no_prompt_without_changes(qtbot, window, message_boxes):
    assert window.files.open_example(list_examples()[0])
    assert message_boxes.calls == []


# ---------------------------------------------------------------------- bad files

def test_corrupted_file_leaves_the_open_network_untouched(qtbot, window, tmp_path,
                                                          message_boxes):
    train(qtbot, window, 3)
    edit(window)
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "backprop-playground-network", "version": 1, "neur',
                   encoding="utf-8")
    before = window.controller.document
    assert not window.files.open_path(bad)
    kind, title, text = message_boxes.calls[-1]
    assert kind == "critical" and "bad.json was not opened" in text
    with pytest.raises(FileFormatError) as refusal:
        load_document(bad)
    assert str(refusal.value) in text  # the loader's own words, naming the place
    assert "line 1, column" in text
    assert window.controller.document is before
    assert window.is_modified() and window.file_path is None
    window.controller.refresh()
    qtbot.waitUntil(lambda: window.controller.latest is not None
                    and window.controller.latest.step == 3, timeout=5000)


def test_a_file_naming_a_missing_neuron_is_refused_with_the_place(qtbot, window, tmp_path,
                                                                  message_boxes):
    text = (tmp_path / "x.json")
    save_document(xor_document(), text)
    text.write_text(text.read_text().replace('"to": "o1"', '"to": "h9"', 1))
    assert not window.files.open_path(text)
    assert 'connections[' in message_boxes.calls[-1][2] and "h9" in message_boxes.calls[-1][2]


# ---------------------------------------------------------------------- menu entries

def test_recent_files_keep_ten_and_drop_missing_ones(qtbot, window, tmp_path, message_boxes):
    paths = []
    for k in range(12):
        p = tmp_path / f"n{k}.json"
        save_document(xor_document(), p)
        paths.append(p)
        window.files.add_recent(p)
    recent = window.files.recent_files()
    assert recent == [p.resolve() for p in reversed(paths[2:])]
    window.files._fill_recent()
    labels = [a.text() for a in window.files.recent_menu.actions() if a.text()]
    assert labels[0].startswith("&1 n11.json") and len(labels) == 11  # and "Clear the list"
    paths[11].unlink()
    assert not window.files.open_recent(recent[0])
    assert message_boxes.kinds() == ["warning"] and "no longer exists" in \
        message_boxes.calls[0][2]
    assert window.files.recent_files() == recent[1:]
    assert window.files.open_recent(recent[1])
    assert window.file_path == recent[1]


def test_examples_menu_lists_every_example_with_its_description(window):
    examples = list_examples()
    actions = window.files.examples_menu.actions()
    assert [a.text() for a in actions] == [e.title for e in examples]
    assert [a.toolTip() for a in actions] == [e.description for e in examples]
    assert window.files.examples_menu.toolTipsVisible()
    actions[0].trigger()
    assert window.controller.document.name == examples[0].name
    assert window.file_path is None


def test_standard_shortcuts(window):
    a = window.files.actions
    for name, key in (("new", QKeySequence.StandardKey.New),
                      ("open", QKeySequence.StandardKey.Open),
                      ("save", QKeySequence.StandardKey.Save),
                      ("save_as", QKeySequence.StandardKey.SaveAs),
                      ("quit", QKeySequence.StandardKey.Quit)):
        bindings = QKeySequence.keyBindings(key)
        assert a[name].shortcuts(), name
        if bindings:  # the platform's standard keys win where it has them
            assert a[name].shortcuts() == bindings, name
    assert a["save_as"].shortcut().toString() == "Ctrl+Shift+S"
    assert a["quit"].shortcut().toString() == "Ctrl+Q"


def test_new_from_a_layer_string_and_blank(qtbot, window, monkeypatch, message_boxes):
    answers = iter([("2-3-1", True), ("", True), ("9-1", True), ("2-2", True), ("", False)])
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: next(answers)))
    assert window.files.new_network()
    net = window.controller.document.network
    assert len(net.ids("hidden")) == 3 and net.ids("input") == ["x1", "x2"]
    assert window.controller.document.name == "untitled" and window.file_path is None
    qtbot.waitUntil(lambda: window.controller.latest is not None, timeout=5000)
    assert window.files.new_network()
    net = window.controller.document.network
    assert net.ids("hidden") == [] and len(net.connections) == 2
    before = window.controller.document
    assert not window.files.new_network()
    assert "at most 7 input(s), not 9" in message_boxes.calls[-1][2]
    assert not window.files.new_network()
    assert "end the layers with 1" in message_boxes.calls[-1][2]
    assert not window.files.new_network()  # the dialog was cancelled
    assert window.controller.document is before


def test_new_keeps_the_input_features(window):
    doc = xor_document()
    from playground.workspace.document_edits import set_features

    doc = set_features(doc, ["x1", "x1^2"])
    new = file_actions.new_document("2-4-1", doc)
    inputs = [n for n in new.network.neurons if n.role == "input"]
    assert [(n.id, n.feature) for n in inputs] == \
        [(n.id, n.feature) for n in doc.network.neurons if n.role == "input"]
    compile_network(new.network)  # ids and connections agree


def test_dropping_a_network_file_opens_it(qtbot, window, tmp_path):
    path = tmp_path / "dropped.json"
    doc = xor_document(lr=0.2)
    doc.name = "dropped"
    save_document(doc, path)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    pos = QPoint(20, 20)
    # On the window, and on the network drawing, whose scene would take the drop itself.
    for target in (window, window.network_view.viewport()):
        window.files.open_example(next(e for e in list_examples() if e.name == "bowl"))
        enter = QDragEnterEvent(pos, Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton,
                                Qt.KeyboardModifier.NoModifier)
        QApplication.sendEvent(target, enter)
        assert enter.isAccepted()
        drop = QDropEvent(pos.toPointF(), Qt.DropAction.CopyAction, mime,
                          Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
        QApplication.sendEvent(target, drop)
        qtbot.waitUntil(lambda: window.controller.document.name == "dropped", timeout=5000)
        assert window.file_path == path.resolve()
    other = QMimeData()
    other.setUrls([QUrl.fromLocalFile(str(tmp_path / "picture.png"))])
    refused = QDragEnterEvent(pos, Qt.DropAction.CopyAction, other, Qt.MouseButton.NoButton,
                              Qt.KeyboardModifier.NoModifier)
    refused.ignore()
    QApplication.sendEvent(window, refused)
    assert not refused.isAccepted()


def test_window_geometry_and_panels_are_remembered(qtbot, tmp_path):
    first = open_window(qtbot)
    first.window_layout.set_available(QRect(0, 0, 1920, 1080))  # a screen it fits on
    first.files.restore_layout()
    first.resize(1000, 700)
    first.docks["loss"].hide()
    QApplication.processEvents()
    size = (first.width(), first.height())
    assert first.close()
    second = open_window(qtbot)
    try:
        assert second.docks["loss"].isVisible()
        second.window_layout.set_available(QRect(0, 0, 1920, 1080))
        second.files.restore_layout()
        QApplication.processEvents()
        assert not second.docks["loss"].isVisible()
        # The offscreen screen is 800 px wide: Qt fits a restored width to it, not a height.
        assert second.height() == size[1] == 700
    finally:
        second.close()


def test_settings_live_in_the_test_folder(tmp_path):
    assert str(file_actions.app_settings().fileName()).startswith(str(tmp_path))
