"""Comparisons of 2-4 products: a table rendered from the records, and a short model summary.

Planner for the "compare" intent. The products are the ones the shopper points at ("#1 and #3",
ids), else the ones shown last turn, else the best matches for the turn under its constraints.
"""

from __future__ import annotations

from assistant.answer import Draft, ShownProduct, Table
from assistant.plan import PlanContext
from assistant.render import product_line, rating_text, stock_text
from assistant.templates import load_prompt
from assistant.understanding import Understanding
from retrieval.money import format_price
from retrieval.records import Product
from retrieval.search import ProductSearch
from runtime.base import Message

MAX_COMPARED = 4
BEST_MATCHES = 3  # compared when the shopper names fewer than two products and none were shown


def plan_comparison(context: PlanContext) -> Draft:
    """The products to compare, their table, and the prompt for the summary."""
    understanding = context.understanding
    chosen = _chosen(understanding, context.shown, context.products)
    constraints = understanding.constraints
    if len(chosen) < 2:
        return Draft(
            "compare",
            constraints,
            text='I need at least two products to compare: ask for recommendations first, or name two, e.g. "compare #1 and #2".',
            abstained=True,
            follow_ups=("Show me some options",),
        )
    table = comparison_table(chosen)
    lines = "\n".join(f"- {product_line(p)}: {p.description[:160]}" for p in chosen)
    prompt = load_prompt("compare").substitute(products=lines)
    cards = tuple(ShownProduct.of(p, True, False, ("in the comparison",)) for p in chosen)
    fallback = "The table compares " + ", ".join(f"{p.title} [{p.id}]" for p in chosen) + "."
    return Draft(
        "compare",
        constraints,
        (Message("system", prompt),),
        candidates=tuple(chosen),
        products=cards,
        table=table,
        fallback=fallback,
        follow_ups=(f"What do reviewers say about [{chosen[0].id}]?", "Anything cheaper?"),
    )


def comparison_table(chosen: list[Product]) -> Table:
    """Price, rating, stock, brand, category and every attribute any of them has, from the records."""
    rows: list[tuple[str, tuple[str, ...]]] = [
        ("price", tuple(format_price(p.price, p.currency) for p in chosen)),
        ("rating", tuple(rating_text(p.rating, p.rating_count) for p in chosen)),
        ("stock", tuple(stock_text(p.availability, p.stock) or "—" for p in chosen)),
        ("brand", tuple(p.brand or "—" for p in chosen)),
        ("category", tuple(p.category_path or "—" for p in chosen)),
    ]
    rows = [(name, cells) for name, cells in rows if any(cell != "—" for cell in cells)]  # a fact no record states is no row
    keys = sorted({k for p in chosen for k, _ in p.attributes})
    rows += [(key, tuple(dict(p.attributes).get(key, "—") for p in chosen)) for key in keys]
    return Table(tuple(p.id for p in chosen), tuple(rows))


def _chosen(understanding: Understanding, shown: tuple[Product, ...], products: ProductSearch) -> list[Product]:
    by_id = {p.id: p for p in shown}
    picked = [by_id.get(r) or products.catalog.get(r) for r in understanding.references]
    picked = [p for p in picked if p is not None]
    if len(picked) >= 2:
        return picked[:MAX_COMPARED]
    if shown and not picked:
        return list(shown[:MAX_COMPARED])
    result = products.search(understanding.query, understanding.constraints.to_filters())
    extra = [h.product for h in result.hits if h.product not in picked]
    return (picked + extra)[:BEST_MATCHES]
