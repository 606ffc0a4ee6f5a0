"""Understanding rules: each a small function that owns one pattern, named for what it reads.
`understanding.understand` runs the tables below in order and records which rules fired, so an
evaluator can see why a constraint was read (`ask --json` "rules", `-v`).

- CONSTRAINT_RULES read hard constraints from the turn: (text, vocabulary, found) -> the fields of
  `Constraints` they set (None removes one), or "unread" notes for phrases they cannot use.
- The kind of product is read in `assistant.kind_rules`; the rules about the turn as a whole
  (references to shown products, context, intent) are in `assistant.turn_rules`.
Text reaching a rule is lower-cased with single spaces; `found["as_typed"]` keeps the shopper's capitals.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from assistant.kind_rules import kind_typo, known_spelling, product_type
from assistant.known_brands import KNOWN_BRANDS
from assistant.lexicon import DEVICES, MATERIALS, NOT_KINDS
from assistant.vocabulary import Vocabulary, fold, name_pattern, singular
from retrieval.money import MAX_AMOUNT, PREFIX, Amount, amount_of, amount_pattern

Found = dict[str, object]  # Constraints fields read so far, plus "unread" notes

_AMOUNT, _SECOND = amount_pattern(), amount_pattern("2")
_MAX_WORDS = (
    r"under|below|less than|cheaper than|at most|max(?:imum)?|up to|no more than|not more than|within|budget(?: of| is)?|for|"
    r"(?:can|could|only|to) (?:only )?(?:spend|pay|afford)|only have|have only|afford"  # "can only spend ₹10,000"
)
_OR_MORE = r"(?:\s*\+|\s*(?:or more|or above|or over|or higher|and up|and above|and over|plus)\b)"  # "$100 or more", "$35 and up"
_MIN_WORDS = r"over|above|more than|at least|min(?:imum)?|from|starting at"
_PRICE_TALK = re.compile(r"\b(price|budget|spend|cost)\b")  # a bare number is a price only when the turn talks about price
_BARE_MAX = re.compile(r"(?:under|below|less than|at most|max(?:imum)?|up to|no more than|not more than|within|budget(?: of| is)?)\s")
_BARE_MIN = re.compile(r"(?:over|above|more than)\s")
_UNIT_AFTER = re.compile(  # a number followed by one of these counts something else than money
    r"\s*(?:people|persons?|kids?|players?|seats?|inch(?:es)?|in\b|cm|mm|m\b|meters?|feet|ft|kg|g\b|grams?|lbs?|pounds?|oz|ml|l\b|"
    r"lit(?:er|re)s?|gb|tb|mb|mah|w\b|watts?|v\b|volts?|hours?|hrs?|minutes?|mins?|years?|months?|days?|stars?|pcs|pieces|%|"
    r"resolution|res\b|gaming|tvs?\b|monitors?|displays?|video|screens?|uhd|hdr|content|streaming|cameras?)"
)
_NO_MORE_THAN = re.compile(  # "can't spend more than $100", "nothing over ₹3000", "no more than 30 dollars": upper bounds
    r"(?:(?:can'?t|cannot|can not|don'?t want to|do not want to|won'?t|not going to)\s+(?:spend|pay)\s+|\b(?:nothing|not|no)\s+)"
    r"(?:more than|over|above)\s+"
)


# --- constraint rules -------------------------------------------------------------------------------


def _is_price(match: re.Match, amount: Amount, text: str) -> bool:
    """An amount is a price when it names a currency or the turn talks about price. A bare number is
    one right after an upper-bound word ("sneakers under 1000", "under 1k": the catalog's currency),
    or of 10 and more after "over"/"above", unless a unit follows ("up to 3 people", "under 4k
    resolution", "over 4 stars"): "a tent for 4 people" and "a monitor for 4k gaming" state no budget."""
    if _UNIT_AFTER.match(text, match.end()) and not amount.currency:  # "at least 4 star reviews, budget 1000": 4 is no price
        return False
    if amount.currency or _PRICE_TALK.search(text):
        return True
    return bool(_BARE_MAX.match(match.group(0)) or (_BARE_MIN.match(match.group(0)) and amount.value >= 10))


def _ranged(found: Found) -> bool:
    return found.get("price_min") is not None and found.get("price_max") is not None


def price_between(text: str, vocabulary: Vocabulary, found: Found) -> Found:
    """'between 20 and 30 dollars', 'from $5 to $10', '$5-$10'."""
    m = re.search(rf"\b(?:between|from)\s+{_AMOUNT}\s*(?:and|to|-)\s*{_SECOND}", text) or re.search(
        rf"{_AMOUNT}\s*(?:-|to)\s*{_SECOND}", text
    )
    if not m:
        return {}
    low, high = amount_of(m), amount_of(m, "2")
    currency = low.currency or high.currency
    if not (currency or _PRICE_TALK.search(text) or (m.group("k") and m.group("k2"))):  # "between 20k and 40k"
        return {}
    return {"price_min": min(low.value, high.value), "price_max": max(low.value, high.value), "currency": currency}


def price_around(text: str, vocabulary: Vocabulary, found: Found) -> Found:
    """'around $40', 'about 50 euros': 20% either side."""
    m = None if _ranged(found) else re.search(rf"\b(?:around|about|roughly|approximately)\s+{_AMOUNT}", text)
    if not m:
        return {}
    amount = amount_of(m)
    if not (amount.currency or _PRICE_TALK.search(text)):
        return {}
    return {"price_min": round(amount.value * 0.8, 2), "price_max": round(amount.value * 1.2, 2), "currency": amount.currency}


def price_at_most(text: str, vocabulary: Vocabulary, found: Found) -> Found:
    """'under $50', 'budget is 2k rupees', 'can only spend ₹10,000', '$60 or less', '200元以下' (the last one stated wins)."""
    if _ranged(found):
        return {}
    maxima = [
        *re.finditer(rf"\b(?:{_MAX_WORDS})\s+{_AMOUNT}(?![\d.,]*{_OR_MORE})", text),
        *re.finditer(rf"{_AMOUNT}\s+(?:or less|max|tops|at most)\b", text),
    ]
    maxima += re.finditer(rf"{_NO_MORE_THAN.pattern}{_AMOUNT}", text)
    maxima += re.finditer(rf"{_AMOUNT}\s*(?:以下|以内|之内)", text)  # "200元以下": 200 yuan or less
    return _last_price(maxima, text, "price_max")


def price_at_least(text: str, vocabulary: Vocabulary, found: Found) -> Found:
    """'over €80', 'at least $100', '$100 or more', '$35 and up', '500元以上'."""
    if _ranged(found):
        return {}
    minima = [
        m for m in re.finditer(rf"\b(?:{_MIN_WORDS})\s+{_AMOUNT}", text) if not _NO_MORE_THAN.search(text[max(0, m.start() - 30) : m.end()])
    ]
    minima += re.finditer(rf"{_AMOUNT}\s*以上", text)
    minima += (m for m in re.finditer(rf"{_AMOUNT}{_OR_MORE}", text) if amount_of(m).currency or _PRICE_TALK.search(text))
    return _last_price(minima, text, "price_min")


def _last_price(matches: list[re.Match], text: str, field: str) -> Found:
    """`field` set to the last of the amounts that is a price, with the last currency named."""
    read: Found = {}
    for m in matches:
        amount = amount_of(m)
        if _is_price(m, amount, text):
            read[field] = amount.value
            read["currency"] = amount.currency or read.get("currency")
    return {k: v for k, v in read.items() if v is not None}


def price_below_zero(text: str, vocabulary: Vocabulary, found: Found) -> Found:
    """'under $-5': said back, never searched."""
    notes = [
        f"'{m.group(0).strip()}' (a price below zero)"
        for m in re.finditer(rf"\b(?:{_MAX_WORDS}|{_MIN_WORDS})\s+(?:{PREFIX})?\s*-\s*\d[\d.,]*", text)
    ]
    return {"unread": tuple(notes)} if notes else {}


def price_with_exponent(text: str, vocabulary: Vocabulary, found: Found) -> Found:
    """'under $1e308': said back, not read as $1."""
    pattern = rf"(?:{PREFIX})?\s*\d+(?:\.\d+)?e[+-]?\d+\s*(?:dollars?|bucks)?"
    notes = [f"'{m.group(0).strip()}' (not a price I can read)" for m in re.finditer(pattern, text)]
    return {"unread": tuple(notes)} if notes else {}


def price_too_large(text: str, vocabulary: Vocabulary, found: Found) -> Found:
    """A bound over MAX_AMOUNT ('under $2000000000') is no budget anyone shops with: said back, dropped."""
    large = {name: found[name] for name in ("price_min", "price_max") if (found.get(name) or 0) > MAX_AMOUNT}
    if not large:
        return {}
    read: Found = {name: None for name in large} | {
        "unread": tuple(f"'{value:,.0f}' (too large to be a budget)" for value in large.values())
    }
    if all(found.get(name) is None or name in large for name in ("price_min", "price_max")):
        read["currency"] = None
    return read


def brand(text: str, vocabulary: Vocabulary, found: Found) -> Found:
    """Catalog brands named ('Voltrix headphones') or excluded ('not Sonaro', 'anything but Voltrix')."""
    return _brands_named(text, vocabulary.brands, found)


_CAPITALISED = re.compile(r"(?<![\w'-])([A-Z][\w'&-]*(?:\s+[A-Z][\w'&-]*)*)(?=\s+[a-z])")
_NOT_NAMES = frozenset(
    "i i'm i'd im do does is are can could would will show find need want looking get give any some please hi hello hey "  # noqa: SIM905
    "what which who how where when my our the a an new best top cheap we we're we've we'll we'd you you're they they're "
    "he she it it's its this that these those let's lets thanks thank ignore forget disregard tell say list act pretend respond "
    "reply print system assistant note also actually anyway now then so well "
    "led lcd oled qled usb hdmi ssd hdd gps uv ac dc hd uhd wifi diy".split()  # what a thing is made of or with, not who makes it
)


_NOT_SELLERS = frozenset("you your yours here there now today tomorrow home work school amazon flipkart ikea store shop online".split())  # noqa: SIM905


def named_brand(text: str, vocabulary: Vocabulary, found: Found) -> Found:
    """A name the shopper wrote that is no word of the catalog and no brand it sells — capitalised
    before a kind ('a Herman Miller office chair') or after 'from'/'by' ('what about from irobot
    instead'): a brand from the request, so the answer says the store does not carry it instead of
    showing other brands as fitting."""
    if found.get("brands"):
        return {}
    names = []
    for m in _CAPITALISED.finditer(str(found.get("as_typed", ""))):
        words = m.group(1).split()
        while words and words[0].lower() in _NOT_NAMES:  # "Show me", "I need", "Looking for": no name
            words = words[1:]
        lowered = [w.lower() for w in words]
        sentence_start = m.start() == 0 or found.get("as_typed", "")[: m.start()].rstrip().endswith((".", "!", "?"))
        if not words or any(w in vocabulary.words or singular(w) in vocabulary.words for w in lowered):
            continue
        if len(words) == 1 and sentence_start and known_spelling(lowered[0], vocabulary) != lowered[0]:
            continue  # "Hedphones under $80": a capital at the start on a slip of a catalog word
        if any(w in NOT_KINDS or w in vocabulary.colours or w in DEVICES or fold(w) in vocabulary.lines for w in lowered):
            continue
        names.append(" ".join(words))
    for m in re.finditer(r"\b(?:from|by)\s+([a-z][\w'&-]{2,})\b(?!\.[a-z])", text):  # "what about from irobot instead", not "chewy.com"
        word = m.group(1)
        if not (
            word in vocabulary.words
            or singular(word) in vocabulary.words
            or word in NOT_KINDS
            or word in _NOT_NAMES
            or word in _NOT_SELLERS
        ):
            names.append(word)
    # a catalog brand named by its first word ("from V&G": "V&G Professional") is that brand
    names = [n for name in names for n in ([v for k, v in vocabulary.brands.items() if k.split()[0] == name.lower()] or [name])]
    return {"brands": tuple(dict.fromkeys(names))} if names else {}


def known_brand(text: str, vocabulary: Vocabulary, found: Found) -> Found:
    """Well-known brands the catalog does not sell ('a Dyson vacuum'): still the shopper's constraint,
    so the answer says the store does not carry them instead of showing other brands as fitting."""
    sold = set(vocabulary.brands)
    return _brands_named(text, {k: v for k, v in KNOWN_BRANDS.items() if k not in sold}, found)


def product_line(text: str, vocabulary: Vocabulary, found: Found) -> Found:
    """Product lines of a catalog that titles products by line: named ('a NORDVIKEN bar table', 'poang
    chair'), excluded ('anything but MALM', 'not the LACK one'), or what the product is for ('cushion
    for my POÄNG'); the store's own name ('from ikea') is none."""
    lines = {k: v for k, v in vocabulary.lines.items() if k not in _NOT_SELLERS and k not in _NOT_NAMES}
    return _brands_named(fold(text), lines, found, ("lines", "exclude_lines", "made_for")) if lines else {}


def _brands_named(
    text: str, names: dict[str, str], found: Found, keys: tuple[str, str, str] = ("brands", "exclude_brands", "made_for")
) -> Found:
    """Brands (or lines: `keys`) named, excluded ('not Sonaro'), or named as what the product is for
    ('heads for philips norelco': made for it, any brand); written with or without their dashes and
    spaces ('tplink')."""
    include, exclude, made_for = [], [], []
    for lower, name in names.items():
        for m in re.finditer(name_pattern(lower), text):
            before = text[max(0, m.start() - 24) : m.start()]
            negated = re.search(
                r"\b(not|no|except|without|other than|but|avoid|hate|instead of|never mind)\s+(any\s+|the\s+|from\s+)?$", before
            )
            if re.search(r"\b(?:for|compatible with|fits?)\s+(?:my|a|an|the|your)?\s*$", before) and not negated:
                made_for.append(lower)
            else:
                (exclude if negated else include).append(name)
    read: Found = {}
    named, excluded, fits = keys
    if brands := tuple(dict.fromkeys(b for b in include if b not in exclude)):
        read[named] = (*found.get(named, ()), *brands)
    if exclude:
        read[excluded] = (*found.get(excluded, ()), *dict.fromkeys(exclude))
    if made_for:
        read[fits] = (*found.get(fits, ()), *dict.fromkeys(made_for))
    return read


def min_rating(text: str, vocabulary: Vocabulary, found: Found) -> Found:
    """'rated 4 stars and up', '4+ stars', 'highly rated (4.5+)', 'minimum 4 stars', 'rating above 4' (4.1),
    'a 5 star rating', 'a 5-star rating', '5 star rated', 'mugs, 5 stars', 'top rated' (4.5), 'highly rated' (4.0);
    not 'at least 8 GB'."""
    rating = None
    if m := re.search(r"\b(?:rated|ratings?)\s*\(?\s*(\d(?:\.\d)?)\s*\+\s*\)?", text):  # "highly rated (4.5+)", "rated 4+", "ratings (4+)"
        rating = float(m.group(1))
    elif m := re.search(
        r"\b(?:rating|rated)\s+(?:above|over|more than|higher than)\s+(\d(?:\.\d)?)\b(?!\s*(?:dollars|bucks|\$|people))", text
    ):
        rating = min(5.0, float(m.group(1)) + 0.1)  # "rating above 4": more than 4 on a one-decimal scale
    elif m := re.search(r"\b(?:min(?:imum)?|at least)\s+(\d(?:\.\d)?)\s*stars?\b|(\d(?:\.\d)?)\s*stars?\s*min(?:imum)?\b", text):
        rating = float(m.group(1) or m.group(2))
    elif (m := re.search(r"(?<![\d.])(\d(?:\.\d)?)[\s-]*(?:\+\s*)?(?:stars?[\s-]*)?(?:rating|rated)\b", text)) or (
        m := re.search(
            rf"\b(?:rated|rating(?: of)?|at least)\s+(?:at least\s+)?(\d(?:\.\d)?)(?![\d.])\s*(?:stars?)?\s*(?:\+|or (?:higher|better|more|above)|and (?:up|above))?(?!\s*(?:dollars|bucks|\$|people|{_LENGTHS}))",
            text,
        )
    ):  # "a 5 star rating", "4+ rating"
        rating = float(m.group(1))
    elif m := re.search(
        r"(\d(?:\.\d)?)\s*(?:\+|or more|or higher|or better|and up|and above)\s*stars?|"
        r"(\d(?:\.\d)?)\s*stars?\s*(?:\+|and up|or more|and above|or higher|or better)",
        text,
    ):  # "4+ stars", "4 or more stars", "4 stars and up"
        rating = float(m.group(1) or m.group(2))
    elif m := re.search(
        r"(?<!under )(?<!below )(?<!than )(?<!most )(?<![\d.])(\d(?:\.\d)?)[\s-]*stars?\b", text
    ):  # "mugs, 5 stars, under 300"
        rating = float(m.group(1))
    elif re.search(r"\btop[- ]rated\b", text):
        rating = 4.5
    elif re.search(r"\bhighly[- ]rated\b", text):
        rating = 4.0
    return {"min_rating": rating} if rating is not None and 0 <= rating <= 5 else {}


def well_rated(text: str, vocabulary: Vocabulary, found: Found) -> Found:
    """'well reviewed', 'best rated', 'good reviews', 'popular': a preference for better-rated products, no hard minimum."""
    return {"prefer": ("rating",)} if re.search(r"\b(best[- ]rated|well[- ]reviewed|good reviews|popular|best[- ]reviewed)\b", text) else {}


def cheapest(text: str, vocabulary: Vocabulary, found: Found) -> Found:
    """'the cheapest recliner', 'least expensive', 'lowest price': cheaper products first, no bound."""
    return {"prefer": ("price",)} if re.search(r"\b(cheapest|least expensive|lowest[- ]priced?|lowest cost)\b", text) else {}


def colour(text: str, vocabulary: Vocabulary, found: Found) -> Found:
    """Colour words, the catalog's own included, longest first: 'forest green' before 'green'."""
    colours, rest = (), text
    for name in (*found.get("brands", ()), *found.get("exclude_brands", ())):  # "Dr Teal's" names no colour
        rest = re.sub(name_pattern(name), " ", rest)
    for name in vocabulary.colours:
        if re.search(rf"\b{re.escape(name)}\b", rest):
            colours += (("color", name),)
            rest = re.sub(rf"\b{re.escape(name)}\b", " ", rest)
    return {"attributes": colours} if colours else {}


def material(text: str, vocabulary: Vocabulary, found: Found) -> Found:
    """What it is made of: 'in oak veneer', 'a glass vase', 'leather sofa', longest first ('stainless
    steel', not 'steel' too); not one the shopper rules out ('no plastic', 'plastic-free')."""
    made, rest = (), text
    for name in MATERIALS:
        for m in re.finditer(rf"\b{re.escape(name)}\b", rest):
            ruled_out = re.search(r"\b(?:not|no|without|non)[\s-]*$", rest[: m.start()]) or re.match(r"[\s-]*free\b", rest[m.end() :])
            if not ruled_out and ("material", name) not in made:
                made += (("material", name),)
        rest = re.sub(rf"\b{re.escape(name)}\b", " ", rest)
    return {"attributes": (*found.get("attributes", ()), *made)} if made else {}


def feature(text: str, vocabulary: Vocabulary, found: Found) -> Found:
    """A part the product must have, said with 'with' ('a cot with drawers', 'vanity table with a
    mirror', 'dresser w/ 3 drawers'): its title or description names it."""
    text = re.sub(r"\bw/\s*", "with ", text)
    read = [
        ("feature", f"{m.group(1) or ''} {'shelf' if m.group(2) == 'shelves' else singular(m.group(2))}".strip())
        for m in re.finditer(rf"\bwith (?:an? |the |(\d) )?({_FEATURES})\b", text)
    ]
    return {"attributes": (*found.get("attributes", ()), *read)} if read else {}


_FEATURES = (
    r"drawers?|mirrors?|backrests?|armrests?|storage|doors?|wheels?|castors?|casters?|lids?|handles?|shelf|shelves|"
    r"headboards?|canopy|timer|remote|pockets?|hood|buckets?"
)


def size(text: str, vocabulary: Vocabulary, found: Found) -> Found:
    """'size 10', 'size 9.5', 'size xl'; 'large size', 'size medium' (the word, as titles write it)."""
    if m := re.search(r"\bsize\s+([0-9]+(?:\.5)?|xs|s|m|l|xl|xxl)\b", text):
        value = m.group(1).upper() if m.group(1).isalpha() else m.group(1)
        return {"attributes": (*found.get("attributes", ()), ("size", value))}
    if m := re.search(r"\b(small|medium|large)[\s-]+size\b|\bsize\s+(small|medium|large)\b", text):
        return {"attributes": (*found.get("attributes", ()), ("size", m.group(1) or m.group(2)))}
    if m := re.search(
        rf"\b(queen|king|twin|single|double)[\s-]+(?:size[d]?\s+)?(?:[a-z-]+\s+){{0,2}}(?:{_BEDDING})\b", text
    ):  # "king size waterproof mattress"
        return {"attributes": (*found.get("attributes", ()), ("size", m.group(1)))}
    return {}


_BEDDING = r"beds?|mattress(?:es)?|bed ?sheets?|sheets?|duvets?|comforters?|quilts?|blankets?|bed ?frames?|headboards?|cots?"
_FIGURE_UNITS = r"mm|cm|mah|gb|tb|mp"
_FIGURE_RANGE = re.compile(rf"(?<![\d.])(\d+(?:\.\d+)?)\s*(?:-|to)\s*(\d+(?:\.\d+)?)\s*({_FIGURE_UNITS})\b")
_LENGTHS = r"m\b|metres?|meters?|cm|mm|inch|inches|ft|feet|foot|kg|l\b|litres?|liters?|gb|tb|seats?|seater|drawers?|doors?"  # not stars


def figures(text: str, vocabulary: Vocabulary, found: Found) -> Found:
    """Figures a record must state: '4mm', '64 gb', '160x200 (cm)'; '10000mah or more', 'at least 8 gb'
    (a minimum), 'under 30 cm' (a maximum)."""
    read = []
    text = re.sub(  # "at least 2 m tall": 200 cm, as records state sizes
        r"\b(over|above|more than|at least|min(?:imum)?|under|below|less than|at most|max(?:imum)?|up to)\s+(\d+(?:\.\d+)?)\s*(?:m|metres?|meters?)\b",
        lambda m: f"{m.group(1)} {float(m.group(2)) * 100:g} cm",
        text,
    )
    for m in re.finditer(r"(?<![\d.])(\d{2,3})\s*[x×*]\s*(\d{2,3})(?![\d.])", text):  # "160x200": a bed's or a rug's size
        read.append(("spec", f"{m.group(1)}x{m.group(2)}"))
    text = re.sub(r"(?<![\d.])\d{2,3}\s*[x×*]\s*\d{2,3}(?:\s*cm)?", " ", text)
    for m in _FIGURE_RANGE.finditer(text):  # "74-75cm"
        read += [("spec_min", f"{m.group(1)} {m.group(3)}"), ("spec_max", f"{m.group(2)} {m.group(3)}")]
    text = _FIGURE_RANGE.sub(" ", text)
    for m in re.finditer(rf"(?<![\d.,$₹€£])(\d+(?:\.\d+)?)\s*({_FIGURE_UNITS})\b", text):
        before, after = text[max(0, m.start() - 14) : m.start()], text[m.end() : m.end() + 14]
        if re.search(r"\b(?:over|above|more than|at least|min(?:imum)?)\s*$", before) or re.match(
            r"\s*(?:\+|or more|or above|or higher|and above|and up|min)", after
        ):
            read.append(("spec_min", f"{m.group(1)} {m.group(2)}"))
        elif re.search(r"\b(?:under|below|less than|at most|max(?:imum)?|up to)\s*$", before) or re.match(r"\s*(?:or less|max)", after):
            read.append(("spec_max", f"{m.group(1)} {m.group(2)}"))
        else:
            read.append(("spec", f"{m.group(1)} {m.group(2)}"))
    if m := re.search(r"\b(single|double|triple)[\s-]+doors?\b", text):  # "double door fridge"
        read.append(("doors", m.group(1)))
    return {"attributes": (*found.get("attributes", ()), *read)} if read else {}


def in_stock(text: str, vocabulary: Vocabulary, found: Found) -> Found:
    """'in stock', 'available now', 'ships today', 'that I can order online'; said back when the store lists no stock at all."""
    if not (
        m := re.search(
            r"\b(in stock|available now|ships? (today|now|immediately)|can get it now|(?:can |to )?order (?:it )?online|available online)\b",
            text,
        )
    ):
        return {}
    return {"in_stock": True} if vocabulary.lists_stock else {"unread": (f"'{m.group(0)}' (this store does not list stock)",)}


def category(text: str, vocabulary: Vocabulary, found: Found) -> Found:
    """The longest catalog category name in the turn or its kind ('running shoes', 'a mouse': Mice), plurals
    included, that names the kind of product asked for ('intex swimming pool': Pools, not Swimming;
    'screwdriver bits': not Screwdrivers). A category read from the words is a hint: the planner drops
    it when nothing of the kind is filed there."""
    kinds = found.get("product_type", ())
    joined = " " + " ".join(singular(w) for w in re.findall(r"[a-z0-9'&-]+", text)) + " | " + " | ".join(kinds) + " "
    matches = [(len(name), path, name) for name, path in vocabulary.categories.items() if f" {name} " in joined]
    if heads := {t.split()[-1] for t in kinds}:  # a name for something else than the kind asked for is no category ("screwdriver bits")
        matches = [m for m in matches if heads & set(m[2].split())]
    return {"category": max(matches, key=lambda m: (m[0], m[1].count(">")))[1]} if matches else {}


ConstraintRule = Callable[[str, Vocabulary, Found], Found]
CONSTRAINT_RULES: tuple[ConstraintRule, ...] = (
    price_between,
    price_around,
    price_at_most,
    price_at_least,
    price_below_zero,
    price_with_exponent,
    price_too_large,
    brand,
    known_brand,
    product_line,
    named_brand,
    min_rating,
    well_rated,
    cheapest,
    colour,
    material,
    feature,
    size,
    figures,
    in_stock,
    product_type,
    kind_typo,
    category,
)
