"""Derived facts for home, clothing, sports, beauty, toys, office, pets and baby goods.

``d_*`` functions run once per product family (description facts and ``if_*`` guards); ``r_*``
functions run once per review and return the numbers and sentences a reviewer reports, kept
consistent with the product's specs (a reviewer never runs 500 km in shoes rated for less).
catalog.toml names them by their function names; store_data.derivers() binds the ones that draw
from a vocabulary in catalog.toml's [vocab].
"""

from facts_devices import hours_phrase


def d_kitchen(a, rng, sets, teas):
    """Cookware, coffee and tea, storage: set contents, warm-up times, tea names and guards."""
    d = {}
    if "pieces" in a and a["pieces"] in sets:
        d["includes_txt"] = sets[a["pieces"]]
    if "portafilter_mm" in a:
        d["warm_s"] = {"thermoblock": 30, "thermocoil": 45, "single boiler with PID": 300, "dual boiler with PID": 600}[a["heating"]]
        d["warm_txt"] = "under a minute" if d["warm_s"] < 60 else f"about {d['warm_s'] // 60} minutes"
    if "temp_control" in a:
        d["boil_min"] = rng.choice([4, 5, 6])
    if "pack_size" in a and "tin_weight_g" in a:
        picked = rng.sample(teas, a["pack_size"])
        d["teas"] = ", ".join(picked[:3])
        d["fav_tea"] = picked[1].split(" (")[0]
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


def d_apparel(a, rng):
    """Clothing and footwear: care text, sizing advice, pack and height names and guards."""
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
    """The size step places up or down from size in sizes, or None past either end."""
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
        return {
            "fit_good": rng.choice(
                [
                    f"{it.capitalize()} {fits} true to size; my usual {sz} is perfect.",
                    f"I ordered my usual {sz} and {it} {fits} just right.",
                ]
            )
        }
    small = "small" in sizing
    other = up if small else down
    off = f"{runs} {half}{'small' if small else 'large'}"  # "runs small", "run half a size large"
    return {
        "fit_tip": f"{it.capitalize()} {off}, so I went from my usual {sz} to a {other} and {it} {fits} perfectly.",
        "fit_bad": rng.choice(
            [
                f"{it.capitalize()} {off}; my usual {sz} was {'too tight' if small else 'too loose'} and I had to exchange for a {other}.",
                f"Sizing is off: {it} {off} compared with other brands in my usual {sz}.",
            ]
        ),
    }


def r_apparel(a, rng):
    """Per-review fit sentences for clothing."""
    return r_fit(a, rng, "apparel")


def r_shoes(a, rng):
    """Per-review fit sentences and distance run for footwear."""
    d = r_fit(a, rng, "shoes")
    d["km"] = rng.randrange(80, 420, 10)
    d["km_bad"] = rng.randrange(120, 260, 10)
    return d


def d_sports(a, rng):
    """Camping, yoga, cycling: tent floor area, temperature limit, title-case names and guards."""
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
    """Per-review temperatures, hours a bottle stays cold and ride distance."""
    d = {}
    if "temp_rating_c" in a:
        d["temp_real"] = a["temp_rating_c"] + rng.choice([0, 1, 2, 3])
        d["temp_bad"] = a["temp_rating_c"] + rng.choice([5, 6, 8])
    d["hours_cold"] = rng.choice([18, 20, 24, 26])
    d["ride_km"] = rng.randrange(30, 120, 5)
    return d


def d_beauty(a, rng):
    """Skincare and hair care: scent, hair-type and ingredient guards, plate width in inches."""
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


def min_age(a):
    """The youngest age a toy is rated for (8 when the age range does not say)."""
    txt = str(a.get("age_range", "8+"))
    return int(txt.split("+")[0].split(" ")[0]) if txt[0].isdigit() else 8


def d_toys(a, rng):
    """Puzzles, building sets and games: finished size, bag count, genre and guards."""
    d = {}
    if "pieces" in a and "finished_cm" not in a and "genre" not in a:
        p = a["pieces"]
        d["puzzle_cm"] = {
            24: "60 x 40",
            36: "60 x 90",
            48: "60 x 90",
            300: "46 x 61",
            500: "49 x 36",
            1000: "69 x 51",
            1500: "85 x 60",
            2000: "98 x 68",
        }.get(p, "")
        if not d["puzzle_cm"]:
            del d["puzzle_cm"]
        d["bags"] = max(1, p // 150)
    if "genre" in a:
        d["genre_t"] = a["genre"].title()
    if str(a.get("players", "")).startswith(("1-", "2-")):
        d["if_two"] = ""
    return d


def r_toys(a, rng):
    """Per-review child age, build or puzzle time, and the adult/kids guard."""
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


def d_office(a, rng):
    """Notebooks, pens, desk organizers: title-case names and paper-weight guards."""
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


def d_pets(a, rng):
    """Dog beds, toys, cat supplies: size and level names, bed weight limit and guards."""
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


def r_pets(a, rng, breeds):
    """Per-review breed, pet age and weights, and minutes a toy keeps a pet busy."""
    d = {"breed": rng.choice(breeds), "pet_age": rng.randint(2, 13), "cat_kg": rng.choice([4, 5, 6, 7])}
    cap = a.get("max_kg")
    if isinstance(cap, int):
        d["dog_kg"] = rng.randint(max(5, cap // 2), cap - 2)
    d["mins_small"] = rng.choice([5, 10, 15, 20])
    return d


def r_baby(a, rng):
    """Per-review baby age in months and nights of use."""
    return {"baby_m": rng.randint(4, 18), "nights": rng.randint(3, 14)}
