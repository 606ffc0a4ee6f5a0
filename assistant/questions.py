"""Product questions: answer from the product's description, attributes and reviews, citing the
review snippets used — or say the catalog does not tell, when nothing there bears on the question.

Planner for the "product_question" intent: pick the product (a reference to one shown earlier, or
the best match for the question), gather evidence, and decide whether it is enough to ask the model.
"""

from __future__ import annotations

import re

from assistant.answer import Citation, Draft, ShownProduct
from assistant.plan import PlanContext
from assistant.render import excerpt, product_line
from assistant.templates import load_prompt
from assistant.turn_rules import points_at_position
from assistant.understanding import Understanding
from assistant.vocabulary import singular
from retrieval.records import Product
from retrieval.search import ProductSearch
from runtime.base import Message

# words that say nothing about what the shopper wants to know
STOP = {
    "a",
    "an",
    "the",
    "is",
    "are",
    "was",
    "were",
    "be",
    "been",
    "do",
    "does",
    "did",
    "can",
    "could",
    "will",
    "would",
    "should",
    "i",
    "me",
    "my",
    "you",
    "your",
    "it",
    "its",
    "this",
    "that",
    "these",
    "those",
    "of",
    "to",
    "for",
    "in",
    "on",
    "at",
    "with",
    "and",
    "or",
    "but",
    "how",
    "what",
    "which",
    "who",
    "why",
    "when",
    "where",
    "about",
    "any",
    "some",
    "there",
    "their",
    "they",
    "them",
    "than",
    "then",
    "so",
    "if",
    "as",
    "by",
    "from",
    "has",
    "have",
    "had",
    "not",
    "no",
    "yes",
    "one",
    "ones",
    "product",
    "item",
    "good",
    "bad",
    "really",
    "very",
    "much",
    "many",
    "get",
    "it's",
    "i'm",
}


def plan_question(context: PlanContext) -> Draft:
    """Evidence for the question about one product, and the prompt — or an honest "the catalog does not say"."""
    understanding, shown, products, reviews = context.understanding, context.shown, context.products, context.reviews
    snippets, min_similarity = context.settings.review_snippets, context.settings.min_evidence_similarity
    target = _target(understanding, shown, products)
    constraints = understanding.constraints
    if target is None:
        return Draft(
            "product_question",
            constraints,
            text='Which product do you mean? Ask about one of the products shown, for example "does #1 have a warranty?"',
            abstained=True,
            follow_ups=("Show me popular products",),
        )
    terms = _terms(understanding.query) - _terms(target.title)
    facts = [f"Description: {target.description}"] if target.description else []
    facts += [f"{key}: {value}" for key, value in target.attributes]
    relevant_facts = [f for f in facts if terms & _terms(f)]
    hits = [] if reviews is None else reviews.search(understanding.query, (target.id,), k=snippets)
    hits = [h for h in hits if (h.ranking.lexical_score > 0 and terms & _terms(h.chunk.text)) or h.ranking.dense_score >= min_similarity]
    citations = tuple(
        Citation(f"R{i}", "review", h.chunk.id, h.chunk.text, h.chunk.product_id, h.chunk.rating) for i, h in enumerate(hits, 1)
    )
    card = (ShownProduct.of(target, True, False, ("the product you asked about",)),)
    follow = (f"What do reviewers dislike about [{target.id}]?", "Show me similar products")
    if not relevant_facts and not citations:
        text = f"The catalog's description and reviews of {target.title} [{target.id}] don't say, so I can't answer that reliably."
        return Draft("product_question", constraints, text=text, candidates=(target,), products=card, abstained=True, follow_ups=follow)
    evidence = "\n".join(f"[{c.label}] ({c.rating}★) {c.text}" if c.rating else f"[{c.label}] {c.text}" for c in citations) or "(none)"
    prompt = load_prompt("product_question").substitute(product=product_line(target), facts="\n".join(facts) or "(none)", evidence=evidence)
    fallback = _extract(target, relevant_facts, citations)
    return Draft(
        "product_question",
        constraints,
        (Message("system", prompt),),
        candidates=(target,),
        products=card,
        citations=citations,
        fallback=fallback,
        follow_ups=follow,
    )


def _target(understanding: Understanding, shown: tuple[Product, ...], products: ProductSearch) -> Product | None:
    by_id = {p.id: p for p in shown}
    for ref in understanding.references:
        if (product := by_id.get(ref) or products.catalog.get(ref)) is not None:
            return product
    if points_at_position(understanding.query.lower()):
        return None  # "is #7 waterproof?" with two products shown: ask which, never answer about another
    return named_product(understanding.query, products)


def named_product(text: str, products: ProductSearch) -> Product | None:
    """The product a question names ("is the ceramic mug dishwasher safe?"): the best match, if it
    is also the best lexical match and shares title words with the text; else None."""
    result = products.search(text)
    if not result.hits:
        return None
    best = result.hits[0]
    return best.product if best.ranking.lexical_rank == 1 and _terms(text) & _terms(best.product.title) else None


def _terms(text: str) -> set[str]:
    """Content words, crudely singularised, for overlap checks."""
    return {singular(w) for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in STOP and len(w) > 2}


def _extract(product: Product, facts: list[str], citations: tuple[Citation, ...]) -> str:
    """A safe answer quoted from the evidence, for when the model's cannot be grounded."""
    lines = [f"From the catalog about {product.title} [{product.id}]:"]
    lines += [f"- {excerpt(fact, product, 300)}" for fact in facts[:2]]
    lines += [f'- a reviewer wrote [{c.label}]: "{excerpt(c.text, product, 240)}"' for c in citations[:2]]
    return "\n".join(lines)
