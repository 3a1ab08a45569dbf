"""Modal dialogs: key help (here) and analytics download (``tui.dialogs.analytics``)."""
