"""The values a turn produces: a `Draft` (what the pipeline asks the model, planned by one intent's
module) and the `Answer` (what the shopper, the CLI's --json and the evaluators get).

Stage after planning: plan (recommend / questions / compare / policy) -> generate -> `finish` ->
Answer. Everything factual in an Answer (products, prices, stock, citations, tables) comes from
records; the model's text is grounded before it gets here.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

from assistant.grounding import Grounded, Repair, ground, ground_figures
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

    def markdown(self, titles: dict[str, str]) -> str:
        """The table as Markdown, products as columns headed by their titles."""
        header = "| | " + " | ".join(f"{_cell(titles.get(c, c))} [{c}]" for c in self.columns) + " |"
        lines = [header, "|---" * (len(self.columns) + 1) + "|"]
        lines += ["| " + _cell(name) + " | " + " | ".join(_cell(cell) for cell in cells) + " |" for name, cells in self.rows]
        return "\n".join(lines)


def _cell(text: str) -> str:
    """Record text as one inert Markdown table cell."""
    return re.sub(r"([\\`*_\[\]<>|])", r"\\\1", " ".join(text.split()))


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

    def to_json(self) -> dict:
        """The structured answer of `shopassist ask --json` and the app."""
        data = asdict(self)
        data["constraints"] = {k: (list(v) if isinstance(v, tuple) else v) for k, v in asdict(self.constraints).items()}
        data["constraints"]["attributes"] = dict(self.constraints.attributes)
        data["table"] = (
            None if self.table is None else {"columns": list(self.table.columns), "rows": {n: list(c) for n, c in self.table.rows}}
        )
        return data


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


def finish(draft: Draft, model_text: str, catalog_brands: set[str] = frozenset()) -> Answer:
    """Ground the model's text against the draft's records and assemble the Answer."""
    if not draft.messages:
        grounded = Grounded(draft.text, (), ())
    else:
        labels = {c.label for c in draft.citations}
        if draft.figures_from:
            grounded = ground_figures(model_text, draft.figures_from, catalog_brands, fallback=draft.fallback or "")
        else:
            presents = draft.intent == "recommend" and not draft.abstained  # fitting cards are on screen
            c = draft.constraints
            budget = tuple((amount, c.currency) for amount in (c.price_min, c.price_max) if amount is not None)
            grounded = ground(
                model_text,
                list(draft.candidates),
                catalog_brands,
                extra_refs=labels,
                fallback=draft.fallback,
                presents=presents,
                budget=budget,
            )
        if draft.text:
            grounded = Grounded(f"{draft.text} {grounded.text}".strip(), grounded.cited_ids, grounded.repairs)
    citations = draft.citations
    used = [c for c in citations if f"[{c.label}]" in grounded.text]
    if used:  # the model said which snippets it drew on: cite those
        citations = tuple(used)
    return Answer(
        grounded.text,
        draft.intent,
        draft.constraints,
        draft.abstained,
        draft.products,
        citations,
        draft.table,
        grounded.repairs,
        draft.follow_ups,
    )
