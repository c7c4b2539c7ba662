"""UI test fixtures: documents to train, and a guard that fails any test leaking a QThread."""

from __future__ import annotations

import pytest

from playground.engine.network import layered
from playground.engine.training import TrainingConfig
from playground.io.document import DataSpec, Document
from playground.ui.threads import running_threads


@pytest.fixture(autouse=True)
def _no_running_qthreads():
    before = set(running_threads())
    yield
    leaked = [t.objectName() for t in running_threads() if t not in before]
    assert not leaked, f"test left QThreads running: {leaked}"


def xor_document(lr: float = 0.1, optimizer: str = "sgd") -> Document:
    """A small tanh network on the xor data, full batch."""
    return Document(network=layered("2-4-1", "tanh", "linear", seed=1),
                    data=DataSpec("xor", n_points=100),
                    training=TrainingConfig(optimizer=optimizer, hyper={"lr": lr}),
                    name="xor test")


@pytest.fixture
def xor_doc() -> Document:
    return xor_document()
