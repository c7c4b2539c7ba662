"""The pace control: named speeds from one step a second to as fast as possible.

Presets on a logarithmic scale (1, 3, 10, 30, 100, 1000 steps/s, then Max) on a
slider with a readout; Faster and Slower actions ( ] and [ ) step through them.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSlider, QWidget

from playground.ui.training.worker import DEFAULT_SPEED

PRESETS: tuple[float | None, ...] = (1.0, 3.0, 10.0, 30.0, 100.0, 1000.0, None)  # None: Max


def pace_text(pace: float | None) -> str:
    """'30 steps/s', '1 step/s' or 'Max'."""
    if pace is None:
        return QCoreApplication.translate("Pace", "Max")
    n = f"{pace:,.0f}" if pace >= 1 else f"{pace:g}"
    return (
        QCoreApplication.translate("Pace", "{n} step/s").format(n=n)
        if pace == 1
        else QCoreApplication.translate("Pace", "{n} steps/s").format(n=n)
    )


def preset_index(pace: float | None) -> int:
    """The preset nearest `pace` on a log scale (Max for None or anything above 1000)."""
    if pace is None or pace <= 0:
        return len(PRESETS) - 1
    finite = [p for p in PRESETS if p is not None]
    ratios = [abs(pace / p - 1) if pace >= p else abs(p / pace - 1) for p in finite]
    if pace > 2 * finite[-1]:
        return len(PRESETS) - 1
    return int(min(range(len(finite)), key=ratios.__getitem__))


class PaceControl(QWidget):
    """A slider over the presets with the pace in words; `changed` carries steps/s or None."""

    changed = Signal(object)  # float | None

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(0, len(PRESETS) - 1)
        self.slider.setPageStep(1)
        self.slider.setTickPosition(QSlider.TickPosition.TicksBelow)
        self.slider.setTickInterval(1)
        self.slider.setToolTip(self.tr("Steps per second: 1, 3, 10, 30, 100, 1000 or Max "
                                       "(as fast as possible). Faster: ]  Slower: ["))
        self.label = QLabel("")
        self.label.setMinimumWidth(
            self.label.fontMetrics().horizontalAdvance(self.tr("1,000 steps/s")) + 4
        )
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.slider, 1)
        layout.addWidget(self.label)
        self.faster_action = QAction(self.tr("Faster"), self)
        self.faster_action.setShortcuts([QKeySequence("]"), QKeySequence("+")])
        self.faster_action.setStatusTip(self.tr("Train at the next faster pace"))
        self.faster_action.triggered.connect(self.faster)
        self.slower_action = QAction(self.tr("Slower"), self)
        self.slower_action.setShortcuts([QKeySequence("["), QKeySequence("-")])
        self.slower_action.setStatusTip(self.tr("Train at the next slower pace"))
        self.slower_action.triggered.connect(self.slower)
        for act in (self.faster_action, self.slower_action):
            act.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.slider.valueChanged.connect(self._moved)
        self.set_value(DEFAULT_SPEED)

    def actions_for_menu(self) -> list[QAction]:
        return [self.faster_action, self.slower_action]

    def value(self) -> float | None:
        return PRESETS[self.slider.value()]

    def set_value(self, pace: float | None) -> None:
        """Show the preset nearest `pace` without announcing a change."""
        self.slider.blockSignals(True)
        self.slider.setValue(preset_index(pace))
        self.slider.blockSignals(False)
        self._show()

    def faster(self) -> None:
        self.slider.setValue(min(self.slider.value() + 1, self.slider.maximum()))

    def slower(self) -> None:
        self.slider.setValue(max(self.slider.value() - 1, 0))

    def _show(self) -> None:
        self.label.setText(pace_text(self.value()))
        self.faster_action.setEnabled(self.slider.value() < self.slider.maximum())
        self.slower_action.setEnabled(self.slider.value() > 0)

    def _moved(self, _index: int) -> None:
        self._show()
        self.changed.emit(self.value())
