#!/usr/bin/env python3
"""Deterministic generator for the embedded demo store ("Demo Shop").

Writes four files next to this script:

* ``products.jsonl`` - the catalog, one product per line
* ``reviews.jsonl``  - customer reviews for a subset of the products
* ``policy.md``      - the store policy (returns, shipping, warranty, ...)
* ``profiles.json``  - four demo shopper profiles with preferences and history

Everything is invented: brands, products, reviews and reviewers.  The only
source of variation is one ``random.Random(SEED)`` created in ``main()``, and
nothing reads the clock, so two runs produce byte-identical files::

    python3 retrieval/demo_store/generate.py

How the catalog is described
----------------------------
``SUBCATEGORIES`` lists one spec per leaf category.  Each spec names the
brands that sell there, a pool of model names, and one or more product
*kinds*.  A kind has a price range, a title pattern and attribute specs:

* a plain value            -> used as is
* a list ``[...]``         -> uniform choice
* ``T(...)``               -> tier-ordered choice: cheapest option first;
                              budget brands draw from the low end and premium
                              brands from the high end (price follows suit)
* ``Span(lo, hi, step)``   -> integer in a range

Descriptions and reviews are assembled from sentence templates written with
``str.format`` fields.  A template is only used when every field it names is
known for the product at hand, so sentences specific to one kind can sit in a
shared pool.  Derived keys whose names start with ``if_`` hold an empty string
and act purely as guards (``{if_anc}`` marks a sentence that only makes sense
for noise-cancelling headphones).

Grammar keys let one template serve singular and plural products:
``{this}`` ("these headphones" / "this kettle"), ``{the}``, ``{short}``,
``{it}`` ("they" / "it"), ``{them}``, ``{is}``, ``{was}``, ``{has}``, and the
verb suffixes ``{s}`` / ``{es}`` ("{it} fit{s}" -> "they fit" / "it fits").
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import string
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from random import Random
from typing import NamedTuple

SEED = 20261122
OUT_DIR = Path(__file__).resolve().parent
BASE_URL = "https://demo-shop.example/p/"
REVIEW_YEAR = 2025


# --------------------------------------------------------------------------
# Attribute spec helpers
# --------------------------------------------------------------------------


class T(tuple):
    """Tier-ordered choices, cheapest / most basic first."""

    def __new__(cls, *items):
        return super().__new__(cls, items)


class Span(NamedTuple):
    """An integer drawn from lo..hi (inclusive) in multiples of step."""

    lo: int
    hi: int
    step: int = 1


TIER_BANDS = {"budget": (0.0, 0.38), "mid": (0.3, 0.7), "premium": (0.62, 1.0)}
TIER_RATING = {"budget": 4.05, "mid": 4.3, "premium": 4.5}

APPAREL_SIZES = ("XS", "S", "M", "L", "XL", "XXL")
MENS_SHOE_SIZES = ("7", "7.5", "8", "8.5", "9", "9.5", "10", "10.5", "11", "11.5", "12", "13")
WOMENS_SHOE_SIZES = ("5", "5.5", "6", "6.5", "7", "7.5", "8", "8.5", "9", "9.5", "10", "11")


# --------------------------------------------------------------------------
# Brands (all invented).  tier drives price position, specs and rating.
# --------------------------------------------------------------------------

BRANDS = {
    # audio, wearables, charging
    "Aurelle": ("premium", "Aurelle tunes every model in its own listening room and backs it with replaceable ear pads and batteries."),
    "Sonaro": ("mid", "Sonaro focuses on balanced, easy-to-live-with sound at mid-range prices."),
    "Pulsewave": ("mid", "Pulsewave's companion app is free and needs no subscription."),
    "Voltrix": ("budget", "Voltrix keeps prices low by skipping frills, not safety certifications."),
    "Brightlink": ("budget", "Every Brightlink cable and charger ships in plastic-free packaging."),
    "Lumenforge": ("mid", "Lumenforge chargers carry over-temperature and over-current protection."),
    "Nordhaven": ("premium", "Nordhaven designs its devices in Norway for long days outdoors."),
    # computers
    "Veloce": ("premium", "Veloce machines are factory-calibrated and come with two years of on-site support."),
    "Corvell": ("mid", "Corvell builds practical workhorses aimed at students and small offices."),
    "Ardentek": ("budget", "Ardentek hardware trims extras to hit an entry-level price."),
    "Quillkey": ("premium", "Quillkey is a small keyboard maker known for gasket-mounted, well-damped boards."),
    "Swiftmark": ("mid", "Swiftmark's peripherals are designed around long hours of office work."),
    "Lumora": ("mid", "Lumora monitors ship with a printed colour-calibration report."),
    # home and kitchen
    "Copperleaf": ("premium", "Copperleaf cookware and appliances are built to last decades and carry a lifetime warranty on materials."),
    "Ironvale": ("mid", "Ironvale casts its cookware in small batches and pre-seasons it with flaxseed-free vegetable oil."),
    "Kettleworks": ("budget", "Kettleworks makes simple, affordable kitchen basics."),
    "Baristella": ("premium", "Baristella builds espresso gear for home baristas who want cafe-level control."),
    "Ember & Leaf": ("mid", "Ember & Leaf sources its teas directly from small growers."),
    "Maple & Tin": ("mid", "Maple & Tin favours natural materials and a warm, minimal look."),
    "Tidynest": ("budget", "Tidynest makes budget-friendly organizers in stackable, modular sizes."),
    "Oakline Studio": ("premium", "Oakline Studio pieces are made from FSC-certified solid wood."),
    # clothing and footwear
    "Fjellridge": ("premium", "Fjellridge designs technical outdoor gear and repairs it for free for the first two years."),
    "Ashgrove": ("mid", "Ashgrove makes versatile everyday clothing with a relaxed fit."),
    "Threadline": ("budget", "Threadline sells no-fuss basics at everyday prices."),
    "Meadowknit": ("budget", "Meadowknit uses cotton grown without synthetic pesticides."),
    "Marlowe & June": ("premium", "Marlowe & June produces small runs of dresses in natural fibres."),
    "Sockwright": ("mid", "Sockwright does one thing: socks, with a 1-year hole-free guarantee."),
    "Stridewell": ("mid", "Stridewell makes dependable running shoes and apparel for everyday mileage."),
    "Velocita": ("premium", "Velocita builds race-oriented running shoes with carbon-infused plates."),
    "Runwell": ("budget", "Runwell offers entry-level running gear for new runners."),
    "Trailmark": ("budget", "Trailmark makes affordable trail footwear for casual hikers."),
    "Cairnline": ("mid", "Cairnline builds hiking gear tested on long-distance trails."),
    "Sunstep": ("budget", "Sunstep makes lightweight summer footwear at low prices."),
    # sports
    "Emberline": ("budget", "Emberline outfits weekend campers and commuters on a budget."),
    "Lotusform": ("premium", "Lotusform makes yoga gear from natural rubber and cork."),
    "Zenfold": ("budget", "Zenfold makes affordable, lightweight yoga basics."),
    "Kindred Motion": ("mid", "Kindred Motion designs studio-grade yoga props at home-practice prices."),
    "Spokeline": ("mid", "Spokeline makes cycling gear for commuters and weekend riders."),
    # beauty
    "Petalis": ("premium", "Petalis formulates in small batches and publishes full ingredient percentages."),
    "Dewbright": ("budget", "Dewbright keeps formulas short and prices low."),
    "Oakmoss & Co": ("mid", "Oakmoss & Co uses plant-based formulas in recyclable aluminium packaging."),
    "Silkroot": ("mid", "Silkroot develops hair care for specific hair types."),
    # toys and office
    "Meeple Forge": ("mid", "Meeple Forge publishes family-friendly strategy games with clear rulebooks."),
    "Hollowtree Games": ("premium", "Hollowtree Games is known for wooden components and illustrated boxes."),
    "Pocket Owl": ("budget", "Pocket Owl makes small, affordable games and puzzles."),
    "Brickwell": ("mid", "Brickwell bricks are compatible with the common stud-and-tube building system."),
    "Tinker Bay": ("premium", "Tinker Bay designs detailed sets with printed (not stickered) parts."),
    "Puzzlewick": ("mid", "Puzzlewick puzzles use thick board and random-cut pieces."),
    "Quillmark": ("premium", "Quillmark makes notebooks and pens for people who write by hand every day."),
    "Paperlane": ("budget", "Paperlane makes affordable paper goods from recycled fibre."),
    "Inkwise": ("budget", "Inkwise makes reliable everyday pens in value packs."),
    "Ledgerly": ("mid", "Ledgerly designs functional stationery in muted colours."),
    # pets and baby
    "Barkley & Finch": ("premium", "Barkley & Finch makes premium dog gear with machine-washable covers throughout."),
    "Hound & Harbor": ("mid", "Hound & Harbor tests its toys with a panel of real (very enthusiastic) dogs."),
    "Scruffco": ("budget", "Scruffco offers basic pet supplies at low prices."),
    "Whiskerly": ("mid", "Whiskerly designs toys and accessories around natural cat behaviour."),
    "Mossy Paw": ("premium", "Mossy Paw uses natural materials like sisal, wool felt and solid wood."),
    "Little Fern": ("premium", "Little Fern products are tested beyond the required safety standards."),
    "Nestling": ("mid", "Nestling designs practical nursery gear for small homes."),
    "Bumblebloom": ("budget", "Bumblebloom makes colourful, affordable baby basics."),
}


def tier(brand):
    return BRANDS[brand][0]


# --------------------------------------------------------------------------
# Generic review building blocks
# --------------------------------------------------------------------------

GENERIC_OPENERS = {
    "pos": [
        "I've been using {this} for about {weeks} weeks now.",
        "Bought {this} to replace an older one that wore out, and {it} {is} a clear upgrade.",
        "Picked up {this} on sale and I'm glad I did.",
        "Ordered {this} in {color_l} and {it} look{s} exactly like the photos.",
        "This is my second {brand} purchase and it lives up to the first.",
        "Arrived in {days} days, well packed, and I've used {them} almost daily since.",
        "I did a lot of comparison shopping before choosing {this}.",
        "Got {this} as a gift for my {relation}, then ended up buying another for myself.",
    ],
    "mix": [
        "Mixed feelings about {this} after {weeks} weeks.",
        "{this} {is} fine, but not quite what I hoped for at {price}.",
        "Some things I like about {this} and some I don't.",
        "Decent overall, with a couple of caveats.",
        "I've had {them} for {months} months, so here's a balanced take.",
    ],
    "neg": [
        "I really wanted to like {this}.",
        "Disappointed with {this}, especially coming from {brand}.",
        "Not worth {price}, in my experience.",
        "I had high hopes based on the description, but {this} fell short.",
        "Second one I've tried, and the same problem came back.",
    ],
}

GENERIC_CLOSERS = {
    "pos": [
        "Would buy again.",
        "Great value at {price}.",
        "Highly recommend.",
        "No regrets at all.",
        "Already recommended {them} to two friends.",
        "Exactly as described.",
    ],
    "mix": [
        "Three stars for now; I'll update if anything changes.",
        "Fine if you catch {them} on sale.",
        "Still deciding whether to return {them}.",
        "Good, not great.",
    ],
    "neg": [
        "Sent {them} back within the 30-day window and the refund showed up about a week later.",
        "Would not buy again.",
        "Save your money.",
        "Contacted support and I'm still waiting for a reply.",
        "Returned for a refund.",
    ],
}

GENERIC_TITLES = {
    5: ["Love {them}!", "Exactly what I needed", "Worth every penny", "Great quality", "Better than expected", "Excellent {short}"],
    4: ["Very good, minor nitpicks", "Solid {short}", "Good value", "Happy with {them}", "Does the job well"],
    3: ["It's okay", "Mixed feelings", "Decent but not great", "Good and bad", "Average {short}"],
    2: ["Not impressed", "Disappointing", "Expected better", "Had issues"],
    1: ["Returned {them}", "Broke quickly", "Do not buy", "Waste of money"],
}

RELATIONS = ["partner", "sister", "brother", "dad", "mom", "roommate", "best friend", "son", "daughter"]

FIRST_NAMES = [
    "Aaron", "Adaeze", "Aiko", "Alma", "Amir", "Ana", "Anika", "Ben", "Bianca", "Carlos",
    "Chen", "Chloe", "Dana", "Darius", "Deepa", "Diego", "Elena", "Eli", "Emeka", "Erin",
    "Farah", "Finn", "Gabriel", "Grace", "Hana", "Hector", "Imani", "Isla", "Jamal", "Jana",
    "Jonas", "Jun", "Kai", "Kavya", "Keisha", "Lars", "Leah", "Lena", "Luca", "Malik",
    "Maren", "Mateo", "Maya", "Mei", "Nadia", "Naveen", "Nia", "Noah", "Olga", "Omar",
    "Paige", "Pedro", "Quinn", "Rafael", "Rania", "Rosa", "Ryan", "Sade", "Sara", "Soren",
    "Tariq", "Tess", "Theo", "Uma", "Valeria", "Victor", "Wen", "Yara", "Yusuf", "Zoe",
]
LAST_INITIALS = "ABCDEFGHJKLMNOPRSTVWYZ"


# --------------------------------------------------------------------------
# Derived facts.  d_* run once per product family (description facts and
# guards); r_* run once per review (numbers a reviewer reports).
# --------------------------------------------------------------------------


def hours_phrase(h):
    return "about an hour" if h <= 1 else f"about {h} hours"


def d_audio(a, rng):
    d = {}
    b = a.get("battery_life_h")
    if b:
        d["if_wireless"] = ""
        h = rng.choice([1.5, 2, 2.5, 3]) if b > 12 else rng.choice([1, 1.5])
        d["charge_txt"] = hours_phrase(h)
        d["quick_txt"] = hours_phrase(max(1, round(b / rng.choice([6, 8, 10]))))
    if a.get("noise_cancelling") == "active":
        d["if_anc"] = ""
    if a.get("form_factor") == "in-ear":
        d["if_buds"] = ""
    if str(a.get("form_factor", "")).startswith("over-ear"):
        d["if_overear"] = ""
    if "cable_length_m" in a:
        d["if_wired"] = ""
    if "multipoint" in str(a.get("connectivity", "")):
        d["if_multipoint"] = ""
    if str(a.get("water_resistance", "")) in ("IPX7", "IP67"):
        d["if_waterproof"] = ""
    if "woofer_in" in a:
        d["if_pair"] = ""
    if "Wi-Fi" in str(a.get("connectivity", "")):
        d["if_smart"] = ""
    if "weight_g" in a and "woofer_in" not in a:
        d["weight_kg"] = f"{a['weight_g'] / 1000:.1f}"
    return d


def d_charging(a, rng):
    d = {}
    if "capacity_mah" in a:
        d["phone_charges"] = f"{a['capacity_mah'] * 0.62 / 4000:.1f}".rstrip("0").rstrip(".")
        d["recharge_h"] = rng.choice([2, 2.5, 3, 4]) if a["capacity_mah"] <= 10000 else rng.choice([3.5, 4, 5])
    if "ports" in a and "capacity_mah" not in a:
        d["split"] = f"{a['wattage_w'] - 20}W + 20W with two devices connected" if a["wattage_w"] > 40 else "about 15W per port with two devices connected"
        if "+" in a["ports"] or a["ports"].startswith(("2", "3")):
            d["if_multiport"] = ""
    if a.get("material") == "braided nylon":
        d["if_braided"] = ""
    if "length_m" in a:
        d["if_cable"] = ""
    else:
        d["if_led"] = ""
        d["if_multidevice"] = ""
    if "compatibility" in a:
        d["if_stand"] = ""
    if str(a.get("pack_size")) == "2":
        d["if_twopack"] = ""
    return d


def d_watch(a, rng):
    d = {"charge_min": rng.choice([45, 60, 75, 90, 120])}
    if a.get("gps") in ("GPS", "dual-band GPS"):
        d["gps_hours"] = rng.choice([14, 20, 26, 36, 48]) if a["gps"] == "dual-band GPS" else rng.choice([10, 12, 16])
        d["if_gps"] = ""
    d["strap"] = rng.choice(["soft silicone", "woven nylon", "fluoroelastomer", "silicone with a stainless buckle"])
    return d


def d_laptop(a, rng):
    gb = a["storage_gb"]
    d = {
        "storage_txt": f"{gb // 1024} TB" if gb >= 1024 else f"{gb} GB",
        "weight_kg": f"{a['weight_g'] / 1000:.2f}",
        "charger_w": 65 if a["weight_g"] < 1700 else rng.choice([65, 90, 100]),
        "key_travel": rng.choice(["1.2", "1.3", "1.5"]),
        "thickness_mm": rng.choice([14.9, 15.9, 16.5, 17.9, 18.5, 19.9]),
    }
    d["ram_note"] = "soldered and not upgradable" if a["ram_gb"] <= 16 and rng.random() < 0.6 else "in two SO-DIMM slots, upgradable to 64 GB"
    if "OLED" in a["display"]:
        d["if_oled"] = ""
    if a.get("touchscreen") == "yes":
        d["if_touch"] = ""
    return d


def d_keyboard(a, rng):
    d = {}
    if "switches" in a:
        d["switches_l"] = a["switches"].lower()
    d["layout_l"] = a["layout"].replace("Full-size", "full-size")
    conn = a.get("connectivity", "")
    d["conn_short"] = "Tri-Mode Wireless" if "Bluetooth" in conn and "2.4" in conn else ("Wireless" if "2.4" in conn else "Wired")
    if "2.4" in conn or "Bluetooth" in conn:
        d["if_wireless"] = ""
    if a.get("hot_swappable") == "yes":
        d["if_hotswap"] = ""
    if "Bluetooth" in conn:
        d["if_bt"] = ""
    if "Blue" not in a.get("switches", ""):
        d["if_quiet"] = ""
    return d


def d_mouse(a, rng):
    d = {}
    if "rechargeable" in a.get("battery", ""):
        d["if_rechargeable"] = ""
    if "polling_rate_hz" in a:
        d["if_gaming"] = ""
    if a.get("shape") == "vertical":
        d["if_vertical"] = ""
    if "2.4" in a.get("connectivity", ""):
        d["if_wireless"] = ""
    if a.get("clicks") == "silent":
        d["if_silent"] = ""
    return d


def d_monitor(a, rng):
    size = a["size_in"]
    res = "3440x1440" if size == 34 else a["resolution"]
    names = {"1920x1080": "Full HD", "2560x1440": "QHD", "3840x2160": "4K UHD", "3440x1440": "Ultrawide QHD"}
    d = {"res": res, "res_name": names[res], "brightness": rng.choice([250, 300, 350, 400, 450])}
    if "USB-C" in a["ports"]:
        d["usbc_w"] = a["ports"].split("USB-C ")[1].split("W")[0]
        d["if_usbc"] = ""
    if a["panel"] == "OLED":
        d["if_oled"] = ""
    else:
        d["if_lcd"] = ""
    if a["refresh_hz"] >= 144:
        d["if_fast"] = ""
    return d


COLORS_AUDIO = ["Black", "Silver", "Midnight Blue", "Sand", "White"]

SUBCATEGORIES = []

# ---- Electronics ----------------------------------------------------------

SUBCATEGORIES += [
    {
        "path": "Electronics > Headphones",
        "pinned": [("Aurelle", "ANC Over-Ear Headphones")],
        "count": 12,
        "brands": ["Aurelle", "Sonaro", "Pulsewave", "Voltrix"],
        "models": ["Clearwave", "Hushline", "Solace", "Driftline", "Vesper", "Quietus", "Lumen", "Arcadia",
                   "Aster", "Meridian", "Tempo", "Cadence", "Nocturne", "Serene"],
        "variant_rate": 0.3,
        "derive": d_audio,
        "kinds": [
            {
                "noun": "ANC Over-Ear Headphones", "short": "headphones", "plural": True, "price": (59, 379),
                "title": "{brand} {model} ANC Over-Ear Headphones, {battery_life_h}h Battery, {color}",
                "attrs": {"color": COLORS_AUDIO, "form_factor": "over-ear",
                          "connectivity": T("Bluetooth 5.2", "Bluetooth 5.3", "Bluetooth 5.3, multipoint"),
                          "noise_cancelling": "active", "battery_life_h": T(25, 30, 40, 50, 60),
                          "driver_mm": T(40, 40, 45), "weight_g": Span(235, 330, 5), "charging": "USB-C"},
                "intro": [
                    "The {model} are over-ear headphones with active noise cancelling and up to {battery_life_h} hours of playback with ANC switched on.",
                    "{brand} built the {model} for long flights and open-plan offices: hybrid noise cancelling, memory-foam cushions and a {battery_life_h}-hour battery.",
                    "Over-ear {model} headphones that pair effective noise cancelling with {driver_mm} mm drivers and a full day of battery.",
                ],
                "desc": [
                    "At {weight_g} g they are light enough for a full workday, and the earcups swivel flat into the included hard-shell case.",
                    "Each earcup houses a {driver_mm} mm dynamic driver, and a transparency mode lets you hear announcements without taking them off.",
                    "The protein-leather ear pads are replaceable without tools.",
                ],
            },
            {
                "noun": "True Wireless Earbuds", "short": "earbuds", "plural": True, "price": (19, 249),
                "title": "{brand} {model} True Wireless Earbuds, {water_resistance}, {color}",
                "attrs": {"color": COLORS_AUDIO, "form_factor": "in-ear",
                          "connectivity": T("Bluetooth 5.2", "Bluetooth 5.3", "Bluetooth 5.3, multipoint"),
                          "noise_cancelling": T("none", "none", "active", "active"), "battery_life_h": T(5, 6, 7, 8, 10),
                          "case_battery_h": T(18, 24, 28, 30, 36), "water_resistance": T("IPX4", "IPX5", "IP55"),
                          "weight_g": Span(4, 7), "charging": T("USB-C", "USB-C", "USB-C and Qi wireless")},
                "intro": [
                    "The {model} earbuds play for {battery_life_h} hours per charge, and the pocket-sized case adds another {case_battery_h} hours.",
                    "Compact true wireless earbuds rated {water_resistance} against sweat and light rain, with {battery_life_h} hours of listening per charge.",
                ],
                "desc": [
                    "Each earbud weighs just {weight_g} g and comes with silicone tips in three sizes (S/M/L).",
                    "The case charges over {charging}, and touch controls handle play/pause, volume and calls.",
                    "{if_anc}Active noise cancelling toggles with a long press, and a transparency mode lets ambient sound in.",
                ],
            },
            {
                "noun": "Closed-Back Studio Headphones", "short": "headphones", "plural": True, "price": (29, 199),
                "title": "{brand} {model} Closed-Back Studio Headphones, {cable_length_m} m Cable, {color}",
                "attrs": {"color": ["Black", "Silver", "White"], "form_factor": "over-ear, closed-back",
                          "connectivity": "3.5 mm wired, 6.35 mm adapter included", "cable_length_m": ["1.2", "3.0"],
                          "impedance_ohm": T(32, 38, 80), "driver_mm": T(40, 45, 50), "weight_g": Span(250, 340, 5)},
                "intro": [
                    "The {model} are closed-back wired headphones tuned for mixing, podcast editing and focused listening.",
                    "A {impedance_ohm}-ohm closed-back design that is easy to drive from a phone, laptop or audio interface.",
                ],
                "desc": [
                    "The {cable_length_m} m detachable cable locks into the left earcup, and a 6.35 mm adapter is included.",
                    "Large {driver_mm} mm drivers give a flat, revealing response, and the closed cups keep sound from leaking to the next desk.",
                    "They weigh {weight_g} g and the earcups rotate 90 degrees for one-ear monitoring.",
                ],
            },
        ],
        "desc": [
            "{if_wireless}Connectivity is {connectivity}, and a full charge over USB-C takes {charge_txt}.",
            "{if_wireless}A 10-minute quick charge gives {quick_txt} of playback.",
            "{if_multipoint}Multipoint pairing keeps them connected to a phone and a laptop at the same time.",
            "Compatible with iPhone, Android phones, Windows PCs and Macs.",
        ],
        "pos": [
            "Battery lasted about {batt_good} hours on a long trip before I had to charge {them}.",
            "{if_anc}The noise cancelling handles train rumble and office chatter really well.",
            "Comfortable enough to wear through a {hours}-hour shift without sore ears.",
            "{if_wireless}Pairing with my phone and laptop took under a minute.",
            "{if_wireless}Call quality is clear; coworkers said I sounded better than on my laptop mic.",
            "{if_wired}Flat, honest sound; I can hear compression artifacts I missed on my old pair.",
            "{if_buds}The medium tips seal well and they stay put on runs.",
            "{if_multipoint}Switching between my laptop and phone happens automatically, which is great for calls.",
        ],
        "mix": [
            "{if_overear}Sound is great, but the clamping force is a bit tight for glasses wearers after an hour or so.",
            "Battery life is closer to {batt_mid} hours than the advertised {battery_life_h}, which is still fine for me.",
            "{if_buds}The fit is secure with the medium tips, but the case is a magnet for scratches.",
            "{if_wireless}The companion app is clunky and the EQ resets after updates, though the hardware itself is solid.",
            "{if_wired}Great isolation, but the coiled cable is heavy and tugs when I stand up.",
        ],
        "neg": [
            "{if_overear}The left earcup started crackling after {weeks} weeks.",
            "Battery dropped to about {batt_bad} hours after a month of use, nowhere near the claimed {battery_life_h}.",
            "{if_buds}One earbud kept disconnecting from the other, even with my phone in the same pocket.",
            "{if_wireless}Bluetooth drops every time my phone goes in my back pocket.",
            "{if_wired}The cable connector got loose within {weeks} weeks and now cuts out on the left side.",
            "{if_anc}The noise cancelling creates an uncomfortable pressure feeling and a faint hiss in quiet rooms.",
        ],
        "titles": {"pos": ["Great sound for the price", "Perfect for flights", "Comfortable all day"],
                   "mix": ["Good sound, so-so fit"], "neg": ["Connection problems"]},
    },
    {
        "path": "Electronics > Speakers",
        "count": 9,
        "brands": ["Sonaro", "Aurelle", "Voltrix", "Pulsewave"],
        "models": ["Tidepool", "Basalt", "Pebble Go", "Campfire", "Skyline", "Resonant", "Cove", "Atlas", "Boulder", "Verve"],
        "variant_rate": 0.3,
        "derive": d_audio,
        "kinds": [
            {
                "noun": "Portable Bluetooth Speaker", "short": "speaker", "plural": False, "price": (19, 179),
                "title": "{brand} {model} Portable Bluetooth Speaker, {water_resistance} Waterproof, {color}",
                "attrs": {"color": ["Charcoal", "Ocean Blue", "Sage", "Coral", "Stone Grey"],
                          "connectivity": T("Bluetooth 5.0", "Bluetooth 5.3"), "battery_life_h": T(8, 10, 12, 16, 20, 24),
                          "water_resistance": T("IPX5", "IPX7", "IP67"), "output_w": T(5, 10, 16, 20, 30),
                          "weight_g": Span(280, 980, 10)},
                "intro": [
                    "A rugged {output_w} W portable speaker rated {water_resistance}, built for the beach, the shower and the back deck.",
                    "The {model} packs {battery_life_h} hours of playback into a {weight_g} g body with a built-in carry strap.",
                ],
                "desc": [
                    "Two units can be paired for stereo or party mode from the companion app.",
                    "It charges over USB-C in {charge_txt} and can top up a phone from its built-in power bank.",
                    "{if_waterproof}It survives submersion to 1 m for 30 minutes and floats, so a drop in the pool is no drama.",
                ],
            },
            {
                "noun": "Wi-Fi Smart Speaker", "short": "speaker", "plural": False, "price": (49, 299),
                "title": "{brand} {model} Wi-Fi Smart Speaker with Voice Assistant, {color}",
                "attrs": {"color": ["Charcoal", "Chalk White", "Sage"], "connectivity": "Wi-Fi 6 + Bluetooth 5.2",
                          "output_w": T(15, 25, 40, 60), "power": "mains (AC adapter)", "weight_g": Span(800, 2600, 50)},
                "intro": [
                    "The {model} is a Wi-Fi smart speaker with far-field microphones, multi-room grouping and {output_w} W of room-filling sound.",
                    "A {weight_kg} kg smart speaker that streams over Wi-Fi and answers voice commands from across the room.",
                ],
                "desc": [
                    "A physical mic-mute switch sits on the back, and an LED ring shows when the microphones are off.",
                    "It streams from the major music services over Wi-Fi and also works as a plain Bluetooth speaker.",
                    "Several speakers can be grouped for whole-home audio in the free app.",
                ],
            },
            {
                "noun": "Powered Bookshelf Speakers", "short": "speakers", "plural": True, "price": (89, 549),
                "title": "{brand} {model} Powered Bookshelf Speakers, {output_w} W, Pair, {color}",
                "attrs": {"color": ["Walnut", "Black Ash", "White"], "connectivity": "Bluetooth 5.0, optical, RCA",
                          "output_w": T(40, 60, 80, 120), "woofer_in": T("4", "4.5", "5.25"), "weight_g": Span(4200, 7800, 100)},
                "intro": [
                    "A pair of powered bookshelf speakers with {woofer_in}-inch woofers and silk-dome tweeters, delivering {output_w} W in total.",
                    "The {model} pair connects to a TV over optical, a turntable over RCA (built-in phono preamp) or a phone over Bluetooth.",
                ],
                "desc": [
                    "The right speaker holds the amplifier and controls; the passive left speaker connects with the included 3 m cable.",
                    "The pair weighs {weight_kg} kg in total and ships with a small remote and foam isolation pads.",
                    "A rear bass port and tone controls let you tune the sound for a bookshelf or open stands.",
                ],
            },
        ],
        "pos": [
            "{if_wireless}Easily fills a backyard; we ran {them} for about {batt_good} hours at a barbecue.",
            "{if_waterproof}{it} survived being knocked into the pool; I just shook the water out.",
            "Bass is surprisingly full for the size.",
            "{if_pair}Hooked them up to my turntable with the RCA input and they sound warm and detailed.",
            "{if_smart}It picks up voice commands from across the kitchen even with the tap running.",
            "Setup took about {mins} minutes including the app.",
        ],
        "mix": [
            "Great sound indoors, but {it} get{s} a bit thin outdoors past about 60% volume.",
            "{if_smart}The voice assistant sometimes mishears the wake word, though music playback is excellent.",
            "{if_wireless}Sounds good, but the auto-off after 15 minutes of silence cannot be disabled.",
            "{if_pair}Lovely sound, but the Bluetooth connection has a slight delay when watching video.",
        ],
        "neg": [
            "{if_wireless}Stopped charging after {weeks} weeks; the USB-C port feels loose.",
            "Distorts badly at higher volume and the bass rattles the grille.",
            "{if_smart}It keeps dropping off Wi-Fi and needs a reset every few days.",
            "{if_pair}The left speaker started popping when the amp warms up, after only {weeks} weeks.",
            "{if_wireless}Battery only lasts about {batt_bad} hours now, far from the claimed {battery_life_h}.",
        ],
        "titles": {"pos": ["Big sound, small speaker", "Great for parties"], "neg": ["Stopped working"]},
    },
    {
        "path": "Electronics > Chargers & Cables",
        "count": 11,
        "brands": ["Brightlink", "Voltrix", "Lumenforge"],
        "models": ["FlexCore", "Nano", "Duo", "Quad", "Slim", "Tetra", "Prism", "Orbit", "Max", "Relay", "Vector", "Spark", "Fuse"],
        "variant_rate": 0.25,
        "derive": d_charging,
        "kinds": [
            {
                "noun": "USB-C to USB-C Cable", "short": "cable", "plural": False, "price": (4, 16),
                "title": "{brand} {model} USB-C to USB-C Cable, {wattage_w}W, {length_m} m, Braided, {color}",
                "attrs": {"color": ["Black", "White", "Grey"], "wattage_w": T(60, 60, 100, 240), "length_m": ["1", "2", "3"],
                          "data_speed": T("USB 2.0 (480 Mbps)", "USB 2.0 (480 Mbps)", "USB 3.2 Gen 2 (10 Gbps)"),
                          "material": "braided nylon", "pack_size": T("1", "1", "2")},
                "intro": [
                    "A {length_m} m USB-C to USB-C cable rated for up to {wattage_w}W, enough for most laptops, tablets and phones.",
                    "This braided {length_m} m cable charges at up to {wattage_w}W and transfers data at {data_speed}.",
                ],
                "desc": [
                    "Data transfer runs at {data_speed}.",
                    "The braided nylon jacket and reinforced strain relief are rated for more than 10,000 bends.",
                    "{if_twopack}Sold as a 2-pack, one for the desk and one for the bag.",
                    "An e-marker chip negotiates the correct power level with your charger.",
                ],
            },
            {
                "noun": "USB-C to Lightning Cable", "short": "cable", "plural": False, "price": (5, 19),
                "title": "{brand} {model} USB-C to Lightning Cable, {length_m} m, {color}",
                "attrs": {"color": ["Black", "White"], "length_m": ["1", "2"], "certification": "MFi-certified",
                          "material": T("PVC", "braided nylon"), "pack_size": T("1", "2")},
                "intro": [
                    "An {certification} USB-C to Lightning cable for fast-charging older iPhones and earbud cases from a USB-C adapter.",
                    "A {length_m} m USB-C to Lightning cable with an {material} jacket and official certification, so no accessory warnings.",
                ],
                "desc": [
                    "With a 20W or higher USB-C adapter it charges a compatible phone to about 50% in 30 minutes.",
                    "{if_twopack}Sold as a 2-pack, one for the desk and one for the bag.",
                    "It also syncs photos and files at USB 2.0 speed.",
                ],
            },
            {
                "noun": "GaN Wall Charger", "short": "charger", "plural": False, "price": (12, 69),
                "title": "{brand} {model} {wattage_w}W GaN Wall Charger, {ports}, {color}",
                "attrs": {"color": ["White", "Black"], "wattage_w": T(20, 30, 45, 65, 100, 140),
                          "ports": T("1 USB-C", "2 USB-C", "2 USB-C + 1 USB-A", "3 USB-C + 1 USB-A"),
                          "foldable_plug": "yes", "weight_g": Span(40, 210, 5)},
                "intro": [
                    "A compact {wattage_w}W gallium-nitride (GaN) charger with {ports} ports, small enough for a jacket pocket.",
                    "The {model} {wattage_w}W charger replaces a drawer of bricks: {ports} in a {weight_g} g body.",
                ],
                "desc": [
                    "{if_multiport}Power is shared automatically between ports: {split}.",
                    "The US plug folds flat, and it accepts 100-240 V for travel (plug adapter not included).",
                    "USB Power Delivery and PPS cover laptops, tablets, phones and handheld consoles.",
                ],
            },
            {
                "noun": "Power Bank", "short": "power bank", "plural": False, "price": (14, 89),
                "title": "{brand} {model} {capacity_mah} mAh Power Bank, {wattage_w}W USB-C PD, {color}",
                "attrs": {"color": ["Black", "White", "Blue"], "capacity_mah": T(5000, 10000, 10000, 20000, 26800),
                          "wattage_w": T(18, 20, 30, 45, 65), "ports": T("1 USB-C + 1 USB-A", "2 USB-C + 1 USB-A"),
                          "weight_g": Span(110, 520, 10)},
                "intro": [
                    "A {capacity_mah} mAh power bank that charges a typical phone about {phone_charges} times.",
                    "The {model} power bank delivers up to {wattage_w}W over USB-C Power Delivery from a {weight_g} g pack.",
                ],
                "desc": [
                    "A full recharge takes about {recharge_h} hours with a {wattage_w}W adapter.",
                    "It is airline carry-on safe (under 100 Wh) and has a four-LED charge indicator.",
                    "Outputs: {ports}; it can charge two devices at once.",
                ],
            },
            {
                "noun": "3-in-1 Wireless Charging Stand", "short": "charging stand", "plural": False, "price": (22, 99),
                "title": "{brand} {model} 3-in-1 Wireless Charging Stand, {wattage_w}W, {color}",
                "attrs": {"color": ["Black", "White"], "wattage_w": T(10, 15, 15), "compatibility": "Qi phones, wireless earbud cases, most smartwatches with the included puck",
                          "adapter": "30W USB-C adapter included", "weight_g": Span(260, 480, 10)},
                "intro": [
                    "Charges a phone, earbuds and a smartwatch at the same time from one weighted stand.",
                    "The {model} stand holds your phone upright at a readable angle and charges it at up to {wattage_w}W.",
                ],
                "desc": [
                    "Compatible with {compatibility}.",
                    "A {adapter}; the LED dims automatically at night.",
                    "The phone charges through cases up to 5 mm thick.",
                ],
            },
        ],
        "pos": [
            "{if_braided}After {months} months of daily use the braiding still looks new.",
            "Charges my laptop at full speed; my USB meter showed a steady {meter_w}W.",
            "Tops up my phone from 10% to full about {charges_real} times on a single charge.",
            "{if_multiport}Tiny, and it runs my laptop and phone together without getting hot.",
            "{if_cable}The connector fits snugly, even through my phone case.",
            "{if_stand}My phone, earbuds and watch are all full by morning.",
            "Been through a whole trip in a backpack and still works perfectly.",
            "Charges my phone noticeably faster than the one it replaced.",
            "{if_led}It stays cool even during long overnight charging.",
        ],
        "mix": [
            "{if_cable}Works fine, but it's stiffer than expected and doesn't coil neatly.",
            "{if_multidevice}It gets noticeably warm when charging two devices at once, though it never shut off.",
            "{if_led}Charges well, but the indicator LED is really bright at night.",
            "Does the job, but the finish picks up scuffs quickly.",
        ],
        "neg": [
            "Stopped working after {weeks} weeks; my phone now says the accessory is not supported.",
            "Only charges at about 10W even with the right adapter.",
            "{if_cable}The connector end snapped off after {weeks} weeks of normal use.",
            "{if_led}It makes a faint buzzing noise when plugged in.",
        ],
        "titles": {"pos": ["Fast and reliable", "Does exactly what it says"], "neg": ["Stopped charging"]},
    },
    {
        "path": "Electronics > Smartwatches",
        "pinned": [("Pulsewave", "Fitness Tracker")],
        "count": 9,
        "brands": ["Nordhaven", "Pulsewave", "Voltrix"],
        "models": ["Vanta", "Apex Trail", "Stride 2", "Pulse Lite", "Summit", "Fjord", "Horizon", "Orbit S", "Kestrel", "Tundra"],
        "variant_rate": 0.35,
        "derive": d_watch,
        "kinds": [
            {
                "noun": "GPS Smartwatch", "short": "watch", "plural": False, "price": (99, 699),
                "title": "{brand} {model} GPS Smartwatch, {case_mm} mm, {battery_days}-Day Battery, {color}",
                "attrs": {"color": ["Black", "Silver", "Rose Gold", "Olive", "Slate Blue"], "case_mm": [41, 45, 47],
                          "battery_days": T(5, 7, 10, 14, 21), "display": T("LCD", "AMOLED", "AMOLED, always-on", "sapphire-glass AMOLED"),
                          "gps": T("GPS", "GPS", "dual-band GPS"), "water_resistance": "5 ATM",
                          "compatibility": "iOS 16+ and Android 10+", "weight_g": Span(32, 62)},
                "intro": [
                    "A {case_mm} mm GPS smartwatch with a {display} display and up to {battery_days} days of battery in smartwatch mode.",
                    "Built-in {gps} with up to {gps_hours} hours of continuous tracking makes the {model} a solid choice for long runs and hikes.",
                ],
                "desc": [
                    "It weighs {weight_g} g without the strap and comes on a {strap} strap with 22 mm quick-release pins.",
                    "Offline maps and turn-by-turn breadcrumb navigation are included at no extra cost.",
                ],
            },
            {
                "noun": "Fitness Tracker", "short": "tracker", "plural": False, "price": (22, 129),
                "title": "{brand} {model} Fitness Tracker, Heart Rate & Sleep, {color}",
                "attrs": {"color": ["Black", "Lavender", "Mint", "Navy"], "battery_days": T(7, 10, 14),
                          "display": T("OLED", "AMOLED"), "gps": "connected GPS (uses your phone)",
                          "water_resistance": "5 ATM", "compatibility": "iOS 16+ and Android 10+", "weight_g": Span(18, 28)},
                "intro": [
                    "A slim fitness band that tracks steps, heart rate and sleep for up to {battery_days} days between charges.",
                    "The {model} is a {weight_g} g tracker with a bright {display} screen and {gps}.",
                ],
                "desc": [
                    "The soft {strap} band is easy to swap and comfortable enough to sleep in.",
                    "It vibrates for calls and messages and can wake you with a silent alarm.",
                ],
            },
        ],
        "desc": [
            "It tracks heart rate, blood oxygen, sleep stages and more than 100 workout types.",
            "Water-resistant to {water_resistance}, so it can be worn for pool swimming (not diving).",
            "Compatible with {compatibility}; the companion app is free with no subscription.",
            "A magnetic puck charges it fully in about {charge_min} minutes.",
        ],
        "pos": [
            "Battery lasted {days_real} days with daily runs and notifications on.",
            "Sleep tracking matches how I actually feel in the morning.",
            "Heart rate agreed with my chest strap within a couple of beats per minute.",
            "{if_gps}GPS locks on in a few seconds and my 5K distances match the track.",
            "Light enough that I forget I'm wearing it.",
        ],
        "mix": [
            "Great battery, but the screen is hard to read in direct sunlight.",
            "Tracking is good, but the app syncs slowly and sometimes needs a restart.",
            "Comfortable, but the clasp catches on sweater sleeves.",
            "Battery is closer to {days_mid} days than {battery_days} once you enable all the health sensors.",
        ],
        "neg": [
            "{if_gps}GPS took over two minutes to lock on, and the distance was off by almost half a mile on a 5K.",
            "Battery only lasts about {days_bad} days, not the {battery_days} advertised.",
            "The strap pin broke after {weeks} weeks and it fell off during a run.",
            "Notifications stopped coming through after a phone update.",
        ],
        "titles": {"pos": ["Great battery life", "Perfect running companion"], "mix": ["Good tracker, weak app"]},
    },
]

# ---- Computers ------------------------------------------------------------

SUBCATEGORIES += [
    {
        "path": "Computers > Laptops",
        "pinned": [("Veloce", "Laptop")],
        "count": 9,
        "brands": ["Veloce", "Corvell", "Ardentek"],
        "models": ["Aero", "Strada", "Meridian", "Flux", "Cadet", "Vista", "Nova", "Pilot", "Atlas", "Ridge", "Slate"],
        "variant_rate": 0.15,
        "derive": d_laptop,
        "kinds": [
            {
                "noun": "Laptop", "short": "laptop", "plural": False, "price": (429, 1999),
                "title": "{brand} {model} {screen_in}-inch Laptop, {cpu}, {ram_gb} GB RAM, {storage_txt} SSD, {color}",
                "attrs": {"color": ["Space Grey", "Silver", "Midnight"], "screen_in": T(14, 15.6, 14, 16),
                          "cpu": T("Intel Core i3-1315U", "AMD Ryzen 5 7530U", "Intel Core i5-1335U", "AMD Ryzen 7 7840U", "Intel Core Ultra 7 155H"),
                          "ram_gb": T(8, 16, 16, 32), "storage_gb": T(256, 512, 512, 1024, 2048),
                          "display": T("1920x1080 IPS (250 nits)", "1920x1200 IPS (300 nits)", "2560x1600 IPS (400 nits)", "2880x1800 OLED (500 nits)"),
                          "battery_life_h": T(7, 9, 11, 14, 16), "weight_g": Span(1150, 2100, 10),
                          "ports": T("2x USB-C, 1x USB-A, HDMI 1.4, headphone jack", "2x USB-C (one Thunderbolt 4), 2x USB-A, HDMI 2.0, microSD",
                                     "2x Thunderbolt 4, 1x USB-A, HDMI 2.1, SD card reader"),
                          "os": "Windows 11 Home"},
                "intro": [
                    "The {model} is a {screen_in}-inch laptop with an {cpu}, {ram_gb} GB of RAM and a {storage_txt} NVMe SSD.",
                    "A {weight_kg} kg everyday laptop built around the {cpu} and a {display} screen.",
                    "{brand}'s {model} balances portability and power: {screen_in}-inch {display} display, {ram_gb} GB RAM, up to {battery_life_h} hours of battery.",
                ],
                "desc": [
                    "Battery life is rated at up to {battery_life_h} hours of video playback, and the {charger_w}W USB-C charger refills 50% in about 30 minutes.",
                    "Ports: {ports}.",
                    "It is {thickness_mm} mm thin, and the RAM is {ram_note}.",
                    "The backlit keyboard has {key_travel} mm of key travel and a full-size arrow cluster.",
                    "It ships with {os} and a 1080p webcam with a physical privacy shutter.",
                    "{if_oled}The OLED panel covers 100% of DCI-P3 and is factory-calibrated.",
                ],
            },
            {
                "noun": "2-in-1 Convertible Laptop", "short": "laptop", "plural": False, "price": (499, 1399),
                "title": "{brand} {model} 14-inch 2-in-1 Touchscreen Laptop, {cpu}, {ram_gb} GB RAM, {storage_txt} SSD",
                "attrs": {"screen_in": 14, "cpu": T("Intel Core i3-1315U", "Intel Core i5-1335U", "Intel Core i7-1355U"),
                          "ram_gb": T(8, 16, 16), "storage_gb": T(256, 512, 1024),
                          "display": T("1920x1200 IPS touch (300 nits)", "1920x1200 IPS touch (400 nits)", "2880x1800 OLED touch (400 nits)"),
                          "touchscreen": "yes", "battery_life_h": T(8, 10, 12), "weight_g": Span(1350, 1650, 10),
                          "ports": "2x USB-C, 1x USB-A, HDMI 2.0, headphone jack", "os": "Windows 11 Home"},
                "intro": [
                    "The {model} folds 360 degrees from laptop to tablet, with a 14-inch {display} screen and active pen support.",
                    "A convertible 14-inch laptop with an {cpu}, {ram_gb} GB of RAM and a touchscreen that works in tent, stand and tablet modes.",
                ],
                "desc": [
                    "A rechargeable stylus with 4,096 pressure levels is included and magnetically attaches to the lid.",
                    "Battery life is rated at up to {battery_life_h} hours, and it charges over USB-C.",
                    "It weighs {weight_kg} kg; RAM is {ram_note}.",
                ],
            },
        ],
        "pos": [
            "Got about {batt_good} hours of browsing and documents on a single charge.",
            "Handles {tabs} browser tabs plus video calls without stutter.",
            "The screen is sharp and bright enough to work next to a window.",
            "Fan stays silent during normal office work.",
            "It fits snugly in my {screen_in}-inch laptop sleeve.",
            "{if_touch}The pen is great for signing PDFs and sketching in meetings.",
            "Keyboard is comfortable for long writing sessions.",
        ],
        "mix": [
            "Great screen and keyboard, but the fan gets loud during video exports.",
            "Battery is closer to {batt_mid} hours with real work, not {battery_life_h}.",
            "Solid build, but the {storage_txt} SSD fills up fast.",
            "Fast enough, but the speakers sound thin and tinny.",
            "Nice machine, though it came with a fair amount of preinstalled trial software.",
        ],
        "neg": [
            "The trackpad started registering phantom clicks after {weeks} weeks.",
            "Screen has noticeable backlight bleed in the bottom corners.",
            "Only {batt_bad} hours of battery with light use; I returned it within the 30 days.",
            "The hinge loosened after {months} months and the screen now wobbles when I type.",
        ],
        "titles": {"pos": ["Great all-rounder", "Perfect for work and school"], "mix": ["Good laptop, loud fan"], "neg": ["Battery disappointment"]},
    },
    {
        "path": "Computers > Keyboards",
        "pinned": [("Quillkey", "Mechanical Keyboard")],
        "count": 9,
        "brands": ["Quillkey", "Swiftmark", "Voltrix", "Corvell"],
        "models": ["Tactus", "Ledger", "Mosaic", "Quill 87", "Type Pro", "Flowboard", "Inkwell", "Cadence", "Atelier", "Basis"],
        "variant_rate": 0.25,
        "derive": d_keyboard,
        "kinds": [
            {
                "noun": "Mechanical Keyboard", "short": "keyboard", "plural": False, "price": (35, 229),
                "title": "{brand} {model} {layout} Mechanical Keyboard, {switches}, {conn_short}, {color}",
                "attrs": {"color": ["Black", "White/Grey", "Navy/Cream"], "layout": ["75%", "TKL (87-key)", "Full-size (104-key)", "65%"],
                          "switches": ["Brown tactile switches", "Red linear switches", "Blue clicky switches"],
                          "connectivity": T("USB-C wired", "USB-C wired + 2.4 GHz", "USB-C wired + 2.4 GHz + Bluetooth 5.1"),
                          "keycaps": T("ABS double-shot", "PBT double-shot", "PBT dye-sub"), "hot_swappable": T("no", "yes", "yes"),
                          "backlight": ["white LED", "RGB"], "weight_g": Span(650, 1200, 10)},
                "intro": [
                    "The {model} is a {layout_l} mechanical keyboard with {switches_l} and {keycaps} keycaps.",
                    "A {layout_l} board from {brand} with {switches_l}, {backlight} backlighting and {connectivity} connectivity.",
                ],
                "desc": [
                    "{if_hotswap}The PCB is hot-swappable, so switches can be changed without soldering.",
                    "It weighs {weight_g} g, has two-step flip-out feet and a detachable USB-C cable.",
                    "Works with Windows and macOS; a toggle on the back swaps the modifier layout.",
                    "{if_wireless}The 4,000 mAh battery lasts about two weeks with the backlight off.",
                ],
            },
            {
                "noun": "Low-Profile Wireless Keyboard", "short": "keyboard", "plural": False, "price": (22, 119),
                "title": "{brand} {model} Low-Profile Wireless Keyboard, Multi-Device, {color}",
                "attrs": {"color": ["Graphite", "Pale Grey", "Rose"], "layout": "Full-size with numpad",
                          "connectivity": "Bluetooth 5.1 (3 devices) + 2.4 GHz USB receiver",
                          "battery": T("2x AAA, up to 24 months", "rechargeable, up to 10 days backlit / 5 months unlit"),
                          "compatibility": "Windows, macOS, iPadOS, ChromeOS, Android", "weight_g": Span(420, 810, 10)},
                "intro": [
                    "A quiet low-profile keyboard that pairs with up to three devices and switches between them with one key.",
                    "The {model} pairs scissor-switch keys with a full numpad and {connectivity}.",
                ],
                "desc": [
                    "Power: {battery}.",
                    "Compatible with {compatibility}, with dual-printed keys for Windows and Mac.",
                    "It weighs {weight_g} g and is spill-resistant up to 60 ml.",
                ],
            },
        ],
        "pos": [
            "{if_hotswap}Swapped in my own switches in about {mins} minutes, no soldering needed.",
            "Typing feels crisp and the stabilizers don't rattle.",
            "{if_bt}Switching between my laptop and tablet is instant.",
            "{if_wireless}Battery lasted {months} months before the first low-battery warning.",
            "{if_quiet}Typing is quiet enough that I don't bother anyone on calls.",
        ],
        "mix": [
            "Keycaps feel nice, but the flip-out feet are too short for my taste.",
            "Typing feels great, but it's louder than I expected on video calls.",
            "Solid board, but the companion software only runs on Windows.",
        ],
        "neg": [
            "A couple of keys started double-typing after {weeks} weeks.",
            "{if_wireless}It lags when waking from sleep, so the first few letters get lost.",
            "The space bar rattles and sticks at the left edge.",
        ],
        "titles": {"pos": ["A joy to type on"], "neg": ["Keys double-typing"]},
    },
    {
        "path": "Computers > Mice",
        "pinned": [("Quillkey", "Vertical Ergonomic Mouse"), ("Voltrix", "Wireless Mouse")],
        "count": 9,
        "brands": ["Swiftmark", "Voltrix", "Quillkey"],
        "models": ["Glide", "Arc", "Kite", "Comet", "Ergo V", "Drift", "Dart", "Contour", "Pebble", "Loop"],
        "variant_rate": 0.3,
        "derive": d_mouse,
        "kinds": [
            {
                "noun": "Wireless Mouse", "short": "mouse", "plural": False, "price": (7, 69),
                "title": "{brand} {model} Wireless Mouse, {dpi} DPI, Silent Clicks, {color}",
                "attrs": {"color": ["Black", "White", "Blue", "Pink"], "clicks": "silent", "dpi": T(1600, 2400, 4000, 8000),
                          "connectivity": T("2.4 GHz USB receiver", "2.4 GHz + Bluetooth"),
                          "battery": T("1x AA, up to 12 months", "1x AA, up to 18 months", "rechargeable, 70 days per charge"),
                          "buttons": T(3, 5, 6), "hand": ["right-handed", "ambidextrous"], "weight_g": Span(60, 110)},
                "intro": [
                    "A {weight_g} g {hand} wireless mouse with silent switches and a {dpi} DPI sensor.",
                    "The {model} connects over {connectivity} and has {buttons} buttons, including forward/back thumb buttons.",
                ],
                "desc": [
                    "Power: {battery}.",
                    "The silent switches are about 90% quieter than standard clicks.",
                    "{if_rechargeable}A 1-minute USB-C charge gives a full day of use.",
                ],
            },
            {
                "noun": "Vertical Ergonomic Mouse", "short": "mouse", "plural": False, "price": (18, 99),
                "title": "{brand} {model} Vertical Ergonomic Mouse, 57-Degree Grip, {color}",
                "attrs": {"color": ["Graphite", "Off-White"], "shape": "vertical", "dpi": T(1600, 2400, 4000),
                          "connectivity": T("2.4 GHz USB receiver", "2.4 GHz + Bluetooth"),
                          "battery": T("1x AA, up to 12 months", "rechargeable, 4 months per charge"),
                          "buttons": 6, "hand": T("right-handed", "right-handed", "right- or left-handed versions"), "weight_g": Span(95, 135)},
                "intro": [
                    "The {model} holds your hand in a 57-degree handshake position to reduce forearm twisting.",
                    "A vertical ergonomic mouse for long workdays, with a {dpi} DPI sensor and {connectivity}.",
                ],
                "desc": [
                    "Power: {battery}.",
                    "It suits medium to large hands (roughly 17-21 cm from wrist to fingertip).",
                ],
            },
            {
                "noun": "Lightweight Gaming Mouse", "short": "mouse", "plural": False, "price": (19, 149),
                "title": "{brand} {model} Lightweight Gaming Mouse, {dpi} DPI, {weight_g} g, {color}",
                "attrs": {"color": ["Black", "White"], "dpi": T(8000, 16000, 26000, 32000), "polling_rate_hz": T(1000, 1000, 4000),
                          "connectivity": T("USB-C wired", "2.4 GHz + USB-C wired"), "buttons": 6, "hand": "right-handed",
                          "weight_g": Span(49, 85)},
                "intro": [
                    "A {weight_g} g gaming mouse with a {dpi} DPI optical sensor and {polling_rate_hz} Hz polling.",
                    "The {model} is built for fast aim: low weight, PTFE feet and optical switches rated for 90 million clicks.",
                ],
                "desc": [
                    "Connection: {connectivity}, with a flexible paracord-style cable.",
                    "Onboard memory stores five DPI profiles, so settings travel with the mouse.",
                ],
            },
        ],
        "pos": [
            "{if_vertical}My wrist pain eased noticeably after about {weeks} weeks of using it.",
            "{if_silent}The clicks really are nearly silent, which my partner appreciates.",
            "Tracks perfectly on my wooden desk without a mouse pad.",
            "{if_gaming}So light that flick shots feel effortless.",
            "{if_wireless}Pairing was instant and it has never dropped out.",
        ],
        "mix": [
            "Comfortable shape, but the scroll wheel is a bit mushy.",
            "{if_vertical}Took a week to get used to and it's too big for small hands.",
            "{if_wireless}Works well, but the USB receiver has no storage slot in the mouse.",
        ],
        "neg": [
            "The left button started double-clicking after {weeks} weeks.",
            "{if_wireless}The cursor stutters unless the receiver is right next to the mouse.",
            "The scroll wheel squeaks and skips when scrolling down.",
        ],
    },
    {
        "path": "Computers > Monitors",
        "pinned": [("Veloce", "Monitor")],
        "count": 9,
        "brands": ["Lumora", "Veloce", "Ardentek", "Corvell"],
        "models": ["ClearView", "Vista", "Panorama", "Studio", "Horizon", "Vantage", "Prism", "Aurora", "Canvas", "Lumen"],
        "variant_rate": 0.1,
        "derive": d_monitor,
        "kinds": [
            {
                "noun": "Monitor", "short": "monitor", "plural": False, "price": (99, 1099),
                "title": "{brand} {model} {size_in}-inch {res_name} {panel} Monitor, {refresh_hz}Hz",
                "attrs": {"size_in": T(24, 27, 27, 32, 34), "resolution": T("1920x1080", "2560x1440", "2560x1440", "3840x2160"),
                          "panel": T("VA", "IPS", "IPS", "Nano IPS", "OLED"), "refresh_hz": T(75, 100, 144, 165, 240),
                          "ports": T("HDMI 1.4, VGA", "2x HDMI 2.0, DisplayPort 1.4", "HDMI 2.1, DisplayPort 1.4, USB-C 65W",
                                     "HDMI 2.1, DisplayPort 1.4, USB-C 90W, KVM switch"),
                          "stand": T("tilt only", "tilt and height", "tilt, swivel, height and pivot"), "vesa": "100 x 100 mm"},
                "intro": [
                    "A {size_in}-inch {res} {panel} monitor with a {refresh_hz}Hz refresh rate and {brightness} nits typical brightness.",
                    "The {model} gives you {res_name} resolution on a {size_in}-inch {panel} panel, good for spreadsheets, code and photo work.",
                    "{brand}'s {size_in}-inch {model} pairs a {panel} panel with a {stand} stand.",
                ],
                "desc": [
                    "Inputs: {ports}.",
                    "{if_usbc}A single USB-C cable carries video, data and up to {usbc_w}W of laptop charging.",
                    "The stand offers {stand} adjustment, and the panel is {vesa} VESA-mountable.",
                    "{if_oled}OLED pixel-refresh and burn-in protection run automatically in standby.",
                    "{if_fast}Adaptive sync works with both major GPU brands for tear-free gaming.",
                    "{if_lcd}Flicker-free backlight and a low-blue-light mode are built in.",
                ],
            },
        ],
        "pos": [
            "Text is crisp at 100% scaling and colors look accurate out of the box.",
            "{if_usbc}One cable to my laptop for video and charging, which cleaned up my desk.",
            "{if_fast}Motion is smooth in games and even just scrolling web pages.",
            "Took {mins} minutes to set up, including mounting it on my arm.",
            "{if_lcd}No dead pixels and very even backlight on my unit.",
        ],
        "mix": [
            "Great picture, but the built-in speakers are barely usable.",
            "Good panel, but the stand wobbles a bit when I type hard.",
            "Sharp image, but the menu joystick is awkward to use.",
        ],
        "neg": [
            "Arrived with two dead pixels near the center.",
            "{if_lcd}Noticeable backlight bleed in the corners with dark content.",
            "It randomly goes black for a second every few hours over DisplayPort.",
        ],
        "titles": {"pos": ["Crisp and bright", "Great for work from home"], "neg": ["Dead pixels"]},
    },
]

# ---- Home & Kitchen -------------------------------------------------------

COOKWARE_SET_CONTENTS = {
    5: "a 1.5 L saucepan with lid, a 24 cm saute pan with lid and a 28 cm skillet",
    7: "1.5 L and 2.8 L saucepans with lids, a 5.7 L stockpot with lid and a 26 cm skillet",
    10: "1.5 L and 2.8 L saucepans, a 3.3 L saute pan, a 7.6 L stockpot (all with lids) plus 20 cm and 26 cm skillets",
    12: "1.5 L and 2.8 L saucepans, a 3.3 L saute pan, a 7.6 L stockpot, a steamer insert (all with lids where applicable) plus 20 cm, 26 cm and 30 cm skillets",
}
TEAS = ["Darjeeling first flush", "Assam breakfast", "sencha", "jasmine pearls", "Ceylon orange pekoe",
        "lapsang souchong", "rooibos (caffeine-free)", "chamomile (caffeine-free)", "oolong", "Earl Grey"]


def d_kitchen(a, rng):
    d = {}
    if "pieces" in a and a["pieces"] in COOKWARE_SET_CONTENTS:
        d["includes_txt"] = COOKWARE_SET_CONTENTS[a["pieces"]]
    if "portafilter_mm" in a:
        d["warm_s"] = {"thermoblock": 30, "thermocoil": 45, "single boiler with PID": 300, "dual boiler with PID": 600}[a["heating"]]
        d["warm_txt"] = "under a minute" if d["warm_s"] < 60 else f"about {d['warm_s'] // 60} minutes"
    if "temp_control" in a:
        d["boil_min"] = rng.choice([4, 5, 6])
    if "pack_size" in a and "tin_weight_g" in a:
        teas = rng.sample(TEAS, a["pack_size"])
        d["teas"] = ", ".join(teas[:3])
        d["fav_tea"] = teas[1].split(" (")[0]
    if "capacity_l" in a and "pack_size" in a and "material" in a and "recycled" in a["material"]:
        d["bin_dims"] = {12: "40 x 30 x 17 cm", 20: "48 x 35 x 20 cm", 32: "58 x 39 x 24 cm"}[a["capacity_l"]]
    if "diameter_cm" in a:
        d["if_pan"] = ""
    if "coating" in a:
        d["pan_care"] = "dishwasher-safe" if a["dishwasher_safe"] == "yes" else "best washed by hand"
    if "compartments" in a:
        d["material_t"] = "Bamboo" if a["material"] == "bamboo" else "Solid Oak"
    if str(a.get("dishwasher_safe", "")).startswith(("no", "hand")):
        d["if_handwash"] = ""
    return d


SUBCATEGORIES += [
    {
        "path": "Home & Kitchen > Cookware",
        "pinned": [("Copperleaf", "Nonstick Frying Pan")],
        "count": 9,
        "brands": ["Copperleaf", "Ironvale", "Kettleworks", "Maple & Tin"],
        "models": ["Hearth", "Everyday", "Sear Pro", "Provence", "Forge", "Bistro", "Homestead", "Ember", "Galley", "Saltbox"],
        "variant_rate": 0.35,
        "derive": d_kitchen,
        "kinds": [
            {
                "noun": "Nonstick Frying Pan", "short": "pan", "plural": False, "price": (12, 89), "variant": "diameter_cm",
                "title": "{brand} {model} Nonstick Frying Pan, {diameter_cm} cm ({diameter_in}-inch)",
                "attrs": {"diameter_cm": [20, 24, 28, 30], "coating": T("PTFE nonstick (PFOA-free)", "ceramic nonstick", "3-layer PTFE nonstick (PFOA-free)"),
                          "material": "aluminium with stainless steel induction base", "oven_safe_c": T(180, 200, 230, 260),
                          "induction_compatible": "yes", "dishwasher_safe": T("hand wash recommended", "yes"), "weight_g": Span(650, 1400, 10)},
                "intro": [
                    "A {diameter_cm} cm ({diameter_in}-inch) frying pan with a {coating} surface that releases eggs and pancakes with little or no oil.",
                    "The {model} pan has a thick aluminium body with a stainless steel base, so it heats evenly on gas, electric and induction.",
                ],
                "desc": [
                    "Oven-safe to {oven_safe_c} °C ({oven_safe_f} °F); the stay-cool handle is riveted for strength.",
                    "It is {pan_care}; use wooden or silicone utensils to protect the coating.",
                    "It weighs {weight_g} g, balanced for one-handed tossing.",
                ],
                "pos": ["Eggs slide right off with just a drop of butter, even after {months} months.",
                        "Heats evenly on my induction hob with no hot spot in the middle.",
                        "Light enough to flip pancakes one-handed."],
                "mix": ["The coating is great, but the handle gets warm near the pan on gas.",
                        "Works well, but the flat cooking area is smaller than {diameter_cm} cm suggests because of the sloped sides."],
                "neg": ["The coating started peeling at the edge after {months} months, even with silicone utensils.",
                        "The base warped slightly and now spins on my glass cooktop."],
            },
            {
                "noun": "Pre-Seasoned Cast Iron Skillet", "short": "skillet", "plural": False, "price": (18, 129), "variant": "diameter_cm",
                "title": "{brand} {model} Pre-Seasoned Cast Iron Skillet, {diameter_cm} cm ({diameter_in}-inch)",
                "attrs": {"diameter_cm": [25, 30], "material": "cast iron", "pre_seasoned": "yes", "oven_safe_c": 260,
                          "induction_compatible": "yes", "dishwasher_safe": "no", "weight_g": Span(2300, 3600, 50)},
                "intro": [
                    "A pre-seasoned {diameter_cm} cm cast iron skillet for searing, baking cornbread and going straight from stovetop to oven.",
                    "The {model} skillet weighs {weight_kg} kg and holds heat for a hard sear.",
                ],
                "desc": [
                    "It has a helper handle opposite the main handle and two pour spouts.",
                    "Care: hand wash, dry on the stove and wipe with a thin coat of oil; not dishwasher-safe.",
                    "It works on gas, electric, induction, in the oven and over a campfire.",
                ],
                "pos": ["Gave me the best steak crust I've made at home.",
                        "Seasoning was decent out of the box and improved after a few batches of bacon."],
                "mix": ["Cooks beautifully, but at {weight_kg} kg it's heavy to lift with one hand.",
                        "Good skillet, but the cooking surface is rougher than vintage pans."],
                "neg": ["Arrived with rust spots under the handle.", "Seasoning flaked off in the first week."],
            },
            {
                "noun": "Stainless Steel Cookware Set", "short": "set", "plural": False, "price": (79, 599),
                "title": "{brand} {model} {pieces}-Piece Stainless Steel Cookware Set",
                "attrs": {"pieces": T(5, 7, 10, 12), "material": T("tri-ply stainless steel (impact-bonded base)", "fully clad tri-ply stainless steel", "5-ply stainless steel"),
                          "oven_safe_c": 260, "induction_compatible": "yes", "dishwasher_safe": "yes"},
                "intro": [
                    "A {pieces}-piece set in {material} that works on every cooktop, including induction.",
                    "The {model} set includes {includes_txt}.",
                ],
                "desc": [
                    "Everything is oven-safe to {oven_safe_c} °C ({oven_safe_f} °F) and dishwasher-safe.",
                    "Tight-fitting stainless lids and flared rims make pouring drip-free.",
                    "Handles are riveted, and each pot has etched measurement marks inside.",
                ],
                "pos": ["Heats evenly and cleans up with a little stainless cleanser.",
                        "Lids fit snugly and the handles stay cool on the stovetop.",
                        "After {months} months they still look almost new."],
                "mix": ["Great pans, but food sticks until you learn to preheat properly.",
                        "Good set, but the smallest saucepan is too small for pasta."],
                "neg": ["One pan warped after {weeks} weeks on high heat.",
                        "Rainbow discoloration appeared after the first few uses and won't come off."],
            },
            {
                "noun": "Enamelled Cast Iron Dutch Oven", "short": "Dutch oven", "plural": False, "price": (39, 349),
                "title": "{brand} {model} Enamelled Cast Iron Dutch Oven, {capacity_l} L, {color}",
                "attrs": {"color": ["Cherry Red", "Sea Salt", "Graphite", "Sage"], "capacity_l": [3.8, 5.2, 6.7],
                          "material": "enamelled cast iron", "oven_safe_c": T(230, 250, 260), "induction_compatible": "yes",
                          "dishwasher_safe": "hand wash recommended", "weight_g": Span(4200, 6400, 50)},
                "intro": [
                    "A {capacity_l} L ({quarts} qt) enamelled cast iron Dutch oven for braises, soups and no-knead bread.",
                    "The {model} Dutch oven has a glossy {color_l} enamel exterior and a light interior that makes browning easy to watch.",
                ],
                "desc": [
                    "Oven-safe to {oven_safe_c} °C with the stainless knob; it weighs {weight_kg} kg empty.",
                    "The tight-fitting lid has self-basting spikes underneath.",
                    "Hand washing is recommended to keep the enamel glossy.",
                ],
                "pos": ["Bakes a perfect sourdough loaf with the lid on for the first 20 minutes.",
                        "Holds heat for hours; my short ribs came out fall-apart tender."],
                "mix": ["Lovely pot, but there was a small chip on the rim from shipping.", "Cooks well, but it's very heavy when full."],
                "neg": ["The interior enamel crazed after a few months.", "The knob cracked in a 230 °C oven."],
            },
        ],
        "pos": ["Cleans up easily after a weeknight stir-fry.", "Feels solid and well balanced in the hand."],
        "mix": ["{if_pan}Cooks well, but the handle is longer than my small stovetop likes."],
        "neg": ["Arrived with a dent in the rim."],
        "titles": {"pos": ["Kitchen workhorse", "Even heating"], "neg": ["Coating failed"]},
    },
    {
        "path": "Home & Kitchen > Coffee & Tea",
        "pinned": [("Baristella", "Espresso Machine"), ("Baristella", "Conical Burr Coffee Grinder"), ("Kettleworks", "Gooseneck Electric Kettle"), ("Ember & Leaf", "Loose Leaf Tea Sampler")],
        "count": 10,
        "brands": ["Baristella", "Kettleworks", "Ember & Leaf"],
        "models": ["Crema Uno", "Duetto", "Aroma", "Ristretto", "Brio", "Lungo", "Caldera", "Steadypour", "Bloom", "Cortado", "Daybreak"],
        "variant_rate": 0.25,
        "derive": d_kitchen,
        "kinds": [
            {
                "noun": "Espresso Machine", "short": "machine", "plural": False, "price": (149, 1299), "brands": ["Baristella", "Kettleworks"],
                "title": "{brand} {model} Espresso Machine with Steam Wand, {water_tank_l} L Tank, {color}",
                "attrs": {"color": ["Brushed Steel", "Matte Black", "Cream"], "pump_bar": T(15, 15, 20),
                          "heating": T("thermoblock", "thermocoil", "single boiler with PID", "dual boiler with PID"),
                          "grinder": T("none", "none", "built-in conical burr, 30 settings"), "water_tank_l": [1.5, 1.8, 2.0, 2.5],
                          "portafilter_mm": T(51, 54, 58, 58), "wattage_w": [1350, 1500, 1600]},
                "intro": [
                    "A {portafilter_mm} mm espresso machine with a {heating} and a manual steam wand for microfoam.",
                    "The {model} is ready in {warm_txt} and pulls consistent shots with a {pump_bar}-bar pump and low-pressure pre-infusion.",
                ],
                "desc": [
                    "Built-in grinder: {grinder}.",
                    "The {water_tank_l} L tank lifts out from the top for refilling.",
                    "It comes with a stainless milk jug, a tamper and single and double baskets.",
                    "Descale every 2-3 months; a light on the front tells you when.",
                ],
                "pos": ["Pulls a 36 g shot in about 28 seconds once the grind is dialled in, and it tastes like my local cafe.",
                        "The steam wand makes silky microfoam for latte art after a bit of practice.",
                        "Ready in {warm_txt}, so weekday lattes are actually doable."],
                "mix": ["Great espresso, but the drip tray is shallow and fills quickly.",
                        "Shots are good, but switching from brewing to steaming takes a while."],
                "neg": ["Started leaking from under the group head after {months} months.",
                        "The pump got very loud and shots became inconsistent after {weeks} weeks."],
            },
            {
                "noun": "Conical Burr Coffee Grinder", "short": "grinder", "plural": False, "price": (29, 349), "brands": ["Baristella", "Kettleworks"],
                "title": "{brand} {model} Burr Coffee Grinder, {grind_settings} Settings, {color}",
                "attrs": {"color": ["Black", "Silver", "White"], "burr": T("38 mm steel conical", "40 mm steel conical", "54 mm hardened steel conical", "64 mm flat steel"),
                          "grind_settings": T(18, 31, 40, 60), "hopper_g": [200, 250, 340], "wattage_w": [150, 200, 250]},
                "intro": [
                    "A grinder with {burr} burrs and {grind_settings} settings, from fine espresso to coarse French press.",
                    "The {model} holds {hopper_g} g of beans and has a timed dose button and low retention.",
                ],
                "desc": ["An anti-static grounds cup and a cleaning brush are included.",
                         "The upper burr lifts out without tools for cleaning."],
                "pos": ["Grind is very consistent for pour-over, with far fewer fines than my old blade grinder.",
                        "Retention is low, maybe 0.2 g on average."],
                "mix": ["Good grind, but static makes a mess unless you spritz the beans with a drop of water."],
                "neg": ["The finest settings aren't fine enough for espresso on my machine.",
                        "A plastic part of the burr carrier cracked after {months} months."],
            },
            {
                "noun": "Gooseneck Electric Kettle", "short": "kettle", "plural": False, "price": (19, 169),
                "title": "{brand} {model} Gooseneck Electric Kettle, Variable Temperature, {capacity_l} L, {color}",
                "attrs": {"color": ["Matte Black", "White", "Copper"], "capacity_l": [0.8, 0.9, 1.0],
                          "temp_control": T("3 presets", "5 presets (70-100 °C)", "1-degree control, 40-100 °C"),
                          "keep_warm_min": [30, 60], "wattage_w": [1000, 1200], "material": "stainless steel"},
                "intro": [
                    "A {capacity_l} L gooseneck kettle with {temp_control} and a precise spout for pour-over coffee and delicate teas.",
                    "The {model} boils a full {capacity_l} L in about {boil_min} minutes and holds temperature for {keep_warm_min} minutes.",
                ],
                "desc": ["The interior is food-grade stainless steel, so no plastic touches the water.",
                         "It lifts off a 360-degree base and shuts off automatically if it boils dry."],
                "pos": ["Pour control is excellent; a slow spiral for pour-over is easy.",
                        "Temperature is accurate; my thermometer read within a degree."],
                "mix": ["Beautiful kettle, but the lid is hard to lift when hot.",
                        "Works well, but the beep is loud and can't be turned off."],
                "neg": ["The base stopped heating after {months} months.",
                        "The lid leaks if you tip it to pour the last bit."],
            },
            {
                "noun": "Glass Pour-Over Coffee Maker", "short": "coffee maker", "plural": False, "price": (16, 59),
                "title": "{brand} {model} Glass Pour-Over Coffee Maker, {capacity_ml} ml",
                "attrs": {"capacity_ml": [600, 800], "material": "borosilicate glass with wooden collar",
                          "filter": "stainless mesh filter included", "dishwasher_safe": "glass only"},
                "intro": ["This {capacity_ml} ml ({capacity_oz} oz) pour-over brewer is made of heat-resistant borosilicate glass.",
                          "The {model} brews up to {capacity_ml} ml of clean, bright coffee with no machine required."],
                "desc": ["A reusable stainless mesh filter is included, or use standard paper cone filters.",
                         "Remove the wooden collar before washing; the glass is dishwasher-safe."],
                "pos": ["Makes a clean, bright cup, and the {capacity_ml} ml size covers coffee for two."],
                "mix": ["Nice brew, but the mesh filter lets some fines through."],
                "neg": ["The glass cracked after a few weeks when I rinsed it with cold water.",
                        "The wooden collar cracked after getting wet a few times."],
            },
            {
                "noun": "Loose Leaf Tea Sampler", "short": "sampler", "plural": False, "price": (12, 39), "brands": ["Ember & Leaf"],
                "title": "{brand} {model} Loose Leaf Tea Sampler, {pack_size} Tins",
                "attrs": {"pack_size": T(4, 6, 8), "tin_weight_g": 50, "origin": "single-estate teas from India, China, Japan and Sri Lanka"},
                "intro": ["A sampler of {pack_size} loose leaf teas in 50 g tins, including {teas}.",
                          "The {model} sampler collects {pack_size} {origin}."],
                "desc": ["Each tin makes about 20 cups, and steeping times are printed on the lid.",
                         "Resealable tins keep out light and moisture."],
                "pos": ["The {fav_tea} is my favourite; I now buy the big tin.", "Great way to find out what you like."],
                "mix": ["Most teas are lovely, but the smoky one was too strong for me."],
                "neg": ["Tins arrived dented and one lid didn't close properly.", "The teas tasted stale, like they'd been sitting for a while."],
            },
        ],
        "pos": ["Looks great on the counter and is easy to clean.", "Arrived well packed, and the quick-start card was clear."],
        "mix": ["Works as described, but the instructions are vague about the first clean."],
        "neg": ["Support took over a week to answer my question about a faulty part."],
        "titles": {"pos": ["Better than the cafe", "Morning ritual upgrade"], "neg": ["Leaks"]},
    },
    {
        "path": "Home & Kitchen > Small Appliances",
        "count": 9,
        "brands": ["Kettleworks", "Maple & Tin", "Copperleaf"],
        "models": ["Crisp", "Swirl", "Harvest", "Nimbus", "Golden", "Pronto", "Whirl", "Steady", "Kitchenmate", "Blaze"],
        "variant_rate": 0.25,
        "derive": d_kitchen,
        "kinds": [
            {
                "noun": "Air Fryer", "short": "air fryer", "plural": False, "price": (45, 249),
                "title": "{brand} {model} Air Fryer, {capacity_l} L Basket, {wattage_w}W, {color}",
                "attrs": {"color": ["Black", "White", "Sage"], "capacity_l": T(3.8, 5.5, 6.2, 8.0), "wattage_w": T(1500, 1700, 1800),
                          "presets": T(6, 8, 12), "temp_range": "80-200 °C", "basket": "PFOA-free nonstick, dishwasher-safe",
                          "viewing_window": T("no", "no", "yes")},
                "intro": ["A {capacity_l} L ({quarts} qt) air fryer that cooks a family-size batch of fries with a tablespoon of oil.",
                          "The {model} runs at {wattage_w}W with {presets} one-touch presets and a temperature range of {temp_range}."],
                "desc": ["The basket and crisper plate are dishwasher-safe.", "It reminds you to shake the basket halfway through.",
                         "At about 38 cm tall it fits under standard kitchen cabinets."],
                "pos": ["Frozen fries come out crisp in about 15 minutes.",
                        "Chicken thighs take around 22 minutes and come out juicy with crispy skin."],
                "mix": ["Cooks well, but the basket coating scratches easily.",
                        "Great results, but there was a plastic smell for the first few uses."],
                "neg": ["The nonstick coating started flaking after {months} months.", "The display died after {weeks} weeks."],
            },
            {
                "noun": "High-Speed Blender", "short": "blender", "plural": False, "price": (39, 499),
                "title": "{brand} {model} High-Speed Blender, {wattage_w}W, {capacity_l} L Jar",
                "attrs": {"wattage_w": T(700, 1000, 1200, 1500), "capacity_l": [1.5, 1.8, 2.0],
                          "jar_material": T("BPA-free Tritan", "BPA-free Tritan", "borosilicate glass"),
                          "speeds": T("3 speeds + pulse", "10 speeds + pulse", "variable speed dial + 4 programs")},
                "intro": ["A {wattage_w}W blender with a {capacity_l} L {jar_material} jar for smoothies, soups and nut butters.",
                          "The {model} blender offers {speeds} and hardened stainless steel blades."],
                "desc": ["The jar, lid and tamper are dishwasher-safe (top rack).",
                         "A self-clean cycle needs just warm water and a drop of soap."],
                "pos": ["Makes smooth green smoothies with no kale chunks.", "Crushes ice in seconds."],
                "mix": ["Powerful, but very loud, and the lid is tight to remove."],
                "neg": ["The jar started leaking at the base after {weeks} weeks.",
                        "I smelled burning and the motor cut out while making nut butter."],
            },
            {
                "noun": "2-Slice Toaster", "short": "toaster", "plural": False, "price": (22, 149),
                "title": "{brand} {model} 2-Slice Toaster, Extra-Wide Slots, {color}",
                "attrs": {"color": ["Stainless", "Matte Black", "Cream", "Sage"], "slot_width_mm": [36, 38, 40],
                          "browning_levels": [6, 7], "wattage_w": [850, 950], "functions": "bagel, defrost, reheat"},
                "intro": ["A 2-slice toaster with {slot_width_mm} mm wide slots that take thick bread and bagels.",
                          "The {model} toaster has {browning_levels} browning levels and {functions} buttons."],
                "desc": ["A slide-out crumb tray makes cleaning easy.", "It draws {wattage_w}W and has cord storage underneath."],
                "pos": ["Even browning on both sides, even with thick sourdough.",
                        "The bagel setting toasts only the cut side, as it should."],
                "mix": ["Toasts evenly, but the outside gets quite hot.",
                        "Looks nice, but the slots are too short for large bread slices."],
                "neg": ["One side toasts much darker than the other.", "The lever stopped staying down after {months} months."],
            },
            {
                "noun": "Rice Cooker", "short": "rice cooker", "plural": False, "price": (25, 199),
                "title": "{brand} {model} Rice Cooker, {cups} Cups Uncooked",
                "attrs": {"cups": [3, 5.5, 10], "inner_pot": T("nonstick", "nonstick", "ceramic-coated"),
                          "programs": T("white, brown, steam", "white, brown, quick, porridge, steam", "fuzzy logic with 12 programs"),
                          "keep_warm_h": 12},
                "intro": ["A {cups}-cup rice cooker with a {inner_pot} inner pot and {programs} settings.",
                          "The {model} cooks up to {cups} cups of uncooked rice and keeps it warm for {keep_warm_h} hours."],
                "desc": ["A 24-hour delay timer lets you have rice ready when you get home.",
                         "It includes a steaming basket, rice paddle and measuring cup."],
                "pos": ["Makes perfect jasmine rice every time.", "The delay timer means rice is ready when I get home."],
                "mix": ["Rice is great, but the steam vent spits a little onto the counter."],
                "neg": ["The coating in the inner pot scratched within a month.",
                        "Rice at the bottom burns on the brown rice setting."],
            },
        ],
        "pos": ["Easy to clean and doesn't take up much counter space.", "Simple controls; my kids can use it safely."],
        "mix": ["Does the job, but the cord is short."],
        "neg": ["Stopped working completely after {months} months."],
        "titles": {"pos": ["Use it every day", "Counter space well spent"], "neg": ["Broke fast"]},
    },
    {
        "path": "Home & Kitchen > Storage",
        "count": 9,
        "brands": ["Tidynest", "Maple & Tin", "Oakline Studio"],
        "models": ["Stack & Seal", "Pantry Pro", "Nest", "Clearline", "Modular", "Keeper", "Tidy", "Orderly", "Fresh Lock", "Cubby"],
        "variant_rate": 0.3,
        "derive": d_kitchen,
        "kinds": [
            {
                "noun": "Glass Food Storage Containers", "short": "containers", "plural": True, "price": (18, 59), "brands": ["Tidynest", "Maple & Tin"],
                "title": "{brand} {model} Glass Food Storage Containers with Locking Lids, {pack_size}-Pack",
                "attrs": {"pack_size": T(5, 10, 12), "material": "borosilicate glass, BPA-free polypropylene lids",
                          "sizes_included": "370 ml to 1.5 L", "oven_safe_c": 230, "dishwasher_safe": "yes",
                          "seal": "silicone gasket, 4 locking tabs"},
                "intro": ["A {pack_size}-pack of glass containers from {sizes_included} with four-tab locking lids.",
                          "The {model} containers go from freezer to microwave to oven (glass only, up to {oven_safe_c} °C)."],
                "desc": ["Lids use a removable silicone gasket for a leak-resistant seal.", "Everything is dishwasher-safe; lids on the top rack."],
                "pos": ["The lids seal tight; I carry soup to work in my bag with no leaks.", "They nest neatly so the cupboard stays tidy."],
                "mix": ["Great glass, but the lids warped slightly on the bottom rack of the dishwasher."],
                "neg": ["The lid leaks if you tip it, even with all four tabs locked.",
                        "One container cracked going from the fridge into a hot oven."],
            },
            {
                "noun": "Stackable Storage Bins", "short": "bins", "plural": True, "price": (12, 49), "brands": ["Tidynest", "Maple & Tin"],
                "title": "{brand} {model} Stackable Storage Bins with Lids, {capacity_l} L, {pack_size}-Pack, {color}",
                "attrs": {"color": ["Clear", "White", "Grey"], "capacity_l": [12, 20, 32], "pack_size": [3, 4, 6],
                          "material": "recycled polypropylene"},
                "intro": ["A {pack_size}-pack of {capacity_l} L stackable bins with snap-on lids, each about {bin_dims}.",
                          "The {model} bins are made from recycled polypropylene and stack securely when full."],
                "desc": ["Lids clip on at both ends and have a recessed top so bins stack without sliding.",
                         "Wipe clean with a damp cloth; not for use in the dishwasher."],
                "pos": ["They stack solidly four high in my garage.", "Perfect size for seasonal clothes under the bed."],
                "mix": ["Sturdy bins, but the lids are tricky to snap on at the corners."],
                "neg": ["The lids crack at the corners in cold weather.", "Two bins arrived cracked."],
            },
            {
                "noun": "Expandable Drawer Organizer", "short": "organizer", "plural": False, "price": (12, 45), "brands": ["Tidynest", "Oakline Studio", "Maple & Tin"],
                "title": "{brand} {model} Expandable {material_t} Drawer Organizer, {compartments} Compartments",
                "attrs": {"compartments": [5, 7, 9], "width_cm": "33-53 (expandable)", "material": T("bamboo", "bamboo", "solid oak"),
                          "finish": "food-safe oil"},
                "intro": ["An expandable {material} organizer with {compartments} compartments for cutlery and utensils.",
                          "The {model} slides open from 33 to 53 cm wide to fit most kitchen drawers."],
                "desc": ["It is finished with a food-safe oil; wipe clean and dry, do not soak.",
                         "Rubber feet keep it from sliding when the drawer opens."],
                "pos": ["Expands to fit my odd-sized drawer perfectly.", "Looks much nicer than the plastic one I had."],
                "mix": ["Nice wood, but the smallest compartments are too narrow for my serving spoons."],
                "neg": ["The expanding section sticks and one slat split within {weeks} weeks."],
            },
            {
                "noun": "Airtight Pantry Canisters", "short": "canisters", "plural": True, "price": (8, 39), "brands": ["Tidynest", "Maple & Tin"],
                "title": "{brand} {model} Airtight Pantry Canisters, {pack_size}-Pack, {capacity_l} L Each",
                "attrs": {"pack_size": [3, 4, 6], "capacity_l": [1.2, 1.7, 2.4], "material": "BPA-free acrylic, silicone-sealed lids"},
                "intro": ["A set of {pack_size} airtight canisters, {capacity_l} L each, for flour, pasta, cereal and snacks.",
                          "The {model} canisters lock with a push-button lid that seals with one hand."],
                "desc": ["Chalkboard labels and a marker are included.", "Hand wash only; the lids come apart for cleaning."],
                "pos": ["Flour and sugar fit perfectly and stay dry.", "A full 1 kg bag of pasta fits in one canister."],
                "mix": ["They look great, but the acrylic scratches easily."],
                "neg": ["The push-button lids stopped sealing after {months} months."],
            },
        ],
        "pos": ["Feels sturdy and looks tidy on the shelf.", "Exactly the sizes listed, so planning my pantry was easy."],
        "mix": ["Good quality, but smaller than I pictured."],
        "neg": ["Arrived cracked in one corner."],
        "titles": {"pos": ["Finally organized", "Tidy kitchen"], "neg": ["Lids don't seal"]},
    },
]

# ---- Clothing & Footwear --------------------------------------------------

SIZING_APPAREL = ["true to size"] * 4 + ["runs small", "runs large"]
SIZING_SHOES = ["true to size"] * 4 + ["runs half a size small", "runs half a size large"]
SOCK_SIZE_CHART = "S: women's 5-7.5 | M: men's 6-8.5, women's 8-10.5 | L: men's 9-12 | XL: men's 12.5-15"


def apparel_sizes(rng):
    """Available sizes for one garment, e.g. ['S', 'M', 'L', 'XL']."""
    lo, hi = rng.choice([0, 1, 1]), rng.choice([4, 5, 5])
    return list(APPAREL_SIZES[lo : hi + 1])


def shoe_sizes(scale):
    def pick(rng):
        sizes = list(scale[rng.choice([0, 1, 2]) : len(scale) - rng.choice([0, 0, 1])])
        if rng.random() < 0.3:  # one size sold out for this colourway
            sizes.remove(rng.choice(sizes[2:-2]))
        return sizes
    return pick


def d_apparel(a, rng):
    d = {}
    m = str(a.get("material", ""))
    if "down" in str(a.get("insulation", "")):
        d["care"] = "machine wash cold on a gentle cycle with down wash, tumble dry low with dryer balls"
    elif "linen" in m:
        d["care"] = "machine wash cold, line dry, warm iron while slightly damp"
    elif "merino" in m:
        d["care"] = "machine wash warm inside out, tumble dry low, no fabric softener"
    elif "cotton" in m:
        d["care"] = "machine wash cold with like colours, tumble dry low"
    else:
        d["care"] = "machine wash cold, tumble dry low, do not iron"
    if a.get("sizing") == "true to size":
        d["sizing_txt"] = "fits true to size"
    elif a.get("sizing"):
        d["sizing_txt"] = f"{a['sizing']}, so consider sizing {'up' if 'small' in a['sizing'] else 'down'}"
    if "pack_size" in a:
        d["pairs_txt"] = "1 pair" if a["pack_size"] == 1 else f"{a['pack_size']} pairs"
        d["pairs_t"] = d["pairs_txt"].title()
    if "height" in a:
        d["height_t"] = {"no-show": "No-Show", "quarter": "Quarter", "crew": "Crew"}[a["height"]]
    if "lug_depth_mm" in a:
        d["if_trail"] = ""
    if "sleeve" in a:
        d["sleeve_t"] = a["sleeve"].title()
    if "waterproof" in str(a.get("waterproof", "")):
        d["if_waterproof"] = ""
    return d


def _neighbour(sizes, size, step):
    i = sizes.index(size) + step
    return sizes[i] if 0 <= i < len(sizes) else None


def r_fit(a, rng, garment):
    """Review sentences about fit that agree with the product's sizing attribute."""
    sizes = a.get("size")
    sizing = a.get("sizing")
    if not isinstance(sizes, list) or not sizing:
        return {}
    inner = sizes[1:-1] or sizes
    sz = rng.choice(inner)
    up, down = _neighbour(sizes, sz, 1) or sz, _neighbour(sizes, sz, -1) or sz
    pl = garment == "shoes"
    it, fits, runs = ("they", "fit", "run") if pl else ("it", "fits", "runs")
    half = "half a size " if pl else ""
    if sizing == "true to size":
        return {"fit_good": rng.choice([
            f"{it.capitalize()} {fits} true to size; my usual {sz} is perfect.",
            f"I ordered my usual {sz} and {it} {fits} just right.",
        ])}
    small = "small" in sizing
    other = up if small else down
    return {
        "fit_tip": f"{it.capitalize()} {runs} {half}{'small' if small else 'large'}, so I went from my usual {sz} to a {other} and {it} {fits} perfectly.",
        "fit_bad": rng.choice([
            f"{it.capitalize()} {runs} {half}{'small' if small else 'large'}; my usual {sz} was {'too tight' if small else 'too loose'} and I had to exchange for a {other}.",
            f"Sizing is off: {it} {runs} {half}{'small' if small else 'large'} compared with other brands in my usual {sz}.",
        ]),
    }


def r_apparel(a, rng):
    return r_fit(a, rng, "apparel")


def r_shoes(a, rng):
    d = r_fit(a, rng, "shoes")
    d["km"] = rng.randrange(80, 420, 10)
    d["km_bad"] = rng.randrange(120, 260, 10)
    return d


COLORS_OUTER = ["Black", "Navy", "Olive", "Rust", "Charcoal"]
COLORS_SHOES = ["Black/White", "Ocean Blue", "Volt Yellow", "Grey/Orange", "Navy", "All White"]
APPAREL_FIT_REVIEWS = {"pos": ["{fit_good}", "{fit_tip}"], "mix": ["{fit_bad}"], "neg": ["{fit_bad}"]}

SUBCATEGORIES += [
    {
        "path": "Clothing > Men's Jackets",
        "count": 9,
        "brands": ["Fjellridge", "Ashgrove", "Threadline"],
        "models": ["Ridgeline", "Squall", "Harbor", "Highmoor", "Timber", "Driftwood", "Alder", "Brisk", "Tern", "Nordkapp"],
        "variant_rate": 0.45,
        "derive": d_apparel,
        "rderive": r_apparel,
        "kinds": [
            {
                "noun": "Men's Waterproof Rain Jacket", "short": "jacket", "plural": False, "price": (39, 279),
                "title": "{brand} {model} Men's Waterproof Rain Jacket, Packable, {color}",
                "attrs": {"color": COLORS_OUTER, "size": apparel_sizes, "sizing": SIZING_APPAREL,
                          "material": T("2-layer polyester with PU coating, 5,000 mm", "2.5-layer nylon, 10,000 mm", "3-layer nylon membrane, 20,000 mm"),
                          "fit": ["regular", "athletic"], "weight_g": Span(280, 480, 10),
                          "features": "adjustable hood, pit zips, zip hand pockets"},
                "intro": ["A packable rain jacket with {material} waterproofing, fully taped seams and an adjustable hood.",
                          "The {model} is a {weight_g} g shell that stuffs into its own pocket for hiking, commuting and travel."],
                "desc": ["Features: {features}.", "The {fit} cut leaves room for a fleece underneath."],
                "pos": ["Stayed completely dry through a {hours}-hour downpour on the trail.", "Packs down to the size of a water bottle."],
                "mix": ["Keeps the rain out, but it gets clammy on uphill climbs.", "Good jacket, but the hood doesn't stay put in strong wind."],
                "neg": ["Water soaked through at the shoulders after {months} months.", "The main zipper snagged and broke."],
            },
            {
                "noun": "Men's Down Puffer Jacket", "short": "jacket", "plural": False, "price": (59, 349),
                "title": "{brand} {model} Men's Down Puffer Jacket, {fill_power} Fill, {color}",
                "attrs": {"color": COLORS_OUTER, "size": apparel_sizes, "sizing": SIZING_APPAREL, "fill_power": T(550, 650, 800),
                          "insulation": T("responsibly sourced duck down", "responsibly sourced duck down", "responsibly sourced goose down"),
                          "material": "20D ripstop nylon shell with DWR finish", "fit": "regular",
                          "weight_g": Span(340, 620, 10), "comfort_c": T(-5, -10, -15)},
                "intro": ["A {fill_power}-fill down jacket that packs warmth into {weight_g} g, comfortable to about {comfort_c} °C with a base layer.",
                          "The {model} puffer uses {insulation} in a {material}."],
                "desc": ["Two zip hand pockets and an internal chest pocket that doubles as a stuff sack.",
                         "Elastic cuffs and a drawcord hem seal in warmth."],
                "pos": ["Warm enough for {comfort_c} °C mornings walking the dog.", "Barely any feathers poke through even after {months} months."],
                "mix": ["Very warm, but the sleeves are a bit long.", "Warm and light, but the shell is noisy when you move."],
                "neg": ["The down clumped badly after the first wash.", "Feathers leak out of the seams constantly."],
            },
            {
                "noun": "Men's Full-Zip Fleece Jacket", "short": "jacket", "plural": False, "price": (25, 129),
                "title": "{brand} {model} Men's Full-Zip Fleece Jacket, {color}",
                "attrs": {"color": COLORS_OUTER + ["Heather Grey"], "size": apparel_sizes, "sizing": SIZING_APPAREL,
                          "material": T("polyester fleece, 200 g/m²", "recycled polyester fleece, 280 g/m²", "recycled polyester grid fleece, 300 g/m²"),
                          "fit": ["regular", "relaxed"], "weight_g": Span(330, 560, 10)},
                "intro": ["A full-zip fleece in {material}, warm on its own in autumn and a solid mid-layer in winter.",
                          "The {model} fleece has a stand-up collar, zip hand pockets and a {fit} fit."],
                "desc": ["It weighs {weight_g} g and dries quickly after a wash.", "Stretch binding at the cuffs and hem keeps drafts out."],
                "pos": ["Perfect mid-layer under my rain shell.", "Soft and warm, and the zip pockets are deep enough for a phone."],
                "mix": ["Cozy, but it pills on the sleeves where my backpack straps rub."],
                "neg": ["Pilled badly after two washes.", "The zipper pull snapped off after {weeks} weeks."],
            },
        ],
        "desc": ["Sizes {size}; it {sizing_txt}.", "Care: {care}."],
        **APPAREL_FIT_REVIEWS,
        "titles": {"pos": ["Warm and dry", "Great jacket"], "mix": ["Check the sizing"], "neg": ["Didn't hold up"]},
    },
    {
        "path": "Clothing > Women's Dresses",
        "count": 9,
        "brands": ["Marlowe & June", "Meadowknit", "Ashgrove"],
        "models": ["Juniper", "Wren", "Clementine", "Sorrel", "Marigold", "Hazel", "Poppy", "Willa", "Linnea", "Margot"],
        "variant_rate": 0.45,
        "derive": d_apparel,
        "rderive": r_apparel,
        "kinds": [
            {
                "noun": "Women's Linen Midi Dress", "short": "dress", "plural": False, "price": (29, 189),
                "title": "{brand} {model} Women's Linen Midi Dress with Pockets, {color}",
                "attrs": {"color": ["Sage", "Terracotta", "Navy", "Ivory", "Black"], "size": apparel_sizes, "sizing": SIZING_APPAREL,
                          "material": T("linen-viscose blend", "55% linen, 45% cotton", "100% European flax linen"),
                          "length": "midi (about 115 cm from shoulder)", "sleeve": ["short sleeve", "sleeveless", "flutter sleeve"],
                          "pockets": "yes", "lining": T("unlined", "unlined", "half-lined")},
                "intro": ["A relaxed {sleeve} midi dress in {material} with hidden side pockets.",
                          "The {model} dress falls to mid-calf (about 115 cm from shoulder) and is cut from breathable {material}."],
                "desc": ["It is {lining}, with a smocked back for an easy fit.", "Linen softens with every wash; expect some natural creasing."],
                "pos": ["The pockets are deep enough for a phone.", "Kept me cool on a humid day of sightseeing."],
                "mix": ["Lovely fabric, but it wrinkles as soon as you sit down.",
                        "Pretty, but the {color_l} is slightly see-through without a slip."],
                "neg": ["It shrank a full size after one wash on cold.", "A seam started unravelling at the pocket after {weeks} weeks."],
            },
            {
                "noun": "Women's Wrap Dress", "short": "dress", "plural": False, "price": (25, 159),
                "title": "{brand} {model} Women's Wrap Dress, {sleeve_t}, {color}",
                "attrs": {"color": ["Black", "Emerald", "Burgundy", "Floral Navy"], "size": apparel_sizes, "sizing": SIZING_APPAREL,
                          "material": T("polyester jersey", "viscose jersey", "lyocell jersey"), "length": "knee-length",
                          "sleeve": ["3/4 sleeve", "long sleeve", "short sleeve"]},
                "intro": ["A true wrap dress in soft {material} that ties at the waist and adjusts to your shape.",
                          "The {model} is a knee-length {sleeve} wrap dress that works for the office and dinner."],
                "desc": ["A snap at the neckline keeps the wrap from gaping.", "The jersey has a little stretch and resists wrinkles in a suitcase."],
                "pos": ["Flattering and doesn't gape at the chest thanks to the hidden snap.", "Packed it for a week-long trip and it came out wrinkle-free."],
                "mix": ["Nice fabric, but the tie is a bit short if you want a bow."],
                "neg": ["The fabric pilled under the arms after {washes} washes."],
            },
            {
                "noun": "Women's T-Shirt Dress", "short": "dress", "plural": False, "price": (18, 59),
                "title": "{brand} {model} Women's Cotton T-Shirt Dress, {color}",
                "attrs": {"color": ["Black", "Heather Grey", "Navy Stripe", "Olive"], "size": apparel_sizes, "sizing": SIZING_APPAREL,
                          "material": T("100% cotton jersey", "100% organic cotton jersey"), "length": "knee-length", "sleeve": "short sleeve"},
                "intro": ["An easy knee-length T-shirt dress in {material}, with a crew neck and side pockets.",
                          "The {model} is a throw-on-and-go cotton dress for weekends and travel."],
                "desc": ["The jersey is midweight, so it isn't see-through."],
                "pos": ["So comfortable I bought a second colour.", "Great with sneakers or sandals."],
                "mix": ["Comfortable, but it clings a bit more than the photos suggest."],
                "neg": ["It shrank in length after the first dryer cycle."],
            },
        ],
        "desc": ["Available in {size}; it {sizing_txt}.", "Care: {care}.", "The model is 175 cm tall and wears size S."],
        **APPAREL_FIT_REVIEWS,
        "titles": {"pos": ["So many compliments", "Perfect summer dress"], "mix": ["Check the sizing"]},
    },
    {
        "path": "Clothing > T-Shirts",
        "pinned": [("Stridewell", "Unisex Performance Running T-Shirt")],
        "count": 10,
        "brands": ["Threadline", "Meadowknit", "Ashgrove", "Stridewell"],
        "models": ["Everyday", "Classic", "Essential", "Weekend", "Foundry", "Heritage", "Relay", "Breeze", "Softspun", "Staple", "Tempo"],
        "variant_rate": 0.45,
        "derive": d_apparel,
        "rderive": r_apparel,
        "kinds": [
            {
                "noun": "Men's Crew Neck T-Shirt", "short": "shirt", "plural": False, "price": (6, 39), "brands": ["Threadline", "Meadowknit", "Ashgrove"],
                "title": "{brand} {model} Men's Crew Neck T-Shirt, {color}",
                "attrs": {"color": ["White", "Black", "Heather Grey", "Navy", "Forest Green"], "size": apparel_sizes, "sizing": SIZING_APPAREL,
                          "material": T("100% cotton, 150 g/m²", "100% combed cotton, 180 g/m²", "100% organic cotton, 200 g/m²"),
                          "fit": ["regular", "slim"]},
                "intro": ["A {fit}-fit crew neck tee in {material}, with a taped neckline that keeps its shape.",
                          "The {model} T-shirt is an everyday staple in {material}."],
                "desc": ["Side seams are stitched straight so they don't twist after washing."],
            },
            {
                "noun": "Men's Crew Neck T-Shirts, 3-Pack", "short": "shirts", "plural": True, "price": (14, 32), "brands": ["Threadline", "Meadowknit"],
                "title": "{brand} {model} Men's Crew Neck T-Shirts, 3-Pack, {color}",
                "attrs": {"color": ["White", "Black", "Assorted Neutrals"], "size": apparel_sizes, "sizing": SIZING_APPAREL,
                          "material": T("100% cotton, 150 g/m²", "100% combed cotton, 170 g/m²"), "fit": "regular", "pack_size": 3},
                "intro": ["A value 3-pack of {fit}-fit crew neck tees in {material}.",
                          "Three {model} tees for everyday layering, in {material}."],
                "desc": ["Tagless printed labels avoid neck itch."],
            },
            {
                "noun": "Women's V-Neck T-Shirt", "short": "shirt", "plural": False, "price": (6, 35), "brands": ["Threadline", "Meadowknit", "Ashgrove"],
                "title": "{brand} {model} Women's V-Neck T-Shirt, {color}",
                "attrs": {"color": ["White", "Black", "Blush", "Navy", "Sage"], "size": apparel_sizes, "sizing": SIZING_APPAREL,
                          "material": T("cotton-modal blend, 140 g/m²", "100% combed cotton, 160 g/m²", "100% organic cotton, 180 g/m²"),
                          "fit": ["relaxed", "regular"]},
                "intro": ["A soft V-neck tee in {material} with a {fit} fit and slightly longer back hem.",
                          "The {model} V-neck is cut from {material} and drapes without clinging."],
                "desc": ["The shallow V-neck works on its own or under a cardigan."],
            },
            {
                "noun": "Unisex Performance Running T-Shirt", "short": "shirt", "plural": False, "price": (12, 45), "brands": ["Stridewell", "Threadline"],
                "title": "{brand} {model} Unisex Performance Running T-Shirt, {color}",
                "attrs": {"color": ["Black", "Volt Yellow", "Ocean Blue", "Coral"], "size": apparel_sizes, "sizing": SIZING_APPAREL,
                          "material": "recycled polyester, moisture-wicking", "fit": "athletic",
                          "features": "reflective logo, flatlock seams", "weight_g": Span(95, 130)},
                "intro": ["A {weight_g} g running tee in moisture-wicking recycled polyester with flatlock seams to prevent chafing.",
                          "The {model} performance tee dries fast and has reflective details for low-light runs."],
                "desc": ["An odour-control finish keeps it fresh between washes."],
                "pos": ["Dries quickly and doesn't hold odour after long runs."],
                "neg": ["It started smelling even right after washing."],
            },
        ],
        "desc": ["Sizes {size}; it {sizing_txt}.", "Care: {care}."],
        "pos": ["{fit_good}", "{fit_tip}", "Still holds its shape after {washes} washes with no twisted side seams.",
                "The fabric is thicker than I expected for the price."],
        "mix": ["{fit_bad}", "Comfortable, but the collar stretched a little after a few washes."],
        "neg": ["{fit_bad}", "Shrank about an inch in length after the first dryer cycle.",
                "Small holes appeared near the hem after {washes} washes."],
        "titles": {"pos": ["My new go-to tee", "Great basics"], "neg": ["Shrank"]},
    },
    {
        "path": "Clothing > Socks",
        "pinned": [("Stridewell", "Cushioned Running Socks")],
        "count": 10,
        "brands": ["Sockwright", "Threadline", "Stridewell", "Fjellridge"],
        "models": ["Trailhead", "Homestretch", "Daily", "Ankle Pro", "Ridgewalk", "Alpine", "Cloudstep", "Everyday", "Lowrise", "Kinetic", "Summit"],
        "variant_rate": 0.3,
        "derive": d_apparel,
        "kinds": [
            {
                "noun": "Cushioned Running Socks", "short": "socks", "plural": True, "price": (4, 12), "price_per": "pack_size",
                "brands": ["Sockwright", "Stridewell", "Threadline"],
                "title": "{brand} {model} Cushioned Running Socks, {height_t}, {pairs_t}, {color}",
                "attrs": {"color": ["Black", "White", "Grey/Blue"], "size": ["S, M, L", "S, M, L, XL"], "size_chart": SOCK_SIZE_CHART,
                          "pack_size": [1, 3, 3, 6], "height": ["no-show", "quarter", "crew"],
                          "material": "nylon/polyester/elastane with arch compression"},
                "intro": ["{pairs_txt} of {height} running socks with targeted cushioning at the heel and forefoot.",
                          "The {model} running socks use a seamless toe and arch compression band to prevent blisters."],
                "desc": ["Mesh panels over the top of the foot vent heat on long runs."],
            },
            {
                "noun": "Merino Wool Hiking Socks", "short": "socks", "plural": True, "price": (9, 26), "price_per": "pack_size",
                "brands": ["Sockwright", "Fjellridge"],
                "title": "{brand} {model} Merino Wool Hiking Socks, Crew, {pairs_t}, {color}",
                "attrs": {"color": ["Charcoal", "Olive", "Rust"], "size": "S, M, L, XL", "size_chart": SOCK_SIZE_CHART,
                          "pack_size": [1, 2, 3], "height": "crew",
                          "material": T("40% merino wool blend", "60% merino wool blend", "70% merino wool blend")},
                "intro": ["{pairs_txt} of full-cushion crew hiking socks in a {material} that regulates temperature and resists odour.",
                          "The {model} hiking socks are knit from {material} with reinforced heels and toes."],
                "desc": ["Merino stays warm when damp and can be worn several days between washes."],
                "pos": ["Wore them on a three-day hike and they didn't smell."],
            },
            {
                "noun": "Everyday Cotton Crew Socks", "short": "socks", "plural": True, "price": (1.8, 5.5), "price_per": "pack_size",
                "brands": ["Threadline", "Sockwright"],
                "title": "{brand} {model} Everyday Cotton Crew Socks, {pack_size} Pairs, {color}",
                "attrs": {"color": ["Black", "White", "Assorted Grey"], "size": ["M, L", "S, M, L"], "size_chart": SOCK_SIZE_CHART,
                          "pack_size": [3, 6, 10], "height": "crew", "material": "78% combed cotton, 20% polyester, 2% elastane"},
                "intro": ["A {pack_size}-pair pack of everyday crew socks in soft combed cotton.",
                          "The {model} socks are a simple cotton crew sock with a ribbed cuff that stays up."],
                "desc": ["A lightly cushioned sole adds comfort without bulk in dress shoes."],
            },
        ],
        "desc": ["Sizes {size} ({size_chart}).", "Care: {care}."],
        "pos": ["After {washes} washes there are no holes and the heels haven't thinned.", "No blisters on a long day on my feet.",
                "They stay up and don't slide down into my shoes."],
        "mix": ["Comfortable, but they're a bit too warm for summer.", "Good cushioning, but the cuff leaves marks on my calves."],
        "neg": ["Holes in the heel after {weeks} weeks.", "They slip down into my shoes constantly."],
        "titles": {"pos": ["Best socks I own", "Comfy and durable"], "neg": ["Holes already"]},
    },
    {
        "path": "Footwear > Running Shoes",
        "pinned": [("Stridewell", "Men's Road Running Shoes"), ("Runwell", "Men's Road Running Shoes"), ("Velocita", "Men's Road Running Shoes")],
        "count": 12,
        "brands": ["Stridewell", "Velocita", "Runwell"],
        "models": ["Glide 4", "Tempo Racer", "Driftway 2", "Surge 3", "Longhaul 7", "Daybreak", "Kinetic 5", "Pace 9", "Skyrun",
                   "Fleetfoot 2", "Breakaway", "Stratus 3"],
        "variant_rate": 0.65,
        "derive": d_apparel,
        "rderive": r_shoes,
        "kinds": [
            {
                "noun": "Men's Road Running Shoes", "short": "shoes", "plural": True, "price": (45, 189), "per_variant": ["size"],
                "title": "{brand} {model} Men's Road Running Shoes, {color}",
                "attrs": {"color": COLORS_SHOES, "size": shoe_sizes(MENS_SHOE_SIZES), "sizing": SIZING_SHOES,
                          "width": T("regular", "regular", "regular, wide (2E) available"), "cushioning": T("moderate", "high", "max"),
                          "drop_mm": [4, 6, 8, 10], "weight_g": Span(230, 320, 5), "upper": "engineered mesh"},
            },
            {
                "noun": "Women's Road Running Shoes", "short": "shoes", "plural": True, "price": (45, 189), "per_variant": ["size"],
                "title": "{brand} {model} Women's Road Running Shoes, {color}",
                "attrs": {"color": ["Black/Pink", "Lavender", "All White", "Teal/Coral", "Navy"], "size": shoe_sizes(WOMENS_SHOE_SIZES),
                          "sizing": SIZING_SHOES, "width": T("regular", "regular", "regular, wide (D) available"),
                          "cushioning": T("moderate", "high", "max"), "drop_mm": [4, 6, 8, 10], "weight_g": Span(190, 270, 5),
                          "upper": "engineered mesh"},
            },
            {
                "noun": "Men's Trail Running Shoes", "short": "shoes", "plural": True, "price": (55, 199), "per_variant": ["size"],
                "title": "{brand} {model} Men's Trail Running Shoes, {color}",
                "attrs": {"color": ["Olive/Black", "Rust", "Slate Blue", "Black"], "size": shoe_sizes(MENS_SHOE_SIZES), "sizing": SIZING_SHOES,
                          "width": "regular", "cushioning": T("moderate", "high"), "drop_mm": [4, 6, 8], "weight_g": Span(280, 350, 5),
                          "upper": "abrasion-resistant mesh", "lug_depth_mm": [4, 5], "waterproof": T("no", "no", "yes, waterproof membrane")},
                "pos": ["{if_trail}The lugs grip well on muddy singletrack and loose gravel."],
                "neg": ["{if_trail}Lugs wore down fast on the road sections between trails."],
            },
        ],
        "intro": [
            "A {cushioning}-cushion running shoe with a {drop_mm} mm drop, built for easy miles and long runs.",
            "The {model} weighs {weight_g} g (size 9) and uses an {upper} upper with a padded tongue.",
            "{brand}'s {model} pairs a {cushioning}-cushion foam midsole with a durable rubber outsole.",
        ],
        "desc": [
            "Sizing: {sizing}; width: {width}.",
            "Available sizes in this colourway: {size}.",
            "The midsole is rated for roughly 500-700 km, and rubber covers the high-wear zones.",
            "Reflective heel and toe details add visibility on early-morning runs.",
            "{if_trail}{lug_depth_mm} mm lugs and a flexible rock plate handle technical trails.",
        ],
        "pos": ["{fit_good}", "{fit_tip}", "I've already put about {km} km on them and the cushioning still feels fresh.",
                "No blisters from day one, even on my first 15 km run.", "Great grip on wet pavement."],
        "mix": ["{fit_bad}", "Comfortable, but the laces are too short for a runner's knot.",
                "Cushioned and light, but the heel collar rubs a little above the ankle."],
        "neg": ["{fit_bad}", "The sole started separating at the toe after about {km_bad} km.", "The mesh tore near the little toe after {weeks} weeks."],
        "titles": {"pos": ["Comfy from the first run", "Great daily trainer"], "mix": ["Check the sizing"], "neg": ["Fell apart"]},
    },
    {
        "path": "Footwear > Hiking Boots",
        "count": 9,
        "brands": ["Fjellridge", "Trailmark", "Cairnline"],
        "models": ["Summit", "Ridgeback", "Talus", "Scree", "Basecamp", "Pathfinder", "Ptarmigan", "Wayfarer", "Highline", "Cirque"],
        "variant_rate": 0.45,
        "derive": d_apparel,
        "rderive": r_shoes,
        "kinds": [
            {
                "noun": "Men's Waterproof Hiking Boots", "short": "boots", "plural": True, "price": (69, 259), "per_variant": ["size"],
                "title": "{brand} {model} Men's Waterproof Mid Hiking Boots, {color}",
                "attrs": {"color": ["Brown", "Black/Grey", "Olive", "Slate Blue"], "size": shoe_sizes(MENS_SHOE_SIZES), "sizing": SIZING_SHOES,
                          "upper": T("synthetic and mesh", "suede and mesh", "nubuck leather", "full-grain leather"),
                          "waterproof": "waterproof breathable membrane", "outsole": "rubber outsole with 5 mm lugs",
                          "cut": "mid", "weight_g": Span(520, 720, 10)},
            },
            {
                "noun": "Women's Waterproof Hiking Boots", "short": "boots", "plural": True, "price": (69, 259), "per_variant": ["size"],
                "title": "{brand} {model} Women's Waterproof Mid Hiking Boots, {color}",
                "attrs": {"color": ["Taupe", "Black", "Plum", "Moss"], "size": shoe_sizes(WOMENS_SHOE_SIZES), "sizing": SIZING_SHOES,
                          "upper": T("synthetic and mesh", "suede and mesh", "nubuck leather"),
                          "waterproof": "waterproof breathable membrane", "outsole": "rubber outsole with 5 mm lugs",
                          "cut": "mid", "weight_g": Span(430, 600, 10)},
            },
            {
                "noun": "Men's Lightweight Hiking Shoes", "short": "shoes", "plural": True, "price": (55, 159), "per_variant": ["size"],
                "title": "{brand} {model} Men's Lightweight Hiking Shoes, {color}",
                "attrs": {"color": ["Grey/Orange", "Black", "Olive"], "size": shoe_sizes(MENS_SHOE_SIZES), "sizing": SIZING_SHOES,
                          "upper": T("synthetic and mesh", "suede and mesh"), "waterproof": T("no", "waterproof breathable membrane"),
                          "outsole": "rubber outsole with 4 mm lugs", "cut": "low", "weight_g": Span(380, 480, 10)},
            },
        ],
        "intro": [
            "A {cut}-cut hiking {short_s} with a {upper} upper and a {outsole}.",
            "The {model} weighs {weight_g} g per {short_s} (size 9) and is built for day hikes and weekend trips.",
        ],
        "desc": [
            "{if_waterproof}A {waterproof} keeps feet dry in puddles and stream crossings.",
            "Sizing: {sizing}; available sizes: {size}.",
            "A gusseted tongue keeps out grit, and the heel has a pull loop.",
            "Care: brush off mud and air dry away from direct heat.",
        ],
        "pos": ["{fit_good}", "{fit_tip}", "{if_waterproof}Kept my feet dry crossing a few shallow streams.",
                "Barely any break-in; I did a 16 km hike in the first week.", "Good ankle support on loose scree."],
        "mix": ["{fit_bad}", "Comfortable, but they run warm in summer.", "Good grip on dry rock, less so on wet roots."],
        "neg": ["{fit_bad}", "{if_waterproof}Leaked at the toe flex point after {months} months.",
                "The sole started peeling away after about {km_bad} km of trail."],
        "titles": {"pos": ["Comfortable out of the box", "Solid on the trail"], "neg": ["Leaked"]},
    },
    {
        "path": "Footwear > Sandals",
        "count": 8,
        "brands": ["Sunstep", "Trailmark", "Cairnline"],
        "models": ["Tidewalk", "Riverbend", "Baja", "Solstice", "Canyon", "Coastline", "Lagoon", "Dune", "Saltwater"],
        "variant_rate": 0.45,
        "derive": d_apparel,
        "rderive": r_shoes,
        "kinds": [
            {
                "noun": "Men's Sport Sandals", "short": "sandals", "plural": True, "price": (22, 99), "per_variant": ["size"],
                "title": "{brand} {model} Men's Sport Sandals, {color}",
                "attrs": {"color": ["Black", "Tan", "Olive", "Navy"], "size": shoe_sizes(MENS_SHOE_SIZES), "sizing": SIZING_SHOES,
                          "straps": "3 adjustable hook-and-loop straps", "footbed": T("EVA", "contoured EVA", "contoured EVA with microfibre lining"),
                          "water_friendly": "yes"},
            },
            {
                "noun": "Women's Sport Sandals", "short": "sandals", "plural": True, "price": (22, 99), "per_variant": ["size"],
                "title": "{brand} {model} Women's Sport Sandals, {color}",
                "attrs": {"color": ["Black", "Coral", "Sand", "Teal"], "size": shoe_sizes(WOMENS_SHOE_SIZES), "sizing": SIZING_SHOES,
                          "straps": "3 adjustable hook-and-loop straps", "footbed": T("EVA", "contoured EVA", "contoured EVA with microfibre lining"),
                          "water_friendly": "yes"},
            },
            {
                "noun": "Unisex Slide Sandals", "short": "slides", "plural": True, "price": (8, 39), "brands": ["Sunstep", "Trailmark"],
                "title": "{brand} {model} Unisex Cushioned Slide Sandals, {color}",
                "attrs": {"color": ["Black", "Bone", "Sage", "Lilac"], "size": ["M 6-7 / W 7-8, M 8-9 / W 9-10, M 10-11, M 12-13"],
                          "sizing": SIZING_SHOES, "footbed": T("EVA", "soft EVA foam"), "water_friendly": "yes"},
            },
            {
                "noun": "Women's Cork Footbed Sandals", "short": "sandals", "plural": True, "price": (29, 119), "per_variant": ["size"],
                "brands": ["Cairnline", "Sunstep"],
                "title": "{brand} {model} Women's Two-Strap Cork Footbed Sandals, {color}",
                "attrs": {"color": ["Tan", "Black", "Stone"], "size": shoe_sizes(WOMENS_SHOE_SIZES), "sizing": SIZING_SHOES,
                          "straps": "2 adjustable buckle straps", "footbed": "cork and latex with suede lining", "water_friendly": "no"},
            },
        ],
        "intro": [
            "Lightweight {short} with a {footbed} footbed that moulds to your foot.",
            "The {model} {short} are made for long summer days, with {straps}.",
            "The {model} {short} have a {footbed} footbed and a grippy rubber outsole.",
        ],
        "desc": [
            "Sizing: {sizing}; available sizes: {size}.",
            "Water-friendly: {water_friendly}.",
            "The outsole has a siped pattern for grip on wet decks.",
        ],
        "pos": ["{fit_good}", "{fit_tip}", "Wore them all day at a theme park with no blisters.",
                "Comfortable from the first wear, no break-in needed."],
        "mix": ["{fit_bad}", "Comfortable, but the straps squeak when wet."],
        "neg": ["{fit_bad}", "The strap stitching came loose after {weeks} weeks.", "The footbed got slippery and started to smell."],
    },
]

# ---- Sports & Outdoors ----------------------------------------------------


def d_sports(a, rng):
    d = {}
    if "capacity_person" in a:
        n = a["capacity_person"]
        d["floor_m2"] = {1: "1.8", 2: "2.9", 3: "3.9"}[n]
        d["packed_cm"] = rng.choice(["40 x 14", "46 x 15", "50 x 17"])
        d["person_t"] = "solo" if n == 1 else f"{n}-person"
        if n >= 2:
            d["if_roomy"] = ""
    if "temp_rating_c" in a:
        d["limit_c"] = a["temp_rating_c"] - 6
    if "thickness_mm" in a or "blocks" in a or str(a.get("material", "")) in ("EVA foam", "high-density EVA foam", "cork"):
        m = str(a.get("material", ""))
        d["material_t"] = "Cork" if m.startswith("cork") else ("Natural Rubber" if "rubber" in m else ("EVA Foam" if "EVA" in m else "TPE"))
    if "capacity_ml" in a and "keeps_cold_h" in a and a["capacity_ml"] <= 750:
        d["if_cupholder"] = ""
    if "fill" in a:
        d["fill_t"] = a["fill"].title()
    if "frame_size" in a:
        d["frame_t"] = a["frame_size"].split(" ")[0]
    if "size" in a and "vents" in a:
        d["size_t"] = a["size"].split(" ")[0]
    if "ignition" in a and a["ignition"] == "piezo":
        d["if_piezo"] = ""
    return d


def r_sports(a, rng):
    d = {}
    if "temp_rating_c" in a:
        d["temp_real"] = a["temp_rating_c"] + rng.choice([0, 1, 2, 3])
        d["temp_bad"] = a["temp_rating_c"] + rng.choice([5, 6, 8])
    d["hours_cold"] = rng.choice([18, 20, 24, 26])
    d["ride_km"] = rng.randrange(30, 120, 5)
    return d


SUBCATEGORIES += [
    {
        "path": "Sports & Outdoors > Camping",
        "count": 10,
        "brands": ["Fjellridge", "Emberline", "Cairnline"],
        "models": ["Trailnest", "Alpenglow", "Bivouac", "Firefly", "Lakeside", "Switchback", "Timberline", "Cirrus", "Glacier", "Wildcamp", "Ember"],
        "variant_rate": 0.25,
        "derive": d_sports,
        "rderive": r_sports,
        "kinds": [
            {
                "noun": "Backpacking Tent", "short": "tent", "plural": False, "price": (79, 549),
                "title": "{brand} {model} {capacity_person}-Person Backpacking Tent, 3-Season, {weight_kg} kg",
                "attrs": {"capacity_person": [1, 2, 2, 3], "season": "3-season", "weight_g": T(2900, 2500, 2100, 1700, 1300),
                          "waterproof_rating_mm": T(1500, 2000, 3000, 5000), "doors": T(1, 2, 2),
                          "setup": "freestanding, 2 colour-coded aluminium poles"},
                "intro": ["A {person_t} 3-season backpacking tent that weighs {weight_kg} kg packed, with a {waterproof_rating_mm} mm waterproof fly.",
                          "The {model} is a freestanding {person_t} tent with {doors} door(s) and {floor_m2} m² of floor space."],
                "desc": ["It packs to about {packed_cm} cm and pitches fly-first in the rain.",
                         "Setup: {setup}; seams are factory-taped.",
                         "Two mesh storage pockets and a gear loft keep small items off the floor."],
                "pos": ["I pitched it alone in about 8 minutes on the first try.", "Stayed completely dry through an all-night thunderstorm.",
                        "{if_roomy}Two of us plus packs fit with room to spare."],
                "mix": ["Great tent, but condensation builds up on cold nights unless you open both vents.",
                        "Light and roomy, but the stakes are flimsy, so I replaced them."],
                "neg": ["A pole section cracked in moderate wind on the second trip.", "Rain seeped in through the floor seams."],
            },
            {
                "noun": "Mummy Sleeping Bag", "short": "sleeping bag", "plural": False, "price": (35, 399),
                "title": "{brand} {model} Mummy Sleeping Bag, {temp_rating_c} °C Comfort, {fill_t}",
                "attrs": {"temp_rating_c": T(10, 5, 0, -5), "fill": T("synthetic", "synthetic", "650-fill duck down", "800-fill goose down"),
                          "weight_g": T(1900, 1600, 1200, 900), "shape": "mummy", "zip": ["left", "right"],
                          "stuff_sack": "compression sack included"},
                "intro": ["A mummy sleeping bag with a {temp_rating_c} °C comfort rating (limit {limit_c} °C) and {fill} insulation.",
                          "The {model} keeps you warm down to {temp_rating_c} °C and weighs {weight_g} g."],
                "desc": ["A draft collar and zip baffle keep warm air in; the zip is on the {zip} side.",
                         "It packs into the included compression sack; store it loose at home."],
                "pos": ["Slept warm at {temp_real} °C in just a base layer.", "Packs down small enough for my 40 L pack."],
                "mix": ["Warm enough, but the zipper snags on the draft tube.", "Cozy, but tight around the shoulders if you're broad."],
                "neg": ["I was cold at {temp_bad} °C, well above the {temp_rating_c} °C comfort rating."],
            },
            {
                "noun": "Rechargeable LED Camping Lantern", "short": "lantern", "plural": False, "price": (12, 59),
                "title": "{brand} {model} Rechargeable LED Camping Lantern, {lumens} Lumens, {color}",
                "attrs": {"color": ["Orange", "Olive", "Black"], "lumens": T(300, 500, 750, 1000), "battery_life_h": T(10, 20, 40, 60),
                          "battery_mah": T(3600, 5200, 10400), "water_resistance": "IPX4", "modes": "warm white, cool white, red, SOS"},
                "intro": ["A {lumens}-lumen lantern that runs up to {battery_life_h} hours on low from a {battery_mah} mAh battery.",
                          "The {model} lantern lights a whole tent or picnic table and doubles as a USB power bank."],
                "desc": ["Modes: {modes}; a hook and magnetic base let you hang it or stick it to a car.",
                         "Rated {water_resistance} for rain, and it charges over USB-C."],
                "pos": ["Ran on low for {batt_good} hours over a long weekend.", "Doubles as a power bank for my phone."],
                "mix": ["Bright, but the handle is flimsy."],
                "neg": ["It won't hold a charge anymore after {months} months."],
            },
            {
                "noun": "Insulated Stainless Steel Water Bottle", "short": "bottle", "plural": False, "price": (14, 45),
                "title": "{brand} {model} Insulated Stainless Steel Water Bottle, {capacity_ml} ml, {color}",
                "attrs": {"color": ["Glacier White", "Forest", "Black", "Sunset Orange", "Sky Blue"], "capacity_ml": [500, 750, 1000],
                          "keeps_cold_h": 24, "keeps_hot_h": 12, "material": "18/8 stainless steel, double-wall vacuum insulated",
                          "lid": T("screw cap", "chug lid", "straw lid with handle"), "dishwasher_safe": T("hand wash only", "lid only", "yes")},
                "intro": ["A {capacity_ml} ml ({capacity_oz} oz) vacuum-insulated bottle that keeps drinks cold for {keeps_cold_h} hours or hot for {keeps_hot_h}.",
                          "The {model} bottle is made of {material}, with a powder-coat finish that won't sweat."],
                "desc": ["It comes with a {lid}; care: {dishwasher_safe}.", "{if_cupholder}It fits standard car cup holders."],
                "pos": ["Ice was still there after {hours_cold} hours in a hot car.", "{if_cupholder}Fits my car cup holder perfectly."],
                "mix": ["Keeps water cold, but it's heavy when full."],
                "neg": ["The lid leaks if you tip it over in a bag.", "The paint chipped after a few weeks."],
            },
            {
                "noun": "Compact Backpacking Stove", "short": "stove", "plural": False, "price": (19, 129),
                "title": "{brand} {model} Compact Backpacking Stove, {output_w} W",
                "attrs": {"output_w": T(2600, 2800, 3000), "weight_g": T(110, 95, 80, 70), "ignition": T("manual", "piezo"),
                          "fuel": "screw-on isobutane canister (not included)", "boil_time": "1 L in about 3.5 minutes"},
                "intro": ["A {weight_g} g canister stove that boils {boil_time} with {output_w} W output.",
                          "The {model} stove folds to fit inside a 450 ml mug with a small gas canister."],
                "desc": ["Fuel: {fuel}.", "{if_piezo}A piezo igniter lights it without matches."],
                "pos": ["Boils half a litre in about 2 minutes."],
                "mix": ["Works great, but it struggles in wind without a windscreen."],
                "neg": ["{if_piezo}The piezo igniter stopped sparking after {weeks} weeks.", "The pot supports are wobbly with wider pans."],
            },
        ],
        "pos": ["Survived a week of car camping and two backpacking trips without a scratch.", "Well made for the price."],
        "mix": ["Works well, but it's heavier than the listing suggests."],
        "neg": ["Quality control seems poor; mine had a defect straight out of the box."],
        "titles": {"pos": ["Great on the trail", "Camp essential"], "neg": ["Failed in the field"]},
    },
    {
        "path": "Sports & Outdoors > Yoga",
        "count": 9,
        "brands": ["Lotusform", "Zenfold", "Kindred Motion"],
        "models": ["Anchor", "Flow", "Grounded", "Still Point", "Ujjayi", "Balance", "Drishti", "Sequence", "Sunrise", "Lumen"],
        "variant_rate": 0.4,
        "derive": d_sports,
        "kinds": [
            {
                "noun": "Yoga Mat", "short": "mat", "plural": False, "price": (15, 129),
                "title": "{brand} {model} Yoga Mat, {thickness_mm} mm, {material_t}, {color}",
                "attrs": {"color": ["Plum", "Sage", "Charcoal", "Ocean", "Sand"], "thickness_mm": [3, 4, 5, 6],
                          "material": T("TPE", "PVC-free TPE", "natural rubber with PU top layer", "cork on natural rubber"),
                          "dimensions": T("183 x 61 cm", "183 x 61 cm", "185 x 68 cm"), "weight_g": T(900, 1100, 2300, 2500)},
                "intro": ["A {thickness_mm} mm yoga mat in {material}, measuring {dimensions}.",
                          "The {model} mat balances grip and cushioning: {thickness_mm} mm of {material} with alignment lines."],
                "desc": ["It weighs {weight_kg} kg and comes with a carry strap.",
                         "Wipe clean with a damp cloth and mild soap; air dry out of direct sunlight."],
                "pos": ["Grippy even in a sweaty hot yoga class.", "The {thickness_mm} mm cushioning is great for my knees."],
                "mix": ["Great grip, but it smelled of rubber for the first week.", "Nice mat, but it shows every sweat mark."],
                "neg": ["It started flaking at the edges after {months} months.", "It gets slippery once I start sweating."],
            },
            {
                "noun": "Yoga Blocks, 2-Pack", "short": "blocks", "plural": True, "price": (7, 29),
                "title": "{brand} {model} Yoga Blocks, 2-Pack, {material_t}, {color}",
                "attrs": {"color": ["Purple", "Grey", "Natural"], "material": T("EVA foam", "high-density EVA foam", "cork"),
                          "dimensions": "23 x 15 x 10 cm", "pack_size": 2},
                "intro": ["A pair of {dimensions} yoga blocks in {material} with bevelled edges.",
                          "The {model} blocks add height and stability in standing poses and restorative work."],
                "desc": ["They are light, easy to grip and wipe clean."],
                "pos": ["Sturdy enough to stand on for balance work."],
                "mix": ["Solid, but the cork sheds a little at first."],
                "neg": ["The foam dents easily."],
            },
            {
                "noun": "Cotton Yoga Strap", "short": "strap", "plural": False, "price": (5, 16),
                "title": "{brand} {model} Cotton Yoga Strap with Metal D-Ring, {length_m} m, {color}",
                "attrs": {"color": ["Black", "Plum", "Natural"], "length_m": ["1.8", "2.4", "3.0"], "material": "cotton webbing",
                          "buckle": "metal D-ring"},
                "intro": ["A {length_m} m cotton strap with a metal D-ring buckle for stretches and binds.",
                          "The {model} strap helps with hamstring stretches and shoulder openers."],
                "desc": ["Machine washable in a laundry bag."],
                "pos": ["Long enough for my tight hamstrings, and the buckle holds."],
                "mix": ["Works, but the D-ring clanks on the floor."],
                "neg": ["The stitching at the buckle came loose after {weeks} weeks."],
            },
            {
                "noun": "Rectangular Yoga Bolster", "short": "bolster", "plural": False, "price": (29, 89),
                "title": "{brand} {model} Rectangular Yoga Bolster, {fill_t} Fill, {color}",
                "attrs": {"color": ["Charcoal", "Sage", "Terracotta"], "fill": T("polyester fibre", "cotton batting", "buckwheat hulls"),
                          "dimensions": "64 x 30 x 15 cm", "cover": "removable, machine-washable cotton"},
                "intro": ["A firm {dimensions} bolster with {fill} fill for restorative and yin practice.",
                          "The {model} bolster supports supine poses and seated meditation."],
                "desc": ["The cover is {cover} and has a carry handle."],
                "pos": ["Supportive without being hard; perfect for supported child's pose."],
                "mix": ["Great support, but it's heavier than expected."],
                "neg": ["It lost its shape within {months} months."],
            },
        ],
        "pos": ["Great for my morning routine.", "Packed in recyclable cardboard with no plastic."],
        "titles": {"pos": ["Studio quality at home", "Love it for yoga"]},
    },
    {
        "path": "Sports & Outdoors > Cycling",
        "count": 9,
        "brands": ["Spokeline", "Nordhaven", "Emberline"],
        "models": ["Commuter", "Velo", "Crosstown", "Gravelline", "Cadence", "Urbana", "Sprint", "Roamer", "Lumo", "Tailwind"],
        "variant_rate": 0.3,
        "derive": d_sports,
        "rderive": r_sports,
        "kinds": [
            {
                "noun": "Bike Helmet", "short": "helmet", "plural": False, "price": (25, 199), "variant": "size",
                "title": "{brand} {model} Bike Helmet, {size_t}, {color}",
                "attrs": {"size": ["S (51-55 cm)", "M (55-59 cm)", "L (59-63 cm)"], "color": ["Matte Black", "White", "Hi-Vis Yellow", "Navy"],
                          "certification": "CPSC and EN 1078", "vents": T(12, 16, 20, 24), "weight_g": T(330, 290, 260, 230),
                          "features": T("dial fit system", "dial fit system, rear LED", "rotational-impact liner, dial fit, rear LED")},
                "intro": ["A {weight_g} g {certification}-certified helmet with {vents} vents for road and commuting.",
                          "The {model} helmet fits head circumferences of {size} and has a {features}."],
                "desc": ["Features: {features}.", "Measure around your head just above the eyebrows to choose a size."],
                "pos": ["The dial fit makes it snug without pressure points.", "Plenty of airflow on {ride_km} km summer rides."],
                "mix": ["Comfortable, but the chin strap buckle is fiddly with gloves."],
                "neg": ["The strap adjuster keeps slipping loose."],
            },
            {
                "noun": "Rechargeable Bike Light Set", "short": "lights", "plural": True, "price": (14, 79),
                "title": "{brand} {model} Rechargeable Bike Light Set, {front_lumens} Lumen Front + Rear",
                "attrs": {"front_lumens": T(400, 800, 1200), "rear_lumens": [50, 100], "battery_life_h": T(2, 3, 4),
                          "water_resistance": T("IPX5", "IPX6"), "charging": "USB-C", "mount": "tool-free rubber strap"},
                "intro": ["A front and rear light set: {front_lumens} lumens up front and {rear_lumens} lumens at the back.",
                          "The {model} lights run {battery_life_h} hours on high and much longer in flash mode."],
                "desc": ["Both lights charge over USB-C and attach with a {mount}.", "Rated {water_resistance} for riding in the rain."],
                "pos": ["Bright enough for unlit bike paths at night.", "Runs about {batt_good} hours on high for my commute."],
                "mix": ["Bright, but the rear light mount loosens on bumpy roads."],
                "neg": ["Water got into the front light during a rainy ride."],
            },
            {
                "noun": "GPS Bike Computer", "short": "bike computer", "plural": False, "price": (99, 399), "brands": ["Nordhaven", "Spokeline"],
                "title": "{brand} {model} GPS Bike Computer, {screen_in}-inch Colour Screen",
                "attrs": {"screen_in": T(2.2, 2.7, 3.5), "battery_life_h": T(15, 20, 32), "gps": "GPS + GLONASS + Galileo",
                          "connectivity": "Bluetooth, ANT+, Wi-Fi", "maps": T("breadcrumb routes", "breadcrumb routes", "full-colour offline maps")},
                "intro": ["A {screen_in}-inch GPS bike computer with {maps} and up to {battery_life_h} hours of battery.",
                          "The {model} pairs with power meters, heart-rate straps and smart trainers over {connectivity}."],
                "desc": ["Multi-system positioning ({gps}) keeps tracks accurate under trees and between buildings.",
                         "Rides sync automatically to the free app over Wi-Fi."],
                "pos": ["Battery lasted about {batt_good} hours across three long rides.", "Paired with my power meter instantly."],
                "mix": ["Good unit, but rerouting takes a while when you miss a turn."],
                "neg": ["It froze mid-ride twice and lost the data."],
            },
            {
                "noun": "Hybrid Bike", "short": "bike", "plural": False, "price": (449, 1299), "variant": "frame_size",
                "title": "{brand} {model} Hybrid Bike, {gears}-Speed, {frame_t} Frame, {color}",
                "attrs": {"frame_size": ["S (155-168 cm rider)", "M (168-180 cm rider)", "L (180-193 cm rider)"],
                          "color": ["Slate Grey", "Forest Green", "Sand"], "gears": T(7, 8, 9, 10), "frame": "6061 aluminium",
                          "brakes": T("mechanical disc", "hydraulic disc", "hydraulic disc"), "tyres": "700 x 40c",
                          "weight_g": Span(10800, 13500, 100)},
                "intro": ["A {gears}-speed aluminium hybrid with {brakes} brakes and 700 x 40c tyres for commuting and gravel paths.",
                          "The {model} hybrid weighs {weight_kg} kg and has mounts for racks and fenders."],
                "desc": ["Frame size {frame_size}.", "It arrives about 85% assembled; attaching the handlebar, pedals and front wheel takes under an hour."],
                "pos": ["It took me about {mins} minutes to assemble: handlebar, pedals and front wheel.", "Shifts smoothly and handles gravel paths well."],
                "mix": ["Rides nicely, but the stock saddle is hard on longer rides."],
                "neg": ["The rear derailleur needed adjusting straight out of the box and still skips."],
            },
            {
                "noun": "Mini Bike Pump", "short": "pump", "plural": False, "price": (9, 39),
                "title": "{brand} {model} Mini Bike Pump with Gauge, {max_psi} psi",
                "attrs": {"max_psi": [100, 120, 160], "valves": "Presta and Schrader", "weight_g": Span(90, 180, 5), "material": "aluminium"},
                "intro": ["A {weight_g} g aluminium mini pump rated to {max_psi} psi with an inline gauge.",
                          "The {model} fits {valves} valves without swapping parts and mounts beside a bottle cage."],
                "desc": ["A frame mount and strap are included."],
                "pos": ["Got my road tyre to 80 psi without too much effort."],
                "mix": ["Works, but the gauge reads about 5 psi high."],
                "neg": ["The valve head leaks air on Presta valves."],
            },
        ],
        "pos": ["Solid build quality for the price.", "Arrived quickly and well packed."],
        "mix": ["Works, but the included instructions are minimal."],
        "neg": ["{it} broke within {weeks} weeks of regular commuting."],
        "titles": {"pos": ["Great for commuting", "Solid value"], "neg": ["Quality issues"]},
    },
]

# ---- Beauty & Personal Care -----------------------------------------------


def d_beauty(a, rng):
    d = {}
    f = str(a.get("fragrance", ""))
    if f == "fragrance-free":
        d["if_unscented"] = ""
    elif f:
        d["if_scented"] = ""
    if "hair_type" in a:
        d["hair_type_t"] = a["hair_type"].title()
        if a["hair_type"] == "curly hair":
            d["if_curly"] = ""
    if "vitamin C" in str(a.get("key_ingredients", "")) or "ascorbic" in str(a.get("key_ingredients", "")):
        d["if_vitc"] = ""
    if "zinc" in str(a.get("key_ingredients", "")):
        d["if_mineral"] = ""
    if "plate_mm" in a:
        d["plate_in"] = {25: "1", 38: "1.5"}[a["plate_mm"]]
    return d


SKIN_TYPES = ["all skin types", "dry skin", "oily/combination skin", "sensitive skin"]

SUBCATEGORIES += [
    {
        "path": "Beauty & Personal Care > Skincare",
        "count": 10,
        "brands": ["Petalis", "Dewbright", "Oakmoss & Co"],
        "models": ["Hydra Calm", "Dew Drop", "Clear Day", "Barrier Balm", "Glow Lab", "Morning Mist", "Velvet", "Pure Rinse", "Sunveil", "Soft Petal", "Daily Shield"],
        "variant_rate": 0.1,
        "derive": d_beauty,
        "kinds": [
            {
                "noun": "Daily Moisturizer SPF 30", "short": "moisturizer", "plural": False, "price": (8, 68),
                "title": "{brand} {model} Daily Moisturizer SPF 30, {capacity_ml} ml",
                "attrs": {"capacity_ml": [50, 75], "skin_type": SKIN_TYPES, "key_ingredients": T("glycerin, niacinamide", "niacinamide, ceramides", "ceramides, squalane, peptides"),
                          "fragrance": ["fragrance-free", "fragrance-free", "lightly scented"], "spf": "30 (broad spectrum)", "cruelty_free": "yes"},
                "intro": ["A lightweight daily moisturizer with broad-spectrum SPF 30, made for {skin_type}.",
                          "The {model} moisturizer combines {key_ingredients} with SPF 30 in one morning step."],
                "pos": ["My skin feels hydrated all day without looking greasy.", "Sits nicely under makeup."],
            },
            {
                "noun": "Vitamin C Serum", "short": "serum", "plural": False, "price": (11, 79),
                "title": "{brand} {model} Vitamin C Serum, 30 ml",
                "attrs": {"capacity_ml": 30, "skin_type": ["all skin types", "dull or uneven skin"],
                          "key_ingredients": T("10% vitamin C (ascorbyl glucoside)", "15% L-ascorbic acid, vitamin E, ferulic acid", "20% L-ascorbic acid with ferulic acid"),
                          "fragrance": "fragrance-free", "cruelty_free": "yes"},
                "intro": ["A brightening serum with {key_ingredients} in a 30 ml amber dropper bottle.",
                          "The {model} serum targets dullness and dark spots with {key_ingredients}."],
                "desc": ["Store it away from light and use within 3 months of opening for best results."],
                "pos": ["{if_vitc}Dark spots faded noticeably after about {weeks} weeks."],
                "mix": ["Seems effective, but it turned darker after two months open."],
            },
            {
                "noun": "Gentle Foaming Cleanser", "short": "cleanser", "plural": False, "price": (6, 38),
                "title": "{brand} {model} Gentle Foaming Cleanser, {capacity_ml} ml",
                "attrs": {"capacity_ml": [150, 200], "skin_type": SKIN_TYPES, "key_ingredients": T("glycerin", "amino-acid surfactants, glycerin", "amino-acid surfactants, oat extract, panthenol"),
                          "fragrance": ["fragrance-free", "lightly scented"], "ph": "5.5", "cruelty_free": "yes"},
                "intro": ["A pH {ph} foaming cleanser that removes sunscreen and light makeup without stripping {skin_type}.",
                          "The {model} cleanser uses {key_ingredients} for a soft, low-foam wash."],
                "pos": ["Skin feels clean but never tight afterwards."],
            },
            {
                "noun": "Mineral Sunscreen SPF 50", "short": "sunscreen", "plural": False, "price": (9, 42),
                "title": "{brand} {model} Mineral Sunscreen SPF 50, {capacity_ml} ml",
                "attrs": {"capacity_ml": [50, 100], "skin_type": ["all skin types", "sensitive skin"], "key_ingredients": T("zinc oxide 20%", "zinc oxide 22%, niacinamide"),
                          "fragrance": "fragrance-free", "water_resistance": "40 minutes", "spf": "50 (broad spectrum)", "cruelty_free": "yes"},
                "intro": ["A broad-spectrum SPF 50 mineral sunscreen with {key_ingredients}, water-resistant for {water_resistance}.",
                          "The {model} sunscreen is an untinted mineral formula for face and body."],
                "desc": ["Reapply after 40 minutes of swimming or sweating, and at least every 2 hours."],
                "pos": ["{if_mineral}Barely any white cast on my medium-brown skin once it's rubbed in."],
                "mix": ["Protects well, but it takes a minute to rub in fully."],
            },
            {
                "noun": "Lip Balm, 3-Pack", "short": "lip balm", "plural": False, "price": (3, 14),
                "title": "{brand} {model} Nourishing Lip Balm, 3-Pack",
                "attrs": {"pack_size": 3, "weight_g": "4.5 per stick", "key_ingredients": T("beeswax, shea butter", "shea butter, jojoba oil", "plant waxes, squalane, vitamin E"),
                          "fragrance": ["fragrance-free", "lightly scented (vanilla, mint, unscented)"], "cruelty_free": "yes"},
                "intro": ["Three 4.5 g lip balm sticks with {key_ingredients} for dry, chapped lips.",
                          "The {model} lip balm glides on smoothly and leaves a soft, non-sticky finish."],
                "pos": ["It lasts a couple of hours and doesn't feel waxy."],
                "mix": ["Moisturizing, but it softens too much in a warm pocket."],
            },
        ],
        "desc": ["Key ingredients: {key_ingredients}.", "{if_unscented}Fragrance-free and dermatologist-tested.",
                 "It is cruelty-free and comes in recyclable packaging.", "Size: {capacity_ml} ml."],
        "pos": ["No breakouts after {weeks} weeks of daily use.", "{if_unscented}Truly fragrance-free, which matters for my sensitive skin.",
                "A little goes a long way; one bottle lasts me about two months."],
        "mix": ["Works well, but the pump dispenses more than I need.", "Nice texture, but it pills under makeup if I apply too much."],
        "neg": ["It broke me out within a week.", "It stings around my eyes.", "{if_scented}The scent is strong and lingered for hours.",
                "I couldn't return it since it was opened, so lesson learned about patch testing."],
        "titles": {"pos": ["Holy grail", "Gentle and effective"], "neg": ["Broke me out"]},
    },
    {
        "path": "Beauty & Personal Care > Hair Care",
        "count": 9,
        "brands": ["Silkroot", "Oakmoss & Co", "Dewbright", "Petalis"],
        "models": ["Curl Theory", "Featherlight", "Color Guard", "Smooth Operator", "Root Revival", "Gloss", "Airwave", "Sleek", "Volumize", "Silk Press"],
        "variant_rate": 0.15,
        "derive": d_beauty,
        "kinds": [
            {
                "noun": "Sulfate-Free Shampoo", "short": "shampoo", "plural": False, "price": (5, 38),
                "title": "{brand} {model} Sulfate-Free Shampoo for {hair_type_t}, {capacity_ml} ml",
                "attrs": {"capacity_ml": [250, 400, 1000], "hair_type": ["curly hair", "fine hair", "colour-treated hair", "all hair types"],
                          "key_ingredients": T("glycerin, panthenol", "argan oil, panthenol", "keratin amino acids, argan oil"),
                          "fragrance": ["lightly scented", "fragrance-free"], "cruelty_free": "yes"},
                "intro": ["A sulfate-free shampoo for {hair_type} with {key_ingredients}.",
                          "The {model} shampoo cleans gently without stripping colour or natural oils."],
                "desc": ["Size: {capacity_ml} ml; it is silicone-free and safe for colour-treated hair."],
                "pos": ["{if_curly}My curls are more defined and less frizzy after {weeks} weeks.", "A small amount lathers well, so the bottle lasts."],
                "neg": ["It left my hair feeling coated and flat."],
            },
            {
                "noun": "Hydrating Conditioner", "short": "conditioner", "plural": False, "price": (5, 38),
                "title": "{brand} {model} Hydrating Conditioner for {hair_type_t}, {capacity_ml} ml",
                "attrs": {"capacity_ml": [250, 400, 1000], "hair_type": ["curly hair", "fine hair", "colour-treated hair", "all hair types"],
                          "key_ingredients": T("shea butter, glycerin", "argan oil, shea butter", "ceramides, argan oil, plant proteins"),
                          "fragrance": ["lightly scented", "fragrance-free"], "cruelty_free": "yes"},
                "intro": ["A rich conditioner for {hair_type} with {key_ingredients}.",
                          "The {model} conditioner detangles and adds slip without weighing hair down."],
                "desc": ["Size: {capacity_ml} ml; leave on for 2-3 minutes, then rinse."],
                "pos": ["Combing through wet hair is so much easier now."],
                "neg": ["Made my fine hair greasy by the next morning."],
            },
            {
                "noun": "Ionic Hair Dryer", "short": "hair dryer", "plural": False, "price": (25, 299),
                "title": "{brand} {model} Ionic Hair Dryer, {wattage_w}W, {color}",
                "attrs": {"color": ["Black", "Rose", "White"], "wattage_w": T(1600, 1875), "heat_settings": "3 heat and 2 speed settings plus a cool shot",
                          "weight_g": T(620, 560, 480, 390), "cord_m": [1.8, 2.5, 2.7],
                          "attachments": T("concentrator", "concentrator, diffuser", "concentrator, diffuser, smoothing nozzle")},
                "intro": ["A {wattage_w}W ionic hair dryer that weighs {weight_g} g, with {heat_settings}.",
                          "The {model} dryer cuts frizz with negative ions and includes a {attachments}."],
                "desc": ["Attachments: {attachments}; the cord is {cord_m} m long.", "The rear filter pops off for cleaning."],
                "pos": ["Dries my thick hair in about 12 minutes, down from 25 with my old dryer.", "Light enough that my arm doesn't get tired."],
                "mix": ["Dries fast, but it's louder than I expected."],
                "neg": ["It started smelling of burning and cut out after {weeks} weeks."],
            },
            {
                "noun": "Ceramic Flat Iron", "short": "flat iron", "plural": False, "price": (19, 149),
                "title": "{brand} {model} Ceramic Flat Iron, {plate_in}-inch Plates, {max_temp_c} °C",
                "attrs": {"plate_mm": [25, 38], "max_temp_c": [200, 230], "plates": T("ceramic-coated", "ceramic", "tourmaline-ceramic"),
                          "auto_off_min": 60, "dual_voltage": T("no", "yes")},
                "intro": ["A flat iron with {plate_in}-inch {plates} plates that heats up to {max_temp_c} °C in about 30 seconds.",
                          "The {model} straightener has floating plates and adjustable heat from 140 to {max_temp_c} °C."],
                "desc": ["It switches off automatically after {auto_off_min} minutes; dual voltage: {dual_voltage}."],
                "pos": ["Heats up in under a minute and one pass is enough."],
                "mix": ["Works well, but the temperature display is hard to read."],
                "neg": ["It snags and pulls my hair between the plates."],
            },
        ],
        "pos": ["{if_scented}Smells lovely without being overpowering.", "My hairdresser noticed the difference."],
        "mix": ["Does the job, but nothing special for the price."],
        "neg": ["Didn't notice any difference after a month."],
        "titles": {"pos": ["Great hair days", "Love this"], "neg": ["Not for me"]},
    },
]

# ---- Toys & Games ---------------------------------------------------------


def min_age(a):
    txt = str(a.get("age_range", "8+"))
    return int(txt.split("+")[0].split(" ")[0]) if txt[0].isdigit() else 8


def d_toys(a, rng):
    d = {}
    if "pieces" in a and "finished_cm" not in a and "genre" not in a:
        p = a["pieces"]
        d["puzzle_cm"] = {24: "60 x 40", 36: "60 x 90", 48: "60 x 90", 300: "46 x 61", 500: "49 x 36", 1000: "69 x 51",
                          1500: "85 x 60", 2000: "98 x 68"}.get(p, "")
        if not d["puzzle_cm"]:
            del d["puzzle_cm"]
        d["bags"] = max(1, p // 150)
    if "genre" in a:
        d["genre_t"] = a["genre"].title()
    if str(a.get("players", "")).startswith(("1-", "2-")):
        d["if_two"] = ""
    return d


def r_toys(a, rng):
    lo = min_age(a)
    d = {"kid_age": rng.randint(max(lo, 4), max(lo, 4) + 3) if lo < 18 else rng.randint(30, 60)}
    if lo >= 18:
        d["if_adult"] = ""
    else:
        d["if_kids"] = ""
    if "pieces" in a:
        d["build_h"] = max(1, round(a["pieces"] / rng.choice([180, 220, 260])))
        d["build_txt"] = hours_phrase(d["build_h"])
        if a["pieces"] >= 300:
            d["puzzle_h"] = round(a["pieces"] / rng.choice([90, 110, 130]))
    return d


GAME_NAMES = ["Harbor Lights", "Saltmarsh", "Wildflower Valley", "Clockwork Orchard", "Tidebound", "Copper Crown", "Dragonfly Market",
              "Snowcap Summit", "Night Owl Express", "Fox & Fennel", "Lanterns of Vell", "Moonlit Heist", "Sky Caravan"]

SUBCATEGORIES += [
    {
        "path": "Toys & Games > Board Games",
        "count": 10,
        "brands": ["Meeple Forge", "Hollowtree Games", "Pocket Owl"],
        "models": GAME_NAMES,
        "variant_rate": 0.0,
        "derive": d_toys,
        "rderive": r_toys,
        "kinds": [
            {
                "noun": "Strategy Board Game", "short": "game", "plural": False, "price": (24, 79), "brands": ["Meeple Forge", "Hollowtree Games"],
                "title": "{brand} {model}, Strategy Board Game, {players} Players, Ages {age_range}",
                "attrs": {"players": ["2-4", "1-4", "2-5"], "play_time_min": [45, 60, 90], "age_range": ["10+", "12+", "14+"], "genre": "strategy",
                          "components": T("cardboard tokens and cards", "wooden meeples and cardboard tiles", "wooden pieces, metal coins and a dual-layer board")},
                "intro": ["A strategy game for {players} players where you build routes, trade goods and race for the most points in about {play_time_min} minutes.",
                          "{model} is a {play_time_min}-minute strategy game for {players} players, ages {age_range}."],
                "desc": ["Components: {components}.", "A solo mode with its own scoring deck is included."],
            },
            {
                "noun": "Cooperative Board Game", "short": "game", "plural": False, "price": (19, 59),
                "title": "{brand} {model}, Cooperative Board Game, {players} Players, Ages {age_range}",
                "attrs": {"players": ["1-4", "2-4"], "play_time_min": [30, 45], "age_range": ["8+", "10+"], "genre": "cooperative",
                          "components": T("cards and cardboard tokens", "cards, tokens and wooden pawns", "illustrated cards, wooden pawns and a cloth map")},
                "intro": ["A cooperative game where {players} players work together against the board; everyone wins or loses as a team.",
                          "In {model}, players team up to finish the mission before time runs out; games take about {play_time_min} minutes."],
                "desc": ["Components: {components}.", "Adjustable difficulty makes it good for mixed ages."],
            },
            {
                "noun": "Family Card Game", "short": "game", "plural": False, "price": (6, 19), "brands": ["Pocket Owl", "Meeple Forge"],
                "title": "{brand} {model}, Family Card Game, {players} Players, Ages {age_range}",
                "attrs": {"players": ["2-6", "3-8"], "play_time_min": [15, 20], "age_range": ["6+", "7+", "8+"], "genre": "card game",
                          "components": "110 cards in a tuck box"},
                "intro": ["A quick family card game for {players} players; rounds take about {play_time_min} minutes.",
                          "{model} fits in a pocket and teaches in two minutes, ages {age_range}."],
                "desc": ["Components: {components}.", "Great for travel, restaurants and warm-ups before a bigger game."],
            },
            {
                "noun": "Party Game", "short": "game", "plural": False, "price": (14, 34), "brands": ["Pocket Owl", "Meeple Forge", "Hollowtree Games"],
                "title": "{brand} {model}, Party Word Game, {players} Players, Ages {age_range}",
                "attrs": {"players": ["4-10", "3-8"], "play_time_min": [20, 30], "age_range": ["12+", "14+"], "genre": "party",
                          "components": "300 word cards, sand timer, 2 dry-erase boards"},
                "intro": ["A team word-guessing game for {players} players that plays in about {play_time_min} minutes.",
                          "{model} is a party game built around quick clues and loud tables, ages {age_range}."],
                "desc": ["Components: {components}."],
            },
        ],
        "pos": ["Rules took about {mins} minutes to learn and we played three rounds back to back.",
                "{if_kids}Great with my {kid_age}-year-old, who beat us in the second game.",
                "Component quality is excellent for the price.", "{if_two}It plays well at two players, which is rare."],
        "mix": ["Fun, but the rulebook could be clearer about end-game scoring.", "Good game, but setup takes about 15 minutes."],
        "neg": ["Several cards were missing out of the box.", "Too much luck; strategy barely matters.",
                "The insert is useless and everything slides around in the box."],
        "titles": {"pos": ["New family favourite", "Game night hit"], "neg": ["Missing pieces"]},
    },
    {
        "path": "Toys & Games > Building Sets",
        "count": 9,
        "brands": ["Brickwell", "Tinker Bay"],
        "models": ["Harbour Lighthouse", "Space Shuttle Explorer", "Treehouse Hideout", "Vintage Camper Van", "City Fire Station",
                   "Dragon Castle", "Steam Locomotive", "Botanical Bonsai", "Mars Rover", "Pirate Cove"],
        "variant_rate": 0.0,
        "derive": d_toys,
        "rderive": r_toys,
        "kinds": [
            {
                "noun": "Building Set", "short": "set", "plural": False, "price": (9, 199),
                "title": "{brand} {model} Building Set, {pieces} Pieces, Ages {age_range}",
                "attrs": {"pieces": T(120, 280, 520, 900, 1600, 2400), "age_range": T("5+", "6+", "8+", "9+", "12+", "18+"),
                          "material": "ABS plastic bricks", "compatibility": "standard stud-and-tube bricks"},
                "intro": ["A {pieces}-piece building set for ages {age_range}, packed in {bags} numbered bags.",
                          "The {model} set builds a detailed display model from {pieces} pieces."],
                "desc": ["Bricks are compatible with {compatibility}.", "Step-by-step printed instructions are included, plus a digital version in the app."],
                "pos": ["Instructions are clear and the bags are numbered."],
            },
            {
                "noun": "Magnetic Tiles Set", "short": "set", "plural": False, "price": (19, 89), "brands": ["Brickwell", "Tinker Bay"],
                "models": ["Rainbow Castle", "Glow City", "Skyscraper", "Marble Run"],
                "title": "{brand} {model} Magnetic Tiles Set, {pieces} Pieces, Ages {age_range}",
                "attrs": {"pieces": [60, 100, 120], "age_range": "3+", "material": "food-grade ABS with magnets sealed inside"},
                "intro": ["A {pieces}-piece magnetic tile set for open-ended building, ages {age_range}.",
                          "The {model} tiles snap together at any edge to build towers, tunnels and vehicles."],
                "desc": ["Magnets are ultrasonically welded inside each tile.", "Includes a storage bag and an idea booklet."],
                "neg": ["The magnets in one tile came loose, which is a safety issue with small kids."],
            },
            {
                "noun": "STEM Robot Kit", "short": "kit", "plural": False, "price": (39, 129), "brands": ["Tinker Bay", "Brickwell"],
                "models": ["Robo Rangers", "Rover Bot", "Codey", "Mech Pup"],
                "title": "{brand} {model} STEM Robot Kit, {pieces} Pieces, Ages {age_range}",
                "attrs": {"pieces": [180, 260, 400], "age_range": "8+", "programming": "app-based block coding (iOS and Android)",
                          "power": "rechargeable battery pack included"},
                "intro": ["A {pieces}-piece robot kit that builds into five different robots and is programmed with {programming}.",
                          "The {model} kit teaches basic coding and mechanics, ages {age_range}."],
                "desc": ["Power: {power}; a full charge runs for about 90 minutes."],
            },
        ],
        "pos": ["{if_kids}It took my {kid_age}-year-old {build_txt} to build.",
                "{if_adult}A relaxing {build_h}-hour build over a few evenings, and it looks great on the shelf.",
                "All pieces were there, plus a few spares."],
        "mix": ["Fun build, but a few parts are a tight fit and need adult hands.", "Nice set, but smaller than it looks in the photos."],
        "neg": ["Two pieces were missing and it took {days} days to get replacements.", "Pieces don't hold together well; it falls apart when played with."],
        "titles": {"pos": ["Great build", "Hours of fun"], "neg": ["Missing pieces"]},
    },
    {
        "path": "Toys & Games > Puzzles",
        "count": 9,
        "brands": ["Puzzlewick", "Hollowtree Games", "Pocket Owl"],
        "models": ["Alpine Village at Dusk", "Spice Market", "Coral Reef", "Vintage Seed Packets", "Lighthouse Cove", "Library Cats",
                   "Midnight Garden", "Rainy Day in Kyoto", "Map of the Stars", "Farmers Market", "Autumn Lake"],
        "variant_rate": 0.0,
        "derive": d_toys,
        "rderive": r_toys,
        "kinds": [
            {
                "noun": "Jigsaw Puzzle", "short": "puzzle", "plural": False, "price": (9, 39),
                "title": "{brand} {model} {pieces}-Piece Jigsaw Puzzle",
                "attrs": {"pieces": T(300, 500, 1000, 1000, 1500, 2000), "age_range": "12+",
                          "material": T("recycled board, 1.8 mm", "recycled board, 2 mm, linen finish", "premium 2.2 mm board, matte anti-glare finish"),
                          "poster": "included"},
                "intro": ["A {pieces}-piece jigsaw that finishes at about {puzzle_cm} cm.",
                          "The {model} puzzle is printed on {material} with random-cut pieces."],
                "desc": ["A reference poster is included in the box.", "Pieces are cut cleanly for a snug fit and minimal puzzle dust."],
            },
            {
                "noun": "Kids' Floor Puzzle", "short": "puzzle", "plural": False, "price": (6, 19), "brands": ["Pocket Owl", "Puzzlewick"],
                "title": "{brand} {model} Kids' Floor Puzzle, {pieces} Pieces, Ages {age_range}",
                "attrs": {"pieces": [24, 36, 48], "age_range": ["3+", "4+", "5+"], "material": "thick recycled board, 3 mm"},
                "intro": ["A {pieces}-piece floor puzzle with extra-large pieces, finishing at {puzzle_cm} cm, ages {age_range}.",
                          "The {model} floor puzzle uses sturdy 3 mm board that survives little hands."],
                "desc": ["The box doubles as storage with a picture on the lid."],
            },
            {
                "noun": "3D Wooden Puzzle", "short": "puzzle", "plural": False, "price": (14, 59), "brands": ["Hollowtree Games", "Puzzlewick"],
                "title": "{brand} {model} 3D Wooden Puzzle Model, {pieces} Pieces",
                "attrs": {"pieces": [120, 250, 400], "age_range": "14+", "material": "laser-cut plywood", "glue": "no glue needed"},
                "intro": ["A {pieces}-piece laser-cut wooden model that assembles without glue.",
                          "The {model} 3D puzzle builds into a detailed wooden display piece, ages {age_range}."],
                "desc": ["Parts press out of pre-cut sheets; {glue}."],
            },
        ],
        "pos": ["Pieces fit snugly and there was almost no dust in the bag.", "It took us about {puzzle_h} hours over a week.",
                "{if_kids}My {kid_age}-year-old finished it with just a little help."],
        "mix": ["Beautiful image, but the large dark areas are tough going.", "Nice quality, but many pieces have similar shapes."],
        "neg": ["One piece was missing.", "Glare makes it hard to see under lamps.", "Pieces are thin and bend easily."],
        "titles": {"pos": ["Relaxing and beautiful", "Quality pieces"], "neg": ["Missing a piece"]},
    },
]

# ---- Office Supplies ------------------------------------------------------


def d_office(a, rng):
    d = {}
    if "ruling" in a:
        d["ruling_t"] = a["ruling"].title()
    if "paper_size" in a:
        d["paper_size_t"] = a["paper_size"].split(" ")[0]
    if a.get("paper_gsm", 0) >= 100:
        d["if_thick"] = ""
    elif "paper_gsm" in a:
        d["if_thin"] = ""
    if "nib" in a:
        d["nib_t"] = {"EF": "Extra Fine", "F": "Fine", "M": "Medium"}[a["nib"]]
        d["nib_l"] = d["nib_t"].lower()
    if "ink" in a:
        d["ink_t"] = a["ink"].title()
    if a.get("dimensions") == "8 x 8 x 10 cm":
        d["material_c"] = {"ABS plastic": "ABS Plastic", "ceramic": "Ceramic", "walnut": "Walnut"}[a["material"]]
    if "material" in a and "width_cm" in a:
        d["material_t"] = {"bamboo": "Bamboo", "solid walnut": "Walnut", "steel": "Steel"}.get(a["material"], "")
    return d


SUBCATEGORIES += [
    {
        "path": "Office Supplies > Notebooks",
        "count": 9,
        "brands": ["Quillmark", "Paperlane", "Ledgerly"],
        "models": ["Field Journal", "Atelier", "Daily Log", "Studio", "Margin", "Folio", "Scribe", "Waypoint", "Index", "Chapter"],
        "variant_rate": 0.35,
        "derive": d_office,
        "kinds": [
            {
                "noun": "Hardcover Notebook", "short": "notebook", "plural": False, "price": (6, 32),
                "title": "{brand} {model} Hardcover Notebook, {paper_size_t}, {ruling_t}, {pages} Pages, {color}",
                "attrs": {"color": ["Black", "Forest Green", "Navy", "Terracotta", "Dusty Rose"],
                          "paper_size": ["A5 (148 x 210 mm)", "B5 (176 x 250 mm)", "A6 (105 x 148 mm)"],
                          "ruling": ["dotted", "lined", "grid", "blank"], "pages": T(160, 192, 240), "paper_gsm": T(80, 90, 100, 120),
                          "binding": "lay-flat sewn binding",
                          "features": T("elastic closure", "elastic closure, ribbon marker", "elastic closure, 2 ribbon markers, back pocket, numbered pages")},
                "intro": ["A {paper_size} hardcover notebook with {pages} {ruling} pages of {paper_gsm} gsm acid-free paper.",
                          "The {model} notebook has a {binding} and {features}."],
                "desc": ["Features: {features}.", "{if_thick}The {paper_gsm} gsm paper handles fountain pens with minimal show-through."],
            },
            {
                "noun": "Spiral Notebooks, 3-Pack", "short": "notebooks", "plural": True, "price": (5, 14), "brands": ["Paperlane", "Ledgerly"],
                "title": "{brand} {model} Spiral Notebooks, A5, {ruling_t}, 3-Pack",
                "attrs": {"paper_size": "A5 (148 x 210 mm)", "ruling": ["lined", "grid"], "pages": 100, "paper_gsm": T(70, 80),
                          "binding": "double-wire spiral", "pack_size": 3},
                "intro": ["Three A5 spiral notebooks with {pages} {ruling} pages each on {paper_gsm} gsm paper.",
                          "The {model} 3-pack is made from recycled paper with perforated, tear-out pages."],
                "desc": ["Covers are sturdy recycled board in three colours."],
            },
            {
                "noun": "Undated Weekly Planner", "short": "planner", "plural": False, "price": (9, 34),
                "title": "{brand} {model} Undated Weekly Planner, A5, {color}",
                "attrs": {"color": ["Sage", "Black", "Blush"], "paper_size": "A5 (148 x 210 mm)", "pages": 176, "paper_gsm": T(80, 100),
                          "binding": "lay-flat sewn binding", "layout": "a week-on-two-pages layout, monthly overviews and a habit tracker"},
                "intro": ["An undated A5 planner with {layout}, so you can start any week of the year.",
                          "The {model} planner uses {paper_gsm} gsm paper and a {binding}."],
                "desc": ["Includes 12 monthly spreads and 52 weekly spreads."],
            },
        ],
        "pos": ["{if_thick}Fountain pen ink doesn't bleed through the {paper_gsm} gsm paper.", "{it} open{s} completely flat, so writing near the spine is easy.",
                "The paper takes gel pens without smearing."],
        "mix": ["Nice paper, but my gel pen ghosts through to the next page.", "Good notebook, but the cover scuffs easily."],
        "neg": ["Pages started falling out after {weeks} weeks.", "{if_thin}Fountain pen ink bled straight through."],
        "titles": {"pos": ["Lovely paper", "My favourite notebook"], "neg": ["Poor binding"]},
    },
    {
        "path": "Office Supplies > Pens",
        "count": 10,
        "brands": ["Inkwise", "Quillmark", "Ledgerly"],
        "models": ["Glide", "Precision", "Signature", "Everyday", "Fine Line", "Script", "Inkflow", "Swift", "Draft", "Marginalia", "Clarity"],
        "variant_rate": 0.2,
        "derive": d_office,
        "kinds": [
            {
                "noun": "Retractable Gel Pens", "short": "pens", "plural": True, "price": (0.55, 1.5), "price_per": "pack_size",
                "brands": ["Inkwise", "Ledgerly"],
                "title": "{brand} {model} Retractable Gel Pens, {tip_mm} mm, {ink_t}, {pack_size}-Pack",
                "attrs": {"tip_mm": [0.38, 0.5, 0.7], "ink": ["black", "blue", "assorted colours"], "pack_size": [3, 5, 10, 12],
                          "grip": "rubber grip", "refillable": T("no", "yes")},
                "intro": ["A {pack_size}-pack of retractable gel pens with a {tip_mm} mm tip and quick-drying {ink} ink.",
                          "The {model} gel pens write smoothly with a comfortable rubber grip; refillable: {refillable}."],
                "desc": ["The ink is water-resistant and fade-resistant once dry."],
                "pos": ["The {tip_mm} mm tip is great for tiny planner handwriting.", "Dries in about 3 seconds, so no smudging for lefties."],
                "neg": ["Ink smears for left-handed writing."],
            },
            {
                "noun": "Fountain Pen", "short": "pen", "plural": False, "price": (12, 129), "brands": ["Quillmark", "Ledgerly"],
                "title": "{brand} {model} Fountain Pen, {nib_t} Nib, {color}",
                "attrs": {"color": ["Black", "Burgundy", "Forest", "Navy"], "nib": ["EF", "F", "M"],
                          "material": T("resin", "aluminium", "brass", "lacquered brass"), "filling": "cartridge/converter (both included)",
                          "weight_g": T(16, 22, 32, 38)},
                "intro": ["A {material} fountain pen with a stainless steel {nib_l} nib, weighing {weight_g} g.",
                          "The {model} fountain pen fills by {filling}."],
                "desc": ["It posts securely and comes in a gift box with one black cartridge."],
                "pos": ["The nib was smooth out of the box with no scratchiness."],
                "neg": ["It leaked in my bag on a flight."],
            },
            {
                "noun": "Fineliner Pens", "short": "pens", "plural": True, "price": (0.7, 1.7), "price_per": "pack_size",
                "title": "{brand} {model} Fineliner Pens, 0.4 mm, {pack_size} Colours",
                "attrs": {"tip_mm": 0.4, "ink": "water-based", "pack_size": [6, 12, 24], "tip": "metal-clad fibre tip"},
                "intro": ["A set of {pack_size} fineliners with 0.4 mm {tip}s for journaling, colouring and technical drawing.",
                          "The {model} fineliners lay down crisp lines in {pack_size} colours."],
                "desc": ["The caps are ventilated and the pens can be left uncapped for up to 2 days without drying out."],
            },
            {
                "noun": "Highlighters", "short": "highlighters", "plural": True, "price": (0.55, 1.1), "price_per": "pack_size",
                "brands": ["Inkwise", "Ledgerly"],
                "title": "{brand} {model} Highlighters, Chisel Tip, {pack_size}-Pack, {ink_t}",
                "attrs": {"pack_size": [4, 6], "ink": ["pastel", "bright"], "tip": "chisel tip, 1-5 mm"},
                "intro": ["A {pack_size}-pack of {ink} highlighters with a {tip} for broad or fine marking.",
                          "The {model} highlighters are smear-resistant over most printer inks."],
                "desc": ["Quick-drying ink with a see-through window to track ink level."],
            },
        ],
        "pos": ["Writes smoothly with no skipping, even on receipt paper.", "Comfortable to write with for long sessions."],
        "mix": ["Nice line, but the clip is loose.", "Colours are nice, but the lighter ones are hard to read."],
        "neg": ["Half the pens in the pack were dry on arrival.", "{it} skip{s} constantly on glossy paper."],
        "titles": {"pos": ["Smooth writer", "Great pens"], "neg": ["Dried out"]},
    },
    {
        "path": "Office Supplies > Desk Organizers",
        "count": 9,
        "brands": ["Tidynest", "Oakline Studio", "Ledgerly"],
        "models": ["Workbench", "Clearview", "Atelier", "Homebase", "Slimline", "Cubicle", "Studio", "Minimal", "Nook", "Arbor"],
        "variant_rate": 0.3,
        "derive": d_office,
        "kinds": [
            {
                "noun": "Mesh Desk Organizer", "short": "organizer", "plural": False, "price": (9, 39), "brands": ["Tidynest", "Ledgerly"],
                "title": "{brand} {model} Mesh Desk Organizer with Sliding Drawer, {color}",
                "attrs": {"color": ["Black", "White", "Rose Gold"], "material": "powder-coated steel mesh", "compartments": [5, 6, 8],
                          "dimensions": "33 x 16 x 20 cm"},
                "intro": ["A {dimensions} steel mesh organizer with {compartments} compartments and a sliding drawer.",
                          "The {model} organizer keeps letters, pens and sticky notes in one tidy spot."],
                "desc": ["It arrives assembled; rubber feet protect the desk."],
            },
            {
                "noun": "Monitor Stand Riser", "short": "riser", "plural": False, "price": (19, 89), "brands": ["Oakline Studio", "Tidynest", "Ledgerly"],
                "title": "{brand} {model} {material_t} Monitor Stand Riser with Drawer, {width_cm} cm",
                "attrs": {"material": T("bamboo", "bamboo", "solid walnut"), "width_cm": [42, 55, 60], "height_cm": [10, 12],
                          "max_load_kg": T(15, 20, 25), "assembly": "tool-free, about 5 minutes"},
                "intro": ["A {width_cm} cm {material} riser that lifts your monitor {height_cm} cm for better posture, with a slim drawer underneath.",
                          "The {model} riser supports up to {max_load_kg} kg and leaves room to slide a keyboard underneath."],
                "desc": ["Assembly: {assembly}."],
                "pos": ["Holds my 27-inch monitor without any flex."],
            },
            {
                "noun": "Under-Desk Cable Management Tray", "short": "tray", "plural": False, "price": (14, 49), "brands": ["Tidynest", "Ledgerly"],
                "title": "{brand} {model} Under-Desk Cable Management Tray, {width_cm} cm, {color}",
                "attrs": {"width_cm": [40, 60, 80], "material": "steel", "mounting": "screws or no-drill clamps (both included)", "color": ["Black", "White"]},
                "intro": ["A {width_cm} cm steel tray that hides power strips and cable clutter under your desk.",
                          "The {model} tray mounts with {mounting}."],
                "desc": ["Open mesh lets chargers and power bricks vent heat."],
                "pos": ["It took about {mins} minutes to install with the included screws.", "Finally no cables dangling behind my standing desk."],
            },
            {
                "noun": "Desk Pen Cup", "short": "pen cup", "plural": False, "price": (5, 19),
                "title": "{brand} {model} Desk Pen Cup, {material_c}",
                "attrs": {"material": T("ABS plastic", "ceramic", "walnut"), "dimensions": "8 x 8 x 10 cm"},
                "intro": ["A {dimensions} pen cup in {material} that holds about 20 pens and a pair of scissors.",
                          "The {model} pen cup adds a tidy, weighted spot for pens on any desk."],
                "desc": ["A felt base prevents scratches."],
            },
        ],
        "pos": ["My desk looks so much tidier now.", "Sturdy and looks great on the desk."],
        "mix": ["Looks great, but it's smaller than I expected.", "Useful, but the finish picks up fingerprints."],
        "neg": ["It arrived scratched.", "The screws stripped during assembly."],
        "titles": {"pos": ["Tidy desk at last"], "neg": ["Poor quality"]},
    },
]

# ---- Pet Supplies ---------------------------------------------------------

DOG_BREEDS = ["beagle", "lab mix", "terrier", "husky", "border collie", "golden retriever", "pit mix", "dachshund", "corgi", "boxer"]


def d_pets(a, rng):
    d = {}
    size = str(a.get("size", ""))
    if size:
        d["size_t"] = size.split(" (")[0]
    if "foam_cm" in a:
        d["max_kg"] = {"Medium": 18, "Large": 34, "X-Large": 50}[d["size_t"]]
    if "difficulty" in a:
        d["level_t"] = a["difficulty"].split(" (")[0].title()
    if "bag_kg" in a:
        d["scent_t"] = a["scent"].title()
    if "refills" in a:
        d["if_wand"] = ""
    return d


def r_pets(a, rng):
    d = {"breed": rng.choice(DOG_BREEDS), "pet_age": rng.randint(2, 13), "cat_kg": rng.choice([4, 5, 6, 7])}
    cap = a.get("max_kg")
    if isinstance(cap, int):
        d["dog_kg"] = rng.randint(max(5, cap // 2), cap - 2)
    d["mins_small"] = rng.choice([5, 10, 15, 20])
    return d


SUBCATEGORIES += [
    {
        "path": "Pet Supplies > Dog > Beds",
        "pinned": [("Scruffco", "Calming Donut Dog Bed")],
        "count": 8,
        "brands": ["Barkley & Finch", "Hound & Harbor", "Scruffco"],
        "models": ["Cloud Rest", "Snooze", "Den", "Hearthside", "Dreamer", "Nap Haven", "Cozy Corner", "Loft", "Burrow"],
        "variant_rate": 0.5,
        "derive": d_pets,
        "rderive": r_pets,
        "kinds": [
            {
                "noun": "Orthopedic Memory Foam Dog Bed", "short": "bed", "plural": False, "price": (29, 179), "variant": "size",
                "title": "{brand} {model} Orthopedic Memory Foam Dog Bed, {size_t}, {color}",
                "attrs": {"size": ["Medium (76 x 56 cm)", "Large (91 x 69 cm)", "X-Large (112 x 81 cm)"], "color": ["Charcoal", "Sand", "Navy"],
                          "foam_cm": T(8, 10, 10, 13), "cover": "removable, machine-washable microsuede",
                          "waterproof_liner": T("no", "yes", "yes")},
                "intro": ["An orthopedic dog bed with {foam_cm} cm of memory foam and a bolster on three sides, size {size}.",
                          "The {model} bed supports older joints with {foam_cm} cm of foam under a {cover} cover."],
                "desc": ["Waterproof liner: {waterproof_liner}.", "The non-slip base keeps it from sliding on hard floors."],
                "pos": ["My {pet_age}-year-old lab gets in and out of it more easily than her old bed.",
                        "Our {dog_kg} kg dog fits with room to stretch out."],
                "neg": ["The foam flattened within {months} months."],
            },
            {
                "noun": "Calming Donut Dog Bed", "short": "bed", "plural": False, "price": (19, 89), "variant": "size",
                "title": "{brand} {model} Calming Donut Dog Bed, {size_t}, {color}",
                "attrs": {"size": ["Small (50 cm)", "Medium (70 cm)", "Large (90 cm)"], "color": ["Taupe", "Cream", "Grey"],
                          "material": "faux fur, machine washable", "fill": "polyester fibre"},
                "intro": ["A round donut bed in plush faux fur with a raised rim dogs can rest their heads on, size {size}.",
                          "The {model} calming bed gives anxious dogs a cosy, den-like spot."],
                "desc": ["The whole bed is machine washable on a gentle cycle; tumble dry low."],
                "pos": ["My anxious {breed} curls up in it every night."],
                "neg": ["The fur matted after the first wash."],
            },
            {
                "noun": "Elevated Cooling Dog Cot", "short": "cot", "plural": False, "price": (22, 79), "variant": "size",
                "title": "{brand} {model} Elevated Cooling Dog Cot, {size_t}",
                "attrs": {"size": ["Medium (91 x 64 cm)", "Large (107 x 76 cm)"], "material": "breathable mesh on powder-coated steel frame",
                          "height_cm": 18},
                "intro": ["An elevated cot with breathable mesh that keeps dogs cool and off damp ground, size {size}.",
                          "The {model} cot works indoors, on the deck or at the campsite."],
                "desc": ["It assembles without tools in about 10 minutes; the mesh is replaceable."],
                "pos": ["Great on the patio in summer; he prefers it to the grass."],
            },
        ],
        "pos": ["The cover unzips easily and has survived {washes} washes.", "Well made and looks nice in the living room."],
        "mix": ["Comfortable, but the cover zipper is exposed and my puppy chewed it.", "Nice bed, but smaller than the listed size suggests."],
        "neg": ["The cover shrank in the wash and no longer fits.", "My dog chewed through a corner within a week."],
        "titles": {"pos": ["Dog approved", "Best bed yet"], "neg": ["Didn't last"]},
    },
    {
        "path": "Pet Supplies > Dog > Toys",
        "count": 8,
        "brands": ["Hound & Harbor", "Scruffco", "Barkley & Finch"],
        "models": ["Chomp", "Tugger", "Brainy Bowl", "Knotty", "Fetch Pro", "Gnawsome", "Ropester", "Puzzler", "Bouncer"],
        "variant_rate": 0.35,
        "derive": d_pets,
        "rderive": r_pets,
        "kinds": [
            {
                "noun": "Squeaky Plush Dog Toy", "short": "toy", "plural": False, "price": (4, 16),
                "models": ["Hedgehog Harry", "Fox Finn", "Duck Dottie", "Otter Ollie", "Sloth Sam"],
                "title": "{brand} {model} Squeaky Plush Dog Toy, {size_t}",
                "attrs": {"size": ["Small", "Medium", "Large"], "material": "plush with reinforced double seams", "squeakers": [1, 2, 3],
                          "stuffing": T("polyfill", "stuffing-free")},
                "intro": ["A soft plush toy with {squeakers} squeaker(s) and reinforced double-stitched seams.",
                          "{model} is a {stuffing} plush toy for gentle chewers and fetch fans."],
                "desc": ["Not indestructible; supervise play and remove if damaged."],
                "mix": ["He loves it, but the squeaker died within a day."],
            },
            {
                "noun": "Tough Rubber Chew Toy", "short": "toy", "plural": False, "price": (6, 22), "variant": "size",
                "title": "{brand} {model} Tough Rubber Chew Toy, {size_t}",
                "attrs": {"size": ["Small (dogs under 9 kg)", "Medium (9-23 kg)", "Large (23-36 kg)"], "material": "natural rubber",
                          "treat_slot": "yes", "dishwasher_safe": "yes, top rack"},
                "intro": ["A bouncy natural-rubber chew toy with a treat slot, size {size}.",
                          "The {model} chew toy is built for strong chewers and can be stuffed with treats or frozen peanut butter."],
                "desc": ["Dishwasher-safe on the top rack."],
                "pos": ["Stuffed with frozen peanut butter it keeps him busy for a good {mins} minutes."],
            },
            {
                "noun": "Cotton Rope Dog Toys, 3-Pack", "short": "toys", "plural": True, "price": (7, 18),
                "title": "{brand} {model} Cotton Rope Dog Toys, 3-Pack",
                "attrs": {"pack_size": 3, "material": "braided cotton-poly rope", "size": ["Medium", "Large"]},
                "intro": ["Three braided rope toys for tug and fetch that also help clean teeth.",
                          "The {model} rope set includes a knot bone, a ring and a tug rope."],
                "desc": ["Machine washable; replace when fraying."],
            },
            {
                "noun": "Treat-Dispensing Puzzle Feeder", "short": "puzzle", "plural": False, "price": (9, 34),
                "title": "{brand} {model} Treat-Dispensing Puzzle Feeder, {level_t}",
                "attrs": {"difficulty": ["level 1 (beginner)", "level 2 (intermediate)", "level 3 (advanced)"], "material": "BPA-free plastic",
                          "dishwasher_safe": "yes"},
                "intro": ["A slide-and-flip puzzle feeder, {difficulty}, that makes dogs work for their treats.",
                          "The {model} puzzle slows down fast eaters and provides mental enrichment."],
                "desc": ["Non-slip feet keep it in place; all parts are dishwasher-safe."],
                "pos": ["It keeps my {breed} busy for a good {mins} minutes."],
            },
        ],
        "pos": ["My {breed} has had {them} for {weeks} weeks and {it} {is} still in one piece.", "Instant favourite in our house."],
        "mix": ["Fun, but {it} get{s} slobbery and gross quickly.", "Good toy, but smaller than I expected."],
        "neg": ["Destroyed in {mins_small} minutes by my {breed}.", "Pieces broke off, so I threw {them} away for safety."],
        "titles": {"pos": ["Dog loves it", "Tail-wagging approved"], "neg": ["Not durable"]},
    },
    {
        "path": "Pet Supplies > Cat > Toys",
        "count": 8,
        "brands": ["Whiskerly", "Scruffco", "Mossy Paw"],
        "models": ["Pounce", "Flutter", "Prowl", "Zoomies", "Whisk", "Tumble", "Nook", "Perch", "Pip"],
        "variant_rate": 0.25,
        "derive": d_pets,
        "rderive": r_pets,
        "kinds": [
            {
                "noun": "Feather Wand Cat Toy", "short": "toy", "plural": False, "price": (3, 14),
                "title": "{brand} {model} Feather Wand Cat Toy with {refills} Refills",
                "attrs": {"wand_length_cm": [80, 90, 100], "refills": [2, 3, 5], "material": "fibreglass rod, natural feathers"},
                "intro": ["A {wand_length_cm} cm flexible wand with a feather lure and {refills} refill attachments.",
                          "The {model} wand mimics a fluttering bird to bring out your cat's hunting instinct."],
                "desc": ["Store out of reach after play; the string is not meant for unsupervised chewing."],
                "mix": ["My cat loves it, but the feathers fell apart within a week; good thing refills are included."],
            },
            {
                "noun": "Catnip Mice, 6-Pack", "short": "mice", "plural": True, "price": (3, 12),
                "title": "{brand} {model} Catnip Mice, 6-Pack",
                "attrs": {"pack_size": 6, "material": T("felt", "wool felt"), "catnip": "organic catnip"},
                "intro": ["Six {material} mice filled with {catnip} for batting, carrying and pouncing.",
                          "The {model} mice are small enough to carry and light enough to skitter across hard floors."],
                "desc": ["Refresh the scent by storing them in a jar with a pinch of dried catnip."],
            },
            {
                "noun": "Crinkle Cat Tunnel", "short": "tunnel", "plural": False, "price": (9, 29),
                "title": "{brand} {model} Collapsible Crinkle Cat Tunnel, {length_cm} cm, {color}",
                "attrs": {"length_cm": [90, 120], "openings": [2, 3], "color": ["Grey", "Teal", "Mustard"], "material": "polyester with crinkle lining"},
                "intro": ["A {length_cm} cm crinkle tunnel with {openings} openings and a dangling pom-pom.",
                          "The {model} tunnel folds flat for storage and pops up in seconds."],
                "desc": ["Spot clean with a damp cloth."],
            },
            {
                "noun": "Sisal Scratching Post", "short": "scratching post", "plural": False, "price": (15, 89),
                "title": "{brand} {model} Sisal Scratching Post, {height_cm} cm",
                "attrs": {"height_cm": T(50, 60, 80, 90), "base_cm": "40 x 40",
                          "material": T("sisal rope on particleboard", "sisal rope on particleboard", "sisal on solid pine base")},
                "intro": ["A {height_cm} cm scratching post wrapped in natural sisal on a {base_cm} cm weighted base.",
                          "The {model} post is tall enough for a full vertical stretch, made of {material}."],
                "desc": ["Assembly takes about 5 minutes with the included bolt."],
                "pos": ["Sturdy enough that it doesn't tip when my {cat_kg} kg cat stretches fully."],
                "neg": ["The post wobbles and tipped over."],
            },
        ],
        "pos": ["My cat goes nuts for {them} every evening.", "Both of my cats fight over {them}."],
        "mix": ["Fun, but {it} {is} a bit flimsy for an enthusiastic cat.", "Decent quality, but smaller than pictured."],
        "neg": ["My cat ignored {them} completely.", "{it} fell apart quickly."],
        "titles": {"pos": ["Cat approved", "Hours of fun"], "neg": ["Cat not interested"]},
    },
    {
        "path": "Pet Supplies > Cat > Litter & Accessories",
        "count": 7,
        "brands": ["Whiskerly", "Scruffco", "Mossy Paw"],
        "models": ["Clumpsure", "Fresh Paws", "Clean Paws", "Hideaway", "Spring", "Pure Flow", "Sandbox", "Tidy Paws"],
        "variant_rate": 0.2,
        "derive": d_pets,
        "rderive": r_pets,
        "kinds": [
            {
                "noun": "Clumping Clay Cat Litter", "short": "litter", "plural": False, "price": (8, 29), "variant": "bag_kg",
                "title": "{brand} {model} Clumping Clay Cat Litter, {bag_kg} kg, {scent_t}",
                "attrs": {"bag_kg": [6, 9, 13], "scent": ["unscented", "unscented", "fresh scent"], "dust": "99% dust-free",
                          "clumping": "hard-clumping bentonite clay"},
                "intro": ["A {bag_kg} kg bag of {clumping} litter, {scent} and {dust}.",
                          "The {model} litter forms tight clumps that scoop out in one piece."],
                "desc": ["A {bag_kg} kg bag lasts one cat about 4-6 weeks with daily scooping."],
                "pos": ["Clumps hard and scoops out cleanly."],
                "neg": ["My cat refused to use it."],
            },
            {
                "noun": "Covered Litter Box", "short": "litter box", "plural": False, "price": (19, 79),
                "title": "{brand} {model} Covered Litter Box with Carbon Filter, {color}",
                "attrs": {"color": ["Grey", "White", "Sage"], "dimensions": "56 x 40 x 41 cm", "material": "BPA-free polypropylene",
                          "features": "carbon filter, swing door, scoop included"},
                "intro": ["A {dimensions} hooded litter box with {features}.",
                          "The {model} litter box keeps litter scatter and odour contained."],
                "desc": ["The hood clips off for a full clean."],
            },
            {
                "noun": "Honeycomb Litter Mat", "short": "mat", "plural": False, "price": (8, 29),
                "title": "{brand} {model} Honeycomb Litter Mat, {mat_cm} cm",
                "attrs": {"mat_cm": ["60 x 45", "75 x 55"], "material": "double-layer EVA, waterproof bottom"},
                "intro": ["A {mat_cm} cm double-layer mat whose honeycomb top traps litter from paws.",
                          "The {model} mat lets you pour trapped litter back into the box."],
                "desc": ["Rinse under the shower to clean."],
                "pos": ["The mat catches most of the tracked litter."],
            },
            {
                "noun": "Stainless Steel Pet Water Fountain", "short": "fountain", "plural": False, "price": (19, 59),
                "title": "{brand} {model} Stainless Steel Pet Water Fountain, {capacity_l} L",
                "attrs": {"capacity_l": [2, 2.5, 3], "noise_db": T(30, 25), "filter": "carbon and foam, replace monthly",
                          "material": "stainless steel bowl"},
                "intro": ["A {capacity_l} L stainless fountain that keeps water moving and filtered so cats drink more.",
                          "The {model} fountain runs a quiet pump (about {noise_db} dB) with a {filter} filter."],
                "desc": ["The bowl and top are dishwasher-safe; the pump is not."],
                "neg": ["The pump got noisy after {months} months."],
            },
        ],
        "pos": ["Works well with two cats in a small apartment.", "Good value for the price."],
        "mix": ["Does the job, but it's dustier than claimed when pouring.", "Fine overall, but cleaning takes longer than I'd like."],
        "neg": ["Strong plastic smell out of the box.", "Arrived cracked."],
        "titles": {"pos": ["Cat approved", "Easy to keep clean"]},
    },
]

# ---- Baby -----------------------------------------------------------------


def r_baby(a, rng):
    return {"baby_m": rng.randint(4, 18), "nights": rng.randint(3, 14)}


SUBCATEGORIES += [
    {
        "path": "Baby > Strollers",
        "pinned": [("Nestling", "Lightweight Travel Stroller"), ("Little Fern", "Full-Size Stroller")],
        "count": 7,
        "brands": ["Little Fern", "Nestling", "Bumblebloom"],
        "models": ["Breeze", "Voyager", "Cityline", "Wanderer", "Pebble", "Parkside", "Trailblazer", "Meadow"],
        "variant_rate": 0.35,
        "rderive": r_baby,
        "kinds": [
            {
                "noun": "Lightweight Travel Stroller", "short": "stroller", "plural": False, "price": (79, 449),
                "title": "{brand} {model} Lightweight Travel Stroller, {weight_kg} kg, {color}",
                "attrs": {"color": ["Charcoal", "Sand", "Navy", "Sage"], "weight_g": T(7800, 7000, 6400, 5900),
                          "age_range": "6 months to 4 years (up to 22 kg)", "fold": T("two-hand compact fold", "one-hand compact fold"),
                          "recline": T("2 positions", "3 positions", "near-flat, 4 positions"), "basket_kg": [4, 5],
                          "folded_cm": T("62 x 48 x 26", "56 x 45 x 22", "54 x 44 x 20")},
                "intro": ["A {weight_kg} kg travel stroller with a {fold} that packs down to {folded_cm} cm.",
                          "The {model} stroller is built for travel: light, compact and suitable from {age_range}."],
                "desc": ["Seat recline: {recline}; the basket holds up to {basket_kg} kg.",
                         "It has a UPF 50+ canopy with a peek-a-boo window and a carry strap."],
                "pos": ["It fit in the overhead bin on our flight."],
            },
            {
                "noun": "Full-Size Stroller", "short": "stroller", "plural": False, "price": (199, 899), "brands": ["Little Fern", "Nestling"],
                "title": "{brand} {model} Full-Size Stroller with Reversible Seat, {color}",
                "attrs": {"color": ["Charcoal", "Olive", "Stone"], "weight_g": T(12500, 11800, 10900),
                          "age_range": "birth (with bassinet or car seat adapter) to 22 kg", "seat": "reversible, parent- or world-facing",
                          "suspension": "all-wheel", "basket_kg": [6, 8, 10], "tyres": T("foam-filled", "rubber, puncture-proof")},
                "intro": ["A full-size stroller with a {seat} seat, {suspension} suspension and a {basket_kg} kg basket.",
                          "The {model} grows with your child, from {age_range}."],
                "desc": ["Tyres: {tyres}; it weighs {weight_kg} kg.", "A bassinet and car seat adapters are sold separately."],
                "pos": ["The basket holds a full diaper bag plus groceries."],
            },
            {
                "noun": "Jogging Stroller", "short": "stroller", "plural": False, "price": (149, 599),
                "title": "{brand} {model} Jogging Stroller, Air-Filled Tyres, {color}",
                "attrs": {"color": ["Black", "Red", "Graphite"], "weight_g": Span(10500, 12800, 100), "age_range": "6 months to 22 kg",
                          "wheels": "16-inch air-filled rear, locking front swivel", "brake": "hand brake plus parking brake"},
                "intro": ["A jogging stroller with {wheels} wheels and a {brake}.",
                          "The {model} handles running paths and gravel with all-terrain tyres, suitable from {age_range}."],
                "desc": ["Lock the front wheel when running; a wrist strap is included.", "It weighs {weight_kg} kg."],
                "pos": ["Pushes smoothly on gravel paths, and locking the front wheel makes running easy."],
            },
        ],
        "pos": ["It folds quickly while I hold my {baby_m}-month-old.", "Easy to steer one-handed with a coffee in the other."],
        "mix": ["Great stroller, but the canopy doesn't extend far enough for evening sun.", "Light, but the handlebar is too low for tall parents."],
        "neg": ["A front wheel started squeaking and wobbling after {months} months.", "The fold latch broke after {weeks} weeks."],
        "titles": {"pos": ["Perfect for travel", "Smooth ride"], "neg": ["Wheel problems"]},
    },
    {
        "path": "Baby > Feeding",
        "pinned": [("Bumblebloom", "Soft-Tip Silicone Baby Spoons, 4-Pack"), ("Nestling", "Silicone Suction Plate")],
        "count": 8,
        "brands": ["Bumblebloom", "Nestling", "Little Fern"],
        "models": ["Sprout", "Nourish", "Pippin", "Clover", "Bramble", "Honeydew", "Acorn", "Tulip", "Wren"],
        "variant_rate": 0.3,
        "rderive": r_baby,
        "kinds": [
            {
                "noun": "Soft-Tip Silicone Baby Spoons, 4-Pack", "short": "spoons", "plural": True, "price": (4, 14),
                "title": "{brand} {model} Soft-Tip Silicone Baby Spoons, 4-Pack, {color}",
                "attrs": {"color": ["Sage/Sand", "Rainbow", "Blush"], "material": "food-grade silicone, BPA-free", "age_range": "4 months+",
                          "dishwasher_safe": "yes", "pack_size": 4},
                "intro": ["Four soft-tip spoons in {material}, gentle on gums for babies {age_range}.",
                          "The {model} spoons have a shallow bowl and a short handle sized for first foods."],
                "desc": ["Dishwasher-safe and steriliser-safe."],
                "pos": ["Soft enough that my {baby_m}-month-old gnaws on them happily."],
            },
            {
                "noun": "Silicone Suction Plate", "short": "plate", "plural": False, "price": (7, 24),
                "title": "{brand} {model} Silicone Suction Plate with Dividers, {color}",
                "attrs": {"color": ["Sage", "Terracotta", "Sky Blue"], "material": "food-grade silicone, BPA-free", "age_range": "6 months+",
                          "dishwasher_safe": "yes", "microwave_safe": "yes"},
                "intro": ["A divided suction plate in {material} that stays put on high chair trays, {age_range}.",
                          "The {model} plate has three sections and a strong suction base."],
                "desc": ["Dishwasher-safe and microwave-safe."],
                "pos": ["The suction holds; my toddler can't pull it off the tray."],
                "mix": ["Works, but the suction fails on textured tables.", "Good, but it stains easily with tomato sauce."],
                "neg": ["It picked up a tomato stain that won't come out."],
            },
            {
                "noun": "Anti-Colic Glass Baby Bottles, 3-Pack", "short": "bottles", "plural": True, "price": (14, 45),
                "title": "{brand} {model} Anti-Colic Glass Baby Bottles, {capacity_ml} ml, 3-Pack",
                "attrs": {"capacity_ml": [150, 240], "material": "borosilicate glass with silicone sleeve", "nipple": "slow flow (0-3 months)",
                          "pack_size": 3},
                "intro": ["Three {capacity_ml} ml glass bottles with anti-colic vents and {nipple} nipples.",
                          "The {model} bottles use {material} for easy cleaning and no plastic taste."],
                "desc": ["Faster-flow nipples are sold separately."],
                "pos": ["Less spit-up since we switched to these."],
            },
            {
                "noun": "Convertible High Chair", "short": "high chair", "plural": False, "price": (59, 249),
                "title": "{brand} {model} Convertible High Chair, {color}",
                "attrs": {"color": ["Natural Wood", "White", "Grey"], "age_range": "6 months to 6 years", "harness": "5-point",
                          "tray": "removable, dishwasher-safe", "weight_g": Span(5200, 7800, 100), "folds": T("no", "yes")},
                "intro": ["A high chair that converts to a toddler chair, for {age_range}, with a {harness} harness.",
                          "The {model} high chair has a {tray} tray and adjustable footrest."],
                "desc": ["It weighs {weight_kg} kg; folds: {folds}."],
                "pos": ["It took about {mins} minutes to assemble."],
            },
            {
                "noun": "Bottle Warmer", "short": "bottle warmer", "plural": False, "price": (19, 69),
                "title": "{brand} {model} Fast Bottle Warmer and Steriliser",
                "attrs": {"warming": "steam", "warm_time": "about 4 minutes for 150 ml", "settings": T("1 setting", "milk, food and steriliser modes")},
                "intro": ["A steam bottle warmer that heats milk evenly in {warm_time}.",
                          "The {model} warmer fits most bottle shapes and has {settings}."],
                "desc": ["Auto shut-off prevents overheating."],
                "neg": ["It overheated milk twice, so I stopped trusting it."],
            },
        ],
        "pos": ["Easy to clean, which matters with a baby in the house.", "Good value and holding up well after {months} months."],
        "mix": ["Works fine, but {it} {is} bulkier than I expected.", "Does the job, but the instructions were confusing."],
        "neg": ["{it} cracked after {weeks} weeks.", "It arrived damaged and had to be replaced."],
        "titles": {"pos": ["Mealtime saver", "Great for little ones"]},
    },
    {
        "path": "Baby > Nursery",
        "pinned": [("Nestling", "Muslin Swaddle Blankets, 3-Pack")],
        "count": 7,
        "brands": ["Nestling", "Little Fern", "Bumblebloom"],
        "models": ["Dreamwrap", "Lullaby", "Hush", "Nightwatch", "Moonbeam", "Cloud Nine", "Starlit", "Cradle"],
        "variant_rate": 0.25,
        "rderive": r_baby,
        "kinds": [
            {
                "noun": "Muslin Swaddle Blankets, 3-Pack", "short": "blankets", "plural": True, "price": (12, 49),
                "title": "{brand} {model} Muslin Swaddle Blankets, 3-Pack, {color}",
                "attrs": {"color": ["Botanical Prints", "Neutral Stripes", "Sea Creatures"], "size": "120 x 120 cm",
                          "material": T("cotton muslin", "organic cotton muslin", "bamboo viscose-cotton muslin"), "pack_size": 3},
                "intro": ["Three {size} swaddle blankets in breathable {material}.",
                          "The {model} swaddles double as nursing covers, burp cloths and stroller shades."],
                "desc": ["They soften with every wash; machine wash warm, tumble dry low."],
                "pos": ["The blankets get softer with every wash."],
            },
            {
                "noun": "Video Baby Monitor", "short": "monitor", "plural": False, "price": (39, 299),
                "title": "{brand} {model} Video Baby Monitor, {screen_in}-inch Screen, Night Vision",
                "attrs": {"screen_in": T(4.3, 5, 5.5), "range_m": T(200, 300, 300), "battery_life_h": T(6, 10, 12),
                          "night_vision": "yes", "two_way_talk": "yes",
                          "connectivity": T("local 2.4 GHz (no Wi-Fi)", "local 2.4 GHz (no Wi-Fi)", "Wi-Fi + app, with local fallback")},
                "intro": ["A video baby monitor with a {screen_in}-inch parent unit, night vision and {range_m} m range.",
                          "The {model} monitor connects over {connectivity}, with two-way talk and room temperature display."],
                "desc": ["The parent unit runs up to {battery_life_h} hours on battery in screen-saver mode."],
                "pos": ["The picture is clear in night mode, even from across the room."],
                "mix": ["Works, but the parent unit battery only lasts about {batt_mid} hours."],
                "neg": ["The connection drops several times a night."],
            },
            {
                "noun": "White Noise Machine", "short": "sound machine", "plural": False, "price": (15, 79),
                "title": "{brand} {model} White Noise Machine with Night Light",
                "attrs": {"sounds": T(6, 12, 30), "features": "night light, timer, app control", "power": T("USB-C powered", "rechargeable, 20 hours")},
                "intro": ["A sound machine with {sounds} non-looping sounds plus a dimmable night light.",
                          "The {model} runs on {power} and has a sleep timer."],
                "desc": ["Volume goes low enough for a small nursery."],
                "pos": ["Our {baby_m}-month-old sleeps noticeably better with it on."],
            },
            {
                "noun": "Dual-Sided Crib Mattress", "short": "mattress", "plural": False, "price": (89, 299),
                "title": "{brand} {model} Dual-Sided Crib Mattress, 132 x 70 cm",
                "attrs": {"dimensions": "132 x 70 x 14 cm", "firmness": "dual-sided: firm infant side, softer toddler side",
                          "cover": T("waterproof polyester", "waterproof organic cotton"), "certification": "low-VOC certified"},
                "intro": ["A {dimensions} crib mattress with a {firmness}.",
                          "The {model} mattress has a {cover} cover and is {certification}."],
                "desc": ["It fits standard full-size cribs snugly with no gaps at the sides."],
                "neg": ["The mattress had a chemical smell for weeks."],
            },
        ],
        "pos": ["Nice quality for the price.", "We've used {them} for {nights} nights straight without issues."],
        "mix": ["Does the job, but the colours are duller than in the photos.", "Fine, but I expected a bit more for the price."],
        "neg": ["Quality is poor for a baby product.", "Stopped working after {weeks} weeks."],
        "titles": {"pos": ["Better sleep for everyone", "Nursery must-have"]},
    },
]


# --------------------------------------------------------------------------
# Template engine
# --------------------------------------------------------------------------

_FORMATTER = string.Formatter()


@lru_cache(maxsize=None)
def fields(template):
    """The field names a template needs."""
    return frozenset(name for _, name, _, _ in _FORMATTER.parse(template) if name)


def usable(pool, ctx):
    return [t for t in pool if fields(t) <= ctx.keys()]


# "a" before a vowel sound: "an 80 g stove", "an XL", "an OLED panel" (but "a USB-C cable").
_AN = re.compile(r"\b([Aa]) (?!one\b|one-|once)(?=8|11(?![\d,])|18(?![\d,])|(?:XS|S|M|L|XL|XXL|MFi)\b|[aeioAEIO])")


def fill(template, ctx):
    text = _AN.sub(lambda m: m.group(1) + "n ", template.format_map(ctx))
    return text[:1].upper() + text[1:]


def choose(spec, pos, rng):
    """Draw one attribute value; see the module docstring for the spec forms."""
    if isinstance(spec, T):
        n = len(spec)
        idx = round(pos * (n - 1) + rng.uniform(-0.6, 0.6))
        return spec[min(n - 1, max(0, idx))]
    if isinstance(spec, Span):
        return rng.randrange(spec.lo, spec.hi + 1, spec.step)
    if isinstance(spec, list):
        return rng.choice(spec)
    if callable(spec):
        return spec(rng)
    return spec


def display(value):
    """Attribute values as shown to shoppers: strings, lists joined, floats without noise."""
    if isinstance(value, list):
        return ", ".join(display(v) for v in value)
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def grammar(kind):
    short = kind["short"]
    if kind["plural"]:
        one = short[:-1] if short.endswith("s") else short
        return {"this": f"these {short}", "the": f"the {short}", "short": short, "short_s": one, "it": "they",
                "them": "them", "is": "are", "was": "were", "has": "have", "s": "", "es": ""}
    return {"this": f"this {short}", "the": f"the {short}", "short": short, "short_s": short, "it": "it",
            "them": "it", "is": "is", "was": "was", "has": "has", "s": "s", "es": "es"}


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


def review_numbers(facts, rng):
    """Per-review quantities a reviewer might report, consistent with the specs."""
    d = {
        "weeks": rng.randint(2, 16), "months": rng.randint(2, 11), "days": rng.randint(2, 7),
        "hours": rng.randint(3, 10), "mins": rng.randrange(10, 50, 5), "washes": rng.randrange(6, 31, 2),
        "tabs": rng.randrange(20, 65, 5), "relation": rng.choice(RELATIONS),
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


# --------------------------------------------------------------------------
# Catalog generation
# --------------------------------------------------------------------------


def charm_price(x, rng):
    """Round to a shelf price such as 7.99, 24.95 or 349.99."""
    if x < 10:
        return round(max(1, math.floor(x)) + rng.choice([0.49, 0.79, 0.99, 0.99]), 2)
    if x < 100:
        return round(math.floor(x) + rng.choice([0.49, 0.95, 0.99, 0.99]), 2)
    return round(int(x // 10) * 10 + rng.choice([4.99, 9.95, 9.99, 9.99]), 2)


def least_used(counts, options, rng):
    low = min(counts[o] for o in options)
    return rng.choice([o for o in options if counts[o] == low])


class Catalog:
    """Products plus the hidden facts (context) used to write their reviews."""

    def __init__(self):
        self.products = []
        self.facts = {}  # product id -> dict(sub, kind, ctx, raw)
        self.templates_seen = set()


def build_products(rng):
    cat = Catalog()
    titles = set()
    for sub in SUBCATEGORIES:
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
    lo, hi = TIER_BANDS[tier(brand)]
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
        chosen.append(BRANDS[brand][1])

    base_x = kind["price"][0] + (kind["price"][1] - kind["price"][0]) * pos ** 1.5 * rng.uniform(0.92, 1.08)
    base_rating = TIER_RATING[tier(brand)] + rng.gauss(0, 0.25) - (1.0 if rng.random() < 0.07 else 0.0)
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
        cat.products.append({
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
        })
        cat.facts[pid] = {"sub": sub, "kind": kind, "ctx": ctx, "raw": {**a, **d}}
    return len(variants)


# --------------------------------------------------------------------------
# Reviews
# --------------------------------------------------------------------------


def pick_sentiment(rating, rng):
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
    f = cat.facts[pid]
    ctx = dict(f["ctx"])
    ctx.update(review_numbers(f["raw"], rng))
    r = f["sub"].get("rderive")
    if r:
        ctx.update(r(f["raw"], rng))
    return ctx


def topics(template):
    """What a sentence is about, so one review never reports two battery lives."""
    return {name.split("_")[0] for name in fields(template) if name.startswith(("batt_", "days_", "km", "temp_", "fit_"))}


def fact_pool(f, sentiment):
    return f["kind"].get(sentiment, []) + f["sub"].get(sentiment, [])


def write_review(cat, pid, sentiment, stars, rng):
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
        parts.append(rng.choice(usable(GENERIC_OPENERS[sentiment], ctx)))
    parts += body
    if len(parts) < 2 or (len(parts) < 5 and rng.random() < 0.5):
        parts.append(rng.choice(usable(GENERIC_CLOSERS[sentiment], ctx)))
    text = " ".join(fill(t, ctx) for t in parts)
    titles = GENERIC_TITLES[stars] + f["sub"].get("titles", {}).get(sentiment, [])
    return fill(rng.choice(usable(titles, ctx)), ctx), text


def build_reviews(cat, rng):
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
                author = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_INITIALS)}."
                if author not in authors:
                    authors.add(author)
                    break
            day = start + timedelta(days=rng.randrange(365))
            drafts.append((day.isoformat(), stars, title, text, author))
        drafts.sort()
        for day, stars, title, text, author in drafts:
            reviews.append({
                "review_id": f"RV-{len(reviews) + 1:05d}",
                "product_id": p["id"],
                "rating": stars,
                "title": title,
                "text": text,
                "author": author,
                "date": day,
            })
        p["rating_count"] = max(p["rating_count"], n + rng.randint(0, 40))
    return reviews


# --------------------------------------------------------------------------
# Store policy
# --------------------------------------------------------------------------

POLICY_MD = """\
# Demo Shop Store Policy

This policy covers all orders placed at demo-shop.example (Demo Shop is a fictional store used for demos).
All amounts are in US dollars.

## Returns

Most items can be returned within **30 days of delivery** for a refund of the item price.

- **Condition:** unused, in the original packaging, with all accessories and manuals. Clothing and footwear need their
  tags attached and no signs of wear (trying on indoors is fine).
- **How:** start a return under *Orders > Return an item*. We email a prepaid label. Return shipping is free for
  defective or wrong items; otherwise **$5.99** is deducted from the refund.
- **Not returnable once opened:** in-ear headphones and earbuds, beauty & personal care products (skincare, hair care,
  cosmetics), baby feeding items (bottles, nipples, spoons, plates), pet treats and gift cards. Unopened, they follow
  the normal 30-day rule, and defects are always covered under Warranty.
- **Laptops:** opened laptops that are not defective carry a **15% restocking fee**. Reset the device before sending it.
- **Refund timing:** refunds reach your original payment method within **5-7 business days** after we receive and
  inspect the item. Gift card payments are refunded to a new gift card. Original shipping is refunded only for
  defective or wrong items.
- **Holidays:** items delivered November 15 - December 24 can be returned until January 31.

## Exchanges

- Exchanges for a **different size or colour of the same product** are free within 30 days, while stock lasts.
- The replacement ships as soon as the carrier scans your return. Each item can be exchanged up to 2 times.
- If the new size or colour costs more or less, we charge or refund the difference; if it is out of stock, we refund.
- For a different product, return the item for a refund and place a new order.

## Shipping

- **Standard:** 3-5 business days, **free on orders of $35 or more** (after discounts, before tax), otherwise **$4.99**.
- **Express:** 1-2 business days for **$12.99**. Not available for PO boxes or oversized items (bikes, full-size and
  jogging strollers, crib mattresses), which ship free by freight in 5-8 business days.
- **Cut-off:** orders placed by **2 pm ET** Monday-Friday ship the same business day; later and weekend orders ship
  the next business day.
- **Regions:** all 50 US states, Washington, D.C., Puerto Rico and APO/FPO/DPO addresses. Alaska, Hawaii, Puerto Rico and
  military addresses get standard shipping only, plus 2-4 business days. Canada: flat **$14.99**, 5-10 business days,
  duties charged at checkout. No other countries yet.
- Tracking links are emailed when each package ships; split shipments cost nothing extra.

## Warranty

- **Electronics** (headphones, speakers, chargers & cables, smartwatches): **1-year** manufacturer warranty from delivery.
- **Computers** (laptops, keyboards, mice, monitors): **2-year** warranty.
- **Small appliances and coffee machines:** 1 year, or longer where the product page says so.
- Batteries are covered if capacity drops below 70% of the rating within the warranty period.
- **Not covered:** accidental or liquid damage beyond the stated water resistance, normal wear, cosmetic damage and
  unauthorised repairs.
- **How to claim:** in the first 30 days, use a return or exchange. After that, contact us with your order number, a
  short description and a photo or video. We reply within 2 business days with a prepaid label, then repair or replace
  the item within 5 business days of receiving it (or refund it if neither is possible). Back up laptops first.
- Replacements are covered for the rest of the original warranty or 90 days, whichever is longer.

## Payment

- Visa, Mastercard, American Express, Discover, PayPal and Demo Shop gift cards. A gift card can be combined with one
  other payment method.
- Your payment is authorised when you order and **charged when the items ship**; split shipments are charged separately.
  Authorisations on cancelled orders drop off within 3-5 business days.
- Sales tax is calculated at checkout from the shipping address.
- **Price adjustments:** if we lower the price within **14 days** of your purchase, we refund the difference once per
  item on request. Excludes flash sales, clearance, coupon codes and competitors' prices.
- Gift cards never expire and have no fees.

## Order changes & cancellation

- Change or cancel from the *Orders* page until the status becomes **Preparing to ship** (usually about 1 hour).
- Shipped orders can't be cancelled; refuse the delivery or return the items (the $5.99 return fee applies).
- Address changes after shipping are passed to the carrier but can't be guaranteed.
- Pre-orders can be cancelled any time before they ship and aren't charged until then.

## Damaged or missing items

- Report damaged or wrong items within **7 days of delivery** with photos of the item and box. We send a replacement or
  refund at no cost; items over $200 may need to come back.
- Marked delivered but not there? Check with neighbours and wait 48 hours, then contact us. We open a carrier claim and
  send a replacement or refund within 5 business days.
- **Missing parts** (puzzle pieces, game cards, building-set pieces, assembly screws) ship free within 5-7 business
  days, or we replace the whole item.

## Contact

- **Chat:** app and website, 8 am-10 pm ET, 7 days a week.
- **Email:** support@demo-shop.example, reply within 1 business day.
- **Phone:** +1 (555) 010-0142, Monday-Friday, 9 am-6 pm ET.
- Keep your order number handy; it's in your confirmation email.
"""


# --------------------------------------------------------------------------
# Demo shopper profiles
# --------------------------------------------------------------------------


def sizes_of(p):
    return p["attributes"].get("size", "").split(", ")


def pick(products, path, brand=None, where=lambda p: True, cheapest=False):
    found = [p for p in products if p["category"] == path and (brand is None or p["brand"] == brand) and where(p)]
    if not found:
        raise AssertionError(f"profile pick found nothing: {path} / {brand}")
    return min(found, key=lambda p: (p["price"], p["id"])) if cheapest else found[0]


def build_profiles(products):
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
            ("bought", 64, pick(products, run, "Stridewell", lambda p: "Men's Road" in p["title"] and "10" in sizes_of(p) and p["price"] <= 120, cheapest=True)),
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


# --------------------------------------------------------------------------
# Checks and output
# --------------------------------------------------------------------------


def lint_templates(cat, rng):
    """Every template must fit at least one product; catches misspelt field names."""
    fits = set(cat.templates_seen)
    known = set()
    for pid, f in cat.facts.items():
        ctx = review_context(cat, pid, rng)
        known.update(ctx)
        for pool in ("pos", "mix", "neg"):
            fits.update(usable(fact_pool(f, pool), ctx))
        fits.update(usable(GENERIC_OPENERS["pos"] + GENERIC_CLOSERS["pos"], ctx))
        for s in ("pos", "mix", "neg"):
            fits.update(usable(GENERIC_OPENERS[s] + GENERIC_CLOSERS[s], ctx))
        assert len(usable(fact_pool(f, "pos"), ctx)) >= 2, (pid, "pos")
        assert usable(fact_pool(f, "mix"), ctx), (pid, "mix")
        assert usable(fact_pool(f, "neg"), ctx), (pid, "neg")
    # A template no product used is fine only when an if_ guard kept it out
    # (e.g. no OLED laptop this time); any other missing field is a typo.
    source = Path(__file__).read_text(encoding="utf-8")
    templates = [t for pools in (GENERIC_OPENERS, GENERIC_CLOSERS) for pool in pools.values() for t in pool]
    for sub in SUBCATEGORIES:
        for holder in [sub] + sub["kinds"]:
            for key in ("intro", "desc", "pos", "mix", "neg"):
                templates += holder.get(key, [])
    bad = [t for t in templates if t not in fits and any(not f.startswith("if_") and f not in known for f in fields(t))]
    bad += [t for t in templates for f in fields(t) if f.startswith("if_") and f'd["{f}"]' not in source]
    assert not bad, "templates with unknown fields:\n  " + "\n  ".join(bad)


def validate(products, reviews, profiles):
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
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")


def write_text(path, text):
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)


def main():
    rng = Random(SEED)
    cat = build_products(rng)
    reviews = build_reviews(cat, rng)
    products = cat.products
    profiles = build_profiles(products)
    lint_templates(cat, rng)
    validate(products, reviews, profiles)

    outputs = {
        "products.jsonl": lambda path: write_jsonl(path, products),
        "reviews.jsonl": lambda path: write_jsonl(path, reviews),
        "policy.md": lambda path: write_text(path, POLICY_MD),
        "profiles.json": lambda path: write_text(path, json.dumps(profiles, ensure_ascii=False, indent=2) + "\n"),
    }
    total = 0
    for name, write in outputs.items():
        path = OUT_DIR / name
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
    print(f"products {len(products)}, top-level categories {len({p['category'].split(' > ')[0] for p in products})}, "
          f"leaf categories {len({p['category'] for p in products})}, brands {len({p['brand'] for p in products})}")
    print(f"reviews {len(reviews)} on {len({r['product_id'] for r in reviews})} products; "
          + ", ".join(f"{k} {v}" for k, v in sentiments.items()))
    print(f"out of stock {sum(p['stock'] == 0 for p in products)}, unrated {sum(p['rating'] is None for p in products)}, "
          f"under $10 {sum(p['price'] < 10 for p in products)}, over $500 {sum(p['price'] > 500 for p in products)}")


if __name__ == "__main__":
    main()
