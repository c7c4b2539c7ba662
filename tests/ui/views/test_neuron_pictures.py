"""A picture in every neuron: drawn headless, computed off the GUI thread while training,
shown large in the data view on a click, absent for a function document."""

from __future__ import annotations

import threading

import numpy as np
from PySide6.QtCore import QPointF, Qt
from PySide6.QtTest import QTest

from playground.engine.function import FunctionModel
from playground.io.document import Document
from playground.io.examples import example_path
from playground.io.files import load_document
from playground.ui.files.render import train
from playground.ui.views import neuron_pictures as ui_pictures
from playground.ui.views.registry import widget_of
from playground.workspace.neuron_pictures import colour_levels, scaled
from tests.ui.conftest import xor_document


def picture_bytes(view, nid: str) -> bytes:
    item = view.network_scene.neurons[nid]
    assert item.has_picture()
    image = item.picture.pixmap().toImage()
    return bytes(image.constBits())


def test_the_headless_network_view_draws_a_picture_in_every_neuron(qapp):
    doc, snap = train(load_document(example_path("xor")), 50)
    spec = widget_of("network")
    view = spec.make()
    spec.load(view, doc, snap.version)
    assert not view.has_pictures()
    view.show_snapshot(snap)
    scene = view.network_scene
    assert all(item.has_picture() for item in scene.neurons.values())
    assert all(not item.glyph.isVisible() for item in scene.neurons.values())
    assert picture_bytes(view, "x1") != picture_bytes(view, "x2")  # each its own picture
    view.deleteLater()


def test_pictures_are_computed_off_the_gui_thread_and_follow_training(qtbot, canvas_window,
                                                                      monkeypatch):
    threads = []
    real = ui_pictures.pictures

    def recorded(*args):
        threads.append(threading.get_ident())
        return real(*args)
    monkeypatch.setattr(ui_pictures, "pictures", recorded)
    w = canvas_window(xor_document(lr=0.3))
    view, c = w.network_view, w.controller
    qtbot.waitUntil(view.has_pictures, timeout=5000)
    before = picture_bytes(view, "h1_1")
    c.set_speed(2000)
    c.play()
    qtbot.waitUntil(lambda: c.latest is not None and c.latest.step > 100, timeout=10000)
    qtbot.waitUntil(lambda: picture_bytes(view, "h1_1") != before, timeout=5000)
    c.pause()
    qtbot.waitUntil(lambda: not c.latest.running, timeout=5000)
    assert threads and threading.get_ident() not in threads
    # Paused: the last pictures are those of the last parameters.
    with qtbot.waitSignal(w.neuron_pictures.ready, timeout=5000) as ready:
        view.network_scene.show_parameters(c.latest.parameter_names, c.latest.theta)
    problem = c.problem
    source = ui_pictures.source_of(problem)
    expected = real(source, c.latest.theta, w.neuron_pictures.worker.lut)
    np.testing.assert_array_equal(ready.args[0]["h1_1"], expected["h1_1"])


def test_clicking_a_neuron_shows_its_picture_large_in_the_data_view(qtbot, canvas_window):
    w = canvas_window(xor_document())
    data, view = w.data_view, w.network_view
    qtbot.waitUntil(lambda: w.controller.latest is not None, timeout=5000)
    output = np.array(data.image.image)
    centre = view.mapFromScene(QPointF(*w.editor.network.neuron("h1_2").position))
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton,
                     Qt.KeyboardModifier.NoModifier, centre)
    assert data.neuron == "h1_2" and data.neuron_bar.isVisibleTo(data)
    # The selection brought the inspector forward; the picture wins the shared tab group.
    assert w.docks["inspector"] in w.tabifiedDockWidgets(w.docks["data"])
    assert not w.docks["data"].visibleRegion().isEmpty()
    assert w.docks["inspector"].visibleRegion().isEmpty()
    theta = w.controller.latest.theta
    values = data.compiled.activations(theta.astype(np.float32), data._grid_features)["h1_2"]
    values = np.asarray(values, dtype=float)
    expected = scaled(values, colour_levels(values, "hidden", None), data.loss_kind)
    np.testing.assert_allclose(data.image.image, expected.reshape(data.image.image.shape))
    QTest.mouseClick(data.output_button, Qt.MouseButton.LeftButton)
    assert data.neuron is None and not data.neuron_bar.isVisibleTo(data)
    np.testing.assert_allclose(data.image.image, output)
    # A click on empty canvas goes back to the output too.
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton,
                     Qt.KeyboardModifier.NoModifier, centre)
    assert data.neuron == "h1_2"
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton,
                     Qt.KeyboardModifier.NoModifier, view.mapFromScene(QPointF(80.0, 400.0)))
    assert data.neuron is None


def test_a_function_document_has_no_neuron_pictures(qtbot, canvas_window):
    w = canvas_window(Document(FunctionModel("f = x**2 + y**2", {"x": 1.0, "y": 2.0})))
    qtbot.waitUntil(lambda: w.controller.latest is not None, timeout=5000)
    assert not w.neuron_pictures.active
    assert ui_pictures.source_of(w.controller.problem) is None
    assert not w.network_view.has_pictures()


def test_several_classes_colour_each_output_by_its_class_like_the_data_view(qapp):
    from playground.engine.losses import LossSpec
    from playground.engine.network import layered
    from playground.io.document import DataSpec
    from playground.ui.views.class_colours import class_lut, probabilities
    from playground.workspace.neuron_pictures import PICTURE_PIXELS, neuron_values, pictures
    from playground.workspace.problem import build_problem

    doc = Document(layered("2-4-3", "tanh", "linear", ["x1", "x2"], seed=2),
                   DataSpec("blobs", n_points=90))
    doc.training.loss = LossSpec("softmax_ce")
    problem = build_problem(doc)
    source, tint = ui_pictures.source_of(problem), ui_pictures.tint_of(problem)
    assert tint is not None and len(tint.luts) == 3
    theta = problem.compiled.parameters_of(doc.network)
    out = pictures(source, theta, np.zeros((256, 3), np.uint8), tint)
    values = neuron_values(problem.compiled, theta, source.grid)
    p = probabilities(np.stack([values[o].ravel() for o in ("o1", "o2", "o3")], axis=1),
                      "softmax_ce")
    for k, o in enumerate(("o1", "o2", "o3")):
        index = np.rint(p[:, k].reshape(source.grid.rows, -1) * 255).astype(int)
        got = out[o][::PICTURE_PIXELS, ::PICTURE_PIXELS, :3]
        np.testing.assert_array_equal(got, class_lut(k)[index[::-1]])
    assert out["h1_1"][36, 36, :3].tolist() == [0, 0, 0]  # hidden: the plain map (zeros here)
    two = Document(layered("2-3-1", seed=1), DataSpec("xor", n_points=40))
    assert ui_pictures.tint_of(build_problem(two)) is None  # two classes: the two-class map


def test_the_data_view_draws_a_class_output_large_in_its_class_colour(qapp):
    from playground.engine.losses import LossSpec
    from playground.engine.network import layered
    from playground.io.document import DataSpec
    from playground.ui.views.class_colours import class_lut
    from playground.ui.views.data_view import DataView, _Redraw

    doc = Document(layered("2-4-3", "tanh", "linear", ["x1", "x2"], seed=2),
                   DataSpec("blobs", n_points=90))
    doc.training.loss = LossSpec("softmax_ce")
    view = DataView()
    view.set_document(doc)
    view.show_snapshot(_Redraw(view.compiled.parameters_of(doc.network)))
    view.show_neuron("o2")
    assert view.neuron == "o2"
    np.testing.assert_array_equal(view.image.lut, class_lut(1))
    t = np.asarray(view.image.image)
    assert t.min() >= 0 and t.max() <= 1 and t.max() - t.min() > 0.2  # a probability map
    view.show_neuron("h1_1")
    np.testing.assert_array_equal(view.image.lut, view.lut)
    view.show_neuron(None)
    assert view.image.lut is None  # the class regions again, coloured per point
    view.deleteLater()


def test_while_training_the_weights_wait_for_their_pictures_and_show_in_one_paint(qapp):
    from dataclasses import replace

    from playground.ui.throttle import Throttle
    from playground.ui.views.network_view import NetworkView

    doc = load_document(example_path("xor"))
    _, start = train(doc, 0)
    _, later = train(doc, 400)
    view = NetworkView()
    view.set_document(doc)
    view.show_snapshot(start)
    scene = view.network_scene
    wire = next(iter(scene.connections.values()))
    shown = wire.weight
    asked = []
    view.wants_pictures.connect(asked.append)
    announced = []
    scene.parameters_shown.connect(announced.append)
    view.pictures_coming = lambda: True
    view._redraw = Throttle(0.0)  # every running snapshot redraws
    running = replace(later, running=True)
    view.show_snapshot(running)
    assert len(asked) == 1 and asked[0] is running.theta
    assert wire.weight == shown  # not restyled yet: a paint now would be repainted soon
    view.set_pictures({})  # the pictures of those parameters arrive
    assert wire.weight != shown and wire.weight == running.theta[
        list(running.parameter_names).index(wire.parameter)]
    assert not announced  # no second request for pictures of the same parameters
    # Pictures that never come (a failed computation): the next redraw shows the weights.
    again = replace(train(doc, 800)[1], running=True)
    view.show_snapshot(again)
    view.show_snapshot(replace(again, running=True))
    assert wire.weight == again.theta[list(again.parameter_names).index(wire.parameter)]
    # Paused: restyled at once, and the pictures asked for as before.
    view.show_snapshot(later)
    assert wire.weight == later.theta[list(later.parameter_names).index(wire.parameter)]
    assert announced and announced[-1] is later.theta
    view.deleteLater()


def three_input_document() -> Document:
    from playground.engine.network import layered
    from playground.engine.training import TrainingConfig
    from playground.io.document import DataSpec

    rng = np.random.default_rng(0)
    x = rng.normal(size=(40, 3)).tolist()
    return Document(network=layered("3-4-1", "tanh", "linear", seed=1),
                    data=DataSpec(generator=None, x=x, y=[[float(sum(r))] for r in x],
                                  kind="regression"),
                    training=TrainingConfig(optimizer="sgd", hyper={"lr": 0.05}))


def test_data_without_a_plane_have_no_pictures_and_the_weights_show_at_once(qtbot,
                                                                           canvas_window):
    """Three inputs give no plane to picture over: nothing waits for pictures (the
    weights of every step show when it comes, at Max too)."""
    from dataclasses import replace

    w = canvas_window(three_input_document())
    qtbot.waitUntil(lambda: w.controller.latest is not None, timeout=5000)
    assert not w.neuron_pictures.active and not w.network_view.restyle_with_pictures
    run = w.controller.problem.document.make_run()
    run.steps(50)
    from playground.ui.training.worker import take_snapshot
    snap = replace(take_snapshot(run, w.controller.latest.version, running=True), pace=None)
    view = w.network_view
    view._redraw._last = float("-inf")
    view.show_snapshot(snap)
    wire = next(iter(view.network_scene.connections.values()))
    assert wire.weight == snap.theta[list(snap.parameter_names).index(wire.parameter)]


def test_a_picture_that_fails_shows_the_waiting_weights_at_once(qtbot, canvas_window,
                                                               monkeypatch):
    w = canvas_window(xor_document())
    view = w.network_view
    qtbot.waitUntil(view.has_pictures, timeout=5000)
    assert view.restyle_with_pictures

    def broken(*args):
        raise FloatingPointError("a diverged run")
    monkeypatch.setattr(ui_pictures, "pictures", broken)
    from dataclasses import replace

    from playground.ui.training.worker import take_snapshot
    run = w.controller.problem.document.make_run()
    run.steps(300)
    snap = replace(take_snapshot(run, w.controller.latest.version, running=True), pace=None)
    wire = next(iter(view.network_scene.connections.values()))
    before = wire.weight
    with qtbot.waitSignal(w.neuron_pictures.skipped, timeout=5000):
        view._redraw._last = float("-inf")
        view.show_snapshot(snap)
        assert wire.weight == before  # waiting for pictures
    assert wire.weight == snap.theta[list(snap.parameter_names).index(wire.parameter)]


def test_at_a_slow_pace_every_step_is_drawn_and_nothing_waits(qapp):
    from dataclasses import replace

    from playground.ui.views.network_view import NetworkView

    doc = load_document(example_path("xor"))
    view = NetworkView()
    view.set_document(doc)
    view.pictures_coming = lambda: True
    wire = next(iter(view.network_scene.connections.values()))
    for steps in (1, 2, 3):  # three steps at 2 a second, snapshots well inside 0.1 s
        snap = replace(train(doc, steps)[1], running=True, pace=2.0)
        view.show_snapshot(snap)
        assert wire.weight == snap.theta[list(snap.parameter_names).index(wire.parameter)]
    view.deleteLater()


def test_the_window_of_a_document_without_pictures_renders(qapp, tmp_path):
    """It waited for pictures that never came, then gave up after a minute (review)."""
    from playground.ui.files.render import render_view

    out = tmp_path / "three.png"
    render_view(three_input_document(), "window", out, size=(1024, 700))
    assert out.stat().st_size > 10_000


def test_the_network_views_requests_go_out_at_once(qtbot, canvas_window):
    """The view paces itself (ten redraws a second); through the pictures' own throttle a
    request a few ms early waited a whole refresh and the drawing held (new-user test)."""
    w = canvas_window(xor_document())
    qtbot.waitUntil(w.network_view.has_pictures, timeout=5000)
    sent = []
    w.neuron_pictures._do_request.connect(lambda theta, version: sent.append(theta))
    w.neuron_pictures._throttle.mark()  # a request has just gone out
    theta = w.controller.latest.theta + 0.01
    w.network_view.wants_pictures.emit(theta)
    assert len(sent) == 1 and np.array_equal(sent[0], theta)
    w.neuron_pictures.request(theta)  # others still go through the throttle
    assert len(sent) == 1
