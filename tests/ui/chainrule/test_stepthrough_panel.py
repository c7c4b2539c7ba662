"""The step-through panel: backward in reverse topological order, a table equal to the engine's."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QApplication

from playground.engine.chainrule import topology
from playground.engine.compiled import compile_network
from playground.engine.network import Connection
from playground.engine.training import features_for
from playground.ui.chainrule.network_highlight import COMPUTED
from playground.ui.chainrule.stepthrough_panel import highlight_at
from tests.ui.chainrule_fixtures import example7_document, example_document, open_window


def reference(document, theta=None):
    """Compiled network, theta, data and gradient, from a compile of our own."""
    c = compile_network(document.network, document.training.loss)
    data = features_for(document.data.build(), c.input_features)
    theta = c.parameters_of(document.network) if theta is None else theta
    _, grad = c.loss_and_grad(theta, data.x_train, data.y_train)
    return c, theta, data, grad


def start(qtbot, window, sample=None):
    tools = window.chain_rule
    tools.start_step_through(sample)
    panel = tools.stepthrough
    qtbot.waitUntil(lambda: panel.steps is not None, timeout=5000)
    return panel


def halo_colours(window) -> set[str]:
    highlighter = window.chain_rule.highlighter
    return {item.pen().color().name() for item in highlighter.items
            if type(item).__name__ == "QGraphicsEllipseItem"}


@pytest.mark.parametrize("skip", [False, True], ids=["layered", "skip connections"])
def test_backward_visits_reverse_topological_order_and_fills_the_engines_gradients(qtbot, skip):
    doc = example_document("two-two-two")
    if skip:
        doc.network.connections += [Connection("x1", "o2", 0.3), Connection("x2", "o1", -0.2)]
    c, theta, data, grad = reference(doc)
    order = topology(c).order
    with open_window(qtbot, doc) as window:
        panel = start(qtbot, window)
        assert window.chain_rule.docks["stepthrough"].isVisible()
        steps = panel.steps
        panel.go(steps.first("backward"))
        visited = []
        while panel.current().kind == "backward":
            step = panel.current()
            visited.append(step.target)
            marks = highlight_at(steps, panel.index)
            assert marks.computed_neurons == {step.target}
            assert {s for s in step.uses if s.startswith("delta:")} <= \
                {f"delta:{n}" for n in visited[:-1]}  # reads only δs already computed
            assert COMPUTED in halo_colours(window)
            panel.next()
        assert visited == [n for n in reversed(order) if n not in c.input_ids]
        table = panel.model.grads
        assert set(table) == set(c.parameter_names)
        np.testing.assert_allclose([table[p] for p in c.parameter_names], grad,
                                   rtol=1e-12, atol=1e-15)
        forward = [s.target for s in steps if s.kind == "forward"]
        assert forward == order


def test_the_buttons_walk_the_steps_and_exit_clears_the_drawing(qtbot):
    doc = example_document("two-two-two")
    with open_window(qtbot, doc) as window:
        panel = start(qtbot, window, sample=2)
        assert panel.steps.sample == 2 and panel.index == 0
        assert not panel.prev_button.isEnabled()
        qtbot.mouseClick(panel.next_button, Qt.MouseButton.LeftButton)
        qtbot.mouseClick(panel.next_button, Qt.MouseButton.LeftButton)
        assert panel.index == 2 and panel.current().target == "h1"
        assert "Forward h1" in panel.browser.toPlainText()
        assert window.chain_rule.highlighter.items  # marks on the drawing
        qtbot.mouseClick(panel.prev_button, Qt.MouseButton.LeftButton)
        assert panel.index == 1
        qtbot.mouseClick(panel.end_button, Qt.MouseButton.LeftButton)
        assert panel.index == len(panel.steps) - 1 and panel.current().kind == "update"
        assert not panel.next_button.isEnabled()
        qtbot.mouseClick(panel.exit_button, Qt.MouseButton.LeftButton)
        assert panel.steps is None
        assert window.chain_rule.highlighter.items == []
        assert not window.chain_rule.docks["stepthrough"].isVisible()


def test_update_steps_show_the_optimizers_step_on_the_paused_parameters(qtbot):
    doc = example7_document()
    with open_window(qtbot, doc) as window:
        window.controller.step(3)
        qtbot.waitUntil(lambda: window.controller.latest.step == 3, timeout=5000)
        theta = window.controller.latest.theta
        c, theta, _, grad = reference(doc, theta)
        panel = start(qtbot, window)
        panel.go(panel.steps.first("update"))
        lr = doc.training.hyper["lr"]
        panel.run_to_end()
        new = panel.model.new
        assert new == pytest.approx({p: theta[i] - lr * grad[i]
                                     for i, p in enumerate(c.parameter_names)}, abs=1e-15)
        assert "paused at step 3" in panel.position.text()
        assert "←" in panel.browser.toPlainText()


def test_starting_pauses_training_and_playing_ends_the_step_through(qtbot):
    with open_window(qtbot, example7_document()) as window:  # quick to start training
        window.controller.play()
        qtbot.waitUntil(lambda: window.controller.latest.running, timeout=5000)
        panel = start(qtbot, window)
        qtbot.waitUntil(lambda: not window.controller.latest.running, timeout=5000)
        step = window.controller.latest.step
        _, theta, _, _ = reference(window.controller.document, window.controller.latest.theta)
        np.testing.assert_array_equal(panel.steps.theta, theta)  # where training stopped
        assert f"paused at step {step:,}" in panel.position.text()
        window.controller.play()
        qtbot.waitUntil(lambda: panel.steps is None, timeout=5000)
        assert window.chain_rule.highlighter.items == []
        window.controller.pause()


def test_new_paused_parameters_lay_the_steps_out_again_at_the_same_place(qtbot):
    doc = example_document("two-two-two")
    with open_window(qtbot, doc) as window:
        panel = start(qtbot, window, sample=1)
        panel.go(panel.steps.first("backward") + 2)
        where, before = panel.index, panel.steps.theta.copy()
        window.controller.step(1)  # a training step (or an edited weight) while stepping
        qtbot.waitUntil(lambda: panel.steps is not None
                        and not np.array_equal(panel.steps.theta, before), timeout=5000)
        assert panel.index == where
        snap = window.controller.latest
        np.testing.assert_array_equal(panel.steps.theta, snap.theta)
        c, theta, data, _ = reference(doc, snap.theta)
        _, grad = c.loss_and_grad(theta, data.x_train[1:2], data.y_train[1:2])  # sample 1
        panel.run_to_end()
        table = panel.model.grads
        np.testing.assert_allclose([table[p] for p in c.parameter_names], grad,
                                   rtol=1e-12, atol=1e-15)


def test_choosing_another_sample_while_stepping_shows_the_same_step_for_it(qtbot):
    doc = example_document("two-two-two")
    c, theta, data, _ = reference(doc)
    with open_window(qtbot, doc) as window:
        panel = start(qtbot, window, sample=0)
        panel.go(panel.steps.first("backward"))
        where = panel.index
        panel.chooser.set_sample(3)
        qtbot.waitUntil(lambda: panel.steps is not None and panel.steps.sample == 3,
                        timeout=5000)
        assert panel.index == where
        trace = c.trace(theta, data.x_train[3:4], data.y_train[3:4])
        target = panel.current().target
        assert panel.current().values[f"delta:{target}"] == trace.delta(target)[0]


def callout_rects(window):
    """The step's callouts as viewport rectangles (they ignore the view's scale)."""
    view = window.network_view
    rects = []
    for item in window.chain_rule.highlighter.items:
        if type(item).__name__ == "QGraphicsRectItem" and item.scene() is not None:
            at = view.mapFromScene(item.pos())
            rects.append(item.rect().translated(at.x(), at.y()))
    return rects


@pytest.mark.parametrize("layers", ["2-4-1", "2-8-8-1"])
def test_callouts_never_overlap_at_any_step(qtbot, layers):
    from playground.engine.network import layered
    from playground.io.document import DataSpec, Document

    doc = Document(network=layered(layers, "tanh", "linear", seed=2), data=DataSpec("xor"))
    with open_window(qtbot, doc) as window:
        window.window_layout.set_available(QRect(0, 0, 1024, 700))  # a small screen's panel
        window.window_layout.apply_default()
        QApplication.processEvents()
        panel = start(qtbot, window, sample=0)
        QApplication.processEvents()
        area = window.network_view.viewport().rect()
        shown = 0
        for k in range(len(panel.steps)):
            panel.go(k)
            rects = callout_rects(window)
            shown += len(rects)
            for i, a in enumerate(rects):
                assert area.contains(a.toRect()), (k, a)
                for b in rects[i + 1:]:
                    assert not a.intersects(b), (k, panel.current().kind, a, b)
        assert shown > 0
