"""The words understanding knows without a catalog: kinds of product in the singular form the rules
compare against."""

from __future__ import annotations

from assistant.lexicon import DEVICES, PRODUCT_NOUNS, SYNONYMS
from assistant.vocabulary import singular


def test_kinds_of_product_and_synonyms_are_singular():
    assert all(singular(n) == n for n in PRODUCT_NOUNS) and {"sunglass", "legging", "shoe"} <= PRODUCT_NOUNS
    assert all(singular(t) == t for t in SYNONYMS) and "iphone" in DEVICES
