"""Dataclasses whose __init__ is tui.core.records.set_fields, not generated."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tui.config import Settings
from tui.core.errors import ApiError, ErrorKind, error_text
from tui.widgets.detail_views import DetailView


def test_arguments_by_position_and_by_name_and_the_defaults() -> None:
    err = ApiError(ErrorKind.UNAUTHORIZED, "boom", 401, url="https://x.test/a")
    assert (err.kind, err.message, err.status, err.url, err.code) == (
        ErrorKind.UNAUTHORIZED, "boom", 401, "https://x.test/a", None)
    assert err.hint and err.hint == error_text(ErrorKind.UNAUTHORIZED).hint  # the table's
    assert str(err) and err.args == ("boom",)


def test_each_instance_gets_its_own_default_list() -> None:
    one, two = DetailView("a"), DetailView("b")
    one.fields.append(("k", "v"))
    assert two.fields == [] and one.fields is not two.fields


def test_replace_keeps_the_rest() -> None:
    view = DetailView("t", key="k", note="n")
    other = replace(view, note="m")
    assert (other.title, other.key, other.note) == ("t", "k", "m")


@pytest.mark.parametrize(("args", "given", "words"), [
    ((), {}, "missing the argument 'kind'"),
    ((ErrorKind.HTTP, "m"), {"message": "n"}, "multiple values for 'message'"),
    ((ErrorKind.HTTP, "m"), {"colour": 1}, "unexpected arguments: colour"),
    ((ErrorKind.HTTP, "m", *range(9)), {}, "at most 10 arguments"),
])
def test_wrong_arguments_are_a_type_error(args: tuple, given: dict, words: str) -> None:
    with pytest.raises(TypeError, match=words):
        ApiError(*args, **given)


def test_settings_take_their_defaults_and_refuse_an_unknown_name() -> None:
    settings = Settings(demo=True)
    assert settings.demo and settings.max_rows == Settings().max_rows
    with pytest.raises(TypeError, match="bogus"):
        Settings(bogus=1)
