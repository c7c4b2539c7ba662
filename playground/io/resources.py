"""Where the shipped resources are: examples, the file format's schema, icons, desktop entry.

In a checkout (and an editable install) they are the repository's `resources/`; an
installed wheel carries a copy inside the package, `playground/resources/` (setup.py
puts it there), because a wheel installs only what lives under its packages.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parents[1]


def _find() -> Path:
    for candidate in (_PACKAGE / "resources", _PACKAGE.parent / "resources"):
        if (candidate / "network.schema.json").is_file():
            return candidate
    return _PACKAGE.parent / "resources"


RESOURCES_DIR = _find()
