"""Integration: the real MiniLM model and real Chroma (persistent, and a `chroma run` server) on the
embedded demo store. A sync killed with SIGKILL is tests/test_fault_trials.py's, ten times."""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

import pytest

from assistant.builders import build_client, build_searches, open_stores, run_index
from assistant.cli import main
from assistant.config import load_config
from retrieval.filters import Filters
from retrieval.store import ChromaStore, StoreError, collection_name
from tests.conftest import free_port, loopback_server

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parent.parent


def test_demo_store_indexes_fully_and_reindexing_is_a_no_op(demo, embedder):
    config, client, report = demo
    assert report.catalog.rejections == () and len(report.catalog.products) >= 300
    assert report.products.added == len(report.catalog.products)
    assert report.review_count >= 100 and report.reviews.added >= report.review_count
    again = run_index(config, embedder, client)
    assert again.products.unchanged == len(report.catalog.products) and again.products.added == again.products.updated == 0
    assert again.reviews.unchanged == report.reviews.added


def test_rebuild_drops_and_re_embeds_everything(demo, embedder):
    config, client, report = demo
    rebuilt = run_index(config, embedder, client, rebuild=True)
    assert rebuilt.products.added == len(report.catalog.products) and rebuilt.reviews.added == report.reviews.added


def test_budget_and_stock_filters_hold_with_the_real_model(demo, embedder):
    config, client, _ = demo
    products, _ = build_searches(config, embedder, client)
    result = products.search("wireless headphones", Filters(price_max=100.0, in_stock=True))
    assert result.hits and result.warning == ""
    assert all(h.product.price <= 100.0 and h.product.in_stock for h in result.hits)
    assert "headphone" in result.hits[0].product.title.lower() or "Headphones" in result.hits[0].product.category


def test_category_and_brand_filters(demo, embedder):
    config, client, report = demo
    products, _ = build_searches(config, embedder, client)
    brand = report.catalog.products[0].brand
    by_brand = products.search("gift", Filters(brands=(brand.upper(),)))
    assert by_brand.hits and all(h.product.brand == brand for h in by_brand.hits)
    top = report.catalog.products[0].category[0]
    excluded = products.search(top, Filters(category=top, exclude_brands=(brand,)))
    assert all(h.product.category[0] == top and h.product.brand != brand for h in excluded.hits)


def test_review_search_scoped_and_across_products(demo, embedder):
    config, client, _ = demo
    _, reviews = build_searches(config, embedder, client)
    product_id = reviews.chunks[0].product_id
    scoped = reviews.search("how long does it last", product_ids=(product_id,))
    assert scoped and {h.chunk.product_id for h in scoped} == {product_id}
    across = reviews.search("battery life", k=10)
    assert len({h.chunk.product_id for h in across}) > 1


def test_cli_search_json_has_per_arm_scores(demo, capsys):
    config, _, _ = demo
    code = main(
        [
            "--set",
            f"paths.data_dir={json.dumps(config.paths.data_dir)}",
            "search",
            "running shoes",
            "--max-price",
            "150",
            "--json",
            "--k",
            "3",
        ]
    )
    out = json.loads(capsys.readouterr().out)
    assert code == 0 and len(out["hits"]) == 3
    assert {"id", "title", "price", "currency", "dense_rank", "dense_score", "lexical_rank", "lexical_score", "score"} <= set(
        out["hits"][0]
    )
    assert all(h["price"] <= 150 for h in out["hits"])


def test_cli_errors_are_one_line(tmp_path, capsys):
    code = main(["--set", f"paths.data_dir={json.dumps(str(tmp_path))}", "search", "anything"])
    assert code == 2
    assert capsys.readouterr().err.strip() == "error: no products are indexed for catalog 'demo'; run `shopassist index` first"


def test_collection_is_tied_to_the_model(demo, embedder):
    config, client, _ = demo
    name = collection_name(config.catalog.name, "products", embedder.model_id, embedder.dim)
    assert name != collection_name(config.catalog.name, "products", "other/model", embedder.dim)
    with pytest.raises(StoreError, match="use `index --rebuild`"):
        ChromaStore(client, name, "other/model", embedder.dim)


def test_chroma_server_mode_indexes_and_searches(chroma_server, embedder, tmp_path):
    config = load_config(None, ["store.mode=http", f"store.port={chroma_server}", f"paths.data_dir={json.dumps(str(tmp_path))}"])
    client = build_client(config)
    report = run_index(config, embedder, client)
    assert report.products.added == len(report.catalog.products)
    products, reviews = build_searches(config, embedder, client)
    result = products.search("espresso machine", Filters(price_min=50.0))
    assert result.hits and all(h.product.price >= 50.0 for h in result.hits)
    assert reviews.search("comfortable", k=3)
    product_store, _ = open_stores(config, client, embedder)
    assert product_store.state().complete and product_store.state().count == len(report.catalog.products)
    assert not (tmp_path / "chroma").exists()  # nothing was written locally in server mode


def test_a_chroma_server_that_goes_away_leaves_search_answering_from_memory(embedder, tmp_path, caplog):
    """HNSW queries go to the server (exact_max_rows=0 forces them); with the server stopped, the
    same search scores exactly from the vectors loaded at start and says so in the log."""
    chroma = shutil.which("chroma", path=str(Path(sys.executable).parent)) or shutil.which("chroma")
    if chroma is None:
        pytest.skip("the `chroma` command is not installed")
    port = free_port()
    command = [chroma, "run", "--path", str(tmp_path / "server"), "--host", "127.0.0.1", "--port", str(port)]
    options = ["store.mode=http", f"store.port={port}", "store.timeout_s=3", "search.exact_max_rows=0"]
    config = load_config(None, [*options, f"paths.data_dir={json.dumps(str(tmp_path))}"])
    with loopback_server(command, port, tmp_path / "chroma.log", timeout_s=60, env={**os.environ, "ANONYMIZED_TELEMETRY": "False"}) as proc:
        client = build_client(config)
        run_index(config, embedder, client)
        products, _ = build_searches(config, embedder, client)
        before = [h.product.id for h in products.search("espresso machine").hits]
        proc.kill()
        proc.wait(timeout=30)
        with caplog.at_level("WARNING", logger="retrieval.search"):
            after = [h.product.id for h in products.search("espresso machine").hits]
    assert after and set(after[:3]) & set(before[:5])  # the same neighbourhood, now scored exactly
    assert "the vector store did not answer" in caplog.text


def test_a_chroma_server_that_hangs_is_a_bounded_error(tmp_path):
    """A server that accepts connections and never answers: chromadb's client would wait forever."""
    import socket
    import threading
    import time

    from retrieval.store import open_client

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    held = []
    threading.Thread(target=lambda: held.append(listener.accept()), daemon=True).start()
    began = time.monotonic()
    with pytest.raises(StoreError, match="cannot reach the Chroma server"):
        open_client("http", tmp_path, port=listener.getsockname()[1], timeout_s=1.0)
    assert time.monotonic() - began < 10
    listener.close()
