"""Backprop Playground: draw a small network and watch backpropagation learn."""

__version__ = "0.1.0"
