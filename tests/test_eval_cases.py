"""Case files for the assistant suite: the format, partial expectations, and errors that name the
line, the field and the fix."""

from __future__ import annotations

import json

import pytest

from eval.cases import CaseError, read_shopper_cases
from eval.harness import CASES_DIR


def write(tmp_path, *lines) -> object:
    path = tmp_path / "cases.jsonl"
    path.write_text("\n".join(line if isinstance(line, str) else json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    return path


def test_the_shipped_case_files_read():
    for path in sorted(CASES_DIR.glob("*.jsonl")):
        if not path.name.startswith(("shopbench", "support_")):  # the shopbench and support suites' files are other formats
            assert read_shopper_cases(path), path


def test_a_partial_expectation_keeps_only_its_keys(tmp_path):
    path = write(
        tmp_path,
        {"id": "a", "turns": ["mugs under $20"], "expect": {"price_max": 20, "price_min": None}},
        "",
        {"id": "b", "turns": ["hi", "a kettle"], "user": "u-1", "catalog": "amazon-1k", "tags": ["typo"]},
    )
    a, b = read_shopper_cases(path)
    assert a.expect == {"price_max": 20, "price_min": None} and a.line == 1
    assert (b.turns, b.user, b.catalog, b.tags, b.expect, b.line) == (("hi", "a kettle"), "u-1", "amazon-1k", ("typo",), {}, 3)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", "line 1: not JSON"),
        ('["a list"]', "line 1: a case must be a JSON object"),
        ({"turns": ["x"]}, "'id' must be a non-empty string"),
        ({"id": "a", "turns": []}, "(a): 'turns' must be a list of one or more non-empty strings"),
        ({"id": "a", "turns": ["x"], "expect": {"price": 5}}, "expect.price is not a field the harness checks"),
        ({"id": "a", "turns": ["x"], "expect": {"price_max": "20"}}, 'expect.price_max must be a number or null, got "20"'),
        ({"id": "a", "turns": ["x"], "expect": {"in_stock": 1}}, "expect.in_stock must be true or false, got 1"),
        ({"id": "a", "turns": ["x"], "expect": {"price_max": True}}, "expect.price_max must be a number or null, got true"),
        ({"id": "a", "turns": ["x"], "expect": {"brands": [1]}}, "expect.brands must be a list of strings"),
        ({"id": "a", "turns": ["x"], "expect": {"intent": "shop"}}, "expect.intent 'shop' is not one of recommend"),
        ({"id": "a", "turns": ["x"], "colour": "red"}, "unknown key(s) ['colour']"),
        ({"id": "a", "turns": ["x"], "user": 7}, "'user' must be a string or null"),
        ({"id": "a", "turns": ["x"], "expect": {"not_said": "HACKED"}}, "expect.not_said must be a list"),
    ],
)
def test_a_bad_line_is_refused_with_its_line_field_and_fix(tmp_path, line, message):
    with pytest.raises(CaseError) as caught:
        read_shopper_cases(write(tmp_path, line))
    assert message in str(caught.value) and "line 1" in str(caught.value)


def test_duplicate_ids_missing_files_and_empty_files_are_refused(tmp_path):
    with pytest.raises(CaseError, match="line 2: id 'a' is already used on line 1"):
        read_shopper_cases(write(tmp_path, {"id": "a", "turns": ["x"]}, {"id": "a", "turns": ["y"]}))
    with pytest.raises(CaseError, match="no such case file"):
        read_shopper_cases(tmp_path / "missing.jsonl")
    with pytest.raises(CaseError, match="no cases"):
        read_shopper_cases(write(tmp_path, ""))
    (tmp_path / "latin1.jsonl").write_bytes('{"id": "caf\xe9"}'.encode("latin-1"))
    with pytest.raises(CaseError, match="not UTF-8"):
        read_shopper_cases(tmp_path / "latin1.jsonl")


def test_a_catalog_given_as_a_mapping_file_is_found_beside_the_case_file(tmp_path):
    path = write(tmp_path, {"id": "a", "turns": ["x"], "catalog": "shop/mapping.toml", "expect": {"not_said": ["HACKED"]}})
    (a,) = read_shopper_cases(path)
    assert a.catalog == str((tmp_path / "shop" / "mapping.toml").resolve()) and a.expect == {"not_said": ["HACKED"]}
