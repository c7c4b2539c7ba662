"""The +/− buttons on the network drawing: clicked with the mouse, undone, carried over a
running training, saved; absent (and explained) for a free DAG."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtTest import QTest

from playground.engine.compiled import compile_network
from playground.engine.network import layered
from playground.io.document import DataSpec, Document
from playground.io.files import load_document
from playground.ui.editor.controls import BUTTON, LayerButton
from playground.ui.main_window import MainWindow
from playground.workspace.layer_edits import layers_of
from tests.ui.editor.test_editor import structure


def doc_2_3_1() -> Document:
    return Document(layered("2-3-1", "tanh", "linear", ["x1", "x2"], seed=1),
                    DataSpec("xor", n_points=100), name="layers")


def buttons(w: MainWindow) -> dict[tuple[str, int], LayerButton]:
    """The per-layer buttons by (sign, hidden layer number), from their tooltips."""
    out = {}
    for b in w.editor.layer_buttons.items:
        layer = int(b.toolTip().split("hidden layer ")[1].split()[0])
        out[(b.text.text(), layer)] = b
    return out


def click_button(w: MainWindow, button: LayerButton) -> None:
    view = w.network_view
    rect = button.path().boundingRect()  # pixels around the anchor (fixed size at any zoom)
    anchor = view.mapFromScene(button.pos())
    point = anchor + QPoint(round(rect.center().x()), round(rect.center().y()))
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton,
                     Qt.KeyboardModifier.NoModifier, point)


def test_plus_and_minus_above_a_layer_edit_it_one_undoable_command_each(qtbot, canvas_window):
    w = canvas_window(doc_2_3_1())
    before = w.editor.network.copy()
    assert set(buttons(w)) == {("+", 1), ("−", 1)}
    click_button(w, buttons(w)[("+", 1)])
    qtbot.waitUntil(lambda: "h1_4" in w.editor.network.ids(), timeout=3000)
    assert w.undo_stack.undoText() == "Add Neuron to Layer 1"
    assert layers_of(w.editor.network).columns[1] == ("h1_1", "h1_2", "h1_3", "h1_4")
    assert set(w.network_view.network_scene.neurons) == set(w.editor.network.ids())
    click_button(w, buttons(w)[("−", 1)])
    click_button(w, buttons(w)[("−", 1)])
    qtbot.waitUntil(lambda: len(layers_of(w.editor.network).columns[1]) == 2, timeout=3000)
    assert w.undo_stack.count() == 3
    for _ in range(3):
        w.undo_stack.undo()
    assert w.editor.network == before
    w.undo_stack.redo()
    assert "h1_4" in w.editor.network.ids()


def test_the_corner_adds_and_removes_hidden_layers(qtbot, canvas_window):
    w = canvas_window(doc_2_3_1())
    header = w.editor.layer_buttons.header
    assert header.isVisible() and header.label.text() == "1 hidden layer"
    QTest.mouseClick(header.add, Qt.MouseButton.LeftButton)
    assert len(layers_of(w.editor.network).hidden) == 2
    assert header.label.text() == "2 hidden layers"
    assert {k for _, k in buttons(w)} == {1, 2}
    assert w.undo_stack.undoText() == "Add Hidden Layer"
    QTest.mouseClick(header.remove, Qt.MouseButton.LeftButton)
    QTest.mouseClick(header.remove, Qt.MouseButton.LeftButton)
    assert layers_of(w.editor.network).hidden == ()
    assert not header.remove.isEnabled() and buttons(w) == {}
    assert w.controller.problem is not None  # 2-1 still trains
    for _ in range(3):
        w.undo_stack.undo()
    assert structure(w.editor.network) == structure(doc_2_3_1().network)


def test_a_double_click_on_a_button_is_two_clicks_not_a_new_free_neuron(qtbot, canvas_window):
    w = canvas_window(doc_2_3_1())
    button = buttons(w)[("+", 1)]
    rect = button.path().boundingRect()
    point = w.network_view.mapFromScene(button.pos()) + QPoint(round(rect.center().x()),
                                                               round(rect.center().y()))
    vp = w.network_view.viewport()
    QTest.mouseClick(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)
    QTest.mouseDClick(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)
    qtbot.waitUntil(lambda: len(layers_of(w.editor.network).columns[1]) >= 4, timeout=3000)
    hidden = [n.id for n in w.editor.network.neurons if n.role == "hidden"]
    assert all(nid.startswith("h1_") for nid in hidden)  # no free "h1" dropped at the spot


def test_an_edit_while_training_carries_the_run_over_and_is_saved(qtbot, canvas_window,
                                                                   tmp_path):
    w = canvas_window(doc_2_3_1())
    c = w.controller
    c.set_lr(1e-6)
    c.set_speed(2000)
    c.play()
    qtbot.waitUntil(lambda: c.latest is not None and c.latest.running and c.latest.step > 20,
                    timeout=5000)
    kept = {n: v for n, v in zip(c.latest.parameter_names, c.latest.theta)}
    step = c.latest.step
    w.editor.edit_layers("add neuron", 1)
    names = tuple(compile_network(w.editor.network).parameter_names)
    qtbot.waitUntil(lambda: c.latest is not None and c.latest.parameter_names == names
                    and c.latest.step > step, timeout=5000)
    theta = dict(zip(c.latest.parameter_names, c.latest.theta))
    assert abs(theta["w:x1->h1_1"] - kept["w:x1->h1_1"]) < 1e-3  # carried over, not reset
    assert c.latest.step > step  # the run goes on from where it was
    c.pause()
    qtbot.waitUntil(lambda: not c.latest.running, timeout=5000)
    path = tmp_path / "layers.json"
    assert w.files.save_to(path)
    assert "h1_4" in load_document(path).network.ids()


def test_a_free_dag_has_no_layer_buttons_and_says_why(qtbot, canvas_window):
    w = canvas_window(doc_2_3_1())
    w.editor.connect("x1", "o1")  # a skip connection
    header = w.editor.layer_buttons.header
    assert buttons(w) == {}
    assert not header.add.isEnabled() and not header.remove.isEnabled()
    assert "skips a layer" in header.add.toolTip() and header.label.text() == "free network"
    assert w.network_view.top_room == 0
    w.undo_stack.undo()
    assert header.add.isEnabled() and set(buttons(w)) == {("+", 1), ("−", 1)}


def test_buttons_keep_their_size_in_pixels_at_any_zoom(qtbot, canvas_window):
    w = canvas_window(doc_2_3_1())
    view = w.network_view

    def width() -> float:
        on_screen = buttons(w)[("+", 1)].deviceTransform(view.viewportTransform())
        return on_screen.map(QPointF(BUTTON, 0)).x() - on_screen.map(QPointF(0, 0)).x()
    assert width() == BUTTON
    scale = view.transform().m11()
    view.zoom(2.0)
    assert view.transform().m11() == pytest.approx(2 * scale) and width() == BUTTON


def test_a_neuron_double_clicked_near_the_bottom_lands_above_the_key(qtbot, canvas_window):
    from playground.ui.views.network_view import KEY_HEIGHT, NEURON_RADIUS

    w = canvas_window(doc_2_3_1())
    view = w.network_view
    vp = view.viewport()
    QTest.mouseDClick(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                      QPoint(60, vp.height() - 8))  # on the key's "w > 0"
    added = [n for n in w.editor.network.neurons if n.id not in doc_2_3_1().network.ids()]
    assert len(added) == 1
    centre = view.mapFromScene(QPointF(*added[0].position))
    scale = view.transform().m11()
    assert centre.y() + NEURON_RADIUS * scale <= vp.height() - KEY_HEIGHT
    assert added[0].position[1] % 10 == 0  # still on the grid
