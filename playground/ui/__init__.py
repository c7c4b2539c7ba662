"""The Qt application: main window, training worker, live views, off-screen pictures.

pyqtgraph binds to whichever Qt it finds first, so every ui module imports Qt
through `playground.ui.qt`, which pins PySide6 before pyqtgraph loads.
"""

import os

os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")
