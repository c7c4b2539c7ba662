"""The editor's scene: one item per neuron and connection, updated item by item after an
edit, keeping the selection and the landscape-axis marks."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QLineF, QPointF, QRectF
from PySide6.QtWidgets import QGraphicsScene

from playground.engine.network import Network, Neuron
from playground.engine.parameters import bias_name
from playground.ui.editor.items import EditableConnectionItem, EditableNeuronItem
from playground.ui.views.network_view import (
    NEURON_RADIUS,
    ConnectionItem,
    NetworkScene,
    NeuronItem,
)

PORT_GRAB = 9.0  # how close to the port centre a press starts a connection (scene units)


class EditableNetworkScene(NetworkScene):
    """The network's items, selectable and movable, keeping selection and axis marks
    across rebuilds."""

    def __init__(self, parent=None):
        super().__init__(parent)
        # Items change shape all the time (pens follow the weights, neurons move): keeping
        # a BSP index up to date costs milliseconds per change in a big network.
        self.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.NoIndex)
        self.axes: tuple[str, ...] = ()  # the landscape's parameters, x then y
        self.describe_neuron: Callable[[str], list[str]] | None = None

    def make_neuron(self, neuron: Neuron) -> NeuronItem:
        item = EditableNeuronItem(neuron)
        item.extra_lines = lambda nid=neuron.id: (
            self.describe_neuron(nid) if self.describe_neuron is not None else [])
        return item

    def make_connection(self, source: NeuronItem, target: NeuronItem,
                        weight: float) -> ConnectionItem:
        return EditableConnectionItem(source, target, weight)

    def build(self, network: Network) -> None:
        keys = self.selected_keys()
        super().build(network)
        self.select_keys(keys)
        self.show_axes(self.axes)

    def update_to(self, network: Network) -> None:
        """Show `network` by changing only the items that differ (after an edit), so an
        edit of a big network costs what it changes, not a rebuild."""
        wanted = {n.id: n for n in network.neurons}
        for nid, item in list(self.neurons.items()):
            n = wanted.get(nid)
            if n is None or (item.role, item.activation, item.feature, item.bias is None) != \
                    (n.role, n.activation, n.feature, n.bias is None):
                self._remove_neuron(nid)  # gone, or drawn differently now: made again
        for n in network.neurons:
            item = self.neurons.get(n.id)
            if item is None:
                item = self.make_neuron(n)
                self.neurons[n.id] = item
                self.addItem(item)
            elif (item.pos().x(), item.pos().y()) != tuple(n.position):
                item.setPos(QPointF(*n.position))
        by_name = {c.parameter: c for c in network.connections}
        for name in list(self.connections):
            if name not in by_name:
                self._remove_connection(name)
        scale = max((abs(c.weight) for c in self.connections.values()), default=0.0)
        scale = max(scale, max((abs(c.weight) for c in network.connections), default=1.0))
        for c in network.connections:
            if c.parameter not in self.connections:
                item = self.make_connection(self.neurons[c.src], self.neurons[c.dst], c.weight)
                item.set_weight(c.weight, scale)
                self.connections[item.parameter] = item
                self.addItem(item)
        self._names = ()  # the parameters' order may have changed
        self.show_axes(self.axes)

    def _remove_neuron(self, nid: str) -> None:
        item = self.neurons.pop(nid)
        for c in list(item.connections):
            self._remove_connection(c.parameter)
        self.removeItem(item)

    def _remove_connection(self, name: str) -> None:
        item = self.connections.pop(name)
        for end in (item.source, item.target):
            if item in end.connections:
                end.connections.remove(item)
        self.removeItem(item)

    # ------------------------------------------------------------------ selection
    def selected_keys(self) -> set[str]:
        """Ids of the selected neurons and parameter names of the selected connections."""
        keys: set[str] = set()
        for item in self.selectedItems():
            if isinstance(item, NeuronItem):
                keys.add(item.neuron_id)
            elif isinstance(item, ConnectionItem):
                keys.add(item.parameter)
        return keys

    def select_keys(self, keys: Iterable[str]) -> None:
        keys = set(keys)
        for nid, item in self.neurons.items():
            item.setSelected(nid in keys)
        for name, item in self.connections.items():
            item.setSelected(name in keys)

    def selected_neurons(self) -> list[str]:
        return [nid for nid, item in self.neurons.items() if item.isSelected()]

    def selected_connections(self) -> list[tuple[str, str]]:
        return [(item.source.neuron_id, item.target.neuron_id)
                for item in self.connections.values() if item.isSelected()]

    # ------------------------------------------------------------------ looks
    def show_axes(self, names: tuple[str, ...]) -> None:
        """Highlight the landscape's two parameters (weights or biases)."""
        self.axes = tuple(names)
        which = {name: label for name, label in zip(self.axes, ("x", "y"))}
        for name, item in self.connections.items():
            item.show_axis(which.get(name))
        for nid, item in self.neurons.items():
            item.show_axis(which.get(bias_name(nid)))

    def show_values(self, values: dict[str, float]) -> None:
        """New values for some weights and biases (an edit, before the run reports them)."""
        scale = max((abs(c.weight) for c in self.connections.values()), default=0.0)
        scale = max([scale] + [abs(v) for k, v in values.items() if k in self.connections])
        for name, value in values.items():
            if name in self.connections:
                self.connections[name].set_weight(value, scale)
        for nid, item in self.neurons.items():
            value = values.get(bias_name(nid))
            if value is not None:
                item.set_bias(value)

    def show_positions(self, network: Network) -> None:
        """Move the items to the positions `network` gives (same neurons)."""
        for n in network.neurons:
            item = self.neurons.get(n.id)
            if item is not None and (item.pos().x(), item.pos().y()) != tuple(n.position):
                item.setPos(QPointF(*n.position))

    # ------------------------------------------------------------------ finding items
    def neuron_at(self, pos: QPointF, exclude: NeuronItem | None = None) -> NeuronItem | None:
        """The neuron whose disc holds `pos` (the nearest, if discs overlap)."""
        best, best_d = None, NEURON_RADIUS + 2
        for item in self.neurons.values():
            if item is exclude:
                continue
            d = QLineF(item.pos(), pos).length()
            if d <= best_d:
                best, best_d = item, d
        return best

    def port_at(self, pos: QPointF) -> EditableNeuronItem | None:
        """The neuron whose connection port is at `pos`, if any."""
        for item in self.neurons.values():
            if isinstance(item, EditableNeuronItem) and item.port is not None and \
                    QLineF(item.port_position(), pos).length() <= PORT_GRAB:
                return item
        return None

    def drawing_rect(self) -> QRectF:
        """The neurons with their labels, in scene coordinates."""
        rect = QRectF()
        for item in self.neurons.values():
            rect = rect.united(item.sceneBoundingRect().united(item.label.sceneBoundingRect()))
        return rect
