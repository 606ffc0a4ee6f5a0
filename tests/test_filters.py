"""Hard filters: each one drops exactly what it names; prices never compare across currencies."""

from __future__ import annotations

import pytest

from retrieval.filters import FilterError, Filters, ProductColumns
from retrieval.records import Product


def product(id_, price, currency="USD", brand="Acme", category=("Home", "Kitchen"), rating=4.0, availability="in_stock"):
    return Product(
        id=id_,
        title=f"Item {id_}",
        price=price,
        currency=currency,
        brand=brand,
        category=category,
        rating=rating,
        availability=availability,
    )


PRODUCTS = [
    product("a", 5.0),
    product("b", 15.0, brand="Zen"),
    product("c", 50.0, category=("Home", "Kitchenware")),
    product("d", 9.0, rating=None),
    product("e", 8.0, availability="out_of_stock"),
    product("f", 7.0, availability="unknown", category=("Electronics", "Audio")),
]


def ids(filters: Filters) -> list[str]:
    mask = ProductColumns(PRODUCTS).mask(filters)
    return [p.id for p, keep in zip(PRODUCTS, mask) if keep] if mask is not None else [p.id for p in PRODUCTS]


@pytest.mark.parametrize(
    "filters, expected",
    [
        (Filters(), ["a", "b", "c", "d", "e", "f"]),
        (Filters(price_max=9.0), ["a", "d", "e", "f"]),
        (Filters(price_min=8.0, price_max=15.0), ["b", "d", "e"]),
        (Filters(brands=("zen",)), ["b"]),
        (Filters(exclude_brands=("ACME",)), ["b"]),
        (Filters(category="home > kitchen"), ["a", "b", "d", "e"]),  # whole segments: not "Kitchenware"
        (Filters(category="Home"), ["a", "b", "c", "d", "e"]),
        (Filters(min_rating=4.0), ["a", "b", "c", "e", "f"]),  # no rating is dropped
        (Filters(in_stock=True), ["a", "b", "c", "d"]),  # unknown availability is not in stock
        (Filters(price_max=10, in_stock=True, category="Home"), ["a", "d"]),
    ],
)
def test_each_filter(filters, expected):
    assert ids(filters) == expected


def test_a_brand_cell_naming_several_designers_names_each():
    shared = [product("a", 5.0, brand="IKEA of Sweden/Tom Dixon"), product("b", 6.0, brand="Tom Dixon"), product("c", 7.0, brand="Tom")]
    columns = ProductColumns(shared)
    assert [p.id for p, keep in zip(shared, columns.mask(Filters(brands=("tom dixon",))), strict=True) if keep] == ["a", "b"]
    assert [p.id for p, keep in zip(shared, columns.mask(Filters(exclude_brands=("IKEA of Sweden",))), strict=True) if keep] == ["b", "c"]


def test_price_filter_never_compares_currencies():
    mixed = [product("usd", 5.0), product("inr", 5.0, currency="INR")]
    columns = ProductColumns(mixed)
    assert columns.mask(Filters(price_max=10, currency="INR")).tolist() == [False, True]
    with pytest.raises(FilterError, match="prices in INR, USD; say which currency"):
        columns.mask(Filters(price_max=10))
    assert columns.mask(Filters(brands=("acme",))).tolist() == [True, True]  # no price filter: no currency needed
    with pytest.raises(FilterError, match="no product is priced in EUR; the catalog's prices are in INR, USD"):
        columns.mask(Filters(price_max=10, currency="eur"))


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"price_min": 10, "price_max": 5}, "price_min .* is above price_max"),
        ({"price_max": -1}, "price_max must be >= 0"),
        ({"min_rating": 6}, "min_rating must be between 0 and 5"),
    ],
)
def test_invalid_filters(kwargs, message):
    with pytest.raises(FilterError, match=message):
        Filters(**kwargs)
