"""The Jacobian view: level Jacobians, their product, and the same matrix computed directly."""

from __future__ import annotations

import numpy as np

from playground.engine.chainrule import direct_jacobian, level_jacobian
from playground.engine.compiled import compile_network
from playground.engine.network import Connection
from playground.engine.training import features_for
from tests.ui.chainrule_fixtures import example_document, open_window


def reference(document, sample: int, from_level: int, to_level: int):
    c = compile_network(document.network, document.training.loss)
    data = features_for(document.data.build(), c.input_features)
    trace = c.trace(c.parameters_of(document.network), data.x_train, data.y_train)
    return (level_jacobian(c, trace, sample, from_level, to_level),
            direct_jacobian(c, trace, sample, from_level, to_level))


def show_jacobians(qtbot, window, sample: int, from_level: int, to_level: int):
    tools = window.chain_rule
    view = tools.jacobians
    tools.docks["jacobians"].show()
    tools.docks["jacobians"].raise_()
    view.chooser.set_sample(sample)
    view.set_levels(from_level, to_level)

    def ready() -> bool:
        r = view.result
        return r is not None and (r.sample, r.chain.from_level, r.chain.to_level) == \
            (sample, from_level, to_level)

    qtbot.waitUntil(ready, timeout=5000)
    return view


def test_example4_product_of_level_jacobians_equals_the_direct_one(qtbot):
    doc = example_document("two-two-two")
    product, direct = reference(doc, 2, 0, 2)
    with open_window(qtbot, doc) as window:
        view = show_jacobians(qtbot, window, 2, 0, 2)
        r = view.result
        assert [f.level for f in r.chain.factors] == [1, 2]
        assert [f.matrix.shape for f in r.chain.factors] == [(2, 2), (2, 2)]
        np.testing.assert_allclose(r.chain.product, product, rtol=0, atol=1e-15)
        np.testing.assert_allclose(r.direct, direct, rtol=0, atol=1e-15)
        np.testing.assert_allclose(r.chain.product, r.direct, rtol=1e-12, atol=1e-15)
        text = view.browser.toPlainText()
        assert "J2 · J1" in text  # the product, in the order the factors apply
        assert "✓ equals the product" in text
        assert [view.from_box.itemText(i) for i in range(3)] == \
            ["0: x1, x2", "1: h1, h2", "2: o1, o2"]


def test_a_skip_connection_rides_along_on_an_identity_block(qtbot):
    doc = example_document("two-two-two")
    doc.network.connections.append(Connection("x1", "o2", 0.3))
    product, direct = reference(doc, 1, 0, 2)
    with open_window(qtbot, doc) as window:
        view = show_jacobians(qtbot, window, 1, 0, 2)
        r = view.result
        first = r.chain.factors[0]
        assert first.rows == ("x1", "x2", "h1", "h2")  # the inputs are carried past level 1
        np.testing.assert_allclose(r.chain.product, direct, rtol=1e-12, atol=1e-15)
        assert "skip connection" in view.browser.toPlainText()
