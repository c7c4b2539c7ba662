"""UI test fixtures: documents to train, a guard that fails any test leaking a QThread,
private settings folders and message boxes that answer without blocking."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, QStandardPaths
from PySide6.QtWidgets import QMessageBox

from playground.engine.network import layered
from playground.engine.training import TrainingConfig
from playground.io.document import DataSpec, Document
from playground.ui.threads import running_threads


@pytest.fixture(autouse=True)
def _no_running_qthreads():
    before = set(running_threads())
    yield
    leaked = [t.objectName() for t in running_threads() if t not in before]
    assert not leaked, f"test left QThreads running: {leaked}"


@pytest.fixture(autouse=True)
def _desktop_screen(monkeypatch):
    """Windows lay out for a 1920x1080 desktop (the offscreen screen is 800x800); a test of
    another screen says so with `window_layout.set_available`."""
    from PySide6.QtCore import QRect

    from playground.ui import layout

    monkeypatch.setattr(layout, "available_geometry", lambda window: QRect(0, 0, 1920, 1080))


@pytest.fixture(autouse=True)
def _private_settings(tmp_path, monkeypatch):
    """Settings, recent files and autosaves of a test live in its tmp_path, never the user's."""
    home = tmp_path / "home"
    monkeypatch.setenv("HOME", str(home))  # test mode puts standard folders under ~/.qttest
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    QStandardPaths.setTestModeEnabled(True)
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(tmp_path / "settings"))
    yield
    QStandardPaths.setTestModeEnabled(False)


class MessageBoxes:
    """QMessageBox's static dialogs, answered at once and recorded (a modal box would hang)."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str, str]] = []  # (kind, title, text)
        self.answer: QMessageBox.StandardButton | None = None  # None: Discard, No or Ok

    def kinds(self) -> list[str]:
        return [kind for kind, _, _ in self.calls]

    def reply(self, kind: str):
        def dialog(parent, title, text, buttons=None, default=None):
            self.calls.append((kind, title, text))
            if self.answer is not None:
                return self.answer
            B = QMessageBox.StandardButton
            offered = buttons if buttons is not None else B.Ok
            return next((b for b in (B.Discard, B.No, B.Ok) if offered & b), B.NoButton)
        return dialog


@pytest.fixture(autouse=True)
def message_boxes(monkeypatch) -> MessageBoxes:
    boxes = MessageBoxes()
    for kind in ("question", "warning", "critical", "information"):
        monkeypatch.setattr(QMessageBox, kind, staticmethod(boxes.reply(kind)))
    return boxes


def xor_document(lr: float = 0.1, optimizer: str = "sgd") -> Document:
    """A small tanh network on the xor data, full batch."""
    return Document(network=layered("2-4-1", "tanh", "linear", seed=1),
                    data=DataSpec("xor", n_points=100),
                    training=TrainingConfig(optimizer=optimizer, hyper={"lr": lr}),
                    name="xor test")


@pytest.fixture
def xor_doc() -> Document:
    return xor_document()


def make_edit(window) -> None:
    """A change a person makes (training alone is not unsaved work): the title, on the
    undo stack like every edit."""
    from playground.ui.files.properties import change_properties

    doc = window.controller.document
    change_properties(window.controller, window.undo_stack,
                      (f"{doc.title} (edited)", doc.description))


@pytest.fixture
def canvas_window(qtbot):
    """Opens MainWindows on documents with the network dock floating and large, so every
    neuron and button of the canvas is in view; shut down after the test."""
    from playground.ui.main_window import MainWindow

    windows = []

    def make(document: Document) -> MainWindow:
        w = MainWindow(document)
        qtbot.addWidget(w)
        w.resize(1300, 850)
        w.show()
        dock = w.docks["network"]
        dock.setFloating(True)
        dock.resize(760, 560)
        qtbot.waitExposed(w.network_view)
        windows.append(w)
        return w

    yield make
    for w in windows:
        w.shutdown()
