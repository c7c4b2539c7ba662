"""Export › Animation: choose the steps, frames and rate, then watch the frames being drawn
(with a progress bar and Cancel) while the window stays live."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QMessageBox,
    QProgressDialog,
    QSpinBox,
    QWidget,
)

from playground.io.animation import (
    DEFAULT_FPS,
    DEFAULT_FRAMES,
    DEFAULT_SIZE,
    FORMATS,
    MAX_FPS,
    MIN_FPS,
    WITH_LOSS_SIZE,
    AnimationError,
    ffmpeg,
)
from playground.ui.files.animation import AnimationJob, AnimationRequest
from playground.ui.settings import app_settings
from playground.ui.shell import Shell
from playground.ui.training.worker import TrainingController
from playground.ui.views.landscape_view import LandscapeView
from playground.workspace.replay import MAX_FRAMES, frame_steps

FOLDER_KEY = "export/folder"


class AnimationDialog(QDialog):
    """The step range, frames, rate and whether the loss curve comes along."""

    def __init__(self, last_step: int, first_step: int = 0, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Export an animation"))
        self.first = QSpinBox()
        self.last = QSpinBox()
        for box in (self.first, self.last):
            box.setRange(first_step, last_step)
            box.setGroupSeparatorShown(True)
        self.first.setValue(first_step)
        self.last.setValue(last_step)
        self.frames = QSpinBox()
        self.frames.setRange(2, MAX_FRAMES)
        self.frames.setValue(DEFAULT_FRAMES)
        self.fps = QDoubleSpinBox()
        self.fps.setRange(MIN_FPS, MAX_FPS)
        self.fps.setDecimals(0)
        self.fps.setValue(DEFAULT_FPS)
        self.with_loss = QCheckBox(self.tr("the loss curve beside the landscape"))
        form = QFormLayout(self)
        note = QLabel(self.tr("The landscape with the descent path growing over the chosen "
                              "steps, from the recorded run (every recent step, older "
                              "ones thinned)."))
        note.setWordWrap(True)
        form.addRow(note)
        form.addRow(self.tr("from step"), self.first)
        form.addRow(self.tr("to step"), self.last)
        form.addRow(self.tr("frames (at most)"), self.frames)
        form.addRow(self.tr("frames per second"), self.fps)
        form.addRow(self.with_loss)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)


class AnimationExport(QObject):
    """The Export › Animation action: asks, then runs one AnimationJob at a time."""

    def __init__(self, shell: Shell, controller: TrainingController,
                 landscape_view: LandscapeView):
        super().__init__(shell.window)
        self.shell = shell
        self.window = shell.window
        self.controller = controller
        self.landscape_view = landscape_view
        self.job: AnimationJob | None = None
        self.progress: QProgressDialog | None = None

    def ask_and_export(self) -> None:
        snap = self.controller.latest
        if snap is None or len(snap.path_steps) < 2:
            QMessageBox.information(self.window, self.tr("Export an animation"),
                                    self.tr("Train a few steps first: an animation shows "
                                            "the path the run has taken."))
            return
        dialog = AnimationDialog(snap.step, int(snap.path_steps[0]), self.window)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        path = self._ask_path()
        if path is None:
            return
        self.export(path, dialog.first.value(), dialog.last.value(), dialog.frames.value(),
                    dialog.fps.value(), dialog.with_loss.isChecked())

    def _ask_path(self) -> Path | None:
        filters = [self.tr("Animated GIF (*.gif)"), self.tr("Animated PNG (*.png)")]
        if ffmpeg():
            filters.append(self.tr("MP4 video (*.mp4)"))
        document = self.controller.document
        folder = app_settings().value(FOLDER_KEY, "")
        folder = Path(folder) if isinstance(folder, str) and folder and Path(folder).is_dir() \
            else Path.home()
        stem = f"{document.name if document else 'untitled'}-run.gif"
        chosen, chosen_filter = QFileDialog.getSaveFileName(
            self.window, self.tr("Export an animation"), str(folder / stem), ";;".join(filters))
        if not chosen:
            return None
        path = Path(chosen)
        if path.suffix.lower() not in FORMATS:
            start = chosen_filter.rfind("*.")
            path = path.with_name(path.name + (chosen_filter[start + 1:-1] if start >= 0
                                               else ".gif"))
        app_settings().setValue(FOLDER_KEY, str(path.parent))
        return path

    def export(self, path: Path, first: int, last: int, frames: int, fps: float,
               with_loss: bool = False) -> AnimationJob | None:
        """Start writing the animation of steps `first`..`last` to `path`; returns the job
        (None and a message when the request is refused)."""
        snap = self.controller.latest
        document = self.controller.document
        if self.job is not None and self.job.is_active():
            self._refuse(self.tr("An animation is being written already."))
            return None
        if snap is None or document is None or len(snap.path_steps) < 2:
            self._refuse(self.tr("Train a few steps first."))
            return None
        try:
            steps = frame_steps(first, min(last, snap.step), frames)
            request = AnimationRequest(
                document, snap, steps, Path(path), fps,
                WITH_LOSS_SIZE if with_loss else DEFAULT_SIZE, with_loss,
                self.controller.problem, self.landscape_view.result)
            self.job = job = AnimationJob(request, self)
        except (AnimationError, ValueError) as e:
            self._refuse(str(e))
            return None
        progress = QProgressDialog(self.tr("Drawing the frames…"), self.tr("Cancel"), 0,
                                   len(steps), self.window)
        progress.setWindowTitle(self.tr("Export an animation"))
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(300)
        progress.canceled.connect(job.cancel)
        job.progress.connect(lambda done, _total: progress.setValue(done))
        job.encoding.connect(lambda: progress.setLabelText(self.tr("Writing the file…")))
        job.finished.connect(self._finished)
        job.failed.connect(self._failed)
        self.progress = progress
        job.start()
        return job

    def _close_progress(self) -> None:
        if self.progress is not None:
            self.progress.canceled.disconnect()
            self.progress.close()
            self.progress.deleteLater()
            self.progress = None

    def _finished(self, path: Path) -> None:
        self._close_progress()
        self.shell.status(self.tr("Exported the animation to {path}").format(path=path), 5000)

    def _failed(self, message: str) -> None:
        self._close_progress()
        if message == "cancelled":
            self.shell.status(self.tr("Animation cancelled"), 5000)
        else:
            self._refuse(message)

    def _refuse(self, message: str) -> None:
        QMessageBox.critical(self.window, self.tr("Cannot export the animation"), message)

    def shutdown(self) -> None:
        """Cancel a job under way and wait for its encoding thread."""
        if self.job is not None:
            self.job.cancel()
            self.job.wait()
