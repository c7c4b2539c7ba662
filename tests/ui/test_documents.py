"""Documents: examples open as introduced, untitled copies; training alone is not unsaved
work; the question says what changed; Properties round trip; where file dialogs start."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

from playground.io.examples import list_examples
from playground.io.files import load_document, save_document
from playground.ui.files import file_actions
from playground.ui.files.properties import change_properties
from playground.ui.main_window import MainWindow
from playground.workspace.document_edits import input_features
from tests.ui.conftest import xor_document

Button = QMessageBox.StandardButton


@pytest.fixture
def window(qtbot, message_boxes):
    w = MainWindow(xor_document())
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(lambda: w.controller.latest is not None, timeout=5000)
    yield w
    message_boxes.answer = None
    w.close()


def train(qtbot, window, steps: int) -> None:
    qtbot.waitUntil(lambda: window.controller.latest is not None, timeout=5000)
    target = window.controller.latest.step + steps
    window.controller.step(steps)
    qtbot.waitUntil(lambda: window.controller.latest.step == target, timeout=5000)


def record_dialogs(monkeypatch, answer: str = "") -> list[tuple[str, str]]:
    """(kind, start folder) of every file dialog; each answers `answer` ("" = Cancel)."""
    asked = []

    def dialog(kind):
        def ask(parent, caption, folder, *rest, **kw):
            asked.append((kind, folder))
            return answer, ""
        return staticmethod(ask)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", dialog("open"))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", dialog("save"))
    return asked


@pytest.mark.parametrize("how", ["open", "start"])
def test_an_example_opened_by_its_file_is_an_untitled_copy_too(qtbot, window, message_boxes,
                                                                monkeypatch, tmp_path, how):
    """`playground circle` and File > Open on resources/examples/circle.json saved over the
    shipped file with Ctrl+S (new-user test): opened by its file, an example is still an
    untitled copy, introduced, and Save asks where."""
    info = next(e for e in list_examples() if e.name == "circle")
    spelled = info.path.parent / ".." / "examples" / info.path.name  # any spelling
    if how == "open":
        assert window.files.open_path(spelled)
    else:
        window.files.begin_session(str(spelled), recover=False)
    assert window.file_path is None and window.example_panel.isVisible()
    train(qtbot, window, 3)
    before = info.path.read_bytes()
    target = tmp_path / "my-circle.json"
    asked = record_dialogs(monkeypatch, str(target))
    assert window.files.save()
    assert [kind for kind, _ in asked] == ["save"] and asked[0][1] != str(info.path.parent)
    assert info.path.read_bytes() == before and target.exists()


def test_an_example_introduces_itself_and_opens_as_an_untitled_copy(qtbot, window,
                                                                    message_boxes,
                                                                    monkeypatch, tmp_path):
    info = next(e for e in list_examples() if e.name == "bowl")
    assert window.files.open_example(info)
    panel = window.example_panel
    assert panel.isVisible() and info.description in panel.text()
    assert "Try:" in panel.text() and info.try_this
    panel.toggle.setChecked(False)
    assert not panel.body.isVisible() and panel.isVisible()  # folds to its heading
    assert window.file_path is None
    train(qtbot, window, 4)
    assert not window.is_modified()  # trained only: nothing to save
    # Save asks where, and the shipped example stays as it was.
    before = info.path.read_bytes()
    target = tmp_path / "my-bowl.json"
    asked = record_dialogs(monkeypatch, str(target))
    assert window.files.save()
    assert [kind for kind, _ in asked] == ["save"]
    assert info.path.read_bytes() == before and load_document(target).run.step == 4
    assert not panel.isVisible()  # saved: no longer "an untitled copy"
    # Opening anything else puts the introduction away.
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: ("2-2-1", True)))
    assert window.files.new_network()
    assert not panel.isVisible()


def test_closing_an_example_that_was_only_trained_asks_nothing(qtbot, message_boxes):
    w = MainWindow(xor_document())
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(lambda: w.controller.latest is not None, timeout=5000)
    assert w.files.open_example(next(e for e in list_examples() if e.name == "xor"))
    qtbot.waitUntil(lambda: w.controller.latest is not None, timeout=5000)
    train(qtbot, w, 5)
    assert w.close()
    assert message_boxes.calls == []


def test_the_question_says_what_changed(qtbot, window, message_boxes, tmp_path):
    path = tmp_path / "net.json"
    save_document(xor_document(), path)
    assert window.files.open_path(path)
    qtbot.waitUntil(lambda: window.controller.latest is not None, timeout=5000)
    train(qtbot, window, 3)
    reduction = window.controls.reduction
    reduction.setCurrentIndex(reduction.findData("sum"))
    qtbot.waitUntil(window.is_modified, timeout=5000)
    window.editor.add_neuron("hidden")
    message_boxes.answer = Button.Cancel
    assert not window.close()
    text = message_boxes.calls[-1][2]
    assert "edited the network" in text and "changed the settings" in text
    assert "trained 3 steps" in text
    assert "since it was saved" in text


def test_properties_round_trip_and_undo(qtbot, window, tmp_path, message_boxes):
    assert change_properties(window.controller, window.undo_stack,
                             ("XOR, my way", "Four tanh neurons.\nTry two."),
                             window._update_title)
    doc = window.controller.document
    assert (doc.title, doc.description) == ("XOR, my way", "Four tanh neurons.\nTry two.")
    assert window.is_modified()
    window.undo_stack.undo()
    assert (doc.title, doc.description) == ("", "") and not window.is_modified()
    window.undo_stack.redo()
    assert "changed the title or description" in " ".join(window.files.changes())
    # A settings change afterwards makes a new document: the properties go with it.
    window.controls.lr.spin.setValue(0.2)
    reduction = window.controls.reduction
    reduction.setCurrentIndex(reduction.findData("sum"))
    qtbot.waitUntil(lambda: window.controller.document is not doc, timeout=5000)
    path = tmp_path / "props.json"
    assert window.files.save_to(path, rename=True)
    saved = load_document(path)
    assert (saved.title, saved.description) == ("XOR, my way", "Four tanh neurons.\nTry two.")
    assert not window.is_modified()
    assert "properties" in window.files.actions


def test_new_from_2_2_1_after_a_wide_document(qtbot, window, monkeypatch):
    wide = next(e for e in list_examples() if e.name == "four-three-two")
    assert window.files.open_example(wide)
    qtbot.waitUntil(lambda: window.controller.latest is not None, timeout=5000)
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: ("2-2-1", True)))
    assert window.files.new_network()
    net = window.controller.document.network
    assert input_features(net) == ["x1", "x2"] and len(net.ids("hidden")) == 2
    qtbot.waitUntil(lambda: window.controller.latest is not None
                    and window.controller.latest.parameter_names
                    and len(window.controller.latest.parameter_names) == 9, timeout=5000)
    train(qtbot, window, 2)


def test_dialogs_start_beside_the_document_else_the_last_folder_else_documents(
        qtbot, window, monkeypatch, tmp_path):
    documents = Path(QStandardPaths.writableLocation(
        QStandardPaths.StandardLocation.DocumentsLocation))
    documents.mkdir(parents=True, exist_ok=True)
    asked = record_dialogs(monkeypatch)
    window.files.open_dialog()
    assert Path(asked[-1][1]) == documents  # nothing opened yet: Documents
    window.files.save_as()
    assert Path(asked[-1][1]).parent == documents
    folder = tmp_path / "projects"
    folder.mkdir()
    path = folder / "net.json"
    save_document(xor_document(), path)
    assert window.files.open_path(path)
    window.files.open_dialog()
    assert Path(asked[-1][1]) == folder  # beside the document
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: ("", True)))
    assert window.files.new_network()  # untitled: the last folder used
    window.files.save_as()
    assert Path(asked[-1][1]).parent == folder
    assert file_actions.start_folder(None) == folder


@pytest.mark.parametrize("short", [True, False])
def test_an_example_opens_folded_on_a_short_screen(qtbot, window, monkeypatch, short):
    from playground.ui.files import example_panel

    height = window.example_panel.screen().availableGeometry().height()
    monkeypatch.setattr(example_panel, "SHORT_SCREEN", height + 1 if short else height)
    info = next(e for e in list_examples() if e.name == "xor")
    assert window.files.open_example(info)
    panel = window.example_panel
    assert panel.isVisible()  # its heading always shows; ▸ unfolds the text
    assert panel.toggle.isChecked() is not short
    assert panel.body.isVisible() is not short
