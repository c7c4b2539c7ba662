"""The views registry: one table of names, titles and picture rules, without Qt."""

import subprocess
import sys

import pytest

from playground.workspace import views


def test_the_registry_lists_the_stable_names():
    assert list(views.VIEWS) == ["window", "landscape", "loss", "network", "data", "surface",
                                 "line"]
    assert views.PANELS == ("landscape", "loss", "network", "data", "surface", "line")


def test_the_registry_and_the_command_line_load_without_qt():
    code = ("import sys, playground.workspace.views, playground.cli; "
            "assert 'PySide6' not in sys.modules, 'Qt was imported'")
    subprocess.run([sys.executable, "-c", code], check=True)


@pytest.mark.parametrize("name", list(views.VIEWS))
def test_every_view_is_complete(name):
    info = views.get(name)
    assert info.name == name and info.title
    assert info.export_formats and set(info.export_formats) <= set(views.RENDER_FORMATS)
    assert views.check_size(*info.default_size) == info.default_size


def test_unknown_view_names_the_choices():
    with pytest.raises(ValueError, match="unknown view 'heatmap'; choose one of window, "):
        views.get("heatmap")


@pytest.mark.parametrize("size", [(15, 100), (100, views.MAX_SIDE + 1), (1.5, 100),
                                  (True, 100), ("100", 100)])
def test_sizes_outside_the_one_limit_are_refused(size):
    with pytest.raises(ValueError, match=f"from 16 to {views.MAX_SIDE:,}"):
        views.check_size(*size)


def test_the_limit_itself_is_allowed():
    assert views.check_size(views.MIN_SIDE, views.MAX_SIDE) == (16, views.MAX_SIDE)
