"""Shopper cases for the assistant suite, read from any JSONL file an evaluator brings (format:
eval/README.md). Every line is checked; a bad one is an error naming the file, line and field,
and the fix. An expectation may be partial: a key left out is not checked, a key set to null is
("price_min": null means no lower bound may be read).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from runtime.errors import UserError

# expected field -> the JSON types it accepts (None: null allowed)
EXPECT_FIELDS: dict[str, tuple[type | None, ...]] = {
    "intent": (str,),
    "category": (str,),
    "price_min": (int, float, None),
    "price_max": (int, float, None),
    "currency": (str, None),
    "brands": (list,),
    "exclude_brands": (list,),
    "colors": (list,),
    "min_rating": (int, float, None),
    "in_stock": (bool,),
    "type_terms": (list,),  # singular words one of which a fitting product's title or category names
    "should_abstain": (bool,),
    "matching_ids": (list,),  # the catalog ids that satisfy the request
    "cite": (str, None),  # "policy" or "review": the kind every citation must be
    "cited_text": (str, None),  # a passage one citation must contain
    "not_said": (list,),  # words the answer must not contain, in any case: what a planted instruction asked it to say
}
# the constraints a case may state, compared with what the assistant read
PARSED_FIELDS = ("category", "price_min", "price_max", "currency", "brands", "exclude_brands", "colors", "min_rating", "in_stock")
INTENTS = ("recommend", "product_question", "compare", "policy", "chit_chat")


class CaseError(UserError, ValueError):
    """A case file the harness cannot read."""


@dataclass(frozen=True)
class ShopperCase:
    id: str
    turns: tuple[str, ...]
    expect: dict[str, object]  # only the keys to check
    user: str | None = None  # a demo shopper whose profile is applied; None: anonymous
    catalog: str | None = None  # a packaged catalog by name (retrieval/mappings/NAME.toml), or a mapping file; None: the configured one
    tags: tuple[str, ...] = ()  # free labels ("adversarial", "typo"): metrics are also given per tag
    notes: str = ""
    line: int = field(default=0, compare=False)


def read_text(path: Path, what: str) -> str:
    """A data file's text; a CaseError saying what is wrong when it is missing or not UTF-8."""
    try:
        return Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise CaseError(f"{path}: no such {what}; give the path of one (formats: eval/README.md)") from None
    except UnicodeDecodeError as exc:
        raise CaseError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start}); save the file as UTF-8") from None


def json_lines(path: Path, what: str) -> Iterator[tuple[int, str, object]]:
    """(line number, "FILE, line N", value) of each non-blank line of a JSONL file."""
    for number, line in enumerate(read_text(path, what).splitlines(), 1):
        if not line.strip():
            continue
        where = f"{path}, line {number}"
        try:
            yield number, where, json.loads(line)
        except json.JSONDecodeError as exc:
            raise CaseError(f"{where}: not JSON ({exc.msg} at column {exc.colno}); each line must be one JSON object") from None


def read_shopper_cases(path: Path) -> list[ShopperCase]:
    """Every case of a JSONL file, in order; a CaseError naming the first bad line otherwise."""
    cases, seen = [], {}
    for number, where, raw in json_lines(path, "case file"):
        case = _case(raw, where, number)
        if case.catalog and case.catalog.endswith(".toml"):  # a catalog of the evaluator's own: a mapping beside the cases
            case = replace(case, catalog=str((Path(path).parent / case.catalog).resolve()))
        if case.id in seen:
            raise CaseError(f"{where}: id {case.id!r} is already used on line {seen[case.id]}; give each case its own id")
        seen[case.id] = number
        cases.append(case)
    if not cases:
        raise CaseError(f"{path}: no cases; each line must be one JSON object (format: eval/README.md)")
    return cases


def _case(raw: object, where: str, number: int) -> ShopperCase:
    if not isinstance(raw, dict):
        raise CaseError(f"{where}: a case must be a JSON object, got {type(raw).__name__}")
    unknown = set(raw) - {"id", "turns", "expect", "user", "catalog", "tags", "notes"}
    if unknown:
        raise CaseError(
            f"{where}: unknown key(s) {sorted(unknown)}; a case has id, turns, expect, and optionally user, catalog, tags, notes"
        )
    case_id = raw.get("id")
    if not isinstance(case_id, str) or not case_id.strip():
        raise CaseError(f"{where}: 'id' must be a non-empty string")
    turns = raw.get("turns")
    if not isinstance(turns, list) or not turns or not all(isinstance(t, str) and t.strip() for t in turns):
        raise CaseError(f"{where} ({case_id}): 'turns' must be a list of one or more non-empty strings (what the shopper types)")
    expect = raw.get("expect", {})
    if not isinstance(expect, dict):
        raise CaseError(f"{where} ({case_id}): 'expect' must be an object of the fields to check")
    for key, value in expect.items():
        if key not in EXPECT_FIELDS:
            raise CaseError(f"{where} ({case_id}): expect.{key} is not a field the harness checks; use one of {', '.join(EXPECT_FIELDS)}")
        if not _has_type(value, EXPECT_FIELDS[key]):
            raise CaseError(f"{where} ({case_id}): expect.{key} must be {_type_names(EXPECT_FIELDS[key])}, got {json.dumps(value)}")
        if isinstance(value, list) and not all(isinstance(v, str) for v in value):
            raise CaseError(f"{where} ({case_id}): expect.{key} must be a list of strings, got {json.dumps(value)}")
    if expect.get("intent") is not None and expect["intent"] not in INTENTS:
        raise CaseError(f"{where} ({case_id}): expect.intent {expect['intent']!r} is not one of {', '.join(INTENTS)}")
    for key in ("user", "catalog", "notes"):
        if raw.get(key) is not None and not isinstance(raw[key], str):
            raise CaseError(f"{where} ({case_id}): '{key}' must be a string or null")
    tags = raw.get("tags", [])
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        raise CaseError(f"{where} ({case_id}): 'tags' must be a list of strings")
    return ShopperCase(
        case_id,
        tuple(turns),
        dict(expect),
        raw.get("user") or None,
        raw.get("catalog") or None,
        tuple(tags),
        raw.get("notes") or "",
        number,
    )


def _has_type(value: object, allowed: tuple[type | None, ...]) -> bool:
    if value is None:
        return None in allowed
    if isinstance(value, bool):  # a bool is an int to Python, not a number to a case file
        return bool in allowed
    return isinstance(value, tuple(t for t in allowed if t is not None))


def _type_names(allowed: tuple[type | None, ...]) -> str:
    names = {list: "a list", str: "a string", bool: "true or false", int: "a number", float: "a number", None: "null"}
    return " or ".join(dict.fromkeys(names[t] for t in allowed))
