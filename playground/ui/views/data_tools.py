"""The data view's quick controls: what a click adds, clear, noise and train-ratio sliders,
and the "discretize output" and "show test data" toggles. They only ask (signals); the
window's data-editing part turns each request into an undoable edit."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QSlider,
    QToolButton,
    QWidget,
)

from playground.engine.datasets import GENERATORS
from playground.engine.function_data import TYPED
from playground.io.document import Document
from playground.ui import style
from playground.ui.views.class_colours import class_colour

FIXED = ("sigmoid-neuron", "linear-regression")  # generators whose points are a worked example


def _dot(colour: str) -> QIcon:
    pix = QPixmap(12, 12)
    pix.fill(QColor(colour))
    return QIcon(pix)


def percent_slider(low: int, high: int) -> QSlider:
    """A slider in whole percent that reports on release (one edit per drag)."""
    s = QSlider(Qt.Orientation.Horizontal)
    s.setRange(low, high)
    s.setSingleStep(1)
    s.setPageStep(10)
    s.setTracking(False)
    s.setMinimumWidth(60)
    return s


class DataTools(QWidget):
    """Controls above the data view's plot."""

    clear_requested = Signal()
    function_requested = Signal()
    noise_requested = Signal(float)
    split_requested = Signal(float)
    display_requested = Signal(bool, bool)  # discretize, show test data

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._loading = False
        self.add_label = QLabel(self.tr("add"))
        self.add_class = QComboBox()
        self.add_class.setToolTip(self.tr(
            "The class of a point added by a click (right-click adds the next class)"))
        self.add_value = QDoubleSpinBox()
        self.add_value.setRange(-1e6, 1e6)
        self.add_value.setDecimals(3)
        self.add_value.setValue(1.0)
        self.add_value.setToolTip(self.tr(
            "The target of a point added by a click (right-click adds its negative)"))
        self.clear = QToolButton()
        self.clear.setText(self.tr("Clear"))
        self.clear.setToolTip(self.tr("Remove every point, then click to draw your own"))
        self.function = QToolButton()
        self.function.setText(self.tr("f(x)…"))
        self.function.setToolTip(self.tr(
            "Data from a function you type: a curve y = f(x), or a boundary x2 > f(x1)"))
        self.discretize = QCheckBox(self.tr("discretize"))
        self.discretize.setToolTip(self.tr(
            "Show the class the model says (or the sign of its output), not its value"))
        self.show_test = QCheckBox(self.tr("test data"))
        self.show_test.setToolTip(self.tr("Show the held-out test points (hollow)"))
        self.noise_label = QLabel("")
        self.noise = percent_slider(0, 100)
        self.noise.setToolTip(self.tr("Noise of the generated points"))
        self.split_label = QLabel("")
        self.split = percent_slider(10, 100)
        self.split.setToolTip(self.tr("Share of the points the model trains on; the rest test"))
        for label in (self.noise_label, self.split_label):
            label.setStyleSheet(f"color: {style.MUTED};")
            label.setMinimumWidth(label.fontMetrics().horizontalAdvance("train 100%") + 4)
        self.hint = self.tr("Click: add a point (right-click: the next class) · drag a point: "
                            "move it · Ctrl+click: select more · Delete: remove the selected")
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        for w in (self.add_label, self.add_class, self.add_value, self.clear, self.function):
            top.addWidget(w)
        top.addStretch(1)
        top.addWidget(self.discretize)
        top.addWidget(self.show_test)
        sliders = QGridLayout()
        sliders.setContentsMargins(0, 0, 0, 0)
        sliders.addWidget(self.noise_label, 0, 0)
        sliders.addWidget(self.noise, 0, 1)
        sliders.addWidget(self.split_label, 0, 2)
        sliders.addWidget(self.split, 0, 3)
        sliders.setColumnStretch(1, 1)
        sliders.setColumnStretch(3, 1)
        layout = QGridLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.setVerticalSpacing(2)
        layout.addLayout(top, 0, 0)
        layout.addLayout(sliders, 1, 0)
        self.clear.clicked.connect(self.clear_requested)
        self.function.clicked.connect(self.function_requested)
        self.noise.valueChanged.connect(self._noise_changed)
        self.split.valueChanged.connect(self._split_changed)
        self.noise.sliderMoved.connect(lambda v: self._show_values(v, self.split.value()))
        self.split.sliderMoved.connect(lambda v: self._show_values(self.noise.value(), v))
        self.discretize.toggled.connect(self._display_changed)
        self.show_test.toggled.connect(self._display_changed)

    # ------------------------------------------------------------------ document in
    def load(self, doc: Document, kind: str, n_outputs: int, classes: tuple[str, ...],
             drawable: bool, curve: bool) -> None:
        """Show `doc`'s settings; `drawable`: a click can add a point here; `curve`: a click
        gives the target itself (a regression over one input)."""
        self._loading = True
        try:
            d = doc.data
            info = GENERATORS.get(d.generator or "") or TYPED.get(d.generator or "")
            defaults = info.defaults if info else {}
            self.add_class.clear()
            if kind == "classification":
                names = classes or tuple(str(k) for k in range(max(2, n_outputs)))
                for k, name in enumerate(names):
                    two = n_outputs == 1
                    colour = (style.POSITIVE if k else style.NEGATIVE) if two else class_colour(k)
                    self.add_class.addItem(_dot(colour), name, k)
                self.add_class.setCurrentIndex(min(1, self.add_class.count() - 1))
            regression = kind != "classification"
            self.add_class.setVisible(not regression)
            self.add_value.setVisible(regression and not curve)
            self.add_label.setVisible(drawable and not (regression and curve))
            for w in (self.add_class, self.add_value, self.clear):
                w.setEnabled(drawable)
            self.clear.setEnabled(drawable and not d.is_empty())
            generated = d.generator is not None and d.generator not in FIXED
            noise = d.noise if d.noise is not None else defaults.get("noise", 0.0)
            self.noise.setEnabled(generated)
            self.noise.setValue(round(100 * min(float(noise or 0.0), 1.0)))
            n, n_train = _sizes(doc)
            share = n_train / n if n else (d.train_fraction or 1.0)
            self.split.setEnabled(d.generator not in FIXED and n > 1)
            self.split.setValue(round(100 * share))
            self.discretize.setChecked(doc.data_view.discretize)
            self.show_test.setChecked(doc.data_view.show_test)
            self._show_values(self.noise.value(), self.split.value())
        finally:
            self._loading = False

    def load_display(self, discretize: bool, show_test: bool) -> None:
        """Show the display settings without asking for anything."""
        self._loading = True
        try:
            self.discretize.setChecked(discretize)
            self.show_test.setChecked(show_test)
        finally:
            self._loading = False

    def _show_values(self, noise: int, split: int) -> None:
        self.noise_label.setText(self.tr("noise {n}%").format(n=noise))
        self.split_label.setText(self.tr("train {n}%").format(n=split))

    def new_point_value(self, right: bool) -> float:
        """The class (or target) a click adds: the chosen one, or with the right button the
        next class (the negative value)."""
        if self.add_class.isVisible() or not self.add_value.isVisible():
            k = int(self.add_class.currentData() or 0)
            n = max(self.add_class.count(), 1)
            return float((k + 1) % n if right else k)
        v = self.add_value.value()
        return -v if right else v

    # ------------------------------------------------------------------ out
    def _noise_changed(self, v: int) -> None:
        self._show_values(v, self.split.value())
        if not self._loading:
            self.noise_requested.emit(v / 100.0)

    def _split_changed(self, v: int) -> None:
        self._show_values(self.noise.value(), v)
        if not self._loading:
            self.split_requested.emit(v / 100.0)

    def _display_changed(self) -> None:
        if not self._loading:
            self.display_requested.emit(self.discretize.isChecked(), self.show_test.isChecked())


def _sizes(doc: Document) -> tuple[int, int]:
    try:
        return doc.data.sizes()
    except ValueError:
        return 0, 0
