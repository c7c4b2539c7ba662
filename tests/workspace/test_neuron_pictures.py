"""Neuron pictures without Qt: one forward pass for every neuron, colours like the data view."""

from __future__ import annotations

import numpy as np
import pytest

from playground.engine.compiled import compile_network
from playground.engine.losses import LOSSES, LossSpec
from playground.engine.network import Connection, Network, Neuron, layered
from playground.io.document import DataSpec, Document
from playground.workspace.neuron_pictures import (
    PICTURE_GRID,
    PICTURE_PIXELS,
    Scale,
    colour_levels,
    grid_for,
    neuron_values,
    picture_source,
    pictures,
    plane_range,
    rgba,
)
from playground.workspace.problem import build_problem

LUT = np.stack([np.arange(256), 255 - np.arange(256), np.full(256, 7)], axis=1).astype(np.uint8)


def xor_problem(spec: str = "2-3-1", loss: str = "bce_logits"):
    doc = Document(layered(spec, "tanh", "linear", ["x1", "x2"], seed=3),
                   DataSpec("xor", n_points=80))
    doc.training.loss = LossSpec(loss)
    return doc, build_problem(doc)


def test_activations_are_the_trace_of_one_forward_pass():
    # A skip connection and a level of two activations: columns must land on the right ids.
    net = Network([Neuron("x1", "input", "linear", None), Neuron("x2", "input", "linear", None),
                   Neuron("h1", "hidden", "tanh", 0.3), Neuron("h2", "hidden", "relu", -0.1),
                   Neuron("o1", "output", "linear", 0.2)],
                  [Connection("x1", "h1", 0.7), Connection("x2", "h1", -1.1),
                   Connection("x2", "h2", 0.9), Connection("h1", "h2", 0.5),
                   Connection("x1", "o1", 0.4), Connection("h2", "o1", -1.3)])
    compiled = compile_network(net)
    theta = compiled.parameters_of(net)
    x = np.random.default_rng(0).normal(size=(13, 2))
    acts = compiled.activations(theta, x)
    trace = compiled.trace(theta, x, np.zeros((13, 1)))
    assert set(acts) == set(net.ids())
    for nid in net.ids():
        np.testing.assert_array_equal(acts[nid], trace.a(nid))
    np.testing.assert_array_equal(acts["x2"], x[:, 1])
    np.testing.assert_allclose(acts["o1"], compiled.forward(theta, x)[:, 0])
    # By hand: h1 = tanh(0.7 x1 - 1.1 x2 + 0.3).
    np.testing.assert_allclose(acts["h1"], np.tanh(0.7 * x[:, 0] - 1.1 * x[:, 1] + 0.3))


def test_grid_spans_the_data_views_plane_and_reads_the_networks_features():
    doc, problem = xor_problem()
    grid = grid_for(problem.dataset, ["x1", "x1*x2"])
    x_all = np.concatenate([problem.dataset.x_train, problem.dataset.x_test])
    lo, hi = plane_range(x_all)
    assert (grid.rows, grid.cols) == (PICTURE_GRID, PICTURE_GRID)
    assert grid.features.shape == (PICTURE_GRID ** 2, 2)
    assert grid.lo == pytest.approx(tuple(lo)) and grid.hi == pytest.approx(tuple(hi))
    first, last = grid.features[0], grid.features[-1]
    assert first[0] == pytest.approx(lo[0]) and last[0] == pytest.approx(hi[0])
    assert first[1] == pytest.approx(lo[0] * lo[1], rel=1e-5)  # the derived feature


def test_no_grid_for_data_with_more_than_two_inputs():
    data = DataSpec(None, x=[[0.0, 1.0, 2.0], [1.0, 0.0, 2.0], [2.0, 1.0, 0.0]],
                    y=[[0.0], [1.0], [0.0]], kind="regression").build()
    assert grid_for(data, ["x1", "x2", "x3"]) is None


def test_every_neuron_gets_a_round_picture_from_one_forward_call(monkeypatch):
    doc, problem = xor_problem()
    roles = {n.id: n.role for n in doc.network.neurons}
    source = picture_source(problem.compiled, problem.dataset, roles, "bce_logits")
    calls = []
    real = type(problem.compiled).activations
    monkeypatch.setattr(type(problem.compiled), "activations",
                        lambda self, theta, x: calls.append(len(x)) or real(self, theta, x))
    theta = problem.compiled.parameters_of(doc.network)
    out = pictures(source, theta, LUT)
    assert calls == [PICTURE_GRID ** 2]  # one pass over the grid for all five neurons
    side = PICTURE_GRID * PICTURE_PIXELS
    assert set(out) == set(doc.network.ids())
    for image in out.values():
        assert image.shape == (side, side, 4) and image.dtype == np.uint8
        assert image[0, 0, 3] == 0 and image[side // 2, side // 2, 3] == 255  # a disc
    # x1 runs left (orange end, LUT row 0) to right (blue end, LUT row 255).
    x1 = out["x1"][side // 2]
    assert x1[2, 0] < 30 and x1[-3, 0] > 225
    # x2 runs upwards: the picture's top row is the largest x2.
    x2 = out["x2"][:, side // 2]
    assert x2[2, 0] > 225 and x2[-3, 0] < 30


def test_a_single_output_is_coloured_like_the_data_views_heatmap():
    doc, problem = xor_problem()
    roles = {n.id: n.role for n in doc.network.neurons}
    source = picture_source(problem.compiled, problem.dataset, roles, "bce_logits")
    theta = problem.compiled.parameters_of(doc.network)
    values = neuron_values(problem.compiled, theta, source.grid)["o1"]
    assert source.single_output == Scale(0.0, 1.0, True)
    probability = LOSSES["bce_logits"].link(values)  # what the data view draws, 0..1
    index = np.rint(np.clip(probability, 0, 1) * 255).astype(int)
    expected = LUT[index[::-1]]
    got = pictures(source, theta, LUT)["o1"][::PICTURE_PIXELS, ::PICTURE_PIXELS, :3]
    np.testing.assert_array_equal(got, expected)


def test_colour_levels_keep_a_quiet_hidden_neuron_pale_and_scale_a_loud_one():
    quiet = np.array([[-0.01, 0.02]])
    loud = np.array([[-4.0, 3.0]])
    assert colour_levels(quiet, "hidden", None) == Scale(-1.0, 1.0)
    assert colour_levels(loud, "hidden", None) == Scale(-4.0, 4.0)
    assert colour_levels(np.array([[-0.5, 0.25]]), "input", None) == Scale(-0.5, 0.5)
    single = Scale(0.0, 1.0, True)
    assert colour_levels(loud, "output", single) is single
    assert colour_levels(np.array([[np.nan, np.inf]]), "hidden", None) == Scale(-1.0, 1.0)


def test_one_input_draws_stripes():
    t = np.linspace(0, 1, 5)[None, :]
    image = rgba(t, LUT, pixels=2)
    assert image.shape == (10, 10, 4)
    np.testing.assert_array_equal(image[3, :, :3], image[7, :, :3])  # every row the same
    assert image[5, 0, 0] == 0 and image[5, -1, 0] == 255


def test_a_network_too_big_to_read_gets_no_pictures():
    from playground.workspace.neuron_pictures import MAX_NEURONS

    for hidden, pictured in ((MAX_NEURONS - 3, True), (MAX_NEURONS - 2, False)):
        doc = Document(layered(f"2-{hidden}-1", "tanh", "linear", ["x1", "x2"]),
                       DataSpec("xor", n_points=40))
        problem = build_problem(doc)
        roles = {n.id: n.role for n in doc.network.neurons}
        source = picture_source(problem.compiled, problem.dataset, roles, "half_squared")
        assert (source is not None) == pictured
