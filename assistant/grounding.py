"""Grounding: check the LLM's text against the candidate records and repair what it got wrong.

Stage after generation: generate -> ground -> answer. The model may refer to products only by
the candidate ids it was shown ("[DS-0008]"). Unknown ids are removed, stated prices that differ
from the record are corrected from the record, and sentences naming a catalog brand that is not
among the candidates are dropped; every repair is recorded so evaluators can count them. When
too little survives, a safe fallback rendered from the records replaces the text. Product facts
shown to the shopper (price, stock, rating, link) are always rendered here from the records.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from retrieval.records import Product

ID_REF = re.compile(r"\[([A-Za-z0-9][A-Za-z0-9_.:-]{0,63})\]")
_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?|\d+(?:\.\d{1,2})?"
_END = r"(?![\d.,]?\d)(?![^\W\d])"  # the whole number, not "7950" of "7950X"
_WORDS = r"[A-Z]{3}\b|(?i:dollars?|bucks|euros?|rupees?|usd|eur|gbp|inr)\b"  # not "pounds": that is also a weight
# an amount with a currency: "$9.99", "USD 9.99", "Rs. 500", "9.99 USD", "10 dollars", "999€"
MONEY = re.compile(
    rf"(?:(?P<sym>[$€£₹])\s?|\b(?P<code>[A-Z]{{3}}|Rs\.?)\s?)(?P<num>{_NUM}){_END}"
    rf"|\b(?P<num2>{_NUM}){_END}\s?(?:(?P<post>{_WORDS})|(?P<sym2>[$€£₹]))"
)
COMMON_CODES = frozenset({"USD", "EUR", "GBP", "INR"})  # bare codes taken as money; others only when a candidate is priced in them
SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "INR": "₹"}
MONEY_WORDS = {
    "$": "USD",
    "€": "EUR",
    "£": "GBP",
    "₹": "INR",
    "rs": "INR",
    "rs.": "INR",
    "dollar": "USD",
    "dollars": "USD",
    "bucks": "USD",
    "euro": "EUR",
    "euros": "EUR",
    "rupee": "INR",
    "rupees": "INR",
}
SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")
LOOP = re.compile(
    r"\b([^\W\d]\w*(?:\W+\w+){0,3}?)(?:\W+\1\b){3,}", re.IGNORECASE
)  # "no, no, no, no": a phrase (starting with a letter) 4+ times in a row
# links and images the model could write: Markdown ones, URLs (also "//host"), and bare domains
MD_LINK = re.compile(r"(?P<image>!?)\[(?P<text>[^\[\]\n]{0,300})\]\((?P<url>[^()\s]*)(?:\s[^()\n]{0,300})?\)")
LINK = re.compile(
    r"(?:\b(?:https?://|www\.)|(?<![\w/:])//)[^\s<>()\[\]]+"
    r"|(?<![\w.-])[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|net|org|io|co|shop|store|info|biz|xyz|example|app|ly|me|us|uk|de|in)\b(?:/[^\s<>()\[\]]*)?",
    re.IGNORECASE,
)
FIGURE = re.compile(r"\d+(?:[.,]\d+)*")
BUDGET_WORDS = re.compile(
    r"\b(?:under|below|less than|at most|up to|no more than|within|budget(?: of)?|max(?:imum)?|over|above|at least|"
    r"more than|between|from|and|to)\s*$",
    re.IGNORECASE,
)
# a reply that declines what it can serve: "as a shopping assistant, I'm not equipped to…", "I'm sorry, but I can't…"
REFUSAL = re.compile(
    r"\b(?:i'?m|i am|we are|we're)\s+(?:not\s+(?:able|equipped|allowed|designed|programmed)|unable|sorry,?\s+but)\b"
    r"|\bi\s+(?:can ?not|can'?t|won'?t|do not|don'?t)\s+(?:help|provide|assist|recommend|suggest|offer|do that|fulfil|fulfill|give)\b"
    r"|\bas an?\s+(?:ai|language model|shopping assistant|assistant)\b|\bunable to\s+(?:help|provide|assist|recommend|suggest)\b"
    r"|\bi\s+(?:do not|don'?t)\s+have\s+(?:access|the ability|enough information)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Repair:
    kind: str  # "unknown_id", "wrong_price", "unattributed_price", "foreign_product", "foreign_link", "unsupported_figure", "repetition",
    # "refusal", "ignored_products", "fallback"
    detail: str


@dataclass(frozen=True)
class Grounded:
    text: str
    cited_ids: tuple[str, ...]  # candidate ids the text refers to, in order of first mention
    repairs: tuple[Repair, ...]

    @property
    def repaired(self) -> bool:
        """True when anything in the LLM's text had to be changed."""
        return bool(self.repairs)


def format_price(price: float, currency: str) -> str:
    """'$1,299.00' for symbol currencies, '1,299.00 SAR' otherwise."""
    symbol = SYMBOLS.get(currency)
    return f"{symbol}{price:,.2f}" if symbol else f"{price:,.2f} {currency}"


def stock_text(availability: str, stock: int | None = None) -> str:
    """'6 in stock', 'in stock', 'out of stock', or '' when the catalog says nothing about stock
    ("stock unknown" on every line of a catalog without stock data is noise)."""
    if availability == "in_stock":
        return "in stock" if stock is None else f"{stock} in stock"
    return "out of stock" if availability == "out_of_stock" else ""


def render_product(product: Product) -> str:
    """One line with the record's facts: the only way prices and stock reach the shopper."""
    facts = [
        format_price(product.price, product.currency),
        rating_text(product.rating, product.rating_count),
        stock_text(product.availability, product.stock),
    ]
    return f"[{product.id}] {product.title} — " + " · ".join(f for f in facts if f)


def rating_text(rating: float | None, count: int | None, unit: str = "") -> str:
    """'4.6★ (31)' (or '4.6★ (31 ratings)' with unit=' ratings'), '4.6★' when the catalog gives no
    count, or 'no ratings yet' (no rating, none counted, or the 0 that catalogs store for unrated)."""
    if rating is None or count == 0 or (rating == 0 and count is None):
        return "no ratings yet"
    return f"{rating:.1f}★" + (f" ({count}{unit})" if count is not None else "")


def ground(
    text: str,
    candidates: list[Product],
    catalog_brands: set[str] = frozenset(),
    min_keep: int = 1,
    extra_refs: set[str] = frozenset(),
    fallback: str | None = None,
    presents: bool = False,
    budget: tuple[tuple[float, str | None], ...] = (),
) -> Grounded:
    """Repair `text` against `candidates`; fall back to a record-rendered answer when little is left.

    `extra_refs` are bracketed labels the text may also use (review snippets "[R1]"); `fallback`
    replaces the record listing as the safe answer. `presents`: the candidates are shown to the
    shopper as fitting cards, so a text that refuses, or names none of them, is replaced too.
    `budget`: the shopper's own bounds (amount, currency or None), which the text may repeat after a
    word like "under" ("all under $50") without it being taken for a product's price.
    """
    by_id = {p.id: p for p in candidates}
    links = {p.url for p in candidates if p.url}
    codes = COMMON_CODES | {p.currency for p in candidates}
    repairs: list[Repair] = []
    candidate_brands = {p.brand.lower() for p in candidates if p.brand}
    foreign_brands = {b.lower() for b in catalog_brands} - candidate_brands
    kept: list[str] = []
    cited: list[str] = []
    current: Product | None = None  # the product a price in the text is about: the last one referred to
    cited_labels = False
    for sentence in _new_sentences(text, repairs):
        foreign = _named(sentence, foreign_brands)
        if foreign:
            repairs.append(Repair("foreign_product", f"dropped a sentence naming {', '.join(foreign)}, which is not among the candidates"))
            continue
        sentence = _drop_links(sentence, links, repairs)  # first: "[A1](https://…)" leaves "[A1]" to check
        for ref in ID_REF.findall(sentence):
            if ref not in by_id and ref not in extra_refs:
                repairs.append(Repair("unknown_id", f"removed [{ref}]: not a candidate"))
        sentence = ID_REF.sub(lambda m: m.group(0) if m.group(1) in by_id or m.group(1) in extra_refs else "", sentence)
        parts, position = [], 0
        for match in MONEY.finditer(sentence):
            stated_currency = _currency_of(match, codes)
            if stated_currency is None:  # "USB 3", "GPS 2": capitals that are no currency
                continue
            before = sentence[position : match.start()]
            stated = _stated_amount(match)
            if any(
                abs(stated - amount) <= 0.005 and currency in (None, stated_currency) for amount, currency in budget
            ) and BUDGET_WORDS.search(before):
                parts += [before, match.group(0)]  # the shopper's own budget, said back
                position = match.end()
                continue
            refs = [r for r in ID_REF.findall(before) if r in by_id]
            named = [(before.lower().rfind(p.title.lower()[:24]), p) for p in candidates]
            named = [(at, p) for at, p in named if at >= 0]
            current = by_id[refs[-1]] if refs else (max(named, key=lambda x: x[0])[1] if named else current)
            parts.append(before)
            if current is None:
                repairs.append(Repair("unattributed_price", f"removed {match.group(0)}: it belongs to no candidate"))
                parts.append("")
            elif abs(stated - current.price) > 0.005 or stated_currency != current.currency:
                repairs.append(
                    Repair("wrong_price", f"{match.group(0)} for {current.id} corrected to {format_price(current.price, current.currency)}")
                )
                parts.append(format_price(current.price, current.currency))
            else:
                parts.append(match.group(0))
            position = match.end()
        parts.append(sentence[position:])
        sentence = re.sub(r"\s{2,}", " ", "".join(parts)).strip()
        for ref in ID_REF.findall(sentence):
            if ref in by_id:
                cited.append(ref)
                current = by_id[ref]
            elif ref in extra_refs:
                cited_labels = True
        if sentence:
            kept.append(sentence)
    cited_ids = tuple(dict.fromkeys(cited))
    problem = presentation_problem(" ".join(kept), candidates) if presents else None
    ungroundable = len(kept) < min_keep or (
        candidates and not cited_ids and not cited_labels and any(r.kind != "wrong_price" for r in repairs)
    )
    if problem == "refusal" or (problem and not ungroundable):  # a refusal is counted as one even when ungroundable too
        repairs.append(Repair(problem, PROBLEMS[problem]))
    elif not ungroundable:
        return Grounded(" ".join(kept), cited_ids, tuple(repairs))
    repairs.append(Repair("fallback", "the model's text could not be grounded; answered from the records"))
    return Grounded(fallback_text(candidates) if fallback is None else fallback, tuple(p.id for p in candidates), tuple(repairs))


def _new_sentences(text: str, repairs: list[Repair]) -> Iterator[str]:
    """The text's sentences, loops collapsed, each said once (small models repeat themselves)."""
    seen: set[str] = set()
    for sentence in (s.strip() for s in SENTENCE.split(_collapse_loops(text, repairs)) if s.strip()):
        key = " ".join(re.findall(r"\w+", sentence.lower()))
        if key in seen:
            repairs.append(Repair("repetition", f"dropped a repeated sentence: {sentence[:60]!r}"))
            continue
        seen.add(key)
        yield sentence


PROBLEMS = {
    "refusal": "the text declined while fitting products are shown",
    "ignored_products": "the text names none of the products shown",
}


def presentation_problem(text: str, shown: list[Product]) -> str | None:
    """What is wrong with a text shown beside fitting product cards: "refusal" (it declines a request
    the cards serve), "ignored_products" (it names none of them), or None. Evaluators count both."""
    if not shown:
        return None
    if REFUSAL.search(text):
        return "refusal"
    ids = {p.id for p in shown}
    if not any(ref in ids for ref in ID_REF.findall(text)) and not _names_any(text, shown):
        return "ignored_products"
    return None


def _names_any(text: str, candidates: list[Product]) -> bool:
    """True when the text names a candidate by (the start of) its title or by its brand."""
    lowered = text.lower()
    return any(p.title.lower()[:24] in lowered for p in candidates) or bool(_named(text, {p.brand.lower() for p in candidates if p.brand}))


def _named(sentence: str, brands: set[str]) -> list[str]:
    """The (lower-case) brands a sentence names as whole words."""
    lowered = sentence.lower()
    return sorted(b for b in brands if re.search(rf"\b{re.escape(b)}\b", lowered))


def _collapse_loops(text: str, repairs: list[Repair]) -> str:
    """Say a phrase the model repeated in a row only once (small models loop inside a sentence)."""

    def once(match: re.Match) -> str:
        repairs.append(Repair("repetition", f"collapsed {match.group(1)!r} repeated in a row"))
        return match.group(1)

    return LOOP.sub(once, text)


def _stated_amount(match: re.Match) -> float:
    """The number of a MONEY match ("$1,299.99" -> 1299.99)."""
    return float((match.group("num") or match.group("num2")).replace(",", ""))


def _currency_of(match: re.Match, codes: frozenset[str] | set[str]) -> str | None:
    """The ISO code an amount is stated in, or None when the match is not money ("AMD 7950", "TOP 10")."""
    word = match.group("sym") or match.group("sym2") or match.group("code") or match.group("post") or ""
    if word.lower() in MONEY_WORDS:
        return MONEY_WORDS[word.lower()]
    return word.upper() if word.upper() in codes else None


def ground_figures(text: str, sources: tuple[str, ...], catalog_brands: set[str] = frozenset(), fallback: str = "") -> Grounded:
    """Keep only sentences whose numbers (amounts, days, percentages) all appear in `sources`.

    For answers drawn from passages rather than products (store policy): a number the passages do
    not contain is one the model made up. Returns `fallback` when nothing survives.
    """
    allowed = {_figure(f) for source in sources for f in FIGURE.findall(source)}
    brands = {b.lower() for b in catalog_brands}
    repairs: list[Repair] = []
    kept: list[str] = []
    for sentence in _new_sentences(text, repairs):
        unsupported = sorted({f for f in FIGURE.findall(ID_REF.sub("", sentence)) if _figure(f) not in allowed})
        if unsupported:
            repairs.append(
                Repair("unsupported_figure", f"dropped a sentence stating {', '.join(unsupported)}, which the sources do not say")
            )
            continue
        named = _named(sentence, brands)
        if named:
            repairs.append(Repair("foreign_product", f"dropped a sentence naming {', '.join(named)}"))
            continue
        sentence = ID_REF.sub(lambda m: m.group(0) if re.fullmatch(r"P\d+", m.group(1)) else "", _drop_links(sentence, set(), repairs))
        if sentence:
            kept.append(sentence)
    if not kept:
        repairs.append(Repair("fallback", "the model's text could not be grounded; answered from the sources"))
        return Grounded(fallback, (), tuple(repairs))
    return Grounded(" ".join(kept), (), tuple(repairs))


def _figure(text: str) -> str:
    """A number in a comparable form: '1,299.00' and '1299' are the same figure."""
    return text.replace(",", "").removesuffix(".00")


def _drop_links(sentence: str, allowed: set[str], repairs: list[Repair]) -> str:
    """Remove links and images that are not a candidate's own (planted or invented URLs)."""

    def markdown(match: re.Match) -> str:
        url = match.group("url")
        if match.group("image") or url not in allowed:
            repairs.append(Repair("foreign_link", f"removed {'image' if match.group('image') else 'link'} {url[:80]}: not a candidate's"))
            text = match.group("text")
            return "" if match.group("image") else (f"[{text}]" if ID_REF.fullmatch(f"[{text}]") else text)
        return match.group(0)

    sentence = MD_LINK.sub(markdown, sentence)

    def check(match: re.Match) -> str:
        url = match.group(0).rstrip(".,;:!?")
        if url in allowed:
            return match.group(0)
        repairs.append(Repair("foreign_link", f"removed link {url[:80]}: not a candidate's"))
        return ""

    return re.sub(r"\s{2,}", " ", LINK.sub(check, sentence)).strip()


MARKDOWN = re.compile(r"([\\`*_{}\[\]()|~])|^(\s*)(#)")  # "#" only where it would start a heading
HTML_CHARS = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}


def escape_markdown(text: str) -> str:
    """Text shown as itself in Markdown and HTML (the chat): markup escaped, tags as entities, line breaks kept."""
    lines = (re.sub(r"[&<>]", lambda m: HTML_CHARS[m.group(0)], line) for line in text.split("\n"))
    # GitHub-flavoured Markdown links bare URLs and "www." hosts by itself: an entity stops that, and shows the same
    lines = (re.sub(r"(?i)(?<=[a-z])://", "&#58;//", re.sub(r"(?i)\bwww\.", "www&#46;", line)) for line in lines)
    return "\n".join(MARKDOWN.sub(lambda m: f"\\{m.group(1)}" if m.group(1) else f"{m.group(2)}\\#", line) for line in lines)


def unlinked(text: str) -> str:
    """Catalog or review text with every link removed (Markdown links keep their words), on one line."""
    return " ".join(LINK.sub("[link removed]", MD_LINK.sub(lambda m: m.group("text"), text)).split())


def inert(text: str) -> str:
    """Catalog or review text quoted as inert Markdown: links removed, markup escaped, one line."""
    return escape_markdown(unlinked(text)).replace("\\[link removed\\]", "[link removed]")


def excerpt(text: str, product: Product, limit: int) -> str:
    """A quotation from a review or description for answer text (which the chat escapes as a whole):
    links removed, and any amount of money that is not the product's price removed, so a planted
    "$0.01" never reads as the price."""

    def check(match: re.Match) -> str:
        return match.group(0) if abs(_stated_amount(match) - product.price) <= 0.005 else "[price removed: see the product card]"

    return MONEY.sub(check, unlinked(text[:limit]))


def fallback_text(candidates: list[Product]) -> str:
    """A safe answer built only from records."""
    if not candidates:
        return "I could not find a product in the catalog that fits."
    return "Here is what fits from the catalog:\n" + "\n".join(f"- {render_product(p)}" for p in candidates)
