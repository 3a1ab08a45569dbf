"""Textual-free core: HTTP client, models, paging, errors, cache, auth, downloads.

Nothing under ``tui.core`` may import textual; ``tests/test_core_isolation.py`` enforces it.
"""
