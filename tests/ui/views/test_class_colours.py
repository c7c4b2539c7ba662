"""Several classes in the data view: regions in the predicted class's colour, white where the
model cannot tell, points in their class's colour."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest

from playground.io.examples import example_path
from playground.io.files import load_document
from playground.ui.views.class_colours import class_colour, probabilities, region_colours
from playground.ui.views.data_view import CLASS_BIN, GRID, DataView


def test_confidence_is_lightness():
    logits = np.array([[0.0, 0.0, 0.0], [9.0, 0.0, 0.0], [0.0, 1.0, 0.0]])
    rgb = region_colours(logits, "softmax_ce").astype(int)
    assert rgb[0].tolist() == [255, 255, 255]  # a tie: white
    sure = np.array([int(class_colour(0)[i:i + 2], 16) for i in (1, 3, 5)])
    assert np.abs(rgb[1] - (255 + (sure - 255) * 0.55)).max() <= 1
    unsure = rgb[2]
    assert (unsure > rgb[1].min()).all() or unsure.sum() > rgb[1].sum()  # lighter
    np.testing.assert_allclose(probabilities(logits, "softmax_ce").sum(axis=1), 1.0)
    np.testing.assert_allclose(probabilities([[0.2, 1.5], [-1, -1]], "squared"),
                               [[1 / 6, 5 / 6], [0.5, 0.5]])


def _snapshot(view: DataView, theta: np.ndarray) -> SimpleNamespace:
    # What show_snapshot reads of a Snapshot.
    return SimpleNamespace(theta=theta, running=False, pace=None)


@pytest.fixture
def blobs_view(qapp):
    doc = load_document(example_path("blobs"))
    view = DataView()
    view.set_document(doc)
    return view, doc


def test_three_blobs_are_drawn_in_three_colours(blobs_view):
    view, doc = blobs_view
    assert view.classes == ("0", "1", "2") and view.mode == "plane"
    used = {key for key, item in view.point_items.items() if len(item.data)}
    assert {c for _, c in used} == {CLASS_BIN, CLASS_BIN + 1, CLASS_BIN + 2}
    run = doc.make_run()
    run.steps(300)
    view.show_snapshot(_snapshot(view, run.theta))
    image = view.image.image
    assert image.shape == (GRID, GRID, 3) and image.dtype == np.uint8
    # Each blob's centre (radius 4, at 90°, 210° and 330°) lies in its own colour.
    rect = view._rect
    for k in range(3):
        a = np.pi / 2 + 2 * np.pi * k / 3
        cx, cy = 4 * np.cos(a), 4 * np.sin(a)
        col = int((cx - rect.left()) / rect.width() * (GRID - 1))
        row = int((cy - rect.top()) / rect.height() * (GRID - 1))
        pixel = image[row, col].astype(float)
        colours = [np.array([int(class_colour(c)[i:i + 2], 16) for i in (1, 3, 5)])
                   for c in range(3)]
        # the nearest of the three class hues, measured as the direction away from white
        direction = [np.dot(255 - pixel, 255 - c) / np.linalg.norm(255 - c) for c in colours]
        assert int(np.argmax(direction)) == k


def test_confusion_table_counts_the_test_points(qapp):
    from playground.ui.views.confusion_view import ConfusionView
    from playground.workspace.problem import build_problem

    doc = load_document(example_path("blobs"))
    problem = build_problem(doc)
    view = ConfusionView()
    view.set_document(doc, problem)
    assert not view.isHidden()
    run = doc.make_run()
    run.steps(300)
    view.show_snapshot(_snapshot(view, run.theta))
    result = view.result
    assert result.total == 150 and result.accuracy >= 0.95
    assert view.table.rowCount() == 3 and view.table.columnCount() == 4
    assert int(view.table.item(0, 0).text()) == result.counts[0, 0]
    assert view.table.item(1, 3).text().endswith("%")
    assert view.title.text().startswith(f"accuracy {result.accuracy:.1%} on 150 test points")
    regression = load_document(example_path("sigmoid-neuron"))
    view.set_document(regression, build_problem(regression))
    assert view.isHidden() and view.problem is None


def test_several_classes_over_more_than_two_inputs_draw_as_a_scatter(qapp):
    from playground.engine.datasets import one_hot
    from playground.engine.network import layered
    from playground.io.document import DataSpec, Document

    rng = np.random.default_rng(0)
    labels = np.arange(60) % 3
    x = rng.normal(size=(60, 4)) + labels[:, None]
    doc = Document(layered("4-5-3", "tanh", "linear"),
                   DataSpec(None, x=x.tolist(), y=one_hot(labels, 3).tolist(),
                            kind="classification", classes=["a", "b", "c"],
                            train_fraction=0.5))
    view = DataView()
    view.set_document(doc)
    assert view.mode == "scatter" and view.classes == ("a", "b", "c")
    view.show_snapshot(_snapshot(view, doc.make_run().theta))
    assert sum(len(it.data) for it in view.point_items.values()) == 60 * 3  # every output


def test_the_title_names_the_classes_in_their_colours(blobs_view):
    from playground.ui.views.class_colours import class_legend

    view, _ = blobs_view
    title = view.item.titleLabel.text
    for k in range(3):
        assert f"color: {class_colour(k)}'>●</span> {k}" in title
    legend = class_legend(tuple(f"<class {k}> with a long name" for k in range(12)))
    assert "&lt;class 0&gt; with …" in legend and "… 2 more" in legend
