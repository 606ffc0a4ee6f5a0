"""Catalog generation: product families, variants, titles, descriptions, prices and stock.

build_products() walks the subcategories in store order.  Each family is one model from one
brand, possibly in several colours or sizes; its attributes are drawn from the kind's specs at a
position set by the brand's tier, and its description is assembled from the sentence templates.
The facts behind each product are kept in the Catalog so that reviews_gen can write reviews that
agree with them.
"""

from __future__ import annotations

import math

from attr_specs import choose
from text_templates import fields, fill, grammar, usable

BASE_URL = "https://demo-shop.example/p/"
TIER_BANDS = {"budget": (0.0, 0.38), "mid": (0.3, 0.7), "premium": (0.62, 1.0)}  # position range by brand tier
TIER_RATING = {"budget": 4.05, "mid": 4.3, "premium": 4.5}  # mean rating by brand tier


def display(value):
    """Attribute values as shown to shoppers: strings, lists joined, floats without noise."""
    if isinstance(value, list):
        return ", ".join(display(v) for v in value)
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def std_derive(raw):
    """Unit conversions and other facts that any category may use."""
    d = {}
    if isinstance(raw.get("weight_g"), int):
        d["weight_kg"] = f"{raw['weight_g'] / 1000:.1f}"
    if "diameter_cm" in raw:
        d["diameter_in"] = round(raw["diameter_cm"] / 2.54)
    if isinstance(raw.get("capacity_l"), (int, float)):
        d["quarts"] = f"{raw['capacity_l'] * 1.057:.1f}"
    if isinstance(raw.get("oven_safe_c"), int):
        d["oven_safe_f"] = int(round(raw["oven_safe_c"] * 9 / 5 + 32, -1))
    if isinstance(raw.get("capacity_ml"), int):
        d["capacity_oz"] = round(raw["capacity_ml"] / 29.57)
    if "color" in raw:
        d["color_l"] = raw["color"].lower()
    return d


def charm_price(x, rng):
    """Round to a shelf price such as 7.99, 24.95 or 349.99."""
    if x < 10:
        return round(max(1, math.floor(x)) + rng.choice([0.49, 0.79, 0.99, 0.99]), 2)
    if x < 100:
        return round(math.floor(x) + rng.choice([0.49, 0.95, 0.99, 0.99]), 2)
    return round(int(x // 10) * 10 + rng.choice([4.99, 9.95, 9.99, 9.99]), 2)


def least_used(counts, options, rng):
    """One of the options used least so far, at random among ties."""
    low = min(counts[o] for o in options)
    return rng.choice([o for o in options if counts[o] == low])


class Catalog:
    """Products plus the hidden facts (context) used to write their reviews, and the store they came from."""

    def __init__(self, store):
        self.store = store
        self.products = []
        self.facts = {}  # product id -> dict(sub, kind, ctx, raw)
        self.templates_seen = set()


def build_products(store, rng):
    """Every product of every subcategory, then the unrated and sold-out ones marked."""
    cat = Catalog(store)
    titles = set()
    for sub in store.subcategories:
        models = {}
        brand_uses = {b: 0 for b in sub["brands"]}
        kind_uses = {i: 0 for i in range(len(sub["kinds"]))}
        made = 0
        for brand, noun in sub.get("pinned", []):  # families the demo profiles rely on
            ki = next(i for i, k in enumerate(sub["kinds"]) if k["noun"] == noun)
            brand_uses[brand] += 1
            kind_uses[ki] += 1
            made += build_family(cat, sub, sub["kinds"][ki], brand, titles, models, sub["count"] - made, rng)
        while made < sub["count"]:
            brand = least_used(brand_uses, list(brand_uses), rng)
            eligible = [i for i, k in enumerate(sub["kinds"]) if brand in k.get("brands", sub["brands"])]
            ki = least_used(kind_uses, eligible, rng)
            brand_uses[brand] += 1
            kind_uses[ki] += 1
            kind = sub["kinds"][ki]
            made += build_family(cat, sub, kind, brand, titles, models, sub["count"] - made, rng)
    # New listings without ratings (~5%) and sold-out listings (~12%).
    n = len(cat.products)
    for p in rng.sample(cat.products, round(n * 0.05)):
        p["rating"], p["rating_count"] = None, 0
    for p in rng.sample(cat.products, round(n * 0.12)):
        p["stock"] = 0
    return cat


def build_family(cat, sub, kind, brand, titles, models, room, rng):
    """One model from one brand, possibly in several colours or sizes.  Returns products added."""
    tier, blurb = cat.store.brands[brand]["tier"], cat.store.brands[brand]["blurb"]
    lo, hi = TIER_BANDS[tier]
    pos = rng.uniform(lo, hi)
    attrs = {k: choose(spec, pos, rng) for k, spec in kind["attrs"].items()}

    vkey = kind.get("variant", "color" if "color" in kind["attrs"] else None)
    values = [attrs[vkey]] if vkey else [None]
    if vkey and room > 1 and rng.random() < sub.get("variant_rate", 0.25):
        spec = list(kind["attrs"][vkey])
        others = [v for v in spec if v != attrs[vkey]]
        values += rng.sample(others, min(len(others), rng.choice([1, 1, 2]), room - 1))
        if vkey != "color":
            values.sort(key=spec.index)

    variants = []
    for i, value in enumerate(values):
        a = dict(attrs)
        if vkey:
            a[vkey] = value
        if i > 0:
            for k in kind.get("per_variant", []):
                a[k] = choose(kind["attrs"][k], pos, rng)
        variants.append(a)

    # Facts derived from the specs use one random state for the whole family,
    # so colour variants of one model get the same description.
    derive = sub.get("derive")
    snapshot = rng.getstate()
    derived = []
    for a in variants:
        rng.setstate(snapshot)
        derived.append(derive(a, rng) if derive else {})

    pool_key = kind["noun"] if "models" in kind else "*"
    if pool_key not in models:
        pool = list(kind.get("models", sub["models"]))
        rng.shuffle(pool)
        models[pool_key] = pool
    while True:
        if not models[pool_key]:
            raise RuntimeError(f"ran out of model names in {sub['path']}")
        model = models[pool_key].pop()
        ctxs = []
        for a, d in zip(variants, derived):
            ctx = {k: (v if isinstance(v, int) else display(v)) for k, v in a.items()}
            ctx.update(std_derive(a))
            ctx.update(d)
            ctx.update(grammar(kind))
            ctx.update(brand=brand, model=model, noun=kind["noun"])
            ctxs.append(ctx)
        names = [fill(kind["title"], c) for c in ctxs]
        assert len(set(names)) == len(names), f"variants of {kind['noun']} need {vkey} in the title"
        if not titles.intersection(names):
            break
    titles.update(names)

    intro_pool = usable(kind.get("intro", []) + sub.get("intro", []), ctxs[0])
    body_pool = usable(kind.get("desc", []) + sub.get("desc", []), ctxs[0])
    cat.templates_seen.update(intro_pool + body_pool)
    chosen = [rng.choice(intro_pool)] + rng.sample(body_pool, min(len(body_pool), rng.choice([1, 2, 2, 3])))
    if len(chosen) < 4 and rng.random() < 0.3:
        chosen.append(blurb)

    base_x = kind["price"][0] + (kind["price"][1] - kind["price"][0]) * pos**1.5 * rng.uniform(0.92, 1.08)
    base_rating = TIER_RATING[tier] + rng.gauss(0, 0.25) - (1.0 if rng.random() < 0.07 else 0.0)
    family_price = None
    for a, d, ctx, title in zip(variants, derived, ctxs, names):
        x = base_x
        if kind.get("price_per"):
            x *= a[kind["price_per"]] ** 0.85
        if vkey and vkey != "color":  # bigger sizes cost more; colours share one price
            x *= 1 + 0.22 * list(kind["attrs"][vkey]).index(a[vkey])
            price = charm_price(max(x, 2.0), rng)
        else:
            family_price = family_price or charm_price(max(x, 2.0), rng)
            price = family_price
        ctx["price"] = f"${price:,.2f}"
        sentences = [fill(t, ctx) for t in chosen if fields(t) <= ctx.keys()]
        assert len(sentences) >= 2, title
        rating = round(min(5.0, max(1.0, base_rating + rng.gauss(0, 0.08))), 1)
        rating_count = max(1, min(9000, int(rng.lognormvariate(math.log(110), 1.1))))
        stock = max(1, min(250, int(rng.expovariate(1 / 55))))
        pid = f"DS-{len(cat.products) + 1:04d}"
        cat.products.append(
            {
                "id": pid,
                "title": title,
                "description": " ".join(sentences),
                "brand": brand,
                "category": sub["path"],
                "price": price,
                "currency": "USD",
                "rating": rating,
                "rating_count": rating_count,
                "stock": stock,
                "attributes": {k: display(v) for k, v in a.items()},
                "url": BASE_URL + pid,
                "image_url": None,
            }
        )
        cat.facts[pid] = {"sub": sub, "kind": kind, "ctx": ctx, "raw": {**a, **d}}
    return len(variants)
