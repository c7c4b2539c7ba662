"""The controls panel: run buttons, learning rate, network, loss, optimizer, data, speed.

Every setting change builds a new document (`document_edits`) and hands it to
the training controller in order; the learning rate and the speed go straight
to the running worker without a restart.
"""

from __future__ import annotations

import math

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSlider,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from playground.engine.activations import ACTIVATIONS
from playground.engine.datasets import FEATURE_LABELS, FEATURES, GENERATORS
from playground.engine.function_data import TYPED
from playground.engine.losses import LOSSES, REDUCTIONS, REGULARIZERS
from playground.engine.optimizers import HYPER_PARAMS, OPTIMIZERS
from playground.io.document import Document
from playground.ui.names import tr_name
from playground.ui.training.commands import DocumentEditCommand, LearningRateCommand
from playground.ui.training.pace import PaceControl
from playground.ui.training.schedule_controls import ScheduleControls
from playground.ui.training.worker import Snapshot, TrainingController
from playground.workspace import document_edits as edits
from playground.workspace.data_edits import set_typed_data

LR_MIN, LR_MAX = HYPER_PARAMS["lr"].low, HYPER_PARAMS["lr"].high
LR_TICKS = 600  # slider positions between LR_MIN and LR_MAX (100 per decade)



def lr_to_tick(lr: float) -> int:
    lr = min(max(lr, LR_MIN), LR_MAX)
    span = math.log10(LR_MAX) - math.log10(LR_MIN)
    return round((math.log10(lr) - math.log10(LR_MIN)) / span * LR_TICKS)


def tick_to_lr(tick: int) -> float:
    span = math.log10(LR_MAX) - math.log10(LR_MIN)
    value = 10 ** (math.log10(LR_MIN) + tick / LR_TICKS * span)
    return float(f"{value:.3g}")  # 0.0316, not 0.031622776601683784


class LearningRate(QWidget):
    """A logarithmic slider from 1e-5 to 10 tied to a spin box."""

    changed = Signal(float)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(0, LR_TICKS)
        self.slider.setPageStep(LR_TICKS // 12)
        self.spin = QDoubleSpinBox()
        self.spin.setDecimals(HYPER_PARAMS["lr"].decimals)
        self.spin.setRange(LR_MIN, LR_MAX)
        self.spin.setStepType(QDoubleSpinBox.StepType.AdaptiveDecimalStepType)
        self.spin.setKeyboardTracking(False)
        self.spin.setMinimumWidth(84)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.slider, 1)
        layout.addWidget(self.spin)
        self.slider.valueChanged.connect(self._from_slider)
        self.spin.valueChanged.connect(self._from_spin)

    def value(self) -> float:
        return self.spin.value()

    def set_value(self, lr: float) -> None:
        """Show `lr` without announcing a change."""
        for w in (self.slider, self.spin):
            w.blockSignals(True)
        self.spin.setValue(lr)
        self.slider.setValue(lr_to_tick(lr))
        for w in (self.slider, self.spin):
            w.blockSignals(False)

    def _from_slider(self, tick: int) -> None:
        lr = tick_to_lr(tick)
        self.spin.blockSignals(True)
        self.spin.setValue(lr)
        self.spin.blockSignals(False)
        self.changed.emit(lr)

    def _from_spin(self, lr: float) -> None:
        self.slider.blockSignals(True)
        self.slider.setValue(lr_to_tick(lr))
        self.slider.blockSignals(False)
        self.changed.emit(lr)


def _combo(items: dict[str, str] | list[str]) -> QComboBox:
    combo = QComboBox()
    pairs = items.items() if isinstance(items, dict) else ((i, i) for i in items)
    for data, text in pairs:
        combo.addItem(text, data)
    return combo


def _select(combo: QComboBox, data: object) -> None:
    i = combo.findData(data)
    if i >= 0:
        combo.setCurrentIndex(i)


class ControlsPanel(QWidget):
    """Buttons and settings; edits go to the controller as new documents."""

    def __init__(self, controller: TrainingController, undo_stack: QUndoStack,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.controller = controller
        self.undo_stack = undo_stack  # every edit of a setting is a command here
        self.document: Document | None = None
        self._loading = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(8)
        layout.addWidget(self._run_box())
        layout.addWidget(self._training_box())
        self.network_box = self._network_box()
        self.data_box = self._data_box()
        layout.addWidget(self.network_box)
        layout.addWidget(self.data_box)
        layout.addStretch(1)
        controller.document_changed.connect(self.load)
        # A refused edit leaves the document as it was: show that again.
        controller.failed.connect(lambda _why: self.load(controller.document)
                                  if controller.document is not None else None)
        controller.snapshot.connect(self.show_snapshot)
        if controller.document is not None:
            self.load(controller.document)

    # ------------------------------------------------------------------ sections
    def _run_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Run"))
        self.play = QPushButton(self.tr("Play"))
        self.play.setToolTip(self.tr("Play / pause (Space)"))
        self.step = QPushButton(self.tr("Step"))
        self.step.setToolTip(self.tr("One update (S); one epoch: Shift+Space"))
        self.epoch = QPushButton(self.tr("Epoch"))
        self.epoch.setToolTip(self.tr("Train to the end of the epoch (Shift+Space)"))
        self.reset = QPushButton(self.tr("Reset"))
        self.reset.setToolTip(self.tr("Back to the starting parameters, history cleared (R)"))
        self.speed = PaceControl()
        self.lr = LearningRate()
        grid = QGridLayout()
        for k, b in enumerate((self.play, self.step, self.epoch, self.reset)):
            grid.addWidget(b, 0, k)
        form = QFormLayout()
        form.addRow(self.tr("learning rate"), self.lr)
        form.addRow(self.tr("pace"), self.speed)
        self.schedule = ScheduleControls()
        v = QVBoxLayout(box)
        v.addLayout(grid)
        v.addLayout(form)
        v.addWidget(self.schedule)
        self.schedule.changed.connect(
            lambda s: self._edit(
                edits.set_schedule(self.document, s),
                self.tr("Set the learning-rate schedule to {describe}").format(
                    describe=s.describe()
                ),
            )
        )
        self.play.clicked.connect(self.controller.toggle)
        self.step.clicked.connect(lambda: self.controller.step(1))
        self.epoch.clicked.connect(self.controller.epoch)
        self.reset.clicked.connect(self.controller.reset)
        self.lr.changed.connect(self._set_lr)
        self.speed.changed.connect(self.controller.set_speed)
        return box

    def _training_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Loss and optimizer"))
        self.loss = _combo({k: tr_name(loss.label) for k, loss in LOSSES.items()})
        self.reduction = _combo({r: tr_name(r) for r in REDUCTIONS})
        self.optimizer = _combo({k: tr_name(opt.label) for k, opt in OPTIMIZERS.items()})
        self.batch = QSpinBox()
        self.batch.setSpecialValueText(self.tr("all (full batch)"))
        self.batch.setKeyboardTracking(False)
        self.regularizer = _combo({r: tr_name(r) for r in REGULARIZERS})
        self.reg_rate = QDoubleSpinBox()
        self.reg_rate.setDecimals(5)
        self.reg_rate.setRange(0.0, 10.0)
        self.reg_rate.setStepType(QDoubleSpinBox.StepType.AdaptiveDecimalStepType)
        self.reg_rate.setKeyboardTracking(False)
        self.hyper_form = QFormLayout()
        self.hyper_widgets: dict[str, QWidget] = {}
        form = QFormLayout(box)
        form.addRow(self.tr("loss"), self.loss)
        form.addRow(self.tr("reduction"), self.reduction)
        form.addRow(self.tr("optimizer"), self.optimizer)
        form.addRow(self.hyper_form)
        form.addRow(self.tr("batch size"), self.batch)
        form.addRow(self.tr("regularisation"), self.regularizer)
        form.addRow(self.tr("rate"), self.reg_rate)
        self.loss.currentIndexChanged.connect(
            lambda: self._edit(
                edits.set_loss(self.document, kind=self.loss.currentData()),
                self.tr("Set loss to {currentText}").format(currentText=self.loss.currentText()),
            )
        )
        self.reduction.currentIndexChanged.connect(
            lambda: self._edit(
                edits.set_loss(self.document, reduction=self.reduction.currentData()),
                self.tr("Set reduction to {currentText}").format(
                    currentText=self.reduction.currentText()
                ),
            )
        )
        self.optimizer.currentIndexChanged.connect(
            lambda: self._edit(
                edits.set_optimizer(self.document, self.optimizer.currentData()),
                self.tr("Set optimizer to {currentText}").format(
                    currentText=self.optimizer.currentText()
                ),
            )
        )
        self.batch.valueChanged.connect(
            lambda v: self._edit(edits.set_batch_size(self.document, v or None),
                                 (self.tr("Set batch size to {size}").format(size=v) if v else
                                  self.tr("Set batch size to all"))))
        self.regularizer.currentIndexChanged.connect(
            lambda: self._edit(
                edits.set_loss(self.document, regularizer=self.regularizer.currentData()),
                self.tr("Set regularisation to {currentText}").format(
                    currentText=self.regularizer.currentText()
                ),
            )
        )
        self.reg_rate.valueChanged.connect(
            lambda v: self._edit(edits.set_loss(self.document, rate=v),
                                 self.tr("Set regularisation rate to {v:g}").format(v=v)))
        return box

    def _network_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Network"))
        names = {k: tr_name(a.label) for k, a in ACTIVATIONS.items()}
        self.hidden_act = _combo(names)
        self.output_act = _combo(names)
        form = QFormLayout(box)
        form.addRow(self.tr("hidden activation"), self.hidden_act)
        form.addRow(self.tr("output activation"), self.output_act)
        self.hidden_act.currentIndexChanged.connect(
            lambda: self._edit(
                edits.set_activation(self.document, "hidden", self.hidden_act.currentData()),
                self.tr("Set hidden activation to {currentText}").format(
                    currentText=self.hidden_act.currentText()
                ),
            )
        )
        self.output_act.currentIndexChanged.connect(
            lambda: self._edit(
                edits.set_activation(self.document, "output", self.output_act.currentData()),
                self.tr("Set output activation to {currentText}").format(
                    currentText=self.output_act.currentText()
                ),
            )
        )
        return box

    def _data_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Data"))
        self.dataset = QComboBox()
        for name, info in GENERATORS.items():
            self.dataset.addItem(name, name)
            self.dataset.setItemData(self.dataset.count() - 1, info.description,
                                     Qt.ItemDataRole.ToolTipRole)
        for name, gen in TYPED.items():
            self.dataset.addItem(self.tr("{name}: typed f").format(name=name), name)
            self.dataset.setItemData(self.dataset.count() - 1, gen.description,
                                     Qt.ItemDataRole.ToolTipRole)
        self.dataset.addItem(self.tr("points in the file"), None)
        self.noise = QDoubleSpinBox()
        self.noise.setRange(0.0, 1.0)
        self.noise.setSingleStep(0.05)
        self.noise.setKeyboardTracking(False)
        self.train_fraction = QDoubleSpinBox()
        self.train_fraction.setRange(0.05, 1.0)
        self.train_fraction.setSingleStep(0.05)
        self.train_fraction.setKeyboardTracking(False)
        self.regenerate = QPushButton(self.tr("Regenerate"))
        self.regenerate.setToolTip(self.tr("New points from the next seed"))
        self.features: dict[str, QCheckBox] = {}
        feat_grid = QGridLayout()
        feat_grid.setHorizontalSpacing(4)
        for k, f in enumerate(FEATURES):
            cb = QCheckBox(FEATURE_LABELS[f])
            cb.setToolTip(self.tr("input feature {f}").format(f=f))
            cb.toggled.connect(self._features_changed)
            self.features[f] = cb
            feat_grid.addWidget(cb, k // 4, k % 4)
        form = QFormLayout(box)
        form.addRow(self.tr("data set"), self.dataset)
        form.addRow(self.tr("noise"), self.noise)
        form.addRow(self.tr("train fraction"), self.train_fraction)
        form.addRow("", self.regenerate)
        self.features_label = QLabel(self.tr("input features"))
        form.addRow(self.features_label)
        form.addRow(feat_grid)
        self.dataset.currentIndexChanged.connect(self._dataset_chosen)
        self.noise.valueChanged.connect(
            lambda v: self._edit(
                edits.set_data(self.document, noise=v), self.tr("Set noise to {v:g}").format(v=v)
            )
        )
        self.train_fraction.valueChanged.connect(
            lambda v: self._edit(edits.set_data(self.document, train_fraction=v),
                                 self.tr("Set train fraction to {v:g}").format(v=v)))
        self.regenerate.clicked.connect(
            lambda: self._edit(
                edits.set_data(self.document, reseed=True), self.tr("Regenerate data")
            )
        )
        return box

    # ------------------------------------------------------------------ document in
    def load(self, document: Document) -> None:
        """Show `document`'s settings without sending anything back."""
        self.document = document
        # Every edit handler checks this flag, so setting the widgets sends nothing back.
        self._loading = True
        try:
            self._load(document)
        finally:
            self._loading = False

    def _load(self, doc: Document) -> None:
        t = doc.training
        lr = float(t.hyper.get("lr", OPTIMIZERS[t.optimizer].defaults["lr"]))
        self.lr.set_value(lr)
        self.schedule.load(t.schedule, lr)
        _select(self.loss, t.loss.kind)
        _select(self.reduction, t.loss.reduction)
        _select(self.optimizer, t.optimizer)
        _select(self.regularizer, t.loss.regularizer)
        self.reg_rate.setValue(t.loss.rate)
        self.reg_rate.setEnabled(t.loss.regularizer != "none")
        self._build_hyper(doc)
        try:
            n_train = doc.data.sizes()[1]
        except ValueError:
            n_train = 1
        self.batch.setRange(0, max(n_train, 1))
        self.batch.setValue(t.batch_size or 0)
        # A function is its own loss, with no data and no neurons: those settings do not apply.
        function = doc.is_function
        for w in (self.loss, self.reduction, self.batch, self.regularizer):
            w.setEnabled(not function)
        self.reg_rate.setEnabled(not function and t.loss.regularizer != "none")
        self.network_box.setVisible(not function)
        self.data_box.setVisible(not function)
        if function:
            return
        hidden = [n.activation for n in doc.network.neurons if n.role == "hidden"]
        outputs = [n.activation for n in doc.network.neurons if n.role == "output"]
        self.hidden_act.setEnabled(bool(hidden))
        if hidden:
            _select(self.hidden_act, hidden[0])
        if outputs:
            _select(self.output_act, outputs[0])
        d = doc.data
        info = GENERATORS.get(d.generator or "") or TYPED.get(d.generator or "")
        self.dataset.setEnabled(d.generator is not None)
        _select(self.dataset, d.generator)
        defaults = info.defaults if info else {}
        classification = info is not None and info.kind == "classification"
        self.noise.setMaximum(1.0 if classification else 10.0)
        self.noise.setValue(float(d.noise if d.noise is not None else defaults.get("noise", 0)))
        self.train_fraction.setValue(float(d.train_fraction if d.train_fraction is not None
                                           else defaults.get("train_fraction", 1.0)))
        fixed = d.generator in (None, "sigmoid-neuron")
        for w in (self.noise, self.train_fraction, self.regenerate):
            w.setEnabled(not fixed)
        n_raw = info.n_inputs if info else 0
        current = set(edits.input_features(doc.network))
        for f, cb in self.features.items():
            cb.setChecked(f in current)
            cb.setEnabled(n_raw == 2 or (n_raw == 1 and "x2" not in f))
        self.features_label.setEnabled(n_raw in (1, 2))

    def _build_hyper(self, doc: Document) -> None:
        name = doc.training.optimizer
        defaults = OPTIMIZERS[name].defaults if name in OPTIMIZERS else {}
        if set(self.hyper_widgets) == set(defaults) - {"lr"} and self.hyper_widgets:
            # Same optimizer: update the values in place (the sender may be one of these).
            for key, w in self.hyper_widgets.items():
                value = doc.training.hyper.get(key, defaults[key])
                if isinstance(w, QCheckBox):
                    w.setChecked(bool(value))
                else:
                    w.setValue(float(value))
            return
        while self.hyper_form.rowCount():
            self.hyper_form.removeRow(0)
        self.hyper_widgets = {}
        for key, default in defaults.items():
            if key == "lr":
                continue
            value = doc.training.hyper.get(key, default)
            if isinstance(default, bool):
                w = QCheckBox()
                w.setChecked(bool(value))
                w.toggled.connect(lambda v, k=key: self._edit(
                    edits.set_hyper(self.document, k, bool(v)),
                    (self.tr("Set {label} on") if v else self.tr("Set {label} off")).format(
                        label=tr_name(HYPER_PARAMS[k].label))))
            else:
                w = QDoubleSpinBox()
                w.setDecimals(HYPER_PARAMS[key].decimals)
                w.setRange(HYPER_PARAMS[key].low, HYPER_PARAMS[key].high)
                w.setStepType(QDoubleSpinBox.StepType.AdaptiveDecimalStepType)
                w.setKeyboardTracking(False)
                w.setValue(float(value))
                w.valueChanged.connect(
                    lambda v, k=key: self._edit(
                        edits.set_hyper(self.document, k, float(v)),
                        self.tr("Set {label} to {v:g}").format(
                            label=tr_name(HYPER_PARAMS[k].label), v=v
                        ),
                    )
                )
            self.hyper_widgets[key] = w
            self.hyper_form.addRow(tr_name(HYPER_PARAMS[key].label), w)

    def _dataset_chosen(self) -> None:
        name = self.dataset.currentData()
        if self._loading or self.document is None:
            return
        if name is None:  # "points in the file" is shown, not chosen: there are none to use
            self.load(self.document)
            return
        if name in TYPED:  # the function is typed in the data view's f(x)… dialog
            expression = self.document.data.expression or TYPED[name].example
            try:
                after = set_typed_data(self.document, name, expression)
            except ValueError as e:
                self.controller.failed.emit(str(e))
                self.load(self.document)
                return
            self._edit(after, self.tr("Set data set to {name}").format(name=name))
            return
        self._edit(
            edits.set_data(self.document, generator=name),
            self.tr("Set data set to {name}").format(name=name),
        )

    def _features_changed(self) -> None:
        if self._loading or self.document is None:
            return
        chosen = [f for f, cb in self.features.items() if cb.isChecked()]
        if not chosen:
            self.load(self.document)  # at least one input: undo the last untick
            return
        labels = ", ".join(FEATURE_LABELS.get(f, f) for f in chosen)
        self._edit(
            edits.set_features(self.document, chosen),
            self.tr("Set input features to {labels}").format(labels=labels),
        )

    # ------------------------------------------------------------------ out
    def _edit(self, document: Document, text: str) -> None:
        """An undoable edit: the run goes on with the edited document (see
        docs/architecture.md for what an edit keeps)."""
        if self._loading or self.document is None:
            return
        document.run = None  # the worker carries the run over; a stale saved run must not
        document.training.hyper["lr"] = self.lr.value()
        before = self.document.copy()
        before.run = None
        self.undo_stack.push(DocumentEditCommand(self.controller, before, document, text))

    def _set_lr(self, lr: float) -> None:
        if self._loading or self.document is None:
            self.controller.set_lr(lr)
            return
        old = float(self.document.training.hyper.get("lr", lr))
        self.undo_stack.push(LearningRateCommand(self.controller, self.lr, old, lr))

    def show_snapshot(self, snap: Snapshot) -> None:
        self.play.setText(self.tr("Pause") if snap.running else self.tr("Play"))
        self.schedule.set_base_lr(snap.lr)
