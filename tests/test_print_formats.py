"""Print mode's writers and table layout, batch by batch (no network needed)."""

from __future__ import annotations

import json

import orjson
import pytest

from tui.commands.formats import cell_text, field_value, make_writer
from tui.commands.print_args import EXTENSIONS, FORMATS
from tui.commands.table import column_widths, escape, fit, text_width
from tui.core.errors import ApiError

ITEM = {"id": "a", "n": 1, "ok": False, "tags": ["x", "y"], "_links": {"c": {"href": "h"}},
        "dotted.key": "literal", "none": None}


def written(fmt: str, batches: list[list[dict]], fields=None, defaults=("id",), **kw) -> bytes:
    writer = make_writer(fmt, fields, defaults, **kw)
    return writer.begin() + b"".join(writer.rows(b) for b in batches) + writer.end()


def test_every_format_has_a_writer_and_every_extension_a_format() -> None:
    for fmt in FORMATS:
        assert written(fmt, [[ITEM]])
    assert set(EXTENSIONS.values()) <= set(FORMATS)


@pytest.mark.parametrize(("path", "value"), [
    ("id", "a"), ("_links.c.href", "h"), ("tags.1", "y"), ("tags.2", None), ("tags.x", None),
    ("dotted.key", "literal"), ("_links.c.href.more", None), ("nope", None), ("none", None),
])
def test_field_paths(path: str, value: object) -> None:
    assert field_value(ITEM, path) == value


def test_cells_are_text_empty_or_compact_json() -> None:
    assert [cell_text(ITEM[k]) for k in ("id", "n", "ok", "tags", "_links", "none")] == [
        "a", "1", "false", '["x","y"]', '{"c":{"href":"h"}}', ""]


def test_json_array_spans_batches_and_is_valid_json() -> None:
    out = written("json", [[ITEM, ITEM], [], [{"id": "b"}]])
    assert orjson.loads(out) == [ITEM, ITEM, {"id": "b"}]
    assert out.count(b"\n") == 5  # "[", a line per object, "]"
    assert written("json", []) == b"[]\n"
    assert written("json", [[ITEM]], single=True) == orjson.dumps(
        ITEM, option=orjson.OPT_INDENT_2) + b"\n"


def test_json_lines_with_picked_fields() -> None:
    out = written("jsonl", [[ITEM], [ITEM]], fields=["id", "_links.c.href"])
    assert out == b'{"id":"a","_links.c.href":"h"}\n' * 2


def test_objects_deeper_than_orjson_writes_are_still_written() -> None:
    deep: object = "bottom"
    for _ in range(300):
        deep = [deep]
    item = {"id": "deep", "value": deep}
    assert json.loads(written("jsonl", [[item, ITEM]]).splitlines()[0]) == item
    assert json.loads(written("json", [[item]], single=True)) == item
    for _ in range(2000):
        deep = [deep]
    with pytest.raises(ApiError, match="nested too deeply"):
        written("jsonl", [[{"value": deep}]])


def test_csv_header_comes_even_without_rows() -> None:
    assert written("csv", [], defaults=("id", "displayName")) == b"id,displayName\n"


def test_escape_shows_controls_and_invisible_format_characters() -> None:
    assert escape("a\x1b[31mb\nc\td\x00\u202eé\u200b") == "a\\x1b[31mb\\nc\\td\\x00\\u202eé\\u200b"


def test_fit_counts_wide_characters_as_two_cells() -> None:
    assert text_width("風量") == 4 and text_width("é") == 1
    assert fit("風量風量", 5) == "風量…"
    assert text_width(fit("風量風量", 5)) == 5
    assert fit("ab", 4) == "ab  "


def test_default_columns_that_do_not_fit_are_dropped_not_squeezed() -> None:
    # id-like columns (uniform width) are never cut; names shrink to 16, then columns go
    assert column_widths([36, 60, 9, 24], [36, 16, 9, 24], 80, may_drop=True) == [36, 31, 9]
    assert column_widths([36, 60, 9, 24], [36, 16, 9, 24], 100, may_drop=True) == [
        36, 25, 9, 24]
    assert column_widths([36, 60], [36, 16], 40, may_drop=True) == [36, 16]  # two stay
    # picked columns all stay, squeezed down to 6 cells if need be
    assert column_widths([36, 60, 9, 24], [36, 16, 9, 24], 40) == [8, 8, 9, 9]


def test_table_lines_fit_and_keep_their_widths_across_batches() -> None:
    rows = [{"id": f"{i:036d}", "displayName": "Name " * i, "state": "Draft"} for i in range(9)]
    out = written("table", [rows[:3], rows[3:]], defaults=("id", "displayName", "state"),
                  width=60).decode()
    text = out.splitlines()
    assert text[0].split() == ["id", "displayName", "state"]  # widths from the first batch
    assert len(text) == 2 + 9
    assert all(text_width(line) <= 60 for line in text)
    assert "Name Name …  Draft" in text[-1]


def test_one_item_as_a_table_reads_down_the_page() -> None:
    out = written("table", [[ITEM]], fields=["id", "_links.c.href", "none"], single=True,
                  width=40).decode()
    assert out.splitlines() == ["field          value", "-------------  -----",
                                "id             a", "_links.c.href  h", "none"]
