"""The shipped example mappings against the real catalogs in ../shared (skipped without them)."""

from __future__ import annotations

import pytest

from retrieval.catalog import load_catalog
from retrieval.mapping import MAPPINGS_DIR, load_mapping
from tests.conftest import require_shared

pytestmark = pytest.mark.shared


def load(name: str, *relative: str):
    paths = [require_shared(r) for r in relative]
    return load_catalog(paths, load_mapping(MAPPINGS_DIR / f"{name}.toml"))


def test_amazon_1k_json():
    report = load("amazon-1k", "catalog/amazon-1k/products.json")
    assert (len(report.products), report.rows_read) == (865, 1000)
    assert {r.reason for r in report.rejections} == {"missing; every product needs a price"}
    first = report.products[0]
    assert first.currency == "USD" and first.rating == 4.7 and first.url.startswith("https://www.amazon.com/dp/")
    assert first.image_url.startswith("https://") and first.image_url.endswith(".jpg")


def test_flipkart_20k_csv_parts():
    report = load("flipkart-20k", "catalog/flipkart-20k/products_20k_part1.csv", "catalog/flipkart-20k/products_20k_part2.csv")
    assert report.rows_read == 20_000 and len(report.products) == 19_922
    first = report.products[0]
    assert (first.price, first.currency, first.category[:2], first.rating) == (379.0, "INR", ("Clothing", "Women's Clothing"), None)
    assert all(r.location.startswith("line ") for r in report.rejections)


def test_ikea_semicolon_decimal_comma():
    report = load("ikea", "catalog/ikea/ikea.csv")
    first = report.products[0]
    assert (first.title, first.price, first.currency, first.availability) == ("FREKVENS", 265.0, "SAR", "in_stock")
    assert dict(first.attributes)["width"] == "51"
    assert all(r.reason.startswith("duplicate id") for r in report.rejections)
