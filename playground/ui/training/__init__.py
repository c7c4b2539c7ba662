"""ui/training."""
