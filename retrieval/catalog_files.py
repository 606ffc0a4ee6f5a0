"""Reading catalog files: CSV, JSON and JSON lines into raw records with their locations, in the
file's encoding (a byte-order mark decides), with file-level problems as one `CatalogError` and
row-level ones (a broken JSON line, a 5 MB cell) as a `BadRow` that rejects that row only.

First step of loading: files -> (location, record) -> `catalog` validates each record.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from retrieval.mapping import CatalogMapping, MappingError
from runtime.errors import UserError


class CatalogError(UserError, ValueError):
    """A catalog that cannot be loaded (or a bad row in strict mode); the message says what to fix."""


@dataclass(frozen=True)
class BadRow:
    """A row that cannot be read as a record: the field (or "(row)") and why, and its id when that
    could still be read (so the product's last good version stays indexed)."""

    field: str
    reason: str
    record_id: str = ""


def read_records(path: Path, mapping: CatalogMapping) -> Iterator[tuple[str, dict | BadRow]]:
    """The file's records with their locations ("line 17", "record 17"), in the mapping's format."""
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
        yield from read_jsonl(path, mapping.encoding, mapping.column("id") or "")
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


CONTROL_BYTES = (*range(9), *range(14, 32))  # tab, newlines and form feed aside: more than one byte in 20 of these is no text


def _encoding(path: Path, configured: str) -> str:
    """The file's encoding: the one its byte-order mark names (UTF-8/16/32), else the configured one.
    A file full of NUL bytes or control bytes and no such mark is not text: say so rather than show its bytes."""
    with path.open("rb") as handle:
        head = handle.read(4096)
    for bom, encoding in BOMS:
        if head.startswith(bom):
            return encoding
    controls = sum(head.count(bytes([c])) for c in CONTROL_BYTES)
    if head.count(b"\x00") > max(1, len(head) // 100) or (len(head) >= 256 and controls * 20 > len(head)):  # a few are bad cells
        raise CatalogError(
            f"{path}: not a text file (it holds binary data); export the catalog as CSV, JSON or JSONL, "
            "or set source.encoding if it is UTF-16 without a byte-order mark"
        )
    return configured


def _csv_records(path: Path, mapping: CatalogMapping) -> Iterator[tuple[str, dict | BadRow]]:
    # surrogateescape keeps undecodable bytes so the row holding them is reported, not the whole file
    csv.field_size_limit(max(csv.field_size_limit(), 1 << 30))  # long cells are judged per row below, not by the csv module
    with path.open(encoding=_encoding(path, mapping.encoding), errors="surrogateescape", newline="") as handle:
        # strict: a quote that never closes, or closes mid-cell ('"Mug,12.50\n…,"89.00"'), is an error instead of
        # a cell that swallows the rows after it (gone from the catalog, so deleted from the index)
        reader = csv.DictReader(handle, delimiter=mapping.delimiter, strict=True)
        try:
            header = reader.fieldnames or []
        except csv.Error as exc:
            raise CatalogError(f"{path} line 1: the header is not readable as CSV ({exc}); check its quotes and source.delimiter") from None
        if not header:
            raise CatalogError(f"{path}: the file is empty; a catalog needs a header row and a row per product")
        missing = sorted({c for cols in mapping.fields.values() for c in cols} - set(header))
        if missing:
            raise CatalogError(f"{path}: the mapping names column(s) {missing} that the header does not have; header: {_shown(header)}")
        id_columns = mapping.fields.get("id", ())
        start = reader.line_num + 1  # where the next record starts (or a blank line before it)
        try:
            for row in reader:
                # csv skips blank lines and joins quoted newlines, so count back from where it is
                spanned = 1 + sum(v.count("\n") for v in row.values() if isinstance(v, str))
                long = next(
                    ((column, len(value)) for column, value in row.items() if isinstance(value, str) and len(value) > MAX_CELL), None
                )
                ids = [row.get(c) for c in id_columns if isinstance(row.get(c), str) and len(row[c]) <= MAX_CELL]
                record_id = (ids[0] or "").strip() if ids else ""
                if long is not None:
                    row = BadRow(
                        str(long[0]),
                        f"a cell of {long[1]:,} characters (the limit is {MAX_CELL:,}); shorten it or leave the column out",
                        record_id,
                    )
                elif None in row:  # more cells than the header: an unquoted delimiter shifted the row ("1,299.00" read as 1)
                    row = BadRow(
                        "(row)",
                        f"{len(header) + len(row[None])} cells but the header has {len(header)}; quote a cell that holds "
                        f'{mapping.delimiter!r} ("1,299.00") or check source.delimiter',
                        record_id,
                    )
                yield f"line {reader.line_num - spanned + 1}", row
                start = reader.line_num + 1
        except csv.Error as exc:
            where = f"line {start}" if start >= reader.line_num else f"lines {start}-{reader.line_num}"
            raise CatalogError(
                f"{path} {where}: not readable as CSV ({exc}); a quote opened there does not close where its cell ends "
                '(write a quote inside a cell as two: ""), or check source.delimiter'
            ) from None


def _shown(header: list[str], limit: int = 200) -> str:
    """A header as an error message shows it: printable, and short."""
    text = ", ".join(header)
    text = "".join(ch if ch.isprintable() and not 0xDC80 <= ord(ch) <= 0xDCFF else "?" for ch in text)
    return repr(text[:limit] + (" …" if len(text) > limit else ""))


def read_jsonl(path: Path, encoding: str, id_key: str = "") -> Iterator[tuple[str, dict | BadRow]]:
    """A JSON-lines file's objects with their line numbers (reviews, and catalogs in JSONL). A broken
    line keeps the `id_key` value it still shows ('{"id": "p2", "pri'), so its product's last good version stays."""
    if not path.is_file():
        raise CatalogError(f"{path}: file not found")
    with path.open(encoding=_encoding(path, encoding), errors="surrogateescape") as handle:
        for number, text in enumerate(handle, start=1):
            if not text.strip():
                continue
            try:
                record = json.loads(text.rstrip("\r\n"))  # a cut-off line is an unterminated string, not a control character
            except (ValueError, RecursionError) as exc:
                shown = re.search(rf'"{re.escape(id_key)}"\s*:\s*(?:"([^"\\]*)"|(-?\d+)\b)', text) if id_key else None
                yield f"line {number}", BadRow("(row)", _json_problem(exc), (shown.group(1) or shown.group(2)).strip() if shown else "")
                continue
            if not isinstance(record, dict):
                yield f"line {number}", BadRow("(row)", "each line must be a JSON object")
                continue
            yield f"line {number}", record


def _json_problem(exc: ValueError | RecursionError) -> str:
    """Why JSON text could not be read: its syntax, or limits of the reader it is built to break
    (arrays nested 100,000 deep, a number of 5,000 digits)."""
    if isinstance(exc, json.JSONDecodeError):
        return f"not valid JSON ({exc.msg}: column {exc.colno})"
    if isinstance(exc, RecursionError):
        return "not readable JSON: nested too deeply; a record is an object of fields"
    return "not readable JSON: a number with more than 4,300 digits; no field needs one"


def _json_records(path: Path, mapping: CatalogMapping) -> Iterator[tuple[str, dict | BadRow]]:
    try:
        data = json.loads(path.read_text(encoding=_encoding(path, mapping.encoding), errors="surrogateescape"))
    except json.JSONDecodeError as exc:
        raise CatalogError(f"{path}: not valid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}") from None
    except (ValueError, RecursionError) as exc:
        raise CatalogError(f"{path}: {_json_problem(exc)}") from None
    if mapping.records_key:
        if not isinstance(data, dict) or mapping.records_key not in data:
            raise CatalogError(f"{path}: no top-level key {mapping.records_key!r} (source.records_key)")
        data = data[mapping.records_key]
    if not isinstance(data, list):
        raise CatalogError(f"{path}: expected a JSON list of records; set source.records_key if the list is under a key")
    for number, record in enumerate(data, start=1):
        if not isinstance(record, dict):
            yield f"record {number}", BadRow("(row)", "each record must be a JSON object")
        else:
            yield f"record {number}", record
