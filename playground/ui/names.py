"""Names that come from below ui (registries of views, losses, optimizers, activations …),
translated where the ui shows them.

The registries live in Qt-free layers and stay English (the CLI and the files use them).
Their labels are listed here once, marked for `pyside6-lupdate` in the context "Names";
`tr_name()` looks one up at display time. A test checks that every registry label is listed.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

CONTEXT = "Names"

LABELS = (
    # workspace.views
    QT_TRANSLATE_NOOP("Names", "Window"),
    QT_TRANSLATE_NOOP("Names", "Landscape"),
    QT_TRANSLATE_NOOP("Names", "Loss curve"),
    QT_TRANSLATE_NOOP("Names", "Network"),
    QT_TRANSLATE_NOOP("Names", "Data"),
    QT_TRANSLATE_NOOP("Names", "3-D surface"),
    QT_TRANSLATE_NOOP("Names", "Loss along a line"),
    # neuron roles (engine.network)
    QT_TRANSLATE_NOOP("Names", "input"),
    QT_TRANSLATE_NOOP("Names", "hidden"),
    QT_TRANSLATE_NOOP("Names", "output"),
    # engine.activations
    QT_TRANSLATE_NOOP("Names", "Linear"),
    QT_TRANSLATE_NOOP("Names", "Sigmoid"),
    QT_TRANSLATE_NOOP("Names", "Tanh"),
    QT_TRANSLATE_NOOP("Names", "ReLU"),
    QT_TRANSLATE_NOOP("Names", "Leaky ReLU"),
    QT_TRANSLATE_NOOP("Names", "Softplus"),
    QT_TRANSLATE_NOOP("Names", "Sine"),
    # engine.losses
    QT_TRANSLATE_NOOP("Names", "½ squared error"),
    QT_TRANSLATE_NOOP("Names", "squared error"),
    QT_TRANSLATE_NOOP("Names", "binary cross-entropy (on logits)"),
    QT_TRANSLATE_NOOP("Names", "softmax cross-entropy"),
    QT_TRANSLATE_NOOP("Names", "sum"),
    QT_TRANSLATE_NOOP("Names", "mean"),
    QT_TRANSLATE_NOOP("Names", "none"),
    QT_TRANSLATE_NOOP("Names", "l1"),
    QT_TRANSLATE_NOOP("Names", "l2"),
    # engine.optimizers: hyper-parameters (the optimizers' own names are proper names)
    QT_TRANSLATE_NOOP("Names", "learning rate"),
    QT_TRANSLATE_NOOP("Names", "weight decay"),
    QT_TRANSLATE_NOOP("Names", "momentum"),
    QT_TRANSLATE_NOOP("Names", "dampening"),
    QT_TRANSLATE_NOOP("Names", "Nesterov"),
    QT_TRANSLATE_NOOP("Names", "lr decay"),
    QT_TRANSLATE_NOOP("Names", "initial accumulator"),
    QT_TRANSLATE_NOOP("Names", "ε"),
    QT_TRANSLATE_NOOP("Names", "α (decay)"),
    QT_TRANSLATE_NOOP("Names", "β₁"),
    QT_TRANSLATE_NOOP("Names", "β₂"),
    QT_TRANSLATE_NOOP("Names", "AMSGrad"),
    QT_TRANSLATE_NOOP("Names", "centred"),
    QT_TRANSLATE_NOOP("Names", "SGD"),
    QT_TRANSLATE_NOOP("Names", "Momentum"),
    QT_TRANSLATE_NOOP("Names", "Adagrad"),
    QT_TRANSLATE_NOOP("Names", "RMSprop"),
    QT_TRANSLATE_NOOP("Names", "Adam"),
    QT_TRANSLATE_NOOP("Names", "AdamW"),
)


def tr_name(text: str) -> str:
    """`text`, a registry's English label, in the interface's language."""
    return QCoreApplication.translate(CONTEXT, text)
