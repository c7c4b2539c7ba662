"""ui/chainrule."""
