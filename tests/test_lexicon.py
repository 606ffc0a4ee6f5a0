"""The words understanding knows without a catalog: brands keyed as shoppers type them, no plain
English word taken for a brand, kinds of product in the singular form the rules compare against."""

from __future__ import annotations

from assistant.lexicon import DEVICES, KNOWN_BRANDS, PRODUCT_NOUNS, SYNONYMS
from assistant.vocabulary import singular


def test_brands_are_keyed_lower_case_and_multi_word_brands_stay_whole():
    assert KNOWN_BRANDS["dyson"] == "Dyson" and KNOWN_BRANDS["le creuset"] == "Le Creuset" and KNOWN_BRANDS["ray-ban"] == "Ray-Ban"
    assert all(key == name.lower() and key == key.strip() for key, name in KNOWN_BRANDS.items())


def test_no_everyday_word_is_a_brand():
    everyday = {"under", "new", "balance", "armour", "instant", "pot", "beach", "the", "for", "with", "and", "basics"}
    assert everyday & set(KNOWN_BRANDS) == set()


def test_kinds_of_product_and_synonyms_are_singular():
    assert all(singular(n) == n for n in PRODUCT_NOUNS) and {"sunglass", "legging", "shoe"} <= PRODUCT_NOUNS
    assert all(singular(t) == t for t in SYNONYMS) and "iphone" in DEVICES
