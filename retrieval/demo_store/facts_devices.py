"""Derived facts for electronics and computers (the ``derive`` functions that catalog.toml names).

Each ``d_*`` function runs once per product family, before any text is written: it turns the
drawn attributes into numbers and phrases for the description and review templates, and sets
the empty ``if_*`` guard keys that let a template apply only to some products.  Colour variants
of one model share the random state, so they get the same facts.
"""


def hours_phrase(h):
    """A duration for prose: 'about an hour', 'about 3 hours'."""
    return "about an hour" if h <= 1 else f"about {h} hours"


def d_audio(a, rng):
    """Headphones and speakers: charge times and guards for wireless, ANC, earbuds and more."""
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
    """Cables, chargers, power banks and stands: phone charges, port sharing and guards."""
    d = {}
    if "capacity_mah" in a:
        d["phone_charges"] = f"{a['capacity_mah'] * 0.62 / 4000:.1f}".rstrip("0").rstrip(".")
        d["recharge_h"] = rng.choice([2, 2.5, 3, 4]) if a["capacity_mah"] <= 10000 else rng.choice([3.5, 4, 5])
    if "ports" in a and "capacity_mah" not in a:
        w = a["wattage_w"]
        d["split"] = f"{w - 20}W + 20W with two devices connected" if w > 40 else "about 15W per port with two devices connected"
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
    """Smartwatches: charge time, GPS battery life and strap material."""
    d = {"charge_min": rng.choice([45, 60, 75, 90, 120])}
    if a.get("gps") in ("GPS", "dual-band GPS"):
        d["gps_hours"] = rng.choice([14, 20, 26, 36, 48]) if a["gps"] == "dual-band GPS" else rng.choice([10, 12, 16])
        d["if_gps"] = ""
    d["strap"] = rng.choice(["soft silicone", "woven nylon", "fluoroelastomer", "silicone with a stainless buckle"])
    return d


def d_laptop(a, rng):
    """Laptops: storage, weight and charger figures, RAM upgradability and panel guards."""
    gb = a["storage_gb"]
    d = {
        "storage_txt": f"{gb // 1024} TB" if gb >= 1024 else f"{gb} GB",
        "weight_kg": f"{a['weight_g'] / 1000:.2f}",
        "charger_w": 65 if a["weight_g"] < 1700 else rng.choice([65, 90, 100]),
        "key_travel": rng.choice(["1.2", "1.3", "1.5"]),
        "thickness_mm": rng.choice([14.9, 15.9, 16.5, 17.9, 18.5, 19.9]),
    }
    soldered = a["ram_gb"] <= 16 and rng.random() < 0.6
    d["ram_note"] = "soldered and not upgradable" if soldered else "in two SO-DIMM slots, upgradable to 64 GB"
    if "OLED" in a["display"]:
        d["if_oled"] = ""
    if a.get("touchscreen") == "yes":
        d["if_touch"] = ""
    return d


def d_keyboard(a, rng):
    """Keyboards: lower-case switch and layout names, connection name and guards."""
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
    """Mice: guards for rechargeable, gaming, vertical, wireless and silent models."""
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
    """Monitors: resolution name, brightness, USB-C power and panel guards."""
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
