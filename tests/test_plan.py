"""Planning: one planner per intent in `pipeline.PLANNERS`, each taking one `PlanContext` and returning
a `Draft` for its own intent, run here on a small catalog built from the fakes."""

from __future__ import annotations

import dataclasses
import inspect
import typing

import pytest

from assistant.answer import Draft
from assistant.config import AssistantConfig
from assistant.pipeline import PLANNERS
from assistant.plan import PlanContext
from assistant.policy import PolicyBook, load_policy
from assistant.understanding import INTENTS, Constraints, Understanding
from retrieval.indexing import chunk_review, product_document, review_document, sync
from retrieval.records import Product, Review
from retrieval.search import HybridIndex, ProductSearch, ReviewSearch, SearchSettings
from tests.fakes import HashEmbedder, MemoryStore

PRODUCTS = [
    Product(
        id="h1",
        title="Wireless running headphones",
        price=49.0,
        currency="USD",
        category=("Electronics", "Headphones"),
        availability="in_stock",
        description="Earbuds with an 8 hour battery.",
    ),
    Product(
        id="h2", title="Studio headphones", price=89.0, currency="USD", category=("Electronics", "Headphones"), availability="in_stock"
    ),
    Product(id="m1", title="Ceramic coffee mug", price=12.0, currency="USD", category=("Home", "Kitchen"), availability="in_stock"),
]
REVIEWS = [Review("r1", "h1", "The battery lasts about 8 hours.", 5)]
POLICY = "# Policy\n\n## Returns\n\n- Most items can be returned within **30 days of delivery**.\n"
# one turn per intent, and the planner's known answer: (query, references, shown, abstained, product ids)
TURNS = {
    "recommend": ("headphones", (), (), False, ("h2", "h1")),
    "product_question": ("how long does the battery last?", ("h1",), (), False, ("h1",)),
    "compare": ("compare them", (), ("h1", "h2"), False, ("h1", "h2")),
    "policy": ("how many days do I have to return items?", (), (), False, ()),
    "chit_chat": ("hello there", (), (), False, ()),
}


@pytest.fixture(scope="module")
def parts(tmp_path_factory):
    embedder, products, reviews = HashEmbedder(), MemoryStore(), MemoryStore("reviews")
    sync(products, embedder, [product_document(p) for p in PRODUCTS])
    sync(reviews, embedder, [review_document(c) for r in REVIEWS for c in chunk_review(r)])
    settings = SearchSettings(k=10, candidates=20)
    path = tmp_path_factory.mktemp("policy") / "policy.md"
    path.write_text(POLICY, encoding="utf-8")
    return (
        ProductSearch(HybridIndex.load(products), embedder, settings),
        ReviewSearch(HybridIndex.load(reviews), embedder, settings),
        PolicyBook(load_policy(path), embedder),
    )


def context_for(parts, intent: str) -> PlanContext:
    products, reviews, policy = parts
    query, references, shown, _, _ = TURNS[intent]
    understanding = Understanding(
        intent, Constraints(category="Electronics") if intent == "recommend" else Constraints(), query, references
    )
    shown_records = tuple(products.catalog[i] for i in shown)
    return PlanContext(understanding, shown_records, products, reviews, policy, AssistantConfig(k=2, depth=5), "Test Shop")


def test_every_intent_has_exactly_one_planner():
    assert list(PLANNERS) == list(INTENTS) and len(set(PLANNERS.values())) == len(INTENTS)
    assert set(TURNS) == set(INTENTS)


@pytest.mark.parametrize("intent", INTENTS)
def test_each_planner_takes_one_plan_context_and_returns_a_draft(intent):
    planner = PLANNERS[intent]
    required = [p for p in inspect.signature(planner).parameters.values() if p.default is inspect.Parameter.empty]
    assert [p.name for p in required] == ["context"]
    hints = typing.get_type_hints(planner, localns={"PlanContext": PlanContext, "Draft": Draft})
    assert hints["context"] is PlanContext and hints["return"] is Draft


@pytest.mark.parametrize("intent", INTENTS)
def test_each_planner_drafts_its_own_intent(parts, intent):
    context = context_for(parts, intent)
    draft = PLANNERS[intent](context)
    _, _, _, abstained, product_ids = TURNS[intent]
    assert isinstance(draft, Draft) and draft.intent == intent
    assert draft.abstained is abstained and tuple(p.id for p in draft.products) == product_ids
    assert draft.constraints == context.understanding.constraints
    assert draft.messages or draft.text  # either the model is asked or the code wrote the answer


def test_plan_context_defaults_and_is_frozen(parts):
    products, _, _ = parts
    context = PlanContext(Understanding("chit_chat", Constraints(), "hi"), (), products, None, None, AssistantConfig())
    assert (context.store_name, context.profile, context.taste) == ("the store", None, None)
    with pytest.raises(dataclasses.FrozenInstanceError):
        context.store_name = "other"  # type: ignore[misc]
