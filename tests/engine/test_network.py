"""Network validation messages, layer strings and initialisers."""

import numpy as np
import pytest

from playground.engine.network import (
    Connection,
    Network,
    NetworkError,
    Neuron,
    initialize,
    layered,
    topological_levels,
)


def small() -> Network:
    return Network(
        [Neuron("x1", "input", bias=None), Neuron("h1", "hidden", "tanh"),
         Neuron("h2", "hidden", "tanh"), Neuron("o1", "output")],
        [Connection("x1", "h1", 0.1), Connection("h1", "h2", 0.2), Connection("h2", "o1", 0.3)],
    )


def test_valid_network_passes():
    small().validate()


def test_cycle_is_refused_naming_its_neurons():
    net = small()
    net.connections.append(Connection("h2", "h1", 1.0))
    with pytest.raises(NetworkError, match=r"cycle: h1 -> h2 -> h1|cycle: h2 -> h1 -> h2"):
        net.validate()


def test_connection_into_an_input_is_refused():
    net = small()
    net.connections.append(Connection("h1", "x1", 1.0))
    with pytest.raises(NetworkError, match=r'connections\[3\]: .*enters input neuron "x1"'):
        net.validate()


def test_connection_out_of_an_output_is_refused():
    net = small()
    net.connections.append(Connection("o1", "h1", 1.0))
    with pytest.raises(NetworkError, match='leaves output neuron "o1"'):
        net.validate()


def test_unknown_id_is_refused_with_its_place():
    net = small()
    net.connections.append(Connection("h1", "h9", 1.0))
    with pytest.raises(NetworkError, match=r'connections\[3\]\.to: no neuron "h9"'):
        net.validate()


def test_duplicate_ids_and_connections_are_refused():
    net = small()
    net.neurons.append(Neuron("h1", "hidden"))
    with pytest.raises(NetworkError, match=r'neurons\[4\]\.id: duplicate neuron id "h1"'):
        net.validate()
    net = small()
    net.connections.append(Connection("x1", "h1", 2.0))
    with pytest.raises(NetworkError, match="duplicate connection x1->h1"):
        net.validate()


def test_would_accept_explains_refusals_without_changing_anything():
    net = small()
    before = net.copy()
    assert "cycle" in net.would_accept("h2", "h1")
    assert "input" in net.would_accept("h1", "x1")
    assert "duplicate" in net.would_accept("x1", "h1")
    assert net.would_accept("x1", "o1") is None
    assert net == before


def test_layer_string_builds_full_layers():
    net = layered("2-4-4-1")
    assert len(net.ids("input")) == 2 and len(net.ids("output")) == 1
    assert len(net.connections) == 2 * 4 + 4 * 4 + 4 * 1
    levels = topological_levels(net)
    assert {levels[i] for i in net.ids("output")} == {3}
    for bad in ("2", "2-x-1", "2-0-1", ""):
        with pytest.raises(NetworkError):
            layered(bad)


@pytest.mark.parametrize("scheme", ["glorot_uniform", "he", "uniform", "zeros"])
def test_initialisers_are_seeded(scheme):
    a, b, c = layered("2-8-1"), layered("2-8-1"), layered("2-8-1")
    initialize(a, scheme, seed=1)
    initialize(b, scheme, seed=1)
    initialize(c, scheme, seed=2)
    wa = np.array([x.weight for x in a.connections])
    assert np.array_equal(wa, [x.weight for x in b.connections])
    if scheme == "zeros":
        assert not wa.any()
    else:
        assert not np.array_equal(wa, [x.weight for x in c.connections])
    if scheme == "uniform":
        assert np.all(np.abs(wa) <= 0.5)
    if scheme == "glorot_uniform":
        assert np.all(np.abs(wa[:16]) <= np.sqrt(6 / (2 + 1)))


def test_levels_of_a_cyclic_network_raise_instead_of_hanging():
    net = small()
    net.connections.append(Connection("h2", "h1", 1.0))
    with pytest.raises(NetworkError, match="cycle"):
        topological_levels(net)
