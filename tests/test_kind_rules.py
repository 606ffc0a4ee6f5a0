"""Reading the kind of product asked for: compounds, adjectives, typing slips in kinds and in budget
words (assistant/kind_rules.py)."""

from __future__ import annotations

import pytest

from assistant.kind_rules import mend_budget_words
from assistant.understanding import understand
from assistant.vocabulary import Vocabulary
from tests.test_understanding import VOCAB, product


def test_a_compound_kind_is_the_pair():
    assert understand("need a vacuum cleaner under $100", VOCAB).constraints.product_type == ("vacuum cleaner",)
    assert understand("a coffee maker", VOCAB).constraints.product_type == ("coffee maker",)


def test_a_compound_kind_is_the_pair_and_who_or_what_size_it_is_for_is_no_part_of_it():
    vocab = Vocabulary.from_products([product("P-1", "Prestige Pressure Cooker 5 L", 30.0, "Prestige", ("Kitchen",))])
    assert understand("a prestige pressure cooker", vocab).constraints.product_type == ("pressure cooker",)
    assert understand("do you have any bean bags?", vocab).constraints.product_type == ("bean bag",)
    assert understand("men's pressure cooker", vocab).constraints.product_type == ("pressure cooker",)
    assert understand("kids cooker", vocab).constraints.product_type == ("cooker",)  # who it is for is no kind
    assert understand("a double mattress", vocab).constraints.product_type == ("mattress",)


@pytest.mark.parametrize(
    ("turn", "kind"),
    [
        ("is there any denture adhesive", "denture adhesive"),  # a noun with an adjective's ending
        ("a washable rug", "rug"),
        ("a coffee table under 100", "coffee table"),
        ("height adjustable desk", "desk"),  # an adjective between two nouns makes no pair ("height desk")
        ("white dresser w/ 3 drawers", "dresser"),  # "w/" is "with", no "or"
        ("nail polish", "nail polish"),
        ("what do you have designed by noboru nakamura", None),
        ("just the ones under $20", None),
    ],
)
def test_the_kind_skips_adjectives_but_not_nouns_ending_like_them(turn, kind):
    assert understand(turn, Vocabulary()).constraints.product_type[:1] == ((kind,) if kind else ())


def test_a_kind_the_store_lacks_is_not_corrected_into_one_it_sells():
    vocab = Vocabulary.from_products(
        [product("P-1", "Gold Earrings", 9.0, "", ("Jewellery",)), product("P-2", "Flower pot", 5.0, "", ("Garden",))]
    )
    assert understand("a lawn mower", vocab).constraints.product_type == ("lawn mower",)
    assert understand("a power drill", vocab).constraints.product_type == ("power drill",)  # "power" is no slip of "flower"
    assert "kind_typo" not in understand("gold earrings", vocab).rules


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("hedphones undr $80", "hedphones under $80"),
        ("mugs bellow 20", "mugs below 20"),
        ("udner 5", "under 5"),
        ("a bundle", "a bundle"),
        ("the last one", "the last one"),
    ],
)
def test_budget_words_typed_with_a_slip_read_as_meant(typed, meant):
    assert mend_budget_words(typed) == meant


def test_a_slip_a_seller_made_too_gives_way_to_the_categorys_word():
    earrings = [product(f"E-{n}", f"Silver Stud Earrings {n}", 9.0, "Gleam", ("Jewellery", "Earrings")) for n in range(99)]
    slip = product("B-1", "Bangle & Earing Box", 12.0, "Kuber", ("Storage", "Boxes"))
    tablet = product("T-1", "Drawing Tablet", 80.0, "Inky", ("Electronics", "Tablets"))
    vocab = Vocabulary.from_products([*earrings, slip, tablet, product("T-2", "Coffee Table", 50.0, "Oak", ("Furniture", "Tables"))])
    assert understand("earings under 300", vocab).constraints.product_type == ("earring",)
    assert understand("a tablet", vocab).constraints.product_type == ("tablet",)  # a rare word, but no slip of "table"
    assert understand("yankee candle candles", vocab).constraints.product_type == ("candle",)  # no pair of a word with itself


def test_a_longer_misspelt_word_is_the_catalogs_word():
    vocab = Vocabulary.from_products([product("K-1", "Mechanical Keyboard", 59.0, "Keyco", ("Computers", "Keyboards"))])
    assert understand("mechanicle keybord", vocab).constraints.product_type == ("mechanical keyboard",)


@pytest.mark.parametrize(
    ("turn", "kind"),
    [
        ("do u sell hammocks?", ("hammock",)),
        ("kitchen island no more then 1000 SAR", ("kitchen island",)),
        ("medium size dog bed below 1200", ("dog bed",)),
        ("double door fridge under 20k", ("door fridge", "door refrigerator")),
    ],
)
def test_the_kind_of_a_turn_typed_in_a_hurry(turn, kind):
    understanding = understand(turn, Vocabulary())
    assert understanding.constraints.product_type == kind
    assert "kitchen" not in turn or understanding.constraints.price_max == 1000.0
