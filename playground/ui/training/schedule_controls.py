"""The learning-rate schedule controls: kind, its settings, warm-up, and a small preview of lr."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QSizePolicy,
    QSpinBox,
    QWidget,
)

from playground.engine.schedules import KINDS, Schedule, ScheduleError
from playground.ui import style
from playground.ui.qt import pg

LABELS = {
    "constant": QT_TRANSLATE_NOOP("ScheduleControls", "constant"),
    "step": QT_TRANSLATE_NOOP("ScheduleControls", "step decay"),
    "exponential": QT_TRANSLATE_NOOP("ScheduleControls", "exponential"),
    "cosine": QT_TRANSLATE_NOOP("ScheduleControls", "cosine"),
}
SETTING_LABELS = {
    "every": QT_TRANSLATE_NOOP("ScheduleControls", "every (steps)"),
    "gamma": QT_TRANSLATE_NOOP("ScheduleControls", "× gamma"),
    "period": QT_TRANSLATE_NOOP("ScheduleControls", "period (steps)"),
    "floor": QT_TRANSLATE_NOOP("ScheduleControls", "floor (share of lr)"),
}
PREVIEW_STEPS = 200


def preview_steps(schedule: Schedule) -> int:
    """How many steps the preview shows: enough to see the shape."""
    span = {"step": 4 * schedule.setting("every") if schedule.kind == "step" else 0,
            "cosine": 1.25 * schedule.setting("period") if schedule.kind == "cosine" else 0,
            }.get(schedule.kind, PREVIEW_STEPS)
    return int(min(max(span + schedule.warmup, 20), 100_000))


class ScheduleControls(QWidget):
    """Edits a Schedule; `changed` carries the new one (nothing is sent while loading)."""

    changed = Signal(object)  # Schedule

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._loading = False
        self.base_lr = 0.01
        self.kind = QComboBox()
        for key in KINDS:
            self.kind.addItem(
                QCoreApplication.translate("ScheduleControls", LABELS.get(key, key)), key
            )
        self.warmup = QSpinBox()
        self.warmup.setRange(0, 1_000_000)
        self.warmup.setSpecialValueText(self.tr("none"))
        self.warmup.setSuffix(self.tr(" steps"))
        self.warmup.setToolTip(
            self.tr("Climb linearly to the full rate over this many steps first")
        )
        self.warmup.setKeyboardTracking(False)
        self.settings: dict[str, QDoubleSpinBox] = {}
        self.form = QFormLayout(self)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.form.addRow(self.tr("schedule"), self.kind)
        self.plot = pg.PlotWidget()
        self.plot.setBackground(style.BACKGROUND)
        self.plot.setFixedHeight(70)
        # Its default size hint is wide: let the panel's width decide.
        self.plot.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.plot.setMinimumWidth(120)
        self.plot.setMouseEnabled(False, False)
        self.plot.hideButtons()
        self.plot.getPlotItem().setMenuEnabled(False)
        self.plot.getAxis("left").setWidth(36)
        self.plot.setToolTip(self.tr("The learning rate over the coming steps"))
        self.curve = self.plot.plot(pen=pg.mkPen(style.TRAIN, width=2))
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.warmup.valueChanged.connect(lambda _: self._emit())
        self._rows(Schedule())
        self.form.addRow(self.tr("warm-up"), self.warmup)
        self.form.addRow(self.plot)

    def _rows(self, schedule: Schedule) -> None:
        for w in self.settings.values():
            self.form.removeRow(w)
        self.settings = {}
        for k, key in enumerate(KINDS[schedule.kind]):
            w = QDoubleSpinBox()
            if key in ("every", "period"):
                w.setDecimals(0)
                w.setRange(1, 1_000_000)
            else:
                w.setDecimals(4)
                w.setRange(0.0001 if key == "gamma" else 0.0, 1.0)
                w.setSingleStep(0.05)
            w.setValue(schedule.setting(key))
            w.setKeyboardTracking(False)
            w.valueChanged.connect(lambda _: self._emit())
            self.settings[key] = w
            self.form.insertRow(
                1 + k,
                QCoreApplication.translate("ScheduleControls", SETTING_LABELS.get(key, key)),
                w,
            )

    def schedule(self) -> Schedule:
        params = {k: w.value() for k, w in self.settings.items()}
        return Schedule(self.kind.currentData(), params, self.warmup.value())

    def load(self, schedule: Schedule, base_lr: float) -> None:
        """Show `schedule` for a base rate, sending nothing."""
        self._loading = True
        try:
            self.base_lr = base_lr
            i = self.kind.findData(schedule.kind)
            self.kind.setCurrentIndex(i)
            self._rows(schedule)
            self.warmup.setValue(schedule.warmup)
        finally:
            self._loading = False
        self._preview(schedule)

    def set_base_lr(self, base_lr: float) -> None:
        """The base rate changed (the lr control): redraw the preview for it."""
        if base_lr != self.base_lr:
            self.base_lr = base_lr
            try:
                self._preview(self.schedule())
            except ScheduleError:
                pass

    def _kind_changed(self) -> None:
        if self._loading:
            return
        self._rows(Schedule(self.kind.currentData()))
        self._emit()

    def _emit(self) -> None:
        if self._loading:
            return
        try:
            schedule = self.schedule()
        except ScheduleError:
            return  # the spin boxes' ranges keep every value valid; nothing to send
        self._preview(schedule)
        self.changed.emit(schedule)

    def _preview(self, schedule: Schedule) -> None:
        n = preview_steps(schedule)
        rates = schedule.preview(self.base_lr, n)
        self.curve.setData(range(n), rates)
        top = max(max(rates, default=0.0), 1e-12)
        self.plot.setYRange(0.0, top * 1.1, padding=0)
        # Two labelled ticks, 0 and the highest rate: automatic ones at 70 pixels high
        # showed only "0" for a rate of 0.005 or less.
        self.plot.getAxis("left").setTicks([[(0.0, "0"), (top, f"{top:.2g}")], []])
        self.plot.setXRange(0, max(n - 1, 1), padding=0.02)
