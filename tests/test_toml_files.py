"""read_toml: a user's TOML file, or one error naming the file and what is wrong."""

from __future__ import annotations

import pytest

from runtime.errors import UserError
from runtime.toml_files import read_toml


class Refused(UserError, ValueError):
    pass


def test_tables_are_read_and_a_bom_is_fine(tmp_path):
    (tmp_path / "a.toml").write_text("\ufeff[llm]\nbackend = 'auto'\n", encoding="utf-8")
    assert read_toml(tmp_path / "a.toml", Refused, "config file") == {"llm": {"backend": "auto"}}


@pytest.mark.parametrize(
    ("content", "message"),
    [(None, "config file not found"), (b"[llm\n", "not valid TOML"), (b"x = '\xe9'\n", "not UTF-8 text")],
)
def test_a_missing_malformed_or_non_utf8_file_is_one_error(tmp_path, content, message):
    if content is not None:
        (tmp_path / "a.toml").write_bytes(content)
    with pytest.raises(Refused, match=message) as caught:
        read_toml(tmp_path / "a.toml", Refused, "config file")
    assert str(tmp_path / "a.toml") in str(caught.value)
