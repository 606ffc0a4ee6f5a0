"""Domain records: `Product` and `Review` refuse bad values with a message naming the record and the
field, round-trip through canonical JSON, and hash by content."""

from __future__ import annotations

import dataclasses
import json

import numpy as np
import pytest

from retrieval.records import AVAILABILITY, Product, Review, ReviewChunk, content_hash

FULL = Product(
    id="sku-1",
    title="Trail Runner 2 — “Ultra”",
    price=89.5,
    currency="EUR",
    description="Light shoe\nfor trails",
    brand="Stride",
    category=("Sports", "Shoes", "Running"),
    rating=4.5,
    rating_count=120,
    stock=3,
    availability="in_stock",
    attributes=(("color", "blue"), ("size", "42")),
    url="https://example.com/p/1",
    image_url="https://example.com/p/1.jpg",
)


def product(**changes) -> Product:
    base = {"id": "p1", "title": "Mug", "price": 9.99, "currency": "USD"}
    return Product(**(base | changes))


# field changes -> the exact message of the ValueError
PRODUCT_ERRORS = [
    ({"id": ""}, "Product.id must be a non-empty string"),
    ({"title": ""}, "Product p1: title must be non-empty"),
    ({"price": 10}, "Product p1: price must be a finite float >= 0, got 10"),
    ({"price": "9.99"}, "Product p1: price must be a finite float >= 0, got '9.99'"),
    ({"price": -0.01}, "Product p1: price must be a finite float >= 0, got -0.01"),
    ({"price": float("inf")}, "Product p1: price must be a finite float >= 0, got inf"),
    ({"price": float("nan")}, "Product p1: price must be a finite float >= 0, got nan"),
    ({"currency": "usd"}, "Product p1: currency must be an ISO 4217 code like USD, got 'usd'"),
    ({"currency": "XXQ"}, "Product p1: currency must be an ISO 4217 code like USD, got 'XXQ'"),
    ({"currency": ""}, "Product p1: currency must be an ISO 4217 code like USD, got ''"),
    ({"rating": 5.1}, "Product p1: rating must be between 0 and 5, got 5.1"),
    ({"rating": -1.0}, "Product p1: rating must be between 0 and 5, got -1.0"),
    ({"rating": float("nan")}, "Product p1: rating must be between 0 and 5, got nan"),
    ({"availability": "maybe"}, f"Product p1: availability must be one of {AVAILABILITY}, got 'maybe'"),
    ({"stock": -1}, "Product p1: stock must be >= 0, got -1"),
]


@pytest.mark.parametrize(("changes", "message"), PRODUCT_ERRORS)
def test_product_validation_errors(changes, message):
    with pytest.raises(ValueError) as info:
        product(**changes)
    assert str(info.value) == message


@pytest.mark.parametrize(
    "changes",
    [
        {"price": 0.0},
        {"price": np.float64(12.5)},  # a float subclass, as pandas/numpy cells give
        {"rating": 0.0},
        {"rating": 5.0},
        {"rating": None},
        {"stock": 0},
        {"availability": "out_of_stock"},
        {"currency": "JPY"},
    ],
)
def test_product_boundary_values_are_accepted(changes):
    assert dataclasses.asdict(product(**changes)).items() >= changes.items()


REVIEW_ERRORS = [
    ({"id": ""}, "Review.id and Review.product_id must be non-empty"),
    ({"product_id": ""}, "Review.id and Review.product_id must be non-empty"),
    ({"text": ""}, "Review r1: text must be non-empty"),
    ({"text": " \n\t"}, "Review r1: text must be non-empty"),
    ({"rating": 0}, "Review r1: rating must be 1..5, got 0"),
    ({"rating": 6}, "Review r1: rating must be 1..5, got 6"),
]


@pytest.mark.parametrize(("changes", "message"), REVIEW_ERRORS)
def test_review_validation_errors(changes, message):
    with pytest.raises(ValueError) as info:
        Review(**({"id": "r1", "product_id": "p1", "text": "Great mug."} | changes))
    assert str(info.value) == message


@pytest.mark.parametrize("rating", [None, 1, 5])
def test_review_accepts_ratings_in_range(rating):
    assert Review("r1", "p1", "Fine.", rating=rating).rating == rating


def test_records_are_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        FULL.price = 1.0  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        ReviewChunk("r1#0", "r1", "p1", "text").text = "other"  # type: ignore[misc]


def test_to_json_is_canonical():
    assert product().to_json() == (
        '{"attributes":[],"availability":"unknown","brand":"","category":[],"currency":"USD","description":"",'
        '"id":"p1","image_url":"","price":9.99,"rating":null,"rating_count":null,"stock":null,"title":"Mug","url":""}'
    )
    text = FULL.to_json()
    assert "“Ultra”" in text and "\\u" not in text  # not ASCII-escaped
    assert list(json.loads(text)) == sorted(json.loads(text))
    assert '", "' not in text and '": ' not in text  # compact separators


@pytest.mark.parametrize("record", [FULL, product(), product(price=0.0, rating=0.0, stock=0)])
def test_json_round_trip_gives_an_equal_record(record):
    back = Product.from_json(record.to_json())
    assert back == record
    assert isinstance(back.category, tuple) and all(isinstance(pair, tuple) for pair in back.attributes)
    assert back.to_json() == record.to_json()


def test_from_json_validates():
    data = json.loads(product().to_json()) | {"price": -5.0}
    with pytest.raises(ValueError, match="price must be a finite float >= 0, got -5.0"):
        Product.from_json(json.dumps(data))


def test_content_hash_known_answers():
    assert content_hash("") == "e3b0c44298fc1c149afbf4c8996fb924"  # sha256 of the empty string, first 32 hex
    assert content_hash("abc") == "ba7816bf8f01cfea414140de5dae2223"
    assert len(content_hash(FULL.to_json())) == 32


def test_content_hash_follows_content_only():
    same = Product(**dataclasses.asdict(FULL) | {"category": FULL.category, "attributes": FULL.attributes})
    assert same is not FULL
    assert content_hash(same.to_json()) == content_hash(FULL.to_json())
    assert content_hash(Product.from_json(FULL.to_json()).to_json()) == content_hash(FULL.to_json())
    hashes = {
        content_hash(dataclasses.replace(FULL, **change).to_json())
        for change in ({"price": 89.49}, {"stock": 2}, {"title": "Trail Runner 3"}, {"attributes": (("color", "red"),)}, {})
    }
    assert len(hashes) == 5
    assert content_hash("é") != content_hash("e")


@pytest.mark.parametrize(
    ("category", "path"),
    [((), ""), (("Kitchen",), "Kitchen"), (("Sports", "Shoes", "Running"), "Sports > Shoes > Running")],
)
def test_category_path(category, path):
    assert product(category=category).category_path == path


@pytest.mark.parametrize(("availability", "in_stock"), [("in_stock", True), ("out_of_stock", False), ("unknown", False)])
def test_in_stock_follows_availability_only(availability, in_stock):
    assert product(availability=availability, stock=5).in_stock is in_stock
    assert product(availability=availability, stock=None).in_stock is in_stock
