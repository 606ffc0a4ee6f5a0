"""The recommend path with fakes: constraints hold, abstention is honest and labelled, planted
hallucinations in the model's text are repaired, and the same input gives the same answer."""

from __future__ import annotations

from dataclasses import replace

import pytest

from assistant.config import AssistantConfig
from assistant.grounding import finish
from assistant.plan import PlanContext
from assistant.profiles import UserProfile
from assistant.recommend import _shelved_as, describe, plan_recommendation
from assistant.understanding import understand
from assistant.vocabulary import Vocabulary
from retrieval.indexing import product_document, sync
from retrieval.records import Product
from retrieval.search import HybridIndex, ProductSearch, SearchSettings
from tests.fakes import HashEmbedder, MemoryStore, ScriptedGenerator

PRODUCTS = [
    Product(
        id="h1",
        title="Wireless running headphones",
        price=49.0,
        currency="USD",
        brand="Tono",
        category=("Electronics", "Headphones"),
        availability="in_stock",
        rating=4.2,
    ),
    Product(
        id="h2",
        title="Studio headphones black",
        price=89.0,
        currency="USD",
        brand="Voltrix",
        category=("Electronics", "Headphones"),
        availability="in_stock",
        rating=4.6,
    ),
    Product(
        id="h3",
        title="Premium noise cancelling headphones",
        price=139.0,
        currency="USD",
        brand="Aurelle",
        category=("Electronics", "Headphones"),
        availability="out_of_stock",
    ),
    Product(
        id="m1",
        title="Ceramic coffee mug",
        price=12.0,
        currency="USD",
        brand="Hearth",
        category=("Home", "Kitchen"),
        availability="in_stock",
    ),
]
VOCAB = Vocabulary.from_products(PRODUCTS)
BRANDS = {p.brand for p in PRODUCTS}


def recommend(understanding, search, generator, k=4, catalog_brands=frozenset()):
    """plan -> generate -> finish, as the pipeline runs a recommend turn."""
    draft = plan_recommendation(PlanContext(understanding, (), search, None, None, AssistantConfig(k=k)))
    return finish(draft, generator.generate(list(draft.messages), None) if draft.messages else "", catalog_brands)


@pytest.fixture(scope="module")
def search():
    store, embedder = MemoryStore(), HashEmbedder()
    sync(store, embedder, [product_document(p) for p in PRODUCTS])
    return ProductSearch(HybridIndex.load(store), embedder, SearchSettings(k=10, candidates=20))


def test_recommendations_respect_the_budget_and_are_records(search):
    generator = ScriptedGenerator("I would pick [h1] for running.")
    answer = recommend(understand("headphones under $100", VOCAB), search, generator, k=3, catalog_brands=BRANDS)
    assert not answer.abstained and {p.id for p in answer.products} == {"h1", "h2"}
    assert all(p.price <= 100 and p.fits_constraints for p in answer.products)
    assert answer.text == "I would pick [h1] for running." and answer.repairs == ()
    assert all(p.reasons[0] == "meets: Electronics > Headphones, at most $100.00" for p in answer.products)
    prompt = generator.prompts[0][0].content
    assert "[h1]" in prompt and "[h3]" not in prompt and "at most $100.00" in prompt


def test_nothing_fits_abstains_and_labels_alternatives(search):
    generator = ScriptedGenerator("The closest is [h1].")
    answer = recommend(understand("headphones for $5 to $10", VOCAB), search, generator, catalog_brands=BRANDS)
    assert answer.abstained and answer.products and not any(p.fits_constraints for p in answer.products)
    assert answer.text == "Nothing in the catalog matches Electronics > Headphones, $5.00 to $10.00. The closest is [h1]."
    assert all("outside your constraints" in p.reasons[0] for p in answer.products)


def test_planted_hallucinations_are_repaired(search):
    generator = ScriptedGenerator("Buy [h9] now! The [h2] is only $9.99. Aurelle makes the best ones.")
    answer = recommend(understand("headphones under $100", VOCAB), search, generator, catalog_brands=BRANDS)
    assert "[h9]" not in answer.text and "$89.00" in answer.text and "Aurelle" not in answer.text
    assert {r.kind for r in answer.repairs} == {"unknown_id", "wrong_price", "foreign_product"}


def test_same_input_same_answer(search):
    answers = [
        recommend(understand("black headphones", VOCAB), search, ScriptedGenerator("[h2] fits."), catalog_brands=BRANDS) for _ in range(3)
    ]
    assert len({a for a in answers}) == 1 and answers[0].products[0].id == "h2"  # colour checked on the record


def test_describe_constraints():
    assert (
        describe(understand("headphones rated 4 stars and up in stock, not Tono", VOCAB).constraints)
        == "Electronics > Headphones, not Tono, rated 4+, in stock"
    )


def test_ungroundable_text_falls_back_to_a_record_rendered_summary(search):
    answer = recommend(
        understand("headphones under $100", VOCAB), search, ScriptedGenerator("Aurelle makes the best ones."), catalog_brands=BRANDS
    )
    best = answer.products[0]
    assert answer.text.startswith(
        f"2 products fit Electronics > Headphones, at most $100.00. Best match: [{best.id}] {best.title} — ${best.price:.2f} · "
    )
    assert answer.text.endswith("in stock.") and [r.kind for r in answer.repairs] == ["foreign_product", "fallback"]


def test_the_summary_counts_every_fitting_product_not_only_the_shown_ones(search):
    answer = recommend(understand("headphones under $150", VOCAB), search, ScriptedGenerator("Nothing to say."), k=2, catalog_brands=BRANDS)
    assert answer.text.startswith("3 products fit Electronics > Headphones, at most $150.00; the best 2 are shown. Best match: ")
    assert len(answer.products) == 2


def test_a_refusal_is_replaced_by_the_record_summary(search):
    refusal = ScriptedGenerator("As a shopping assistant, I'm not equipped to provide a gift for your dad.")
    answer = recommend(understand("headphones under $100", VOCAB), search, refusal, catalog_brands=BRANDS)
    assert answer.text.startswith("2 products fit") and "not equipped" not in answer.text
    assert [r.kind for r in answer.repairs] == ["refusal", "fallback"] and all(p.fits_constraints for p in answer.products)


def test_a_usual_budget_saved_without_a_currency_is_in_the_catalogs(search):
    profile = UserProfile("u-1", budget_max=60.0)  # saved from the app's box: no currency
    context = PlanContext(understand("headphones", VOCAB), (), search, None, None, AssistantConfig(k=4), profile=profile)
    reasons = {p.id: p.reasons for p in plan_recommendation(context).products}
    assert "within your usual budget (USD 60)" in reasons["h1"] and not any("usual budget" in r for r in reasons["h2"])


@pytest.mark.parametrize(
    ("turn", "said"),
    [
        ("a Dyson mug", "The store does not carry Dyson. Nothing in the catalog matches type mug, brand Dyson."),
        (
            "an acoustic guitar under $100",
            "The store has no acoustic guitar. Nothing in the catalog matches type acoustic guitar, at most $100.00.",
        ),
    ],
)
def test_what_the_store_does_not_sell_is_said_and_nothing_is_presented_as_fitting(search, turn, said):
    draft = plan_recommendation(PlanContext(understand(turn, VOCAB), (), search, None, None, AssistantConfig(k=4)))
    assert draft.abstained and draft.text == said and not any(p.fits_constraints for p in draft.products)


def test_only_the_kind_of_product_asked_for_is_presented_as_fitting(search):
    draft = plan_recommendation(PlanContext(understand("a mug, anything", VOCAB), (), search, None, None, AssistantConfig(k=4)))
    assert [p.id for p in draft.products] == ["m1"] and draft.products[0].fits_constraints


def test_a_category_naming_something_else_than_the_kind_is_not_read():
    assert understand("an electronics mug", VOCAB).constraints.category == ""


def test_a_category_read_from_the_words_is_dropped_when_the_kind_is_filed_elsewhere(search):
    understanding = understand("a mug", VOCAB)  # as if a category had been read from the words
    understanding = replace(understanding, constraints=replace(understanding.constraints, category="Electronics"))
    draft = plan_recommendation(PlanContext(understanding, (), search, None, None, AssistantConfig(k=4)))
    assert not draft.abstained and [p.id for p in draft.products] == ["m1"] and draft.products[0].fits_constraints


@pytest.mark.parametrize(
    ("shelf", "fits"),
    [(("Toys", "Kids Headphones"), True), (("Toys", "Kids Headphones (Blue)"), True), (("Home", "Headphone Stands"), False)],
)
def test_outside_the_category_that_files_the_kind_only_a_shelf_named_after_it_counts(shelf, fits):
    understanding = understand("headphones under $30", VOCAB)  # Electronics > Headphones files headphones, none under $30
    constraints = replace(understanding.constraints, category="Electronics > Headphones")
    other = Product(id="h9", title="Kids headphones", price=25.0, currency="USD", brand="Tono", category=shelf, availability="in_stock")
    store, embedder = MemoryStore(), HashEmbedder()
    sync(store, embedder, [product_document(p) for p in (*PRODUCTS, other)])
    wider = ProductSearch(HybridIndex.load(store), embedder, SearchSettings(k=10, candidates=20))
    draft = plan_recommendation(PlanContext(replace(understanding, constraints=constraints), (), wider, None, None, AssistantConfig(k=4)))
    assert [p.id for p in draft.products if p.fits_constraints] == (["h9"] if fits else []) and draft.abstained is not fits


def test_a_shelf_named_after_a_compound_kind_holds_all_its_words():
    toy = Product(id="t", title="Sisal post", price=80.0, currency="USD", brand="M", category=("Pet Supplies", "Cat", "Toys"))
    assert _shelved_as(toy, ("cat toy",)) and not _shelved_as(toy, ("dog toy",))
