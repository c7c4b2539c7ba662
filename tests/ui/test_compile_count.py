"""One edit compiles the network once: every view and thread reads that compilation."""

from __future__ import annotations

import threading

import pytest

from playground.engine import compiled as compiled_module
from playground.ui.main_window import MainWindow
from tests.ui.conftest import xor_document


@pytest.fixture
def compiles(monkeypatch) -> list[str]:
    seen: list[str] = []
    original = compiled_module.CompiledNetwork.__init__

    def counting(self, *args, **kwargs):
        seen.append(threading.current_thread().name)
        original(self, *args, **kwargs)

    monkeypatch.setattr(compiled_module.CompiledNetwork, "__init__", counting)
    return seen


def _settled(qtbot, window) -> None:
    c = window.controller
    qtbot.waitUntil(lambda: c.latest is not None and c.latest.version == c.version,
                    timeout=10_000)
    view = window.landscape_view
    qtbot.waitUntil(lambda: view.result is not None and view.result.request.version == c.version,
                    timeout=20_000)


def test_a_panel_edit_and_a_canvas_edit_compile_once_each(qtbot, compiles):
    window = MainWindow(xor_document())
    qtbot.addWidget(window)
    window.show()
    _settled(qtbot, window)
    compiles.clear()
    combo = window.controls.hidden_act
    combo.setCurrentIndex(combo.findData("relu"))
    _settled(qtbot, window)
    assert len(compiles) == 1, compiles
    compiles.clear()
    editor = window.editor
    editor.add_neuron("hidden")
    _settled(qtbot, window)
    assert len(compiles) == 1, compiles
    window.files.close_requested = lambda: True
    window.close()
