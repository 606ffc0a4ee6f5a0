"""The Catalog tab: upload a CSV/JSON/JSONL catalog with a column mapping, see the validation report
(rejected rows with reasons) before indexing, then index it with a progress bar.

`CatalogCallbacks` holds the callbacks as plain methods; `build_catalog_tab` lays out and wires.
Indexing runs as its own event, so chats in other sessions go on while it works.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import gradio as gr

from assistant.builders import run_index
from assistant.config import Config
from retrieval.catalog import load_catalog
from retrieval.mapping import MAPPINGS_DIR, load_mapping
from retrieval.store import catalog_names, collection_name
from ui.errors import UserFacingError, friendly

REJECTION_COLUMNS = ["file", "where", "field", "reason"]


class CatalogCallbacks:
    """Validation and indexing of an uploaded catalog."""

    def __init__(self, config: Config, embedder, client, on_indexed: Callable[[str], None] = lambda name: None):
        self.config = config
        self.embedder = embedder
        self.client = client
        self.on_indexed = on_indexed  # told the name of each catalog indexed, so shops of it reload

    def mappings(self) -> list[str]:
        """The packaged column mappings, by name."""
        return sorted(p.stem for p in MAPPINGS_DIR.glob("*.toml"))

    @friendly
    def validate(
        self, files: list[str] | None, mapping_name: str, mapping_file: str | None, max_mb: int | None = None
    ) -> tuple[str, list[list[str]], dict]:
        """Load the files with the mapping and report what would be indexed and what is rejected."""
        paths, mapping = self._inputs(files, mapping_name, mapping_file, max_mb)
        report = load_catalog(paths, mapping)
        rows = [[Path(r.file).name, r.location, r.field, r.reason] for r in report.rejections]
        summary = f"**{len(report.products)} of {report.rows_read} rows are valid; {len(report.rejections)} rejected.**"
        if report.rejections:
            summary += " Rejected rows are listed below with the reason; fix them in the file (or the mapping) and upload again, or index the valid rows."
        return summary, rows, gr.update(interactive=bool(report.products))

    @friendly
    def index(
        self,
        files: list[str] | None,
        mapping_name: str,
        mapping_file: str | None,
        name: str,
        progress=gr.Progress(),  # noqa: B008 - Gradio injects the bar through this default
    ) -> tuple[str, dict]:
        """Index the valid rows into the collections of catalog `name`, incrementally; the Shop
        tab's catalog picker then offers it."""
        name = (name or "").strip()
        if not re.fullmatch(r"[a-z0-9][a-z0-9_-]{1,39}[a-z0-9]", name):
            raise UserFacingError(
                "Catalog name: 3-41 lower-case letters, digits, '-' or '_', starting and ending with a letter or digit, e.g. 'my-shop'."
            )
        if self._collection(name) in {self._collection("demo"), self._collection(self.config.catalog.name)}:
            raise UserFacingError(f"'{name}' is the demo store or the catalog this app is serving; pick another catalog name.")
        paths, _ = self._inputs(files, mapping_name, mapping_file, None)
        mapping_path = Path(mapping_file) if mapping_file else MAPPINGS_DIR / f"{mapping_name}.toml"
        config = replace(
            self.config,
            catalog=replace(self.config.catalog, name=name, paths=tuple(str(p) for p in paths), mapping=str(mapping_path), reviews=""),
        )

        def report_progress(done: int, total: int) -> None:
            progress(done / max(total, 1), desc=f"embedding {done}/{total}")

        result = run_index(config, self.embedder, self.client, progress=report_progress)
        self.on_indexed(name)
        s = result.products
        text = (
            f"**Indexed catalog `{name}`:** {len(result.catalog.products)} products "
            f"(added {s.added}, updated {s.updated}, refreshed {s.refreshed}, unchanged {s.unchanged}, deleted {s.deleted}); "
            f"{len(result.catalog.rejections)} rows rejected. Pick it under *Catalog* in the Shop tab."
        )
        return text, gr.update(choices=self.catalogs())

    def _collection(self, name: str) -> str:
        return collection_name(name, "products", self.embedder.model_id, self.embedder.dim)

    def catalogs(self) -> list[str]:
        """The catalogs indexed with this app's embedding model."""
        return catalog_names(self.client, self.embedder.model_id, self.embedder.dim)

    def _inputs(self, files, mapping_name, mapping_file, max_mb):
        if not files:
            raise UserFacingError("Upload one or more catalog files (CSV, JSON or JSONL) first.")
        paths = [Path(f) for f in files]
        limit = (max_mb or self.config.app.max_upload_mb) * 1024 * 1024
        for path in paths:
            if path.suffix.lower() not in (".csv", ".json", ".jsonl", ".tsv"):
                raise UserFacingError(f"{path.name}: only .csv, .tsv, .json and .jsonl catalogs can be read.")
            if path.stat().st_size > limit:
                raise UserFacingError(f"{path.name} is larger than {limit // 1024 // 1024} MB (app.max_upload_mb).")
        mapping = load_mapping(mapping_file if mapping_file else MAPPINGS_DIR / f"{mapping_name}.toml")
        return paths, mapping


def build_catalog_tab(callbacks: CatalogCallbacks, picker: gr.Dropdown) -> None:
    """Lay out the Catalog tab inside the current `gr.Blocks` and wire it to `callbacks`; `picker`
    is the Shop tab's catalog choice, refreshed after indexing."""
    gr.Markdown(
        "Upload a catalog, choose how its columns map to products (see README, *Catalog mappings*), check the report, then index it."
    )
    with gr.Row():
        files = gr.File(
            label="Catalog file(s)",
            file_count="multiple",
            file_types=[".csv", ".tsv", ".json", ".jsonl"],
            type="filepath",
            elem_id="catalog-files",
        )
        with gr.Column():
            mapping_name = gr.Dropdown(callbacks.mappings(), value="demo", label="Packaged mapping")
            mapping_file = gr.File(label="…or your own mapping TOML", file_types=[".toml"], type="filepath", elem_id="mapping-file")
            name = gr.Textbox(label="Catalog name", placeholder="my-shop", elem_id="catalog-name")
    with gr.Row():
        validate = gr.Button("Validate", variant="secondary", elem_id="validate")
        index = gr.Button("Index", variant="primary", interactive=False, elem_id="index")
    summary = gr.Markdown(elem_id="catalog-summary")
    rejected = gr.Dataframe(headers=REJECTION_COLUMNS, label="Rejected rows", interactive=False, wrap=True, elem_id="rejected")
    result = gr.Markdown(elem_id="catalog-result")
    validate.click(callbacks.validate, [files, mapping_name, mapping_file], [summary, rejected, index])
    index.click(callbacks.index, [files, mapping_name, mapping_file, name], [result, picker])
