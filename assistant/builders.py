"""Builders: turn the config into the heavy objects (embedder, Chroma client, searches) and run
indexing. Entry points (CLI, app, benchmarks) call these; nothing else reads the config.
"""

from __future__ import annotations

import hashlib
import logging
import time
from dataclasses import dataclass
from pathlib import Path

from assistant.config import Config, ConfigError
from retrieval.catalog import DEMO_DIR, LoadReport, Rejection, load_catalog, load_reviews
from retrieval.embedder import Embedder, SentenceTransformerEmbedder
from retrieval.indexing import Progress, SyncSummary, chunk_review, product_document, review_document, sync
from retrieval.mapping import MAPPINGS_DIR, CatalogMapping, load_mapping
from retrieval.search import HybridIndex, ProductSearch, ReviewSearch
from retrieval.store import ChromaStore, StoreError, collection_name, drop_collection, open_client
from runtime.base import LLMError

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class CatalogSource:
    paths: list[Path]
    mapping: CatalogMapping
    reviews: Path | None


@dataclass(frozen=True)
class IndexReport:
    catalog: LoadReport
    products: SyncSummary
    reviews: SyncSummary
    review_rejections: tuple[Rejection, ...]
    review_count: int


def catalog_source(config: Config) -> CatalogSource:
    """Which files to load with which mapping: the configured catalog, or the demo store."""
    mapping = load_mapping(config.catalog.mapping or MAPPINGS_DIR / "demo.toml")
    paths = [Path(p) for p in config.catalog.paths] or mapping.file_paths()
    if config.catalog.reviews:
        reviews: Path | None = Path(config.catalog.reviews)
    elif not config.catalog.paths and not config.catalog.mapping:
        reviews = DEMO_DIR / "reviews.jsonl"
    else:
        reviews = None
    return CatalogSource(paths, mapping, reviews)


def build_embedder(config: Config) -> SentenceTransformerEmbedder:
    """The configured sentence-transformers model (default: the packaged all-MiniLM-L6-v2)."""
    return SentenceTransformerEmbedder(config.embedder.model, config.embedder.device, config.embedder.batch_size)


def build_client(config: Config):
    """A Chroma client for the configured mode."""
    store = config.store
    return open_client(store.mode, Path(config.paths.data_dir) / "chroma", store.host, store.port, store.timeout_s)


def open_stores(config: Config, client, embedder: Embedder) -> tuple[ChromaStore, ChromaStore]:
    """The product and review collections of the configured catalog, tied to the embedder."""
    name = config.catalog.name
    products = ChromaStore(client, collection_name(name, "products", embedder.model_id, embedder.dim), embedder.model_id, embedder.dim)
    reviews = ChromaStore(client, collection_name(name, "reviews", embedder.model_id, embedder.dim), embedder.model_id, embedder.dim)
    return products, reviews


def run_index(config: Config, embedder: Embedder, client, rebuild: bool = False, progress: Progress | None = None) -> IndexReport:
    """Load the catalog (and reviews), then bring both collections in line with it."""
    source = catalog_source(config)
    report = load_catalog(source.paths, source.mapping, strict=config.catalog.strict)
    if rebuild:  # by name: opening first would refuse a collection of another model
        for kind in ("products", "reviews"):
            drop_collection(client, collection_name(config.catalog.name, kind, embedder.model_id, embedder.dim))
    product_store, review_store = open_stores(config, client, embedder)
    batch = config.embedder.batch_size * 4
    rejected_ids = frozenset(r.record_id for r in report.rejections if r.record_id)  # a typo in an update must not delete a product
    products = sync(product_store, embedder, [product_document(p) for p in report.products], batch, progress, keep=rejected_ids)
    known = {p.id for p in report.products} | products.kept_ids  # a kept product's reviews stay too
    reviews, rejected = ([], []) if source.reviews is None else load_reviews(source.reviews, known, config.catalog.strict)
    chunks = [c for r in reviews for c in chunk_review(r, config.reviews.chunk_words, config.reviews.overlap_words)]
    review_summary = sync(review_store, embedder, [review_document(c) for c in chunks], batch, progress)
    return IndexReport(report, products, review_summary, tuple(rejected), len(reviews))


def build_searches(config: Config, embedder: Embedder, client) -> tuple[ProductSearch, ReviewSearch]:
    """Product and review search over the indexed collections; an empty store is an error."""
    product_store, review_store = open_stores(config, client, embedder)
    products = HybridIndex.load(product_store, keep_documents=False)  # BM25 is built; the records are in the metadata
    if len(products) == 0:
        raise StoreError(f"no products are indexed for catalog {config.catalog.name!r}; run `shopassist index` first")
    return ProductSearch(products, embedder, config.search), ReviewSearch(HybridIndex.load(review_store), embedder, config.search)


def build_generator(config: Config):
    """The configured LLM backend with its adapters (see README, "LLM backends")."""
    llm = config.llm
    cache = Path(config.paths.data_dir) / "models"
    builders = {"llamacpp": _llamacpp, "transformers": _transformers, "openai": _openai}
    backend, reason = resolve_backend(llm.backend)
    if llm.backend == "auto" and backend == "transformers":
        log.warning("using the %s backend: %s", backend, reason)
    return builders[backend](llm, cache)


def resolve_backend(requested: str, prefix: Path | None = None, flags: frozenset[str] | None = None) -> tuple[str, str]:
    """The backend `llm.backend` means here, and why. "auto" is llama.cpp unless this environment's
    setup found it broken on this CPU, or it was built for instruction sets this CPU lacks (it would
    crash with SIGILL): then transformers."""
    import importlib.util
    import sys

    from runtime.llama_build import cpu_flags, read_record

    if requested != "auto":
        return requested, "configured"
    record = read_record(prefix or Path(sys.prefix))
    if record is None:
        if importlib.util.find_spec("llama_cpp") is None:
            return "transformers", "llama-cpp-python is not installed (scripts/setup.py builds it)"
        return "llamacpp", "installed without scripts/setup.py, so unchecked; `shopassist doctor` checks it"
    missing = sorted(set(record.get("required_flags", [])) - (cpu_flags() if flags is None else flags))
    if missing:
        return "transformers", f"llama.cpp here was built for CPU features this CPU lacks ({' '.join(missing)}); re-run `make setup`"
    if record.get("backend") != "llamacpp":
        return (
            "transformers",
            f"setup found llama.cpp broken on this CPU: {record.get('probe', {}).get('message', 'see `shopassist doctor`')}",
        )
    return "llamacpp", f"checked by setup ({record.get('tier')} build)"


def _transformers(llm, cache: Path):
    from runtime.model_files import dequantized_cache
    from runtime.transformers_backend import TransformersGenerator

    if not llm.model or llm.model.endswith(".gguf"):
        model = str(dequantized_cache(source_gguf(llm), cache))
    else:
        model = llm.model
    return TransformersGenerator(
        model, llm.device, llm.dtype, llm.quantization, llm.adapter_paths(), llm.merge_adapter, llm.context_length, llm.threads
    )


def _llamacpp(llm, cache: Path):
    from runtime.llamacpp_backend import LlamaCppGenerator

    adapters = {name: _gguf_adapter(Path(path), source_gguf(llm), cache) for name, path in llm.adapter_paths().items()}
    return LlamaCppGenerator(served_gguf(llm, cache), adapters, llm.context_length, llm.threads)


def source_gguf(llm) -> Path:
    """The GGUF file `llm` names: `llm.model`, or the packaged default when it is empty."""
    from runtime.model_files import default_gguf

    return Path(llm.model) if llm.model else default_gguf()


def served_gguf(llm, cache: Path) -> Path:
    """The GGUF file llama.cpp serves for `llm`: its source file, or that file's requantized copy in
    the cache (`llm.requantize`)."""
    from runtime.model_files import requantized

    kind = llm.requantize_to()
    return source_gguf(llm) if kind == "none" else requantized(source_gguf(llm), kind, cache, llm.threads)


def _gguf_adapter(path: Path, base_gguf: Path, cache: Path) -> Path:
    """A GGUF adapter file as given, the `adapter.gguf` of a folder `finetune train` wrote (the shipped
    ones included), or a peft adapter folder converted once into the cache."""
    if path.is_file():
        return path
    if (path / "adapter.gguf").is_file():
        return path / "adapter.gguf"
    from runtime.gguf_lora import ExportError, export_lora_gguf
    from runtime.model_files import file_hash, gguf_hf_config

    weights = path / "adapter_model.safetensors"
    if not weights.is_file():
        raise LLMError(f"adapter {path} is neither a GGUF adapter file nor a peft folder with adapter_model.safetensors")
    config_file = path / "adapter_config.json"
    key = file_hash(weights) + (file_hash(config_file) if config_file.is_file() else "") + file_hash(base_gguf)
    target = cache / "adapters" / f"{path.name}-{hashlib.sha256(key.encode()).hexdigest()[:16]}.gguf"
    if not target.is_file():
        try:
            export_lora_gguf(path, target, gguf_hf_config(base_gguf))
        except ExportError as exc:
            raise LLMError(f"adapter {path} cannot be used with llama.cpp: {exc}") from None
    return target


def _openai(llm, cache: Path):
    import os

    from runtime.openai_backend import OpenAIGenerator

    return OpenAIGenerator(
        llm.base_url,
        llm.model or "default",
        os.environ.get(llm.api_key_env, ""),
        tuple(llm.adapter_paths()),
        llm.context_length,
        llm.timeout_s,
        llm.tokenizer,
    )


def build_profiles(config: Config):
    """The shopper profile store: assistant.profiles (a SQLite file path or a SQLAlchemy URL), else a SQLite file under data_dir."""
    from assistant.profiles import SQLProfileStore

    return SQLProfileStore(config.assistant.profiles or Path(config.paths.data_dir) / "profiles.sqlite")


def build_assistant(config: Config, embedder: Embedder | None = None, client=None, generator=None, profiles=None):
    """The whole assistant over the indexed catalog: searches, model, profiles and policy."""
    from assistant.pipeline import Assistant
    from assistant.policy import PolicyBook, load_policy
    from assistant.profiles import load_demo_profiles

    embedder = embedder or build_embedder(config)
    client = client if client is not None else build_client(config)
    products, reviews = build_searches(config, embedder, client)
    policy_path = Path(config.assistant.policy) if config.assistant.policy else (DEMO_DIR / "policy.md" if is_demo(config) else None)
    policy = PolicyBook(load_policy(policy_path), embedder, policy_store(config, client, embedder)) if policy_path else None
    profiles = profiles if profiles is not None else build_profiles(config)
    if is_demo(config):
        load_demo_profiles(DEMO_DIR / "profiles.json", profiles, time.time())  # each demo shopper once; edits and deletions stand
    return Assistant(
        products,
        reviews if len(reviews.index) else None,
        generator or build_generator(config),
        config.assistant,
        profiles,
        policy,
        store_name(config),
    )


def policy_store(config: Config, client, embedder: Embedder, name: str = "") -> ChromaStore:
    """The Chroma collection of a store's policy passages (beside its products and reviews; the support
    side keeps its own, `<catalog>-support`, as its policy may be another file)."""
    collection = collection_name(name or config.catalog.name, "policy", embedder.model_id, embedder.dim)
    return ChromaStore(client, collection, embedder.model_id, embedder.dim)


def build_support(config: Config, embedder: Embedder | None = None, generator=None, client=None):
    """The customer-service agent assist: the order book (loaded from support.orders), the policy and its
    rules, the intent and hand-off examples and, with support.model_drafts, the model."""
    from datetime import date

    from assistant.policy import PolicyBook, load_policy
    from assistant.support import handoff
    from assistant.support.assist import SupportAssistant
    from assistant.support.eligibility import TAU_BENCH_RULES, load_rules
    from assistant.support.intents import IntentClassifier, read_examples
    from assistant.support.nearest import NearestExamples
    from assistant.support.order_files import read_demo_orders, read_tau_bench
    from assistant.support.orders import OrderBook

    s = config.support
    today = (lambda: date.fromisoformat(s.today)) if s.today else date.today
    source = Path(s.orders) if s.orders else DEMO_DIR / "orders.json"
    tau = source.is_dir()  # a τ-bench retail folder: users.json, orders.json, policy_wiki.md
    book = OrderBook(s.orders_url or "sqlite://")
    if s.orders or not s.orders_url:  # a database given alone is used as it is
        book.add(read_tau_bench(source) if tau else read_demo_orders(source, today()))
    demo_policy = DEMO_DIR / "policy.md"
    policy = Path(s.policy or (source / "policy_wiki.md" if tau else config.assistant.policy or demo_policy))
    rules = Path(s.rules) if s.rules else (TAU_BENCH_RULES if tau else DEMO_DIR / "policy_rules.toml" if policy == demo_policy else None)
    if rules is None:
        raise ConfigError(
            f"support.rules: no rules file for {policy}; write one (format: retrieval/demo_store/policy_rules.toml) and set support.rules"
        )
    embedder = embedder or build_embedder(config)
    client = client if client is not None else build_client(config)
    model = (generator if generator is not None else build_generator(config)) if s.model_drafts else None
    classifier = IntentClassifier(embedder, read_examples())
    similar = NearestExamples(embedder, handoff.read_examples(), handoff.EXAMPLE_LABELS, "routine")
    return SupportAssistant(
        book,
        load_rules(rules),
        PolicyBook(
            load_policy(policy),
            embedder,
            policy_store(config, client, embedder, "tau-bench-support" if tau else f"{config.catalog.name}-support"),
        ),
        classifier,
        model,
        store_name(config),
        today,
        s.passages,
        similar,
    )


def build_suggestion_log(config: Config):
    """The log of suggestions and agents' decisions (support.records_url, else a SQLite file under data_dir)."""
    from assistant.support.records import SuggestionLog

    data_dir = Path(config.paths.data_dir)
    if not config.support.records_url:
        data_dir.mkdir(parents=True, exist_ok=True)
    return SuggestionLog(config.support.records_url or f"sqlite:///{data_dir / 'support.sqlite'}")


def store_name(config: Config) -> str:
    """How answers and the app name the store: the mapping's `store_name` for its own files, else catalog.name."""
    if config.catalog.paths or not (config.catalog.mapping or is_demo(config)):
        return config.catalog.name  # other files than the mapping's, or another indexed catalog
    return load_mapping(config.catalog.mapping or MAPPINGS_DIR / "demo.toml").store_name or config.catalog.name


def is_demo(config: Config) -> bool:
    """True when the configured catalog is the embedded demo store."""
    return config.catalog.name == "demo" and not config.catalog.paths and not config.catalog.mapping
