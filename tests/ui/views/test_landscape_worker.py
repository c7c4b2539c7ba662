"""Landscape surfaces off the GUI thread: newest request wins, exact surfaces asked once."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from playground.engine.compiled import compile_network
from playground.engine.landscape.planes import LandscapeError
from playground.engine.losses import LossSpec
from playground.engine.network import Connection, Network, Neuron, layered
from playground.engine.training import TrainingConfig
from playground.io.document import DataSpec, Document, ViewSettings
from playground.io.history_csv import default_plane
from playground.ui.training.worker import take_snapshot
from playground.ui.views.contours import contour_lines
from playground.ui.views.landscape_view import LandscapeView
from playground.ui.views.landscape_worker import (
    FULL_RESOLUTIONS,
    RUNNING_RESOLUTIONS,
    LandscapeController,
    LandscapeProblem,
    LandscapeRequest,
    compute_now,
)
from tests.ui.conftest import xor_document


def sigmoid_neuron() -> Document:
    """The article's neuron: σ(w·x + b) on x = 0.5, 2.5 from w = 0, b = −8."""
    net = Network([Neuron("x1", "input", "linear", None), Neuron("o1", "output", "sigmoid", -8.0)],
                  [Connection("x1", "o1", 0.0)])
    return Document(net, DataSpec("sigmoid-neuron"),
                    TrainingConfig(LossSpec("half_squared", "sum"), "sgd", {"lr": 1.0}),
                    ViewSettings(axes=("w:x1->o1", "b:o1"), range=(-2.0, 6.0, -10.0, 2.0)),
                    name="sigmoid neuron")


def snapshot_of(doc: Document, steps: int, running: bool = False):
    run = doc.make_run()
    run.steps(steps)
    return replace(take_snapshot(run, version=1), running=running)


def test_contours_of_a_bowl_are_circles():
    xs = np.linspace(-2, 2, 81)
    ys = np.linspace(-2, 2, 61)
    z = xs[None, :] ** 2 + ys[:, None] ** 2
    x, y = contour_lines(z, [1.0, 2.25], xs, ys)
    r = np.hypot(x, y)
    assert len(x) > 100 and len(x) % 2 == 0
    assert np.all((np.abs(r - 1.0) < 0.01) | (np.abs(r - 1.5) < 0.01))


def test_exact_surface_and_path_of_the_sigmoid_neuron():
    doc = sigmoid_neuron()
    snap = snapshot_of(doc, 50)
    problem = LandscapeProblem(doc)
    assert problem.exact
    result = compute_now(problem, LandscapeRequest(1, "axes", snap.theta, snap.path,
                                                   axes=("w:x1->o1", "b:o1"),
                                                   range=(-2.0, 6.0, -10.0, 2.0)))
    z = result.surface.z
    assert z.shape == (FULL_RESOLUTIONS[-1],) * 2
    j, i = np.unravel_index(np.argmin(z), z.shape)
    assert abs(result.surface.xs[i] - 1.791759) < 0.1
    assert abs(result.surface.ys[j] - -2.282174) < 0.15
    assert len(result.levels) >= 5 and len(result.contour_x) > 0


def test_newest_request_wins(qtbot):
    doc = xor_document()
    snap = snapshot_of(doc, 20)
    controller = LandscapeController()
    results = []
    controller.result.connect(results.append)
    try:
        controller.set_document(doc, 1)
        for serial in range(1, 6):
            controller.compute(LandscapeRequest(1, "random", snap.theta, snap.path,
                                                resolutions=(16, 32), serial=serial))
        qtbot.waitUntil(lambda: any(r.final and r.request.serial == 5 for r in results),
                        timeout=10000)
        # Older requests were replaced before they finished: none reached its last resolution.
        assert not [r for r in results if r.final and r.request.serial < 5]
        assert results[-1].request.serial == 5
    finally:
        controller.shutdown()
    assert not controller.thread_running()


def test_view_asks_once_for_an_exact_surface_while_running(qapp):
    doc = sigmoid_neuron()
    view = LandscapeView()
    asked: list[LandscapeRequest] = []
    view.requested.connect(asked.append)
    view.set_document(doc, 1)
    for steps in (1, 2, 3, 4):
        view.show_snapshot(snapshot_of(doc, steps, running=True))
    assert len(asked) == 1
    assert asked[0].resolutions == FULL_RESOLUTIONS
    assert asked[0].range == (-2.0, 6.0, -10.0, 2.0)


def test_view_asks_quick_slices_while_running_and_full_when_paused(qapp):
    doc = xor_document()
    view = LandscapeView()
    asked: list[LandscapeRequest] = []
    view.requested.connect(asked.append)
    view.set_document(doc, 1)
    view.show_snapshot(snapshot_of(doc, 5, running=True))
    assert asked[-1].resolutions == RUNNING_RESOLUTIONS
    view.show_snapshot(snapshot_of(doc, 6, running=True))
    assert len(asked) == 1  # the next one waits for the refresh interval
    view.show_snapshot(snapshot_of(doc, 6, running=False))
    assert asked[-1].resolutions == FULL_RESOLUTIONS
    view.show_snapshot(snapshot_of(doc, 6, running=False))
    assert len(asked) == 2  # same point, already asked for in full


def one_parameter_document() -> Document:
    """x1 -> o1 with no bias: a single weight, nothing to slice."""
    net = Network([Neuron("x1", "input", "linear", None), Neuron("o1", "output", "linear", None)],
                  [Connection("x1", "o1", 0.5)])
    return Document(net, DataSpec("sigmoid-neuron"))


def test_one_parameter_landscape_says_why_instead_of_an_index_error(qapp):
    doc = one_parameter_document()
    problem = LandscapeProblem(doc)
    request = LandscapeRequest(version=1, mode="axes", theta=np.array([0.5]),
                               path=np.array([[0.5]]))
    with pytest.raises(LandscapeError, match="at least two parameters"):
        problem.plane(request)
    view = LandscapeView()
    asked: list[LandscapeRequest] = []
    view.requested.connect(asked.append)
    view.set_document(doc, 1)
    view.show_snapshot(snapshot_of(doc, 1))
    assert asked == []
    assert "at least two parameters" in view.item.titleLabel.text


def test_csv_export_view_and_document_agree_on_default_axes(qapp):
    """Connections listed deepest first: file order and compiled order differ."""
    net = layered("2-2-1", "tanh", "linear", seed=3)
    net.connections.sort(key=lambda c: c.dst != "o1")  # the output's connections first
    doc = Document(net, DataSpec("xor", n_points=20))
    names = list(compile_network(net).parameter_names)
    assert [c.dst for c in net.connections][0] == "o1"
    view = LandscapeView()
    view.set_document(doc, 1)
    plane = default_plane(doc)
    assert plane is not None
    assert view._axes() == doc.default_axes() == plane.labels
    assert doc.default_axes() == tuple(n for n in names if n.startswith("w:"))[:2]
