"""The embedded demo store: loads cleanly, meets its size and coverage promises, and is exactly
what its deterministic generator writes."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter

from retrieval.catalog import DEMO_DIR, load_catalog, load_reviews
from retrieval.mapping import MAPPINGS_DIR, load_mapping

FILES = ("products.jsonl", "reviews.jsonl", "policy.md", "profiles.json", "orders.json")


def test_demo_catalog_and_reviews_load_without_rejections():
    mapping = load_mapping(MAPPINGS_DIR / "demo.toml")
    report = load_catalog(mapping.file_paths(), mapping, strict=True)
    products = report.products
    assert len(products) >= 300 and len({p.category[0] for p in products}) >= 8
    assert {p.currency for p in products} == {"USD"}
    assert sum(p.price < 10 for p in products) >= 25 and any(p.availability == "out_of_stock" for p in products)
    reviews, rejected = load_reviews(DEMO_DIR / "reviews.jsonl", {p.id for p in products}, strict=True)
    assert rejected == [] and len({r.product_id for r in reviews}) * 3 >= len(products)
    assert set(Counter(r.rating for r in reviews)) == {1, 2, 3, 4, 5}


def test_demo_store_is_small_and_profiles_point_at_real_products():
    assert sum((DEMO_DIR / f).stat().st_size for f in FILES) < 1_000_000
    ids = {json.loads(line)["id"] for line in (DEMO_DIR / "products.jsonl").read_text().splitlines()}
    profiles = json.loads((DEMO_DIR / "profiles.json").read_text())
    assert len(profiles) >= 3 and all(e["product_id"] in ids for p in profiles for e in p["history"])
    policy = (DEMO_DIR / "policy.md").read_text()
    assert all(section in policy for section in ("## Returns", "## Shipping", "## Warranty", "## Payment"))


def test_shipped_files_are_what_the_generator_writes(tmp_path):
    subprocess.run([sys.executable, str(DEMO_DIR / "generate.py"), str(tmp_path)], check=True, capture_output=True, timeout=120)
    for name in FILES:
        assert (tmp_path / name).read_bytes() == (DEMO_DIR / name).read_bytes(), f"{name} differs: re-run retrieval/demo_store/generate.py"


def test_the_store_is_named_by_its_mapping_not_by_code(tmp_path):
    from assistant.builders import store_name
    from assistant.config import load_config

    assert store_name(load_config(None, [])) == "Demo Shop"  # retrieval/mappings/demo.toml says so
    mapping = tmp_path / "m.toml"
    mapping.write_text('[source]\ncurrency = "EUR"\nstore_name = "Café Lumen"\n[fields]\nid = "id"\ntitle = "t"\nprice = "p"\n')
    assert store_name(load_config(None, [f"catalog.mapping={json.dumps(str(mapping))}", 'catalog.name="lumen"'])) == "Café Lumen"
    own_files = [f"catalog.paths={json.dumps([str(tmp_path / 'x.csv')])}", 'catalog.name="mine"']
    assert store_name(load_config(None, own_files)) == "mine"  # the demo mapping over other files names no store
