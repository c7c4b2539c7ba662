"""Adding an activation or a loss takes one registry entry: every consumer finds it there.

A dummy activation (z³) and a dummy loss (quartic error) are registered for the
test only; the controls, the editor's menu, the network's glyph, training, the
landscape's float32 kernel and the chain-rule formulas must all pick them up.
"""

from __future__ import annotations

import threading

import numpy as np
import pytest

from playground.engine import activations, losses
from playground.engine.activations import Activation
from playground.engine.chainrule import explain_neuron, explain_weight
from playground.engine.compiled import compile_network
from playground.engine.losses import Loss, LossSpec
from playground.engine.network import layered
from playground.engine.training import TrainingConfig
from playground.io.document import DataSpec, Document
from playground.workspace.explanations import factor_formula, neuron_formulas
from tests.ui.chainrule_fixtures import open_window
from tests.ui.editor.test_editor import trigger

KERNEL_CALLS: list[int] = []
_lock = threading.Lock()


def _cube32(z, out):
    with _lock:
        KERNEL_CALLS.append(z.size)
    np.multiply(z, z, out=out)
    out *= z
    return out


CUBE = Activation("cube", "Cube", lambda z: z ** 3, lambda z, a: 3.0 * z * z, _cube32,
                  "z^{3}", "3z^{2}", "z³")
QUARTIC = Loss("quartic", "quartic error", lambda p, y: (p - y) ** 4,
               lambda p, y: 4.0 * (p - y) ** 3, "(a_{o} − y_{o})^{4}", "4(a_{o} − y_{o})^{3}")


@pytest.fixture
def registered(monkeypatch):
    monkeypatch.setitem(activations.ACTIVATIONS, "cube", CUBE)
    monkeypatch.setitem(losses.LOSSES, "quartic", QUARTIC)
    KERNEL_CALLS.clear()


def cube_document() -> Document:
    net = layered("2-3-1", "cube", "linear", seed=2)
    return Document(network=net, data=DataSpec("xor", n_points=40),
                    training=TrainingConfig(loss=LossSpec("quartic"), optimizer="sgd",
                                            hyper={"lr": 0.01}),
                    name="registry test")


def test_a_new_activation_and_loss_reach_every_consumer(qtbot, registered):
    with open_window(qtbot, cube_document()) as w:
        controls = w.controls
        assert controls.hidden_act.findText("Cube") >= 0
        assert controls.hidden_act.itemData(controls.hidden_act.findText("Cube")) == "cube"
        assert controls.loss.findText("quartic error") >= 0
        assert controls.loss.currentData() == "quartic"
        glyph = w.network_view.network_scene.neurons["h1_1"].glyph.text()
        assert glyph == "z³"
        menu = w.editor.menus.neuron("h1_1")
        trigger(menu, "Cube")  # offered by the canvas menu (and already chosen: no change)
        assert w.editor.network.neuron("h1_1").activation == "cube"
        # Training runs through the registry's function and derivative, the landscape
        # (float32) through its kernel.
        qtbot.waitUntil(lambda: len(KERNEL_CALLS) > 0, timeout=10000)
        snap = w.controller.latest
        assert snap is not None and np.isfinite(snap.train_loss)


def test_the_chain_rule_formulas_read_the_registry(registered):
    doc = cube_document()
    compiled = compile_network(doc.network, loss=LossSpec("quartic"))
    theta = compiled.parameters_of(doc.network)
    trace = compiled.trace(theta, np.array([[0.5, -1.0]]), np.array([[0.3]]))
    formulas = neuron_formulas(explain_neuron(compiled, trace, "h1_1", sample=0))
    assert formulas["a"].endswith("cube(z) = z<sup>3</sup>")
    assert formulas["slope"].endswith("= 3z<sup>2</sup>")
    (path,) = explain_weight(compiled, trace, "h1_1", "o1", sample=0).paths
    assert factor_formula(path.factors[0]) == \
        "(4(a<sub>o1</sub> − y<sub>o1</sub>)<sup>3</sup>) / 1"  # the mean over one sample
