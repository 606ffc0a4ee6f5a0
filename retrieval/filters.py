"""Hard filters, applied before ranking in both arms.

`ProductColumns` holds the filterable fields of the indexed products as numpy arrays, so a
filter becomes a boolean mask in microseconds instead of a per-row scan or a slow store query.
Prices are compared only within one currency.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from retrieval.money import MoneyError, price_currency
from retrieval.records import Product
from runtime.errors import UserError


class FilterError(UserError, ValueError):
    """A filter that cannot be applied as given; the message says how to fix it."""


@dataclass(frozen=True)
class Filters:
    price_min: float | None = None
    price_max: float | None = None
    currency: str | None = None  # currency of price_min/max; None means the catalog's only currency
    brands: tuple[str, ...] = ()  # keep only these brands (case-insensitive)
    exclude_brands: tuple[str, ...] = ()  # drop these brands
    category: str = ""  # category path prefix, whole segments: "Electronics" or "Electronics > Headphones"
    min_rating: float | None = None  # products with no rating are dropped when set
    in_stock: bool = False  # keep only products the catalog says are available

    def __post_init__(self) -> None:
        for name in ("price_min", "price_max"):
            value = getattr(self, name)
            if value is not None and value < 0:
                raise FilterError(f"{name} must be >= 0, got {value}")
        if self.price_min is not None and self.price_max is not None and self.price_min > self.price_max:
            raise FilterError(f"price_min ({self.price_min}) is above price_max ({self.price_max})")
        if self.min_rating is not None and not 0 <= self.min_rating <= 5:
            raise FilterError(f"min_rating must be between 0 and 5, got {self.min_rating}")

    @property
    def active(self) -> bool:
        """True when any filter would drop something."""
        return self != Filters()


def brand_names(cell: str) -> tuple[str, ...]:
    """The brands a brand cell names: IKEA lists several designers as "IKEA of Sweden/Tom Dixon"."""
    return tuple(part.strip() for part in cell.split("/") if part.strip())


def category_segments(path: str) -> tuple[str, ...]:
    """'Electronics > Headphones' -> ('electronics', 'headphones')."""
    return tuple(s.strip().lower() for s in path.split(">") if s.strip())


class ProductColumns:
    """Filterable product fields as arrays, in the same row order as the vectors. Brands,
    currencies and category paths are codes into their distinct values (a million rows of brand
    text would be a GB as a numpy string array)."""

    def __init__(self, products: list[Product]):
        self._setup(
            [p.price for p in products],
            [p.currency for p in products],
            [p.brand.lower() for p in products],
            [p.category_path for p in products],
            [np.nan if p.rating is None else p.rating for p in products],
            [p.in_stock for p in products],
        )

    @classmethod
    def stored(cls, fields: dict[str, list]) -> ProductColumns:
        """The columns from the metadata `product_document` stores beside each vector (no record
        is decoded): price, currency, brand (lower case), category path, rating (-1: none), in_stock."""
        columns = cls.__new__(cls)
        rating = np.array(fields["rating"], dtype=np.float64)
        rating[rating < 0] = np.nan
        columns._setup(fields["price"], fields["currency"], fields["brand"], fields["category"], rating, fields["in_stock"])
        return columns

    def _setup(self, price, currency, brand, category, rating, in_stock) -> None:
        self.price = np.array(price, dtype=np.float64)
        self.rating = np.array(rating, dtype=np.float64)
        self.in_stock = np.array(in_stock, dtype=bool)
        currencies, self._currency_id = _codes(currency)
        self._brand_cells, self.brand_id = _codes(brand)
        self.currencies = tuple(sorted(currencies))
        self._currency_code = {c: i for i, c in enumerate(currencies)}
        paths, path_id = _codes(category)
        unique = [category_segments(path) for path in paths]
        self.category_id = path_id
        # every prefix of every path -> the category ids under it; a prefix filter is then one
        # table lookup instead of a scan over the (often thousands of) distinct paths
        self._under: dict[tuple[str, ...], list[int]] = {}
        for i, path in enumerate(unique):
            for depth in range(len(path) + 1):
                self._under.setdefault(path[:depth], []).append(i)
        self._category_count = len(unique)

    def _cells_naming(self, brands: tuple[str, ...]) -> list[int]:
        """Codes of the brand cells naming one of these brands, alone or among several ("IKEA of Sweden/Tom Dixon")."""
        wanted = {b.lower() for b in brands}
        return [i for i, cell in enumerate(self._brand_cells) if cell in wanted or wanted & set(brand_names(cell))]

    def mask(self, filters: Filters) -> np.ndarray | None:
        """Rows that pass every filter; None when no filter is active (everything passes)."""
        if not filters.active:
            return None
        keep = np.ones(len(self.price), dtype=bool)
        if filters.price_min is not None or filters.price_max is not None:
            keep &= self._currency_id == self._currency_code.get(self._price_currency(filters), -1)
            if filters.price_min is not None:
                keep &= self.price >= filters.price_min
            if filters.price_max is not None:
                keep &= self.price <= filters.price_max
        if filters.brands:
            keep &= np.isin(self.brand_id, self._cells_naming(filters.brands))
        if filters.exclude_brands:
            keep &= ~np.isin(self.brand_id, self._cells_naming(filters.exclude_brands))
        if filters.category:
            under = np.zeros(self._category_count, dtype=bool)
            under[self._under.get(category_segments(filters.category), [])] = True
            keep &= under[self.category_id]
        if filters.min_rating is not None:
            keep &= np.nan_to_num(self.rating, nan=-1.0) >= filters.min_rating
        if filters.in_stock:
            keep &= self.in_stock
        return keep

    def _price_currency(self, filters: Filters) -> str:
        try:
            return price_currency(filters.currency, self.currencies)
        except MoneyError as exc:
            raise FilterError(str(exc)) from None


def _codes(values) -> tuple[list, np.ndarray]:
    """(distinct values, in first-seen order; each row's index into them)."""
    lookup: dict = {}
    codes = np.fromiter((lookup.setdefault(v, len(lookup)) for v in values), dtype=np.int32)
    return list(lookup), codes
