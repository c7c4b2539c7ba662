"""Data from a typed function: a curve y = f(x) with noise, or a boundary (class 1 where
x2 > f(x1)). The text is checked as it is typed with the function documents' parser; a bad
one shows its column with a caret under it and OK waits."""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from playground.engine.function_data import TYPED, generate_typed
from playground.io.document import DataSpec
from playground.ui import style

CHECK_POINTS = 400  # points the text is tried on while typing (a full set is made on OK)


class FunctionDataDialog(QDialog):
    """The kind, the function, the number of points and the noise."""

    def __init__(self, current: DataSpec, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Data from a function"))
        self.kind = QComboBox()
        self.kind.addItem(self.tr("curve: y = f(x) plus noise"), "curve")
        self.kind.addItem(self.tr("boundary: class 1 where x2 > f(x1)"), "boundary")
        mono = QFont("DejaVu Sans Mono")
        self.text = QLineEdit()
        self.text.setFont(mono)
        self.text.setToolTip(self.tr(
            "One expression in x (a curve) or x1 (a boundary): numbers, + - * / **, sin cos "
            "tan exp log sqrt abs tanh sigmoid relu softplus min max, pi, e"))
        self.points = QSpinBox()
        self.points.setRange(1, 100_000)
        self.noise = QDoubleSpinBox()
        self.noise.setRange(0.0, 1.0)
        self.noise.setSingleStep(0.05)
        self.error = QLabel("")
        self.error.setFont(mono)
        self.error.setStyleSheet(f"color: {style.BANNER_FG};")
        self.error.setWordWrap(False)
        # A long message must not widen the dialog past the screen: the caret line is
        # already a window around the column (engine.expression.SHOWN characters).
        self.error.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.error.setMinimumHeight(self.error.fontMetrics().lineSpacing() * 3 + 4)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("kind"), self.kind)
        form.addRow(self.tr("f ="), self.text)
        form.addRow(self.tr("points"), self.points)
        form.addRow(self.tr("noise"), self.noise)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        typed = TYPED.get(current.generator or "")
        if typed is not None:
            self.kind.setCurrentIndex(self.kind.findData(typed.name))
            self.text.setText(current.expression or typed.example)
        self._load_defaults(keep_text=typed is not None)
        if typed is not None:
            if current.n_points is not None:
                self.points.setValue(current.n_points)
            if current.noise is not None:
                self.noise.setValue(current.noise)
        self.kind.currentIndexChanged.connect(lambda _: self._load_defaults())
        self.text.textChanged.connect(self.check)
        self.points.valueChanged.connect(self.check)
        self.noise.valueChanged.connect(self.check)
        self.setMinimumWidth(self.error.fontMetrics().horizontalAdvance("m" * 60))
        self.resize(self.minimumWidth(), 0)
        self.check()

    def name(self) -> str:
        return self.kind.currentData()

    def _load_defaults(self, keep_text: bool = False) -> None:
        gen = TYPED[self.name()]
        if not keep_text:
            self.text.setText(gen.example)
        self.points.setValue(int(gen.defaults["n_points"]))
        self.noise.setValue(float(gen.defaults["noise"]))
        self.check()

    def check(self) -> bool:
        """Try the text (on a few points); show why it is refused, OK only when it is not."""
        try:
            generate_typed(self.name(), self.text.text(), n_points=CHECK_POINTS,
                           noise=self.noise.value())
        except ValueError as e:
            render = getattr(e, "render", None)
            text = render() if render is not None else str(e)
            # The dialog shows one line: "column 7: …", the expression and the caret.
            self.error.setText(text.replace("line 1, ", ""))
            self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)
            return False
        self.error.setText("")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(True)
        return True
