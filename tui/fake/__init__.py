"""A spec-faithful fake of the iTwin Platform APIs the app browses (no Textual here):
Library (components, brands, catalogs, documents, variations, web links), Export, iTwins (v1)
and iModels (v2), plus a storage host for document files.

Serve it in-process with ``FakeTransport`` (demo mode) or over loopback HTTP with ``serve``.
"""

from tui.fake.api import FakeApi
from tui.fake.constants import (
    ACCEPT_V1,
    ACCEPT_V2,
    BARE_COMPONENT_INDEX,
    BIG_BRAND_ID,
    BIG_DOCUMENT_BYTES,
    BIG_IMODEL_ID,
    BRAND_IDS,
    DEMO_TOKEN,
    DOCUMENTS_FORBIDDEN_INDEX,
    EMPTY_BRAND_ID,
    EMPTY_IMODEL_ID,
    EMPTY_PROJECT_ID,
    FORBIDDEN_IMODEL_ID,
    FORBIDDEN_PROJECT_ID,
    HOSTILE_ESCAPE_COMPONENT_ID,
    HOSTILE_ESCAPE_INDEX,
    HOSTILE_MARKUP_COMPONENT_ID,
    HOSTILE_MARKUP_INDEX,
    HOSTILE_WIDE_COMPONENT_ID,
    HOSTILE_WIDE_INDEX,
    IMODEL_IDS,
    ITWIN_IDS,
    MANY_VARIATIONS_INDEX,
    NON_GUID_CONNECTION_ID,
    PROJECT_COUNT,
    PROJECT_IDS,
    REFERENCE_DATE,
    RESTRICTED_TOKEN,
    RICH_COMPONENT_INDEX,
    STORAGE_DEMO_BASE,
)
from tui.fake.data import FakeData
from tui.fake.faults import FaultRule, Faults
from tui.fake.responses import ApiRequest, FakeResponse, RecordedRequest
from tui.fake.server import RunningServer, serve
from tui.fake.storage import FakeStorage
from tui.fake.transport import FakeTransport

__all__ = [
    "ACCEPT_V1",
    "ACCEPT_V2",
    "BARE_COMPONENT_INDEX",
    "BIG_BRAND_ID",
    "BIG_DOCUMENT_BYTES",
    "BIG_IMODEL_ID",
    "BRAND_IDS",
    "DEMO_TOKEN",
    "DOCUMENTS_FORBIDDEN_INDEX",
    "EMPTY_BRAND_ID",
    "EMPTY_IMODEL_ID",
    "EMPTY_PROJECT_ID",
    "FORBIDDEN_IMODEL_ID",
    "FORBIDDEN_PROJECT_ID",
    "HOSTILE_ESCAPE_COMPONENT_ID",
    "HOSTILE_ESCAPE_INDEX",
    "HOSTILE_MARKUP_COMPONENT_ID",
    "HOSTILE_MARKUP_INDEX",
    "HOSTILE_WIDE_COMPONENT_ID",
    "HOSTILE_WIDE_INDEX",
    "IMODEL_IDS",
    "ITWIN_IDS",
    "MANY_VARIATIONS_INDEX",
    "NON_GUID_CONNECTION_ID",
    "PROJECT_COUNT",
    "PROJECT_IDS",
    "REFERENCE_DATE",
    "RESTRICTED_TOKEN",
    "RICH_COMPONENT_INDEX",
    "STORAGE_DEMO_BASE",
    "ApiRequest",
    "FakeApi",
    "FakeData",
    "FakeResponse",
    "FakeStorage",
    "FakeTransport",
    "FaultRule",
    "Faults",
    "RecordedRequest",
    "RunningServer",
    "serve",
]
