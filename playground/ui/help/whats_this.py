"""What's This texts (Shift+F1, then a click) for the controls and the views."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import QDockWidget, QWidget

from playground.ui.help.pages import PAGES_BY_KEY, page_html

# Attribute of the controls panel -> what that control does.
CONTROLS = {
    "play": QT_TRANSLATE_NOOP(
        "WhatsThis",
        "Start or pause training (Space). Training runs in the background; every view "
        "follows it live.",
    ),
    "step": QT_TRANSLATE_NOOP(
        "WhatsThis", "Make one update of the parameters (S): one batch, one step downhill."
    ),
    "epoch": QT_TRANSLATE_NOOP(
        "WhatsThis", "Train until every training point has been used once (Shift+Space)."
    ),
    "reset": QT_TRANSLATE_NOOP(
        "WhatsThis", "Back to the starting parameters; the history and the path are cleared (R)."
    ),
    "lr": QT_TRANSLATE_NOOP(
        "WhatsThis",
        "The learning rate: how far each step moves against the gradient. Too small "
        "crawls; too large overshoots and can diverge. It changes while training runs.",
    ),
    "speed": QT_TRANSLATE_NOOP(
        "WhatsThis",
        "Steps per second. 0 trains as fast as the computer can; 1 lets you follow "
        "every single step on the landscape.",
    ),
    "loss": QT_TRANSLATE_NOOP(
        "WhatsThis", "What is minimised: how wrong a prediction is, per sample."
    ),
    "reduction": QT_TRANSLATE_NOOP(
        "WhatsThis",
        "mean averages the per-sample losses over the batch, sum adds them up "
        "(so the gradient grows with the batch).",
    ),
    "optimizer": QT_TRANSLATE_NOOP(
        "WhatsThis",
        "How each step uses the gradient: plain SGD, with momentum, or adaptive "
        "(Adam, RMSprop …) with a step size per parameter.",
    ),
    "batch": QT_TRANSLATE_NOOP(
        "WhatsThis",
        "How many training points each step looks at. All: full-batch gradient "
        "descent, the same step every time; fewer: noisier, cheaper steps.",
    ),
    "regularizer": QT_TRANSLATE_NOOP(
        "WhatsThis",
        "A penalty on large weights added to the loss (L2 pulls every weight "
        "towards 0, L1 pushes small ones to exactly 0).",
    ),
    "reg_rate": QT_TRANSLATE_NOOP(
        "WhatsThis", "How strongly the penalty counts against the data's loss."
    ),
    "hidden_act": QT_TRANSLATE_NOOP(
        "WhatsThis",
        "The activation of every hidden neuron: the bend that lets the network "
        "draw curved boundaries.",
    ),
    "output_act": QT_TRANSLATE_NOOP(
        "WhatsThis",
        "The activation of the output neurons (linear for regression, or logits "
        "for the cross-entropy loss).",
    ),
    "dataset": QT_TRANSLATE_NOOP(
        "WhatsThis", "The points to learn from, made by a named generator with a seed."
    ),
    "noise": QT_TRANSLATE_NOOP(
        "WhatsThis", "How much the points are scattered around the pattern."
    ),
    "train_fraction": QT_TRANSLATE_NOOP(
        "WhatsThis",
        "The share of the points used for training; the rest test how well "
        "the network generalises.",
    ),
    "regenerate": QT_TRANSLATE_NOOP("WhatsThis", "New points from the next seed, same pattern."),
}


def apply_whats_this(controls: QWidget, landscape_view: QWidget,
                     docks: dict[str, QDockWidget]) -> None:
    """Give the controls, the landscape and every dock their What's This text."""
    for name, text in CONTROLS.items():
        widget = getattr(controls, name, None)
        if isinstance(widget, QWidget):
            widget.setWhatsThis(QCoreApplication.translate("WhatsThis", text))
    for feature, box in getattr(controls, "features", {}).items():
        box.setWhatsThis(
            QCoreApplication.translate(
                "WhatsThis",
                "Feed the input feature {feature} to the network. Features such as x1² "
                "let even a network without hidden neurons draw curves.",
            ).format(feature=feature)
        )
    landscape_view.setWhatsThis(page_html(PAGES_BY_KEY["landscape"]))
    for key, dock in docks.items():
        page = PAGES_BY_KEY.get(key)
        if page is not None:
            dock.setWhatsThis(page_html(page))
            if dock.widget() is not None and not dock.widget().whatsThis():
                dock.widget().setWhatsThis(page_html(page))
