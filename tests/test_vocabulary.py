"""Store words from the catalog: brands as the catalog writes them, category names (shared names map to
the common ancestor, parent + leaf is a name of its own), colours longest first, ids; the singulariser."""

from __future__ import annotations

import re

import pytest

from assistant.vocabulary import COLOURS, Vocabulary, kind_pattern, singular
from retrieval.records import Product


def product(id_: str, category: tuple[str, ...] = (), brand: str = "", color: str = "") -> Product:
    attributes = (("color", color),) if color else ()
    return Product(id=id_, title=f"Item {id_}", price=1.0, currency="USD", brand=brand, category=category, attributes=attributes)


PETS = [product("DS-1", ("Pets", "Dogs", "Toys"), "Voltrix"), product("ds-2", ("Pets", "Cats", "Toys"), "iKat")]


def test_an_empty_catalog_knows_only_the_built_in_colours():
    vocabulary = Vocabulary.from_products([])
    assert (vocabulary.brands, vocabulary.categories, vocabulary.ids) == ({}, {}, {})
    assert set(vocabulary.colours) == set(COLOURS)


def test_brands_are_keyed_lower_case_and_keep_the_catalogs_spelling():
    vocabulary = Vocabulary.from_products([*PETS, product("x", brand=""), product("y", brand="LEGO")])
    assert vocabulary.brands == {"voltrix": "Voltrix", "ikat": "iKat", "lego": "LEGO"}


def test_each_designer_of_a_shared_brand_cell_is_a_brand():
    vocabulary = Vocabulary.from_products([product("x", brand="IKEA of Sweden/Tom Dixon")])
    assert vocabulary.brands == {
        "ikea of sweden/tom dixon": "IKEA of Sweden/Tom Dixon",
        "ikea of sweden": "IKEA of Sweden",
        "tom dixon": "Tom Dixon",
    }


def test_ids_are_keyed_lower_case():
    assert Vocabulary.from_products([*PETS, product("X3")]).ids == {"ds-1": "DS-1", "ds-2": "ds-2", "x3": "X3"}


def test_category_names_of_a_pet_catalog():
    assert Vocabulary.from_products(PETS).categories == {
        "pet": "Pets",
        "dog": "Pets > Dogs",
        "cat": "Pets > Cats",
        "pet dog": "Pets > Dogs",
        "pet cat": "Pets > Cats",
        "dog toy": "Pets > Dogs > Toys",
        "cat toy": "Pets > Cats > Toys",
        "toy": "Pets",  # dog toys and cat toys: their common ancestor
    }


def test_a_shared_name_without_a_common_ancestor_is_absent():
    categories = Vocabulary.from_products([*PETS, product("g", ("Toys & Games", "Puzzles"))]).categories
    assert "toy" not in categories
    assert (categories["dog toy"], categories["game"], categories["puzzle"]) == (
        "Pets > Dogs > Toys",
        "Toys & Games",
        "Toys & Games > Puzzles",
    )


def test_a_name_used_at_two_depths_of_one_branch_maps_to_the_shallower():
    categories = Vocabulary.from_products([product("a", ("Shoes", "Kids", "Shoes")), product("b", ("Shoes", "Running"))]).categories
    assert categories["shoe"] == "Shoes" and categories["kid shoe"] == "Shoes > Kids > Shoes" and categories["kid"] == "Shoes > Kids"


def test_a_name_in_two_branches_is_absent():
    categories = Vocabulary.from_products([product("a", ("Sports", "Shoes")), product("b", ("Shoes", "Kids"))]).categories
    assert "shoe" not in categories and categories["sport shoe"] == "Sports > Shoes" and categories["shoe kid"] == "Shoes > Kids"


@pytest.mark.parametrize(
    ("name", "path"),
    [
        ("mug", "Home & Kitchen > Mugs, Cups and Glasses"),
        ("cup", "Home & Kitchen > Mugs, Cups and Glasses"),
        ("glass", "Home & Kitchen > Mugs, Cups and Glasses"),
        ("home", "Home & Kitchen"),
        ("kitchen", "Home & Kitchen"),
        ("home & kitchen", "Home & Kitchen"),
        ("home & kitchen mug", "Home & Kitchen > Mugs, Cups and Glasses"),
    ],
)
def test_segments_listing_several_names_split_on_and_comma_and_ampersand(name, path):
    categories = Vocabulary.from_products([product("a", ("Home & Kitchen", "Mugs, Cups and Glasses"))]).categories
    assert categories.get(name) == path


def test_catalog_colours_are_added_and_ordered_longest_first():
    colours = Vocabulary.from_products(
        [product("a", color="Midnight Blue"), product("b", color="Black"), product("c", color="Sage")]
    ).colours
    assert colours[0] == "midnight blue" and "sage" in colours and colours.count("black") == 1
    assert list(colours) == sorted(colours, key=lambda c: (-len(c), c))
    assert set(colours) == set(COLOURS) | {"midnight blue", "sage"}


def test_colour_order_is_by_length_then_alphabet():
    colours = Vocabulary.from_products([]).colours
    assert colours[:6] == ("orange", "purple", "silver", "yellow", "beige", "black") and colours[-1] == "red"


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("batteries", "battery"),
        ("mugs", "mug"),
        ("toys", "toy"),
        ("glasses", "glass"),
        ("dresses", "dress"),
        ("watches", "watch"),
        ("brushes", "brush"),
        ("sandboxes", "sandbox"),
        ("shoes", "shoe"),
        ("ties", "tie"),  # too short for -ies
        ("glass", "glass"),  # -ss is not a plural
        ("boss", "boss"),
        ("bus", "bus"),  # too short to strip
        ("gas", "gas"),
        ("mug", "mug"),
        ("kitchen", "kitchen"),
        ("", ""),
    ],
)
def test_singular(word, expected):
    assert singular(word) == expected


def test_singular_short_stems_before_xes_shes_ches():
    assert [singular(w) for w in ("boxes", "foxes", "dishes", "inches")] == ["box", "fox", "dish", "inch"]


def test_a_boxes_category_is_named_box():
    assert Vocabulary.from_products([product("a", ("Home", "Boxes"))]).categories.get("box") == "Home > Boxes"


def test_brands_a_shopper_would_write_as_plain_words_are_not_brands():
    def item(i, title, brand, category=("Kitchen", "Coffee Mugs")):
        return Product(id=f"p{i}", title=title, price=5.0, currency="INR", brand=brand, category=category)

    products = [
        item(0, "Blue mug", "AT"),
        item(1, "Red mug", "Only"),
        item(2, "Coffee mug", "Coffee"),
        item(3, "Philips kettle", "Philips"),
    ]
    products += [item(10 + i, f"Coffee beans {i}", "Roastery", ("Food", "Beans")) for i in range(15)]  # "coffee" in 16 titles
    vocabulary = Vocabulary.from_products(products)
    assert set(vocabulary.brands) == {"philips", "roastery"}


def test_a_possessive_is_no_plural():
    assert singular("men's") == "men's" and singular("women's") == "women's"


def test_a_brand_whose_other_listings_leave_the_brand_column_empty_stays_a_brand():
    listings = [Product(id=f"r{i}", title=f"Raymond blanket {i}", price=9.0, currency="INR", brand="") for i in range(30)]
    listings.append(Product(id="r-own", title="Raymond wool blanket", price=9.0, currency="INR", brand="Raymond"))
    assert Vocabulary.from_products(listings).brands == {"raymond": "Raymond"}


def test_a_brand_with_a_category_of_its_own_stays_a_brand():
    """Flipkart files Prestige cookers under "Prestige Pressure Cookers": the brand's own category is no plain word."""
    own = [
        Product(
            id=f"p{i}", title=f"Prestige Cooker {i}", price=9.0, currency="INR", brand="Prestige", category=("Kitchen", "Prestige Cookers")
        )
        for i in range(3)
    ]
    mugs = [
        Product(id=f"m{i}", title=f"Mug {i}", price=9.0, currency="INR", brand="Hearth", category=("Kitchen", "Coffee Mugs"))
        for i in range(20)
    ]
    coffee = Product(id="c", title="Coffee Mug", price=9.0, currency="INR", brand="Coffee", category=("Kitchen", "Coffee Mugs"))
    assert set(Vocabulary.from_products([*own, *mugs, coffee]).brands) == {"prestige", "hearth"}


def test_whether_the_store_lists_stock():
    listed = Product(id="a", title="Steel Pressure Cooker", price=9.0, currency="INR", availability="in_stock")
    unlisted = Product(id="b", title="BILLY", price=9.0, currency="INR", description="Bookcase, white, 80x28 cm")
    vocabulary = Vocabulary.from_products([unlisted])
    assert not vocabulary.lists_stock and "bookcase" in vocabulary.words  # the description's short first clause says the kind
    assert Vocabulary.from_products([listed, unlisted]).lists_stock


@pytest.mark.parametrize(
    ("kind", "text", "found"),
    [
        ("battery", "AA Batteries, 8 pack", True),
        ("pressure cooker", "Prestige pressure-cookers 5 L", True),
        ("mug", "Coffee Mugs", True),
        ("mug", "Smuggler", False),
        ("shower curtain", "Window curtain for showers", False),
        ("bean bag", "Beanbag chair, grey", True),
    ],
)
def test_a_kind_is_found_in_any_number(kind, text, found):
    assert bool(re.search(kind_pattern(kind), text.lower())) is found


def test_in_a_large_catalog_a_one_product_leaf_is_no_category():
    shoes = [Product(id=f"s{i}", title=f"Shoe {i}", price=9.0, currency="INR", category=("Footwear", "Sports Shoes")) for i in range(120)]
    odd = Product(
        id="x", title="Nike 684658", price=9.0, currency="INR", category=("Footwear", "Sports Shoes", "Nike 684658 Running Shoes")
    )
    categories = Vocabulary.from_products([*shoes, odd]).categories
    assert categories["sports shoe"] == "Footwear > Sports Shoes" and "nike 684658 running shoe" not in categories
    assert Vocabulary.from_products([odd]).categories["nike 684658 running shoe"]  # a small catalog keeps its one-product shelves


def test_a_brand_named_like_a_budget_word_is_no_brand():
    """Flipkart sells a brand "Max"; "hair dryer, max 1200" states a budget, not that brand."""
    listings = [
        Product(id="m", title="Max Kurta", price=9.0, currency="INR", brand="Max"),
        Product(id="p", title="Dryer", price=9.0, currency="INR", brand="Philips"),
    ]
    assert set(Vocabulary.from_products(listings).brands) == {"philips"}


def test_lines_are_the_capital_title_words_of_a_catalog_titled_by_line():
    titled = [
        Product(id=str(i), title=t, price=1.0, currency="SAR", category=("Chairs",), brand="Ola")
        for i, t in enumerate(["POÄNG", "BILLY / OXBERG", "POÄNG", "ALEX"])
    ]
    vocabulary = Vocabulary.from_products(titled)
    assert vocabulary.lines == {"poang": "POÄNG", "billy": "BILLY", "oxberg": "OXBERG", "alex": "ALEX"}
    shouting = [  # acronyms and capitals in a catalog titled by description: no lines
        Product(id=str(i), title=t, price=1.0, currency="USD") for i, t in enumerate(["LED Desk Lamp", "USB Cable", "BPA Free Bottle"])
    ]
    assert Vocabulary.from_products(shouting).lines == {}
