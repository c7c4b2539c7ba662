"""The window on small and large screens: docks inside and apart, the landscape big enough,
the window never past the screen, remembered layouts that do not fit ignored."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDockWidget, QLabel, QTabBar

from playground.ui.files import file_actions
from playground.ui.layout import DOCK_TITLES, StatusLabel
from playground.ui.main_window import MainWindow
from tests.ui.conftest import xor_document

SCREENS = [(1024, 700), (1366, 768), (1920, 1080)]


def open_on(qtbot, width: int, height: int) -> MainWindow:
    w = MainWindow(xor_document())
    qtbot.addWidget(w)
    w.window_layout.set_available(QRect(0, 0, width, height))
    w.window_layout.apply_default()
    w.show()
    qtbot.waitUntil(lambda: w.controller.latest is not None, timeout=5000)
    settle()
    return w


def settle() -> None:
    for _ in range(5):
        QApplication.processEvents()
    QTest.qWait(10)  # the tidy-up after an arrangement runs on the next turn of the loop


def shown_docks(w: MainWindow) -> list[QDockWidget]:
    """Docks a person can see: open, docked, and the front tab of their group."""
    return [d for d in w.docks.values()
            if d.isVisible() and not d.isFloating() and not d.visibleRegion().isEmpty()]


def check_layout(w: MainWindow, width: int, height: int) -> None:
    assert w.frameGeometry().width() <= width and w.frameGeometry().height() <= height
    inside = w.rect()
    docks = shown_docks(w)
    assert docks
    for d in docks:
        assert inside.contains(d.geometry()), (d.objectName(), d.geometry(), inside)
    for i, a in enumerate(docks):
        for b in docks[i + 1:]:
            assert not a.geometry().intersects(b.geometry()), (a.objectName(), b.objectName())
        assert not a.geometry().intersects(w.centralWidget().geometry()), a.objectName()
    for bar in w.findChildren(QTabBar):  # no leftover tab bar over the menus or views
        if bar.parent() is w and bar.isVisible() and bar.geometry().intersects(inside):
            assert any(bar.geometry().adjusted(-4, -4, 4, 4).intersects(d.geometry())
                       for d in docks), [bar.tabText(i) for i in range(bar.count())]
    plot = w.landscape_view.plot
    assert plot.width() >= 480 and plot.height() >= 360, plot.size()
    assert w.centralWidget().rect().contains(w.landscape_view.geometry())


@pytest.mark.parametrize("width,height", SCREENS)
def test_docks_inside_apart_and_landscape_big_enough(qtbot, width, height):
    w = open_on(qtbot, width, height)
    try:
        check_layout(w, width, height)
    finally:
        w.close()


def test_window_stays_on_a_small_screen_with_every_dock_open(qtbot):
    w = open_on(qtbot, 1024, 700)
    try:
        for dock in w.docks.values():
            dock.show()
            settle()
            assert w.window_layout.fits(), dock.objectName()
        w.chain_rule.start_step_through()
        settle()
        assert w.frameGeometry().width() <= 1024 and w.frameGeometry().height() <= 700
        assert w.minimumSizeHint().width() <= 1024
        for d in shown_docks(w):
            assert w.rect().contains(d.geometry()), d.objectName()
        w.window_layout.reset()
        settle()
        check_layout(w, 1024, 700)
        assert not w.docks["stepthrough"].isVisible()
    finally:
        w.close()


def test_views_that_may_share_the_left_column_are_no_wider_than_it(qtbot):
    # A remembered layout had the 3-D, race and line docks as tabs beside Controls: the
    # line view's long mode entry made the column, and so the window, 1068 px wide.
    w = open_on(qtbot, 1024, 700)
    try:
        column = w.docks["controls"].minimumSizeHint().width()
        for dock in (w.docks["surface"], w.docks["race"], w.docks["line"], w.lessons.dock):
            assert dock.minimumSizeHint().width() <= column, dock.objectName()
    finally:
        w.close()


def test_reset_layout_is_in_the_view_menu_and_titles_say_what_views_show(qtbot):
    w = open_on(qtbot, 1920, 1080)
    try:
        assert w.window_layout.reset_action in w.menus["view"].actions()
        w.docks["network"].hide()
        w.docks["loss"].setFloating(True)
        w.window_layout.reset_action.trigger()
        settle()
        assert w.docks["network"].isVisible() and not w.docks["loss"].isFloating()
        assert w.docks["data"].windowTitle() == DOCK_TITLES["data"]
        assert "per step" in w.docks["loss"].windowTitle()
        assert "sign" in w.docks["network"].toolTip()
    finally:
        w.close()


def test_status_labels_never_force_a_minimum_width(qtbot):
    w = open_on(qtbot, 1024, 700)
    try:
        labels = w.statusBar().findChildren(StatusLabel)
        assert len(labels) >= 6
        before = w.statusBar().minimumSizeHint().width()
        for label in labels:
            label.setText("a very long text " * 10)
            assert label.minimumSizeHint().width() == 0
        settle()
        assert w.statusBar().minimumSizeHint().width() == before
        assert w.width() <= 1024
    finally:
        w.close()


def test_a_squeezed_status_label_ends_in_an_ellipsis_not_a_cut_digit(qtbot):
    label = StatusLabel("accuracy 100% / 100%")
    qtbot.addWidget(label)
    label.setText("accuracy 100% / 93%")
    label.resize(label.fontMetrics().horizontalAdvance("accuracy 100% / 9"), 20)
    label.show()
    assert label.text() == "accuracy 100% / 93%"  # what it says, whole
    shown = QLabel.text(label)
    assert shown.endswith("…") and "93" not in shown
    label.resize(label.sizeHint().width(), 20)  # room again: the whole text
    assert QLabel.text(label) == "accuracy 100% / 93%"


def test_at_1024_px_the_numbers_a_learner_watches_show_whole(qtbot):
    """At Max on a laptop screen the status bar read "283,003 st…" (new-user test): the
    step, epoch, losses, accuracy and speed stay whole; pace, rate and λmax give way, and
    a label squeezed to its name alone says nothing."""
    w = open_on(qtbot, 1024, 700)
    try:
        texts = {w.status_step: "step 1,402,308", w.status_epoch: "epoch 140,230.8",
                 w.status_train: "train 3.475e-12", w.status_test: "test 0.2268",
                 w.status_accuracy: "accuracy 100% / 98%", w.status_speed: "480,095 steps/s",
                 w.status_pace: "pace 1,000 steps/s", w.status_lr: "lr 0.03",
                 w.status_edge: "λmax 0.7223"}
        for label, text in texts.items():
            label.setText(text)
        settle()
        assert w.width() <= 1024
        for label in (w.status_step, w.status_epoch, w.status_train, w.status_test,
                      w.status_accuracy, w.status_speed):
            assert QLabel.text(label) == label.text(), QLabel.text(label)
        for label in (w.status_pace, w.status_lr, w.status_edge):
            shown = QLabel.text(label)
            assert shown in ("", label.text()) or any(c.isdigit() for c in shown), shown
    finally:
        w.close()


def test_a_label_squeezed_to_its_name_says_nothing(qtbot):
    label = StatusLabel("pace 1,000 steps/s")
    qtbot.addWidget(label)
    label.setText("pace Max")
    label.resize(label.fontMetrics().horizontalAdvance("pace M"), 20)
    label.show()
    assert QLabel.text(label) == "" and label.text() == "pace Max"
    label.resize(label.sizeHint().width(), 20)
    assert QLabel.text(label) == "pace Max"


def test_a_remembered_layout_for_a_bigger_screen_is_ignored(qtbot):
    big = open_on(qtbot, 1920, 1080)
    big.resize(1800, 1000)
    settle()
    big.files.save_layout()
    big.close()
    small = open_on(qtbot, 1024, 700)
    try:
        settings = file_actions.app_settings()
        assert settings.value(file_actions.GEOMETRY_KEY) is not None
        small.files.restore_layout()
        settle()
        check_layout(small, 1024, 700)
    finally:
        small.close()
