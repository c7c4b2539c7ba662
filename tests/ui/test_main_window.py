"""The main window: training live in every view, divergence shown, closing mid-run."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt

from playground.ui.main_window import MainWindow
from playground.ui.threads import running_threads
from tests.ui.conftest import xor_document


@pytest.fixture
def window(qtbot, xor_doc):
    w = MainWindow(xor_doc)
    qtbot.addWidget(w)
    w.resize(1200, 800)
    w.show()
    qtbot.waitUntil(lambda: w.controller.latest is not None, timeout=5000)
    yield w
    w.close()


def test_title_names_the_network(window):
    assert "xor test" in window.windowTitle()


def test_play_updates_every_view_and_the_status_bar(qtbot, window):
    first_pen = window.network_view.network_scene.connections["w:x1->h1_1"].pen().widthF()
    window.controller.set_speed(None)  # 200 steps at Max, not seven seconds at the default pace
    window.controller.play()
    qtbot.waitUntil(lambda: window.controller.latest.step > 200, timeout=10000)
    qtbot.waitUntil(lambda: window.landscape_view.result is not None, timeout=10000)
    snap = window.controller.latest
    assert window.status_step.text().startswith("step ")
    assert window.status_state.text() == "running"
    assert len(window.loss_view.train.getData()[0]) > 1
    assert window.data_view.image.image is not None
    path_x, _ = window.landscape_view.path.getData()
    assert len(path_x) > 1
    assert window.network_view.network_scene.connections["w:x1->h1_1"].pen().widthF() \
        != first_pen or snap.step > 0
    window.controller.pause()
    qtbot.waitUntil(lambda: not window.controller.latest.running, timeout=5000)
    assert window.status_state.text() == "paused"


def test_paused_landscape_refines_to_full_resolution(qtbot, window):
    window.controller.step(5)
    qtbot.waitUntil(lambda: window.controller.latest.step == 5, timeout=5000)
    qtbot.waitUntil(lambda: window.landscape_view.result is not None
                    and window.landscape_view.result.final
                    and window.landscape_view.result.surface.z.shape == (128, 128),
                    timeout=10000)
    result = window.landscape_view.result
    assert window.landscape_view.image.image.shape == (128, 128)
    assert len(result.contour_x) > 0
    assert window.landscape_view.item.getAxis("bottom").labelText == result.plane.labels[0]


def test_space_toggles_play(qtbot, window):
    qtbot.keyClick(window, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: window.controller.latest.running, timeout=5000)
    qtbot.keyClick(window, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: not window.controller.latest.running, timeout=5000)


def test_divergence_shows_banner_and_status_and_keeps_finite_parameters(qtbot):
    w = MainWindow(xor_document(lr=10.0))
    qtbot.addWidget(w)
    w.show()
    try:
        w.controller.play()
        qtbot.waitUntil(lambda: w.controller.latest is not None
                        and w.controller.latest.diverged is not None, timeout=10000)
        snap = w.controller.latest
        assert w.banner.isVisible()
        assert "at step" in w.banner.label.text()
        assert "smaller learning rate" in w.banner.label.text()
        assert w.status_state.text() == "diverged"
        assert np.isfinite(snap.theta).all()
        # The banner quotes the numbers the status bar shows.
        banner = w.banner.label.text()
        assert w.status_step.text() in banner
        assert w.status_train.text() in banner and w.status_test.text() in banner
    finally:
        w.close()


def test_closing_during_training_stops_and_joins_threads(qtbot, xor_doc):
    w = MainWindow(xor_doc)
    qtbot.addWidget(w)
    w.show()
    w.controller.play()
    qtbot.waitUntil(lambda: w.controller.latest is not None and w.controller.latest.running
                    and w.controller.latest.step > 20, timeout=5000)
    w.close()
    assert not w.controller.thread_running()
    assert not w.landscape.thread_running()
    assert not running_threads()


def test_controls_lr_reaches_running_worker(qtbot, window):
    window.controller.play()
    qtbot.waitUntil(lambda: window.controller.latest.running, timeout=5000)
    window.controls.lr.spin.setValue(0.005)
    qtbot.waitUntil(lambda: window.controller.latest.lr == pytest.approx(0.005), timeout=5000)
    assert window.controller.latest.running
    window.controls.lr.slider.setValue(window.controls.lr.slider.maximum())
    qtbot.waitUntil(lambda: window.controller.latest.lr == pytest.approx(10.0), timeout=5000)


def test_controls_change_activation_optimizer_and_batch(qtbot, window):
    c = window.controls
    c.hidden_act.setCurrentIndex(c.hidden_act.findData("relu"))
    qtbot.waitUntil(lambda: window.controller.latest is not None
                    and window.controller.latest.version == window.controller.version,
                    timeout=5000)
    assert {n.activation for n in window.document.network.neurons
            if n.role == "hidden"} == {"relu"}
    c.optimizer.setCurrentIndex(c.optimizer.findData("adam"))
    assert window.document.training.optimizer == "adam"
    assert "beta1" in c.hyper_widgets
    c.batch.setValue(10)
    assert window.document.training.batch_size == 10
    window.controller.epoch()
    qtbot.waitUntil(lambda: window.controller.latest is not None
                    and window.controller.latest.step >= 5, timeout=5000)
    assert window.controller.latest.step == 5  # 50 training points in batches of 10


def test_controls_features_and_data_set_rebuild_the_inputs(qtbot, window):
    c = window.controls
    c.features["x1^2"].setChecked(True)
    inputs = [n.feature or n.id for n in window.document.network.neurons if n.role == "input"]
    assert inputs == ["x1", "x2", "x1^2"]
    qtbot.waitUntil(lambda: window.controller.latest is not None and
                    "w:x1_sq->h1_1" in window.controller.latest.parameter_names, timeout=5000)
    c.dataset.setCurrentIndex(c.dataset.findData("sine"))
    qtbot.waitUntil(lambda: window.controller.latest is not None
                    and window.controller.latest.version == window.controller.version,
                    timeout=5000)
    inputs = [n.feature or n.id for n in window.document.network.neurons if n.role == "input"]
    assert inputs == ["x1", "x1^2"]
    assert window.data_view.mode == "curve"
    assert not c.features["x2"].isEnabled()


def test_closing_mid_training_prints_nothing(qtbot, capfd, qtlog, xor_doc):
    w = MainWindow(xor_doc)
    qtbot.addWidget(w)
    w.show()
    w.controller.play()
    qtbot.waitUntil(lambda: w.controller.latest is not None and w.controller.latest.running,
                    timeout=5000)
    capfd.readouterr()
    seen = len(qtlog.records)
    w.close()
    out, err = capfd.readouterr()
    assert out == "" and err == ""
    assert [r.message for r in qtlog.records[seen:]] == []  # no Qt warning either


def test_loss_value_under_the_mouse(qtbot, window):
    window.controller.step(20)
    qtbot.waitUntil(lambda: window.controller.latest is not None
                    and window.controller.latest.step == 20, timeout=5000)
    view = window.loss_view
    vb = view.item.getViewBox()
    assert view.step_axis.currentData() == "log"  # the first steps get room by default
    pos = vb.mapViewToScene(pg_point(1.0, 0.0))  # log₁₀ 10
    view._mouse_moved(pos)
    assert view.readout.text().startswith("step 10: train ")
    assert view.cursor.isVisible() and view.cursor.value() == pytest.approx(1.0)
    view.step_axis.setCurrentIndex(view.step_axis.findData("linear"))
    view._mouse_moved(vb.mapViewToScene(pg_point(12.0, 0.0)))
    assert view.readout.text().startswith("step 12: train ")


def pg_point(x: float, y: float):
    from playground.ui.qt import pg

    return pg.Point(x, y)
