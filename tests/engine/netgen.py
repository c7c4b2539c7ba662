"""Random DAG networks for tests: skip connections, missing connections, any activation."""

from __future__ import annotations

import numpy as np

from playground.engine.activations import ACTIVATIONS
from playground.engine.network import Connection, Network, Neuron


def random_dag(seed: int, n_in: int | None = None, n_out: int | None = None,
               activations: list[str] | None = None) -> Network:
    """A random valid DAG: edges only go forward in a hidden random order."""
    rng = np.random.default_rng(seed)
    n_in = n_in or int(rng.integers(1, 4))
    n_hidden = int(rng.integers(0, 6))
    n_out = n_out or int(rng.integers(1, 4))
    acts = activations or list(ACTIVATIONS)
    neurons = [Neuron(f"x{i + 1}", "input", bias=None) for i in range(n_in)]
    neurons += [Neuron(f"h{i + 1}", "hidden", str(rng.choice(acts)),
                       None if rng.random() < 0.2 else float(rng.normal(0, 0.5)))
                for i in range(n_hidden)]
    neurons += [Neuron(f"o{i + 1}", "output", str(rng.choice(acts)),
                       None if rng.random() < 0.2 else float(rng.normal(0, 0.5)))
                for i in range(n_out)]
    order = [n.id for n in neurons]
    conns = []
    for j, dst in enumerate(neurons):
        if dst.role == "input":
            continue
        for src in neurons[:j]:
            if src.role == "output":
                continue
            if rng.random() < 0.6:
                conns.append(Connection(src.id, dst.id, float(rng.normal(0, 0.8))))
    # Shuffle the file order so compilation cannot rely on it.
    perm = rng.permutation(len(neurons))
    net = Network([neurons[i] for i in perm], conns)
    assert sorted(order) == sorted(n.id for n in net.neurons)
    return net
