"""Quick layer edits without Qt: what a layered network is, the four edits, and their diffs."""

from __future__ import annotations

import itertools

import pytest

from playground.engine.network import Connection, Network, NetworkError, layered
from playground.workspace.layer_edits import (
    NetworkDiff,
    add_layer,
    add_neuron,
    layers_of,
    remove_layer,
    remove_neuron,
)


def weights():
    counter = itertools.count(1)
    return lambda fan_in, fan_out: next(counter) / 100


def fully_connected(net: Network, a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    pairs = {(c.src, c.dst) for c in net.connections}
    return all((s, d) in pairs for s in a for d in b)


def test_a_quick_built_network_has_its_columns():
    layers = layers_of(layered("2-3-2-1"))
    assert layers.columns == (("x1", "x2"), ("h1_1", "h1_2", "h1_3"), ("h2_1", "h2_2"),
                              ("o1",))
    assert len(layers.hidden) == 2
    assert layers_of(layered("2-1")).hidden == ()


@pytest.mark.parametrize("change, why", [
    (lambda n: n.connections.append(Connection("x1", "o1", 0.5)),
     "the connection x1 → o1 skips a layer"),
    (lambda n: setattr(n, "connections", [c for c in n.connections if c.src != "h1_2"]),
     "hidden neuron h1_2 feeds no other neuron"),
    (lambda n: setattr(n, "connections", [c for c in n.connections if c.dst != "h1_1"]),
     "hidden neuron h1_1 has no inputs"),
    (lambda n: setattr(n, "neurons", [x for x in n.neurons if x.role != "output"]),
     "it has no output neurons"),
])
def test_a_free_dag_says_why_it_has_no_layers(change, why):
    net = layered("2-2-1")
    change(net)
    assert layers_of(net) == why
    with pytest.raises(NetworkError, match="not a layered network"):
        add_neuron(net, 1, weights())


def test_adding_a_neuron_connects_it_to_the_columns_either_side_and_keeps_the_rest():
    net = layered("2-3-2-1", seed=4)
    after = add_neuron(net, 1, weights())
    new = [n for n in after.neurons if n.id not in net.ids()]
    assert [n.id for n in new] == ["h1_4"] and new[0].activation == "tanh"
    assert fully_connected(after, ("x1", "x2"), ("h1_4",))
    assert fully_connected(after, ("h1_4",), ("h2_1", "h2_2"))
    assert len(after.connections) == len(net.connections) + 4
    old = {c.parameter: c.weight for c in net.connections}
    assert all(old[c.parameter] == c.weight for c in after.connections if c.parameter in old)
    assert net.ids() == layered("2-3-2-1").ids()  # the original is untouched
    assert layers_of(after).columns[1][-1] == "h1_4"  # laid out at the bottom of its column


def test_removing_a_neuron_takes_the_bottom_one_and_refuses_the_last():
    net = layered("2-3-1")
    after = remove_neuron(net, 1)
    assert "h1_3" not in after.ids()
    assert all("h1_3" not in (c.src, c.dst) for c in after.connections)
    one = remove_neuron(remove_neuron(net, 1), 1)
    with pytest.raises(NetworkError, match="one neuron left"):
        remove_neuron(one, 1)
    with pytest.raises(NetworkError, match="no hidden layer 2"):
        remove_neuron(net, 2)


def test_adding_a_layer_goes_before_the_outputs_and_removing_it_reconnects():
    net = layered("2-3-1")
    after = add_layer(net, weights())
    layers = layers_of(after)
    assert len(layers.hidden) == 2 and layers.hidden[1] == ("h2_1", "h2_2", "h2_3")
    assert fully_connected(after, layers.hidden[0], layers.hidden[1])
    assert fully_connected(after, layers.hidden[1], ("o1",))
    assert not any(c.src.startswith("h1_") and c.dst == "o1" for c in after.connections)
    back = remove_layer(after, weights())
    assert layers_of(back).columns == layers_of(net).columns
    assert fully_connected(back, layers.hidden[0], ("o1",))
    bare = remove_layer(net, weights())
    assert layers_of(bare).columns == (("x1", "x2"), ("o1",))
    with pytest.raises(NetworkError, match="no hidden layer to remove"):
        remove_layer(bare, weights())
    two = add_layer(bare, weights())  # from no hidden layer: two neurons
    assert layers_of(two).hidden == (("h1_1", "h1_2"),)


def test_a_diff_replays_an_edit_both_ways_exactly():
    net = layered("2-3-2-1", seed=2)
    for after in (add_neuron(net, 2, weights()), remove_neuron(net, 1),
                  add_layer(net, weights()), remove_layer(net, weights())):
        diff = NetworkDiff.between(net, after)
        forward = net.copy()
        diff.apply(forward)
        assert forward == after
        diff.revert(forward)
        assert forward == net


def test_a_diff_leaves_alone_what_changed_elsewhere():
    net = layered("2-2-1")
    after = add_neuron(net, 1, weights())
    diff = NetworkDiff.between(net, after)
    elsewhere = after.copy()
    elsewhere.connections = [c for c in elsewhere.connections if c.src != "x2"]  # deleted
    diff.revert(elsewhere)
    assert "h1_3" not in elsewhere.ids()
    assert not any(c.src == "x2" for c in elsewhere.connections)  # not brought back
