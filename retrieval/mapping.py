"""Declarative column mappings: how a catalog file's columns become `Product` fields.

A mapping is a small TOML file (see README "Catalog mappings"); the shipped ones live in
`retrieval/mappings/`. Mapping files are untrusted input, so every key is checked here and a
mistake names the key and the fix.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass, field
from pathlib import Path

from retrieval.money import ISO_4217
from retrieval.records import AVAILABILITY
from runtime.errors import UserError
from runtime.toml_files import read_toml

MAPPINGS_DIR = Path(__file__).parent / "mappings"
FORMATS = ("csv", "json", "jsonl")
# Product fields a mapping may fill; a list of columns is allowed where noted.
SINGLE_FIELDS = ("id", "title", "brand", "price", "currency", "rating", "rating_count", "stock", "availability", "url", "image_url")
LIST_FIELDS = ("description", "category", "attributes")  # a column name or a list of column names


class MappingError(UserError, ValueError):
    """A mapping file that cannot be used; the message names the key and the fix."""


@dataclass(frozen=True)
class CatalogMapping:
    fields: dict[str, tuple[str, ...]]  # product field -> source columns (one, or several)
    format: str = ""  # csv | json | jsonl; empty: from the file extension
    encoding: str = "utf-8-sig"  # text encoding of the file (utf-8-sig also accepts a BOM)
    delimiter: str = ","  # CSV field separator
    decimal_comma: bool = False  # numbers written "1.234,50"
    records_key: str = ""  # JSON only: key of the record list when the top level is an object
    null_values: tuple[str, ...] = ("", "null", "none", "n/a", "nan")  # cells meaning "missing" (case-insensitive)
    currency: str = ""  # currency for every row when no currency column is mapped
    category_separator: str = ">"  # splits a one-column category path ("A >> B" works with ">")
    availability_default: str = "unknown"  # when a row has no stock/availability value
    files: tuple[str, ...] = ()  # catalog files, relative to the mapping file
    store_name: str = ""  # how answers and the app name the store selling these files; empty: catalog.name
    base_dir: Path = field(default=Path("."), compare=False)  # folder the mapping was read from

    def __post_init__(self) -> None:
        for required in ("id", "title", "price"):
            if required not in self.fields:
                raise MappingError(f"mapping: [fields] must map {required!r} to a column")
        if "currency" not in self.fields and not self.currency:
            raise MappingError('mapping: map fields.currency to a column or set source.currency, e.g. currency = "USD"')
        if self.currency and self.currency not in ISO_4217:
            raise MappingError(f"mapping: source.currency {self.currency!r} is not an ISO 4217 code like USD")
        if self.format and self.format not in FORMATS:
            raise MappingError(f"mapping: source.format must be one of {FORMATS}, got {self.format!r}")
        try:
            codecs.lookup(self.encoding)
        except LookupError:
            raise MappingError(
                f"mapping: source.encoding {self.encoding!r} is not a known text encoding; try utf-8, utf-8-sig or latin-1"
            ) from None
        if len(self.delimiter) != 1:
            raise MappingError(f"mapping: source.delimiter must be one character, got {self.delimiter!r}")
        if self.availability_default not in AVAILABILITY:
            raise MappingError(f"mapping: source.availability_default must be one of {AVAILABILITY}")

    def column(self, name: str) -> str | None:
        """The single source column of a product field, or None when unmapped."""
        columns = self.fields.get(name)
        return columns[0] if columns else None

    def file_paths(self) -> list[Path]:
        """The catalog files this mapping names, resolved against its folder."""
        return [self.base_dir / f for f in self.files]

    def format_of(self, path: Path) -> str:
        """The file format: the mapping's, or the one its extension says."""
        if self.format:
            return self.format
        suffix = path.suffix.lower().lstrip(".")
        if suffix not in FORMATS:
            raise MappingError(f"{path}: cannot tell the format from the extension; set source.format to csv, json or jsonl")
        return suffix


def load_mapping(path: str | Path) -> CatalogMapping:
    """Read a mapping TOML file; see README for the keys."""
    path = Path(path)
    raw = read_toml(path, MappingError, "mapping file")
    unknown = set(raw) - {"source", "fields"}
    if unknown:
        raise MappingError(f"{path}: unknown section(s) {sorted(unknown)}; a mapping has [source] and [fields]")
    return mapping_from_dict(raw, base_dir=path.parent, where=str(path))


def mapping_from_dict(raw: dict, base_dir: Path = Path("."), where: str = "mapping") -> CatalogMapping:
    """Build a mapping from already-parsed TOML (also used for uploads)."""
    source = dict(raw.get("source", {}))
    fields_raw = raw.get("fields", {})
    fields: dict[str, tuple[str, ...]] = {}
    for name, value in fields_raw.items():
        if name in SINGLE_FIELDS:
            if not isinstance(value, str) or not value:
                raise MappingError(f"{where}: fields.{name} must be one column name (a string)")
            fields[name] = (value,)
        elif name in LIST_FIELDS:
            columns = [value] if isinstance(value, str) else value
            if not isinstance(columns, list) or not columns or not all(isinstance(c, str) and c for c in columns):
                raise MappingError(f"{where}: fields.{name} must be a column name or a list of column names")
            fields[name] = tuple(columns)
        else:
            raise MappingError(f"{where}: unknown field {name!r}; mappable fields: {', '.join(SINGLE_FIELDS + LIST_FIELDS)}")
    known = {
        "format": str,
        "encoding": str,
        "delimiter": str,
        "decimal_comma": bool,
        "records_key": str,
        "null_values": list,
        "currency": str,
        "category_separator": str,
        "availability_default": str,
        "files": list,
        "store_name": str,
    }
    for key, value in source.items():
        if key not in known:
            raise MappingError(f"{where}: unknown key source.{key}; known: {', '.join(sorted(known))}")
        if not isinstance(value, known[key]):
            raise MappingError(f"{where}: source.{key} must be a {known[key].__name__}, got {value!r}")
    for key in ("null_values", "files"):
        if key in source:
            if not isinstance(source[key], list) or not all(isinstance(v, str) for v in source[key]):
                raise MappingError(f"{where}: source.{key} must be a list of strings")
            source[key] = tuple(source[key])
    if "null_values" in source:
        source["null_values"] = tuple(v.lower() for v in source["null_values"])
    try:
        return CatalogMapping(fields=fields, base_dir=base_dir, **source)
    except TypeError as exc:
        raise MappingError(f"{where}: {exc}") from None
    except MappingError as exc:
        raise MappingError(f"{where}: {str(exc).removeprefix('mapping: ')}") from None
