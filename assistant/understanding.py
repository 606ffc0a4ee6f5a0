"""Understanding a shopper turn: the named rules of `assistant.rules` turn text (and the
conversation so far) into a typed `Understanding` — intent, hard constraints, references to
products shown earlier, and the names of the rules that fired.

First stage of a turn: understand -> plan -> generate -> ground.
Rules decide what they can; `uncertain` marks turns the rules could not classify, for an LLM
fallback further on. Catalog words (brands, categories, attribute values) come from a
`Vocabulary` built from the indexed products, so "Voltrix" is a brand only if the store sells it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from assistant.kind_rules import mend_budget_words
from assistant.lexicon import ACCESSORY_NOUNS, BED_SIZES, MODIFIER_SYNONYMS, PART_NOUNS, PRODUCT_NOUNS
from assistant.rules import CONSTRAINT_RULES, Found
from assistant.turn_rules import CONTEXT_RULES, INTENT_RULES, REFERENCE_RULES, looks_like
from assistant.vocabulary import Vocabulary, address_words, fold, kind_pattern, label, name_pattern, singular
from retrieval.filters import Filters
from retrieval.money import digits
from retrieval.records import Product

INTENTS = ("recommend", "product_question", "compare", "policy", "chit_chat")


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
    product_type: tuple[str, ...] = ()  # the kind asked for and its synonyms: one must be in a fitting record's title or category
    made_for: tuple[str, ...] = ()  # devices an accessory must name ("iphone" for "an iPhone case")
    lines: tuple[str, ...] = ()  # product lines a fitting record's title names ("NORDVIKEN"; see Vocabulary.lines)
    exclude_lines: tuple[str, ...] = ()  # lines it must not name ("anything but MALM")

    def __post_init__(self) -> None:
        # "between 100 and 50", "over 10 but less than 0": bounds given the wrong way round mean the range between them
        if self.price_min is not None and self.price_max is not None and self.price_min > self.price_max:
            low, high = self.price_max, self.price_min
            object.__setattr__(self, "price_min", low)
            object.__setattr__(self, "price_max", high)

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
        if newer.lines or newer.exclude_lines:
            changes["exclude_lines"] = tuple(dict.fromkeys(x for x in (*self.exclude_lines, *newer.exclude_lines) if x not in newer.lines))
            changes["lines"] = newer.lines or tuple(x for x in self.lines if x not in newer.exclude_lines)
        if newer.attributes:
            keys = {k for k, _ in newer.attributes}
            changes["attributes"] = tuple(a for a in self.attributes if a[0] not in keys) + newer.attributes
        if newer.in_stock:
            changes["in_stock"] = True
        if newer.product_type:
            changes["product_type"], changes["made_for"] = newer.product_type, newer.made_for
        return replace(self, **changes)

    def attributes_match(self, product: Product) -> bool:
        """True when every attribute constraint is in the record: a colour or size in its title,
        attributes or web address ('…/franklin-bar-stool-black-50406465/'), a figure ('4 mm',
        '160x200', at least '10000 mah') or a door count there or in its description."""
        named = " | ".join([product.title, *(f"{k} {v}" for k, v in product.attributes), address_words(product)])
        told = f"{named} | {product.description}"
        stated = [(name, value, name in _STATED or value in BED_SIZES) for name, value in self.attributes]
        return all(_has_attribute(name, value, told if in_text else named) for name, value, in_text in stated)

    def matches(self, product: Product) -> bool:
        """The record check beyond the filters: attributes, the kind of product (in the record's label:
        title, category, attributes, a short first clause of the description; any number; see `_is_kind`),
        the product lines named (in its title), and the devices it is made for (in title or description)."""
        if not self.attributes_match(product):
            return False
        title = fold(product.title)
        if not all(re.search(name_pattern(fold(x)), title) for x in self.lines) or any(
            re.search(name_pattern(fold(x)), title) for x in self.exclude_lines
        ):
            return False
        kind = label(product)
        text = fold(f"{product.title} {product.category_path} {product.description}")
        said = f"{kind} | {product.category_path.lower()}"
        if self.product_type and not any(_is_kind(t, kind, said, product.description.lower()) for t in self.product_type):
            return False
        if set(self.product_type) & _ACCESSORIZED and ACCESSORY_NOUNS & set(re.findall(r"[a-z]+", product.title.lower())):
            return False  # "an iphone": not an "Apple iPhone 6 USB Cable"
        return all(re.search(rf"\b{re.escape(fold(d))}\b", text) for d in self.made_for)


_ACCESSORIZED = frozenset({"iphone", "ipad", "galaxy", "pixel", "kindle"})  # devices whose titles never name an accessory
_SIZE_LETTERS = {"small": "S", "medium": "M", "large": "L"}
_DOORS = {"single": "1", "double": "2", "triple": "3"}
_MATERIAL_FORMS = {"wood": "wood(?:en)?", "wooden": "wood(?:en)?", "aluminium": "alumini?um", "aluminum": "alumini?um"}
_STATED = frozenset({"spec", "spec_min", "spec_max", "doors", "material", "feature"})  # what a description states too


def _has_attribute(name: str, value: str, text: str) -> bool:
    """Where an attribute shows in a record, in any case; a size word also as the letter titles
    write in capitals ('medium': 'Pet Bed M'), and a letter as the word; a figure with any spacing
    ('4mm', '4 mm'; '160 x 200'), a minimum or maximum against every figure of that unit."""
    if name in ("spec", "spec_min", "spec_max") and "x" not in value:  # "160x80 cm" states 160 cm and 80 cm
        text += " | " + " ".join(
            f"{n} {m.group(m.lastindex)}"
            for m in re.finditer(r"(?i)(\d+)\s*[x×]\s*(\d+)(?:\s*[x×]\s*(\d+))?\s*(cm|mm)\b", text)
            for n in m.groups()[:-1]
            if n
        )
    if name in ("spec_min", "spec_max"):
        number, unit = value.split()
        stated = [float(n) for n in re.findall(rf"(?i)(?<![\d.])(\d+(?:\.\d+)?)\s*{unit}\b", text)]
        return any(n >= float(number) if name == "spec_min" else n <= float(number) for n in stated)
    if name == "spec":
        parts = [re.escape(p) for p in re.split(r"\s*x\s*|\s+", value)]
        glue = r"\s*[x×*]\s*" if "x" in value else r"\s*"
        return bool(re.search(rf"(?i)(?<![\d.]){glue.join(parts)}(?![\d])", text))
    if name == "doors":
        return bool(re.search(rf"(?i)\b(?:{value}|{_DOORS.get(value, value)})[\s-]*doors?\b", text))
    if name == "feature":  # "drawer": "drawers", "shelf": "shelves"
        return bool(re.search(kind_pattern(value).replace("shelf(?:s|es)?", "shel(?:f|ves)"), text.lower()))
    patterns = [rf"(?i)\b{re.escape(value)}\b" if name != "material" else rf"(?i)\b{_MATERIAL_FORMS.get(value, re.escape(value))}\b"]
    if name == "size" and value in BED_SIZES:
        patterns += [rf"(?<!\d){w}\s*[x×*]\s*{h}(?!\d)" for w, h in (d.split("x") for d in BED_SIZES[value])]
    if name == "size":
        word = {v: k for k, v in _SIZE_LETTERS.items()}.get(value.upper() if len(value) == 1 else "", value.lower())
        patterns += [rf"(?i)\b{word}\b"] + ([rf"\b{_SIZE_LETTERS[word]}\b"] if word in _SIZE_LETTERS else [])
    return any(re.search(p, text) for p in patterns)


def _is_kind(term: str, kind: str, said: str, description: str) -> bool:
    """The record is of this kind: the term in its title, category or attributes, or for a compound
    ('led downlight', 'baby spoon') the last word there and the others, or their synonyms ('wifi':
    wireless), in its label, category path, or its description near the last word ('spoons for
    baby's first foods', not 'perfect for serving salad dressings' of a milk server); never only as
    what it is for ('Tempered Glass for iPhone 6S')."""
    if _names(kind_pattern(term), kind):
        return True
    *modifiers, head = term.split()
    if not modifiers or {"of", "and", "with"} & set(modifiers) or not _names(kind_pattern(head), kind):
        return False  # a phrase ("chest of drawers") is no compound to take apart
    near = " | ".join(description[max(0, m.start() - 40) : m.end() + 40] for m in re.finditer(kind_pattern(head), description))
    return all(any(re.search(kind_pattern(w), f"{said} | {near}") for w in (m, *MODIFIER_SYNONYMS.get(m, ()))) for m in modifiers)


def _names(pattern: str, label: str) -> bool:
    """The label names the kind outside a 'for …' clause of its part ('Cable for iPhone' is no iPhone),
    and not right before a part of it ('Toothbrush Heads', 'Table top' are no toothbrush, no table)."""
    return any(
        not re.search(r"\b(?:for|compatible with|fits)\b[^|,]*$", label[: m.start()])
        and not (m.end() < len(label) and _PART.match(label, m.end()))
        for m in re.finditer(pattern, label)
    )


_PART = re.compile(rf"[\s-]+(?:{'|'.join(sorted(PART_NOUNS))})\b")


@dataclass(frozen=True)
class Understanding:
    intent: str
    constraints: Constraints
    query: str  # the turn's text, for retrieval
    references: tuple[str, ...] = ()  # ids of earlier-shown products the turn points at
    similar_to: str | None = None  # "something like the second one": the product to look alike
    uncertain: bool = False  # the rules could not decide the intent
    unread: tuple[str, ...] = ()  # what the turn asked that could not be used ("'under $-5' (below zero)"), said back to the shopper
    preferences: tuple[str, ...] = ()  # soft wishes that rank, never filter: "rating" for "well reviewed", "price" for "the cheapest"
    rules: tuple[str, ...] = ()  # the rules that fired, in order (see assistant.rules, kind_rules, turn_rules): why a constraint was read
    sources: tuple[tuple[str, str, str], ...] = ()  # (field, value, "catalog" | "request"): a store word, or the shopper's only

    def __post_init__(self) -> None:
        if self.intent not in INTENTS:
            raise ValueError(f"intent must be one of {INTENTS}, got {self.intent!r}")


def understand(text: str, vocabulary: Vocabulary, previous: Understanding | None = None, shown: tuple[Product, ...] = ()) -> Understanding:
    """Parse one shopper turn in the context of the previous understanding and the products shown."""
    lowered = mend_budget_words(digits(" ".join(text.lower().split())))  # "undr thirty bucks" reads as "under 30 bucks"
    fired: list[str] = []
    found: Found = {"as_typed": " ".join(text.split())}  # for the rules that need the shopper's capitals
    for rule in CONSTRAINT_RULES:
        _merge(found, rule(lowered, vocabulary, found), rule.__name__, fired)
    references: tuple[str, ...] = ()
    for rule in REFERENCE_RULES:
        if new := tuple(i for i in rule(lowered, shown, vocabulary, references) if i not in references):  # fired: it found another
            references = tuple(dict.fromkeys(references + new))
            fired.append(rule.__name__)
    for rule in CONTEXT_RULES:
        _merge(found, rule(lowered, found, references, shown), rule.__name__, fired)
    found.pop("as_typed")
    unread = found.pop("unread", ())
    preferences = found.pop("prefer", ())
    constraints = Constraints(**found)
    kindless = replace(constraints, product_type=(), made_for=(), attributes=tuple(a for a in constraints.attributes if a[0] != "material"))
    constrained = kindless != Constraints()  # a noun alone ("hello there", "the ceramic mug") asks for nothing
    for rule, intent, uncertain in INTENT_RULES:  # the last rule always fires
        if rule(lowered, constrained, references):
            fired.append(rule.__name__)
            break
    similar = looks_like(lowered, references)
    if similar:
        fired.append("looks_like")
    if intent != "recommend" and not uncertain:  # the kind matters to a recommendation only (an unsure intent may become one)
        constraints = replace(constraints, product_type=(), made_for=())
    elif (
        previous is not None
        and constraints.product_type
        and constraints.product_type[0].split()[-1] not in vocabulary.words | PRODUCT_NOUNS
    ):
        constraints = replace(constraints, product_type=(), made_for=())  # "make it Godinger" names no new kind: keep the earlier one
    if previous is not None and intent == "recommend" and not _starts_over(constraints, previous.constraints):
        constraints = previous.constraints.updated(constraints)
        fired.append("refines_previous")
    return Understanding(
        intent,
        constraints,
        text.strip(),
        references,
        similar,
        uncertain,
        unread,
        preferences,
        tuple(fired),
        sources(constraints, vocabulary),
    )


def sources(constraints: Constraints, vocabulary: Vocabulary) -> tuple[tuple[str, str, str], ...]:
    """Where each brand, line, kind and attribute read comes from: "catalog" when the store has that
    word (a brand it sells, a kind its labels name, one of its colours or lines), "request" when only
    the shopper's words say it ("a Dyson vacuum" in a store without Dyson: the answer says it does
    not carry it). Either way the record check enforces it."""

    def of(known: bool) -> str:
        return "catalog" if known else "request"

    said = [(f, b, of(b.lower() in vocabulary.brands)) for f in ("brands", "exclude_brands") for b in getattr(constraints, f)]
    said += [(f, x, "catalog") for f in ("lines", "exclude_lines") for x in getattr(constraints, f)]
    said += [("made_for", d, of(d in vocabulary.words)) for d in constraints.made_for]
    if constraints.product_type:
        kind = constraints.product_type[0]
        said.append(("product_type", kind, of(all(singular(w) in vocabulary.words for w in kind.split() if w not in ("of", "and")))))
    for name, value in constraints.attributes:
        known = value.lower() in vocabulary.colours if name == "color" else False
        said.append((name, value, of(known)))
    return tuple(said)


def _merge(found: Found, read: Found, name: str, fired: list[str]) -> None:
    """Apply what one rule read: fields set (None removes one), "unread" notes added."""
    if not read:
        return
    fired.append(name)
    for key, value in read.items():
        if key in ("unread", "prefer"):
            found[key] = (*found.get(key, ()), *value)
        elif value is None:
            found.pop(key, None)
        else:
            found[key] = value


def _starts_over(found: Constraints, previous: Constraints) -> bool:
    """A new category that is not a narrowing of the previous one starts a new search."""
    return bool(
        found.category
        and previous.category
        and not found.category.startswith(previous.category)
        and not previous.category.startswith(found.category)
    )
