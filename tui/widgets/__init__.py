"""Widgets and render helpers of the browser (virtual table, detail pane, top bar)."""
