"""Details a reply gives a product that its record does not hold: the harness's check that text pins
numbers and product-specific words on the product they belong to ("[blender] a 5.5-cup rice cooker",
"[4 mm drop shoe] a 6 mm drop"). Grounding checks ids and amounts; this reads the words around them.

A reply's text is cut at each "[ID]": what follows an id, up to the next one, is said of that product.
Said of it, a number or two product-specific words (words in at most SPECIFIC_SHARE of the catalog's
records) that neither its record (title, brand, description, attributes, the listed price, rating and
stock) nor the shopper's own words hold are unsupported details; words any reply uses of any
product ("a strong choice", "the reviews don't say") are never details.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from assistant.grounding import ID_REF
from assistant.render import product_line
from retrieval.records import Product

NUMBER = re.compile(r"\d+(?:[.,]\d+)?")
WORD = re.compile(r"[a-z][a-z'-]{3,}")
SPECIFIC_SHARE = 0.02  # a word in at most this share of the records (at least 2 of them) names something particular
SPECIFIC_WORDS = 2  # unsupported specific words that make a clause wrong (one may be a paraphrase)
# words a reply uses of any product (praise, hedges, the "reviews don't say" answer): never a detail
REPLY_WORDS = frozenset(
    [
        "good",
        "great",
        "strong",
        "solid",
        "nice",
        "choice",
        "alternative",
        "option",
        "match",
        "best",
        "closest",
        "rather",
        "consider",
        "considering",
        "worth",
        "pick",
        "recommend",
        "would",
        "looking",
        "you're",
        "answer",
        "don't",
        "can't",
        "reliably",
    ]
)


@dataclass(frozen=True)
class DetailIndex:
    """Which words of a catalog are specific to a few products."""

    specific: frozenset[str]

    @classmethod
    def of(cls, products: Iterable[Product]) -> DetailIndex:
        counts: Counter[str] = Counter()
        total = 0
        for product in products:
            total += 1
            counts.update(words(record_text(product)))
        limit = max(2.0, SPECIFIC_SHARE * total)
        return cls(frozenset(w for w, n in counts.items() if n <= limit))


def record_text(product: Product) -> str:
    """Everything the reply may say of a product: its listed line (title, price, rating, stock), brand,
    description and attribute values."""
    return " ".join([product_line(product), product.brand, product.description, *(v for _, v in product.attributes)])


def words(text: str) -> set[str]:
    """Words of 4+ letters, lower-cased, a plural 's' dropped."""
    return {w[:-1] if w.endswith("s") and not w.endswith("ss") else w for w in WORD.findall(text.lower())}


def numbers(text: str) -> set[float]:
    """The numbers of a text as values ("$50.00" and "50" are one; "1,200" is twelve hundred, "4,5" four and a half)."""
    found = set()
    for raw in NUMBER.findall(text):
        whole, _, tail = raw.replace(",", ".").partition(".")
        found.add(float(whole + tail) if "," in raw and len(tail) == 3 else float(raw.replace(",", ".")))
    return found


def unsupported_details(text: str, records: dict[str, Product], index: DetailIndex, said: str = "") -> dict[str, list[str]]:
    """{id: the unsupported details} for each product of `records` the text says something of."""
    parts = ID_REF.split(text)
    said_words, said_numbers = words(said), numbers(said)
    found = {}
    for ref, clause in zip(parts[1::2], parts[2::2], strict=True):
        product = records.get(ref)
        if product is None:
            continue
        own = record_text(product)
        values = numbers(clause) - numbers(own) - said_numbers
        specific = (words(clause) & index.specific) - words(own) - said_words - REPLY_WORDS
        if values or len(specific) >= SPECIFIC_WORDS:
            found[ref] = sorted(f"{v:g}" for v in values) + sorted(specific)
    return found
