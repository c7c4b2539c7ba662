"""The File menu and everything a document needs: new, open, recent files, examples, save,
quit; the unsaved-changes prompt, dropped files, autosave and crash recovery, and the
window's layout remembered between runs.

What is saved is the run as it is now: the training worker hands over a copy
(`TrainingController.capture_document`), the GUI adds the landscape view's settings.
"""

from __future__ import annotations

import copy
from pathlib import Path

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QByteArray,
    QCoreApplication,
    QObject,
    QStandardPaths,
    QTimer,
    Slot,
)
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QInputDialog,
    QLineEdit,
    QMenu,
    QMessageBox,
)

from playground.io.codec import tree_from_document
from playground.io.document import Document
from playground.io.examples import ExampleInfo, list_examples, shipped_example
from playground.io.files import load_document, save_document
from playground.ui.files.autosave import AutosaveSession, describe, find_recoverable, forget
from playground.ui.files.drops import DropWatcher
from playground.ui.files.example_panel import ExamplePanel
from playground.ui.files.properties import edit_properties
from playground.ui.layout import WindowLayout
from playground.ui.settings import app_settings
from playground.ui.shell import Shell
from playground.ui.training.worker import TrainingController
from playground.ui.views.landscape_view import LandscapeView
from playground.workspace.new_network import new_document

MAX_RECENT = 10
AUTOSAVE_MS = 60_000
CAPTURE_TIMEOUT_MS = 5_000
LAYOUT_VERSION = 2  # bump when the docks change so an old saved layout is not applied
NETWORK_FILTER = QT_TRANSLATE_NOOP("FileActions", "Network files (*.json);;All files (*)")
RECENT_KEY = "files/recent"
FOLDER_KEY = "files/folder"
GEOMETRY_KEY = "window/geometry"
STATE_KEY = "window/state"

Button = QMessageBox.StandardButton


def start_folder(file_path: Path | None) -> Path:
    """The document's folder, else the last folder used, else Documents (else home)."""
    if file_path is not None and Path(file_path).parent.is_dir():
        return Path(file_path).parent
    folder = app_settings().value(FOLDER_KEY, "")
    if isinstance(folder, str) and folder and Path(folder).is_dir():
        return Path(folder)
    documents = QStandardPaths.writableLocation(
        QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(documents) if documents and Path(documents).is_dir() else Path.home()


def _fingerprint(document: Document | None) -> object:
    """What a save would write except the run: equal fingerprints, nothing to save."""
    if document is None:
        return None
    try:
        tree = tree_from_document(document)
    except (ValueError, TypeError):
        return object()  # differs from everything
    tree.pop("run", None)
    return tree


def _shortcuts(standard: QKeySequence.StandardKey, fallback: str) -> list[QKeySequence]:
    # Some platforms have no standard binding for Quit or Save As.
    return QKeySequence.keyBindings(standard) or [QKeySequence(fallback)]


class FileActions(QObject):
    """The File menu of one main window, its unsaved-changes state and its autosave."""

    def __init__(self, shell: Shell, controller: TrainingController,
                 landscape_view: LandscapeView, layout: WindowLayout | None = None,
                 example_panel: ExamplePanel | None = None):
        super().__init__(shell.window)
        self.layout = layout  # restores a remembered layout only where it fits the screen
        self.example_panel = example_panel  # introduces an example when one opens
        self.shell = shell
        self.window = window = shell.window  # the parent of dialogs, whose layout is kept
        self.controller = controller
        self.session: AutosaveSession | None = None
        self.actions: dict[str, QAction] = {}
        self._remember_layout = False
        self._closed = False
        self._replacing = False
        self._baseline: object = None  # fingerprint of the document as saved
        self._saved_step = 0
        self._step = 0  # the run's step in the newest snapshot
        self._last_lr: float | None = None
        self._settings_differ = False
        self._restored = False  # a recovered autosave is unsaved work until saved
        self.autosave_timer = QTimer(self)
        self.autosave_timer.setInterval(AUTOSAVE_MS)
        self.autosave_timer.timeout.connect(self.autosave_now)
        self._build_menu()
        # An edit, its undo or redo: modified when the document differs from the file (an
        # edit changed back by hand, or undone, is not a change).
        shell.undo_stack.indexChanged.connect(self._on_document_changed)
        self.controller.document_changed.connect(self._on_document_changed)
        self.controller.snapshot.connect(self._on_snapshot)
        landscape_view.settings_changed.connect(self._on_document_changed)
        shell.file.modified_changed.connect(self._on_modified)
        self.drops = DropWatcher(window, (".json",), self.open_path)
        self._mark_saved(self.controller.document)

    # ------------------------------------------------------------------ menu
    def _build_menu(self) -> None:
        menu: QMenu = self.shell.menus["file"]
        K = QKeySequence.StandardKey
        specs = (("new", self.tr("&New…"), K.New, "Ctrl+N", self.new_network),
                 ("open", self.tr("&Open…"), K.Open, "Ctrl+O", self.open_dialog),
                 (None, "", None, "", None),
                 ("save", self.tr("&Save"), K.Save, "Ctrl+S", self.save),
                 ("save_as", self.tr("Save &As…"), K.SaveAs, "Ctrl+Shift+S", self.save_as),
                 (None, "", None, "", None),
                 ("properties", self.tr("&Properties…"), None, "", self.edit_properties),
                 (None, "", None, "", None),
                 ("quit", self.tr("&Quit"), K.Quit, "Ctrl+Q", self.window.close))
        for name, text, standard, fallback, slot in specs:
            if name is None:
                menu.addSeparator()
                continue
            act = QAction(text, self.window)
            if standard is not None:
                act.setShortcuts(_shortcuts(standard, fallback))
            act.triggered.connect(lambda _=False, s=slot: s())
            menu.addAction(act)
            self.actions[name] = act
            if name == "open":
                self.recent_menu = menu.addMenu(self.tr("Open &Recent"))
                self.recent_menu.aboutToShow.connect(self._fill_recent)
                self.examples_menu = menu.addMenu(self.tr("&Examples"))
                self.examples_menu.setObjectName("examples")  # found by name, not by its text
                self._fill_examples()
        self.actions["quit"].setMenuRole(QAction.MenuRole.QuitRole)
        self._fill_recent()

    def _fill_examples(self) -> None:
        menu = self.examples_menu
        menu.setToolTipsVisible(True)
        for info in list_examples():
            act = menu.addAction(info.title)
            act.setToolTip(info.description)
            act.setStatusTip(info.description)
            act.triggered.connect(lambda _=False, i=info: self.open_example(i))

    def _fill_recent(self) -> None:
        menu = self.recent_menu
        menu.clear()
        paths = self.recent_files()
        for k, path in enumerate(paths, start=1):
            act = menu.addAction(f"&{k % 10} {path.name}  —  {path.parent}")
            act.setToolTip(str(path))
            act.triggered.connect(lambda _=False, p=path: self.open_recent(p))
        if paths:
            menu.addSeparator()
            menu.addAction(self.tr("Clear the list"), self.clear_recent)
        else:
            menu.addAction(self.tr("No recent files")).setEnabled(False)

    def edit_properties(self) -> bool:
        """File > Properties: the title and description, as one undoable edit."""
        return edit_properties(self.shell, self.controller)

    # ------------------------------------------------------------------ recent files
    def recent_files(self) -> list[Path]:
        value = app_settings().value(RECENT_KEY, [])
        if isinstance(value, str):  # one entry reads back as a plain string
            value = [value]
        return [Path(p) for p in (value or []) if isinstance(p, str) and p][:MAX_RECENT]

    def _set_recent(self, paths: list[Path]) -> None:
        app_settings().setValue(RECENT_KEY, [str(p) for p in paths[:MAX_RECENT]])
        self._fill_recent()

    def add_recent(self, path: Path) -> None:
        path = Path(path).resolve()
        self._set_recent([path] + [p for p in self.recent_files() if p != path])

    def clear_recent(self) -> None:
        self._set_recent([])

    def open_recent(self, path: Path) -> bool:
        """Open a recent file; one that no longer exists leaves the list, with a message."""
        if not Path(path).is_file():
            self._set_recent([p for p in self.recent_files() if p != Path(path)])
            QMessageBox.warning(
                self.window,
                self.tr("File not found"),
                self.tr("{path}\nno longer exists; it was removed from Open Recent.").format(
                    path=path
                ),
            )
            return False
        return self.open_path(path)

    # ------------------------------------------------------------------ opening
    def new_network(self) -> bool:
        """Ask for a layer string and start a new network on the current data and settings."""
        if self.controller.document is None or not self.maybe_save(
            self.tr("starting a new network")
        ):
            return False
        text, ok = QInputDialog.getText(
            self.window,
            self.tr("New network"),
            self.tr(
                "Layers, such as 2-4-1 (leave empty to wire the inputs straight to the outputs):"
            ),
            QLineEdit.EchoMode.Normal,
            "",
        )
        if not ok:
            return False
        try:
            document = new_document(text, self.controller.document)
        except ValueError as e:
            QMessageBox.critical(self.window, self.tr("Cannot make that network"), str(e))
            return False
        self._install(document, None)
        return True

    def open_dialog(self) -> bool:
        if not self.maybe_save(self.tr("opening another network")):
            return False
        path, _ = QFileDialog.getOpenFileName(
            self.window, self.tr("Open network"), str(self._folder()), self.tr(NETWORK_FILTER)
        )
        return bool(path) and self._open(Path(path))

    def open_path(self, path: str | Path) -> bool:
        """Open the network file at `path`, after asking about unsaved changes."""
        if not self.maybe_save(self.tr("opening another network")):
            return False
        return self._open(Path(path))

    def open_example(self, info: ExampleInfo) -> bool:
        """Open a shipped example (Save then asks where, so the example stays as shipped)."""
        if not self.maybe_save(self.tr("opening the example")):
            return False
        return self._open_example(info)

    def _open_example(self, info: ExampleInfo) -> bool:
        document = self._load(info.path)
        if document is None:
            return False
        self._install(document, None)  # an untitled copy: Save asks where
        if self.example_panel is not None:
            self.example_panel.show_example(info)
        return True

    def open_document(self, document: Document, doing: str) -> bool:
        """Show `document` as a new, untitled one, after asking about unsaved changes
        (`doing` says why, e.g. "opening the lesson's function")."""
        if not self.maybe_save(doing):
            return False
        self._install(document, None)
        return True

    def _open(self, path: Path) -> bool:
        example = shipped_example(path)
        if example is not None:  # opened by its file: still an example, never overwritten
            return self._open_example(example)
        document = self._load(path)
        if document is None:
            return False
        self._install(document, path.resolve())
        self.add_recent(path)
        app_settings().setValue(FOLDER_KEY, str(path.resolve().parent))
        return True

    def _load(self, path: Path) -> Document | None:
        """The document in `path`, or None after telling the user why not (nothing changes)."""
        try:
            return load_document(path)
        except (ValueError, OSError) as e:
            QMessageBox.critical(
                self.window,
                self.tr("Cannot open the network"),
                self.tr("{name} was not opened:\n\n{e}").format(name=path.name, e=e),
            )
            return None

    def _install(self, document: Document, path: Path | None) -> None:
        """Show `document` as a fresh, unmodified document from `path`."""
        self._replacing = True
        if self.example_panel is not None:
            self.example_panel.hide()  # an example shows it again once installed
        try:
            self.shell.undo_stack.clear()
            self.controller.set_document(document)
            self.shell.file.set_path(path)
        finally:
            self._replacing = False
        self._restored = False
        self._mark_saved(document)

    def _folder(self) -> Path:
        """Where file dialogs start: the document's folder, else the last one used, else the
        user's Documents folder."""
        return start_folder(self.shell.file.path)

    # ------------------------------------------------------------------ saving
    def current_document(self) -> Document | None:
        """The document with the run as it is now and the view as shown (None: no answer)."""
        shown = self.controller.document
        if shown is None:
            return None
        document = self.controller.capture_document(CAPTURE_TIMEOUT_MS)
        if document is None:
            return None
        document.view = copy.deepcopy(shown.view)
        document.data_view = copy.deepcopy(shown.data_view)
        document.name, document.title = shown.name, shown.title
        document.description = shown.description
        return document

    def save(self) -> bool:
        if self.shell.file.path is None:
            return self.save_as()
        return self.save_to(Path(self.shell.file.path))

    def save_as(self) -> bool:
        name = self.controller.document.name if self.controller.document else self.tr("untitled")
        path, _ = QFileDialog.getSaveFileName(self.window, self.tr("Save network as"),
                                              str(self._folder() / f"{name}.json"),
                                              self.tr(NETWORK_FILTER))
        if not path:
            return False
        path = Path(path)
        if not path.suffix:
            path = path.with_suffix(".json")
        return self.save_to(path, rename=True)

    def save_to(self, path: Path, rename: bool = False) -> bool:
        """Save the run as it is now to `path`; on failure say why and change nothing."""
        document = self.current_document()
        if document is None:
            QMessageBox.critical(self.window, self.tr("Cannot save"),
                                 self.tr("The training thread did not hand over the network; "
                                         "nothing was written. Try again."))
            return False
        if rename:
            document.name = path.stem
        try:
            save_document(document, path)
        except (OSError, ValueError) as e:
            QMessageBox.critical(self.window, self.tr("Cannot save the network"), str(e))
            return False
        shown = self.controller.document
        if rename and shown is not None and shown.name != document.name:
            shown.name = document.name
            self.shell.file.renamed()  # the title names the document
        self.shell.file.set_path(path)
        if self.example_panel is not None:
            self.example_panel.hide()  # saved: no longer an untitled copy of an example
        self._restored = False
        self._mark_saved(document)
        self.add_recent(path)
        app_settings().setValue(FOLDER_KEY, str(path.resolve().parent))
        self.shell.status(self.tr("Saved {path}").format(path=path), 5000)
        return True

    def maybe_save(self, doing: str) -> bool:
        """True if the work may be replaced: nothing unsaved, saved now, or discarded."""
        if not self.shell.file.is_modified():
            return True
        name = self.controller.document.name if self.controller.document else self.tr("untitled")
        done = self.changes()
        what = (", ".join(done[:-1]) + self.tr(" and ") + done[-1]) if len(done) > 1 else \
            (done[0] if done else self.tr("made changes"))
        since = self.tr(" since it was saved") if self.shell.file.path is not None else ""
        answer = QMessageBox.question(
            self.window, self.tr("Unsaved changes"),
            self.tr("“{name}” has changes that are not saved: you {what}{since}.\n\nSave "
                    "them before {doing}?").format(name=name, what=what, since=since, doing=doing),
            Button.Save | Button.Discard | Button.Cancel, Button.Save)
        if answer == Button.Save:
            return self.save()
        return answer == Button.Discard

    # ------------------------------------------------------------------ modified state
    def _mark_saved(self, saved: Document | None) -> None:
        """What is on disk now: `saved`'s run step and the shown document's settings."""
        self._saved_step = saved.run.step if saved is not None and saved.run else 0
        self._baseline = _fingerprint(self.controller.document)
        latest = self.controller.latest
        self._last_lr = latest.lr if latest is not None else None
        self._settings_differ = False
        self._step = latest.step if latest is not None else self._saved_step
        self.shell.undo_stack.setClean()
        self._refresh()

    @Slot()
    def _on_document_changed(self, *_) -> None:
        if self._replacing:
            return
        self._settings_differ = _fingerprint(self.controller.document) != self._baseline
        self._refresh()

    @Slot(object)
    def _on_snapshot(self, snap) -> None:
        if snap.lr != self._last_lr:  # the rate changes in place, with no document_changed
            self._last_lr = snap.lr
            self._settings_differ = _fingerprint(self.controller.document) != self._baseline
        self._step = snap.step
        self._refresh()

    @Slot()
    def _refresh(self, *_) -> None:
        # Training alone changes nothing a person made: it never marks the document modified
        # (the steps are still saved with it, and named when something else is unsaved).
        self.shell.file.set_modified(self._restored or self._settings_differ)

    def changes(self) -> list[str]:
        """What is unsaved, in words: 'edited the network', 'trained 120 steps', …"""
        done = []
        if self._restored:
            done.append(self.tr("restored unsaved work from an autosave"))
        now = _fingerprint(self.controller.document)
        before = self._baseline if isinstance(self._baseline, dict) else {}
        if isinstance(now, dict):
            for keys, words in ((("neurons", "connections"), self.tr("edited the network")),
                                (("training", "data", "view"), self.tr("changed the settings")),
                                (("name", "title", "description"),
                                 self.tr("changed the title or description"))):
                if any(now.get(k) != before.get(k) for k in keys):
                    done.append(words)
        steps = self._step - self._saved_step
        if steps > 0:
            done.append(self.tr("trained 1 step") if steps == 1 else
                        self.tr("trained {steps:,} steps").format(steps=steps))
        return done

    # ------------------------------------------------------------------ session
    def begin_session(self, path: str | Path | None = None, recover: bool = True) -> None:
        """The app's start: the file's path, the remembered layout, autosave, and (after
        the event loop starts) the offer to restore what a crashed session left."""
        example = shipped_example(path) if path is not None else None
        if path is not None and example is None:
            self.shell.file.set_path(path)
            self.add_recent(Path(path))
        else:  # started on an example (`playground circle`, or none given): introduce it
            shown = self.controller.document
            info = example or next((e for e in list_examples() if shown is not None
                                    and e.name == shown.name), None)
            if info is not None and self.example_panel is not None:
                self.example_panel.show_example(info)
        self.restore_layout()
        try:
            self.session = AutosaveSession(parent=self)
        except OSError as e:
            self.shell.status(self.tr("Autosave is off: {e}").format(e=e), 10_000)
        else:
            self.session.written.connect(self._on_autosaved)
        if recover:
            QTimer.singleShot(0, self.offer_recovery)

    def restore_layout(self) -> None:
        """Put the window and its panels where they were when the app last closed."""
        settings = app_settings()
        geometry, state = settings.value(GEOMETRY_KEY), settings.value(STATE_KEY)
        if not (isinstance(geometry, QByteArray | bytes) and isinstance(state,
                                                                       QByteArray | bytes)):
            pass
        elif self.layout is not None:
            # Ignored when it does not fit this screen (it was made for another one).
            self.layout.restore(QByteArray(geometry), QByteArray(state), LAYOUT_VERSION)
        else:
            self.window.restoreGeometry(QByteArray(geometry))
            self.window.restoreState(QByteArray(state), LAYOUT_VERSION)
        self._remember_layout = True

    def save_layout(self) -> None:
        settings = app_settings()
        settings.setValue(GEOMETRY_KEY, self.window.saveGeometry())
        settings.setValue(STATE_KEY, self.window.saveState(LAYOUT_VERSION))

    def close_requested(self) -> bool:
        """The window is closing: False to keep it open (the user cancelled, or a save failed)."""
        if self._closed:
            return True
        if not self.maybe_save(self.tr("closing")):
            return False
        self._closed = True
        self.end_session()
        return True

    def quit_without_asking(self, reason: str) -> None:
        """Close for a quit signal (a logout, Ctrl+C): there is no one to ask, so unsaved
        work goes to the autosave and stays there, the layout is remembered, the window
        closes. The next start offers that work back as closed by `reason`, not as a crash;
        with nothing unsaved it offers nothing."""
        if self._closed:
            return
        self._closed = True
        self.autosave_timer.stop()
        if self._remember_layout:
            self.save_layout()
        session, self.session = self.session, None
        if session is not None:
            document = self.current_document() if self.shell.file.is_modified() else None
            if document is not None:
                session.wait()
                session.write(document, self.shell.file.path, closed_by=reason)
                session.keep()
            else:
                session.close()
        self.window.close()

    def end_session(self) -> None:
        """A clean exit: remember the layout, remove the autosave, release its lock."""
        self.autosave_timer.stop()
        if self._remember_layout:
            self.save_layout()
        if self.session is not None:
            self.session.close()
            self.session = None

    @Slot(bool)
    def _on_modified(self, modified: bool) -> None:
        if self.session is None:
            return
        if modified:
            if not self.autosave_timer.isActive():
                self.autosave_timer.start()
        else:
            self.autosave_timer.stop()
            self.session.discard()  # nothing unsaved: nothing to recover

    @Slot()
    def autosave_now(self) -> bool:
        """Start writing the unsaved document to the recovery folder (in the background)."""
        if self.session is None or not self.shell.file.is_modified() or self.session.busy():
            return False
        document = self.current_document()
        if document is None:
            return False
        return self.session.write(document, self.shell.file.path)

    @Slot(str)
    def _on_autosaved(self, error: str) -> None:
        if error:
            self.shell.status(
                QCoreApplication.translate("FileActions", "Autosave failed: {error}").format(
                    error=error
                ),
                10_000,
            )

    def offer_recovery(self) -> bool:
        """After a crash, offer to restore the newest autosave; True if it was restored."""
        found = find_recoverable(self.session.folder if self.session else None)
        if not found:
            return False
        newest = found[0]
        why = (
            self.tr(
                "Backprop Playground was closed by {closed_by} (a logout or Ctrl+C) "
                "with unsaved changes; they were kept."
            ).format(closed_by=newest.closed_by)
            if newest.closed_by
            else self.tr("Backprop Playground did not close properly last time.")
        )
        answer = QMessageBox.question(
            self.window,
            self.tr("Restore unsaved work?"),
            self.tr("{why}\n\nRestore {newest}?").format(why=why, newest=describe(newest)),
            Button.Yes | Button.No,
            Button.Yes,
        )
        if answer != Button.Yes:
            for r in found:
                forget(r)
            return False
        try:
            document = newest.load()
        except (ValueError, OSError) as e:
            QMessageBox.critical(
                self.window,
                self.tr("Cannot restore"),
                self.tr("The autosave could not be read, so it was removed:\n\n{e}").format(e=e),
            )
            for r in found:
                forget(r)
            return False
        self._install(document, newest.original)
        self._restored = True
        self._refresh()
        if self.session is not None and self.autosave_now():
            self.session.wait()  # our own copy first, then the crashed session's can go
        for r in found:
            forget(r)
        return True
