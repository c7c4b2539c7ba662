"""Help > About: the version, licence and home page from the package's own metadata, and the
versions of what it runs on."""

from __future__ import annotations

import html
import platform
from importlib import metadata

import numpy
import PySide6
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, qVersion

from playground import __version__
from playground.ui.qt import pg

NOT_STATED = QT_TRANSLATE_NOOP("About", "not stated in the package metadata")
# versions() keys that are words, not names (translated in about_html).
LABELS = (QT_TRANSLATE_NOOP("About", "Licence"), QT_TRANSLATE_NOOP("About", "Home page"))


def _package_metadata() -> tuple[str, str]:
    """(licence, home page) as the installed package declares them."""
    try:
        meta = metadata.metadata("playground")
    except metadata.PackageNotFoundError:
        return NOT_STATED, NOT_STATED
    licence = meta.get("License-Expression") or meta.get("License") or NOT_STATED
    home = meta.get("Home-page") or ""
    for entry in meta.get_all("Project-URL") or []:
        label, _, url = entry.partition(",")
        if label.strip().lower() in ("homepage", "home", "source", "repository") and url:
            home = home or url.strip()
    return licence, home or NOT_STATED


def versions() -> dict[str, str]:
    """What the app is and runs on, by name."""
    licence, home = _package_metadata()
    return {"Backprop Playground": __version__, "Licence": licence, "Home page": home,
            "Python": platform.python_version(), "Qt": qVersion(),
            "PySide6": PySide6.__version__, "pyqtgraph": pg.__version__,
            "numpy": numpy.__version__}


def about_html() -> str:
    info = versions()
    home = info["Home page"]
    link = (f"<a href='{html.escape(home)}'>{html.escape(home)}</a>"
            if home.startswith("http") else html.escape(home))
    def _t(text: str) -> str:  # a word from versions() or NOT_STATED (marked above)
        return QCoreApplication.translate("About", text)

    if home == NOT_STATED:
        link = html.escape(_t(NOT_STATED))
    rows = "".join(f"<tr><td>{html.escape(_t(k))}</td><td><b>{html.escape(_t(v))}</b></td></tr>"
                   for k, v in info.items() if k not in ("Home page",))
    return (
        "<h3>Backprop Playground</h3><p>"
        + QCoreApplication.translate(
            "About",
            "Draw a small network, press Play, and watch backpropagation learn: the loss "
            "landscape, the descent path and the chain rule, "
            "number by number.",
        )
        + f"</p><table cellpadding='2'>{rows}<tr><td>{html.escape(_t('Home page'))}</td>"
        f"<td>{link}</td></tr></table>"
    )
