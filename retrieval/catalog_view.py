"""The indexed catalog as every later stage sees it: its products in index order, each by id, and
each product's stored embedding. One view per loaded product index (built by `ProductSearch`);
understanding, planning, personalization and the entry points look products up only here.

A view read from the store holds each record as its stored JSON and decodes it on first use: a
million-product catalog then holds 0.4 GB of text rather than several GB of objects, and a search
decodes only the products it returns.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import numpy as np

from retrieval.records import Product


class CatalogView:
    """Products of one catalog with their vectors (row i of `vectors` embeds product i)."""

    def __init__(self, products: Sequence[Product], vectors: np.ndarray):
        self._setup([p.id for p in products], None, list(products), vectors, None)

    @classmethod
    def from_records(cls, ids: list[str], records: Sequence[str], vectors: np.ndarray, row_of: dict[str, int] | None = None) -> CatalogView:
        """A view over stored records (`Product.to_json` text), decoded when first asked for;
        `row_of` (id -> row) is shared with the caller's index when it has one."""
        view = cls.__new__(cls)
        view._setup(ids, records, [None] * len(records), vectors, row_of)
        return view

    def _setup(self, ids: list[str], records, decoded: list, vectors: np.ndarray, row_of) -> None:
        if len(decoded) != len(vectors):
            raise ValueError(f"{len(decoded)} products but {len(vectors)} vectors: the index rows are out of step")
        self._records = records
        self._decoded = decoded  # row -> Product once decoded
        self._vectors = vectors
        self._row = row_of if row_of is not None else {id_: i for i, id_ in enumerate(ids)}

    def product(self, row: int) -> Product:
        """The record at this row of the index."""
        found = self._decoded[row]
        if found is None:
            found = self._decoded[row] = Product.from_json(self._records[row])
        return found

    @property
    def products(self) -> tuple[Product, ...]:
        """Every record, in index order (decodes them all)."""
        return tuple(self)

    def __len__(self) -> int:
        return len(self._decoded)

    def __iter__(self) -> Iterator[Product]:
        return (self.product(row) for row in range(len(self._decoded)))

    def __contains__(self, product_id: object) -> bool:
        return isinstance(product_id, str) and product_id in self._row

    def __getitem__(self, product_id: str) -> Product:
        """The record with this id; KeyError when the catalog has none."""
        return self.product(self._row[product_id])

    def get(self, product_id: str) -> Product | None:
        """The record with this id, or None when the catalog has none."""
        row = self._row.get(product_id) if isinstance(product_id, str) else None
        return None if row is None else self.product(row)

    def vector(self, product_id: str) -> np.ndarray | None:
        """The product's stored embedding, or None when it is not in the catalog."""
        row = self._row.get(product_id) if isinstance(product_id, str) else None
        return None if row is None else self._vectors[row]

    @property
    def brands(self) -> set[str]:
        """Every brand the catalog sells, as it writes them."""
        return {p.brand for p in self if p.brand}
