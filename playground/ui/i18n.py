"""The interface's language: which one (system, English, 简体中文), its translator, its fonts.

The choice is kept in QSettings under `LANGUAGE_KEY` ("system", "en" or "zh_CN") and
applied when the application starts (Preferences says "restart to apply": widgets
built with one language keep their texts). "system" follows the desktop's locale.
Translations are Qt's .qm files in resources/i18n, built from the .ts files that
`pyside6-lupdate` extracts (docs/translations.md says how).

Chinese needs a font with CJK glyphs. When fontconfig knows none, the interface stays
English and says why once on stderr, rather than drawing empty boxes.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QLibraryInfo,
    QLocale,
    QTranslator,
)

from playground.io.resources import RESOURCES_DIR
from playground.ui.settings import app_settings

LANGUAGE_KEY = "ui/language"
SYSTEM = "system"
ENGLISH = "en"
CHINESE = "zh_CN"
# What Preferences offers: (setting, label). Each language names itself.
CHOICES = (
    (SYSTEM, QT_TRANSLATE_NOOP("Preferences", "System")),
    (ENGLISH, "English"),
    (CHINESE, "简体中文"),
)
I18N_DIR = RESOURCES_DIR / "i18n"
NO_CJK_FONT = ("playground: no font with Chinese characters is installed, so the interface "
               "stays English (install fonts-noto-cjk or fonts-wqy-microhei)")

_installed: list[QTranslator] = []


def qm_path(language: str) -> Path:
    return I18N_DIR / f"playground_{language}.qm"


def chosen_language() -> str:
    """The setting: SYSTEM, ENGLISH or CHINESE (anything else reads as SYSTEM)."""
    value = app_settings().value(LANGUAGE_KEY, SYSTEM)
    return value if value in (SYSTEM, ENGLISH, CHINESE) else SYSTEM


def set_chosen_language(choice: str) -> None:
    if choice not in (SYSTEM, ENGLISH, CHINESE):
        raise ValueError(f"unknown language {choice!r}")
    app_settings().setValue(LANGUAGE_KEY, choice)


def resolve(choice: str, system: QLocale | None = None) -> str:
    """The language a choice means here: SYSTEM becomes CHINESE for a Simplified Chinese
    locale (zh_CN, zh_SG, zh_Hans …), else ENGLISH."""
    if choice != SYSTEM:
        return choice
    locale = system if system is not None else QLocale.system()
    names = list(locale.uiLanguages()) or [locale.name()]
    first = names[0].replace("-", "_")
    if first.startswith("zh"):
        traditional = any(tag in first for tag in ("Hant", "_TW", "_HK", "_MO"))
        return ENGLISH if traditional else CHINESE
    return ENGLISH


def has_cjk_font() -> bool:
    """True when some installed font draws Simplified Chinese."""
    from PySide6.QtGui import QFontDatabase

    return bool(QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese))


def install(language: str | None = None) -> str:
    """Load the translation for `language` (default: the chosen one) into the running
    application (with Qt's own for its standard buttons), and set QLocale's default to
    match. install(ENGLISH) undoes an earlier install. Returns the language used."""
    app = QCoreApplication.instance()
    language = resolve(language or chosen_language())
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    if language == CHINESE and not has_cjk_font():
        print(NO_CJK_FONT, file=sys.stderr)
        language = ENGLISH
    if language == CHINESE and not qm_path(CHINESE).is_file():
        print(f"playground: the translation {qm_path(CHINESE)} is missing; "
              "the interface stays English", file=sys.stderr)
        language = ENGLISH
    # English has a .qm too: the plural forms of the few %n texts ("1 step", "2 steps").
    ours = QTranslator(app)
    if ours.load(str(qm_path(language))):
        app.installTranslator(ours)
        _installed.append(ours)
    if language == CHINESE:
        qt_own = QTranslator(app)  # "Cancel", "Yes" … in QMessageBox and friends
        folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if qt_own.load(f"qtbase_{language}", folder):
            app.installTranslator(qt_own)
            _installed.append(qt_own)
    # QLocale's default: numbers in spin boxes and QLocale.toString, and the language the
    # lessons pick. Chinese conventions; English ones where the system's locale is Chinese
    # but the interface is not (nothing Chinese in an English window); else the system's.
    if language == CHINESE:
        QLocale.setDefault(QLocale(CHINESE))
    elif resolve(SYSTEM) == CHINESE:
        QLocale.setDefault(QLocale("en_US"))
    else:
        QLocale.setDefault(QLocale.system())
    return language
