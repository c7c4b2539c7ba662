"""Headless pictures: the requested size, not blank, PNG and SVG."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import numpy as np
import pytest
from PySide6.QtGui import QImage

from playground.ui.files.render import RenderError, render_view
from tests.ui.conftest import xor_document


def distinct_colours(path) -> int:
    image = QImage(str(path)).convertToFormat(QImage.Format.Format_RGB32)
    ptr = image.constBits()
    pixels = np.frombuffer(ptr, dtype=np.uint32, count=image.width() * image.height())
    return len(np.unique(pixels))


@pytest.mark.parametrize("view", ["landscape", "loss", "network", "data"])
def test_png_of_each_view(qapp, tmp_path, view):
    out = tmp_path / f"{view}.png"
    render_view(xor_document(), view, out, steps=30, size=(420, 300))
    image = QImage(str(out))
    assert (image.width(), image.height()) == (420, 300)
    assert distinct_colours(out) > 40


def test_png_of_the_window(qapp, tmp_path):
    out = tmp_path / "window.png"
    render_view(xor_document(), "window", out, steps=50, size=(1280, 800))
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1280, 800)
    assert distinct_colours(out) > 200


@pytest.mark.parametrize("view", ["landscape", "window"])
def test_svg_parses_with_drawing_elements(qapp, tmp_path, view):
    out = tmp_path / f"{view}.svg"
    render_view(xor_document(), view, out, steps=10, size=(900, 600))
    root = ET.parse(out).getroot()
    assert root.tag.endswith("svg")
    assert root.get("width", "").startswith("900") or "900" in root.get("viewBox", "")
    tags = {el.tag.rsplit("}", 1)[-1] for el in root.iter()}
    assert {"path", "image"} & tags
    drawn = sum(1 for el in root.iter() if el.tag.rsplit("}", 1)[-1] in
                ("path", "polyline", "image", "rect", "text"))
    assert drawn > 20


def test_bad_requests_are_refused_clearly(qapp, tmp_path):
    with pytest.raises(RenderError, match="unknown view"):
        render_view(xor_document(), "heatmap", tmp_path / "x.png")
    with pytest.raises(RenderError, match=".png or .svg"):
        render_view(xor_document(), "loss", tmp_path / "x.jpg")
    with pytest.raises(RenderError, match="size"):
        render_view(xor_document(), "loss", tmp_path / "x.png", size=(0, 10))
