"""Help: keyboard shortcuts, what each view shows, about, and What's This texts."""
