"""Reading catalog files into (location, record) pairs: real line numbers, row-level problems as a
BadRow for that row only, file-level problems as one CatalogError naming the fix."""

from __future__ import annotations

import pytest

from retrieval.catalog_files import BadRow, CatalogError, read_jsonl, read_records
from retrieval.mapping import mapping_from_dict

CSV = mapping_from_dict({"source": {"currency": "USD"}, "fields": {"id": "id", "title": "title", "price": "price"}})


def test_csv_rows_carry_their_real_line_even_after_quoted_newlines_and_blank_lines(tmp_path):
    path = tmp_path / "cat.csv"
    path.write_text('id,title,price\np1,"Two\nline title",5\n\np2,Mug,6\n', encoding="utf-8")
    assert [(where, row["id"]) for where, row in read_records(path, CSV)] == [("line 2", "p1"), ("line 5", "p2")]


def test_a_broken_json_line_is_a_bad_row_and_the_rest_reads(tmp_path):
    path = tmp_path / "reviews.jsonl"
    path.write_text('{"a": 1}\n{"a": \n[1, 2]\n\n{"a": 4}\n', encoding="utf-8")
    rows = list(read_jsonl(path, "utf-8"))
    assert [where for where, _ in rows] == ["line 1", "line 2", "line 3", "line 5"]
    assert rows[1][1].field == "(row)" and rows[1][1].reason.startswith("not valid JSON")
    assert rows[2][1] == BadRow("(row)", "each line must be a JSON object") and rows[3][1] == {"a": 4}


def test_json_lists_under_a_key_and_their_problems(tmp_path):
    mapping = mapping_from_dict({"source": {"currency": "USD", "records_key": "items"}, "fields": {"id": "id", "title": "t", "price": "p"}})
    path = tmp_path / "cat.json"
    path.write_text('{"items": [{"id": "p1"}, 7]}', encoding="utf-8")
    assert list(read_records(path, mapping)) == [
        ("record 1", {"id": "p1"}),
        ("record 2", BadRow("(row)", "each record must be a JSON object")),
    ]
    path.write_text('{"things": []}', encoding="utf-8")
    with pytest.raises(CatalogError, match=r"no top-level key 'items' \(source.records_key\)"):
        list(read_records(path, mapping))


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("cat.csv", "id,name,price\np1,Mug,5\n", r"the mapping names column\(s\) \['title'\] that the header does not have"),
        ("cat.pdf", "%PDF", "cannot tell the format from the extension; set source.format"),
        ("gone.csv", None, "catalog file not found"),
        ("bin.csv", "\x00" * 200, "not a text file"),
    ],
)
def test_file_level_problems_are_one_error_naming_the_fix(tmp_path, name, content, message):
    path = tmp_path / name
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(CatalogError, match=message):
        list(read_records(path, CSV))
