"""Rendering, in one place: product facts and answers as plain text (terminal, prompts, fallbacks),
Markdown (the chat), the HTML card, and JSON (`ask --json`, the app, evaluators).

Everything shown about a product (price, rating, stock, link) is rendered here from its record or
its `ShownProduct`, never taken from model text. Record and model text reaching the chat is made
inert here too: markup escaped, links removed or not linked, so it reads as written.
"""

from __future__ import annotations

import html
import re
from dataclasses import asdict

from assistant.answer import Answer, ShownProduct, Table
from retrieval.money import SYMBOLS, format_price, money_in, same_amount
from retrieval.records import Product

# links and images text could carry: Markdown ones, URLs (also "//host"), and bare domains
MD_LINK = re.compile(r"(?P<image>!?)\[(?P<text>[^\[\]\n]{0,300})\]\((?P<url>[^()\s]*)(?:\s[^()\n]{0,300})?\)")
LINK = re.compile(
    r"(?:\b(?:https?://|www\.)|(?<![\w/:])//)[^\s<>()\[\]]+"
    r"|(?<![\w.-])[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|net|org|io|co|shop|store|info|biz|xyz|example|app|ly|me|us|uk|de|in)\b(?:/[^\s<>()\[\]]*)?",
    re.IGNORECASE,
)
MARKDOWN = re.compile(r"([\\`*_{}\[\]()|~])|^(\s*)(#)")  # "#" only where it would start a heading
HTML_CHARS = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}


# --- product facts ---------------------------------------------------------------------------------


def rating_text(rating: float | None, count: int | None, unit: str = "") -> str:
    """'4.6★ (31)' (or '4.6★ (31 ratings)' with unit=' ratings'), '4.6★' when the catalog gives no
    count, or 'no ratings yet' (no rating, none counted, or the 0 that catalogs store for unrated)."""
    if rating is None or count == 0 or (rating == 0 and count is None):
        return "no ratings yet"
    return f"{rating:.1f}★" + (f" ({count}{unit})" if count is not None else "")


def stock_text(availability: str, stock: int | None = None) -> str:
    """'6 in stock', 'in stock', 'out of stock', or '' when the catalog says nothing about stock
    ("stock unknown" on every line of a catalog without stock data is noise)."""
    if availability == "in_stock":
        return "in stock" if stock is None else f"{stock} in stock"
    return "out of stock" if availability == "out_of_stock" else ""


def facts(item: Product | ShownProduct, stock: int | None = None, rating_unit: str = "") -> list[str]:
    """The facts every product line shows, from the record: price, rating, stock (the count when given)."""
    return [
        format_price(item.price, item.currency),
        rating_text(item.rating, item.rating_count, rating_unit),
        stock_text(item.availability, stock),
    ]


def joined(parts: list[str]) -> str:
    """Facts on one line: 'a · b', empty facts left out."""
    return " · ".join(p for p in parts if p)


def product_line(product: Product) -> str:
    """'[DS-0008] Title — $92.95 · 4.4★ (90) · 6 in stock': how prompts and fallbacks name a product."""
    return f"[{product.id}] {product.title} — " + joined(facts(product, product.stock))


def listing(products: list[Product] | tuple[Product, ...]) -> str:
    """A safe answer built only from records (the fallback when model text cannot be grounded)."""
    if not products:
        return "I could not find a product in the catalog that fits."
    return "Here is what fits from the catalog:\n" + "\n".join(f"- {product_line(p)}" for p in products)


# --- inert text ------------------------------------------------------------------------------------


def escape_markdown(text: str) -> str:
    """Text shown as itself in Markdown and HTML (the chat, table cells): markup escaped, tags as
    entities, line breaks kept."""
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

    quoted = unlinked(text[:limit])
    for match, stated in reversed(money_in(quoted, {product.currency})):
        if not (same_amount(stated.value, product.price) and stated.currency == product.currency):
            quoted = quoted[: match.start()] + "[price removed: see the product card]" + quoted[match.end() :]
    return quoted


# --- answers ---------------------------------------------------------------------------------------


def table_markdown(table: Table, titles: dict[str, str]) -> str:
    """A comparison table as Markdown for the chat, products as columns headed by their titles; cells inert."""
    return _table(table, titles, lambda text: escape_markdown(" ".join(text.split())))


def table_text(table: Table, titles: dict[str, str]) -> str:
    """The same table for a terminal: cells as written, on one line each ("|" would split a cell)."""
    return _table(table, titles, lambda text: " ".join(text.replace("|", "/").split()))


def _table(table: Table, titles: dict[str, str], cell) -> str:
    header = "| | " + " | ".join(f"{cell(titles.get(c, c))} [{c}]" for c in table.columns) + " |"
    lines = [header, "|---" * (len(table.columns) + 1) + "|"]
    lines += ["| " + cell(name) + " | " + " | ".join(cell(value) for value in cells) + " |" for name, cells in table.rows]
    return "\n".join(lines)


def answer_text(answer: Answer, with_text: bool = True) -> str:
    """The answer for a terminal: text, product lines from the records, table, citations, follow-ups."""
    lines = [answer.text] if with_text else []
    if answer.abstained:
        lines.append("(nothing fits all of your constraints)" if answer.intent == "recommend" else "(the catalog cannot answer this)")
    for i, p in enumerate(answer.products, 1):
        label = "" if p.fits_constraints else "  [outside your constraints]"
        label += "  [exploring]" if p.exploration else ""
        lines.append(f"{i}. {p.title} [{p.id}] — " + joined(facts(p)) + label)
    if answer.table is not None:
        lines.append(table_text(answer.table, {p.id: p.title for p in answer.products}))
    for c in answer.citations:
        lines.append(f"[{c.label}] {c.source}: {c.text[:200]}")
    if answer.follow_ups:
        lines.append("try: " + " | ".join(answer.follow_ups))
    return "\n".join(lines)


def answer_markdown(answer: Answer) -> str:
    """The chat message for a finished answer: grounded text, comparison table, cited snippets."""
    parts = [escape_markdown(answer.text)]  # records and model text alike: shown as written, never as markup
    if answer.table is not None:
        parts.append(table_markdown(answer.table, {p.id: p.title for p in answer.products}))
    if answer.citations:
        lines = []
        for c in answer.citations:
            stars = f" ({c.rating}★)" if c.rating else ""
            lines.append(f"> **[{c.label}]** {inert(c.source)}{stars}: {inert(c.text)}")
        parts.append("Sources:\n" + "\n".join(lines))
    return "\n\n".join(p for p in parts if p)


def notice_markdown(answer: Answer | None) -> str:
    """The clear notice shown when the answer abstains."""
    if answer is None or not answer.abstained:
        return ""
    if answer.intent == "recommend":
        return "**Nothing fits all of your constraints.** The products below are the closest alternatives and are marked *outside your constraints*."
    return "**The catalog can't answer this reliably**: the answer says what is known and what is not."


def card_html(product: ShownProduct, position: int) -> str:
    """One product card: title, price with currency, rating and count, stock, link, image, and "Why this?".
    Every value is HTML-escaped; links are shown only when the record's URL is http(s)."""
    e = html.escape
    price, rating, stock = facts(product, rating_unit=" ratings")
    meta = " · ".join(e(m[0].upper() + m[1:]) for m in (rating, stock) if m)
    badges = ""
    if not product.fits_constraints:
        badges += '<span class="sa-badge sa-outside">outside your constraints</span>'
    if product.exploration:
        badges += '<span class="sa-badge sa-explore">something different</span>'
    image = f'<img class="sa-img" src="{e(product.image_url)}" alt="">' if _web_url(product.image_url) else ""
    link = f'<a href="{e(product.url)}" target="_blank" rel="noopener noreferrer">View product</a>' if _web_url(product.url) else ""
    reasons = "".join(f"<li>{e(r)}</li>" for r in product.reasons) or "<li>best match for your words</li>"
    return (
        f'<div class="sa-card" data-product-id="{e(product.id)}" data-price="{product.price:.2f}" data-fits="{str(product.fits_constraints).lower()}">'
        f'{image}<div class="sa-pos">#{position}</div><div class="sa-title">{e(product.title)}</div>'
        f'<div class="sa-price">{e(price)}{f" <small>{e(product.currency)}</small>" if product.currency in SYMBOLS else ""}</div>'
        f'<div class="sa-meta">{meta} · <code>{e(product.id)}</code></div>'
        f"{badges}<div>{link}</div>"
        f'<details class="sa-why"><summary>Why this?</summary><ul>{reasons}</ul></details></div>'
    )


def answer_json(answer: Answer) -> dict:
    """The structured answer of `shopassist ask --json` and the app."""
    data = asdict(answer)
    data["constraints"] = {k: (list(v) if isinstance(v, tuple) else v) for k, v in asdict(answer.constraints).items()}
    data["constraints"]["attributes"] = {  # every value of a name: "black-brown" is two colours
        name: [v for n, v in answer.constraints.attributes if n == name] for name in dict(answer.constraints.attributes)
    }
    data["sources"] = [{"field": f, "value": v, "source": src} for f, v, src in answer.sources]
    data["table"] = (
        None if answer.table is None else {"columns": list(answer.table.columns), "rows": {n: list(c) for n, c in answer.table.rows}}
    )
    data["timings"] = {stage: round(seconds, 4) for stage, seconds in answer.timings}  # seconds per stage of this turn
    return data


def _web_url(url: str) -> bool:
    return url.startswith(("https://", "http://"))
