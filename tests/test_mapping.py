"""Catalog mappings: every mistake in a mapping file is one message naming the key and the fix; a
good mapping resolves columns, files and formats; the shipped mappings all load."""

from __future__ import annotations

from pathlib import Path

import pytest

from retrieval.mapping import (
    FORMATS,
    LIST_FIELDS,
    MAPPINGS_DIR,
    SINGLE_FIELDS,
    CatalogMapping,
    MappingError,
    load_mapping,
    mapping_from_dict,
)
from runtime.errors import UserError

MINIMAL_FIELDS = {"id": "sku", "title": "name", "price": "cost"}
KNOWN_SOURCE_KEYS = (
    "availability_default, category_separator, currency, decimal_comma, delimiter, encoding, files, "
    "format, null_values, records_key, store_name"
)


def write(tmp_path: Path, text: str, name: str = "m.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_mapping_error_is_a_user_error_and_a_value_error():
    assert issubclass(MappingError, UserError) and issubclass(MappingError, ValueError)


def test_a_minimal_mapping_gets_the_documented_defaults():
    mapping = mapping_from_dict({"source": {"currency": "USD"}, "fields": MINIMAL_FIELDS})
    assert mapping.fields == {"id": ("sku",), "title": ("name",), "price": ("cost",)}
    assert (mapping.format, mapping.encoding, mapping.delimiter, mapping.decimal_comma) == ("", "utf-8-sig", ",", False)
    assert mapping.null_values == ("", "null", "none", "n/a", "nan")
    assert (mapping.currency, mapping.category_separator, mapping.availability_default) == ("USD", ">", "unknown")
    assert (mapping.files, mapping.store_name, mapping.records_key) == ((), "", "")


def test_a_full_mapping_file_is_read_with_every_key(tmp_path):
    path = write(
        tmp_path,
        """
[source]
format = "csv"
encoding = "latin-1"
delimiter = "\\t"
decimal_comma = true
records_key = "items"
null_values = ["", "N/A", "—"]
category_separator = ">>"
availability_default = "in_stock"
files = ["a.csv", "sub/b.csv"]
store_name = "Corner Shop"

[fields]
id = "sku"
title = "name"
price = "price"
currency = "cur"
description = ["desc", "bullets"]
category = "cat"
attributes = ["w", "h"]
""",
    )
    mapping = load_mapping(path)
    assert mapping.format == "csv" and mapping.encoding == "latin-1" and mapping.delimiter == "\t"
    assert mapping.decimal_comma is True and mapping.records_key == "items"
    assert mapping.null_values == ("", "n/a", "—")  # lower-cased for case-insensitive matching
    assert mapping.category_separator == ">>" and mapping.availability_default == "in_stock"
    assert mapping.files == ("a.csv", "sub/b.csv") and mapping.store_name == "Corner Shop"
    assert mapping.currency == ""  # the currency column is mapped instead
    assert mapping.fields["description"] == ("desc", "bullets")
    assert mapping.fields["category"] == ("cat",) and mapping.fields["attributes"] == ("w", "h")
    assert mapping.base_dir == tmp_path
    assert mapping.file_paths() == [tmp_path / "a.csv", tmp_path / "sub" / "b.csv"]


def test_column_gives_the_first_source_column_or_none():
    mapping = mapping_from_dict({"source": {"currency": "EUR"}, "fields": MINIMAL_FIELDS | {"description": ["d1", "d2"]}})
    assert mapping.column("id") == "sku"
    assert mapping.column("description") == "d1"
    assert mapping.column("brand") is None
    assert mapping.column("no-such-field") is None


def test_file_paths_resolve_against_the_mapping_folder_and_base_dir_is_not_compared(tmp_path):
    raw = {"source": {"currency": "USD", "files": ["../data/x.jsonl"]}, "fields": MINIMAL_FIELDS}
    here = mapping_from_dict(raw, base_dir=tmp_path / "maps")
    assert here.file_paths() == [tmp_path / "maps" / "../data/x.jsonl"]
    assert mapping_from_dict(raw).file_paths() == [Path(".") / "../data/x.jsonl"]
    assert here == mapping_from_dict(raw, base_dir=Path("/elsewhere"))
    assert mapping_from_dict({"source": {"currency": "USD"}, "fields": MINIMAL_FIELDS}).file_paths() == []


@pytest.mark.parametrize(
    ("name", "fmt"),
    [("cat.csv", "csv"), ("CAT.CSV", "csv"), ("x.json", "json"), ("x.jsonl", "jsonl"), ("dir.v2/x.JsonL", "jsonl")],
)
def test_format_of_reads_the_extension_when_the_mapping_has_none(name, fmt):
    mapping = mapping_from_dict({"source": {"currency": "USD"}, "fields": MINIMAL_FIELDS})
    assert mapping.format_of(Path(name)) == fmt


@pytest.mark.parametrize("name", ["x.csv", "x.txt", "x"])
def test_format_of_prefers_the_mapping_format(name):
    mapping = mapping_from_dict({"source": {"currency": "USD", "format": "jsonl"}, "fields": MINIMAL_FIELDS})
    assert mapping.format_of(Path(name)) == "jsonl"


@pytest.mark.parametrize("name", ["x.tsv", "x.txt", "x", "x.csv.gz"])
def test_format_of_an_unknown_extension_names_the_option(name):
    mapping = mapping_from_dict({"source": {"currency": "USD"}, "fields": MINIMAL_FIELDS})
    with pytest.raises(MappingError) as info:
        mapping.format_of(Path(name))
    assert str(info.value) == f"{name}: cannot tell the format from the extension; set source.format to csv, json or jsonl"


# (source, fields) -> the exact message, with where="up.toml"
DICT_ERRORS = [
    (
        {"currency": "USD"},
        MINIMAL_FIELDS | {"colour": "c"},
        f"up.toml: unknown field 'colour'; mappable fields: {', '.join(SINGLE_FIELDS + LIST_FIELDS)}",
    ),
    ({"currency": "USD", "sheet": "1"}, MINIMAL_FIELDS, f"up.toml: unknown key source.sheet; known: {KNOWN_SOURCE_KEYS}"),
    ({"currency": "USD", "decimal_comma": "yes"}, MINIMAL_FIELDS, "up.toml: source.decimal_comma must be a bool, got 'yes'"),
    ({"currency": "USD", "delimiter": 9}, MINIMAL_FIELDS, "up.toml: source.delimiter must be a str, got 9"),
    ({"currency": "USD", "files": "a.csv"}, MINIMAL_FIELDS, "up.toml: source.files must be a list, got 'a.csv'"),
    ({"currency": "USD", "files": ["a.csv", 3]}, MINIMAL_FIELDS, "up.toml: source.files must be a list of strings"),
    ({"currency": "USD", "null_values": [None]}, MINIMAL_FIELDS, "up.toml: source.null_values must be a list of strings"),
    ({"currency": "USD"}, MINIMAL_FIELDS | {"price": 3}, "up.toml: fields.price must be one column name (a string)"),
    ({"currency": "USD"}, MINIMAL_FIELDS | {"brand": ""}, "up.toml: fields.brand must be one column name (a string)"),
    ({"currency": "USD"}, MINIMAL_FIELDS | {"url": ["a", "b"]}, "up.toml: fields.url must be one column name (a string)"),
    (
        {"currency": "USD"},
        MINIMAL_FIELDS | {"description": []},
        "up.toml: fields.description must be a column name or a list of column names",
    ),
    (
        {"currency": "USD"},
        MINIMAL_FIELDS | {"category": ["a", 1]},
        "up.toml: fields.category must be a column name or a list of column names",
    ),
    (
        {"currency": "USD"},
        MINIMAL_FIELDS | {"attributes": {"a": "b"}},
        "up.toml: fields.attributes must be a column name or a list of column names",
    ),
    ({"currency": "USD"}, {"title": "n", "price": "p"}, "up.toml: [fields] must map 'id' to a column"),
    ({"currency": "USD"}, {"id": "i", "price": "p"}, "up.toml: [fields] must map 'title' to a column"),
    ({"currency": "USD"}, {"id": "i", "title": "n"}, "up.toml: [fields] must map 'price' to a column"),
    ({}, MINIMAL_FIELDS, 'up.toml: map fields.currency to a column or set source.currency, e.g. currency = "USD"'),
    ({"currency": "usd"}, MINIMAL_FIELDS, "up.toml: source.currency 'usd' is not an ISO 4217 code like USD"),
    ({"currency": "DOLLARS"}, MINIMAL_FIELDS, "up.toml: source.currency 'DOLLARS' is not an ISO 4217 code like USD"),
    ({"currency": "USD", "format": "tsv"}, MINIMAL_FIELDS, f"up.toml: source.format must be one of {FORMATS}, got 'tsv'"),
    ({"currency": "USD", "delimiter": ";;"}, MINIMAL_FIELDS, "up.toml: source.delimiter must be one character, got ';;'"),
    ({"currency": "USD", "delimiter": ""}, MINIMAL_FIELDS, "up.toml: source.delimiter must be one character, got ''"),
    (
        {"currency": "USD", "encoding": "utf-9"},
        MINIMAL_FIELDS,
        "up.toml: source.encoding 'utf-9' is not a known text encoding; try utf-8, utf-8-sig or latin-1",
    ),
    (
        {"currency": "USD", "availability_default": "maybe"},
        MINIMAL_FIELDS,
        "up.toml: source.availability_default must be one of ('in_stock', 'out_of_stock', 'unknown')",
    ),
]


@pytest.mark.parametrize(("source", "fields", "message"), DICT_ERRORS)
def test_mapping_errors_name_the_key_and_the_fix(source, fields, message):
    with pytest.raises(MappingError) as info:
        mapping_from_dict({"source": source, "fields": fields}, where="up.toml")
    assert str(info.value) == message
    assert info.value.__cause__ is None


def test_a_currency_column_makes_source_currency_optional():
    mapping = mapping_from_dict({"fields": MINIMAL_FIELDS | {"currency": "cur"}})
    assert mapping.column("currency") == "cur" and mapping.currency == ""


def test_the_dataclass_checks_its_own_fields():
    with pytest.raises(MappingError, match=r"^mapping: \[fields\] must map 'price' to a column$"):
        CatalogMapping(fields={"id": ("i",), "title": ("t",)}, currency="USD")


def test_load_mapping_names_the_file_in_its_errors(tmp_path):
    path = write(tmp_path, '[source]\ncurrency = "US"\n[fields]\nid = "i"\ntitle = "t"\nprice = "p"\n')
    with pytest.raises(MappingError) as info:
        load_mapping(path)
    assert str(info.value) == f"{path}: source.currency 'US' is not an ISO 4217 code like USD"


def test_load_mapping_refuses_an_unknown_section(tmp_path):
    path = write(tmp_path, '[source]\ncurrency = "USD"\n[fields]\nid = "i"\ntitle = "t"\nprice = "p"\n[columns]\nx = 1\n[extra]\n')
    with pytest.raises(MappingError) as info:
        load_mapping(path)
    assert str(info.value) == f"{path}: unknown section(s) ['columns', 'extra']; a mapping has [source] and [fields]"


def test_load_mapping_a_missing_file(tmp_path):
    with pytest.raises(MappingError) as info:
        load_mapping(tmp_path / "nope.toml")
    assert str(info.value) == f"{tmp_path / 'nope.toml'}: mapping file not found"


def test_load_mapping_invalid_toml(tmp_path):
    path = write(tmp_path, "[source\ncurrency = USD\n")
    with pytest.raises(MappingError) as info:
        load_mapping(path)
    assert str(info.value).startswith(f"{path}: not valid TOML (")


def test_load_mapping_accepts_a_byte_order_mark(tmp_path):
    path = tmp_path / "bom.toml"
    path.write_bytes('\ufeff[source]\ncurrency = "GBP"\n[fields]\nid = "i"\ntitle = "t"\nprice = "p"\n'.encode())
    assert load_mapping(path).currency == "GBP"


SHIPPED = sorted(MAPPINGS_DIR.glob("*.toml"))


def test_the_shipped_mappings_are_the_documented_four():
    assert [p.name for p in SHIPPED] == ["amazon-1k.toml", "demo.toml", "flipkart-20k.toml", "ikea.toml"]


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_every_shipped_mapping_loads(path):
    mapping = load_mapping(path)
    assert {"id", "title", "price"} <= set(mapping.fields)
    assert mapping.currency or mapping.column("currency")
    assert mapping.format in FORMATS
    assert mapping.files and all(p.is_relative_to(MAPPINGS_DIR) for p in mapping.file_paths())


def test_shipped_mapping_known_answers():
    demo = load_mapping(MAPPINGS_DIR / "demo.toml")
    assert demo.format == "jsonl" and demo.store_name == "Demo Shop" and demo.column("currency") == "currency"
    assert demo.file_paths() == [MAPPINGS_DIR / "../demo_store/products.jsonl"]
    assert demo.file_paths()[0].resolve().is_file()  # the embedded demo store ships with the package
    ikea = load_mapping(MAPPINGS_DIR / "ikea.toml")
    assert (ikea.delimiter, ikea.decimal_comma, ikea.currency) == (";", True, "SAR")
    assert ikea.fields["attributes"] == ("depth", "height", "width", "other_colors")
    flipkart = load_mapping(MAPPINGS_DIR / "flipkart-20k.toml")
    assert (flipkart.currency, flipkart.category_separator) == ("INR", ">>")
    assert flipkart.null_values == ("", "no rating available", "nan") and len(flipkart.files) == 2
    amazon = load_mapping(MAPPINGS_DIR / "amazon-1k.toml")
    assert (amazon.format, amazon.currency, amazon.fields["description"]) == ("json", "USD", ("description", "contents"))
