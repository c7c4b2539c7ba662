"""The network editor in the main window: drawn by mouse, trained, undone, edited while training."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QKeySequence, QMouseEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from playground.engine.compiled import compile_network
from playground.engine.losses import LossSpec
from playground.engine.network import Network
from playground.engine.training import TrainingConfig, features_for
from playground.io.codec import tree_from_document
from playground.io.document import DataSpec, Document
from playground.io.examples import example_path
from playground.io.files import load_document
from playground.ui.main_window import MainWindow

PORT = 18.0  # the connection port sits on a neuron's right edge


def xor_file() -> Document:
    return load_document(example_path("xor"))


def empty_document() -> Document:
    return Document(network=Network(), data=DataSpec("xor", n_points=100, seed=2),
                    # The seed also draws the editor's new weights: this one is not caught
                    # in one of xor's local minima (seed 0 is, at a loss of 0.19).
                    training=TrainingConfig(LossSpec("bce_logits"), "adam", {"lr": 0.05},
                                            seed=1),
                    name="drawn")


# ---------------------------------------------------------------------- mouse helpers
def at(window: MainWindow, point: tuple[float, float]) -> QPoint:
    return window.network_view.mapFromScene(QPointF(*point))


def drag(window: MainWindow, a: tuple[float, float], b: tuple[float, float], steps: int = 5,
         modifier=Qt.KeyboardModifier.NoModifier) -> None:
    """Press at scene point a, move to b in steps, release there."""
    vp = window.network_view.viewport()
    QTest.mousePress(vp, Qt.MouseButton.LeftButton, modifier, at(window, a))
    for i in range(1, steps + 1):
        t = i / steps
        QTest.mouseMove(vp, at(window, (a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t)))
    QTest.mouseRelease(vp, Qt.MouseButton.LeftButton, modifier, at(window, b))


def hover(window: MainWindow, point: tuple[float, float]) -> None:
    """Move the mouse (no button) to a scene point: QTest.mouseMove only moves the cursor."""
    vp = window.network_view.viewport()
    local = QPointF(at(window, point))
    QApplication.sendEvent(vp, QMouseEvent(QEvent.Type.MouseMove, local,
                                           QPointF(vp.mapToGlobal(local.toPoint())),
                                           Qt.MouseButton.NoButton, Qt.MouseButton.NoButton,
                                           Qt.KeyboardModifier.NoModifier))


def connect_by_drag(window: MainWindow, src: str, dst: str) -> None:
    pos = {n.id: n.position for n in window.editor.network.neurons}
    drag(window, (pos[src][0] + PORT, pos[src][1]), pos[dst])


def click_tool(window: MainWindow, action) -> None:
    button = window.editor.actions.toolbar.widgetForAction(action)
    QTest.mouseClick(button, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     QPoint(6, button.height() // 2))


def structure(net: Network) -> tuple:
    return (tuple((n.id, n.role, n.activation, n.bias is None) for n in net.neurons),
            tuple((c.src, c.dst) for c in net.connections))


def assert_drawn(window: MainWindow) -> None:
    """The canvas shows exactly the editor's network: items, ends, roles, positions."""
    net, scene = window.editor.network, window.editor.scene
    assert set(scene.neurons) == set(net.ids())
    for n in net.neurons:
        item = scene.neurons[n.id]
        assert (item.role, item.activation, item.feature) == (n.role, n.activation, n.feature)
        assert (item.pos().x(), item.pos().y()) == tuple(n.position)
    assert set(scene.connections) == {c.parameter for c in net.connections}
    for c in net.connections:
        item = scene.connections[c.parameter]
        assert (item.source, item.target) == (scene.neurons[c.src], scene.neurons[c.dst])
        assert item in item.source.connections and item in item.target.connections
    assert sum(len(i.connections) for i in scene.neurons.values()) == 2 * len(net.connections)


def accuracy(window: MainWindow) -> float:
    doc, snap = window.controller.document, window.controller.latest
    compiled = compile_network(doc.network, doc.training.loss)
    data = features_for(doc.data.build(), compiled.input_features)
    assert snap.parameter_names == tuple(compiled.parameter_names)
    logits = compiled.forward(snap.theta, data.x_train)
    return float(np.mean((logits > 0) == (data.y_train > 0.5)))


# ---------------------------------------------------------------------- drawing
def test_draw_a_2_3_1_network_by_mouse_and_it_learns_xor(qtbot, canvas_window):
    w = canvas_window(empty_document())
    editor = w.editor
    assert editor.problem is not None and "no input" in w.network_view.notice
    click_tool(w, editor.actions.add_input)
    click_tool(w, editor.actions.add_input)
    vp = w.network_view.viewport()
    for point in ((160, -80), (160, 40), (160, 160)):
        QTest.mouseDClick(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                          at(w, point))
    click_tool(w, editor.actions.add_output)
    assert editor.network.ids() == ["x1", "x2", "h1", "h2", "h3", "o1"]
    assert editor.network.neuron("h2").position == (160.0, 40.0)  # snapped to the grid
    assert editor.problem is None and w.network_view.notice == ""
    for src in ("x1", "x2"):
        for dst in ("h1", "h2", "h3"):
            connect_by_drag(w, src, dst)
    for src in ("h1", "h2", "h3"):
        connect_by_drag(w, src, "o1")
    assert len(editor.network.connections) == 9
    assert w.undo_stack.count() == 15
    h2 = editor.network.neuron("h2").position
    drag(w, h2, (h2[0], h2[1] + 30))
    assert editor.network.neuron("h2").position == (160.0, 70.0)
    assert w.undo_stack.undoText() == "Move Neuron"
    assert w.controller.document.network == editor.network
    w.controller.step(2000)  # one command, trained in the worker without a frame between
    qtbot.waitUntil(lambda: w.controller.latest is not None
                    and w.controller.latest.step == 2000, timeout=20000)
    assert w.controller.latest.train_loss < 0.05
    assert accuracy(w) > 0.95


def test_a_drag_that_would_make_a_cycle_is_refused(qtbot, canvas_window):
    w = canvas_window(xor_file())
    connect_by_drag(w, "h1", "h2")
    assert w.undo_stack.undoText() == "Add Connection"
    before = w.editor.network.copy()
    count = w.undo_stack.count()
    version = w.controller.version
    connect_by_drag(w, "h2", "h1")
    assert "cycle" in w.statusBar().currentMessage()
    assert w.editor.network == before
    assert w.undo_stack.count() == count
    assert w.controller.version == version  # nothing sent to the worker
    connect_by_drag(w, "h1", "x1")
    assert "enters input" in w.statusBar().currentMessage()
    connect_by_drag(w, "h1", "h2")
    assert "duplicate" in w.statusBar().currentMessage()
    assert w.editor.network == before


def test_rubber_band_ctrl_click_and_delete_key(qtbot, canvas_window):
    w = canvas_window(xor_file())
    editor, scene = w.editor, w.editor.scene
    pos = {n.id: n.position for n in editor.network.neurons}
    # Shift-drag over the two inputs: a rubber band selects them.
    drag(w, (pos["x1"][0] - 40, pos["x1"][1] - 30), (pos["x2"][0] + 30, pos["x2"][1] + 30),
         modifier=Qt.KeyboardModifier.ShiftModifier)
    assert set(scene.selected_neurons()) == {"x1", "x2"}
    vp = w.network_view.viewport()
    QTest.mouseClick(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ControlModifier,
                     at(w, pos["o1"]))
    assert set(scene.selected_neurons()) == {"x1", "x2", "o1"}
    w.network_view.setFocus()
    QTest.keyClick(w.network_view, Qt.Key.Key_Delete)
    assert editor.network.ids() == ["h1", "h2", "h3", "h4"]
    assert editor.network.connections == []
    assert w.undo_stack.undoText() == "Delete 3 Neurons"
    assert editor.problem is not None  # no inputs and no output: shown, not trained
    w.undo_stack.undo()
    assert editor.network == xor_file().network
    assert editor.problem is None


def test_dragging_empty_space_pans_and_the_wheel_zooms(qtbot, canvas_window):
    w = canvas_window(xor_file())
    view = w.network_view
    centre = view.mapToScene(view.viewport().rect().center())
    drag(w, (-150.0, 200.0), (-100.0, 200.0))
    moved = view.mapToScene(view.viewport().rect().center())
    assert moved.x() < centre.x() - 20
    assert w.undo_stack.count() == 0  # panning is not an edit
    scale = view.transform().m11()
    view.zoom(1.5)
    assert view.transform().m11() == pytest.approx(scale * 1.5)
    w.editor.actions.fit.trigger()
    assert view.transform().m11() == pytest.approx(scale)


# ---------------------------------------------------------------------- undo
def test_undo_of_every_kind_of_edit_restores_the_exact_network(qtbot, canvas_window):
    document = xor_file()
    w = canvas_window(document)
    e = w.editor
    e.ask_value = lambda title, label, value: -1.25
    edits = [
        ("Add Input Neuron", lambda: e.add_neuron("input", feature="x1*x2")),
        ("Add Hidden Neuron", lambda: e.add_neuron("hidden", (240.0, 200.0))),
        ("Add Connection", lambda: e.connect("x1x2", "h5")),
        ("Move Neuron", lambda: e.move({"h5": ((240.0, 200.0), (250.0, 210.0))})),
        ("Set Weight", lambda: e.set_value("w:x1->h1", 3.5)),
        ("Set Bias", lambda: trigger(e.menus.neuron("h2"), "Bias value…")),
        ("Set Activation to Sigmoid", lambda: trigger(e.menus.neuron("h3"), "Sigmoid")),
        ("Remove Bias", lambda: e.set_bias_enabled("h4", False)),
        ("Set Input Feature", lambda: e.set_feature("x1x2", "sin(x1)")),
        ("Delete Neuron", lambda: e.delete({"h1"}, set())),
        ("Delete Connection", lambda: trigger(e.menus.connection("w:x2->h2"), "Delete")),
        ("Auto Layout", e.auto_layout),
        ("Quick Build 2-3-1", lambda: e.quick_build("2-3-1")),
    ]
    history = [e.network.copy()]
    for text, edit in edits:
        edit()
        assert w.undo_stack.undoText() == text
        assert e.network != history[-1]
        assert w.controller.document.network == e.network
        assert_drawn(w)
        history.append(e.network.copy())
    undo = w.menus["edit"].actions()[0]
    assert undo.text().replace("&", "") == "Undo Quick Build 2-3-1"
    for k in range(len(edits), 0, -1):
        w.undo_stack.undo()
        assert e.network == history[k - 1]
        assert w.controller.document.network == e.network
        assert_drawn(w)
    assert w.undo_stack.isClean()
    saved = tree_from_document(document)
    now = tree_from_document(w.controller.document)
    assert (now["neurons"], now["connections"]) == (saved["neurons"], saved["connections"])
    for k in range(1, len(edits) + 1):
        w.undo_stack.redo()
        assert e.network == history[k]
        assert_drawn(w)
    qtbot.waitUntil(lambda: w.controller.latest is not None and
                    w.controller.latest.parameter_names ==
                    tuple(compile_network(e.network).parameter_names), timeout=5000)


def trigger(menu, text: str) -> None:
    """Trigger the menu's (or a submenu's) action called `text`."""
    for act in menu.actions():
        if act.menu() is not None:
            try:
                return trigger(act.menu(), text)
            except LookupError:
                continue
        if act.text().startswith(text):
            act.trigger()
            return None
    raise LookupError(text)


def test_ctrl_z_and_ctrl_shift_z(qtbot, canvas_window):
    w = canvas_window(xor_file())
    undo, redo = w.editor.actions.undo, w.editor.actions.redo
    assert QKeySequence("Ctrl+Z") in undo.shortcuts()
    assert QKeySequence("Ctrl+Shift+Z") in redo.shortcuts()
    w.editor.connect("h1", "h2")
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow, timeout=2000)
    QTest.keyClick(w, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert w.editor.network == xor_file().network
    QTest.keyClick(w, Qt.Key.Key_Z,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert ("h1", "h2") in {(c.src, c.dst) for c in w.editor.network.connections}


def test_refused_edits_say_why_and_change_nothing(qtbot, canvas_window):
    w = canvas_window(xor_file())
    e = w.editor
    before = e.network.copy()
    assert not e.quick_build("2-2")  # two outputs for one target column
    assert "output" in w.statusBar().currentMessage()
    assert not e.quick_build("2-x-1")
    assert "whole numbers" in w.statusBar().currentMessage()
    assert e.add_neuron("input", feature="x1") is None
    assert "already reads" in w.statusBar().currentMessage()
    assert not e.set_value("w:x1->h1", float("nan"))
    assert e.network == before and w.undo_stack.count() == 0


# ---------------------------------------------------------------------- live state
def test_hover_shows_the_neurons_figures_and_axes_are_marked(qtbot, canvas_window):
    w = canvas_window(xor_file())
    w.controller.step(3)
    qtbot.waitUntil(lambda: w.controller.latest is not None and w.controller.latest.step == 3,
                    timeout=5000)
    item = w.editor.scene.neurons["h2"]
    hover(w, (item.pos().x() - 5, item.pos().y()))
    qtbot.waitUntil(lambda: "pre-activation" in item.toolTip(), timeout=2000)
    assert "delta" in item.toolTip()
    doc, snap = w.controller.document, w.controller.latest
    compiled = compile_network(doc.network, doc.training.loss)
    data = features_for(doc.data.build(), compiled.input_features)
    trace = compiled.trace(snap.theta, data.x_train, data.y_train)
    assert f"{float(np.mean(trace.z('h2'))):.4g}" in item.toolTip()
    # The file's landscape axes are marked; choosing another moves the mark.
    scene = w.editor.scene
    assert scene.connections["w:x1->h1"].axis == "x"
    w.editor.use_as_axis("b:o1", 1)
    assert w.landscape_view.y_param.currentText() == "b:o1"
    assert w.controller.document.view.axes == ("w:x1->h1", "b:o1")
    assert scene.neurons["o1"].axis == "y"
    assert scene.connections["w:x2->h1"].axis is None


def test_editing_while_training_keeps_the_worker_on_the_drawn_network(qtbot, canvas_window):
    w = canvas_window(xor_file())
    e, c = w.editor, w.controller
    c.set_lr(1e-6)  # Adam moves a weight ~lr a step: a value set stays near for a while
    c.set_speed(2000)  # paced, so the test's own event loop is not starved of the GIL
    c.play()
    qtbot.waitUntil(lambda: c.latest is not None and c.latest.running and c.latest.step > 20,
                    timeout=5000)
    e.add_neuron("hidden", (160.0, 200.0))
    e.connect("x1", "h5")
    e.connect("h5", "o1")
    e.delete(set(), {("x2", "h3")})
    e.set_value("w:h1->o1", 4.0)
    e.set_activation(["h2"], "relu")
    e.move({"h4": ((160.0, 120.0), (200.0, 120.0))})
    e.undo_stack.undo()  # the move
    e.undo_stack.undo()  # the activation
    names = tuple(compile_network(e.network).parameter_names)

    def current() -> bool:
        snap = c.latest
        return snap is not None and snap.running and snap.parameter_names == names \
            and abs(snap.theta[names.index("w:h1->o1")] - 4.0) < 0.2  # it was 0.109
    qtbot.waitUntil(current, timeout=5000)
    captured = c.capture_document()
    assert structure(captured.network) == structure(e.network)
    assert captured.network.neuron("h4").position == (160.0, 120.0)
    assert captured.network.neuron("h2").activation == "tanh"
    c.pause()
    qtbot.waitUntil(lambda: not c.latest.running, timeout=5000)
