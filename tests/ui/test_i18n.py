"""Translations: the .ts files are complete and match the sources, the .qm files are fresh,
the window really speaks Chinese when asked, and the language choice is kept and applied."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QAbstractButton, QComboBox, QGroupBox, QLabel, QMenu

from playground.engine.activations import ACTIVATIONS
from playground.engine.losses import LOSSES, REDUCTIONS, REGULARIZERS
from playground.engine.optimizers import HYPER_PARAMS, OPTIMIZERS
from playground.io.examples import DEFAULT_EXAMPLE, example_path
from playground.io.files import load_document
from playground.ui import i18n, names
from playground.workspace import views

ROOT = Path(__file__).resolve().parents[2]
UI = ROOT / "playground" / "ui"
BIN = Path(sys.executable).parent
LANGUAGES = ("zh_CN", "en")


def _tool(name: str) -> str:
    path = shutil.which(name, path=str(BIN)) or shutil.which(name)  # .exe on Windows
    if path is None:
        pytest.fail(f"{name} is missing from the venv (it ships with PySide6)")
    return path


def _messages(ts: Path) -> dict[tuple[str, str], list[str]]:
    """(context, source) -> translations (one, or the plural forms); '' when unfinished."""
    out = {}
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name") or ""
        for m in context.iter("message"):
            tr = m.find("translation")
            unfinished = tr.get("type") in ("unfinished", "vanished", "obsolete")
            forms = [f.text or "" for f in tr.iter("numerusform")] or [tr.text or ""]
            out[(name, m.findtext("source"))] = ["" if unfinished else f for f in forms]
    return out


@pytest.fixture(scope="module")
def fresh_ts(tmp_path_factory) -> dict[str, Path]:
    """Each committed .ts run through pyside6-lupdate again over today's ui sources."""
    sources = sorted(str(p) for p in UI.rglob("*.py"))
    out = {}
    for lang in LANGUAGES:
        committed = i18n.I18N_DIR / f"playground_{lang}.ts"
        copy = tmp_path_factory.mktemp(lang) / committed.name
        shutil.copy(committed, copy)
        extra = ["-pluralonly"] if lang == "en" else []
        subprocess.run([_tool("pyside6-lupdate"), *sources, "-ts", str(copy), "-no-obsolete",
                        "-locations", "none", "-silent", *extra],
                       check=True, capture_output=True, timeout=60)
        out[lang] = copy
    return out


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_string_is_extracted_and_translated(fresh_ts, lang):
    committed = _messages(i18n.I18N_DIR / f"playground_{lang}.ts")
    fresh = _messages(fresh_ts[lang])
    new = sorted(set(fresh) - set(committed))
    gone = sorted(set(committed) - set(fresh))
    unfinished = sorted(k for k, forms in fresh.items() if not all(forms))
    assert not new, f"strings not in the committed .ts (run lupdate, docs/translations.md): {new}"
    assert not gone, f"the committed .ts has strings the sources no longer use: {gone}"
    assert not unfinished, f"unfinished {lang} translations: {unfinished}"
    assert not [k for k in fresh if k[0] == ""], "a tr() call lupdate cannot give a context"


def test_translations_keep_placeholders_and_markup():
    for (context, source), forms in _messages(i18n.I18N_DIR / "playground_zh_CN.ts").items():
        for text in forms:
            for pattern in (r"\{[^{}]*\}", r"</?\w+", r"%n"):
                assert sorted(re.findall(pattern, text)) == sorted(re.findall(pattern, source)), \
                    (context, source, text)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_shipped_qm_is_built_from_the_ts(tmp_path, lang):
    ts = i18n.I18N_DIR / f"playground_{lang}.ts"
    built = tmp_path / f"playground_{lang}.qm"
    subprocess.run([_tool("pyside6-lrelease"), str(ts), "-qm", str(built), "-silent"],
                   check=True, capture_output=True, timeout=60)
    assert built.read_bytes() == i18n.qm_path(lang).read_bytes(), \
        f"{i18n.qm_path(lang).name} is stale: run pyside6-lrelease (docs/translations.md)"


def test_every_registry_label_is_marked_for_translation():
    labels = {v.title for v in views.VIEWS.values()}
    labels |= {a.label for a in ACTIVATIONS.values()} | {x.label for x in LOSSES.values()}
    labels |= set(REDUCTIONS) | set(REGULARIZERS)
    labels |= {h.label for h in HYPER_PARAMS.values()} | {o.label for o in OPTIMIZERS.values()}
    assert labels - set(names.LABELS) == set()


@pytest.mark.parametrize("locale, expected", [
    ("zh_CN", "zh_CN"), ("zh_SG", "zh_CN"), ("zh_TW", "en"), ("en_US", "en"),
    ("de_DE", "en"), ("C", "en")])
def test_system_means_chinese_only_for_simplified_chinese(locale, expected):
    assert i18n.resolve(i18n.SYSTEM, QLocale(locale)) == expected
    assert i18n.resolve(i18n.ENGLISH, QLocale("zh_CN")) == "en"
    assert i18n.resolve(i18n.CHINESE, QLocale("en_US")) == "zh_CN"


def test_the_choice_is_kept_in_settings(qapp):
    assert i18n.chosen_language() == i18n.SYSTEM
    i18n.set_chosen_language(i18n.CHINESE)
    assert i18n.chosen_language() == i18n.CHINESE
    with pytest.raises(ValueError):
        i18n.set_chosen_language("klingon")


@pytest.fixture
def chinese(qapp):
    if not i18n.has_cjk_font():
        pytest.skip("no font with Chinese characters here (the fallback test covers this)")
    assert i18n.install(i18n.CHINESE) == i18n.CHINESE
    yield
    i18n.install(i18n.ENGLISH)


# English words allowed in the Chinese window: names, units and symbols.
ALLOWED = {"backprop", "playground", "sgd", "adam", "adamw", "rmsprop", "adagrad", "nesterov",
           "amsgrad", "relu", "leaky", "tanh", "sigmoid", "softplus", "png", "csv", "svg",
           "glorot", "shift", "space", "ctrl", "esc", "tab", "end", "lin", "log", "exp", "sin",
           "cos", "max", "min", "abs", "sqrt", "json", "tsv", "txt", "pca", "logits", "softmax",
           "gamma", "grad_table", "id", "xor", "lr", "english", "gif", "apng", "mp4"}


def _english_words(text: str) -> set[str]:
    text = re.sub(r"<[^>]*>|&\w+;", " ", text)  # markup and entities
    return {w for w in re.findall(r"[A-Za-z_]{3,}", text) if w.lower() not in ALLOWED}


def test_the_window_speaks_chinese(qtbot, chinese):
    from playground.ui.main_window import MainWindow

    window = MainWindow(load_document(example_path(DEFAULT_EXAMPLE)))
    qtbot.addWidget(window)
    titles = [a.text() for a in window.menuBar().actions()]
    assert titles[:3] == ["文件(&F)", "编辑(&E)", "运行(&R)"]
    assert window.controls.play.text() == "播放"
    assert window.docks["controls"].objectName() == "dock-controls"  # saveState stays stable
    leftovers = {}

    def look(where: str, text: str) -> None:
        if words := _english_words(text):
            leftovers[f"{where}: {text[:60]!r}"] = words

    def walk(menu: QMenu, path: str) -> None:
        for action in menu.actions():
            look(path, action.text())
            look(path + " (tip)", action.statusTip())
            if action.menu() is not None and action.menu() is not menu:
                walk(action.menu(), path + " › " + action.text())

    for top in window.menuBar().actions():
        walk(top.menu(), top.text())
    # The examples' titles and descriptions are resources (English, like the CLI's).
    examples = window.files.examples_menu.title()
    for kind in (QLabel, QAbstractButton, QGroupBox):
        for w in window.findChildren(kind):
            text = w.title() if isinstance(w, QGroupBox) else w.text()
            look(type(w).__name__, text)
            look(type(w).__name__ + " (tooltip)", w.toolTip())
    for key, dock in window.docks.items():
        look(f"dock {key}", dock.windowTitle())
    for combo in window.findChildren(QComboBox):
        if combo is window.controls.dataset:
            continue  # generator names are identifiers, as in the files and the CLI
        for i in range(combo.count()):
            look("QComboBox", combo.itemText(i))
    dialog = window.preferences.open()
    for i in range(dialog.language.count()):
        look("Preferences", dialog.language.itemText(i))
    dialog.reject()
    # Example titles and file names are the document's, not the interface's.
    leftovers = {k: v for k, v in leftovers.items() if examples not in k and ".json" not in k
                 and "ExamplePanel" not in k}
    assert not leftovers, "\n".join(f"{k}: {sorted(v)}" for k, v in leftovers.items())
    window.close()


def test_plural_forms_in_english(qapp):
    from PySide6.QtCore import QCoreApplication

    i18n.install(i18n.ENGLISH)
    assert QCoreApplication.translate("FunctionPanel", "%n steps", "", 1) == "1 step"
    assert QCoreApplication.translate("FunctionPanel", "%n steps", "", 3) == "3 steps"


def test_without_a_chinese_font_the_interface_stays_english(qapp, monkeypatch, capsys):
    from PySide6.QtCore import QCoreApplication

    monkeypatch.setattr(i18n, "has_cjk_font", lambda: False)
    assert i18n.install(i18n.CHINESE) == i18n.ENGLISH
    assert "no font with Chinese characters" in capsys.readouterr().err
    assert QCoreApplication.translate("MainWindow", "&File") == "&File"
    i18n.install(i18n.ENGLISH)


def test_preferences_store_the_language_and_say_restart(qtbot):
    from playground.ui.main_window import MainWindow

    window = MainWindow(load_document(example_path(DEFAULT_EXAMPLE)))
    qtbot.addWidget(window)
    assert window.preferences.action in window.menus["edit"].actions()
    dialog = window.preferences.open()
    assert dialog.language.currentData() == i18n.SYSTEM
    dialog.language.setCurrentIndex(dialog.language.findData(i18n.CHINESE))
    dialog.accept()
    assert i18n.chosen_language() == i18n.CHINESE
    assert "restart" in window.statusBar().currentMessage()
    window.close()


def test_english_on_a_chinese_system_keeps_the_locale_english(qapp, monkeypatch):
    real = i18n.resolve
    monkeypatch.setattr(i18n, "resolve", lambda choice, system=None:
                        i18n.CHINESE if choice == i18n.SYSTEM else real(choice, system))
    assert i18n.install(i18n.ENGLISH) == i18n.ENGLISH
    assert QLocale().name() == "en_US"  # the lessons and spin boxes follow QLocale()
    monkeypatch.undo()
    i18n.install(i18n.ENGLISH)
    assert QLocale().name() == QLocale.system().name()
