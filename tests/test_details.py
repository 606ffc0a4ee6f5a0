"""The harness's unsupported-detail check: a number or two product-specific words said of a product
that its record does not hold are caught; its own facts, the shopper's words and reply phrasing are not."""

from __future__ import annotations

from eval.details import DetailIndex, numbers, unsupported_details, words
from retrieval.records import Product


def product(pid: str, title: str, description: str, price: float = 50.0, **fields) -> Product:
    return Product(id=pid, title=title, price=price, currency="USD", description=description, **fields)


BLENDER = product(
    "B1", "Blaze High-Speed Blender, 1200W", "Ten speeds plus pulse and hardened stainless steel blades.", rating=4.4, rating_count=90
)
COOKER = product("C1", "Grainly Rice Cooker", "A 5.5-cup rice cooker with a ceramic-coated inner pot and fuzzy logic.")
SHOE = product("S1", "Skyrun Road Running Shoes", "A moderate-cushion running shoe with a 4 mm drop.", attributes=(("color", "black"),))
OTHERS = [product(f"X{i}", f"Plain thing {i}", "Sturdy and simple for every day.") for i in range(60)]
INDEX = DetailIndex.of([BLENDER, COOKER, SHOE, *OTHERS])
RECORDS = {p.id: p for p in (BLENDER, COOKER, SHOE)}


def test_another_products_description_or_a_wrong_number_is_caught():
    found = unsupported_details("[B1] fits best: a 5.5-cup rice cooker with fuzzy logic.", RECORDS, INDEX)
    assert set(found) == {"B1"} and {"5.5", "cooker", "fuzzy"} <= set(found["B1"])
    assert unsupported_details("[S1] is a running shoe with a 6 mm drop.", RECORDS, INDEX) == {"S1": ["6"]}


def test_its_own_facts_the_shoppers_words_and_reply_phrasing_are_not():
    text = "[B1] is a strong choice, rated 4.4★ (90): ten speeds plus pulse for $50. [S1] is a good alternative in black with a 4 mm drop."
    assert unsupported_details(text, RECORDS, INDEX) == {}
    assert unsupported_details("[S1] fits your 10 km runs.", RECORDS, INDEX, said="shoes for 10 km runs") == {}
    assert unsupported_details("The reviews of [C1] don't say, so I can't answer that reliably.", RECORDS, INDEX) == {}


def test_one_specific_word_may_be_a_paraphrase_and_text_before_any_id_is_nobodys():
    assert unsupported_details("[S1] is a cushioned running shoe.", RECORDS, INDEX) == {}
    assert unsupported_details("A rice cooker with fuzzy logic? Try [S1].", RECORDS, INDEX) == {}
    assert (
        unsupported_details("[ZZ-9] is a rice cooker with fuzzy logic and 12 programs.", RECORDS, INDEX) == {}
    )  # no record: grounding's job


def test_specific_words_are_those_of_few_records():
    assert {"fuzzy", "cooker", "blade"} <= INDEX.specific and "sturdy" not in INDEX.specific
    assert words("Blades, glass and shoes") == {"blade", "glass", "shoe"}


def test_numbers_are_compared_as_values():
    assert numbers("$50.00, 50, 1,200W, 4,5 kg and 2.4 GHz") == {50.0, 1200.0, 4.5, 2.4}
