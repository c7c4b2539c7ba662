"""Every panel view has its widget side: built, fed headless and pictured the same way."""

import pytest

from playground.ui.views.registry import WIDGETS, drawing, widget_of
from playground.workspace import views
from tests.ui.conftest import xor_document


def test_every_panel_has_a_widget_and_nothing_else_does():
    assert tuple(WIDGETS) == views.PANELS


@pytest.mark.parametrize("name", views.PANELS)
def test_each_view_is_built_and_loaded_from_the_registry(qtbot, name):
    spec = widget_of(name)
    owner = spec.make()
    qtbot.addWidget(owner)
    spec.load(owner, xor_document(), 1)
    picture = drawing(owner, name)
    assert picture is owner or owner.isAncestorOf(picture)


def test_the_window_is_not_a_panel():
    with pytest.raises(ValueError, match="no view called 'window'"):
        widget_of(views.WINDOW)
