"""Product questions: which product is asked about, when the catalog's evidence is enough to ask the
model, how review snippets are cited, and a fallback that quotes the evidence without planted prices."""

from __future__ import annotations

import pytest

from assistant.answer import Citation
from assistant.config import AssistantConfig
from assistant.plan import PlanContext
from assistant.questions import named_product, plan_question
from assistant.understanding import Constraints, Understanding
from retrieval.indexing import chunk_review, product_document, review_document, sync
from retrieval.records import Product, Review
from retrieval.search import Hit, HybridIndex, ProductSearch, Ranked, ReviewSearch, SearchResult, SearchSettings
from tests.fakes import HashEmbedder, MemoryStore

H1 = Product(
    id="h1",
    title="Wireless running headphones",
    price=49.0,
    currency="USD",
    brand="Tono",
    category=("Electronics", "Headphones"),
    availability="in_stock",
    rating=4.2,
    rating_count=31,
    attributes=(("color", "red"),),
    description="Sweat resistant earbuds with a secure fit and 8 hour battery.",
)
H2 = Product(
    id="h2",
    title="Studio headphones black",
    price=89.0,
    currency="USD",
    brand="Voltrix",
    category=("Electronics", "Headphones"),
    availability="in_stock",
    description="Closed back studio sound.",
)
M1 = Product(
    id="m1", title="Ceramic coffee mug", price=12.0, currency="USD", brand="Hearth", category=("Home", "Kitchen"), availability="in_stock"
)
PRODUCTS = [H1, H2, M1]
PLANTED = "The battery lasts about 8 hours on a run. Worth the $49, though I paid $0.01 in a flash sale."
REVIEWS = [
    Review("r1", "h1", PLANTED, 5),
    Review("r2", "h1", "Fit is secure even when sprinting; sound is fine.", 4),
    Review("r3", "h2", "Studio sound is clear and the cable is long.", 5),
    Review("r4", "h1", "Battery died after a month of runs.", 2),
]
WHICH = 'Which product do you mean? Ask about one of the products shown, for example "does #1 have a warranty?"'


@pytest.fixture(scope="module")
def searches():
    embedder, products, reviews = HashEmbedder(), MemoryStore(), MemoryStore("reviews")
    sync(products, embedder, [product_document(p) for p in PRODUCTS])
    sync(reviews, embedder, [review_document(c) for r in REVIEWS for c in chunk_review(r)])
    settings = SearchSettings(k=10, candidates=20)
    return ProductSearch(HybridIndex.load(products), embedder, settings), ReviewSearch(HybridIndex.load(reviews), embedder, settings)


def plan(searches, query, references=(), shown=(), with_reviews=True, **settings):
    products, reviews = searches
    understanding = Understanding("product_question", Constraints(), query, tuple(references))
    context = PlanContext(understanding, tuple(shown), products, reviews if with_reviews else None, None, AssistantConfig(**settings))
    return plan_question(context)


@pytest.mark.parametrize(
    ("query", "shown"),
    [
        ("is #7 waterproof?", (H1, H2)),  # a position that points at nothing shown: never answer about another
        ("is the second one waterproof?", ()),
        ("is it waterproof?", ()),  # names no product
    ],
)
def test_without_a_target_it_asks_which_product(searches, query, shown):
    draft = plan(searches, query, shown=shown)
    assert draft.intent == "product_question" and draft.abstained and draft.text == WHICH
    assert (draft.messages, draft.products, draft.candidates, draft.citations) == ((), (), (), ())
    assert draft.follow_ups == ("Show me popular products",)


def test_a_reference_to_a_shown_product_is_the_target(searches):
    draft = plan(searches, "is it dishwasher safe?", ["m1"], shown=[H1, M1])
    assert [p.id for p in draft.candidates] == ["m1"] and [p.id for p in draft.products] == ["m1"]
    assert draft.products[0].reasons == ("the product you asked about",) and draft.products[0].fits_constraints


def test_no_relevant_facts_or_reviews_abstains_without_messages(searches):
    draft = plan(searches, "is it dishwasher safe?", ["m1"])
    assert draft.abstained and draft.messages == () and draft.citations == () and draft.fallback is None
    assert draft.text == "The catalog's description and reviews of Ceramic coffee mug [m1] don't say, so I can't answer that reliably."
    assert draft.follow_ups == ("What do reviewers dislike about [m1]?", "Show me similar products")


def test_review_hits_are_cited_in_order_and_reach_the_prompt(searches):
    draft = plan(searches, "how long does the battery last?", ["h1"])
    assert not draft.abstained and draft.text == "" and [p.id for p in draft.candidates] == ["h1"]
    assert draft.citations == (
        Citation("R1", "review", "r1#0", PLANTED, "h1", 5),
        Citation("R2", "review", "r4#0", "Battery died after a month of runs.", "h1", 2),
    )  # r2 shares no word with the question and is not similar enough
    [message] = draft.messages
    assert message.role == "system"
    assert "Product: [h1] Wireless running headphones — $49.00 · 4.2★ (31) · in stock\n" in message.content
    assert "Facts:\nDescription: Sweat resistant earbuds with a secure fit and 8 hour battery.\ncolor: red\n" in message.content
    assert message.content.endswith(f"Review snippets:\n[R1] (5★) {PLANTED}\n[R2] (2★) Battery died after a month of runs.")


def test_the_fallback_quotes_the_evidence_without_the_planted_price(searches):
    draft = plan(searches, "how long does the battery last?", ["h1"])
    assert draft.fallback == (
        "From the catalog about Wireless running headphones [h1]:\n"
        "- Description: Sweat resistant earbuds with a secure fit and 8 hour battery.\n"
        '- a reviewer wrote [R1]: "The battery lasts about 8 hours on a run. Worth the $49, though I paid '
        '[price removed: see the product card] in a flash sale."\n'
        '- a reviewer wrote [R2]: "Battery died after a month of runs."'
    )
    assert "$0.01" not in draft.fallback and "$49" in draft.fallback  # the record's own price may be quoted


def test_an_attribute_alone_is_enough_evidence(searches):
    draft = plan(searches, "what color is it?", ["h1"], with_reviews=False)
    assert not draft.abstained and draft.citations == () and len(draft.messages) == 1
    assert draft.messages[0].content.endswith("Review snippets:\n(none)")
    assert draft.fallback == "From the catalog about Wireless running headphones [h1]:\n- color: red"


def test_a_review_without_shared_words_counts_only_above_the_similarity_bar(searches):
    strict = plan(searches, "what colour is it?", ["h1"])
    assert strict.abstained and strict.citations == ()
    lenient = plan(searches, "what colour is it?", ["h1"], min_evidence_similarity=0.25)  # r2's cosine with the question is 0.277
    assert not lenient.abstained and [c.source for c in lenient.citations] == ["r2#0"]


def test_review_snippets_setting_caps_the_citations(searches):
    draft = plan(searches, "how long does the battery last?", ["h1"], review_snippets=1)
    assert [c.source for c in draft.citations] == ["r1#0"]


def test_reviews_of_other_products_are_never_cited(searches):
    draft = plan(searches, "how long is the cable?", ["h2"])
    assert [(c.label, c.source, c.product_id) for c in draft.citations] == [("R1", "r3#0", "h2")]
    assert (
        draft.fallback
        == 'From the catalog about Studio headphones black [h2]:\n- a reviewer wrote [R1]: "Studio sound is clear and the cable is long."'
    )


def test_a_question_naming_a_product_targets_it(searches):
    draft = plan(searches, "is the ceramic mug dishwasher safe?")
    assert [p.id for p in draft.candidates] == ["m1"] and draft.abstained  # found, but the catalog does not say


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("is the ceramic mug dishwasher safe?", "m1"),
        ("do the studio headphones have a long cable?", "h2"),
        ("how heavy are the wireless running headphones?", "h1"),
        ("is it dishwasher safe?", None),  # no word of any record
        ("anything sweat resistant?", None),  # matches h1's description, but no title word
    ],
)
def test_named_product(searches, text, expected):
    found = named_product(text, searches[0])
    assert (found.id if found else None) == expected


class StubSearch:
    """A ProductSearch stand-in returning fixed hits, to pin down the ranking condition."""

    def __init__(self, *hits: Hit):
        self.hits = hits

    def search(self, text, filters=None, settings=None):
        return SearchResult(self.hits, len(self.hits))


def hit(product: Product, lexical_rank: int | None) -> Hit:
    return Hit(product, Ranked(0, 0.03, 1, 0.9, lexical_rank, 1.0 if lexical_rank else 0.0))


@pytest.mark.parametrize(
    ("hits", "expected"),
    [
        ((hit(M1, 1), hit(H1, 2)), "m1"),
        ((hit(M1, 2), hit(H1, 1)), None),  # the best fused match is not the best lexical one
        ((hit(M1, None),), None),  # found by meaning only
        ((), None),
    ],
)
def test_named_product_needs_the_best_match_to_be_the_best_lexical_match(hits, expected):
    found = named_product("is the ceramic mug dishwasher safe?", StubSearch(*hits))
    assert (found.id if found else None) == expected
