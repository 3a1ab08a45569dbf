"""Non-interactive sub-commands (cache, analytics, login/logout, serve)."""
