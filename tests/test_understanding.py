"""Rule-based understanding of shopper turns: a table of turns -> intent and constraints."""

from __future__ import annotations

from dataclasses import replace

import pytest

from assistant.understanding import Constraints, Understanding, understand
from assistant.vocabulary import Vocabulary
from retrieval.records import Product


def product(id_, title, price, brand, category):
    return Product(id=id_, title=title, price=price, currency="USD", brand=brand, category=category, availability="in_stock")


SHOWN = (
    product("DS-1", "Sonaro Quietus Earbuds, Black", 92.95, "Sonaro", ("Electronics", "Headphones")),
    product("DS-2", "Voltrix Arcadia Studio Headphones", 34.99, "Voltrix", ("Electronics", "Headphones")),
    product("DS-3", "Stridewell Road Runner Shoe, Blue", 119.0, "Stridewell", ("Footwear", "Running Shoes")),
)
VOCAB = Vocabulary.from_products(list(SHOWN) + [product("DS-4", "Mug", 9.0, "Hearth", ("Home & Kitchen", "Coffee & Tea"))])


@pytest.mark.parametrize(
    "text, intent, expected",
    [
        ("wireless headphones under $100", "recommend", Constraints(price_max=100.0, currency="USD", category="Electronics > Headphones")),
        ("anything for $5 to $10", "recommend", Constraints(price_min=5.0, price_max=10.0, currency="USD")),
        (
            "running shoes between 50 and 120 dollars",
            "recommend",
            Constraints(price_min=50.0, price_max=120.0, currency="USD", category="Footwear > Running Shoes"),
        ),
        ("a gift around $40", "recommend", Constraints(price_min=32.0, price_max=48.0, currency="USD")),
        (
            "headphones, budget is 2k rupees",
            "recommend",
            Constraints(price_max=2000.0, currency="INR", category="Electronics > Headphones"),
        ),
        ("shoes over €80", "recommend", Constraints(price_min=80.0, currency="EUR")),
        ("$60 or less for earbuds", "recommend", Constraints(price_max=60.0, currency="USD")),
        ("Voltrix headphones please", "recommend", Constraints(category="Electronics > Headphones", brands=("Voltrix",))),
        ("headphones but not Sonaro", "recommend", Constraints(category="Electronics > Headphones", exclude_brands=("Sonaro",))),
        (
            "running shoes in blue, size 10",
            "recommend",
            Constraints(category="Footwear > Running Shoes", attributes=(("color", "blue"), ("size", "10"))),
        ),
        (
            "headphones rated 4 stars and up that are in stock",
            "recommend",
            Constraints(category="Electronics > Headphones", min_rating=4.0, in_stock=True),
        ),
        ("top rated coffee mug", "recommend", Constraints(min_rating=4.5)),  # "Coffee & Tea" names no mug
        ("I need a tent for up to 3 people", "recommend", Constraints()),  # not a budget
        ("what is your return policy?", "policy", Constraints()),
        ("how long does shipping take", "policy", Constraints()),
        (
            "compare the Sonaro and the Voltrix headphones",
            "compare",
            Constraints(category="Electronics > Headphones", brands=("Sonaro", "Voltrix")),
        ),
        ("hi there!", "chit_chat", Constraints()),
        ("thanks, that's all", "chit_chat", Constraints()),
    ],
)
def test_first_turns(text, intent, expected):
    understood = understand(text, VOCAB)
    kind_aside = replace(understood.constraints, product_type=(), made_for=())  # the kind of product: tests/test_rules.py
    assert (understood.intent, kind_aside) == (intent, expected)
    assert not understood.uncertain


def test_refinements_refer_to_earlier_turns_and_shown_products():
    first = understand("headphones under $100", VOCAB)
    cheaper = understand("something cheaper", VOCAB, first, SHOWN[:2])
    assert (
        cheaper.intent == "recommend"
        and cheaper.constraints.price_max == 34.98
        and cheaper.constraints.category == "Electronics > Headphones"
    )
    not_brand = understand("not that brand", VOCAB, first, SHOWN[:2])
    assert not_brand.constraints.exclude_brands == ("Sonaro",) and not_brand.constraints.price_max == 100.0
    blue = understand("in black", VOCAB, first, SHOWN[:2])
    assert blue.constraints.attributes == (("color", "black"),) and blue.constraints.price_max == 100.0
    like = understand("something like the second one", VOCAB, first, SHOWN[:2])
    assert like.similar_to == "DS-2" and like.references == ("DS-2",) and like.intent == "recommend"
    new_topic = understand("running shoes", VOCAB, first, SHOWN[:2])
    assert new_topic.constraints == Constraints(
        category="Footwear > Running Shoes", product_type=("running shoe",)
    )  # a new category starts over


def test_product_questions_and_comparisons_point_at_shown_products():
    assert understand("does the first one have noise cancelling?", VOCAB, None, SHOWN).intent == "product_question"
    question = understand("how long does the battery of #2 last?", VOCAB, None, SHOWN)
    assert (question.intent, question.references) == ("product_question", ("DS-2",))
    compare = understand("which is better, the first or the second?", VOCAB, None, SHOWN)
    assert (compare.intent, compare.references) == ("compare", ("DS-1", "DS-2"))


def test_brand_preference_flips_when_later_turn_includes_it():
    first = understand("headphones, no Sonaro", VOCAB)
    assert first.constraints.exclude_brands == ("Sonaro",)
    later = understand("actually Sonaro is fine, show me Sonaro", VOCAB, first, SHOWN)
    assert later.constraints.brands == ("Sonaro",) and later.constraints.exclude_brands == ()


def test_constraints_become_filters_and_attributes_check_records():
    constraints = Constraints(price_max=50.0, currency="USD", brands=("Voltrix",), attributes=(("color", "black"),), in_stock=True)
    filters = constraints.to_filters()
    assert (filters.price_max, filters.brands, filters.in_stock) == (50.0, ("Voltrix",), True)
    assert constraints.attributes_match(SHOWN[0]) and not constraints.attributes_match(SHOWN[2])


def test_uncertain_turns_are_marked():
    understood = understand("hmm", VOCAB)
    assert isinstance(understood, Understanding) and understood.uncertain


def test_contradicting_budget_replaces_the_old_bound_and_cheaper_never_goes_negative():
    first = understand("headphones over $100", VOCAB)
    later = understand("actually under $50", VOCAB, first, SHOWN)
    assert (later.constraints.price_min, later.constraints.price_max) == (None, 50.0)
    later.constraints.to_filters()  # valid filters, no FilterError
    free = (Product(id="F", title="Free sticker", price=0.0, currency="USD"),)
    assert understand("cheaper", VOCAB, first, free).constraints.price_max == 0.0


@pytest.mark.parametrize(
    "text, rating",
    [
        ("puzzles rated at least 4.5", 4.5),
        ("notebooks rated 4 or higher", 4.0),
        ("hair care rated 4.5 or better", 4.5),
        ("4+ stars only", 4.0),
        ("a laptop with at least 8 GB", None),
        ("at least $50", None),
    ],
)
def test_rating_phrasings(text, rating):
    assert understand(text, VOCAB).constraints.min_rating == rating


def test_catalog_colours_and_shared_category_names():
    products = [
        Product(
            id="k",
            title="Quillkey keyboard",
            price=50.0,
            currency="USD",
            category=("Computers", "Keyboards"),
            attributes=(("color", "Rose"),),
        ),
        Product(id="c", title="Cat toy", price=5.0, currency="USD", category=("Pet Supplies", "Cat", "Toys")),
        Product(id="d", title="Dog toy", price=5.0, currency="USD", category=("Pet Supplies", "Dog", "Toys")),
        Product(
            id="g", title="Forest tent", price=90.0, currency="USD", category=("Sports", "Camping"), attributes=(("color", "Forest Green"),)
        ),
    ]
    vocab = Vocabulary.from_products(products)
    assert understand("keyboards in rose", vocab).constraints.attributes == (("color", "rose"),)
    assert understand("a tent in forest green", vocab).constraints.attributes == (("color", "forest green"),)
    assert understand("dog toys under $10", vocab).constraints.category == "Pet Supplies > Dog > Toys"
    assert understand("toys under $10", vocab).constraints.category == "Pet Supplies"  # shared name: common ancestor


@pytest.mark.parametrize(
    ("turn", "price_max", "currency", "unread"),
    [
        ("headphones under $-5", None, None, "'under $-5' (a price below zero)"),
        ("headphones under $1e308", None, None, "'$1e308' (not a price I can read)"),
        ("headphones under $2000000000", None, None, "'2,000,000,000' (too large to be a budget)"),
        ("推荐一款200元以下的蓝牙耳机", 200.0, "CNY", None),
        ("一个500￥以下的杯子", 500.0, "CNY", None),
        ("headphones under 3000 yen", 3000.0, "JPY", None),
    ],
)
def test_budgets_that_cannot_be_used_are_said_not_dropped(turn, price_max, currency, unread):
    understanding = understand(turn, Vocabulary())
    assert (understanding.constraints.price_max, understanding.constraints.currency) == (price_max, currency)
    assert understanding.unread == ((unread,) if unread else ())


@pytest.mark.parametrize(
    ("kind", "title", "description", "fits"),
    [
        (("battery",), "AA Batteries, 8 pack", "", True),
        (("pressure cooker",), "Prestige Pressure Cookers 5 L", "", True),
        (("led downlight",), "4 inch LED Recessed Downlight", "", True),  # a compound: the head in the title, the rest anywhere
        (("baby spoon",), "Infant Safety Spoons", "soft-tip spoons for baby's first foods", True),
        (("mixer grinder",), "HARB Grinder for hookahs", "", False),
        (("pressure cooker",), "Rice Cooker 1.8 L", "", False),
        (("mug",), "Smuggler's Coffee Beans", "", False),
        (("wifi router",), "iBall Wireless N Router", "", True),  # a modifier as catalogs also write it
        (("dog bed",), "Pet Club51 PC278 M Pet Bed", "", True),
        (("dog bed",), "Solid Wood Queen Bed", "", False),
        (("salad server",), "Creamer Pitcher, Milk Syrup Server", "Porcelain. Perfect for serving salad dressings and warm sauces.", False),
    ],
)
def test_a_record_is_of_the_kind_asked_for(kind, title, description, fits):
    record = replace(product("P-1", title, 9.0, "", ("Home",)), description=description)
    assert Constraints(product_type=kind).matches(record) is fits


def test_a_category_listing_several_kinds_says_nothing_about_which_this_is():
    cover = replace(product("P-1", "DELAKTIG", 100.0, "", ("Sofas & armchairs",)), description="Cover for seat cushion, armchair")
    chair = replace(product("P-2", "POÄNG", 597.0, "", ("Sofas & armchairs",)), description="Armchair, birch veneer")
    assert [Constraints(product_type=("armchair",)).matches(p) for p in (cover, chair)] == [False, True]
    unit = replace(product("P-4", "LENNART", 49.0, "", ("Chests of drawers & drawer units",)), description="Drawer unit, white")
    assert not Constraints(product_type=("chest of drawer",)).matches(unit)  # a phrase is no compound to take apart
    cot = replace(product("P-3", "GULLIVER", 595.0, "", ("Baby & children",)), description="Cot, white, 60x120 cm")
    assert Constraints(product_type=("baby cot",)).matches(cot)  # but a compound's modifier may be read there


@pytest.mark.parametrize(
    ("size", "title", "fits"),
    [
        ("medium", "Pet Club51 PC278 M Pet Bed", True),
        ("M", "Cotton Tee Medium", True),
        ("medium", "5 m Cable", False),
        ("large", "Tee S", False),
    ],
)
def test_a_size_word_is_also_the_letter_titles_write(size, title, fits):
    assert Constraints(attributes=(("size", size),)).attributes_match(product("P-1", title, 9.0, "", ("Home",))) is fits


@pytest.mark.parametrize(
    ("attribute", "title", "description", "url", "fits"),
    [
        (("color", "black"), "FRANKLIN", "Bar stool, foldable", "https://x.example/p/franklin-bar-stool-black-50406465/", True),
        (("color", "white"), "FRANKLIN", "Bar stool, foldable", "https://x.example/p/franklin-bar-stool-black-50406465/", False),
        (("spec", "4 mm"), "Yoga Mat (4mm) Green", "", "", True),
        (("spec", "4 mm"), "Plain Yoga Red 3 mm", "", "", False),
        (("spec", "160x200"), "DELAKTIG", "Bed frame, 160x200 cm", "", True),
        (("spec", "160 cm"), "SKARSTA", "Desk sit/stand, 160x80 cm", "", True),  # a width among the dimensions
        (("spec_min", "180 cm"), "BESTÅ", "TV bench, 120x42x38 cm", "", False),
        (("spec_min", "10000 mah"), "Solar 12000 MAH Power Bank", "", "", True),
        (("spec_min", "10000 mah"), "ultra slim 5000mah powerbank", "", "", False),
        (("spec_max", "30 cm"), "Vase", "Vase, 25 cm", "", True),
        (("doors", "double"), "190 L Direct Cool Single Door Refrigerator", "", "", False),
        (("doors", "double"), "253 L Frost Free 2 Door Refrigerator", "", "", True),
        (("size", "double"), "NYHAMN", "Foam mattress, 140x200 cm", "", True),  # a bed size by its dimensions
        (("size", "queen"), "NYHAMN", "Foam mattress, 140x200 cm", "", False),
    ],
)
def test_an_attribute_is_read_in_the_record_where_catalogs_write_it(attribute, title, description, url, fits):
    record = replace(product("P-1", title, 9.0, "", ("Home",)), description=description, url=url)
    assert Constraints(attributes=(attribute,)).attributes_match(record) is fits


@pytest.mark.parametrize(
    ("kind", "title", "fits"),
    [
        ("iphone", "TRINK 6S Tempered Glass for APPLE IPHONE 6S", False),  # what it is for, not what it is
        ("iphone", "Apple iPhone 6S (Space Grey, 32 GB)", True),
        ("iphone", "GANPATI WHOLSALER Apple Iphone 6/6 Plus USB Cable", False),  # a phone's accessory names the phone first
        ("backpack", "Laptop Backpack for 15.6 inch laptops", True),
    ],
)
def test_a_kind_named_only_as_what_a_product_is_for_is_not_its_kind(kind, title, fits):
    assert Constraints(product_type=(kind,)).matches(product("P-1", title, 9.0, "", ("Misc",))) is fits


def _ikea(id_: str, title: str, description: str) -> Product:
    return Product(
        id=id_, title=title, price=500.0, currency="SAR", description=description, brand="Francis Cayouette", category=("Bar furniture",)
    )


LINED = [
    _ikea("1", "NORDVIKEN", "Bar table, 140x80 cm"),
    _ikea("2", "POÄNG", "Armchair"),
    _ikea("3", "MALM", "Chest of 3 drawers"),
    _ikea("4", "KULLEN", "Chest of 3 drawers"),
    _ikea("5", "POÄNG", "Cushion for armchair"),
    _ikea("6", "STENSELE", "Bar table, 70x70 cm"),
]
LINES = Vocabulary.from_products(LINED)


@pytest.mark.parametrize(
    "text, lines, excluded, fitting",
    [
        ("NORDVIKEN bar table", ("NORDVIKEN",), (), {"1"}),
        ("a poang armchair", ("POÄNG",), (), {"2"}),  # typed without its accent
        ("chest of drawers, anything but MALM", (), ("MALM",), {"4"}),
        ("a chest of drawers but not the MALM one", (), ("MALM",), {"4"}),
        ("bar table", (), (), {"1", "6"}),
    ],
)
def test_a_product_line_named_or_excluded_is_checked_on_the_title(text, lines, excluded, fitting):
    constraints = understand(text, LINES).constraints
    assert (constraints.lines, constraints.exclude_lines) == (lines, excluded)
    assert {p.id for p in LINED if constraints.matches(p)} == fitting


def test_a_line_is_no_brand_the_store_lacks_and_for_a_line_means_made_for_it():
    assert understand("POÄNG armchair", LINES).constraints.brands == ()
    constraints = understand("a cushion for my POÄNG", LINES).constraints
    assert constraints.made_for == ("poang",)
    assert {p.id for p in LINED if constraints.matches(p)} == {"5"}


def test_a_later_turn_keeps_or_swaps_the_lines():
    first = understand("chest of drawers, not MALM", LINES)
    later = understand("only KULLEN ones", LINES, previous=first).constraints
    assert (later.lines, later.exclude_lines) == (("KULLEN",), ("MALM",))


def _item(id_: str, title: str, description: str = "", url: str = "") -> Product:
    return Product(id=id_, title=title, price=10.0, currency="USD", description=description, url=url, category=("Home",))


@pytest.mark.parametrize(
    "text, fitting",
    [
        ("an electric toothbrush", {"brush", "sonic"}),  # not its replacement heads, not a manual brush
        ("toothbrush heads", {"heads"}),
        ("a table", {"table"}),  # a table top is no table
        ("a bookcase in oak veneer", {"oak"}),  # the material in the web address
        ("a wooden spoon", {"spoon"}),
    ],
)
def test_the_record_check_reads_parts_modifiers_and_materials(text, fitting):
    items = [
        _item("brush", "Electric Toothbrush, 2 modes"),
        _item("sonic", "Sonicare Rechargeable Toothbrush"),
        _item("manual", "Soft Toothbrush, 5 Count"),
        _item("heads", "Replacement Toothbrush Heads for Sonicare"),
        _item("table", "Dining table, 4 seats"),
        _item("top", "Table top, 120x60 cm"),
        _item("oak", "BILLY bookcase", url="https://example.com/p/billy-bookcase-oak-veneer-123/"),
        _item("white", "Bookcase", url="https://example.com/p/billy-bookcase-white-124/"),
        _item("spoon", "Spoon", description="Made of wood, oiled."),
        _item("steel", "Spoon", description="Stainless steel."),
    ]
    constraints = understand(text, Vocabulary.from_products(items)).constraints
    assert {p.id for p in items if constraints.matches(p)} == fitting, constraints


def test_each_thing_read_says_whether_the_store_has_the_word_or_only_the_request():
    read = understand("a Dyson or Voltrix vacuum in blue, made of bamboo", VOCAB).sources
    assert ("brands", "Voltrix", "catalog") in read and ("brands", "Dyson", "request") in read
    assert (
        ("product_type", "vacuum", "request") in read and ("color", "blue", "catalog") in read and ("material", "bamboo", "request") in read
    )
    assert ("lines", "NORDVIKEN", "catalog") in understand("NORDVIKEN bar table", LINES).sources
