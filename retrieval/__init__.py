"""Retrieval, the first stages: load and validate catalog files (catalog, mapping, records, money),
embed them, keep them in Chroma plus a BM25 index (embedder, store, indexing, lexical), and search
with hard filters first, then fused dense and lexical ranking (filters, fusion, search); every later
stage looks products up in one `CatalogView`.

It imports only runtime/ (the base error type); never assistant/, ui/ or finetune/.
"""
