"""The application: a QApplication with names for QSettings, one main window, the event loop."""

from __future__ import annotations

import os
import sys

os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")

from PySide6.QtCore import QCoreApplication  # noqa: E402
from PySide6.QtGui import QIcon  # noqa: E402
from PySide6.QtWidgets import QApplication, QMessageBox  # noqa: E402

from playground.io.document import Document  # noqa: E402
from playground.ui.settings import APPLICATION, ORGANIZATION  # noqa: E402


def make_application(argv: list[str] | None = None) -> QApplication:
    """The running QApplication, created (and named) if there is none yet."""
    app = QApplication.instance()
    if app is None:
        app = QApplication(argv if argv is not None else sys.argv[:1])
        from playground.ui import i18n

        i18n.install()  # the language chosen in Preferences, or the system's
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationDisplayName("Backprop Playground")
    # The window and taskbar icon; on Wayland the taskbar finds it through the desktop
    # entry named here (`make install-desktop`).
    app.setWindowIcon(application_icon())
    app.setDesktopFileName("backprop-playground")
    return app


def application_icon() -> QIcon:
    """The app's icon in every size shipped in resources/icons."""
    from playground.io.resources import RESOURCES_DIR

    icon = QIcon()
    for png in sorted((RESOURCES_DIR / "icons").glob("backprop-playground-*.png")):
        icon.addFile(str(png))
    return icon


# Notes some Qt platform plugins print about features they lack; harmless, and noise.
_PLATFORM_NOTES = ("does not support propagateSizeHints",)
_handler_installed = False


def quiet_platform_notes() -> None:
    """Drop Qt's platform-plugin notes from stderr; every other Qt message still shows."""
    global _handler_installed
    if _handler_installed:
        return
    from PySide6.QtCore import qInstallMessageHandler

    def handler(mode, context, message: str) -> None:
        if not any(note in message for note in _PLATFORM_NOTES):
            sys.stderr.write(message + "\n")

    qInstallMessageHandler(handler)
    _handler_installed = True


def open_document(path: str | None) -> Document:
    """The document in `path`, or the default example when there is none."""
    from playground.io.examples import DEFAULT_EXAMPLE, example_path
    from playground.io.files import load_document

    return load_document(path if path is not None else example_path(DEFAULT_EXAMPLE))


def run_app(path: str | None = None, document: Document | None = None) -> int:
    """Open the main window on `path`, or on an unsaved `document`, or on the default
    example, and run until it closes."""
    app = make_application()
    quiet_platform_notes()
    from playground.engine import fast

    fast.enable_background()  # training switches to compiled kernels once they are built
    from playground.ui.main_window import MainWindow

    try:
        if document is None:
            document = open_document(path)
    except (OSError, ValueError) as e:
        print(f"playground: {path}: {e}", file=sys.stderr)
        QMessageBox.critical(
            None, QCoreApplication.translate("App", "Cannot open the network"), f"{path}:\n{e}"
        )
        return 1
    window = MainWindow(document)
    # The file's path, the remembered layout, autosave, and the offer to restore after a crash.
    window.files.begin_session(path)
    app.aboutToQuit.connect(window.shutdown)
    install_quit_signals(window)
    window.show()
    return app.exec()


def install_quit_signals(window):
    """SIGINT and SIGTERM close `window` as File > Quit would, without asking (unsaved work
    is kept in the autosave)."""
    from playground.ui.quit_signals import QuitSignals

    signals = QuitSignals(window.files.quit_without_asking, window)
    QApplication.instance().aboutToQuit.connect(signals.uninstall)
    return signals
