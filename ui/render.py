"""HTML and Markdown for the app, rendered from an `Answer` (records only, never model text for facts).

Pure functions: the tabs call them, tests check them without a server. Every value from a record
or the model is HTML-escaped; links are shown only when the record's URL is http(s).
"""

from __future__ import annotations

import html

from assistant.answer import Answer, ShownProduct
from assistant.grounding import escape_markdown, format_price, inert, rating_text, stock_text


def card_html(product: ShownProduct, position: int) -> str:
    """One product card: title, price with currency, rating and count, stock, link, image, and "Why this?"."""
    e = html.escape
    meta = [rating_text(product.rating, product.rating_count, " ratings"), stock_text(product.availability)]
    meta = " · ".join(e(m[0].upper() + m[1:]) for m in meta if m)
    badges = ""
    if not product.fits_constraints:
        badges += '<span class="sa-badge sa-outside">outside your constraints</span>'
    if product.exploration:
        badges += '<span class="sa-badge sa-explore">something different</span>'
    price = format_price(product.price, product.currency)
    image = f'<img class="sa-img" src="{e(product.image_url)}" alt="">' if _safe_url(product.image_url) else ""
    link = f'<a href="{e(product.url)}" target="_blank" rel="noopener noreferrer">View product</a>' if _safe_url(product.url) else ""
    reasons = "".join(f"<li>{e(r)}</li>" for r in product.reasons) or "<li>best match for your words</li>"
    return (
        f'<div class="sa-card" data-product-id="{e(product.id)}" data-price="{product.price:.2f}" data-fits="{str(product.fits_constraints).lower()}">'
        f'{image}<div class="sa-pos">#{position}</div><div class="sa-title">{e(product.title)}</div>'
        f'<div class="sa-price">{e(price)}{f" <small>{e(product.currency)}</small>" if price[0] in "$€£₹" else ""}</div>'
        f'<div class="sa-meta">{meta} · <code>{e(product.id)}</code></div>'
        f"{badges}<div>{link}</div>"
        f'<details class="sa-why"><summary>Why this?</summary><ul>{reasons}</ul></details></div>'
    )


def notice_markdown(answer: Answer | None) -> str:
    """The clear notice shown when the answer abstains."""
    if answer is None or not answer.abstained:
        return ""
    if answer.intent == "recommend":
        return "**Nothing fits all of your constraints.** The products below are the closest alternatives and are marked *outside your constraints*."
    return "**The catalog can't answer this reliably**: the answer says what is known and what is not."


def answer_markdown(answer: Answer) -> str:
    """The chat message for a finished answer: grounded text, comparison table, cited snippets."""
    parts = [escape_markdown(answer.text)]  # records and model text alike: shown as written, never as markup
    if answer.table is not None:
        parts.append(answer.table.markdown({p.id: p.title for p in answer.products}))
    if answer.citations:
        lines = []
        for c in answer.citations:
            stars = f" ({c.rating}★)" if c.rating else ""
            lines.append(f"> **[{c.label}]** {inert(c.source)}{stars}: {inert(c.text)}")
        parts.append("Sources:\n" + "\n".join(lines))
    return "\n\n".join(p for p in parts if p)


def _safe_url(url: str) -> bool:
    return url.startswith(("https://", "http://"))


CSS = """
.sa-cards {display: grid; grid-template-columns: repeat(auto-fill, minmax(210px, 1fr)); gap: 10px;}
.sa-card {border: 1px solid #d0d7de; border-radius: 8px; padding: 10px; background: var(--block-background-fill);}
.sa-img {width: 100%; max-height: 140px; object-fit: contain;}
.sa-pos {font-size: 0.8em; color: #6e7781;}
.sa-title {font-weight: 600; margin: 2px 0 6px;}
.sa-price {font-size: 1.2em; font-weight: 700;}
.sa-meta {font-size: 0.85em; color: #57606a; margin: 4px 0;}
.sa-badge {display: inline-block; font-size: 0.75em; border-radius: 10px; padding: 1px 8px; margin: 2px 4px 2px 0;}
.sa-outside {background: #fff1e5; color: #9a4b00;}
.sa-explore {background: #eef6ff; color: #0b5cad;}
.sa-why summary {cursor: pointer; font-size: 0.85em;}
.sa-card-row {flex-wrap: wrap !important; gap: 10px;}
.sa-card-column {flex: 1 1 30% !important; max-width: calc(33.3% - 8px); min-width: 200px !important;
                 display: flex !important; flex-direction: column !important;}
.sa-card-column > :first-child {flex-grow: 1;}
.sa-card-column div:has(.sa-card) {display: flex; flex-direction: column; flex-grow: 1;}
.sa-card-column .sa-card {flex-grow: 1; box-sizing: border-box;}
.sa-feedback {flex-wrap: nowrap !important; gap: 4px; margin-top: auto; flex-grow: 0 !important;}
.sa-feedback button {font-size: 0.8em; padding: 2px 4px;}
"""
