"""The wheel over an unfocused spin box, combo box or slider scrolls the panel, not the value."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import (
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDoubleSpinBox,
    QScrollArea,
    QSpinBox,
    QWidget,
)

from playground.ui.main_window import MainWindow
from tests.ui.conftest import xor_document


def wheel(widget, steps: int = -1) -> None:
    """One notch of the wheel over the middle of `widget` (negative: towards the user)."""
    pos = QPointF(widget.width() / 2, widget.height() / 2)
    event = QWheelEvent(pos, widget.mapToGlobal(pos), QPoint(0, 0), QPoint(0, 120 * steps),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
                        Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(widget, event)


def value(w) -> object:
    if isinstance(w, QComboBox):
        return w.currentIndex()
    if isinstance(w, QSpinBox | QDoubleSpinBox | QAbstractSlider):
        return w.value()
    return w.text()


def test_wheel_over_unfocused_controls_changes_nothing_and_scrolls_the_panel(qtbot):
    w = MainWindow(xor_document(optimizer="adam"))
    qtbot.addWidget(w)
    w.resize(1024, 700)
    w.show()
    qtbot.waitUntil(lambda: w.controller.latest is not None, timeout=5000)
    panel = w.controls
    scroll = next(a for a in w.findChildren(QScrollArea) if a.widget() is panel)
    w.setFocus()
    controls = [c for c in panel.findChildren(QWidget)
                if isinstance(c, QAbstractSpinBox | QComboBox | QAbstractSlider)
                and c.isVisible() and c.isEnabled()]
    assert len(controls) >= 12  # adam's own settings included: they are built later
    scroll.verticalScrollBar().setValue(0)
    before = {id(c): value(c) for c in controls}
    document = w.controller.document
    for c in controls:
        assert not c.hasFocus()
        for steps in (-1, 1, -1):
            wheel(c, steps)
            if isinstance(c, QAbstractSpinBox):
                wheel(c.findChild(type(c.lineEdit())), steps)  # over the text inside too
    QApplication.processEvents()
    changed = [type(c).__name__ for c in controls if value(c) != before[id(c)]]
    assert not changed
    assert all(c.focusPolicy() == Qt.FocusPolicy.StrongFocus for c in controls)
    assert w.controller.document is document  # no setting was sent
    assert scroll.verticalScrollBar().maximum() > 0
    wheel(controls[0], -3)
    assert scroll.verticalScrollBar().value() > 0  # the panel scrolled instead
    w.close()


def test_a_focused_spin_box_still_takes_the_wheel(qtbot):
    w = MainWindow(xor_document())
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(lambda: w.controller.latest is not None, timeout=5000)
    spin = w.controls.lr.spin  # (the pace is a slider now)
    spin.setFocus()
    qtbot.waitUntil(spin.hasFocus, timeout=2000)
    before = spin.value()
    wheel(spin, 1)
    assert spin.value() != before
    w.close()
