"""Incremental indexing with fakes: nothing unchanged is re-embedded, removals are deleted, and an
interrupted sync is visible until a re-run finishes it."""

from __future__ import annotations

from dataclasses import replace

import pytest

from retrieval.indexing import chunk_review, product_document, review_document, sync
from retrieval.records import Product, Review
from retrieval.search import INCOMPLETE_WARNING, HybridIndex
from tests.fakes import HashEmbedder, MemoryStore


def catalog(n: int = 5) -> list[Product]:
    return [Product(id=f"p{i}", title=f"Product number {i}", price=10.0 + i, currency="USD", description=f"word{i}") for i in range(n)]


def docs(products):
    return [product_document(p) for p in products]


def test_first_sync_adds_everything_second_is_a_no_op():
    store, embedder = MemoryStore(), HashEmbedder()
    assert str(sync(store, embedder, docs(catalog()))) == "added 5, updated 0, refreshed 0, unchanged 0, deleted 0"
    calls = len(embedder.calls)
    assert str(sync(store, embedder, docs(catalog()))) == "added 0, updated 0, refreshed 0, unchanged 5, deleted 0"
    assert len(embedder.calls) == calls


def test_changed_text_is_re_embedded_price_only_is_refreshed_removed_is_deleted():
    store, embedder = MemoryStore(), HashEmbedder()
    sync(store, embedder, docs(catalog()))
    products = catalog()
    products[0] = replace(products[0], title="A renamed product")
    products[1] = replace(products[1], price=99.0)
    del products[4]
    products.append(Product(id="new", title="Brand new", price=1.0, currency="USD"))
    embedder.calls.clear()
    summary = sync(store, embedder, docs(products), batch_size=100)
    assert (summary.added, summary.updated, summary.refreshed, summary.unchanged, summary.deleted) == (1, 1, 1, 2, 1)
    assert len(embedder.calls) == 1 and sorted(embedder.calls[0]) == sorted(d.text for d in docs(products) if d.id in ("p0", "new"))
    assert sorted(store.rows) == ["new", "p0", "p1", "p2", "p3"]
    assert Product.from_json(store.rows["p1"][2]["record"]).price == 99.0


def test_interrupted_sync_is_flagged_and_rerun_finishes_only_the_rest():
    store, embedder = MemoryStore(fail_after=1), HashEmbedder()
    with pytest.raises(KeyboardInterrupt):
        sync(store, embedder, docs(catalog(10)), batch_size=4)
    assert store.state().state == "indexing" and len(store.rows) == 4
    assert HybridIndex.load(store).warning == INCOMPLETE_WARNING
    store.fail_after = None
    embedder.calls.clear()
    summary = sync(store, embedder, docs(catalog(10)), batch_size=4)
    assert summary.added == 6 and summary.unchanged == 4
    assert sum(len(c) for c in embedder.calls) == 6
    assert store.state().complete and HybridIndex.load(store).warning == ""


def test_review_chunks_overlap_and_keep_the_product_link():
    review = Review("r1", "p1", " ".join(f"w{i}" for i in range(100)), rating=4, title="Solid")
    chunks = chunk_review(review, chunk_words=40, overlap_words=10)
    assert [c.id for c in chunks] == ["r1#0", "r1#1", "r1#2", "r1#3"]
    assert chunks[0].text.split()[-10:] == chunks[1].text.split()[:10]
    assert chunks[-1].text.split()[-1] == "w99"
    assert review_document(chunks[0]).metadata == {"review_id": "r1", "product_id": "p1", "rating": 4}
    assert len(chunk_review(Review("r2", "p1", "short text"), 40, 10)) == 1


def test_rows_rejected_on_reindex_keep_their_last_good_version(tmp_path):
    """A typo in a catalog update (price "ten") must not delete the product; a row gone from the file is deleted."""
    import json

    from assistant.builders import build_client, build_searches, run_index
    from assistant.config import load_config

    catalog, mapping = tmp_path / "shop.csv", tmp_path / "shop.toml"
    mapping.write_text('[source]\nformat = "csv"\ncurrency = "USD"\n[fields]\nid = "sku"\ntitle = "name"\nprice = "price"\n')
    rows = [(f"S-{i:02d}", f"Mug number {i}", f"{10 + i}.00") for i in range(1, 21)]

    def write(lines):
        catalog.write_text("sku,name,price\n" + "".join(f"{a},{b},{c}\n" for a, b, c in lines))

    config = load_config(
        None,
        [
            f"paths.data_dir={json.dumps(str(tmp_path / 'data'))}",
            f"catalog.paths=[{json.dumps(str(catalog))}]",
            f"catalog.mapping={json.dumps(str(mapping))}",
            "catalog.name=typo-shop",
        ],
    )
    embedder, client = HashEmbedder(), build_client(config)
    write(rows)
    assert run_index(config, embedder, client).products.added == 20
    write(rows[:10] + [(sku, name, "ten") for sku, name, _ in rows[10:]])
    report = run_index(config, embedder, client)
    assert len(report.catalog.rejections) == 10 and report.catalog.rejections[0].record_id == "S-11"
    assert (report.products.deleted, report.products.kept) == (0, 10) and "kept 10" in str(report.products)
    assert len(build_searches(config, embedder, client)[0].index) == 20
    write(rows[:10])  # now the ten rows are gone from the file: they are deleted
    assert run_index(config, embedder, client).products.deleted == 10
    assert len(build_searches(config, embedder, client)[0].index) == 10
