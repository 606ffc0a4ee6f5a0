"""The recommend path of a turn: retrieve under the hard constraints, personalize, prompt, generate,
ground — or abstain honestly, offering the nearest alternatives labelled as outside the constraints.

Products in the answer are the records themselves (`ShownProduct` is rendered from them by code);
the LLM only writes the text around them and may refer to products by candidate id.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from string import Template

import numpy as np

from assistant.grounding import Repair, fallback_text, format_price, ground, render_product
from assistant.llm.base import GenerationParams, Generator, Message
from assistant.personalization import RankedCandidate, personalize
from assistant.profiles import UserProfile
from assistant.understanding import Constraints, Understanding
from retrieval.filters import Filters
from retrieval.search import ProductSearch

PROMPTS_DIR = Path(__file__).resolve().parent.parent / "prompts"


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
    fits_constraints: bool  # False for alternatives shown because nothing fits
    exploration: bool
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class Answer:
    text: str
    intent: str
    constraints: Constraints
    abstained: bool  # True when nothing satisfies the hard constraints
    products: tuple[ShownProduct, ...]
    repairs: tuple[Repair, ...]


@dataclass(frozen=True)
class RecommendSettings:
    k: int = 4  # products shown
    depth: int = 30  # hits retrieved before attribute checks and personalization
    personalization_weight: float = 0.3
    exploration_share: float = 0.0
    max_new_tokens: int = 160
    seed: int = 0


def load_prompt(name: str) -> Template:
    """A prompt template from prompts/ (the comment line naming its version is dropped)."""
    text = (PROMPTS_DIR / f"{name}.md").read_text(encoding="utf-8")
    return Template("\n".join(line for line in text.splitlines() if not line.startswith("<!--")))


def recommend(understanding: Understanding, search: ProductSearch, generator: Generator, settings: RecommendSettings = RecommendSettings(),
              profile: UserProfile | None = None, taste: np.ndarray | None = None, vector_of: Callable[[str], np.ndarray | None] = lambda _id: None,
              catalog_brands: set[str] = frozenset()) -> Answer:
    """Answer a recommend turn from the catalog, grounded in the records."""
    constraints = understanding.constraints
    result = search.search(understanding.query, constraints.to_filters(), replace(search.settings, k=settings.depth, candidates=max(settings.depth, search.settings.candidates)))
    hits = [h for h in result.hits if constraints.attributes_match(h.product)]
    if hits:
        ranked = personalize(hits, profile, taste, vector_of, settings.k, settings.personalization_weight, settings.exploration_share, settings.seed)
        prompt = load_prompt("recommend").substitute(candidates=_candidate_lines(ranked), constraints=describe(constraints), profile=_profile_line(profile))
        shown = [_shown(c, True) for c in ranked]
        abstained = False
    else:
        relaxed = search.search(understanding.query, Filters(category=constraints.category), replace(search.settings, k=settings.k))
        ranked = [RankedCandidate(h.product, 0.0, 0.0, 0.0, False, ("outside your constraints: " + describe(constraints),)) for h in relaxed.hits]
        prompt = load_prompt("abstain").substitute(candidates=_candidate_lines(ranked), constraints=describe(constraints))
        shown = [_shown(c, False) for c in ranked]
        abstained = True
    messages = [Message("system", prompt), Message("user", understanding.query)]
    text = generator.generate(messages, GenerationParams(max_new_tokens=settings.max_new_tokens, seed=settings.seed))
    grounded = ground(text, [c.product for c in ranked], catalog_brands)
    answer_text = grounded.text
    if abstained and not answer_text.lower().startswith(("no ", "nothing", "sorry", "i could not", "i couldn't", "unfortunately")):
        answer_text = f"Nothing in the catalog matches {describe(constraints)}. " + answer_text  # the honesty is code's job, not the model's
    if not ranked:
        answer_text = f"Nothing in the catalog matches {describe(constraints)}, and I found no close alternative. " + fallback_text([])
    return Answer(answer_text, understanding.intent, constraints, abstained, tuple(shown), grounded.repairs)


def describe(constraints: Constraints) -> str:
    """The hard constraints in words, e.g. 'Electronics > Headphones, $5.00 to $10.00, in stock'."""
    currency = constraints.currency or "USD"
    parts = [constraints.category] if constraints.category else []
    if constraints.price_min is not None and constraints.price_max is not None:
        parts.append(f"{format_price(constraints.price_min, currency)} to {format_price(constraints.price_max, currency)}")
    elif constraints.price_max is not None:
        parts.append(f"at most {format_price(constraints.price_max, currency)}")
    elif constraints.price_min is not None:
        parts.append(f"at least {format_price(constraints.price_min, currency)}")
    parts += [f"brand {b}" for b in constraints.brands] + [f"not {b}" for b in constraints.exclude_brands]
    parts += [f"{k} {v}" for k, v in constraints.attributes]
    if constraints.min_rating is not None:
        parts.append(f"rated {constraints.min_rating:g}+")
    if constraints.in_stock:
        parts.append("in stock")
    return ", ".join(parts) or "your request"


def _candidate_lines(ranked: list[RankedCandidate]) -> str:
    return "\n".join(f"- {render_product(c.product)}: {c.product.description[:200]}" for c in ranked) or "(none)"


def _profile_line(profile: UserProfile | None) -> str:
    if profile is None:
        return ""
    likes = ", ".join(profile.liked_brands) or "none"
    return f"Shopper preferences: likes {likes}; follows {', '.join(profile.categories) or 'no categories'}."


def _shown(candidate: RankedCandidate, fits: bool) -> ShownProduct:
    p = candidate.product
    return ShownProduct(p.id, p.title, p.price, p.currency, p.rating, p.rating_count, p.availability, p.url, fits, candidate.exploration, candidate.reasons)
