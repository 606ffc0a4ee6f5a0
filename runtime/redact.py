"""Personal data out of training text, before anything is written, and out of every log line
(`redact_logs`): emails, phone numbers, payment card numbers (Luhn-checked), street addresses,
order ids and person names become typed slots in Bitext's own `{{Slot Name}}` form, so redacted
text reads like the data the model already sees. Slots already in the text are left as they are.

Names are found by their cues ("my name is Ana Diaz", "Dear Mr. Okafor", "Thanks, Ana", "Name:
Ana Diaz") and by the names a record gives (`names=`: a τ-bench user's first and last name, a
Bitext row's `person_name` entity), never by guessing at capitalised words, which are as often
products and brands.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

SLOTS = {
    "email": "{{Email}}",
    "card": "{{Card Number}}",
    "phone": "{{Phone Number}}",
    "order": "{{Order Number}}",
    "address": "{{Street Address}}",
    "name": "{{Person Name}}",
}
_EXISTING = re.compile(r"\{\{[^{}]{1,60}\}\}")
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
_CARD = re.compile(r"(?<![\d-])(?:\d[ -]?){12,18}\d(?![\d-])")
_PHONE = re.compile(  # not a piece of a longer run of digit groups (a serial number)
    r"(?<![\w+])(?<!\d[ .-])(?:\+\d{1,3}[ .-]?)?(?:\(\d{2,4}\)[ .-]?|\d{2,4}[ .-])\d{3,4}[ .-]\d{3,4}(?![\w-])(?![ .-]\d)"
    r"|(?<![\w+])\+\d{10,14}\b"
)
_ORDER = re.compile(  # the id alone is replaced ("order number is" stays)
    r"(?P<id>#W\d{7}\b"  # τ-bench
    r"|(?<![\w-])ORD-\d{5}\b"  # the demo order book (assistant/support/thread.py's ORDER_ID)
    r"|\b\d{3}-\d{7}-\d{7}\b)"  # Amazon
    r"|\b(?i:order|purchase)(?:\s+(?i:with the))?(?:\s+(?i:reference))?(?:\s+(?i:number|no\.?|id))?(?:\s+(?i:is))?\s*:?\s*(?P<id2>#?(?=[A-Za-z0-9-]*\d)[A-Za-z0-9][A-Za-z0-9-]{4,})\b"
)
_STREET = r"street|st|avenue|ave|road|rd|drive|dr|lane|ln|boulevard|blvd|way|court|ct|place|pl|terrace|circle|cir|parkway|pkwy|highway|hwy"
_ADDRESS = re.compile(
    rf"\b\d{{1,5}}(?:\s+[A-Z][a-z]+){{1,3}}\s+(?:{_STREET})\b\.?(?:,?\s+(?:suite|apt\.?|apartment|unit|#)\s*\w+)?",
    re.IGNORECASE,
)
_NAME = r"[A-Z][a-z]+(?:[-'][A-Z][a-z]+)?"
_NAME_CUES = re.compile(  # the cue in any case, the name capitalised
    r"(?i:\b(?:my name is|name's|this is|i am|i'm|dear|hi|hello|thanks|thank you|regards|cheers|sincerely|name:)[,:]?\s+"
    rf"(?:(?:mr|mrs|ms|miss|dr)\.?\s+)?)(?P<name>{_NAME}(?:\s+{_NAME})?)"
)
_NOT_NAMES = frozenset(
    "i im there here again all everyone team support sir madam customer service a an the so just not very really also still "  # noqa: SIM905
    "looking trying writing calling interested sorry happy glad good fine ok okay yes no please".split()
)


@dataclass(frozen=True)
class Redacted:
    text: str
    counts: Counter  # kind -> slots written


def redact(text: str, names: Iterable[str] = ()) -> Redacted:
    """The text with every personal datum of the kinds above replaced by its slot, and how many of each."""
    counts: Counter = Counter()
    kept: list[str] = []

    def keep_slot(value: str) -> str:  # a slot is set aside until the end, so no later pattern reads inside it
        kept.append(value)
        return f"\x00{len(kept) - 1}\x00"

    def put(kind: str) -> str:
        counts[kind] += 1
        return keep_slot(SLOTS[kind])

    out = _EXISTING.sub(lambda m: keep_slot(m.group(0)), text)
    out = _EMAIL.sub(lambda m: put("email"), out)
    out = _ORDER.sub(lambda m: _replace_group(m, "id" if m.group("id") else "id2", put("order")), out)  # before cards: an id may pass Luhn
    out = _CARD.sub(lambda m: put("card") if _luhn(m.group(0)) else m.group(0), out)
    out = _PHONE.sub(lambda m: put("phone"), out)
    out = _ADDRESS.sub(lambda m: put("address"), out)
    for name in sorted({n.strip() for n in names if n and len(n.strip()) > 1}, key=len, reverse=True):
        out = re.sub(rf"(?<!\w){re.escape(name)}(?!\w)", lambda m: put("name"), out, flags=re.IGNORECASE)

    def cue(match: re.Match) -> str:
        words = match.group("name").split()
        while words and words[-1].lower() in _NOT_NAMES:
            words.pop()
        if not words or words[0].lower() in _NOT_NAMES:  # the name part is capitalised by its pattern
            return match.group(0)
        start = match.start("name") - match.start()
        return match.group(0)[:start] + put("name") + match.group(0)[start + len(" ".join(words)) :]

    out = _NAME_CUES.sub(cue, out)
    return Redacted(re.sub(r"\x00(\d+)\x00", lambda m: kept[int(m.group(1))], out), counts)


def _replace_group(match: re.Match, group: str, value: str) -> str:
    """The match with one named group replaced by `value`."""
    start, end = match.start(group) - match.start(), match.end(group) - match.start()
    return match.group(0)[:start] + value + match.group(0)[end:]


def _luhn(digits: str) -> bool:
    numbers = [int(c) for c in digits if c.isdigit()]
    if not 13 <= len(numbers) <= 19:
        return False
    total = sum(n if i % 2 == 0 else (n * 2 - 9 if n * 2 > 9 else n * 2) for i, n in enumerate(reversed(numbers)))
    return total % 10 == 0


class RedactingFilter:
    """A logging filter that takes personal data out of every record before any handler writes it:
    emails, phone and card numbers, street addresses, order ids and cued names become slots. The
    entry points install it on the root handlers (`redact_logs`), so no log line — at any level, of
    any library — carries a shopper's or customer's contact details."""

    def filter(self, record) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):  # a record whose arguments do not fit its format: left to logging's own error
            return True
        clean = redact(message).text
        if clean != message:
            record.msg, record.args = clean, ()
        if record.exc_text:
            record.exc_text = redact(record.exc_text).text
        return True


def redact_logs() -> None:
    """Install the filter on every handler of the root logger (call after logging is configured)."""
    import logging

    for handler in logging.getLogger().handlers:
        if not any(isinstance(f, RedactingFilter) for f in handler.filters):
            handler.addFilter(RedactingFilter())
