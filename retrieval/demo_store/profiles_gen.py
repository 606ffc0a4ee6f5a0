"""The four demo shopper profiles: preferences plus a history of events on real catalog products.

Each history event points at a product picked from the generated catalog by category, brand and
a filter, so the profiles stay consistent with the catalog (liked brands bought within budget,
disliked brands or over-budget items thumbed down).  check_profiles() asserts that.
"""

from __future__ import annotations


def sizes_of(p):
    """The sizes a product comes in, as a list."""
    return p["attributes"].get("size", "").split(", ")


def pick(products, path, brand=None, where=lambda p: True, cheapest=False):
    """The first (or cheapest) product in a category and brand that passes `where`."""
    found = [p for p in products if p["category"] == path and (brand is None or p["brand"] == brand) and where(p)]
    if not found:
        raise AssertionError(f"profile pick found nothing: {path} / {brand}")
    return min(found, key=lambda p: (p["price"], p["id"])) if cheapest else found[0]


def build_profiles(products):
    """The four demo profiles, with lists sorted and history oldest event first."""
    run = "Footwear > Running Shoes"
    alex = {
        "user_id": "demo-alex",
        "display_name": "Alex (runner on a budget)",
        "preferences": {
            "sizes": {"shoes": "10", "clothing": "M"},
            "liked_brands": ["Runwell", "Stridewell"],
            "disliked_brands": ["Velocita"],
            "categories": ["Clothing > Socks", "Clothing > T-Shirts", "Electronics > Smartwatches", run],
            "budget_max": 120.0,
            "currency": "USD",
        },
        "history": [
            (
                "bought",
                64,
                pick(
                    products,
                    run,
                    "Stridewell",
                    lambda p: "Men's Road" in p["title"] and "10" in sizes_of(p) and p["price"] <= 120,
                    cheapest=True,
                ),
            ),
            ("bought", 64, pick(products, "Clothing > Socks", "Stridewell", lambda p: "Running" in p["title"])),
            ("thumbs_up", 40, pick(products, "Clothing > T-Shirts", "Stridewell")),
            ("thumbs_down", 9, pick(products, run, "Velocita", lambda p: "Men's Road" in p["title"])),
            ("viewed", 6, pick(products, "Electronics > Smartwatches", "Pulsewave", lambda p: p["price"] <= 120, cheapest=True)),
            ("clicked", 2, pick(products, run, "Runwell", lambda p: "Men's Road" in p["title"] and "10" in sizes_of(p))),
        ],
    }
    coffee = "Home & Kitchen > Coffee & Tea"
    priya = {
        "user_id": "demo-priya",
        "display_name": "Priya (home barista and keen cook)",
        "preferences": {
            "sizes": {"shoes": "7.5", "clothing": "S"},
            "liked_brands": ["Baristella", "Copperleaf", "Ember & Leaf"],
            "disliked_brands": ["Kettleworks"],
            "categories": [coffee, "Home & Kitchen > Cookware", "Home & Kitchen > Small Appliances"],
            "budget_max": 1200.0,
            "currency": "USD",
        },
        "history": [
            ("bought", 90, pick(products, "Home & Kitchen > Cookware", "Copperleaf")),
            ("bought", 41, pick(products, coffee, "Baristella", lambda p: "Grinder" in p["title"])),
            ("thumbs_down", 30, pick(products, coffee, "Kettleworks", lambda p: "Kettle" in p["title"])),
            ("thumbs_up", 15, pick(products, coffee, "Ember & Leaf", lambda p: "Tea" in p["title"])),
            ("viewed", 3, pick(products, coffee, "Baristella", lambda p: "Espresso" in p["title"] and p["price"] <= 1200)),
            ("clicked", 1, pick(products, "Home & Kitchen > Small Appliances", "Copperleaf")),
        ],
    }
    sam = {
        "user_id": "demo-sam",
        "display_name": "Sam (new parent, practical picks)",
        "preferences": {
            "sizes": {"shoes": "11", "clothing": "L"},
            "liked_brands": ["Bumblebloom", "Nestling"],
            "disliked_brands": ["Little Fern"],
            "categories": ["Baby > Feeding", "Baby > Nursery", "Baby > Strollers", "Pet Supplies > Dog > Beds"],
            "budget_max": 250.0,
            "currency": "USD",
        },
        "history": [
            ("bought", 120, pick(products, "Baby > Nursery", "Nestling", lambda p: "Swaddle" in p["title"])),
            ("bought", 75, pick(products, "Baby > Feeding", "Bumblebloom", lambda p: "Spoons" in p["title"])),
            ("thumbs_down", 21, pick(products, "Baby > Strollers", "Little Fern", lambda p: p["price"] > 250)),
            ("viewed", 20, pick(products, "Baby > Strollers", "Nestling", lambda p: "Travel" in p["title"], cheapest=True)),
            ("thumbs_up", 11, pick(products, "Baby > Feeding", "Nestling", lambda p: "Plate" in p["title"])),
            ("clicked", 4, pick(products, "Pet Supplies > Dog > Beds", "Scruffco", lambda p: "Donut" in p["title"])),
        ],
    }
    jordan = {
        "user_id": "demo-jordan",
        "display_name": "Jordan (remote developer, gadget fan)",
        "preferences": {
            "sizes": {"shoes": "9.5", "clothing": "L"},
            "liked_brands": ["Aurelle", "Quillkey", "Veloce"],
            "disliked_brands": ["Voltrix"],
            "categories": ["Computers > Keyboards", "Computers > Monitors", "Computers > Mice", "Electronics > Headphones"],
            "budget_max": 2000.0,
            "currency": "USD",
        },
        "history": [
            ("bought", 150, pick(products, "Computers > Keyboards", "Quillkey", lambda p: "Mechanical" in p["title"])),
            ("bought", 58, pick(products, "Electronics > Headphones", "Aurelle", lambda p: "ANC" in p["title"])),
            ("thumbs_down", 33, pick(products, "Computers > Mice", "Voltrix", lambda p: "Wireless Mouse" in p["title"])),
            ("thumbs_up", 33, pick(products, "Computers > Mice", "Quillkey", lambda p: "Vertical" in p["title"])),
            ("viewed", 5, pick(products, "Computers > Monitors", "Veloce")),
            ("clicked", 2, pick(products, "Computers > Laptops", "Veloce", cheapest=True)),
        ],
    }
    profiles = []
    for prof in (alex, priya, sam, jordan):
        prefs = prof["preferences"]
        for key in ("liked_brands", "disliked_brands", "categories"):
            prefs[key] = sorted(prefs[key])
        events = sorted(prof["history"], key=lambda e: (e[1], e[0], e[2]["id"]))
        prof["history"] = [{"product_id": p["id"], "event": ev, "days_ago": days} for ev, days, p in events]
        profiles.append(prof)
    return profiles


def check_profiles(profiles, products):
    """Assert that each profile's history agrees with its preferences."""
    by_id = {p["id"]: p for p in products}
    brands = {p["brand"] for p in products}
    for prof in profiles:
        prefs = prof["preferences"]
        assert set(prefs["liked_brands"]) <= brands and set(prefs["disliked_brands"]) <= brands, prof["user_id"]
        assert 3 <= len(prof["history"]) <= 8, prof["user_id"]
        for h in prof["history"]:
            p = by_id[h["product_id"]]
            if h["event"] in ("bought", "thumbs_up", "clicked", "viewed"):
                assert p["brand"] not in prefs["disliked_brands"], (prof["user_id"], h)
            if h["event"] in ("bought", "thumbs_up"):
                assert p["price"] <= prefs["budget_max"], (prof["user_id"], h)
            if h["event"] == "thumbs_down":
                assert p["brand"] in prefs["disliked_brands"] or p["price"] > prefs["budget_max"], (prof["user_id"], h)
