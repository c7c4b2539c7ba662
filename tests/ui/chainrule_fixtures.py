"""Documents and a window helper shared by the chain-rule view tests."""

from __future__ import annotations

from contextlib import contextmanager

from playground.engine.losses import LossSpec
from playground.engine.network import Connection, Network, Neuron
from playground.engine.training import TrainingConfig
from playground.io.document import DataSpec, Document
from playground.io.examples import example_path
from playground.io.files import load_document
from playground.ui.main_window import MainWindow

A0, W, B, Y = 0.8, 0.6, -0.2, 0.5  # article example 7: a1 = tanh(w·a0 + b), cost (a1 − y)²


def example7_document(a0: float = A0, w: float = W, b: float = B, y: float = Y) -> Document:
    """One tanh neuron fed by one input, one sample, cost (a1 − y)² summed."""
    net = Network([Neuron("a0", "input", bias=None, position=(0.0, 0.0), feature="x1"),
                   Neuron("a1", "output", "tanh", b, position=(200.0, 0.0))],
                  [Connection("a0", "a1", w)])
    data = DataSpec(generator=None, x=[[a0]], y=[[y]], kind="regression", train_fraction=1.0)
    training = TrainingConfig(LossSpec("squared", "sum"), "sgd", {"lr": 0.5})
    return Document(net, data, training, name="example 7")


def example_document(name: str) -> Document:
    return load_document(example_path(name))


@contextmanager
def open_window(qtbot, document: Document, size: tuple[int, int] = (1400, 900)):
    """The main window on `document`, shown, with its first snapshot in; closed afterwards."""
    window = MainWindow(document)
    qtbot.addWidget(window)
    window.resize(*size)
    window.show()
    qtbot.waitUntil(lambda: window.controller.latest is not None, timeout=5000)
    try:
        yield window
    finally:
        window.close()
