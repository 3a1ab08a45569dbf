"""Textual-free core: HTTP transport, cache policy, endpoints, models, paging, errors, auth,
cache, downloads. It takes settings as arguments.

Nothing under ``tui.core`` imports textual, rich or any ``tui`` module outside the core: the
import contracts in ``pyproject.toml`` (``tests/test_architecture.py``) and
``tests/test_core_isolation.py`` enforce it.
"""
