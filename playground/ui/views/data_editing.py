"""Drawing data in the data view: each point added, moved, deleted or cleared, the noise,
the train ratio and the display toggles become one undoable command on the window's
stack. Data edits go through `TrainingController.set_document(..., keep=True)`, so the
model goes on training on the new points (workspace/run_policy.py)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtGui import QUndoCommand, QUndoStack
from PySide6.QtWidgets import QDialog

from playground.io.document import DataViewSettings, Document
from playground.ui.training.commands import DocumentEditCommand
from playground.ui.training.worker import TrainingController
from playground.ui.views.data_view import DataView
from playground.ui.views.function_data_dialog import FunctionDataDialog
from playground.workspace import data_edits
from playground.workspace.document_edits import set_data


class DisplayCommand(QUndoCommand):
    """The data view's display settings: nothing retrains, the view redraws."""

    def __init__(self, controller: TrainingController, view: DataView,
                 before: DataViewSettings, after: DataViewSettings, text: str):
        super().__init__(text)
        self.controller = controller
        self.view = view
        self.before = before
        self.after = after

    def _apply(self, settings: DataViewSettings) -> None:
        if self.controller.document is not None:
            # In place, as a moved neuron is: the settings are the shown document's.
            self.controller.document.data_view = DataViewSettings(settings.discretize,
                                                                  settings.show_test)
        self.view.apply_display(settings.discretize, settings.show_test)

    def redo(self) -> None:
        self._apply(self.after)

    def undo(self) -> None:
        self._apply(self.before)


class DataEditing(QObject):
    """The part that turns the data view's requests into commands."""

    def __init__(self, view: DataView, controller: TrainingController, undo_stack: QUndoStack):
        super().__init__(view)
        self.view = view
        self.controller = controller
        self.undo_stack = undo_stack
        view.enable_editing()
        view.add_requested.connect(self.add)
        view.move_requested.connect(self.move)
        view.delete_requested.connect(self.delete)
        tools = view.tools
        tools.clear_requested.connect(self.clear)
        tools.function_requested.connect(self.function_dialog)
        tools.noise_requested.connect(self.set_noise)
        tools.split_requested.connect(self.set_split)
        tools.display_requested.connect(self.set_display)

    def shutdown(self) -> None:
        """Nothing runs in the background."""

    # ------------------------------------------------------------------ edits
    def _dataset(self):
        problem = self.controller.problem
        return problem.dataset if problem is not None else None

    def _edit(self, make: Callable[[Document], Document], text: str) -> None:
        doc = self.controller.document
        if doc is None or doc.is_function:
            return
        try:
            after = make(doc)
        except ValueError as e:  # data that cannot be edited: say so, change nothing
            self.controller.failed.emit(str(e))
            return
        before = doc.copy()
        before.run = None
        after.run = None  # the worker carries the run over
        self.undo_stack.push(DocumentEditCommand(self.controller, before, after, text))

    def add(self, x: list[float], y: list[float]) -> None:
        where = ", ".join(f"{v:.3g}" for v in x)
        self._edit(lambda d: data_edits.add_point(d, x, y, self._dataset()),
                   self.tr("Add point at ({where})").format(where=where))

    def move(self, refs: list, x: list, y: list | None) -> None:
        text = self.tr("Move point") if len(refs) == 1 else \
            self.tr("Move {n} points").format(n=len(refs))
        self._edit(lambda d: data_edits.move_points(d, refs, x, y, self._dataset()), text)

    def delete(self, refs: list) -> None:
        text = self.tr("Delete point") if len(refs) == 1 else \
            self.tr("Delete {n} points").format(n=len(refs))
        self._edit(lambda d: data_edits.delete_points(d, refs, self._dataset()), text)

    def clear(self) -> None:
        self._edit(lambda d: data_edits.clear_points(d, self._dataset()),
                   self.tr("Clear the points"))

    def function_dialog(self) -> bool:
        """Ask for a typed function, then train on its data (one undoable edit)."""
        doc = self.controller.document
        if doc is None or doc.is_function:
            return False
        dialog = FunctionDataDialog(doc.data, self.view.window())
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        return self.use_function(dialog.name(), dialog.text.text(), dialog.noise.value(),
                                 dialog.points.value())

    def use_function(self, name: str, expression: str, noise: float | None = None,
                     n_points: int | None = None) -> bool:
        before = self.undo_stack.count()
        self._edit(lambda d: data_edits.set_typed_data(d, name, expression, noise, n_points),
                   self.tr("Data from f = {f}").format(f=expression.strip()))
        return self.undo_stack.count() > before

    def set_noise(self, noise: float) -> None:
        self._edit(lambda d: set_data(d, noise=noise),
                   self.tr("Set noise to {v}").format(v=f"{noise:g}"))

    def set_split(self, train_fraction: float) -> None:
        self._edit(lambda d: data_edits.set_train_fraction(d, train_fraction),
                   self.tr("Set train ratio to {v}%").format(v=round(100 * train_fraction)))

    def set_display(self, discretize: bool, show_test: bool) -> None:
        doc = self.controller.document
        if doc is None:
            return
        before = doc.data_view
        after = DataViewSettings(discretize, show_test)
        if after == before:
            return
        if after.discretize != before.discretize:
            text = self.tr("Discretize output") if discretize else \
                self.tr("Show output values")
        else:
            text = self.tr("Show test data") if show_test else self.tr("Hide test data")
        self.undo_stack.push(DisplayCommand(self.controller, self.view, before, after, text))
