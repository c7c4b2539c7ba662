"""The application's names, under which QSettings keeps the user's settings."""

from __future__ import annotations

from PySide6.QtCore import QSettings

ORGANIZATION = "Backprop Playground"
APPLICATION = "playground"


def app_settings() -> QSettings:
    """The user's settings for this application (whatever QApplication is running)."""
    return QSettings(ORGANIZATION, APPLICATION)
