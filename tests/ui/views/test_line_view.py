"""The loss-along-a-line view in the window: computed off the GUI thread, marked, exported."""

from __future__ import annotations

import numpy as np
import pytest

from playground.io.examples import EXAMPLES_DIR
from playground.io.files import load_document
from playground.ui.main_window import MainWindow


def test_line_view_follows_the_run_and_switches_to_the_eigenvector(qtbot):
    doc = load_document(EXAMPLES_DIR / "fn-elongated-bowl-10.json")
    w = MainWindow(doc)
    qtbot.addWidget(w)
    w.resize(1300, 850)
    w.show()
    try:
        qtbot.waitUntil(lambda: w.controller.latest is not None, timeout=5000)
        view = w.line_view
        assert view.result is None  # hidden: nothing computed
        w.docks["line"].setFloating(True)
        w.docks["line"].show()
        w.controller.step(10)
        qtbot.waitUntil(lambda: view.result is not None
                        and np.array_equal(view.result.request.theta,
                                           w.controller.latest.theta)
                        and w.controller.latest.step == 10, timeout=5000)
        result = view.result
        snap = w.controller.latest
        f = lambda p: p[0] ** 2 + 10 * p[1] ** 2  # noqa: E731
        at_one = result.losses[np.argmin(np.abs(result.line.alphas - 1.0))]
        # θ₀ + 1·(θ − θ₀) is θ up to rounding.
        assert at_one == pytest.approx(snap.train_loss, rel=1e-12)
        assert snap.train_loss == pytest.approx(f(snap.theta), rel=1e-12)
        spots = view.markers.data
        assert len(spots) == 2 and spots["x"].tolist() == [0.0, 1.0]
        assert spots["y"][0] == pytest.approx(f(snap.path[0]), rel=1e-12)
        view.mode.setCurrentIndex(view.mode.findData("eigen"))
        qtbot.waitUntil(lambda: view.result.line.mode == "eigen", timeout=5000)
        assert abs(view.result.line.curvature - 20.0) < 1e-9
        assert "λmax = 20" in view.item.titleLabel.text
        # A quadratic is its own second-order model.
        np.testing.assert_allclose(view.result.losses, view.result.model, rtol=1e-9)
    finally:
        w.close()
