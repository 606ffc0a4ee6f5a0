"""Well-known brands keyed as shoppers type them, no plain English word taken for a brand."""

from __future__ import annotations

from assistant.known_brands import KNOWN_BRANDS


def test_brands_are_keyed_lower_case_and_multi_word_brands_stay_whole():
    assert KNOWN_BRANDS["dyson"] == "Dyson" and KNOWN_BRANDS["le creuset"] == "Le Creuset" and KNOWN_BRANDS["ray-ban"] == "Ray-Ban"
    assert all(key == name.lower() and key == key.strip() for key, name in KNOWN_BRANDS.items())


def test_no_everyday_word_is_a_brand():
    everyday = {"under", "new", "balance", "armour", "instant", "pot", "beach", "the", "for", "with", "and", "basics"}
    assert everyday & set(KNOWN_BRANDS) == set()
