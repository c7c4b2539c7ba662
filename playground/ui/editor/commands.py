"""Undoable edits of the drawn network: one QUndoCommand per kind of edit, each a small diff.

A command asks its target (the editor) for a copy of the network, changes it and
commits it back, saying what kind of change it was so the run can follow:
STRUCTURE rebuilds the run (surviving weights kept), VALUES sets parameters in
the live run, LAYOUT only moves neurons. Undo works after edits made elsewhere
(the controls panel may have replaced the input neurons): what a command would
touch and is gone is skipped, never an error.
"""

from __future__ import annotations

import copy
import dataclasses
from typing import Protocol

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QUndoCommand

from playground.engine.network import Connection, Network, NetworkError, Neuron
from playground.engine.parameters import WEIGHT, kind_of
from playground.io.document import ViewSettings
from playground.workspace.layer_edits import NetworkDiff

STRUCTURE = "structure"
VALUES = "values"
LAYOUT = "layout"
MOVE_ID = 6001  # QUndoCommand.id() of moves, so moves of one drag merge


def _add_neuron_texts() -> dict[str, str]:
    return {"input": QCoreApplication.translate("EditorCommands", "Add Input Neuron"),
            "hidden": QCoreApplication.translate("EditorCommands", "Add Hidden Neuron"),
            "output": QCoreApplication.translate("EditorCommands", "Add Output Neuron")}

class CommandTarget(Protocol):
    """What a command edits: the editor's drawn network."""

    def network_copy(self) -> Network: ...

    def commit(self, network: Network, change: str, values: dict[str, float] | None = None,
               view: ViewSettings | None = None) -> None: ...


class NetworkCommand(QUndoCommand):
    """A change of the drawn network that knows how to make and unmake itself."""

    change = STRUCTURE

    def __init__(self, target: CommandTarget, text: str):
        super().__init__(text)
        self.target = target

    def forward(self, net: Network) -> None:
        raise NotImplementedError

    def backward(self, net: Network) -> None:
        raise NotImplementedError

    def values(self, undoing: bool) -> dict[str, float] | None:
        """Parameter values the live run must take (VALUES changes only)."""
        return None

    def view(self, undoing: bool) -> ViewSettings | None:
        """Landscape settings that change with this edit, if any."""
        return None

    def redo(self) -> None:
        net = self.target.network_copy()
        self.forward(net)
        self.target.commit(net, self.change, self.values(False), self.view(False))

    def undo(self) -> None:
        net = self.target.network_copy()
        self.backward(net)
        self.target.commit(net, self.change, self.values(True), self.view(True))


def _remove_neurons(net: Network, ids: set[str]) -> None:
    net.neurons = [n for n in net.neurons if n.id not in ids]
    net.connections = [c for c in net.connections if c.src not in ids and c.dst not in ids]


class AddNeuronCommand(NetworkCommand):
    """Add one neuron (at `index` in the neuron list, or at the end)."""

    def __init__(self, target: CommandTarget, neuron: Neuron, index: int | None = None):
        super().__init__(
            target, _add_neuron_texts().get(neuron.role, f"Add {neuron.role.capitalize()} Neuron")
        )
        self.neuron = dataclasses.replace(neuron)
        self.index = index

    def forward(self, net: Network) -> None:
        if self.neuron.id in net.ids():
            return
        index = len(net.neurons) if self.index is None else min(self.index, len(net.neurons))
        net.neurons.insert(index, dataclasses.replace(self.neuron))

    def backward(self, net: Network) -> None:
        _remove_neurons(net, {self.neuron.id})


class ConnectCommand(NetworkCommand):
    """Add one connection."""

    def __init__(self, target: CommandTarget, connection: Connection):
        super().__init__(target, QCoreApplication.translate("ConnectCommand", "Add Connection"))
        self.connection = Connection(connection.src, connection.dst, connection.weight)

    def forward(self, net: Network) -> None:
        c = self.connection
        ids = set(net.ids())
        if c.src in ids and c.dst in ids and net.would_accept(c.src, c.dst) is None:
            net.connections.append(Connection(c.src, c.dst, c.weight))

    def backward(self, net: Network) -> None:
        c = self.connection
        net.connections = [k for k in net.connections if (k.src, k.dst) != (c.src, c.dst)]


def delete_text(n_neurons: int, n_connections: int) -> str:
    """"Delete Neuron", "Delete 3 Connections", "Delete 4 Items"…"""
    # One text for one thing and one for several (English's two forms; Chinese needs one).
    if n_neurons and n_connections:
        return QCoreApplication.translate("EditorCommands", "Delete {n} Items").format(
            n=n_neurons + n_connections)
    if n_neurons:
        return (QCoreApplication.translate("EditorCommands", "Delete Neuron") if n_neurons == 1
                else QCoreApplication.translate("EditorCommands", "Delete {n} Neurons").format(
                    n=n_neurons))
    return (QCoreApplication.translate("EditorCommands", "Delete Connection")
            if n_connections == 1 else
            QCoreApplication.translate("EditorCommands", "Delete {n} Connections").format(
                n=n_connections))


def move_text(n: int) -> str:
    """"Move Neuron", "Move 3 Neurons"."""
    if n == 1:
        return QCoreApplication.translate("EditorCommands", "Move Neuron")
    return QCoreApplication.translate("EditorCommands", "Move {n} Neurons").format(n=n)


class DeleteCommand(NetworkCommand):
    """Delete neurons (with every connection they have) and connections; undo puts each
    back at its old place in the lists, so the network is exactly as it was."""

    def __init__(self, target: CommandTarget, net: Network, neuron_ids: set[str],
                 pairs: set[tuple[str, str]]):
        super().__init__(target, delete_text(len(neuron_ids), len(pairs)))
        self.neurons = [(i, dataclasses.replace(n)) for i, n in enumerate(net.neurons)
                        if n.id in neuron_ids]
        self.connections = [(i, Connection(c.src, c.dst, c.weight))
                            for i, c in enumerate(net.connections)
                            if (c.src, c.dst) in pairs or c.src in neuron_ids
                            or c.dst in neuron_ids]

    def forward(self, net: Network) -> None:
        gone = {n.id for _, n in self.neurons}
        pairs = {(c.src, c.dst) for _, c in self.connections}
        _remove_neurons(net, gone)
        net.connections = [c for c in net.connections if (c.src, c.dst) not in pairs]

    def backward(self, net: Network) -> None:
        for i, n in self.neurons:
            if n.id not in net.ids():
                net.neurons.insert(i, dataclasses.replace(n))
        ids = set(net.ids())
        have = {(c.src, c.dst) for c in net.connections}
        for i, c in self.connections:
            if c.src in ids and c.dst in ids and (c.src, c.dst) not in have:
                net.connections.insert(i, Connection(c.src, c.dst, c.weight))


Point = tuple[float, float]


class MoveCommand(NetworkCommand):
    """Move neurons; the moves of one drag (same `drag` number) merge into one command."""

    change = LAYOUT

    def __init__(self, target: CommandTarget, moves: dict[str, tuple[Point, Point]],
                 text: str | None = None, drag: int | None = None):
        super().__init__(target, text or move_text(len(moves)))
        self.moves = dict(moves)
        self.drag = drag

    def id(self) -> int:
        return MOVE_ID if self.drag is not None else -1

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802  (Qt override)
        if not isinstance(other, MoveCommand) or other.drag != self.drag:
            return False
        for nid, (old, new) in other.moves.items():
            self.moves[nid] = (self.moves.get(nid, (old, new))[0], new)
        n = len(self.moves)
        self.setText(move_text(n))
        return True

    def _place(self, net: Network, which: int) -> None:
        for n in net.neurons:
            if n.id in self.moves:
                n.position = tuple(self.moves[n.id][which])

    def forward(self, net: Network) -> None:
        self._place(net, 1)

    def backward(self, net: Network) -> None:
        self._place(net, 0)


class SetParameterCommand(NetworkCommand):
    """Set a weight or bias to a value; the live run takes the value at once.

    `live_before` is what the run held when the edit was made (training moves it
    away from the drawn value); undo gives the run that value back.
    """

    change = VALUES

    def __init__(self, target: CommandTarget, name: str, before: float, after: float,
                 live_before: float | None = None):
        super().__init__(
            target,
            QCoreApplication.translate("SetParameterCommand", "Set Weight")
            if kind_of(name) == WEIGHT
            else QCoreApplication.translate("SetParameterCommand", "Set Bias"),
        )
        self.name = name
        self.before = float(before)
        self.after = float(after)
        self.live_before = self.before if live_before is None else float(live_before)

    def _set(self, net: Network, value: float) -> None:
        try:
            net.set_parameter(self.name, value)
        except NetworkError:
            pass  # the parameter has gone since (an edit outside the undo stack)

    def forward(self, net: Network) -> None:
        self._set(net, self.after)

    def backward(self, net: Network) -> None:
        self._set(net, self.before)

    def values(self, undoing: bool) -> dict[str, float]:
        return {self.name: self.live_before if undoing else self.after}


class SetNeuronFieldCommand(NetworkCommand):
    """Change one field (activation, bias on/off, input feature) of some neurons."""

    def __init__(self, target: CommandTarget, field: str, changes: dict[str, tuple], text: str):
        super().__init__(target, text)
        self.field = field
        self.changes = dict(changes)

    def _set(self, net: Network, which: int) -> None:
        for n in net.neurons:
            if n.id in self.changes:
                setattr(n, self.field, self.changes[n.id][which])

    def forward(self, net: Network) -> None:
        self._set(net, 1)

    def backward(self, net: Network) -> None:
        self._set(net, 0)


class ReplaceNetworkCommand(NetworkCommand):
    """Replace the whole network (quick build), and the landscape settings with it."""

    def __init__(self, target: CommandTarget, before: Network, after: Network, text: str,
                 view_before: ViewSettings | None = None, view_after: ViewSettings | None = None):
        super().__init__(target, text)
        self.before = before.copy()
        self.after = after.copy()
        self.view_before = copy.deepcopy(view_before)
        self.view_after = copy.deepcopy(view_after)

    def forward(self, net: Network) -> None:
        fresh = self.after.copy()
        net.neurons, net.connections = fresh.neurons, fresh.connections

    def backward(self, net: Network) -> None:
        fresh = self.before.copy()
        net.neurons, net.connections = fresh.neurons, fresh.connections

    def view(self, undoing: bool) -> ViewSettings | None:
        v = self.view_before if undoing else self.view_after
        return copy.deepcopy(v)


class NetworkDiffCommand(NetworkCommand):
    """A change recorded as a diff (a layer's neuron or a hidden layer more or less):
    redo adds, removes and moves what it recorded, undo the reverse; what others have
    changed since is left alone."""

    def __init__(self, target: CommandTarget, diff: NetworkDiff, text: str):
        super().__init__(target, text)
        self.diff = diff

    def forward(self, net: Network) -> None:
        self.diff.apply(net)

    def backward(self, net: Network) -> None:
        self.diff.revert(net)
