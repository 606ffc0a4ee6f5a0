"""The catalog view: products in index order, looked up by id, each with row i of the vectors."""

from __future__ import annotations

import numpy as np
import pytest

from retrieval.catalog_view import CatalogView
from retrieval.records import Product

PRODUCTS = [
    Product("p3", "Kettle", 30.0, "USD", brand="Brewco"),
    Product("p1", "Mug", 9.5, "USD", brand="Brewco"),
    Product("p2", "Teapot", 25.0, "USD", brand=""),
    Product("p4", "Cup", 4.0, "USD", brand="brewco"),
]
VECTORS = np.arange(8, dtype=np.float32).reshape(4, 2)


@pytest.fixture
def view() -> CatalogView:
    return CatalogView(PRODUCTS, VECTORS)


def test_len_and_iteration_keep_index_order(view):
    assert len(view) == 4
    assert [p.id for p in view] == ["p3", "p1", "p2", "p4"]
    assert list(view) == list(view)  # iterable more than once
    assert view.products == tuple(PRODUCTS)


@pytest.mark.parametrize(("key", "present"), [("p1", True), ("p4", True), ("p9", False), ("", False), (None, False), (1, False)])
def test_membership_is_by_id(view, key, present):
    assert (key in view) is present


def test_products_themselves_are_not_members(view):
    assert PRODUCTS[0] not in view  # `in` asks about ids


@pytest.mark.parametrize(("product_id", "title"), [("p3", "Kettle"), ("p1", "Mug"), ("p2", "Teapot"), ("p4", "Cup")])
def test_getitem_and_get_return_the_record(view, product_id, title):
    assert view[product_id].title == title
    assert view.get(product_id) is view[product_id]


def test_unknown_id_is_a_key_error_for_getitem_and_none_for_get(view):
    with pytest.raises(KeyError, match="p9"):
        view["p9"]
    assert view.get("p9") is None


@pytest.mark.parametrize(("product_id", "row"), [("p3", 0), ("p1", 1), ("p2", 2), ("p4", 3)])
def test_vector_is_the_row_of_the_product(view, product_id, row):
    np.testing.assert_array_equal(view.vector(product_id), VECTORS[row])


def test_vector_of_an_unknown_product_is_none(view):
    assert view.vector("p9") is None


def test_brands_are_as_written_without_empty_ones(view):
    assert view.brands == {"Brewco", "brewco"}


def test_an_empty_catalog():
    empty = CatalogView([], np.zeros((0, 384), dtype=np.float32))
    assert len(empty) == 0 and list(empty) == [] and empty.brands == set()
    assert "p1" not in empty and empty.get("p1") is None and empty.vector("p1") is None


@pytest.mark.parametrize(("n_products", "n_vectors"), [(4, 3), (3, 4), (0, 1), (1, 0)])
def test_products_and_vectors_out_of_step_is_an_error(n_products, n_vectors):
    with pytest.raises(ValueError) as info:
        CatalogView(PRODUCTS[:n_products], np.zeros((n_vectors, 2), dtype=np.float32))
    assert str(info.value) == f"{n_products} products but {n_vectors} vectors: the index rows are out of step"
