"""Catalog ingestion: every bad row is reported with file, location, field and reason."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from retrieval.catalog import load_catalog, load_reviews
from retrieval.catalog_files import CatalogError
from retrieval.mapping import MAPPINGS_DIR, MappingError, load_mapping, mapping_from_dict

HEADER = "id,title,price,currency,rating,stock,brand,category\n"
GOOD = "p1,Trail Shoe,59.99,USD,4.5,3,Stride,Footwear > Running\n"

MAPPING = mapping_from_dict(
    {
        "fields": {
            "id": "id",
            "title": "title",
            "price": "price",
            "currency": "currency",
            "rating": "rating",
            "stock": "stock",
            "brand": "brand",
            "category": "category",
        }
    }
)


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path


@pytest.mark.parametrize(
    "row, expected",
    [
        (",No Id,10,USD,4,1,B,C\n", "cat.csv line 3: id: missing; every row needs a unique id"),
        ("p2,,10,USD,4,1,B,C\n", "cat.csv line 3: title: missing"),
        ("p2,Thing,abc,USD,4,1,B,C\n", "cat.csv line 3: price: must be a number, got 'abc'"),
        ("p2,Thing,-5,USD,4,1,B,C\n", "cat.csv line 3: price: must be a number >= 0, got -5"),
        ("p2,Thing,,USD,4,1,B,C\n", "cat.csv line 3: price: missing; every product needs a price"),
        ("p2,Thing,inf,USD,4,1,B,C\n", "cat.csv line 3: price: must be a finite number"),
        ("p2,Thing,10,XYZ,4,1,B,C\n", "cat.csv line 3: currency: unknown currency 'XYZ'"),
        ("p2,Thing,10,USD,7,1,B,C\n", "cat.csv line 3: rating: must be between 0 and 5, got 7"),
        ("p2,Thing,10,USD,4,1.5,B,C\n", "cat.csv line 3: stock: must be a whole number >= 0, got '1.5'"),
        ("p2,Thing,10,USD,4,-1,B,C\n", "cat.csv line 3: stock: must be a whole number >= 0"),
        ("p1,Dup,10,USD,4,1,B,C\n", "cat.csv line 3: id: duplicate id 'p1' (first seen at cat.csv line 2)"),
    ],
)
def test_bad_csv_rows_are_reported_and_good_rows_load(tmp_path, row, expected):
    path = write(tmp_path, "cat.csv", HEADER + GOOD + row)
    report = load_catalog([path], MAPPING)
    assert [p.id for p in report.products] == ["p1"]
    assert len(report.rejections) == 1
    assert str(report.rejections[0]).startswith(expected), str(report.rejections[0])


def test_bad_encoding_names_the_row_and_field(tmp_path):
    path = write(tmp_path, "cat.csv", HEADER.encode() + GOOD.encode() + b"p2,Caf\xe9 Mug,10,USD,4,1,B,C\n" + b"p3,Mug,10,USD,4,1,B,C\n")
    report = load_catalog([path], MAPPING)
    assert [p.id for p in report.products] == ["p1", "p3"]
    assert str(report.rejections[0]).startswith("cat.csv line 3: title: bad encoding")


def test_multiline_quoted_field_keeps_line_numbers(tmp_path):
    path = write(tmp_path, "cat.csv", HEADER + 'p1,"Two\nline title",5,USD,,,B,C\n' + "p2,Thing,x,USD,,,B,C\n")
    report = load_catalog([path], MAPPING)
    assert report.products[0].title == "Two line title"
    assert str(report.rejections[0]).startswith("cat.csv line 4: price")


def test_strict_mode_stops_at_first_bad_row(tmp_path):
    path = write(tmp_path, "cat.csv", HEADER + GOOD + "p2,Thing,abc,USD,4,1,B,C\n")
    with pytest.raises(CatalogError, match="line 3: price: must be a number.*strict mode"):
        load_catalog([path], MAPPING, strict=True)


def test_catalog_where_nothing_loads_is_an_error(tmp_path):
    path = write(tmp_path, "cat.csv", HEADER + "p2,Thing,abc,USD,4,1,B,C\n")
    with pytest.raises(CatalogError, match="no product could be loaded.*1 rows read, 1 rejected; first: cat.csv line 2: price"):
        load_catalog([path], MAPPING)


def test_mapping_naming_a_missing_column_is_an_error(tmp_path):
    path = write(tmp_path, "cat.csv", "id,name,price\np1,x,1\n")
    mapping = mapping_from_dict({"source": {"currency": "USD"}, "fields": {"id": "id", "title": "title", "price": "price"}})
    with pytest.raises(CatalogError, match=r"column\(s\) \['title'\] that the header does not have"):
        load_catalog([path], mapping)


def test_jsonl_rows_with_bad_json_are_reported_by_line(tmp_path):
    lines = [
        json.dumps({"id": "a", "title": "A", "price": 1, "currency": "USD"}),
        "{not json",
        json.dumps([1, 2]),
        json.dumps({"id": "b", "title": "B", "price": "2.50", "currency": "eur"}),
    ]
    path = write(tmp_path, "cat.jsonl", "\n".join(lines) + "\n")
    report = load_catalog([path], MAPPING)
    assert [(p.id, p.price, p.currency) for p in report.products] == [("a", 1.0, "USD"), ("b", 2.5, "EUR")]
    assert [str(r).split(":")[0] for r in report.rejections] == ["cat.jsonl line 2", "cat.jsonl line 3"]
    assert "not valid JSON" in report.rejections[0].reason


def test_json_records_nested_attributes_and_image_list(tmp_path):
    data = {
        "items": [
            {
                "sku": "x1",
                "name": "Lamp",
                "cost": "$1,299.00",
                "attrs": {"color": "red", "watts": 40},
                "imgs": "['https://img.example/a.jpg']",
                "cat": ["Home", "Lighting"],
            },
            {"sku": "x2", "name": "Shade", "cost": None},
        ]
    }
    path = write(tmp_path, "cat.json", json.dumps(data))
    mapping = mapping_from_dict(
        {
            "source": {"records_key": "items", "currency": "USD"},
            "fields": {"id": "sku", "title": "name", "price": "cost", "attributes": "attrs", "image_url": "imgs", "category": "cat"},
        }
    )
    report = load_catalog([path], mapping)
    (lamp,) = report.products
    assert lamp.price == 1299.0 and lamp.attributes == (("color", "red"), ("watts", "40"))
    assert lamp.image_url == "https://img.example/a.jpg" and lamp.category == ("Home", "Lighting")
    assert str(report.rejections[0]) == "cat.json record 2: price: missing; every product needs a price"


def test_decimal_comma_and_availability_words(tmp_path):
    path = write(tmp_path, "ikea.csv", "id;name;price;online\n1;Chair;1.234,50;TRUE\n2;Table;99,0;FALSE\n3;Bed;10;maybe\n")
    mapping = mapping_from_dict(
        {
            "source": {"delimiter": ";", "decimal_comma": True, "currency": "SAR"},
            "fields": {"id": "id", "title": "name", "price": "price", "availability": "online"},
        }
    )
    report = load_catalog([path], mapping)
    assert [(p.price, p.availability) for p in report.products] == [(1234.5, "in_stock"), (99.0, "out_of_stock")]
    assert str(report.rejections[0]).startswith("ikea.csv line 4: availability: cannot read 'maybe'")


def test_stock_sets_availability_and_unknown_is_not_in_stock(tmp_path):
    path = write(tmp_path, "cat.csv", HEADER + "a,A,1,USD,,0,,\nb,B,1,USD,,4,,\nc,C,1,USD,,,,\n")
    report = load_catalog([path], MAPPING)
    assert [(p.availability, p.in_stock) for p in report.products] == [("out_of_stock", False), ("in_stock", True), ("unknown", False)]


@pytest.mark.parametrize(
    "raw, message",
    [
        ({"fields": {"id": "id", "title": "t"}}, "must map 'price'"),
        ({"fields": {"id": "id", "title": "t", "price": "p"}}, "map fields.currency to a column or set source.currency"),
        ({"source": {"currency": "DOLLARS"}, "fields": {"id": "i", "title": "t", "price": "p"}}, "not an ISO 4217 code"),
        ({"source": {"currency": "USD"}, "fields": {"id": "i", "title": "t", "price": "p", "colour": "c"}}, "unknown field 'colour'"),
        ({"source": {"currency": "USD", "delim": ";"}, "fields": {"id": "i", "title": "t", "price": "p"}}, "unknown key source.delim"),
        (
            {"source": {"currency": "USD", "decimal_comma": "yes"}, "fields": {"id": "i", "title": "t", "price": "p"}},
            "source.decimal_comma must be a bool",
        ),
    ],
)
def test_bad_mappings_name_the_key(raw, message):
    with pytest.raises(MappingError, match=message):
        mapping_from_dict(raw)


def test_reviews_reject_unknown_products_and_bad_ratings(tmp_path):
    rows = [
        {"review_id": "r1", "product_id": "p1", "rating": 5, "text": "Great"},
        {"review_id": "r2", "product_id": "nope", "rating": 4, "text": "Fine"},
        {"review_id": "r3", "product_id": "p1", "rating": 9, "text": "Odd"},
        {"review_id": "r1", "product_id": "p1", "rating": 3, "text": "Again"},
    ]
    path = write(tmp_path, "reviews.jsonl", "\n".join(json.dumps(r) for r in rows))
    reviews, rejected = load_reviews(path, {"p1"})
    assert [r.id for r in reviews] == ["r1"]
    assert [str(r) for r in rejected] == [
        "reviews.jsonl line 2: product_id: 'nope' is not in the catalog",
        "reviews.jsonl line 3: rating: must be a whole number of stars 1..5, got 9",
        "reviews.jsonl line 4: review_id: duplicate review_id 'r1' (first seen at reviews.jsonl line 1); ids must be unique",
    ]


def test_shipped_mapping_files_parse():
    for name in ("demo", "amazon-1k", "flipkart-20k", "ikea"):
        mapping = load_mapping(MAPPINGS_DIR / f"{name}.toml")
        assert mapping.files, name


def test_blank_lines_do_not_shift_reported_line_numbers(tmp_path):
    path = write(tmp_path, "cat.csv", HEADER + GOOD + "\n\n" + "p2,Thing,abc,USD,4,1,B,C\n")
    report = load_catalog([path], MAPPING)
    assert str(report.rejections[0]).startswith("cat.csv line 5: price")


@pytest.mark.parametrize(
    "source, message",
    [
        ({"currency": "USD", "encoding": "utf9"}, "not a known text encoding"),
        ({"currency": "USD", "delimiter": ";;"}, "must be one character"),
    ],
)
def test_mapping_encoding_and_delimiter_are_checked(source, message):
    with pytest.raises(MappingError, match=message):
        mapping_from_dict({"source": source, "fields": {"id": "i", "title": "t", "price": "p"}})


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (
            'p2,Thing,"1.234,56",USD,4,1,B,C\n',
            "cat.csv line 3: price: '1.234,56' looks like a decimal-comma number; set source.decimal_comma = true",
        ),
        ("p2,Thing,1e308,USD,4,1,B,C\n", "cat.csv line 3: price: '1e308' is not a plausible price (above 1,000,000,000)"),
    ],
)
def test_ambiguous_and_absurd_prices_are_rejected_with_the_option_to_fix(tmp_path, row, expected):
    report = load_catalog([write(tmp_path, "cat.csv", HEADER + GOOD + row)], MAPPING)
    assert [p.id for p in report.products] == ["p1"] and str(report.rejections[0]).startswith(expected), str(report.rejections[0])


def test_minus_zero_price_is_zero(tmp_path):
    report = load_catalog([write(tmp_path, "cat.csv", HEADER + "p1,Free sample,-0,USD,,,B,C\n")], MAPPING)
    assert report.products[0].price == 0.0 and str(report.products[0].price) == "0.0"


def test_control_characters_and_bidi_overrides_are_stripped_at_ingestion(tmp_path):
    title = "Mug \x1b]0;pwned\x07\x1b[31mRED\x1b[0m \u202egnp.exe\x00"
    report = load_catalog([write(tmp_path, "cat.csv", HEADER + f'p1,"{title}",5,USD,,,B,C\n')], MAPPING)
    stored = report.products[0].title
    assert not any(ord(ch) < 32 or 0x7F <= ord(ch) <= 0x9F or 0x202A <= ord(ch) <= 0x202E for ch in stored), repr(stored)
    assert stored.startswith("Mug ]0;pwned [31mRED [0m")


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,<script>alert(1)</script>", "file:///etc/passwd", "/relative/path"])
def test_non_http_links_are_rejected_at_the_boundary(tmp_path, url):
    mapping = mapping_from_dict({"source": {"currency": "USD"}, "fields": {"id": "id", "title": "title", "price": "price", "url": "url"}})
    path = write(tmp_path, "cat.csv", f'id,title,price,url\np1,Mug,5,https://shop.example/p1\np2,Bad,5,"{url}"\n')
    report = load_catalog([path], mapping)
    assert [p.id for p in report.products] == ["p1"] and report.products[0].url == "https://shop.example/p1"
    assert str(report.rejections[0]).startswith("cat.csv line 3: url: must be an http(s) link")


def test_one_huge_cell_rejects_its_row_with_the_real_line_not_the_file(tmp_path):
    """A 5 MB description made the whole file "line 1: not readable as CSV (field larger than field limit)"."""
    huge = "x" * 5_000_000
    path = write(tmp_path, "cat.csv", HEADER + GOOD + f"p2,{huge},10,USD,4,1,B,C\n" + "p3,Mug,10,USD,4,1,B,C\n")
    report = load_catalog([path], MAPPING)
    assert [p.id for p in report.products] == ["p1", "p3"]
    assert (
        str(report.rejections[0])
        == "cat.csv line 3: title: a cell of 5,000,000 characters (the limit is 131,072); shorten it or leave the column out"
    )
    assert report.rejections[0].record_id == "p2"  # its id is still read: a re-index keeps its last good version


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-8-sig", "utf-32"])
def test_files_with_a_byte_order_mark_are_read_in_their_encoding(tmp_path, encoding):
    text = HEADER + GOOD + "p2,Café mug,10,USD,4,1,B,C\n"
    data = text.encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data
    report = load_catalog([write(tmp_path, "cat.csv", data)], MAPPING)
    assert [p.title for p in report.products] == ["Trail Shoe", "Café mug"] and not report.rejections


@pytest.mark.parametrize(
    "data",
    [b"PK\x03\x04\x00\x00binary\x00\xff" * 50, random.Random(7).randbytes(3000)],  # a zip; noise with few NULs
    ids=["zip", "noise"],
)
def test_a_binary_file_is_one_sentence_without_its_bytes(tmp_path, data):
    path = write(tmp_path, "cat.csv", data)
    with pytest.raises(CatalogError) as info:
        load_catalog([path], MAPPING)
    assert "not a text file" in str(info.value) and "\\x" not in str(info.value) and "PK" not in str(info.value)


def test_a_header_that_does_not_fit_the_mapping_is_shown_printable_and_short(tmp_path):
    path = write(tmp_path, "cat.csv", "sku\x7f\u202e,name," + ",".join(f"column{i}" for i in range(80)) + "\n1,Mug\n")
    with pytest.raises(CatalogError) as info:
        load_catalog([path], MAPPING)
    message = str(info.value)
    assert "header: 'sku??, name, column0" in message and message.endswith(" …'") and len(message) - len(str(path)) < 400


def test_a_price_cell_naming_another_currency_rejects_its_row(tmp_path):
    rows = HEADER + 'p1,Mug,"₹1,299",INR,,,B,C\np2,Lamp,"₹1,299",USD,,,B,C\np3,Cup,"$4.50",CAD,,,B,C\n'
    report = load_catalog([write(tmp_path, "cat.csv", rows)], MAPPING)
    assert [(p.id, p.price, p.currency) for p in report.products] == [("p1", 1299.0, "INR"), ("p3", 4.5, "CAD")]  # $ is CAD's sign too
    assert str(report.rejections[0]).endswith(
        "price: '₹1,299' is in INR but the row's currency is USD; fix the price or the currency column"
    )


def test_a_rating_or_count_with_a_currency_is_no_number(tmp_path):
    header = "id,title,price,currency,rating,stock\n"
    report = load_catalog(
        [write(tmp_path, "cat.csv", header + "p1,Mug,5,USD,4.5 USD,\np2,Cup,5,USD,4.5,$3\np3,Jar,5,USD,4.5,3\n")], rating_mapping()
    )
    assert [p.id for p in report.products] == ["p3"]
    assert [(r.field, r.reason) for r in report.rejections] == [
        ("rating", "must be a number, got '4.5 USD'"),
        ("stock", "must be a number, got '$3'"),
    ]


def rating_mapping():
    fields = {"id": "id", "title": "title", "price": "price", "currency": "currency", "rating": "rating", "stock": "stock"}
    return mapping_from_dict({"fields": fields})


def test_an_empty_brand_cell_takes_the_brand_its_shelf_and_title_name(tmp_path):
    rows = (
        "p1,Nike Combo Set,399,INR,4.5,1,,Deodorants > Combos > Nike Combos\n"  # shelf "<X> <parent>", title "X …": brand X
        "p2,Mint Green Kurta,499,INR,4,1,,Clothing > Kurtas > Mint Kurtas\n"  # "mint" is a plain word of another title
        "p3,Leaf Print Kurta with Mint trim,499,INR,4,1,Ola,Clothing > Kurtas\n"
        "p4,Park Avenue Deo,199,INR,4,1,,Deodorants > Park Avenue Deodorants\n"
        "p5,Plain Mug,99,INR,4,1,,Kitchen > Mugs > Prithish Mugs\n"  # the title does not open with the shelf's name
    )
    report = load_catalog([write(tmp_path, "cat.csv", HEADER + rows)], MAPPING)
    assert {p.id: p.brand for p in report.products} == {"p1": "Nike", "p2": "", "p3": "Ola", "p4": "Park Avenue", "p5": ""}
