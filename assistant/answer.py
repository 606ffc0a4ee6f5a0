"""The values a turn produces: a `Draft` (what the pipeline asks the model, planned by one intent's
module) and the `Answer` (what the shopper, the CLI's --json and the evaluators get).

Stage after planning: plan (recommend / questions / compare / policy) -> generate ->
`grounding.finish` -> Answer. Everything factual in an Answer (products, prices, stock, citations, tables) comes from
records; the model's text is grounded before it gets here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from assistant.understanding import Constraints
from retrieval.records import Product
from runtime.base import Message


@dataclass(frozen=True)
class ShownProduct:
    id: str
    title: str
    price: float
    currency: str
    rating: float | None
    rating_count: int | None
    availability: str
    url: str
    image_url: str
    fits_constraints: bool  # False for alternatives shown because nothing fits
    exploration: bool  # an exploration slot outside the shopper's usual brands/categories
    reasons: tuple[str, ...]  # constraints met and preference signals that ranked it ("Why this?")

    @classmethod
    def of(cls, product: Product, fits_constraints: bool, exploration: bool = False, reasons: tuple[str, ...] = ()) -> ShownProduct:
        """The record's facts, nothing typed by the model."""
        p = product
        return cls(
            p.id,
            p.title,
            p.price,
            p.currency,
            p.rating,
            p.rating_count,
            p.availability,
            p.url,
            p.image_url,
            fits_constraints,
            exploration,
            reasons,
        )


@dataclass(frozen=True)
class Citation:
    label: str  # how the text refers to it: "R1" (review) or "P2" (policy passage)
    kind: str  # "review" or "policy"
    source: str  # review chunk id, or policy section title
    text: str
    product_id: str = ""  # reviews: the product reviewed
    rating: int | None = None  # reviews: the reviewer's stars


@dataclass(frozen=True)
class Table:
    """A comparison rendered from records: one column per product."""

    columns: tuple[str, ...]  # product ids
    rows: tuple[tuple[str, tuple[str, ...]], ...]  # (attribute, one cell per product)


@dataclass(frozen=True)
class Repair:
    """One thing grounding changed in the model's text, counted by evaluators."""

    kind: str  # "unknown_id", "wrong_price", "unattributed_price", "foreign_product", "foreign_link", "unsupported_figure", "repetition",
    # "refusal", "ignored_products", "fallback", "model_failed" (the model raised: down, timed out, garbage),
    # "followed_instruction" (a sentence obeying a planted instruction, or claiming what no record states)
    detail: str


@dataclass(frozen=True)
class Answer:
    text: str
    intent: str
    constraints: Constraints
    abstained: bool  # True when nothing fits the hard constraints, or the catalog cannot answer the question
    products: tuple[ShownProduct, ...]
    citations: tuple[Citation, ...] = ()
    table: Table | None = None
    repairs: tuple[Repair, ...] = ()
    follow_ups: tuple[str, ...] = ()  # suggested next questions
    rules: tuple[str, ...] = ()  # the understanding rules that fired (assistant.rules): why the constraints read as they do
    sources: tuple[tuple[str, str, str], ...] = ()  # (field, value, "catalog" | "request") of what was read (Understanding.sources)
    timings: tuple[tuple[str, float], ...] = ()  # (stage, seconds): understand, profile, plan, generate, ground


@dataclass(frozen=True)
class Draft:
    """What one intent's planner decided: the prompt (if the model is needed) and the record facts."""

    intent: str
    constraints: Constraints
    messages: tuple[Message, ...] = ()  # system prompt(s) for the model; empty: `text` is the whole answer
    text: str = ""  # code-written text: the answer itself, or a sentence put before the model's
    fallback: str | None = None  # safe text when the model's cannot be grounded (default: the record listing)
    candidates: tuple[Product, ...] = ()  # products the model may refer to by id
    products: tuple[ShownProduct, ...] = ()
    citations: tuple[Citation, ...] = ()
    table: Table | None = None
    abstained: bool = False
    figures_from: tuple[str, ...] = ()  # texts every number in the model's text must come from (policy)
    follow_ups: tuple[str, ...] = field(default=())
