#!/usr/bin/env python3
"""Deterministic generator for the embedded demo store ("Demo Shop").

Writes five files next to this script:

* ``products.jsonl`` - the catalog, one product per line
* ``reviews.jsonl``  - customer reviews for a subset of the products
* ``policy.md``      - the store policy (returns, shipping, warranty, ...)
* ``profiles.json``  - four demo shopper profiles with preferences and history
* ``orders.json``    - the order book customer-service tools read (customers, orders)

Everything is invented: brands, products, reviews and reviewers.  The only
source of variation is one ``random.Random(SEED)`` created in ``main()``, and
nothing reads the clock, so two runs produce byte-identical files::

    python3 retrieval/demo_store/generate.py

This file runs the stages in order and checks the result.  The data (brands,
categories, attribute specs, sentence templates, policy text) lives in
``templates/*.toml``; the steps live in sibling modules, in reading order:

* ``store_data.py``     - reads templates/ into a Store; with ``attr_specs.py``
                          (attribute spec forms) and ``facts_devices.py`` /
                          ``facts_goods.py`` (facts derived from the specs)
* ``text_templates.py`` - fills sentence templates
* ``products_gen.py``   - product families, descriptions, prices, stock
* ``reviews_gen.py``    - reviews
* ``profiles_gen.py``   - demo shopper profiles
* ``orders_gen.py``     - the demo order book (its own Random, so the other files do not move)

The folder is a plain script folder: running this file puts it on sys.path,
which is how the sibling modules are imported.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path
from random import Random

import facts_devices
import facts_goods
from orders_gen import build_orders, check_orders
from products_gen import build_products
from profiles_gen import build_profiles, check_profiles
from reviews_gen import REVIEW_YEAR, build_reviews, fact_pool, review_context
from store_data import load_store
from text_templates import fields, usable

SEED = 20261122
OUT_DIR = Path(__file__).resolve().parent
TEMPLATES_DIR = OUT_DIR / "templates"


def lint_templates(cat, rng):
    """Every template must fit at least one product; catches misspelt field names."""
    store = cat.store
    fits = set(cat.templates_seen)
    known = set()
    for pid, f in cat.facts.items():
        ctx = review_context(cat, pid, rng)
        known.update(ctx)
        for s in ("pos", "mix", "neg"):
            fits.update(usable(fact_pool(f, s), ctx))
            fits.update(usable(store.openers[s] + store.closers[s], ctx))
        assert len(usable(fact_pool(f, "pos"), ctx)) >= 2, (pid, "pos")
        assert usable(fact_pool(f, "mix"), ctx), (pid, "mix")
        assert usable(fact_pool(f, "neg"), ctx), (pid, "neg")
    # A template no product used is fine only when an if_ guard kept it out
    # (e.g. no OLED laptop this time); any other missing field is a typo.
    # Guards are set only in the derive functions, as d["if_..."] = "".
    source = "".join(Path(m.__file__).read_text(encoding="utf-8") for m in (facts_devices, facts_goods))
    templates = [t for pools in (store.openers, store.closers) for pool in pools.values() for t in pool]
    for sub in store.subcategories:
        for holder in [sub] + sub["kinds"]:
            for key in ("intro", "desc", "pos", "mix", "neg"):
                templates += holder.get(key, [])
    bad = [t for t in templates if t not in fits and any(not f.startswith("if_") and f not in known for f in fields(t))]
    bad += [t for t in templates for f in fields(t) if f.startswith("if_") and f'd["{f}"]' not in source]
    assert not bad, "templates with unknown fields:\n  " + "\n  ".join(bad)


def validate(products, reviews, profiles):
    """Assert the invariants the rest of the project relies on (ids, sizes, ranges, coverage)."""
    ids = [p["id"] for p in products]
    assert len(ids) == len(set(ids)), "duplicate product ids"
    assert len({p["title"] for p in products}) == len(products), "duplicate titles"
    assert len({r["review_id"] for r in reviews}) == len(reviews), "duplicate review ids"
    known = set(ids)
    assert all(r["product_id"] in known for r in reviews), "review for unknown product"
    assert len(products) >= 300
    assert len({p["category"].split(" > ")[0] for p in products}) >= 8
    reviewed = {r["product_id"] for r in reviews}
    assert len(reviewed) * 3 >= len(products), "fewer than a third of products reviewed"
    assert len(reviews) >= 400
    assert sum(p["price"] < 10 for p in products) >= 25, "not enough products under $10"
    assert sum(p["price"] > 500 for p in products) >= 5, "not enough products over $500"
    by_id = {p["id"]: p for p in products}
    for p in products:
        assert 2 <= len(p["category"].split(" > ")) <= 3
        assert isinstance(p["price"], float) and p["price"] > 0 and round(p["price"], 2) == p["price"]
        assert (p["rating"] is None) == (p["rating_count"] == 0)
        assert p["rating"] is None or 1.0 <= p["rating"] <= 5.0
        assert 0 <= p["stock"] <= 250
        assert all(isinstance(k, str) and isinstance(v, str) for k, v in p["attributes"].items())
        if p["category"].startswith(("Clothing", "Footwear")):
            assert "size" in p["attributes"] and ("color" in p["attributes"] or "Socks" in p["category"]), p["id"]
    for r in reviews:
        assert 1 <= r["rating"] <= 5 and r["date"].startswith(f"{REVIEW_YEAR}-")
        assert by_id[r["product_id"]]["rating"] is not None
    per_product = {}
    for r in reviews:
        per_product[r["product_id"]] = per_product.get(r["product_id"], 0) + 1
    assert all(1 <= n <= 5 and n <= by_id[pid]["rating_count"] for pid, n in per_product.items())
    check_profiles(profiles, products)


def write_jsonl(path, rows):
    """One JSON object a line, UTF-8, LF line ends."""
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.writelines(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)


def write_text(path, text):
    """Text as UTF-8 with LF line ends."""
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)


def main(out_dir=OUT_DIR):
    """Generate, check and write the five files into `out_dir`, then print a summary."""
    store = load_store(TEMPLATES_DIR)
    rng = Random(SEED)
    cat = build_products(store, rng)
    reviews = build_reviews(cat, rng)
    products = cat.products
    profiles = build_profiles(products)
    lint_templates(cat, rng)
    validate(products, reviews, profiles)
    orders = build_orders(products, Random(SEED + 1))
    check_orders(orders, products)

    outputs = {
        "products.jsonl": lambda path: write_jsonl(path, products),
        "reviews.jsonl": lambda path: write_jsonl(path, reviews),
        "policy.md": lambda path: write_text(path, store.policy_md),
        "profiles.json": lambda path: write_text(path, json.dumps(profiles, ensure_ascii=False, indent=2) + "\n"),
        "orders.json": lambda path: write_text(path, json.dumps(orders, ensure_ascii=False, indent=1) + "\n"),
    }
    total = 0
    for name, write in outputs.items():
        path = Path(out_dir) / name
        write(path)
        data = path.read_bytes()
        total += len(data)
        print(f"{name:15s} {len(data):>8,d} bytes  sha256 {hashlib.sha256(data).hexdigest()[:16]}")
    assert total < 1_000_000, f"demo store is too big: {total} bytes"

    sentiments = {"positive (4-5)": 0, "mixed (3)": 0, "negative (1-2)": 0}
    for r in reviews:
        key = "positive (4-5)" if r["rating"] >= 4 else ("mixed (3)" if r["rating"] == 3 else "negative (1-2)")
        sentiments[key] += 1
    print(f"{'total':15s} {total:>8,d} bytes")
    print(
        f"products {len(products)}, top-level categories {len({p['category'].split(' > ')[0] for p in products})}, "
        f"leaf categories {len({p['category'] for p in products})}, brands {len({p['brand'] for p in products})}"
    )
    print(
        f"reviews {len(reviews)} on {len({r['product_id'] for r in reviews})} products; "
        + ", ".join(f"{k} {v}" for k, v in sentiments.items())
    )
    print(
        f"out of stock {sum(p['stock'] == 0 for p in products)}, unrated {sum(p['rating'] is None for p in products)}, "
        f"under $10 {sum(p['price'] < 10 for p in products)}, over $500 {sum(p['price'] > 500 for p in products)}"
    )


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else OUT_DIR)  # optional output folder (tests compare it with the shipped files)
