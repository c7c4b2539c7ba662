"""ui/files."""
