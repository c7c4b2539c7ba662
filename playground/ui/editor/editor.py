"""The network editor: gestures and menu choices become commands on the window's undo stack,
and every change reaches the training worker in order.

The editor holds the drawn network. It trains as soon as it can: a structural
change (add, delete, connect, activation, quick build) sends a new document
(`set_document(keep=True)`: surviving weights kept, optimizer state reset when
the parameters change); a value edit or a move goes to the live run as it is
(`update_network`). A drawing that cannot train yet (no output neuron, say)
stays on the canvas with a note saying why, while the last network that could
goes on training.
"""

from __future__ import annotations

import copy
import dataclasses
import math
from typing import Any

import numpy as np
from PySide6.QtCore import QObject, QPointF, QTimer, Signal
from PySide6.QtWidgets import QInputDialog

from playground.engine.activations import ACTIVATIONS
from playground.engine.network import (
    Connection,
    Network,
    NetworkError,
    Neuron,
    initial_weight,
)
from playground.io.document import Document, ViewSettings
from playground.ui.editor.axes import landscape_axes, use_as_axis
from playground.ui.editor.canvas import EditableNetworkView
from playground.ui.editor.commands import (
    STRUCTURE,
    AddNeuronCommand,
    ConnectCommand,
    DeleteCommand,
    MoveCommand,
    NetworkDiffCommand,
    ReplaceNetworkCommand,
    SetNeuronFieldCommand,
    SetParameterCommand,
)
from playground.ui.editor.probe import NeuronProbe, describe
from playground.ui.shell import Shell
from playground.ui.training.worker import Snapshot, TrainingController
from playground.ui.views.landscape_view import LandscapeView
from playground.ui.views.network_view import KEY_HEIGHT, LABEL_ROOM, NEURON_RADIUS
from playground.workspace import layer_edits as le
from playground.workspace import network_edits as ne
from playground.workspace.problem import Problem, ProblemError, build_problem

MESSAGE_MS = 8000  # how long a status-bar message stays


def trainable_problem(document: Document, previous: Problem | None = None
                      ) -> Problem | str:
    """`document` compiled, ready to train, or why it cannot train."""
    try:
        return build_problem(document, previous)
    except ProblemError as e:
        return str(e)


def structure_problem(network: Network) -> str | None:
    """A quick check of a network alone: why it is not a valid DAG, or None."""
    try:
        network.validate()
    except NetworkError as e:
        return str(e)
    return None


class Editor(QObject):
    """Edits the network drawn in the window's network view, one undoable command at a time."""

    changed = Signal()  # the drawn network changed

    def __init__(self, shell: Shell, controller: TrainingController,
                 view: EditableNetworkView, landscape_view: LandscapeView):
        super().__init__(shell.window)
        self.shell = shell
        self.view = view
        self.landscape_view = landscape_view
        self.scene = view.network_scene
        self.undo_stack = shell.undo_stack
        self.controller = controller
        self.network = Network()  # what is drawn (it may be ahead of what trains)
        self.problem: str | None = None  # why the drawn network does not train, or None
        self.initializer = "glorot_uniform"
        self.rng = np.random.default_rng(0)  # reseeded per document: same edits, same weights
        self.probe = NeuronProbe()
        self._known: Network | None = None  # the network of the document training now
        self._sending = False
        self._drag = 0
        view.network_for = self._network_for
        view.can_connect = self.why_not_connect
        view.add_requested.connect(self._on_double_click)
        view.connect_requested.connect(self.connect)
        view.moved.connect(self._on_moved)
        view.message.connect(lambda text: self.say(text, 3000))
        view.key_command.connect(self._on_key)
        self.scene.describe_neuron = self.describe_neuron
        self.controller.document_changed.connect(self._after_document)
        landscape_view.settings_changed.connect(lambda _settings: self.show_axes())
        # Set by attach(): they import this module, so it cannot name their types.
        self.menus: Any = None
        self.actions: Any = None
        self.layer_buttons: Any = None  # the +/− buttons on the drawing (set by build_editor)
        if self.controller.document is not None:
            self.view.set_document(self.controller.document)
            self._after_document(self.controller.document)

    def attach(self, menus: Any, actions: Any) -> None:
        """The context menus and the Edit menu / toolbar actions that drive this editor."""
        self.menus, self.actions = menus, actions

    # ------------------------------------------------------------------ the drawn network
    def network_copy(self) -> Network:
        """A copy of the drawn network, for a command to change."""
        return self.network.copy()

    def commit(self, network: Network, change: str, values: dict[str, float] | None = None,
               view: ViewSettings | None = None) -> None:
        """Make `network` the drawn one and pass it on to training (commands call this)."""
        self.network = network
        if change != STRUCTURE and self.problem is None and view is None:
            self._known = network.copy()
            self.controller.update_network(network, values)
            self.scene.show_positions(network)
            if values:
                self.scene.show_values(values)
            self.changed.emit()
            return
        self._send(view)

    def _document_with(self, network: Network, view: ViewSettings | None = None
                       ) -> Document | None:
        base = self.controller.document
        if base is None:
            return None
        # A shallow copy: the controller deep-copies what it keeps.
        return dataclasses.replace(base, network=network.copy(), run=None,
                                   view=copy.deepcopy(view if view is not None else base.view))

    def _send(self, view: ViewSettings | None = None) -> None:
        doc = self._document_with(self.network, view)
        built = self.tr("no document is open") if doc is None else \
            trainable_problem(doc, self.controller.problem)
        if isinstance(built, str):
            self.problem = built
            self.view.show_network(self.network)
            self._show_live(self.controller.latest)
            self.view.set_notice(self.tr("Not training: {built}").format(built=built))
            self.say(self.tr("The drawn network does not train yet: {built}").format(built=built))
            self.changed.emit()
            return
        self.problem = None
        self.view.set_notice("")
        self._known = self.network.copy()
        latest = self.controller.latest
        self._sending = True
        try:
            self.controller.set_problem(built, keep=True, mark=self.tr("Network edited"))
        finally:
            self._sending = False
        self._show_live(latest)  # the surviving parameters keep these values
        self.changed.emit()

    def _show_live(self, snap: Snapshot | None) -> None:
        """Style the items by the run's values, not the drawn starting values."""
        if snap is not None:
            self.scene.show_parameters(snap.parameter_names, snap.theta, snap.gradient)

    def _network_for(self, document: Document) -> tuple[Network, bool]:
        """What the view draws for a document the controller announces, and whether the
        zoom stays: the drawing for our own edits and for changes that left the network
        alone (reset, loss, learning settings); the document's network otherwise."""
        if self._sending:
            return self.network, True
        if document.is_function:
            # A function has no neurons to draw: its computational graph has its own view.
            self.network = Network()
            self._known = None
            self.problem = self.tr("a function document has no network to edit")
            return self.network, False
        if self._known is not None and document.network == self._known:
            if self.problem is not None:
                QTimer.singleShot(0, self._retry)  # other settings may let the drawing train
            return self.network, True
        self.network = document.network.copy()
        self._known = document.network.copy()
        self.rng = np.random.default_rng(document.training.seed)
        self.problem = structure_problem(self.network)
        self.view.set_notice(
            ""
            if self.problem is None
            else self.tr("Not training: {problem}").format(problem=self.problem)
        )
        return self.network, False

    def _retry(self) -> None:
        if self.problem is not None:
            self._send()

    def _after_document(self, document: Document) -> None:
        if document.is_function:  # no neurons to probe
            self.probe.set_document(None)
        else:
            self.probe.set_document(document, self.controller.problem)
        self.show_axes()
        self.changed.emit()

    # ------------------------------------------------------------------ messages
    def say(self, text: str, ms: int = MESSAGE_MS) -> None:
        """A message in the window's status bar."""
        self.shell.status(text, ms)

    def ask_value(self, title: str, label: str, value: float) -> float | None:
        """A number from the user, or None if they cancel (tests replace this)."""
        number, ok = QInputDialog.getDouble(self.shell.window, title, label, value, -1e6, 1e6, 6)
        return float(number) if ok else None

    def ask_text(self, title: str, label: str, text: str) -> str | None:
        """A line of text from the user, or None if they cancel (tests replace this)."""
        answer, ok = QInputDialog.getText(self.shell.window, title, label, text=text)
        return answer if ok else None

    # ------------------------------------------------------------------ live state
    def live_value(self, name: str) -> float | None:
        """The parameter's value in the run now (the latest snapshot), if it has one."""
        snap = self.controller.latest
        if snap is None or name not in snap.parameter_names:
            return None
        return float(snap.theta[snap.parameter_names.index(name)])

    def value_of(self, name: str) -> float | None:
        """What a value edit starts from: the live value, else the drawn one."""
        live = self.live_value(name)
        return live if live is not None else self.network.parameter_values().get(name)

    def describe_neuron(self, nid: str) -> list[str]:
        """Hover lines: the neuron's pre-activation, activation and delta on the data."""
        doc = self.controller.document
        try:
            role = self.network.neuron(nid).role
        except KeyError:
            return []
        full = doc is not None and not doc.training.batch_size
        return describe(self.probe.stats(nid, self.controller.latest), role, full)

    def landscape_axes(self) -> tuple[str, ...]:
        """The two parameters the landscape shows as axes, or () for another kind of plane."""
        return landscape_axes(self.landscape_view)

    def show_axes(self) -> None:
        self.scene.show_axes(self.landscape_axes())

    def use_as_axis(self, name: str, which: int) -> None:
        """Show parameter `name` on the landscape's x (0) or y (1) axis."""
        why = use_as_axis(self.landscape_view, name, which)
        if why is not None:
            self.say(why)
        self.show_axes()

    # ------------------------------------------------------------------ edits
    def why_not_connect(self, src: str, dst: str) -> str | None:
        return self.network.would_accept(src, dst)

    def connect(self, src: str, dst: str) -> bool:
        """Connect src -> dst with a weight from the initialiser; refused with a message."""
        why = self.why_not_connect(src, dst)
        if why is not None:
            self.say(
                self.tr("Cannot connect {src} → {dst}: {why}").format(src=src, dst=dst, why=why)
            )
            return False
        net = self.network
        fan_in = 1 + sum(1 for c in net.connections if c.dst == dst)
        fan_out = 1 + sum(1 for c in net.connections if c.src == src)
        weight = initial_weight(self.initializer, fan_in, fan_out, self.rng)
        self.undo_stack.push(ConnectCommand(self, Connection(src, dst, round(weight, 6))))
        return True

    def _on_key(self, command: str) -> None:
        if command == "undo":
            self.undo_stack.undo()
        elif command == "redo":
            self.undo_stack.redo()
        elif command == "delete":
            self.delete_selected()

    def _on_double_click(self, pos: QPointF) -> None:
        self.add_neuron("hidden", self._above_key(pos))

    def _above_key(self, pos: QPointF) -> tuple[float, float]:
        """`pos` on the grid, moved up as far as needed for the new neuron's disc and label
        to stay above the colour key along the drawing's bottom edge."""
        view = self.view
        scale = max(view.transform().m11(), 1e-3)
        lowest = view.viewport().height() - KEY_HEIGHT - NEURON_RADIUS * scale - LABEL_ROOM
        x, y = ne.snap(pos.x(), pos.y())
        below = view.mapFromScene(QPointF(x, y)).y() - lowest
        if below > 0:  # whole grid steps up: the position stays on the grid
            y -= math.ceil(below / (ne.SNAP * scale)) * ne.SNAP
        return x, y

    def add_neuron(self, role: str, position: tuple[float, float] | None = None,
                   feature: str | None = None) -> str | None:
        """Add a neuron (an input reads `feature`, else the first free one); its id, or None."""
        net = self.network
        index = None
        if role == "input":
            doc = self.controller.document
            allowed = ne.allowed_features(doc.data) if doc is not None else []
            used = set(ne.input_features(net))
            free = [f for f in allowed if f not in used]
            if feature is None:
                if not free:
                    self.say(self.tr("Every input feature the data allow is in use: ")
                             + ", ".join(allowed))
                    return None
                feature = free[0]
            elif feature not in allowed:
                self.say(
                    self.tr("The data cannot feed {feature}; they allow {allowed}").format(
                        feature=feature, allowed=", ".join(allowed)
                    )
                )
                return None
            elif feature in used:
                self.say(self.tr("An input neuron already reads {feature}").format(feature=feature))
                return None
            neuron = ne.make_input(net, feature, position or ne.column_spot(net, "input"))
            index = ne.input_index(net, feature, allowed)
        elif role in ("hidden", "output"):
            if position is None:
                position = ne.column_spot(net, "output") if role == "output" else \
                    (ne.visible_spot(net, *self._view_centre(), self._view_bounds())
                     or ne.free_spot(net, *self._view_centre()))
            neuron = Neuron(ne.next_id(net, role), role, ne.default_activation(net, role), 0.0,
                            (round(position[0], 1), round(position[1], 1)))
        else:
            raise ValueError(f"unknown role {role!r}")
        self.undo_stack.push(AddNeuronCommand(self, neuron, index))
        self.scene.select_keys({neuron.id})
        self._keep_in_sight(neuron.id)
        return neuron.id

    def _view_centre(self) -> tuple[float, float]:
        c = self.view.mapToScene(self.view.viewport().rect().center())
        return (round(c.x(), 1), round(c.y(), 1))

    def _view_bounds(self) -> tuple[float, float, float, float]:
        """The part of the scene in view, less a neuron's room at the edges."""
        r = self.view.mapToScene(self.view.viewport().rect()).boundingRect()
        m = 2 * NEURON_RADIUS + 8
        return (r.left() + m, r.top() + m, r.right() - m, r.bottom() - m - 24)

    def _keep_in_sight(self, nid: str) -> None:
        """A neuron added out of view (the view was full) brings the whole drawing back."""
        item = self.scene.neurons.get(nid)
        if item is None:
            return
        shown = self.view.mapToScene(self.view.viewport().rect()).boundingRect()
        if not shown.contains(item.sceneBoundingRect()):
            self.view.fit_to_view()

    def delete(self, neuron_ids: set[str], pairs: set[tuple[str, str]]) -> None:
        """Delete neurons (with their connections) and connections."""
        ids = set(neuron_ids) & set(self.network.ids())
        have = {(c.src, c.dst) for c in self.network.connections}
        pairs = set(pairs) & have
        if not ids and not pairs:
            self.say(self.tr("Select neurons or connections to delete"))
            return
        self.undo_stack.push(DeleteCommand(self, self.network, ids, pairs))

    def delete_selected(self) -> None:
        self.delete(set(self.scene.selected_neurons()), set(self.scene.selected_connections()))

    def _on_moved(self, moves: dict) -> None:
        self._drag += 1
        self.move({nid: (old, ne.snap(*new)) for nid, (old, new) in moves.items()},
                  drag=self._drag)

    def move(self, moves: dict[str, tuple[tuple[float, float], tuple[float, float]]],
             drag: int | None = None) -> None:
        """Move neurons: {id: (old position, new position)}; moves of one drag merge."""
        moves = {nid: (tuple(old), tuple(new)) for nid, (old, new) in moves.items()
                 if tuple(old) != tuple(new)}
        if moves:
            self.undo_stack.push(MoveCommand(self, moves, drag=drag))
        else:
            self.scene.show_positions(self.network)  # a tiny drag snaps back

    def set_value(self, name: str, value: float) -> bool:
        """Set a weight or bias (`w:SRC->DST`, `b:ID`); the run takes it at once."""
        before = self.network.parameter_values().get(name)
        if before is None:
            self.say(self.tr("No parameter {name} in the drawn network").format(name=name))
            return False
        if not math.isfinite(value):
            self.say(self.tr("{name} must be a finite number").format(name=name))
            return False
        self.undo_stack.push(SetParameterCommand(self, name, before, value,
                                                 self.live_value(name)))
        return True

    def set_activation(self, ids: list[str], activation: str) -> None:
        """Give hidden and output neurons `activation`."""
        if activation not in ACTIVATIONS:
            self.say(self.tr("Unknown activation {activation}").format(activation=activation))
            return
        changes = {n.id: (n.activation, activation) for n in self.network.neurons
                   if n.id in ids and n.role != "input" and n.activation != activation}
        if changes:
            label = ACTIVATIONS[activation].label
            self.undo_stack.push(
                SetNeuronFieldCommand(
                    self,
                    "activation",
                    changes,
                    self.tr("Set Activation to {label}").format(label=label),
                )
            )

    def set_bias_enabled(self, nid: str, on: bool) -> None:
        """Give a neuron a bias (starting at 0) or take it away."""
        try:
            n = self.network.neuron(nid)
        except KeyError:
            return
        if n.role == "input" or (n.bias is not None) == on:
            return
        self.undo_stack.push(SetNeuronFieldCommand(
            self, "bias", {nid: (n.bias, 0.0 if on else None)},
            self.tr("Add Bias") if on else self.tr("Remove Bias")))

    def set_feature(self, nid: str, feature: str) -> None:
        """Make input neuron `nid` read `feature`."""
        try:
            n = self.network.neuron(nid)
        except KeyError:
            return
        current = n.feature or n.id
        if n.role != "input" or current == feature:
            return
        if feature in ne.input_features(self.network):
            self.say(self.tr("An input neuron already reads {feature}").format(feature=feature))
            return
        self.undo_stack.push(SetNeuronFieldCommand(
            self, "feature", {nid: (n.feature, feature)}, self.tr("Set Input Feature")))

    def quick_build(self, spec: str) -> bool:
        """Replace the network by a fully connected one from a layer string like 2-4-4-1."""
        base = self.controller.document
        if base is None:
            return False
        spec = spec.strip()
        try:
            net = ne.quick_build(dataclasses.replace(base, network=self.network), spec,
                                 self.initializer, base.training.seed)
        except NetworkError as e:
            self.say(self.tr("Quick build: {e}").format(e=e))
            return False
        view_after = copy.deepcopy(base.view)
        view_after.axes = None  # the old axes name parameters that are gone
        view_after.range = None
        built = trainable_problem(self._document_with(net, view_after), self.controller.problem)
        if isinstance(built, str):
            self.say(self.tr("Quick build {spec}: {built}").format(spec=spec, built=built))
            return False
        self.undo_stack.push(
            ReplaceNetworkCommand(
                self,
                self.network,
                net,
                self.tr("Quick Build {spec}").format(spec=spec),
                copy.deepcopy(base.view),
                view_after,
            )
        )
        self.view.fit_to_view()
        return True

    def auto_layout(self) -> None:
        """Arrange the neurons in columns by topological level."""
        placed = ne.laid_out(self.network)
        moves = {n.id: (n.position, placed[n.id]) for n in self.network.neurons
                 if tuple(n.position) != tuple(placed[n.id])}
        if not moves:
            self.say(self.tr("The network is laid out already"))
            return
        self.undo_stack.push(MoveCommand(self, moves, text=self.tr("Auto Layout")))
        self.view.fit_to_view()

    # ------------------------------------------------------------------ layer edits
    def layers(self) -> le.Layers | str:
        """The drawn network's layers, or why it has none (then there are no +/− buttons)."""
        return le.layers_of(self.network)

    def edit_layers(self, kind: str, layer: int = 0) -> bool:
        """A quick edit of a layered network, one undoable command: "add neuron" or
        "remove neuron" in hidden layer `layer` (1 = the first), "add layer" (before
        the outputs) or "remove layer" (the last hidden one)."""
        def weight(fan_in: int, fan_out: int) -> float:
            return initial_weight(self.initializer, fan_in, fan_out, self.rng)

        edits = {
            "add neuron": (lambda net: le.add_neuron(net, layer, weight),
                           self.tr("Add Neuron to Layer {n}")),
            "remove neuron": (lambda net: le.remove_neuron(net, layer),
                              self.tr("Remove Neuron from Layer {n}")),
            "add layer": (lambda net: le.add_layer(net, weight), self.tr("Add Hidden Layer")),
            "remove layer": (lambda net: le.remove_layer(net, weight),
                             self.tr("Remove Hidden Layer")),
        }
        if kind not in edits:
            raise ValueError(f"unknown layer edit {kind!r}")
        make, text = edits[kind]
        try:
            after = make(self.network)
        except NetworkError as e:
            self.say(self.tr("Cannot change the layers: {why}").format(why=e))
            return False
        self.undo_stack.push(NetworkDiffCommand(
            self, le.NetworkDiff.between(self.network, after), text.format(n=layer)))
        self.view.refit()
        return True

    def select_all(self) -> None:
        self.scene.select_keys(set(self.scene.neurons) | set(self.scene.connections))
