"""The catalog tab's callbacks (ui/catalog.py) called directly (no server): the validation report
names rejected rows before anything is indexed, indexing counts what changed, and bad input is one
sentence."""

from __future__ import annotations

import pytest

from assistant.config import Config, PathsConfig
from tests.fakes import HashEmbedder
from ui.catalog import CatalogCallbacks
from ui.errors import UserFacingError


@pytest.fixture()
def catalog(tmp_path):
    from assistant.builders import build_client

    config = Config(paths=PathsConfig(data_dir=str(tmp_path / "data")))
    return CatalogCallbacks(config, HashEmbedder(), build_client(config))


def write_catalog(tmp_path):
    path = tmp_path / "shop.csv"
    path.write_text(
        "sku,name,price,brand,category\nA1,Blue mug,12.50,Hearth,Home > Kitchen\nA2,Bad price mug,abc,Hearth,Home > Kitchen\n"
        "A3,Red kettle,30,Hearth,Home > Kitchen\n",
        encoding="utf-8",
    )
    mapping = tmp_path / "shop.toml"
    mapping.write_text(
        '[source]\nformat = "csv"\ncurrency = "USD"\n[fields]\nid = "sku"\ntitle = "name"\nprice = "price"\nbrand = "brand"\ncategory = "category"\n',
        encoding="utf-8",
    )
    return str(path), str(mapping)


def test_catalog_validation_reports_rejected_rows_before_indexing(catalog, tmp_path):
    path, mapping = write_catalog(tmp_path)
    summary, rows, button = catalog.validate([path], "demo", mapping)
    assert "2 of 3 rows are valid; 1 rejected" in summary and button["interactive"] is True
    assert rows == [["shop.csv", "line 3", "price", rows[0][3]]] and "number" in rows[0][3]


def test_catalog_index_counts_and_reindex_is_a_no_op(catalog, tmp_path):
    path, mapping = write_catalog(tmp_path)
    first, picker = catalog.index([path], "demo", mapping, "my-shop", progress=lambda *a, **k: None)
    assert "2 products (added 2, updated 0, refreshed 0, unchanged 0, deleted 0); 1 rows rejected" in first
    assert picker["choices"] == ["my-shop"] == catalog.catalogs()
    again, _ = catalog.index([path], "demo", mapping, "my-shop", progress=lambda *a, **k: None)
    assert "added 0, updated 0, refreshed 0, unchanged 2, deleted 0" in again


@pytest.mark.parametrize(
    "files, name, message",
    [
        (None, "my-shop", "Upload one or more catalog files"),
        (["x.pdf"], "my-shop", "only .csv, .tsv, .json and .jsonl"),
        ("ok", "A", "Catalog name: 3-41 lower-case letters"),
        ("ok", "demo", "is the demo store or the catalog this app is serving"),
        ("ok", "demo-", "Catalog name: 3-41 lower-case letters"),
        ("ok", "demo_-", "Catalog name: 3-41 lower-case letters"),
    ],
)
def test_catalog_bad_input_is_one_sentence(catalog, tmp_path, files, name, message):
    path, mapping = write_catalog(tmp_path)
    with pytest.raises(UserFacingError, match=message):
        catalog.index([path] if files == "ok" else files, "demo", mapping, name, progress=lambda *a, **k: None)
