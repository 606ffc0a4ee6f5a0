"""The typed context every intent's planner gets, so all planners share one signature:
`plan(context: PlanContext) -> Draft`. The pipeline builds one per turn and picks the planner by
intent from one table (`pipeline.PLANNERS`).

Stage: understand -> plan (this context in, a `Draft` out) -> generate -> ground.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # types only: the planners import this module
    import numpy as np

    from assistant.config import AssistantConfig
    from assistant.policy import PolicyBook
    from assistant.profiles import UserProfile
    from assistant.understanding import Understanding
    from retrieval.records import Product
    from retrieval.search import ProductSearch, ReviewSearch


@dataclass(frozen=True)
class PlanContext:
    understanding: Understanding  # the turn as understood (intent, constraints, references)
    shown: tuple[Product, ...]  # the conversation's latest recommendation list: what "#2" points at
    products: ProductSearch  # the catalog's product search (and its `catalog` view)
    reviews: ReviewSearch | None  # review snippets, when the catalog has reviews
    policy: PolicyBook | None  # store policy passages, when configured
    settings: AssistantConfig  # with the session's personalization overrides applied
    store_name: str = "the store"
    profile: UserProfile | None = None  # the shopper's profile (None: anonymous)
    taste: np.ndarray | None = None  # the shopper's taste vector from their signals
