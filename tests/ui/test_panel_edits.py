"""Every edit on the controls panel is undoable and follows the one rule for edits:
the run goes on (step count, loss history, surviving parameters), the edit is marked."""

from __future__ import annotations

import numpy as np
import pytest

from playground.io.codec import tree_from_document
from playground.ui.main_window import MainWindow
from tests.ui.conftest import xor_document


def settings(doc) -> dict:
    tree = tree_from_document(doc)
    tree.pop("run", None)
    return tree


@pytest.fixture
def window(qtbot):
    doc = xor_document(lr=0.1, optimizer="adam")
    w = MainWindow(doc)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(lambda: w.controller.latest is not None, timeout=5000)
    yield w
    w.files.close_requested = lambda: True  # no Save / Discard question in these tests
    w.close()


def _combo(name: str, data):
    def apply(c):
        box = getattr(c, name)
        box.setCurrentIndex(box.findData(data))
    return apply


def _spin(name: str, value):
    return lambda c: getattr(c, name).setValue(value)


def _hyper(key: str, value):
    return lambda c: c.hyper_widgets[key].setValue(value)


PANEL_EDITS = {
    "hidden activation": (_combo("hidden_act", "relu"), "Set hidden activation to"),
    "output activation": (_combo("output_act", "tanh"), "Set output activation to"),
    "loss": (_combo("loss", "squared"), "Set loss to"),
    "reduction": (_combo("reduction", "sum"), "Set reduction to"),
    "optimizer": (_combo("optimizer", "sgd"), "Set optimizer to"),
    "hyper-parameter": (_hyper("beta1", 0.5), "Set "),
    "batch size": (_spin("batch", 10), "Set batch size to 10"),
    "regulariser": (_combo("regularizer", "l2"), "Set regularisation to"),
    "data set": (_combo("dataset", "circle"), "Set data set to circle"),
    "noise": (_spin("noise", 0.3), "Set noise to 0.3"),
    "train fraction": (_spin("train_fraction", 0.6), "Set train fraction to 0.6"),
    "features": (lambda c: c.features["x1*x2"].setChecked(True), "Set input features to"),
}


@pytest.mark.parametrize("name", list(PANEL_EDITS))
def test_each_panel_edit_is_undoable_with_a_readable_text(qtbot, window, name):
    apply, text = PANEL_EDITS[name]
    before = settings(window.controller.document)
    apply(window.controls)
    stack = window.undo_stack
    assert stack.count() == 1
    assert stack.undoText().startswith(text), stack.undoText()
    qtbot.waitUntil(lambda: settings(window.controller.document) != before, timeout=5000)
    after = settings(window.controller.document)
    stack.undo()
    qtbot.waitUntil(lambda: settings(window.controller.document) == before, timeout=5000)
    # The panel shows the undone settings again, and the worker trains them.
    assert settings(window.controls.document) == before
    stack.redo()
    qtbot.waitUntil(lambda: settings(window.controller.document) == after, timeout=5000)
    v = window.controller.version
    qtbot.waitUntil(lambda: window.controller.latest is not None
                    and window.controller.latest.version == v, timeout=5000)


def test_learning_rate_changes_of_one_drag_are_one_command(qtbot, window):
    lr = window.controls.lr
    for value in (0.2, 0.3, 0.4):
        lr.spin.setValue(value)
    stack = window.undo_stack
    assert stack.count() == 1 and stack.undoText() == "Set learning rate to 0.4"
    qtbot.waitUntil(lambda: window.controller.latest.lr == pytest.approx(0.4), timeout=5000)
    stack.undo()
    assert lr.value() == pytest.approx(0.1)
    qtbot.waitUntil(lambda: window.controller.latest.lr == pytest.approx(0.1), timeout=5000)


def test_an_edit_keeps_the_step_count_and_the_history_and_is_marked(qtbot, window):
    c = window.controller
    c.step(25)
    qtbot.waitUntil(lambda: c.latest.step == 25, timeout=5000)
    history = c.latest.history_train.copy()
    theta = dict(zip(c.latest.parameter_names, c.latest.theta))
    window.controls.reduction.setCurrentIndex(window.controls.reduction.findData("sum"))
    qtbot.waitUntil(lambda: c.latest is not None and c.latest.version == c.version, timeout=5000)
    snap = c.latest
    assert snap.step == 25
    assert np.array_equal(snap.history_train[:len(history)], history)
    assert dict(zip(snap.parameter_names, snap.theta)) == theta
    assert snap.marks == ((25, "Set reduction to sum"),)
    assert len(window.loss_view.mark_lines) == 1
    # A structural edit (new features) keeps the step, the losses and shared parameters.
    window.controls.features["x1*x2"].setChecked(True)
    qtbot.waitUntil(lambda: c.latest is not None and c.latest.version == c.version
                    and len(c.latest.marks) == 2, timeout=5000)
    snap = c.latest
    assert snap.step == 25 and len(snap.history_train) >= len(history)
    new = dict(zip(snap.parameter_names, snap.theta))
    assert set(new) > set(theta) and all(new[k] == v for k, v in theta.items())
    # Reset is the one thing that starts over.
    c.reset()
    qtbot.waitUntil(lambda: c.latest is not None and c.latest.version == c.version, timeout=5000)
    assert c.latest.step == 0 and c.latest.marks == ()


def test_a_refused_panel_edit_says_why_and_leaves_nothing_to_undo(qtbot, window):
    c = window.controller
    before = settings(c.document)
    with qtbot.waitSignal(c.failed, timeout=5000) as blocker:
        _combo("loss", "softmax_ce")(window.controls)
    assert "needs at least 2 output neurons" in blocker.args[0]
    assert settings(c.document) == before
    assert window.undo_stack.count() == 0
    assert window.controls.loss.currentData() == before["training"]["loss"]
