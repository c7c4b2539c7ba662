"""The network editor: draw, connect and edit a network on the canvas, every edit undoable."""
