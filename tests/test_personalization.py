"""Personalization: preferences re-rank but never add items; exploration slots are seeded and labelled."""

from __future__ import annotations

import numpy as np

from assistant.personalization import personalize
from assistant.profiles import UserProfile
from retrieval.records import Product
from retrieval.search import Hit, Ranked


def hit(id_, brand, category, score, price=50.0):
    product = Product(id=id_, title=f"{brand} {id_}", price=price, currency="USD", brand=brand, category=category)
    return Hit(product, Ranked(0, score, 1, 0.5, 1, 1.0))


HITS = [
    hit("a", "Tono", ("Electronics", "Headphones"), 0.030),
    hit("b", "Sonaro", ("Electronics", "Headphones"), 0.029),
    hit("c", "Voltrix", ("Electronics", "Speakers"), 0.028),
    hit("d", "Aurelle", ("Electronics", "Headphones"), 0.027),
    hit("e", "Lumen", ("Home", "Lamps"), 0.026),
    hit("f", "Brio", ("Toys", "Puzzles"), 0.025),
]
NO_VECTOR = {}.get


def ids(ranked):
    return [c.product.id for c in ranked]


def test_without_profile_order_is_relevance():
    assert ids(personalize(HITS, None, None, NO_VECTOR, k=4)) == ["a", "b", "c", "d"]


def test_liked_brand_rises_disliked_falls_and_reasons_say_why():
    profile = UserProfile("u", liked_brands=("Aurelle",), disliked_brands=("Tono",))
    ranked = personalize(HITS, profile, None, NO_VECTOR, k=4, weight=0.3)
    assert ids(ranked)[0] == "d" and "a" not in ids(ranked)
    assert ranked[0].reasons == ("you like Aurelle",)


def test_weight_zero_ignores_preferences_and_nothing_outside_hits_appears():
    profile = UserProfile("u", liked_brands=("Aurelle",))
    assert ids(personalize(HITS, profile, None, NO_VECTOR, k=4, weight=0.0)) == ["a", "b", "c", "d"]
    assert set(ids(personalize(HITS, profile, None, NO_VECTOR, k=10))) <= {h.product.id for h in HITS}


def test_taste_vector_pulls_similar_products_up():
    vectors = {h.product.id: np.eye(6)[i] for i, h in enumerate(HITS)}
    taste = vectors["c"]
    ranked = personalize(HITS, UserProfile("u"), taste, vectors.get, k=3, weight=0.3)
    assert ids(ranked)[0] == "c" and "similar to products you engaged with" in ranked[0].reasons


def test_exploration_share_is_seeded_labelled_and_outside_the_usual():
    profile = UserProfile("u", categories=("Electronics",))
    first = personalize(HITS, profile, None, NO_VECTOR, k=4, exploration_share=0.25, seed=7)
    again = personalize(HITS, profile, None, NO_VECTOR, k=4, exploration_share=0.25, seed=7)
    assert ids(first) == ids(again) and len(first) == 4  # same profile, question, catalog: same picks
    explored = [c for c in first if c.exploration]
    assert len(explored) == 1 and explored[0].product.category[0] != "Electronics"
    assert explored[0].reasons[-1] == "outside your usual picks, to explore"
    assert not any(c.exploration for c in personalize(HITS, profile, None, NO_VECTOR, k=4, exploration_share=0.0))
