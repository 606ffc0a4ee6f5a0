"""The store words understanding recognises, built from the indexed catalog: brands, category
names, colours and product ids. "Voltrix" is a brand only if the store sells it."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from retrieval.filters import brand_names
from retrieval.records import Product

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


@dataclass(frozen=True)
class Vocabulary:
    """Store words the rules recognise, built from the catalog."""

    brands: dict[str, str] = field(default_factory=dict)  # lower-case -> as the catalog writes it
    categories: dict[str, str] = field(default_factory=dict)  # singular lower-case name -> category path prefix
    colours: tuple[str, ...] = COLOURS  # colour words, longest first (catalog colours included)
    ids: dict[str, str] = field(default_factory=dict)  # lower-case product id -> id, for "[DS-0008]" references
    words: frozenset[str] = frozenset()  # singular words of the catalog's labels (title, category, attributes, lead clause)
    lists_stock: bool = True  # some record says whether it is in stock; otherwise "in stock" cannot be checked
    rare: frozenset[str] = frozenset()  # words of at most two products in a catalog of 100 or more: a seller's slip ("Earing Box") maybe
    # product lines titles write in capitals ("BILLY", "POÄNG"): folded lower-case -> as written
    lines: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_products(cls, products: list[Product]) -> Vocabulary:
        """Brands, category names and colours of these products.

        A name used by several categories ("toys" for cat toys, dog toys and Toys & Games) maps to
        their common ancestor, or to nothing when they share none; "dog toys" (parent + leaf) is
        a name of its own.
        """
        brands = _brands(products)
        paths_of: dict[str, set[tuple[str, ...]]] = {}
        for p in products:
            for depth in range(1, len(p.category) + 1):
                segment, path = p.category[depth - 1].lower(), p.category[:depth]
                names = {singular(segment)} | {singular(part) for part in re.split(r"\s*(?:&|,| and )\s*", segment) if part}
                if depth > 1:
                    names |= {f"{singular(p.category[depth - 2].lower())} {name}" for name in list(names)}
                for name in names:
                    paths_of.setdefault(name, set()).add(path)
        held = Counter(p.category[:depth] for p in products for depth in range(1, len(p.category) + 1))
        shelf = 2 if len(products) >= 100 else 1  # in a large catalog a one-product leaf is a product's name (Flipkart), not a shelf
        categories = {}
        for name, paths in paths_of.items():
            common = _common_prefix(sorted(paths))
            if common and held[common] >= shelf:
                categories[name] = " > ".join(common)
        colours = set(COLOURS) | {dict(p.attributes).get("color", "").lower() for p in products}
        ids = {p.id.lower(): p.id for p in products}
        counts = Counter(
            w for p in products for w in {singular(w) for w in re.findall(r"[a-z][a-z'-]*[a-z]", f"{label(p)} {p.category_path.lower()}")}
        )
        rare = frozenset(w for w, n in counts.items() if n <= 2) if len(products) >= 100 else frozenset()
        colours = tuple(sorted((c for c in colours if c), key=lambda c: (-len(c), c)))
        lists_stock = any(p.availability != "unknown" for p in products)
        lines = _lines(products, set(brands) | set(colours) | {w for name in categories for w in name.split()})
        return cls(brands, categories, colours, ids, frozenset(counts), lists_stock, rare, lines)


def _lines(products: list[Product], taken: set[str]) -> dict[str, str]:
    """Product lines, in a catalog that titles its products by line (most titles are names in capitals
    alone: IKEA's 'BILLY', 'POÄNG', 'NORDVIKEN / LEIFARNE'): title words of three letters or more
    written in capitals at least twice as often as not; never a brand, colour or category word.
    Elsewhere capitals are acronyms and shouting ('LED', 'BPA'): no lines."""
    if sum(p.title.isupper() for p in products) < len(products) / 2:
        return {}
    capital, other, spelt = Counter(), Counter(), {}
    for p in products:
        for w in re.findall(r"[^\W\d_]{3,}", p.title):
            if w.isupper():
                capital[w.lower()] += 1
                spelt[w.lower()] = w
            else:
                other[w.lower()] += 1
    return {fold(w): spelt[w] for w, n in capital.items() if n >= 2 * other[w] and fold(w) not in taken and singular(fold(w)) not in taken}


def fold(text: str) -> str:
    """Lower-case text without its accents, as shoppers type names: 'POÄNG' -> 'poang'."""
    return "".join(c for c in unicodedata.normalize("NFKD", text.lower()) if not unicodedata.combining(c))


# words a catalog's brand column holds now and then ("Only", "At", "The") that read as plain English in a request
PLAIN_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "any",
        "at",
        "all",
        "for",
        "from",
        "in",
        "is",
        "it",
        "its",
        "my",
        "no",
        "not",
        "of",
        "on",
        "one",
        "only",
        "or",
        "our",
        "so",
        "the",
        "this",
        "to",
        "up",
        "with",
        "you",
        "your",
        "max",
        "min",
        "budget",
        # currencies and units a request writes around its figures, and words of a chat ("R.S" is no brand in "1000 rs")
        "rs",
        "inr",
        "usd",
        "sar",
        "eur",
        "gbp",
        "cm",
        "mm",
        "kg",
        "gb",
        "mb",
        "ml",
        "ok",
        "red",
        "say",
        "wow",
        "fly",
        "ss",
        "sd",
        "diy",
        "oem",
        "hrs",
        "pls",
    ]
)


def _brands(products: list[Product]) -> dict[str, str]:
    """Brands by lower-case name, leaving out names a shopper would write as plain words: function
    words, and one-word brands that other brands' titles and categories use more than the brand
    itself ("Coffee" when 300 mugs of other brands say "coffee"; not "Prestige", whose own
    category "Prestige Pressure Cookers" holds only Prestige cookers)."""
    own = Counter(p.brand.lower() for p in products if p.brand)
    # words of products with another brand (a title without a brand in its column often starts with its own brand)
    in_titles = Counter(
        w
        for p in products
        if p.brand
        for w in set(re.findall(r"[a-z0-9'+&-]+", f"{p.title} {p.category_path}".lower()))
        if w != p.brand.lower()
    )
    kept = {
        p.brand.lower(): p.brand
        for p in products
        if p.brand and _compact(p.brand) not in PLAIN_WORDS and in_titles[p.brand.lower()] <= 2 * own[p.brand.lower()] + 10
    }
    for cell in list(kept.values()):  # "IKEA of Sweden/Tom Dixon": each designer a brand of its own
        kept.update({name.lower(): name for name in brand_names(cell) if _compact(name) not in PLAIN_WORDS and name.lower() not in kept})
    return kept


def _compact(name: str) -> str:
    """A brand as a request may write it without its dots and spaces: 'R.S' is 'rs' (rupees)."""
    return re.sub(r"[\s.]+", "", name.lower())


def lead(description: str) -> str:
    """The description's first clause when it is a short label ("Footstool, 60x40 cm" -> "Footstool"):
    catalogs that title products by name, like IKEA's "BILLY", say there what the product is."""
    first = re.split(r"[,.;:(]", description, maxsplit=1)[0].strip()
    return first if 0 < len(first) <= 40 else ""


def address_words(product: Product) -> str:
    """The words of the product's web address ('…/p/franklin-bar-stool-black-50406465/'): IKEA names
    a product's colour only there."""
    return re.sub(r"[-_/]+", " ", product.url.rstrip("/").rsplit("/", 1)[-1]) if product.url else ""


def label(product: Product) -> str:
    """What the record says the product is: title, category, attributes and the description's lead. A
    category that lists several kinds ("Sofas & armchairs") says nothing about which one this is."""
    shelves = [c for c in product.category if not re.search(r"\s(?:&|and)\s|,", c)]
    return " | ".join([product.title, *shelves, *(f"{k} {v}" for k, v in product.attributes), lead(product.description)]).lower()


def name_pattern(name: str) -> str:
    """A regex finding a name in lower-cased text with or without its dashes, dots and spaces:
    'tp-link' in 'tplink', 'tp link'; 'dr. teal's' in 'dr teal's'."""
    spelt = r"[\s.-]*".join(re.escape(p) for p in re.split(r"[\s.-]+", name.lower()) if p)
    return rf"(?<![\w-]){spelt}(?![\w-])"


def kind_pattern(kind: str) -> str:
    """A regex finding a kind of product ('battery', 'pressure cooker', singular words) in a record's
    text in any number: 'batteries', 'pressure cookers', 'pressure-cooker', 'beanbag'; a phrase with
    a count after 'of' ('Chest of 3 drawers')."""
    words = []
    for word in kind.split():
        if word == "of":  # "chest of drawers" in "Chest of 3 drawers"
            words.append(r"of(?:[\s-]+\d+)?")
        elif re.search(r"[^aeiou]y$", word):
            words.append(rf"{re.escape(word[:-1])}(?:y|ies)")
        else:
            words.append(rf"{re.escape(word)}(?:s|es)?")
    return r"\b" + r"[\s-]*".join(words) + r"\b"  # "high chair", "high-chair", "highchair"


def singular(word: str) -> str:
    """A plural English noun in its singular form, crudely: 'batteries' -> 'battery', 'mugs' -> 'mug'."""
    if word.endswith("'s"):  # a possessive ("men's"), not a plural
        return word
    for suffix, repl in (("ies", "y"), ("sses", "ss"), ("shes", "sh"), ("ches", "ch"), ("xes", "x"), ("s", "")):
        if (
            word.endswith(suffix) and len(word) - len(suffix) + len(repl) >= 3 and not word.endswith("ss")
        ):  # "boxes" -> "box", not "bus" -> "bu"
            return word[: -len(suffix)] + repl
    return word


def _common_prefix(paths: list[tuple[str, ...]]) -> tuple[str, ...]:
    first = paths[0]
    depth = 0
    while depth < len(first) and all(len(p) > depth and p[depth] == first[depth] for p in paths):
        depth += 1
    return first[:depth]
