"""The fields a CSV (or print mode's table) shows of each kind of API object when none are
picked: most telling first (a table leaves out the last ones that do not fit)."""

from __future__ import annotations

COMPONENT_FIELDS = ("id", "displayName", "state", "lastModifiedDateTime", "supportedFileTypes",
                    "hashtags", "description")
#: The minimal representation: the API sends only these.
MINIMAL_FIELDS = ("id", "displayName")
#: A brand by id; the list of brands sends only id and name.
BRAND_FIELDS = ("id", "displayName", "description", "isAvailable", "isOwned",
                "isPartnership", "createdDateTime", "lastModifiedDateTime")
BRAND_LIST_FIELDS = ("id", "displayName")
CATALOG_FIELDS = ("id", "displayName", "region", "hashtags", "lastModifiedDateTime",
                  "description")
CONNECTION_FIELDS = ("id", "displayName", "iModelId", "iTwinId", "authenticationType")
PROJECT_FIELDS = ("id", "displayName", "number", "status", "type")
IMODEL_FIELDS = ("id", "displayName", "state", "createdDateTime", "description")
CONNECTION_RUN_FIELDS = ("connection.id", "connection.displayName", "connection.iModelId",
                         "lastRun.id", "lastRun.state", "lastRun.result",
                         "lastRun.startDateTime", "lastRun.endDateTime")
