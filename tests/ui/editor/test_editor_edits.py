"""The editor's network edits and undo commands, without a window."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QUndoStack

from playground.engine.network import Connection, Network, NetworkError, Neuron, layered
from playground.io.document import DataSpec, Document
from playground.ui.editor.commands import (
    LAYOUT,
    STRUCTURE,
    VALUES,
    AddNeuronCommand,
    ConnectCommand,
    DeleteCommand,
    MoveCommand,
    SetNeuronFieldCommand,
    SetParameterCommand,
)
from playground.workspace import network_edits as ne


class Target:
    """A stand-in for the editor: holds a network and records every commit."""

    def __init__(self, net: Network):
        self.network = net
        self.commits: list[tuple[str, dict | None]] = []

    def network_copy(self) -> Network:
        return self.network.copy()

    def commit(self, network, change, values=None, view=None) -> None:
        self.network = network
        self.commits.append((change, values))


@pytest.fixture
def target() -> Target:
    return Target(layered("2-3-1", "tanh", "linear", seed=3))


def test_allowed_features_follow_the_data():
    assert ne.allowed_features(DataSpec("xor")) == ["x1", "x2", "x1^2", "x2^2", "x1*x2",
                                                    "sin(x1)", "sin(x2)"]
    assert ne.allowed_features(DataSpec("sine")) == ["x1", "x1^2", "sin(x1)"]
    lr = DataSpec("linear-regression", params={"n_cols": 3})
    assert ne.allowed_features(lr) == ["x1", "x2", "x3"]
    inline = DataSpec(None, x=[[1.0, 2.0, 3.0, 4.0]], y=[[0.0]])
    assert ne.raw_inputs(inline) == 4


def test_new_ids_are_free_and_valid(target):
    net = target.network
    assert ne.next_id(net, "hidden") == "h1"
    net.neurons.append(Neuron("h1", "hidden"))
    assert ne.next_id(net, "hidden") == "h2"
    assert ne.next_id(net, "output") == "o2"  # o1 exists
    assert ne.input_id(net, "x1") == "x1_2"
    assert ne.input_id(net, "x1^2") == "x1_sq"


def test_new_input_goes_among_the_inputs_in_feature_order(target):
    net = target.network
    allowed = ne.allowed_features(DataSpec("xor"))
    assert ne.input_index(net, "x1^2", allowed) == 2  # after x1, x2
    net.neurons = [n for n in net.neurons if n.id != "x1"]
    assert ne.input_index(net, "x1", allowed) == 0


def test_free_spot_avoids_neurons(target):
    x, y = target.network.neuron("h1_1").position
    assert ne.free_spot(target.network, x, y) != (x, y)
    assert ne.snap(12.0, -26.0) == (10.0, -30.0)


def test_quick_build_reads_the_current_features_and_keeps_activations():
    doc = Document(network=layered("2-2-1", "relu", "sigmoid", features=["x1", "x1^2"]),
                   data=DataSpec("xor"))
    net = ne.quick_build(doc, "3-4-1")
    inputs = [n for n in net.neurons if n.role == "input"]
    assert [(n.id, n.feature or n.id) for n in inputs] == [
        ("x1", "x1"), ("x1_sq", "x1^2"), ("x2", "x2")]
    assert {n.activation for n in net.neurons if n.role == "hidden"} == {"relu"}
    assert net.neuron("o1").activation == "sigmoid"
    assert len(net.connections) == 3 * 4 + 4
    net.validate()


def test_quick_build_refuses_what_the_data_cannot_feed():
    doc = Document(network=layered("1-1", features=["x1"]), data=DataSpec("sine"))
    with pytest.raises(NetworkError, match="allow 3 input feature"):
        ne.quick_build(doc, "4-1")
    with pytest.raises(NetworkError, match="whole numbers"):
        ne.quick_build(doc, "two-one")


def run(stack: QUndoStack, target: Target, command) -> tuple[Network, Network]:
    before = target.network.copy()
    stack.push(command)
    return before, target.network.copy()


def check_undo_redo(stack, target, command):
    before, after = run(stack, target, command)
    assert after != before
    stack.undo()
    assert target.network == before
    stack.redo()
    assert target.network == after


def test_each_command_undoes_exactly(qapp, target):
    stack = QUndoStack()
    net = target.network
    check_undo_redo(stack, target, AddNeuronCommand(target, Neuron("h9", "hidden"), 2))
    check_undo_redo(stack, target, ConnectCommand(target, Connection("h9", "o1", 0.5)))
    check_undo_redo(stack, target, DeleteCommand(target, target.network, {"h1_2"},
                                                 {("x1", "h1_1")}))
    check_undo_redo(stack, target, MoveCommand(target, {"x1": ((0.0, -40.0), (5.0, 5.0))}))
    w = target.network.connection("x2", "h1_1").weight
    check_undo_redo(stack, target, SetParameterCommand(target, "w:x2->h1_1", w, 2.0))
    check_undo_redo(stack, target, SetNeuronFieldCommand(
        target, "activation", {"h1_1": ("tanh", "relu")}, "Set Activation"))
    while stack.canUndo():
        stack.undo()
    assert target.network == net


def test_delete_puts_everything_back_in_place(qapp, target):
    stack = QUndoStack()
    original = target.network.copy()
    stack.push(DeleteCommand(target, target.network, {"x1", "h1_3"}, {("h1_1", "o1")}))
    assert "x1" not in target.network.ids()
    assert all("x1" not in (c.src, c.dst) for c in target.network.connections)
    assert stack.undoText() == "Delete 3 Items"
    stack.undo()
    assert target.network == original  # same order of neurons and connections


def test_commands_say_what_the_run_must_do(qapp, target):
    stack = QUndoStack()
    stack.push(SetParameterCommand(target, "b:o1", 0.0, 1.5, live_before=0.25))
    stack.undo()
    assert target.commits == [(VALUES, {"b:o1": 1.5}), (VALUES, {"b:o1": 0.25})]
    stack.push(MoveCommand(target, {"o1": ((0.0, 0.0), (1.0, 1.0))}))
    stack.push(ConnectCommand(target, Connection("x1", "o1", 0.3)))
    assert [c for c, _ in target.commits[2:]] == [LAYOUT, STRUCTURE]


def test_moves_of_one_drag_merge(qapp, target):
    stack = QUndoStack()
    start = target.network.neuron("o1").position
    stack.push(MoveCommand(target, {"o1": (start, (1.0, 1.0))}, drag=7))
    stack.push(MoveCommand(target, {"o1": ((1.0, 1.0), (2.0, 2.0)),
                                    "x1": ((0.0, -40.0), (3.0, 3.0))}, drag=7))
    stack.push(MoveCommand(target, {"o1": ((2.0, 2.0), (9.0, 9.0))}, drag=8))
    assert stack.count() == 2
    stack.undo()
    stack.undo()
    assert target.network.neuron("o1").position == start
    assert stack.text(0) == "Move 2 Neurons"


def test_undo_skips_what_has_gone_since(qapp, target):
    stack = QUndoStack()
    stack.push(ConnectCommand(target, Connection("x1", "o1", 0.3)))
    stack.push(SetParameterCommand(target, "w:x1->o1", 0.3, 1.0))
    # Elsewhere (outside the stack) the input neuron goes away.
    target.network.neurons = [n for n in target.network.neurons if n.id != "x1"]
    target.network.connections = [c for c in target.network.connections if c.src != "x1"]
    stack.undo()
    stack.undo()
    stack.redo()
    stack.redo()
    target.network.validate()
