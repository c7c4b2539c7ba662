"""The landscape's two axis parameters, as the editor reads and chooses them.

Choosing goes through the landscape view's own combo boxes, so it is exactly
what picking the parameters there does (settings saved in the document, a new
surface asked for).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from playground.ui.views.landscape_view import LandscapeView


def landscape_axes(view: LandscapeView) -> tuple[str, ...]:
    """The two parameters the landscape shows as axes, or () for another kind of plane."""
    if not (view.exact or view.mode.currentData() == "axes"):
        return ()
    x, y = view.x_param.currentText(), view.y_param.currentText()
    return (x, y) if x and y else ()


def use_as_axis(view: LandscapeView, name: str, which: int) -> str | None:
    """Show parameter `name` on the x (0) or y (1) axis; why not, or None when done."""
    if name not in view.names:
        return QCoreApplication.translate(
            "Axes", "{name} is not a parameter of the network training now"
        ).format(name=name)
    if view.exact:
        return QCoreApplication.translate(
            "Axes", "The landscape already shows both parameters of this network"
        )
    axes = [view.x_param.currentText(), view.y_param.currentText()]
    other = 1 - which
    if axes[other] == name:
        axes[other] = axes[which]  # the two swap places
    axes[which] = name
    index = view.mode.findData("axes")
    if view.mode.currentIndex() != index:
        view.mode.setCurrentIndex(index)
    # The other combo first: the two may never be left naming the same parameter.
    combos = (view.x_param, view.y_param)
    combos[other].setCurrentText(axes[other])
    combos[which].setCurrentText(axes[which])
    return None
