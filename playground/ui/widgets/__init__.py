"""Small widgets and helpers shared by the rooms of the window."""
