"""The version of itwin-tui, in one place: the package metadata (``pyproject.toml`` reads it
from here), ``itwin-tui --version``, crash reports and the ``User-Agent`` of every request."""

__version__ = "0.1.0"
#: Sent with every request, to the API and to the sign-in service.
USER_AGENT = f"itwin-tui/{__version__}"
