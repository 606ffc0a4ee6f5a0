"""Load and validate catalog and review files into `Product` and `Review` values.

First stage of the flow: catalog files -> load + validate -> (embed, index). Every bad row becomes
a `Rejection` naming file, line or record, field and reason; good rows still load unless `strict`.
A catalog where nothing loads is an error, never an empty index.
"""

from __future__ import annotations

import csv
import json
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from retrieval.mapping import CatalogMapping, MappingError
from retrieval.money import ISO_4217, MAX_AMOUNT, Amount, MoneyError, cell_amount
from retrieval.records import Product, Review
from runtime.errors import UserError

DEMO_DIR = Path(__file__).parent / "demo_store"
_URL = re.compile(r"https?://[^\s'\"\],]+")
_TRUE = {"true", "yes", "y", "1", "in stock", "in_stock", "available"}
_FALSE = {"false", "no", "n", "0", "out of stock", "out_of_stock", "sold out", "unavailable"}


class CatalogError(UserError, ValueError):
    """A catalog that cannot be loaded (or a bad row in strict mode); the message says what to fix."""


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
    rows = ((Path(path).name, location, record) for path in paths for location, record in _records(Path(path), mapping))
    id_column = mapping.column("id")
    products, rejections = _convert_rows(
        rows, lambda record: _to_product(record, mapping), "id", strict, lambda record: _text(record.get(id_column)) if id_column else ""
    )
    if not products:
        first = f"; first: {rejections[0]}" if rejections else ""
        raise CatalogError(
            f"no product could be loaded from {', '.join(map(str, paths))}: {len(rejections)} rows read, {len(rejections)} rejected{first}"
        )
    return LoadReport(tuple(products), tuple(rejections), len(products) + len(rejections))


def load_reviews(path: Path, product_ids: set[str] | None = None, strict: bool = False) -> tuple[list[Review], list[Rejection]]:
    """Load reviews from the project's JSONL format (see README); unknown product ids are rejected."""
    rows = ((Path(path).name, location, record) for location, record in _jsonl_records(Path(path), "utf-8-sig"))
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
            if isinstance(record, _RowError):
                raise record
            item = convert(record)
            if item.id in seen:
                raise _RowError(id_field, f"duplicate {id_field} {item.id!r} (first seen at {seen[item.id]}); ids must be unique")
        except _RowError as err:
            record_id = "" if isinstance(record, _RowError) else id_of(record)
            rejection = Rejection(file, location, err.field, err.reason, record_id)
            if strict:
                raise CatalogError(f"{rejection} (strict mode stops at the first bad row)") from None
            rejections.append(rejection)
            continue
        seen[item.id] = f"{file} {location}"
        items.append(item)
    return items, rejections


# --- reading files: each yields (location, record dict | _RowError) -------------------------------


def _records(path: Path, mapping: CatalogMapping) -> Iterator[tuple[str, dict | _RowError]]:
    if not path.is_file():
        raise CatalogError(f"{path}: catalog file not found")
    try:
        path.open("rb").close()
    except OSError as exc:
        raise CatalogError(f"{path}: cannot be read ({exc.strerror}); check its permissions") from None
    try:
        fmt = mapping.format_of(path)
    except MappingError as exc:
        raise CatalogError(str(exc)) from None
    if fmt == "csv":
        yield from _csv_records(path, mapping)
    elif fmt == "jsonl":
        yield from _jsonl_records(path, mapping.encoding)
    else:
        yield from _json_records(path, mapping)


MAX_CELL = 128 * 1024  # characters in one cell; a longer one rejects its row, not the file
BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)


def _encoding(path: Path, configured: str) -> str:
    """The file's encoding: the one its byte-order mark names (UTF-8/16/32), else the configured one.
    A file full of NUL bytes and no such mark is not text: say so rather than show its bytes."""
    with path.open("rb") as handle:
        head = handle.read(4096)
    for bom, encoding in BOMS:
        if head.startswith(bom):
            return encoding
    if head.count(b"\x00") > max(1, len(head) // 100):  # a stray NUL is a bad cell (stripped); many are a binary file
        raise CatalogError(
            f"{path}: not a text file (it holds binary data); export the catalog as CSV, JSON or JSONL, "
            "or set source.encoding if it is UTF-16 without a byte-order mark"
        )
    return configured


def _csv_records(path: Path, mapping: CatalogMapping) -> Iterator[tuple[str, dict | _RowError]]:
    # surrogateescape keeps undecodable bytes so the row holding them is reported, not the whole file
    csv.field_size_limit(max(csv.field_size_limit(), 1 << 30))  # long cells are judged per row below, not by the csv module
    with path.open(encoding=_encoding(path, mapping.encoding), errors="surrogateescape", newline="") as handle:
        reader = csv.DictReader(handle, delimiter=mapping.delimiter)
        header = reader.fieldnames or []
        missing = sorted({c for cols in mapping.fields.values() for c in cols} - set(header))
        if missing:
            raise CatalogError(f"{path}: the mapping names column(s) {missing} that the header does not have; header: {header}")
        try:
            for row in reader:
                # csv skips blank lines and joins quoted newlines, so count back from where it is
                spanned = 1 + sum(v.count("\n") for v in row.values() if isinstance(v, str))
                long = next(
                    ((column, len(value)) for column, value in row.items() if isinstance(value, str) and len(value) > MAX_CELL), None
                )
                if long is not None:
                    row = _RowError(
                        str(long[0]), f"a cell of {long[1]:,} characters (the limit is {MAX_CELL:,}); shorten it or leave the column out"
                    )
                yield f"line {reader.line_num - spanned + 1}", row
        except csv.Error as exc:
            raise CatalogError(f"{path} line {reader.line_num}: not readable as CSV ({exc}); check source.delimiter and quoting") from None


def _jsonl_records(path: Path, encoding: str) -> Iterator[tuple[str, dict | _RowError]]:
    if not path.is_file():
        raise CatalogError(f"{path}: file not found")
    with path.open(encoding=_encoding(path, encoding), errors="surrogateescape") as handle:
        for number, text in enumerate(handle, start=1):
            if not text.strip():
                continue
            try:
                record = json.loads(text)
            except json.JSONDecodeError as exc:
                yield f"line {number}", _RowError("(row)", f"not valid JSON ({exc.msg} at column {exc.colno})")
                continue
            if not isinstance(record, dict):
                yield f"line {number}", _RowError("(row)", "each line must be a JSON object")
                continue
            yield f"line {number}", record


def _json_records(path: Path, mapping: CatalogMapping) -> Iterator[tuple[str, dict | _RowError]]:
    try:
        data = json.loads(path.read_text(encoding=_encoding(path, mapping.encoding), errors="surrogateescape"))
    except json.JSONDecodeError as exc:
        raise CatalogError(f"{path}: not valid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}") from None
    if mapping.records_key:
        if not isinstance(data, dict) or mapping.records_key not in data:
            raise CatalogError(f"{path}: no top-level key {mapping.records_key!r} (source.records_key)")
        data = data[mapping.records_key]
    if not isinstance(data, list):
        raise CatalogError(f"{path}: expected a JSON list of records; set source.records_key if the list is under a key")
    for number, record in enumerate(data, start=1):
        if not isinstance(record, dict):
            yield f"record {number}", _RowError("(row)", "each record must be a JSON object")
        else:
            yield f"record {number}", record


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
        raise _RowError("currency", f"unknown currency {currency!r}; use an ISO 4217 code like USD, EUR or INR")
    if stated.currency not in (None, currency):
        raise _RowError(
            "price", f"{get('price')!r} is in {stated.currency} but the row's currency is {currency}; fix the price or the currency column"
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
        raise _RowError("product_id", f"{product_id!r} is not in the catalog")
    text = _text(record.get("text"))
    if not text:
        raise _RowError("text", "missing or empty")
    rating = record.get("rating")
    if rating is not None and (isinstance(rating, bool) or not isinstance(rating, int) or not 1 <= rating <= 5):
        raise _RowError("rating", f"must be a whole number of stars 1..5, got {rating!r}")
    return Review(review_id, product_id, text, rating, _text(record.get("title")), _text(record.get("author")), _text(record.get("date")))


def _check_encoding(value: object, field: str) -> None:
    if isinstance(value, str) and any("\udc80" <= ch <= "\udcff" for ch in value):
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


def _number(value: object, field: str, mapping: CatalogMapping, required: bool = False) -> float | None:
    amount = _amount(value, field, mapping, required)
    return None if amount is None else amount.value


def _amount(value: object, field: str, mapping: CatalogMapping, required: bool = False) -> Amount | None:
    """A number cell (price, rating, count), with the currency it names if any ("₹1,299", "45 SAR")."""
    if value is None:
        if required:
            raise _RowError(field, f"missing; every product needs a {field}")
        return None
    if isinstance(value, bool):
        raise _RowError(field, f"must be a number, got {value!r}")
    if isinstance(value, (int, float)):
        amount = Amount(float(value), None)
    else:
        try:
            amount = cell_amount(str(value), mapping.decimal_comma)
        except MoneyError as exc:
            raise _RowError(field, str(exc)) from None
    if not math.isfinite(amount.value):
        raise _RowError(field, f"must be a finite number, got {value!r}")
    if abs(amount.value) > MAX_AMOUNT:
        raise _RowError(field, f"{value!r} is not a plausible {field} (above {MAX_AMOUNT:,.0f}); check the column and its unit")
    return Amount(amount.value + 0.0, amount.currency)  # -0.0 becomes 0.0: never "$-0.00"


def _count(value: object, field: str, mapping: CatalogMapping) -> int | None:
    number = _number(value, field, mapping)
    if number is None:
        return None
    if number < 0 or not number.is_integer():
        raise _RowError(field, f"must be a whole number >= 0, got {value!r}")
    return int(number)


def _availability(value: object, stock: int | None, mapping: CatalogMapping) -> str:
    if value is not None:
        text = str(value).strip().lower()
        if text in _TRUE:
            return "in_stock"
        if text in _FALSE:
            return "out_of_stock"
        raise _RowError("availability", f"cannot read {value!r} as available or not; use true/false or 'in stock'/'out of stock'")
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
