"""Personalization: re-rank retrieved candidates with the shopper's profile and taste vector,
and reserve a seeded share of slots for relevant items outside their usual brands and categories.

Stage after retrieval: retrieve (hard filters already applied) -> personalize -> prompt. It only
re-orders and picks among the hits it is given, so hard constraints always win over preferences.
Every candidate carries the reasons that ranked it, for the UI's "Why this?".
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from assistant.profiles import UserProfile
from retrieval.records import Product
from retrieval.search import Hit


@dataclass(frozen=True)
class RankedCandidate:
    product: Product
    relevance: float  # fused search score scaled to 0..1 within this result list
    preference: float  # profile and taste evidence, roughly -2..2
    score: float  # relevance + weight * preference
    exploration: bool  # picked to explore outside the shopper's usual brands/categories
    reasons: tuple[str, ...]


def preference_of(
    product: Product, profile: UserProfile | None, taste: np.ndarray | None, vector: np.ndarray | None
) -> tuple[float, tuple[str, ...]]:
    """How much the profile says about this product, and why."""
    score, reasons = 0.0, []
    if profile is not None:
        brand = product.brand.lower()
        if brand and brand in {b.lower() for b in profile.liked_brands}:
            score += 1.0
            reasons.append(f"you like {product.brand}")
        if brand and brand in {b.lower() for b in profile.disliked_brands}:
            score -= 1.0
            reasons.append(f"you said you dislike {product.brand}")
        path = product.category_path.lower()
        if any(path.startswith(c.lower()) for c in profile.categories):
            score += 0.5
            reasons.append(f"in a category you follow ({product.category_path})")
        if profile.budget_max is not None and product.currency == profile.currency:
            if product.price <= profile.budget_max:
                score += 0.3
                reasons.append(f"within your usual budget ({profile.currency} {profile.budget_max:g})")
            else:
                score -= 0.3
    if taste is not None and vector is not None:
        similarity = float(taste @ vector)
        score += similarity
        if similarity > 0.3:
            reasons.append("similar to products you engaged with")
    return score, tuple(reasons)


def personalize(
    hits: Sequence[Hit],
    profile: UserProfile | None,
    taste: np.ndarray | None,
    vector_of: Callable[[str], np.ndarray | None],
    k: int,
    weight: float = 0.3,
    exploration_share: float = 0.0,
    seed: int = 0,
) -> list[RankedCandidate]:
    """The top `k` of `hits` after personalization, exploration slots included and labelled."""
    if not hits:
        return []
    top = max(h.ranking.score for h in hits) or 1.0
    ranked = []
    for hit in hits:
        preference, reasons = preference_of(hit.product, profile, taste, vector_of(hit.product.id))
        relevance = hit.ranking.score / top
        ranked.append(RankedCandidate(hit.product, relevance, preference, relevance + weight * preference, False, reasons))
    ranked.sort(key=lambda c: (-c.score, c.product.id))
    slots = min(k, len(ranked))
    explore = round(slots * exploration_share) if profile is not None else 0
    chosen = ranked[: slots - explore]
    if explore:
        usual = _usual(profile, chosen)
        outside = [
            c
            for c in ranked[slots - explore :]
            if c.product.brand.lower() not in usual[0] and not any(c.product.category_path.lower().startswith(u) for u in usual[1])
        ]
        outside.sort(key=lambda c: (-c.relevance, c.product.id))
        pool = outside[: max(explore * 3, explore)]
        rng = random.Random(
            int(hashlib.sha256(f"{seed}|{profile.user_id}|{','.join(h.product.id for h in hits)}".encode()).hexdigest()[:12], 16)
        )
        picks = sorted(rng.sample(pool, min(explore, len(pool))), key=lambda c: (-c.relevance, c.product.id))
        chosen += [
            RankedCandidate(c.product, c.relevance, c.preference, c.score, True, c.reasons + ("outside your usual picks, to explore",))
            for c in picks
        ]
        chosen += [c for c in ranked[slots - explore :] if c not in picks][: slots - len(chosen)]  # not enough to explore: fill by score
    return chosen[:slots]


def _usual(profile: UserProfile, chosen: list[RankedCandidate]) -> tuple[set[str], set[str]]:
    """Brands and category paths the shopper already gets: liked ones and those in the picks."""
    brands = {b.lower() for b in profile.liked_brands} | {c.product.brand.lower() for c in chosen}
    categories = {c.product.category_path.lower() for c in chosen} | {c.lower() for c in profile.categories}
    return brands, categories
