"""The network drawing stays readable: skip connections go around the neurons they pass,
big networks drop what cannot be read (and show it on hover), weak weights fade, a new
neuron appears in view."""

from __future__ import annotations

import math

import pytest
from PySide6.QtCore import QPointF, QRect
from PySide6.QtWidgets import QApplication

from playground.engine.network import Connection, Network, Neuron, auto_layout, initialize, layered
from playground.io.document import DataSpec, Document
from playground.ui.main_window import MainWindow
from playground.ui.views.network_view import NEURON_RADIUS, NetworkView, route, weight_pen
from tests.ui.conftest import xor_document


def skip_network() -> Network:
    """x1, x2 -> h1 -> h2 -> h3 -> h4 -> h5 -> o1 in a row, and h1 -> h5 skipping three."""
    net = Network()
    net.neurons = [Neuron("x1", "input", "linear", None, (0, 0), "x1"),
                   Neuron("x2", "input", "linear", None, (0, 0), "x2")]
    net.neurons += [Neuron(f"h{i}", "hidden", "tanh", 0.0) for i in range(1, 6)]
    net.neurons.append(Neuron("o1", "output", "linear", 0.0))
    net.connections = [Connection("x1", "h1", 0), Connection("x2", "h1", 0)]
    net.connections += [Connection(f"h{i}", f"h{i + 1}", 0) for i in range(1, 5)]
    net.connections += [Connection("h5", "o1", 0), Connection("h1", "h5", 0)]
    auto_layout(net)
    initialize(net, seed=1)
    return net


def path_points(item, n: int = 60) -> list[QPointF]:
    path = item.path()
    return [path.pointAtPercent(k / n) for k in range(n + 1)]


def test_a_skip_connection_goes_around_the_neurons_it_passes(qtbot):
    view = NetworkView()
    qtbot.addWidget(view)
    view.resize(640, 300)
    view.set_document(Document(network=skip_network(), data=DataSpec("xor")))
    scene = view.network_scene
    skip = scene.connections["w:h1->h5"]
    for nid in ("h2", "h3", "h4"):
        centre = scene.neurons[nid].pos()
        closest = min(math.hypot(p.x() - centre.x(), p.y() - centre.y())
                      for p in path_points(skip))
        assert closest > 1.2 * NEURON_RADIUS, nid
    # Its ends still touch h1's and h5's discs.
    ends = (skip.path().pointAtPercent(0), skip.path().pointAtPercent(1))
    for end, nid in zip(ends, ("h1", "h5")):
        c = scene.neurons[nid].pos()
        assert math.hypot(end.x() - c.x(), end.y() - c.y()) == \
            pytest.approx(NEURON_RADIUS, abs=0.5)
    # Neighbours stay straight lines.
    assert scene.connections["w:h1->h2"].path().elementCount() == 2


def test_route_is_straight_when_nothing_is_in_the_way():
    path = route(QPointF(0, 0), QPointF(300, 0), [QPointF(150, 200)])
    assert path.elementCount() == 2
    bent = route(QPointF(0, 0), QPointF(300, 0), [QPointF(150, 0)])
    assert bent.elementCount() > 2


def test_weak_weights_fade_and_thin():
    weak, strong = weight_pen(0.05, 1.0), weight_pen(1.0, 1.0)
    assert weak.color().alpha() < strong.color().alpha() == 255
    assert weak.widthF() < strong.widthF()


def test_tall_columns_pack_closer_and_spread_wider():
    small, big = layered("2-4-1"), layered("2-16-16-1")
    ys = sorted(n.position[1] for n in big.neurons if n.id.startswith("h1_"))
    xs = sorted({n.position[0] for n in big.neurons})
    assert ys[1] - ys[0] < 80  # closer than a small network's rows
    width, height = xs[-1] - xs[0], ys[-1] - ys[0]
    assert 1.2 < width / height < 1.5
    assert sorted({n.position[0] for n in small.neurons}) == [0.0, 160.0, 320.0]  # unchanged


def test_2_16_16_1_is_readable_in_the_small_screen_layout(qtbot):
    doc = Document(network=layered("2-16-16-1", "tanh", "linear", seed=3),
                   data=DataSpec("spiral"), name="big")
    w = MainWindow(doc)
    qtbot.addWidget(w)
    w.window_layout.set_available(QRect(0, 0, 1024, 700))
    w.window_layout.apply_default()
    w.show()
    qtbot.waitUntil(lambda: w.controller.latest is not None, timeout=5000)
    QApplication.processEvents()
    view, scene = w.network_view, w.network_view.network_scene
    scale = view.transform().m11()
    shown = view.mapToScene(view.viewport().rect()).boundingRect()
    for item in scene.neurons.values():
        assert shown.contains(item.sceneBoundingRect()), item.neuron_id  # all of it in view
    # Discs apart on screen, at least a few pixels across.
    assert scene.closest_gap() * scale >= 2 * NEURON_RADIUS * scale + 4
    assert NEURON_RADIUS * scale >= 4
    # What cannot be read is not drawn: no ids crammed between the discs, no glyphs.
    item = scene.neurons["h1_5"]
    assert not item.label.isVisible() and not item.glyph.isVisible()
    # ... and the id shows, at a readable size, while the pointer is on the neuron.
    item.hoverEnterEvent(_hover())
    assert item.label.isVisible()
    assert item.label.scale() * scale >= 0.99  # drawn at its own 8 points
    item.hoverLeaveEvent(_hover())
    assert not item.label.isVisible()
    w.close()


def _hover():
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QGraphicsSceneHoverEvent
    return QGraphicsSceneHoverEvent(QEvent.Type.GraphicsSceneHoverEnter)


def test_a_small_network_keeps_its_labels(qtbot):
    view = NetworkView()
    qtbot.addWidget(view)
    view.resize(640, 420)
    view.show()
    view.set_document(xor_document())
    assert all(i.label.isVisible() and i.glyph.isVisible()
               for i in view.network_scene.neurons.values())


def test_a_new_neuron_appears_in_view(qtbot):
    w = MainWindow(xor_document())
    qtbot.addWidget(w)
    w.resize(1200, 800)
    w.show()
    qtbot.waitUntil(lambda: w.controller.latest is not None, timeout=5000)
    view = w.network_view
    view.zoom(3.0)  # zoomed in on the middle: the free rows below are out of view
    for _ in range(4):
        nid = w.editor.add_neuron("hidden")
        item = view.network_scene.neurons[nid]
        shown = view.mapToScene(view.viewport().rect()).boundingRect()
        assert shown.contains(item.sceneBoundingRect()), nid
    w.close()
