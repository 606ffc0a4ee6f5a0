"""Understanding a shopper turn: rules that turn text (and the conversation so far) into a typed
`Understanding` — intent, hard constraints, and references to products shown earlier.

First stage of a turn: understand -> retrieve -> personalize -> prompt -> generate -> ground.
Rules decide what they can; `uncertain` marks turns the rules could not classify, for an LLM
fallback further on. Catalog words (brands, categories, attribute values) come from a
`Vocabulary` built from the indexed products, so "Voltrix" is a brand only if the store sells it.
"""

from __future__ import annotations

import re
from dataclasses import astuple, dataclass, field, replace

from retrieval.filters import Filters
from retrieval.money import MAX_AMOUNT, PREFIX, amount_of, amount_pattern
from retrieval.records import Product

INTENTS = ("recommend", "product_question", "compare", "policy", "chit_chat")
_AMOUNT = amount_pattern()
_MAX_WORDS = r"under|below|less than|cheaper than|at most|max(?:imum)?|up to|no more than|not more than|within|budget(?: of| is)?|for"
_MIN_WORDS = r"over|above|more than|at least|min(?:imum)?|from|starting at"
ORDINALS = {"first": 0, "1st": 0, "second": 1, "2nd": 1, "third": 2, "3rd": 2, "fourth": 3, "4th": 3, "fifth": 4, "5th": 4, "last": -1}
COLOURS = (
    "black",
    "white",
    "grey",
    "gray",
    "silver",
    "blue",
    "navy",
    "red",
    "green",
    "olive",
    "yellow",
    "orange",
    "pink",
    "purple",
    "brown",
    "beige",
    "gold",
    "teal",
)
POLICY_WORDS = r"\b(return|returns|refund|refunds|shipping|ship|delivery|deliver|warranty|guarantee|payment|pay with|paypal|gift card|exchange|cancel|cancellation|order status|damaged|missing item|policy)\b"
COMPARE_WORDS = r"\b(compare|comparison|versus|vs\.?|difference between|differences between|which is better|which one is better)\b"
QUESTION_WORDS = r"^(does|do|is|are|can|will|how|what|which|why|when|where|who)\b|\?$"
RECOMMEND_WORDS = r"\b(recommend|suggest|looking for|look for|need|want|show me|find|buy|gift|searching|search for|options|ideas|something|anything|cheaper|alternatives?)\b"
CHITCHAT = r"^(hi|hello|hey|thanks|thank you|thx|good (morning|afternoon|evening)|bye|goodbye|who are you|how are you)\b"


@dataclass(frozen=True)
class Constraints:
    price_min: float | None = None
    price_max: float | None = None
    currency: str | None = None  # of price_min/max; None means the catalog's currency
    category: str = ""  # category path prefix, e.g. "Electronics > Headphones"
    brands: tuple[str, ...] = ()
    exclude_brands: tuple[str, ...] = ()
    attributes: tuple[tuple[str, str], ...] = ()  # ("color", "blue"), ("size", "10")
    min_rating: float | None = None
    in_stock: bool = False

    def to_filters(self) -> Filters:
        """The constraints the search applies before ranking (attributes are checked on records)."""
        return Filters(
            self.price_min, self.price_max, self.currency, self.brands, self.exclude_brands, self.category, self.min_rating, self.in_stock
        )

    def updated(self, newer: Constraints) -> Constraints:
        """These constraints refined by a later turn: values the later turn sets win."""
        changes = {}
        for name in ("price_min", "price_max", "currency", "min_rating"):
            if getattr(newer, name) is not None:
                changes[name] = getattr(newer, name)
        # a new bound that contradicts the old opposite one replaces it ("over $100" then "under $50")
        low, high = changes.get("price_min", self.price_min), changes.get("price_max", self.price_max)
        if low is not None and high is not None and low > high:
            changes["price_max" if "price_min" in changes else "price_min"] = None
        if newer.category:
            changes["category"] = newer.category
        if newer.brands:
            changes["brands"] = newer.brands
            changes["exclude_brands"] = tuple(b for b in self.exclude_brands if b not in newer.brands)
        if newer.exclude_brands:
            changes["exclude_brands"] = tuple(dict.fromkeys(changes.get("exclude_brands", self.exclude_brands) + newer.exclude_brands))
            changes["brands"] = tuple(b for b in changes.get("brands", self.brands) if b not in newer.exclude_brands)
        if newer.attributes:
            keys = {k for k, _ in newer.attributes}
            changes["attributes"] = tuple(a for a in self.attributes if a[0] not in keys) + newer.attributes
        if newer.in_stock:
            changes["in_stock"] = True
        return replace(self, **changes)

    def attributes_match(self, product: Product) -> bool:
        """True when every attribute constraint appears in the product's attributes or title."""
        haystack = " ".join([product.title.lower(), *(f"{k} {v}".lower() for k, v in product.attributes)])
        return all(re.search(rf"\b{re.escape(value.lower())}\b", haystack) for _, value in self.attributes)


@dataclass(frozen=True)
class Understanding:
    intent: str
    constraints: Constraints
    query: str  # the turn's text, for retrieval
    references: tuple[str, ...] = ()  # ids of earlier-shown products the turn points at
    similar_to: str | None = None  # "something like the second one": the product to look alike
    uncertain: bool = False  # the rules could not decide the intent
    unread: tuple[str, ...] = ()  # what the turn asked that could not be used ("'under $-5' (below zero)"), said back to the shopper

    def __post_init__(self) -> None:
        if self.intent not in INTENTS:
            raise ValueError(f"intent must be one of {INTENTS}, got {self.intent!r}")


@dataclass(frozen=True)
class Vocabulary:
    """Store words the rules recognise, built from the catalog."""

    brands: dict[str, str] = field(default_factory=dict)  # lower-case -> as the catalog writes it
    categories: dict[str, str] = field(default_factory=dict)  # singular lower-case name -> category path prefix
    colours: tuple[str, ...] = COLOURS  # colour words, longest first (catalog colours included)
    ids: dict[str, str] = field(default_factory=dict)  # lower-case product id -> id, for "[DS-0008]" references

    @classmethod
    def from_products(cls, products: list[Product]) -> Vocabulary:
        """Brands, category names and colours of these products.

        A name used by several categories ("toys" for cat toys, dog toys and Toys & Games) maps to
        their common ancestor, or to nothing when they share none; "dog toys" (parent + leaf) is
        a name of its own.
        """
        brands = {p.brand.lower(): p.brand for p in products if p.brand}
        paths_of: dict[str, set[tuple[str, ...]]] = {}
        for p in products:
            for depth in range(1, len(p.category) + 1):
                segment, path = p.category[depth - 1].lower(), p.category[:depth]
                names = {_singular(segment)} | {_singular(part) for part in re.split(r"\s*(?:&|,| and )\s*", segment) if part}
                if depth > 1:
                    names |= {f"{_singular(p.category[depth - 2].lower())} {name}" for name in list(names)}
                for name in names:
                    paths_of.setdefault(name, set()).add(path)
        categories = {}
        for name, paths in paths_of.items():
            common = _common_prefix(sorted(paths))
            if common:
                categories[name] = " > ".join(common)
        colours = {c for c in COLOURS} | {dict(p.attributes).get("color", "").lower() for p in products}
        ids = {p.id.lower(): p.id for p in products}
        return cls(brands, categories, tuple(sorted((c for c in colours if c), key=lambda c: (-len(c), c))), ids)


def understand(text: str, vocabulary: Vocabulary, previous: Understanding | None = None, shown: tuple[Product, ...] = ()) -> Understanding:
    """Parse one shopper turn in the context of the previous understanding and the products shown."""
    lowered = " ".join(text.lower().split())
    found, unread = _parse_constraints(lowered, vocabulary)
    references = _references(lowered, shown)
    references += tuple(
        vocabulary.ids[m]
        for m in re.findall(r"\[([^\]\s]{1,64})\]", lowered)
        if m in vocabulary.ids and vocabulary.ids[m] not in references
    )
    if re.search(r"\b(not that brand|other brands?|different brand)\b", lowered) and (references or shown):
        target = [p for p in shown if p.id in references] or list(shown[:1])
        found = replace(found, exclude_brands=found.exclude_brands + tuple(p.brand for p in target if p.brand))
    if re.search(r"\bcheaper\b", lowered) and shown and found.price_max is None:
        target = [p for p in shown if p.id in references] or list(shown)
        found = replace(found, price_max=max(0.0, round(min(p.price for p in target) - 0.01, 2)))
    if re.search(r"\b(more expensive|pricier|higher[- ]end|premium)\b", lowered) and shown and found.price_min is None:
        target = [p for p in shown if p.id in references] or list(shown)
        found = replace(found, price_min=round(max(p.price for p in target) + 0.01, 2))
    intent, uncertain = _intent(lowered, found, references)
    similar = references[0] if references and re.search(r"\b(like|similar to|similar)\b", lowered) else None
    constraints = found
    if previous is not None and intent == "recommend" and not _starts_over(found, previous.constraints):
        constraints = previous.constraints.updated(found)
    return Understanding(intent, constraints, text.strip(), references, similar, uncertain, unread)


def _parse_constraints(text: str, vocabulary: Vocabulary) -> tuple[Constraints, tuple[str, ...]]:
    """The hard constraints the turn states, and the budget phrases it states that cannot be used."""
    price_min, price_max, currency = _stated_budget(text)
    unread = _unusable_amounts(text, (price_min, price_max))
    price_min, price_max = (None if v is not None and v > MAX_AMOUNT else v for v in (price_min, price_max))
    currency = currency if price_min is not None or price_max is not None else None
    brands, excluded = _brands(text, vocabulary)
    rating = _rating(text)
    attributes, rest = (), text
    for colour in vocabulary.colours:  # longest first: "forest green" before "green"
        if re.search(rf"\b{re.escape(colour)}\b", rest):
            attributes += (("color", colour),)
            rest = re.sub(rf"\b{re.escape(colour)}\b", " ", rest)
    if m := re.search(r"\bsize\s+([0-9]+(?:\.5)?|xs|s|m|l|xl|xxl)\b", text):
        attributes += (("size", m.group(1).upper() if m.group(1).isalpha() else m.group(1)),)
    in_stock = bool(re.search(r"\b(in stock|available now|ships? (today|now|immediately)|can get it now)\b", text))
    return Constraints(price_min, price_max, currency, _category(text, vocabulary), brands, excluded, attributes, rating, in_stock), unread


def _rating(text: str) -> float | None:
    """The minimum star rating the turn asks for, if any."""
    rating = None
    if m := re.search(
        r"\b(?:rated|rating(?: of)?|at least)\s+(?:at least\s+)?(\d(?:\.\d)?)\s*(?:stars?)?\s*(?:\+|or (?:higher|better|more|above)|and (?:up|above))?(?!\s*(?:dollars|bucks|\$|people))",
        text,
    ):
        rating = float(m.group(1))
    elif m := re.search(r"(\d(?:\.\d)?)\s*\+\s*stars?|(\d(?:\.\d)?)\s*stars?\s*(?:\+|and up|or more|and above|or higher|or better)", text):
        rating = float(m.group(1) or m.group(2))
    elif re.search(r"\b(top[- ]rated|best[- ]rated)\b", text):
        return 4.5
    elif re.search(r"\b(highly rated|well[- ]reviewed|good reviews)\b", text):
        return 4.0
    return rating if rating is not None and 0 <= rating <= 5 else None  # "at least 8 GB" is no star rating


def _unusable_amounts(text: str, stated: tuple[float | None, float | None]) -> tuple[str, ...]:
    """Budget phrases the rules see but cannot use: below zero, written with an exponent, or a stated
    bound over MAX_AMOUNT."""
    notes = [
        f"'{m.group(0).strip()}' (a price below zero)"
        for m in re.finditer(rf"\b(?:{_MAX_WORDS}|{_MIN_WORDS})\s+(?:{PREFIX})?\s*-\s*\d[\d.,]*", text)
    ]
    notes += [
        f"'{m.group(0).strip()}' (not a price I can read)"
        for m in re.finditer(rf"(?:{PREFIX})?\s*\d+(?:\.\d+)?e[+-]?\d+\s*(?:dollars?|bucks)?", text)
    ]
    notes += [f"'{value:,.0f}' (too large to be a budget)" for value in stated if value is not None and value > MAX_AMOUNT]
    return tuple(notes)


def _stated_budget(text: str) -> tuple[float | None, float | None, str | None]:
    """(min, max, currency) of a price range the turn states, or Nones; bounds over MAX_AMOUNT are
    left to the caller."""
    second = amount_pattern("2")
    between = re.search(rf"\b(?:between|from)\s+{_AMOUNT}\s*(?:and|to|-)\s*{second}", text) or re.search(
        rf"{_AMOUNT}\s*(?:-|to)\s*{second}", text
    )
    if between:
        low, high = amount_of(between), amount_of(between, "2")
        currency = low.currency or high.currency
        if currency or re.search(r"\b(price|budget|spend|cost)\b", text):
            return min(low.value, high.value), max(low.value, high.value), currency
    if around := re.search(rf"\b(?:around|about|roughly|approximately)\s+{_AMOUNT}", text):
        value, currency = astuple(amount_of(around))
        if currency or re.search(r"\b(price|budget|spend|cost)\b", text):
            return round(value * 0.8, 2), round(value * 1.2, 2), currency
    low = high = currency = None
    maxima = [(m, "") for m in re.finditer(rf"\b(?:{_MAX_WORDS})\s+{_AMOUNT}", text)]
    maxima += [(m, "") for m in re.finditer(rf"{_AMOUNT}\s+(?:or less|max|tops|at most)\b", text)]
    maxima += [(m, "") for m in re.finditer(rf"{_AMOUNT}\s*(?:以下|以内|之内)", text)]  # "200元以下": 200 yuan or less
    for m, tag in maxima:
        value, unit = astuple(amount_of(m, tag))
        if unit or m.group("k") or re.search(r"\b(budget|price|spend|cost)\b", text):  # "under 1k": thousands are money
            high, currency = value, unit or currency
    minima = [*re.finditer(rf"\b(?:{_MIN_WORDS})\s+{_AMOUNT}", text), *re.finditer(rf"{_AMOUNT}\s*以上", text)]
    for m in minima:
        value, unit = astuple(amount_of(m))
        if unit or m.group("k") or re.search(r"\b(budget|price|spend|cost)\b", text):  # "under 1k": thousands are money
            low, currency = value, unit or currency
    return low, high, currency


def _brands(text: str, vocabulary: Vocabulary) -> tuple[tuple[str, ...], tuple[str, ...]]:
    include, exclude = [], []
    for lower, brand in vocabulary.brands.items():
        for m in re.finditer(rf"\b{re.escape(lower)}\b", text):
            before = text[max(0, m.start() - 24) : m.start()]
            (
                exclude if re.search(r"\b(not|no|except|without|other than|but|avoid|hate|instead of)\s+(any\s+)?$", before) else include
            ).append(brand)
    return tuple(dict.fromkeys(b for b in include if b not in exclude)), tuple(dict.fromkeys(exclude))


def _category(text: str, vocabulary: Vocabulary) -> str:
    words = [_singular(w) for w in re.findall(r"[a-z0-9'&-]+", text)]
    joined = " " + " ".join(words) + " "
    matches = [(len(name), path) for name, path in vocabulary.categories.items() if f" {name} " in joined]
    return max(matches, key=lambda m: (m[0], m[1].count(">")))[1] if matches else ""


def _references(text: str, shown: tuple[Product, ...]) -> tuple[str, ...]:
    if not shown:
        return ()
    picked = []
    for word, index in ORDINALS.items():
        # "last" is also a verb ("how long does it last"): only "the last" or "last one" point
        pattern = r"\b(the last|last one)\b" if word == "last" else rf"\b{word}\b"
        if re.search(pattern, text) and -len(shown) <= index < len(shown):
            picked.append(shown[index].id)
    for m in re.finditer(r"(?:#|number |no\. ?)(\d+)\b", text):
        if 1 <= int(m.group(1)) <= len(shown):
            picked.append(shown[int(m.group(1)) - 1].id)
    for p in shown:
        if p.id.lower() in text:
            picked.append(p.id)
    if not picked and re.search(r"\b(it|this one|that one|this|that)\b", text) and len(shown) >= 1 and re.search(QUESTION_WORDS, text):
        picked.append(shown[0].id)
    return tuple(dict.fromkeys(picked))


def _intent(text: str, found: Constraints, references: tuple[str, ...]) -> tuple[str, bool]:
    if re.search(COMPARE_WORDS, text) or (len(references) >= 2 and re.search(r"\b(better|difference|or)\b", text)):
        return "compare", False
    if re.search(POLICY_WORDS, text) and not re.search(RECOMMEND_WORDS, text):
        return "policy", False
    if references and re.search(QUESTION_WORDS, text) and not re.search(r"\b(like|similar|cheaper|instead)\b", text):
        return "product_question", False
    if re.search(RECOMMEND_WORDS, text) or found != Constraints():
        return "recommend", False
    if re.search(CHITCHAT, text):
        return "chit_chat", False
    if re.search(QUESTION_WORDS, text):
        return "product_question" if references else "chit_chat", True
    return "recommend", True


def _starts_over(found: Constraints, previous: Constraints) -> bool:
    """A new category that is not a narrowing of the previous one starts a new search."""
    return bool(
        found.category
        and previous.category
        and not found.category.startswith(previous.category)
        and not previous.category.startswith(found.category)
    )


def _common_prefix(paths: list[tuple[str, ...]]) -> tuple[str, ...]:
    first = paths[0]
    depth = 0
    while depth < len(first) and all(len(p) > depth and p[depth] == first[depth] for p in paths):
        depth += 1
    return first[:depth]


def _singular(word: str) -> str:
    for suffix, repl in (("ies", "y"), ("sses", "ss"), ("shes", "sh"), ("ches", "ch"), ("xes", "x"), ("s", "")):
        if word.endswith(suffix) and len(word) > len(suffix) + 2 and not word.endswith("ss"):
            return word[: -len(suffix)] + repl
    return word
