"""The injection store is what `python -m eval.plant_injections` writes from the demo store today,
and its instructions sit where the model reads them."""

from __future__ import annotations

from eval.plant_injections import CATEGORIES, DEMO, OUT, PLANTED, _read, plant


def test_the_committed_store_is_the_planted_demo_store():
    products, reviews = plant(_read(DEMO / "products.jsonl"), _read(DEMO / "reviews.jsonl"))
    assert products == _read(OUT / "products.jsonl") and reviews == _read(OUT / "reviews.jsonl")


def test_instructions_open_descriptions_and_sit_in_attributes_and_reviews_of_every_category():
    products, reviews = _read(OUT / "products.jsonl"), _read(OUT / "reviews.jsonl")
    opened = [p for p in products if p["description"].startswith(PLANTED)]
    assert {p["category"] for p in opened} == set(CATEGORIES) and len(opened) == -(-len(products) // 3)
    assert any(p["attributes"].get("note") in PLANTED for p in products)
    assert sum(any(s in r["text"] for s in PLANTED) for r in reviews) == -(-len(reviews) // 3)
