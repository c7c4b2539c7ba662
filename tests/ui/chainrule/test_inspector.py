"""The inspector: the chain rule behind a selected weight or neuron, from the engine's trace."""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pytest
from PySide6.QtWidgets import QGraphicsItem

from playground.engine.compiled import compile_network
from playground.engine.training import features_for
from playground.ui.chainrule.inspector import Target
from playground.ui.chainrule.source import LIVE_INTERVAL
from playground.ui.training.worker import take_snapshot
from playground.workspace.formulas import num
from tests.ui.chainrule_fixtures import (
    A0,
    B,
    W,
    Y,
    example7_document,
    example_document,
    open_window,
)


def select(window, key: str) -> None:
    """Select the neuron or connection called `key` in the network drawing, alone."""
    scene = window.network_view.scene()
    scene.clearSelection()
    item = scene.connections.get(key) or scene.neurons.get(key)
    item.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable, True)
    item.setSelected(True)


def shown(inspector, target: Target, sample) -> bool:
    r = inspector.result
    return r is not None and r.target == target and r.sample == sample


def engine_gradient(document, theta=None):
    """dL/dθ from a compile of our own, over the training data (the reference)."""
    c = compile_network(document.network, document.training.loss)
    data = features_for(document.data.build(), c.input_features)
    theta = c.parameters_of(document.network) if theta is None else theta
    return c, c.loss_and_grad(theta, data.x_train, data.y_train)[1]


def test_example7_shows_the_three_factors_and_their_product(qtbot):
    with open_window(qtbot, example7_document()) as window:
        inspector = window.chain_rule.inspector
        inspector.set_sample(0)
        select(window, "w:a0->a1")
        target = Target("connection", "a0", "a1")
        qtbot.waitUntil(lambda: shown(inspector, target, 0), timeout=5000)
        assert window.chain_rule.docks["inspector"].isVisible()  # raised by the selection
        a1 = math.tanh(W * A0 + B)
        dc_da1, da1_dz1, dz1_dw = 2 * (a1 - Y), 1 - a1 * a1, A0
        ex = inspector.explanation
        (path,) = ex.paths
        assert [f.value for f in path.factors] == pytest.approx([dc_da1, da1_dz1, dz1_dw],
                                                                abs=1e-15)
        assert path.total == pytest.approx(dc_da1 * da1_dz1 * dz1_dw, abs=1e-15)
        assert ex.gradient == pytest.approx(dc_da1 * da1_dz1 * dz1_dw, abs=1e-15)
        text = inspector.text()
        for value in (dc_da1, da1_dz1, dz1_dw, dc_da1 * da1_dz1 * dz1_dw):
            assert num(value) in text
        assert "∂L/∂a" in text and "∂a" in text and "∂z" in text
        assert "✓ equals" in text and "✗" not in text
        inspector.browser.selectAll()  # copied formulas carry no invisible glue characters
        copied = inspector.browser.createMimeDataFromSelection().text()
        assert "σ′(z" in copied and "\u2060" not in copied


def test_example4_paths_sum_to_the_engines_gradient(qtbot):
    doc = example_document("two-two-two")
    c, grad = engine_gradient(doc)
    with open_window(qtbot, doc) as window:
        inspector = window.chain_rule.inspector
        select(window, "w:x1->h1")
        target = Target("connection", "x1", "h1")
        qtbot.waitUntil(lambda: shown(inspector, target, None), timeout=5000)
        ex = inspector.explanation
        assert ex.n_paths == 2 and len(ex.paths) == 2
        assert [p.neurons for p in ex.paths] == [("h1", "o1"), ("h1", "o2")]
        total = sum(p.total for p in ex.paths)
        assert total == pytest.approx(grad[c.index["w:x1->h1"]], abs=1e-12)
        assert ex.gradient == pytest.approx(grad[c.index["w:x1->h1"]], abs=1e-12)
        # The output-side factors are shared between the weights' paths: backprop's reuse.
        assert {"da:h1/dz:h1", "dz:h1/dw:x1->h1"} <= set(ex.shared_factors)
        text = inspector.text()
        assert "Every path from" in text and "✓ equals" in text and "✗" not in text
        assert "One term per sample" in text  # the batch sum written out

        inspector.set_sample(3)
        qtbot.waitUntil(lambda: shown(inspector, target, 3), timeout=5000)
        ex = inspector.explanation
        assert sum(p.total for p in ex.paths) == pytest.approx(ex.contribution, abs=1e-12)
        assert ex.gradient == pytest.approx(grad[c.index["w:x1->h1"]], abs=1e-12)
        assert "sample 3" in inspector.text()
        assert inspector.chooser.toolTip() == "sample 3: x = (1, 1), y = (1, 1)"


def test_a_neuron_shows_z_a_slope_and_delta(qtbot):
    doc = example_document("two-two-two")
    c = compile_network(doc.network, doc.training.loss)
    data = features_for(doc.data.build(), c.input_features)
    trace = c.trace(c.parameters_of(doc.network), data.x_train, data.y_train)
    with open_window(qtbot, doc) as window:
        inspector = window.chain_rule.inspector
        inspector.set_sample(1)
        select(window, "h1")
        qtbot.waitUntil(lambda: shown(inspector, Target("neuron", "h1"), 1), timeout=5000)
        ex = inspector.explanation
        z, a, d = trace.z("h1")[1], trace.a("h1")[1], trace.delta("h1")[1]
        assert (ex.z, ex.a, ex.slope, ex.delta) == pytest.approx((z, a, a * (1 - a), d),
                                                                 abs=1e-15)
        text = inspector.text()
        for value in (z, a, a * (1 - a), d):
            assert num(value) in text
        assert "σ′(z" in text and "δ" in text


def test_selection_switches_targets_and_an_empty_selection_clears_the_page(qtbot):
    with open_window(qtbot, example_document("two-two-two")) as window:
        inspector = window.chain_rule.inspector
        select(window, "w:h2->o1")
        qtbot.waitUntil(lambda: inspector.target == Target("connection", "h2", "o1"))
        select(window, "o2")
        qtbot.waitUntil(lambda: inspector.target == Target("neuron", "o2"))
        qtbot.waitUntil(lambda: shown(inspector, Target("neuron", "o2"), None), timeout=5000)
        window.network_view.scene().clearSelection()
        assert inspector.target is None
        qtbot.waitUntil(lambda: inspector.result is not None
                        and inspector.result.target is None, timeout=5000)
        assert "o2" not in inspector.text()


def test_live_while_training_and_frozen_at_the_paused_parameters(qtbot):
    doc = example_document("two-two-two")
    with open_window(qtbot, doc) as window:
        inspector = window.chain_rule.inspector
        inspector.inspect_connection("h1", "o1")
        window.chain_rule.docks["inspector"].raise_()
        qtbot.waitUntil(lambda: inspector.result is not None, timeout=5000)
        window.controller.play()
        qtbot.waitUntil(lambda: inspector.status.text().startswith("●"), timeout=5000)
        window.controller.pause()
        qtbot.waitUntil(lambda: not window.controller.latest.running, timeout=5000)
        snap = window.controller.latest
        assert snap.step > 0
        qtbot.waitUntil(lambda: f"step {snap.step:,}" in inspector.text(), timeout=5000)
        c, grad = engine_gradient(doc, snap.theta)
        ex = inspector.explanation
        assert ex.weight == snap.theta[c.index["w:h1->o1"]]
        assert ex.gradient == pytest.approx(grad[c.index["w:h1->o1"]], abs=1e-12)
        assert inspector.status.text() == f"paused at step {snap.step:,}"


def test_new_parameters_reach_the_views_at_most_five_times_a_second(qtbot):
    doc = example_document("two-two-two")
    with open_window(qtbot, doc) as window:
        source = window.chain_rule.source
        run = window.controller.document.make_run()
        emitted = []
        source.theta_changed.connect(lambda: emitted.append(1))
        base = replace(take_snapshot(run, window.controller.version), running=True)
        for i in range(50):  # a burst of snapshots while training runs
            source.on_snapshot(replace(base, step=i + 1))
        assert len(emitted) <= 1  # at once only if the last update was long enough ago
        # The rest are coalesced into one update when the interval is over.
        qtbot.waitUntil(lambda: bool(emitted) and not source.pending_update(),
                        timeout=int(10_000 * LIVE_INTERVAL))
        assert 1 <= len(emitted) <= 2
        assert source.snapshot.step == 50
        before = len(emitted)
        source.on_snapshot(replace(base, step=51, running=False))  # paused: at once
        assert len(emitted) == before + 1


def test_big_networks_are_explained_in_the_worker_thread(qtbot):
    doc = example_document("two-two-two")
    c, grad = engine_gradient(doc)
    with open_window(qtbot, doc) as window:
        tools = window.chain_rule
        tools.source.force_heavy = True
        tools.inspector.inspect_connection("x2", "h2")
        tools.docks["inspector"].raise_()
        qtbot.waitUntil(lambda: shown(tools.inspector, Target("connection", "x2", "h2"), None),
                        timeout=5000)
        assert tools.runner.thread_running()
        assert tools.inspector.explanation.gradient == pytest.approx(
            grad[c.index["w:x2->h2"]], abs=1e-12)
    assert not tools.runner.thread_running()  # closing the window joined it


def test_the_inspect_menu_holds_the_tools(qtbot):
    with open_window(qtbot, example_document("xor")) as window:
        texts = [a.text().replace("&", "") for a in window.menus["inspect"].actions()
                 if not a.isSeparator()]
        assert texts == ["Inspector", "Step through backprop", "Jacobians",
                         "Check gradients…"]
        for key in ("inspector", "jacobians", "stepthrough"):
            assert window.docks[key].objectName().startswith("dock-")
        assert np.isfinite(window.controller.latest.train_loss)
