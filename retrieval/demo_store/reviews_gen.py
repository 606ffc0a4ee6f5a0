"""Customer reviews: which products get reviews, and what each review says.

A review is an optional generic opener, one to three sentences from the product's own pools
(catalog.toml's pos / mix / neg, filled with the product's facts and per-review numbers such as
weeks of use or battery hours measured), and an optional closer.  Sentiment follows the
product's rating; stars follow sentiment.
"""

from __future__ import annotations

import math
from datetime import date, timedelta

from text_templates import fields, fill, usable

REVIEW_YEAR = 2025


def review_numbers(facts, relations, rng):
    """Per-review quantities a reviewer might report, consistent with the specs."""
    d = {
        "weeks": rng.randint(2, 16),
        "months": rng.randint(2, 11),
        "days": rng.randint(2, 7),
        "hours": rng.randint(3, 10),
        "mins": rng.randrange(10, 50, 5),
        "washes": rng.randrange(6, 31, 2),
        "tabs": rng.randrange(20, 65, 5),
        "relation": rng.choice(relations),
    }
    b = facts.get("battery_life_h")
    if isinstance(b, int):
        d["batt_good"] = max(1, round(b * rng.uniform(0.86, 1.02)))
        d["batt_mid"] = max(1, min(b - 1, round(b * rng.uniform(0.68, 0.8))))
        d["batt_bad"] = max(1, min(b - 1, round(b * rng.uniform(0.4, 0.58))))
    bd = facts.get("battery_days")
    if isinstance(bd, int):
        d["days_real"] = max(2, round(bd * rng.uniform(0.82, 1.0)))
        d["days_mid"] = max(2, round(bd * rng.uniform(0.6, 0.75)))
        d["days_bad"] = max(1, round(bd * rng.uniform(0.3, 0.5)))
    w = facts.get("wattage_w")
    if isinstance(w, int) and w >= 45 and ("length_m" in facts or "ports" in facts):
        d["meter_w"] = round(min(w, 96) * rng.uniform(0.9, 0.98))
    cap = facts.get("capacity_mah")
    if isinstance(cap, int):
        d["charges_real"] = f"{cap * rng.uniform(0.55, 0.62) / 4000:.1f}".rstrip("0").rstrip(".")
    return d


def pick_sentiment(rating, rng):
    """pos, mix or neg, weighted by the product's rating."""
    if rating >= 4.4:
        weights = (0.7, 0.15, 0.15)
    elif rating >= 4.0:
        weights = (0.57, 0.22, 0.21)
    elif rating >= 3.5:
        weights = (0.42, 0.27, 0.31)
    else:
        weights = (0.24, 0.26, 0.5)
    return rng.choices(["pos", "mix", "neg"], weights=weights)[0]


def review_context(cat, pid, rng):
    """The product's template context plus this review's own numbers."""
    f = cat.facts[pid]
    ctx = dict(f["ctx"])
    ctx.update(review_numbers(f["raw"], cat.store.relations, rng))
    r = f["sub"].get("rderive")
    if r:
        ctx.update(r(f["raw"], rng))
    return ctx


def topics(template):
    """What a sentence is about, so one review never reports two battery lives."""
    return {name.split("_")[0] for name in fields(template) if name.startswith(("batt_", "days_", "km", "temp_", "fit_"))}


def fact_pool(f, sentiment):
    """A product's review sentences for one sentiment: its kind's, then its subcategory's."""
    return f["kind"].get(sentiment, []) + f["sub"].get(sentiment, [])


def write_review(cat, pid, sentiment, stars, rng):
    """One review's title and text."""
    store = cat.store
    f = cat.facts[pid]
    ctx = review_context(cat, pid, rng)
    facts = usable(fact_pool(f, sentiment), ctx)
    picked = rng.sample(facts, min(len(facts), rng.choice([1, 2, 2, 3])))
    # A 3-star review may add one plain positive fact; a 4-star one a "good, but" fact.
    extra_pool = {("mix", 3): ("pos", 0.5), ("pos", 4): ("mix", 0.35)}.get((sentiment, stars))
    if extra_pool and rng.random() < extra_pool[1]:
        covered = set().union(*(topics(t) for t in picked))
        pool = [t for t in usable(fact_pool(f, extra_pool[0]), ctx) if t not in picked and not topics(t) & covered]
        if pool:
            picked.append(rng.choice(pool))
    body = list(picked)
    rng.shuffle(body)
    body = body[:3]
    parts = []
    if rng.random() < 0.85:
        parts.append(rng.choice(usable(store.openers[sentiment], ctx)))
    parts += body
    if len(parts) < 2 or (len(parts) < 5 and rng.random() < 0.5):
        parts.append(rng.choice(usable(store.closers[sentiment], ctx)))
    text = " ".join(fill(t, ctx) for t in parts)
    titles = store.titles[stars] + f["sub"].get("titles", {}).get(sentiment, [])
    return fill(rng.choice(usable(titles, ctx)), ctx), text


def build_reviews(cat, rng):
    """Reviews for about 46% of the products, one to five each, in product and date order."""
    eligible = [p for p in cat.products if p["rating"] is not None]
    chosen = rng.sample(eligible, math.ceil(len(cat.products) * 0.46))
    chosen.sort(key=lambda p: p["id"])
    start = date(REVIEW_YEAR, 1, 1)
    reviews = []
    for p in chosen:
        n = rng.choices([1, 2, 3, 4, 5], weights=[18, 26, 26, 17, 13])[0]
        authors = set()
        drafts = []
        for _ in range(n):
            sentiment = pick_sentiment(p["rating"], rng)
            stars = {"pos": rng.choice([4, 5, 5]), "mix": 3, "neg": rng.choice([1, 2, 2])}[sentiment]
            title, text = write_review(cat, p["id"], sentiment, stars, rng)
            while True:
                author = f"{rng.choice(cat.store.first_names)} {rng.choice(cat.store.last_initials)}."
                if author not in authors:
                    authors.add(author)
                    break
            day = start + timedelta(days=rng.randrange(365))
            drafts.append((day.isoformat(), stars, title, text, author))
        drafts.sort()
        for day, stars, title, text, author in drafts:
            reviews.append(
                {
                    "review_id": f"RV-{len(reviews) + 1:05d}",
                    "product_id": p["id"],
                    "rating": stars,
                    "title": title,
                    "text": text,
                    "author": author,
                    "date": day,
                }
            )
        p["rating_count"] = max(p["rating_count"], n + rng.randint(0, 40))
    return reviews
