"""PySide6 first, then pyqtgraph bound to it: import Qt and pyqtgraph from here."""

import os

os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")

import PySide6  # noqa: E402,F401,I001  (must precede pyqtgraph)
import pyqtgraph as pg  # noqa: E402

pg.setConfigOptions(antialias=True, background="w", foreground="k", imageAxisOrder="row-major")

__all__ = ["pg"]
