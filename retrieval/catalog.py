"""Load and validate catalog and review files into `Product` and `Review` values.

First stage of the flow: catalog files -> load + validate -> (embed, index). Every bad row becomes
a `Rejection` naming file, line or record, field and reason; good rows still load unless `strict`.
A catalog where nothing loads is an error, never an empty index.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from pathlib import Path

from retrieval.catalog_files import BadRow, CatalogError, read_jsonl, read_records
from retrieval.mapping import CatalogMapping
from retrieval.money import ISO_4217, MAX_AMOUNT, Amount, MoneyError, cell_amount, number, quoted
from retrieval.records import Product, Review

DEMO_DIR = Path(__file__).parent / "demo_store"
_URL = re.compile(r"https?://[^\s'\"\],]+")
_TRUE = {"true", "yes", "y", "1", "in stock", "in_stock", "available"}
_FALSE = {"false", "no", "n", "0", "out of stock", "out_of_stock", "sold out", "unavailable"}


@dataclass(frozen=True)
class Rejection:
    file: str
    location: str  # "line 17" or "record 17"
    field: str
    reason: str
    record_id: str = ""  # the row's id when it has one: a rejected row keeps its last good version in the index

    def __str__(self) -> str:
        return f"{self.file} {self.location}: {self.field}: {self.reason}"


@dataclass(frozen=True)
class LoadReport:
    products: tuple[Product, ...]
    rejections: tuple[Rejection, ...]
    rows_read: int

    def summary(self, limit: int = 10) -> str:
        """A short human summary: counts, then the first rejections."""
        lines = [f"loaded {len(self.products)} of {self.rows_read} rows; rejected {len(self.rejections)}"]
        lines += [f"  {r}" for r in self.rejections[:limit]]
        if len(self.rejections) > limit:
            lines.append(f"  ... and {len(self.rejections) - limit} more")
        return "\n".join(lines)


class _RowError(Exception):
    def __init__(self, field: str, reason: str):
        super().__init__(reason)
        self.field = field
        self.reason = reason


def load_catalog(paths: list[Path], mapping: CatalogMapping, strict: bool = False) -> LoadReport:
    """Load products from one or more files with one mapping; duplicates across files are rejected."""
    if not paths:
        raise CatalogError("no catalog files given: pass files or set source.files in the mapping")
    rows = ((Path(path).name, location, record) for path in paths for location, record in read_records(Path(path), mapping))
    id_column = mapping.column("id")
    products, rejections = _convert_rows(
        rows, lambda record: _to_product(record, mapping), "id", strict, lambda record: _text(record.get(id_column)) if id_column else ""
    )
    if not products:
        first = f"; first: {rejections[0]}" if rejections else ""
        raise CatalogError(
            f"no product could be loaded from {', '.join(map(str, paths))}: {len(rejections)} rows read, {len(rejections)} rejected{first}"
        )
    return LoadReport(_brands_from_shelves(products), tuple(rejections), len(products) + len(rejections))


def _brands_from_shelves(products: list[Product]) -> tuple[Product, ...]:
    """A record with an empty brand cell, filed on a shelf named '<X> <its parent shelf>' and titled
    'X …', has the brand X: Flipkart files "Nike Combo Set" under "Combos > Nike Combos" and
    "Prithish Leo Black Ceramic Mug" under "Coffee Mugs > Prithish Coffee Mugs", both without a brand.
    A one-word X that other titles use as a plain word is left alone ("Mint" of "Mint Green")."""
    makers = {}
    for p in products:
        leaf, parent = (p.category[-1], p.category[-2]) if len(p.category) >= 2 else ("", "")
        maker = leaf[: -len(parent)].strip() if leaf.lower().endswith(f" {parent.lower()}") else ""
        if not p.brand and maker and p.title.lower().startswith(maker.lower()) and p.title[len(maker) : len(maker) + 1] in ("", " "):
            makers[p.id] = p.title[: len(maker)]
    single = {m.lower() for m in makers.values() if " " not in m}
    plain = {w for p in products for w in re.findall(r"[a-z0-9'&-]+", p.title.lower())[1:] if w in single}  # used past a title's start
    return tuple(replace(p, brand=makers[p.id]) if p.id in makers and makers[p.id].lower() not in plain else p for p in products)


def load_reviews(path: Path, product_ids: set[str] | None = None, strict: bool = False) -> tuple[list[Review], list[Rejection]]:
    """Load reviews from the project's JSONL format (see README); unknown product ids are rejected."""
    rows = ((Path(path).name, location, record) for location, record in read_jsonl(Path(path), "utf-8-sig"))
    return _convert_rows(
        rows, lambda record: _to_review(record, product_ids), "review_id", strict, lambda record: _text(record.get("review_id"))
    )


def _convert_rows(rows, convert, id_field: str, strict: bool, id_of=lambda record: "") -> tuple[list, list[Rejection]]:
    """Convert (file, location, record) rows; bad rows and repeated ids become rejections (or raise when strict)."""
    items: list = []
    rejections: list[Rejection] = []
    seen: dict[str, str] = {}  # id -> where first seen
    for file, location, record in rows:
        try:
            if isinstance(record, BadRow):
                raise _RowError(record.field, record.reason)
            item = convert(record)
            if item.id in seen:
                raise _RowError(id_field, f"duplicate {id_field} {quoted(item.id)} (first seen at {seen[item.id]}); ids must be unique")
        except _RowError as err:
            record_id = record.record_id if isinstance(record, BadRow) else id_of(record)
            rejection = Rejection(file, location, err.field, err.reason, record_id)
            if strict:
                raise CatalogError(f"{rejection} (strict mode stops at the first bad row)") from None
            rejections.append(rejection)
            continue
        seen[item.id] = f"{file} {location}"
        items.append(item)
    return items, rejections


# --- turning a record into a Product ---------------------------------------------------------------


def _to_product(record: dict, mapping: CatalogMapping) -> Product:
    def get(name: str) -> object:
        column = mapping.column(name)
        return None if column is None else _clean(record.get(column), name, mapping)

    product_id = _text(get("id"))
    if not product_id:
        raise _RowError("id", "missing; every row needs a unique id")
    title = _text(get("title"))
    if not title:
        raise _RowError("title", "missing; every product needs a title")
    stated = _amount(get("price"), "price", mapping, required=True)
    price = stated.value
    if price < 0:
        raise _RowError("price", f"must be a number >= 0, got {price:g}")
    currency = (_text(get("currency")) or mapping.currency).upper()
    if currency not in ISO_4217:
        raise _RowError("currency", f"unknown currency {quoted(currency)}; use an ISO 4217 code like USD, EUR or INR")
    if stated.currency not in (None, currency):
        raise _RowError(
            "price",
            f"{quoted(get('price'))} is in {stated.currency} but the row's currency is {currency}; fix the price or the currency column",
        )
    rating = _number(get("rating"), "rating", mapping)
    if rating is not None and not 0 <= rating <= 5:
        raise _RowError("rating", f"must be between 0 and 5, got {rating:g}")
    rating_count = _count(get("rating_count"), "rating_count", mapping)
    stock = _count(get("stock"), "stock", mapping)
    availability = _availability(get("availability"), stock, mapping)
    return Product(
        id=product_id,
        title=title,
        price=price,
        currency=currency,
        description=" ".join(_text(_clean(record.get(c), "description", mapping)) for c in mapping.fields.get("description", ())).strip(),
        brand=_text(get("brand")),
        category=_category(record, mapping),
        rating=rating,
        rating_count=rating_count,
        stock=stock,
        availability=availability,
        attributes=_attributes(record, mapping),
        url=_url(_text(get("url"))),
        image_url=_first_url(get("image_url")),
    )


def _to_review(record: dict, product_ids: set[str] | None) -> Review:
    for key, value in record.items():
        _check_encoding(value, key)
    review_id = _text(record.get("review_id"))
    if not review_id:
        raise _RowError("review_id", "missing; every review needs a unique review_id")
    product_id = _text(record.get("product_id"))
    if not product_id:
        raise _RowError("product_id", "missing; say which product the review is about")
    if product_ids is not None and product_id not in product_ids:
        raise _RowError("product_id", f"{quoted(product_id)} is not in the catalog")
    text = _text(record.get("text"))
    if not text:
        raise _RowError("text", "missing or empty")
    rating = record.get("rating")
    if rating is not None and (isinstance(rating, bool) or not isinstance(rating, int) or not 1 <= rating <= 5):
        raise _RowError("rating", f"must be a whole number of stars 1..5, got {rating!r}")
    return Review(review_id, product_id, text, rating, _text(record.get("title")), _text(record.get("author")), _text(record.get("date")))


def _check_encoding(value: object, field: str) -> None:
    if isinstance(value, str) and any("\ud800" <= ch <= "\udfff" for ch in value):  # undecodable bytes, or a lone JSON "\ud800"
        raise _RowError(
            field, "bad encoding: bytes that are not valid text in the file's encoding; re-save the file as UTF-8 or set source.encoding"
        )


def _clean(value: object, field: str, mapping: CatalogMapping) -> object:
    """Normalise a raw cell: check encoding, map null markers to None."""
    _check_encoding(value, field)
    if isinstance(value, str):
        value = value.strip()
        if value.lower() in mapping.null_values:
            return None
    return value


# control characters (terminal escapes such as ESC]0;…BEL, NUL) and bidirectional overrides: never part of
# a product's text, and dangerous on a terminal or when they reorder what a reader sees
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(CONTROL.sub(" ", str(value)).split())


def _number(value: object, field: str, mapping: CatalogMapping) -> float | None:
    """A plain number cell (rating, count): no currency in it."""
    amount = _amount(value, field, mapping, money=False)
    return None if amount is None else amount.value


def _amount(value: object, field: str, mapping: CatalogMapping, required: bool = False, money: bool = True) -> Amount | None:
    """A number cell, with the currency it names if it is `money` ("₹1,299", "45 SAR")."""
    if value is None:
        if required:
            raise _RowError(field, f"missing; every product needs a {field}")
        return None
    if isinstance(value, bool):
        raise _RowError(field, f"must be a number, got {quoted(value)}")
    if isinstance(value, (int, float)):
        if isinstance(value, int) and abs(value) > MAX_AMOUNT:  # before float(): a JSON integer of 400 digits is no float at all
            raise _RowError(field, f"a {len(str(abs(value)))}-digit number is not a plausible {field}; check the column and its unit")
        amount = Amount(float(value), None)
    else:
        try:
            amount = cell_amount(str(value), mapping.decimal_comma) if money else Amount(number(str(value), mapping.decimal_comma), None)
        except MoneyError as exc:
            raise _RowError(field, str(exc)) from None
    if not math.isfinite(amount.value):
        raise _RowError(field, f"must be a finite number, got {quoted(value)}")
    if abs(amount.value) > MAX_AMOUNT:
        raise _RowError(field, f"{quoted(value)} is not a plausible {field} (above {MAX_AMOUNT:,.0f}); check the column and its unit")
    return Amount(amount.value + 0.0, amount.currency)  # -0.0 becomes 0.0: never "$-0.00"


def _count(value: object, field: str, mapping: CatalogMapping) -> int | None:
    number = _number(value, field, mapping)
    if number is None:
        return None
    if number < 0 or not number.is_integer():
        raise _RowError(field, f"must be a whole number >= 0, got {quoted(value)}")
    return int(number)


def _availability(value: object, stock: int | None, mapping: CatalogMapping) -> str:
    if value is not None:
        text = str(value).strip().lower()
        if text in _TRUE:
            return "in_stock"
        if text in _FALSE:
            return "out_of_stock"
        raise _RowError("availability", f"cannot read {quoted(value)} as available or not; use true/false or 'in stock'/'out of stock'")
    if stock is not None:
        return "in_stock" if stock > 0 else "out_of_stock"
    return mapping.availability_default


def _category(record: dict, mapping: CatalogMapping) -> tuple[str, ...]:
    columns = mapping.fields.get("category", ())
    parts: list[str] = []
    for column in columns:
        value = _clean(record.get(column), "category", mapping)
        if isinstance(value, list):
            parts += [_text(v) for v in value]
        elif value is not None:
            text = _text(value)
            parts += text.split(mapping.category_separator) if len(columns) == 1 else [text]
    return tuple(p.strip(" >") for p in parts if p.strip(" >"))


def _attributes(record: dict, mapping: CatalogMapping) -> tuple[tuple[str, str], ...]:
    columns = mapping.fields.get("attributes", ())
    pairs: dict[str, str] = {}
    for column in columns:
        value = _clean(record.get(column), "attributes", mapping)
        if isinstance(value, dict) and len(columns) == 1:
            for key, item in value.items():
                _check_encoding(item, "attributes")
                if item not in (None, ""):
                    pairs[str(key)] = _text(item)
        elif value not in (None, ""):
            pairs[column] = _text(value)
    return tuple(sorted(pairs.items()))


def _url(value: str) -> str:
    """A product link: empty, or http(s). javascript:, data: and file: links are rejected with the row."""
    if value and not re.match(r"https?://[^\s/]", value, re.IGNORECASE):
        raise _RowError("url", f"must be an http(s) link, got {value[:60]!r}; fix the link or leave the cell empty")
    return value


def _first_url(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        value = value[0] if value else ""
    match = _URL.search(str(value))
    return match.group(0) if match else ""
