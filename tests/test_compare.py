"""Comparisons: which products are compared (referenced, else shown, else the best matches), an honest
refusal below two, and a table whose every cell comes from a record."""

from __future__ import annotations

import pytest

from assistant.answer import Table
from assistant.compare import comparison_table, plan_comparison
from assistant.config import AssistantConfig
from assistant.plan import PlanContext
from assistant.understanding import Constraints, Understanding
from retrieval.indexing import product_document, sync
from retrieval.records import Product
from retrieval.search import HybridIndex, ProductSearch, SearchSettings
from tests.fakes import HashEmbedder, MemoryStore

H1 = Product(
    id="h1",
    title="Wireless running headphones",
    price=49.0,
    currency="USD",
    brand="Tono",
    category=("Electronics", "Headphones"),
    availability="in_stock",
    stock=6,
    rating=4.2,
    rating_count=31,
    attributes=(("color", "red"),),
    description="Sweat resistant earbuds with a secure fit.",
)
H2 = Product(
    id="h2",
    title="Studio headphones black",
    price=89.0,
    currency="USD",
    brand="Voltrix",
    category=("Electronics", "Headphones"),
    availability="in_stock",
    rating=4.6,
    attributes=(("color", "black"), ("cable", "3 m")),
    description="Closed back studio sound.",
)
H3 = Product(
    id="h3",
    title="Premium noise cancelling headphones",
    price=139.0,
    currency="USD",
    brand="Aurelle",
    category=("Electronics", "Headphones"),
    availability="out_of_stock",
    description="Adaptive noise cancelling for flights.",
)
M1 = Product(
    id="m1", title="Ceramic coffee mug", price=12.0, currency="USD", brand="Hearth", category=("Home", "Kitchen"), availability="in_stock"
)
PRODUCTS = [H1, H2, H3, M1]
NEED_TWO = 'I need at least two products to compare: ask for recommendations first, or name two, e.g. "compare #1 and #2".'


@pytest.fixture(scope="module")
def search():
    store, embedder = MemoryStore(), HashEmbedder()
    sync(store, embedder, [product_document(p) for p in PRODUCTS])
    return ProductSearch(HybridIndex.load(store), embedder, SearchSettings(k=10, candidates=20))


def plan(search, query, references=(), shown=(), constraints: Constraints | None = None):
    understanding = Understanding("compare", constraints or Constraints(), query, tuple(references))
    return plan_comparison(PlanContext(understanding, tuple(shown), search, None, None, AssistantConfig()))


def test_two_referenced_products_are_compared_from_their_records(search):
    draft = plan(search, "compare #1 and #3", ["h1", "h3"], shown=[H1, H2, H3])
    assert draft.intent == "compare" and not draft.abstained and draft.text == ""
    assert [p.id for p in draft.candidates] == ["h1", "h3"] and [p.id for p in draft.products] == ["h1", "h3"]
    assert all(p.fits_constraints and p.reasons == ("in the comparison",) for p in draft.products)
    assert draft.table.columns == ("h1", "h3")
    assert draft.fallback == "The table compares Wireless running headphones [h1], Premium noise cancelling headphones [h3]."
    assert draft.follow_ups == ("What do reviewers say about [h1]?", "Anything cheaper?")
    [message] = draft.messages
    assert message.role == "system" and "$products" not in message.content
    assert (
        "- [h1] Wireless running headphones — $49.00 · 4.2★ (31) · 6 in stock: Sweat resistant earbuds with a secure fit."
        in message.content
    )
    assert "- [h3] Premium noise cancelling headphones — $139.00 · no ratings yet · out of stock: Adaptive noise" in message.content
    assert "[h2]" not in message.content


def test_references_outside_the_shown_list_are_found_in_the_catalog(search):
    draft = plan(search, "compare h2 and m1", ["h2", "m1"])
    assert [p.id for p in draft.candidates] == ["h2", "m1"] and draft.table.columns == ("h2", "m1")


def test_unknown_references_are_ignored(search):
    draft = plan(search, "compare h1, zz-9 and h2", ["h1", "zz-9", "h2"])
    assert [p.id for p in draft.candidates] == ["h1", "h2"]


def test_at_most_four_products_are_compared(search):
    shown = [H1, H2, H3, M1, H1]
    assert [p.id for p in plan(search, "compare them", shown=shown).candidates] == ["h1", "h2", "h3", "m1"]
    draft = plan(search, "compare all", ["m1", "h3", "h2", "h1"] + ["h1"])
    assert [p.id for p in draft.candidates] == ["m1", "h3", "h2", "h1"]


def test_with_nothing_referenced_the_shown_list_is_compared_in_order(search):
    draft = plan(search, "compare these", shown=[H3, H1])
    assert [p.id for p in draft.candidates] == ["h3", "h1"] and draft.table.columns == ("h3", "h1")


def test_with_nothing_referenced_or_shown_the_best_matches_are_compared(search):
    draft = plan(search, "compare headphones", constraints=Constraints(price_max=100.0, category="Electronics"))
    assert {p.id for p in draft.candidates} == {"h1", "h2"} and len(draft.candidates) == 2  # only two fit
    three = plan(search, "compare", constraints=Constraints(price_max=100.0))
    assert {p.id for p in three.candidates} == {"h1", "h2", "m1"}


@pytest.mark.parametrize(
    ("references", "shown", "constraints"),
    [
        ((), (), Constraints(brands=("Hearth",))),  # one product fits, nothing shown
        ((), (), Constraints(price_max=1.0)),  # nothing fits
        (("zz-9",), (), Constraints(price_max=1.0)),  # an unknown id and nothing fits
    ],
)
def test_fewer_than_two_products_abstains_without_the_model(search, references, shown, constraints):
    draft = plan(search, "compare mugs", references, shown, constraints)
    assert draft.abstained and draft.text == NEED_TWO and draft.messages == ()
    assert (draft.table, draft.products, draft.candidates) == (None, (), ())
    assert draft.follow_ups == ("Show me some options",) and draft.constraints == constraints


def test_one_reference_is_completed_with_the_best_matches(search):
    draft = plan(search, "compare h3 with cheaper headphones", ["h3"], constraints=Constraints(category="Electronics"))
    ids = [p.id for p in draft.candidates]
    assert ids[0] == "h3" and set(ids) == {"h1", "h2", "h3"} and len(ids) == 3


def test_table_rows_come_from_the_records():
    table = comparison_table([H1, H2, H3])
    assert table == Table(
        ("h1", "h2", "h3"),
        (
            ("price", ("$49.00", "$89.00", "$139.00")),
            ("rating", ("4.2★ (31)", "4.6★", "no ratings yet")),
            ("stock", ("6 in stock", "in stock", "out of stock")),
            ("brand", ("Tono", "Voltrix", "Aurelle")),
            ("category", ("Electronics > Headphones",) * 3),
            ("cable", ("—", "3 m", "—")),
            ("color", ("red", "black", "—")),
        ),
    )


def test_a_row_no_record_states_is_dropped_but_a_partial_one_is_kept():
    bare = [
        Product(id="a", title="Plain mug", price=5.0, currency="USD"),
        Product(id="b", title="Plain cup", price=4.5, currency="USD", attributes=(("material", "glass"),)),
    ]
    rows = dict(comparison_table(bare).rows)
    assert list(rows) == ["price", "rating", "material"]  # no stock, brand or category in either record
    assert rows["material"] == ("—", "glass") and rows["price"] == ("$5.00", "$4.50")
    partial = dict(comparison_table([bare[0], M1]).rows)
    assert partial["brand"] == ("—", "Hearth") and partial["stock"] == ("—", "in stock") and partial["category"] == ("—", "Home > Kitchen")


def test_table_prices_keep_each_records_currency():
    euro = Product(id="e", title="Kettle", price=1234.5, currency="EUR")
    assert dict(comparison_table([euro, M1]).rows)["price"] == ("€1,234.50", "$12.00")
