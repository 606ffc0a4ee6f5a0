"""The indexed catalog as every later stage sees it: its products in index order, each by id, and
each product's stored embedding. One view per loaded product index (built by `ProductSearch`);
understanding, planning, personalization and the entry points look products up only here.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from retrieval.records import Product


class CatalogView:
    """Products of one catalog with their vectors (row i of `vectors` embeds product i)."""

    def __init__(self, products: list[Product], vectors: np.ndarray):
        if len(products) != len(vectors):
            raise ValueError(f"{len(products)} products but {len(vectors)} vectors: the index rows are out of step")
        self.products = tuple(products)
        self._vectors = vectors
        self._row = {p.id: i for i, p in enumerate(self.products)}

    def __len__(self) -> int:
        return len(self.products)

    def __iter__(self) -> Iterator[Product]:
        return iter(self.products)

    def __contains__(self, product_id: object) -> bool:
        return product_id in self._row

    def __getitem__(self, product_id: str) -> Product:
        """The record with this id; KeyError when the catalog has none."""
        return self.products[self._row[product_id]]

    def get(self, product_id: str) -> Product | None:
        """The record with this id, or None when the catalog has none."""
        row = self._row.get(product_id)
        return None if row is None else self.products[row]

    def vector(self, product_id: str) -> np.ndarray | None:
        """The product's stored embedding, or None when it is not in the catalog."""
        row = self._row.get(product_id)
        return None if row is None else self._vectors[row]

    @property
    def brands(self) -> set[str]:
        """Every brand the catalog sells, as it writes them."""
        return {p.brand for p in self.products if p.brand}
