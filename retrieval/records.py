"""Domain values that flow out of catalog loading: `Product` and `Review`.

They are frozen and validate themselves, so anything downstream (index, search, the assistant)
can trust a price is a number >= 0 in a known currency.
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import asdict, dataclass

from retrieval.money import ISO_4217

AVAILABILITY = ("in_stock", "out_of_stock", "unknown")


@dataclass(frozen=True)
class Product:
    id: str
    title: str
    price: float
    currency: str  # ISO 4217 code; prices are never compared across currencies
    description: str = ""
    brand: str = ""
    category: tuple[str, ...] = ()  # path from the top, e.g. ("Electronics", "Headphones")
    rating: float | None = None  # 0..5
    rating_count: int | None = None
    stock: int | None = None  # units on hand when the catalog says; None when unknown
    availability: str = "unknown"  # one of AVAILABILITY
    attributes: tuple[tuple[str, str], ...] = ()  # sorted (key, value) pairs
    url: str = ""
    image_url: str = ""

    def __post_init__(self) -> None:
        if not self.id:
            raise ValueError("Product.id must be a non-empty string")
        if not self.title:
            raise ValueError(f"Product {self.id}: title must be non-empty")
        if not (isinstance(self.price, float) and math.isfinite(self.price) and self.price >= 0):
            raise ValueError(f"Product {self.id}: price must be a finite float >= 0, got {self.price!r}")
        if self.currency not in ISO_4217:
            raise ValueError(f"Product {self.id}: currency must be an ISO 4217 code like USD, got {self.currency!r}")
        if self.rating is not None and not 0 <= self.rating <= 5:
            raise ValueError(f"Product {self.id}: rating must be between 0 and 5, got {self.rating}")
        if self.availability not in AVAILABILITY:
            raise ValueError(f"Product {self.id}: availability must be one of {AVAILABILITY}, got {self.availability!r}")
        if self.stock is not None and self.stock < 0:
            raise ValueError(f"Product {self.id}: stock must be >= 0, got {self.stock}")

    @property
    def in_stock(self) -> bool:
        """True only when the catalog says the item is available; unknown is not in stock."""
        return self.availability == "in_stock"

    @property
    def category_path(self) -> str:
        """The category as one string, e.g. 'Electronics > Headphones'."""
        return " > ".join(self.category)

    def to_json(self) -> str:
        """Canonical JSON of the record (sorted keys), used for storage and content hashing."""
        return json.dumps(asdict(self), sort_keys=True, ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> Product:
        """Inverse of `to_json`."""
        data = json.loads(text)
        data["category"] = tuple(data["category"])
        data["attributes"] = tuple((k, v) for k, v in data["attributes"])
        return cls(**data)


@dataclass(frozen=True)
class Review:
    id: str
    product_id: str
    text: str
    rating: int | None = None  # 1..5 stars
    title: str = ""
    author: str = ""
    date: str = ""  # ISO date as given by the source

    def __post_init__(self) -> None:
        if not self.id or not self.product_id:
            raise ValueError("Review.id and Review.product_id must be non-empty")
        if not self.text.strip():
            raise ValueError(f"Review {self.id}: text must be non-empty")
        if self.rating is not None and not 1 <= self.rating <= 5:
            raise ValueError(f"Review {self.id}: rating must be 1..5, got {self.rating}")


@dataclass(frozen=True)
class ReviewChunk:
    """A piece of one review, the unit the review index embeds and returns."""

    id: str  # "<review id>#<n>"
    review_id: str
    product_id: str
    text: str
    rating: int | None = None


def content_hash(text: str) -> str:
    """Stable short hash of a document's content; equal hashes mean no re-embedding."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]
