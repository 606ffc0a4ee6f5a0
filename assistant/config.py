"""The one configuration object, built once per entry point.

Defaults <- TOML file <- `section.key=value` overrides. Unknown sections or keys are errors, and
values are checked against the field types, so a typo never silently falls back to a default.
Defaults run on a 2-core CPU with no network.
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
import types
import typing
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from retrieval.search import SearchError, SearchSettings
from runtime.errors import UserError
from runtime.model_files import REQUANTIZE_TYPES
from runtime.toml_files import read_toml

SHARED_DATA_ENV = "SHOPASSIST_SHARED_DATA"
TASKS = ("shopper", "support")  # one LoRA adapter per task on one base: shopper turns use "shopper", support work "support"
SHIPPED_ADAPTERS = Path(__file__).resolve().parents[1] / "runtime" / "adapters"  # <task>/: adapters the project trained and ships


class ConfigError(UserError, ValueError):
    """A config file or override that cannot be used; the message says what to fix."""


@dataclass(frozen=True)
class PathsConfig:
    data_dir: str = ".shopassist"  # where the Chroma store and caches live (relative to the cwd)
    shared_data_dir: str = "../shared/data"  # real data sets for benchmarks; optional, never required


@dataclass(frozen=True)
class CatalogConfig:
    name: str = "demo"  # store name; collections are named after it
    paths: tuple[str, ...] = ()  # catalog files; empty means the embedded demo store
    mapping: str = ""  # column-mapping TOML; empty means the demo store's mapping
    reviews: str = ""  # reviews JSONL; empty means the demo store's reviews when using the demo catalog
    strict: bool = False  # fail on the first bad row instead of skipping it


@dataclass(frozen=True)
class EmbedderConfig:
    model: str = ""  # sentence-transformers model path or id; empty means the packaged all-MiniLM-L6-v2
    batch_size: int = 64  # texts per encode call while indexing
    device: str = "cpu"  # torch device for the embedder ("cpu", "cuda")

    def __post_init__(self) -> None:
        if self.batch_size < 1:
            raise ConfigError(f"embedder.batch_size must be >= 1, got {self.batch_size}")


@dataclass(frozen=True)
class StoreConfig:
    mode: str = "persistent"  # "persistent" (files under data_dir) or "http" (a Chroma server)
    host: str = "127.0.0.1"  # Chroma server host, for mode = "http"
    port: int = 8000  # Chroma server port, for mode = "http"
    timeout_s: float = 10.0  # a Chroma server request that takes longer fails (and a search falls back to exact scoring)

    def __post_init__(self) -> None:
        if self.mode not in ("persistent", "http"):
            raise ConfigError(f'store.mode must be "persistent" or "http", got {self.mode!r}')


@dataclass(frozen=True)
class ReviewsConfig:
    chunk_words: int = 80  # words per review chunk
    overlap_words: int = 20  # words shared by consecutive chunks of one review

    def __post_init__(self) -> None:
        if not 0 <= self.overlap_words < self.chunk_words:
            raise ConfigError("reviews.overlap_words must be >= 0 and smaller than reviews.chunk_words")


def shipped_adapters() -> dict[str, str]:
    """{task: folder} of the adapters in runtime/adapters/ (package data)."""
    return {task: str(SHIPPED_ADAPTERS / task) for task in TASKS if (SHIPPED_ADAPTERS / task / "adapter_config.json").is_file()}


@dataclass(frozen=True)
class LLMConfig:
    backend: str = (
        "auto"  # "auto" (llamacpp unless setup found it broken on this CPU, then transformers), "llamacpp", "transformers", "openai"
    )
    model: str = ""  # GGUF file, model folder or hub id; empty means the packaged SmolLM2-135M-Instruct Q4_1
    adapters: tuple[str, ...] = ()  # LoRA adapters as "task=path" (peft folders or GGUF adapter files; openai: the server's names)
    shipped_adapters: bool = True  # llamacpp/transformers on the default model (they were trained on it): a task llm.adapters
    # leaves out uses its shipped adapter, if any; false: the base model
    merge_adapter: bool = False  # transformers: merge the single adapter into the weights (faster, no switching)
    device: str = "auto"  # transformers: "auto" (CUDA when present), "cpu" or "cuda"
    dtype: str = "auto"  # transformers: "auto" (bf16 on GPU, fp32 on CPU) or a torch dtype name
    quantization: str = "none"  # transformers: "none", "4bit" (nf4, double quant) or "8bit" via bitsandbytes
    requantize: str = "auto"  # llamacpp: serve the GGUF requantized (cached): "auto" (the default model as q8_0, 1.5-2x faster
    # prompts here; any other as is), "none", "q8_0", "q4_0" or "f16"
    context_length: int = 4096  # tokens of context; history is trimmed to fit, never the system prompt
    threads: int = 0  # CPU threads; 0 means all cores
    base_url: str = "http://127.0.0.1:8080/v1"  # openai: the server's /v1 URL
    api_key_env: str = "OPENAI_API_KEY"  # openai: environment variable holding the key (may be unset)
    timeout_s: float = 60.0  # openai: per-request timeout
    tokenizer: str = ""  # openai: local tokenizer folder for exact token counts; empty: estimate

    def __post_init__(self) -> None:
        if self.backend not in ("auto", "llamacpp", "transformers", "openai"):
            raise ConfigError(f'llm.backend must be "auto", "llamacpp", "transformers" or "openai", got {self.backend!r}')
        if self.requantize not in ("auto", "none", *REQUANTIZE_TYPES):
            raise ConfigError(f'llm.requantize must be "auto", "none" or one of {REQUANTIZE_TYPES}, got {self.requantize!r}')
        for item in self.adapters:
            name, _, path = item.partition("=")
            if name not in TASKS or not path:
                raise ConfigError(f'llm.adapters entries look like "task=path" with a task of {TASKS}, got {item!r}')

    def requantize_to(self) -> str:
        """The type llama.cpp serves the model as: "none" (the file as is) or one of REQUANTIZE_TYPES."""
        if self.requantize == "auto":
            return "none" if self.model else "q8_0"  # measured on the packaged model (README, "Prompt speed")
        return self.requantize

    def adapter_paths(self) -> dict[str, str]:
        """{task: path} of the adapters served: the configured ones, and for an in-process backend on the
        default model the shipped ones of the other tasks (they fit no other base; an OpenAI-compatible
        server serves only what it was given)."""
        configured = dict(item.split("=", 1) for item in self.adapters)
        shipped = shipped_adapters() if self.shipped_adapters and self.backend != "openai" and not self.model else {}
        return {**shipped, **configured}


@dataclass(frozen=True)
class AssistantConfig:
    k: int = 4  # products shown per recommendation
    depth: int = 30  # hits retrieved before attribute checks and personalization
    personalization_weight: float = 0.3  # how much the profile moves ranking (0 = off); hard constraints always win
    exploration_share: float = 0.0  # share of slots for relevant items outside the shopper's usual brands/categories
    max_new_tokens: int = 160  # model tokens per reply
    seed: int = 0  # exploration picks and sampled decoding
    history_turns: int = 4  # earlier turns sent to the model (older ones are dropped; constraints carry over)
    review_snippets: int = 3  # review snippets gathered for a product question
    min_evidence_similarity: float = 0.5  # cosine a review snippet needs, without shared words, to count as evidence
    policy_min_similarity: float = 0.33  # cosine the closest policy passage needs, else "the policy doesn't cover that"
    policy_answers: str = "quoted"  # "quoted": answer with the policy passages themselves; "generated": the model words them
    policy: str = ""  # store policy Markdown; empty means the demo store's policy.md
    profiles: str = ""  # a SQLite file or a SQLAlchemy URL; empty means <data_dir>/profiles.sqlite
    taste_half_life_days: float = 30.0  # implicit signals lose half their weight in this many days
    max_message_chars: int = 2000  # longest shopper message taken; longer ones are refused with a sentence before any work

    def __post_init__(self) -> None:
        if self.k < 1 or self.depth < self.k:
            raise ConfigError("assistant.k must be >= 1 and assistant.depth >= assistant.k")
        if not 0 <= self.exploration_share <= 1 or self.personalization_weight < 0:
            raise ConfigError("assistant.exploration_share must be in [0, 1] and assistant.personalization_weight >= 0")
        if self.policy_answers not in ("quoted", "generated"):
            raise ConfigError(f'assistant.policy_answers must be "quoted" or "generated", got {self.policy_answers!r}')
        if self.max_message_chars < 1:
            raise ConfigError(f"assistant.max_message_chars must be >= 1, got {self.max_message_chars}")
        if self.max_new_tokens < 1 or self.history_turns < 0 or self.taste_half_life_days <= 0:
            raise ConfigError("assistant.max_new_tokens must be >= 1, history_turns >= 0 and taste_half_life_days > 0")


@dataclass(frozen=True)
class AppConfig:
    host: str = "127.0.0.1"  # address the Gradio app listens on
    port: int = 7860  # its port
    share: bool = False  # Gradio share link (needs the internet; off by default)
    max_upload_mb: int = 50  # largest catalog file the Catalog tab accepts
    # "open": the demo (anyone picks any demo shopper and uses the Agent tab); "users": sign in against
    # users_file; "header": a trusted reverse proxy names the signed-in user in user_header
    auth: str = "open"
    users_file: str = ""  # accounts (`shopassist users add`); empty means <data_dir>/users.toml
    user_header: str = "X-Forwarded-User"

    def __post_init__(self) -> None:
        if not 0 < self.port < 65536 or self.max_upload_mb < 1:
            raise ConfigError("app.port must be 1-65535 and app.max_upload_mb >= 1")
        if self.auth not in ("open", "users", "header"):
            raise ConfigError(f'app.auth must be "open", "users" or "header", got {self.auth!r}')


@dataclass(frozen=True)
class SupportConfig:
    orders: str = ""  # order book: a demo-format JSON file or a τ-bench retail folder; empty means the demo store's orders.json
    orders_url: str = ""  # SQLAlchemy URL of the order database (e.g. postgresql://…); empty means SQLite in memory, loaded at start
    policy: str = ""  # policy Markdown for support; empty: a τ-bench folder's policy_wiki.md, else assistant.policy (or the demo's)
    rules: str = ""  # the policy's rules TOML (assistant/support/eligibility.py); empty: the one that goes with the policy
    records_url: str = (
        ""  # SQLAlchemy URL of the suggestion log (what agents accepted, edited, discarded); empty: <data_dir>/support.sqlite
    )
    today: str = ""  # "YYYY-MM-DD" to pin the date return windows are counted to (evaluation, tests); empty means today
    model_drafts: bool = True  # add the model's draft (support adapter, grounded) to the one rendered from records
    model_tone: bool = False  # tone buttons ask the model first (kept only if every fact survives); off: rules only
    passages: int = 2  # policy passages retrieved per suggestion

    def __post_init__(self) -> None:
        if self.today:
            try:
                date.fromisoformat(self.today)
            except ValueError:
                raise ConfigError(f'support.today must be a date like "2026-12-05" or empty, got {self.today!r}') from None
        if self.passages < 0:
            raise ConfigError(f"support.passages must be >= 0, got {self.passages}")


TRAINING_DATA = "finetune-data"  # build-data's folder under data_dir: <task>/train.jsonl, dev.jsonl, card.md


@dataclass(frozen=True)
class TrainConfig:
    """LoRA fine-tuning (`shopassist finetune train`); the defaults train the packaged SmolLM2-135M on a
    2-core CPU in about 15 minutes."""

    base: str = ""  # GGUF file or Hugging Face model folder; empty: the packaged SmolLM2-135M-Instruct Q4_1 (trained dequantized)
    data: str = ""  # folder with train.jsonl and dev.jsonl; empty: <data_dir>/finetune-data/<task> (where build-data writes)
    out: str = ""  # the adapter folder; empty: <data_dir>/adapters/<task>
    quantization: str = "none"  # "none" (LoRA) or "4bit" (QLoRA: an nf4 base through bitsandbytes, for a GPU)
    device: str = "auto"  # "auto" (CUDA when present), "cpu" or "cuda"
    r: int = 8  # LoRA rank
    alpha: float = 16.0  # LoRA alpha: updates are scaled by alpha / r
    dropout: float = 0.05  # LoRA dropout
    targets: tuple[str, ...] = ("q_proj", "k_proj", "v_proj", "o_proj")  # modules LoRA adapts (llama.cpp serves these)
    learning_rate: float = 5e-4  # AdamW peak learning rate
    weight_decay: float = 0.0  # AdamW weight decay
    scheduler: str = "cosine"  # transformers scheduler name: "cosine", "linear", "constant_with_warmup", ...
    warmup_ratio: float = 0.05  # share of the steps warming up
    batch_size: int = 4  # examples per step per process
    grad_accum: int = 1  # steps accumulated per optimizer update
    max_length: int = 1024  # tokens per example; longer ones are cut (build-data drops them before)
    token_budget: int = 55_000  # training tokens (prompt and target, no padding) before stopping; 0: run `epochs`
    epochs: float = 1.0  # passes over train.jsonl when token_budget is 0 (and the most the budget may take)
    eval_examples: int = 48  # dev examples (a seeded sample) whose loss is measured before and after training (0: none)
    save_steps: int = 10  # a checkpoint every this many optimizer steps: an interrupted run resumes from the last (same settings)
    seed: int = 0  # data order, LoRA init and dropout

    def __post_init__(self) -> None:
        if self.quantization not in ("none", "4bit"):
            raise ConfigError(f'train.quantization must be "none" or "4bit", got {self.quantization!r}')
        if self.r < 1 or self.alpha <= 0 or not 0 <= self.dropout < 1 or not self.targets:
            raise ConfigError("train.r must be >= 1, train.alpha > 0, train.dropout in [0, 1) and train.targets non-empty")
        if self.learning_rate <= 0 or self.batch_size < 1 or self.grad_accum < 1 or self.max_length < 16:
            raise ConfigError("train.learning_rate must be > 0, train.batch_size and grad_accum >= 1, train.max_length >= 16")
        if self.token_budget < 0 or self.epochs <= 0 or self.save_steps < 1 or self.eval_examples < 0 or not 0 <= self.warmup_ratio < 1:
            raise ConfigError("train.token_budget must be >= 0, epochs > 0, save_steps >= 1, eval_examples >= 0, warmup_ratio in [0, 1)")

    def data_dir(self, data_root: str, task: str) -> Path:
        """Where build-data wrote this task's files (or the configured folder)."""
        return Path(self.data) if self.data else Path(data_root) / TRAINING_DATA / task

    def out_dir(self, data_root: str, task: str) -> Path:
        """Where the adapter, its checkpoints and its report go."""
        return Path(self.out) if self.out else Path(data_root) / "adapters" / task


@dataclass(frozen=True)
class Config:
    paths: PathsConfig = field(default_factory=PathsConfig)
    catalog: CatalogConfig = field(default_factory=CatalogConfig)
    embedder: EmbedderConfig = field(default_factory=EmbedderConfig)
    store: StoreConfig = field(default_factory=StoreConfig)
    search: SearchSettings = field(default_factory=SearchSettings)  # see retrieval/search.py
    reviews: ReviewsConfig = field(default_factory=ReviewsConfig)
    llm: LLMConfig = field(default_factory=LLMConfig)
    assistant: AssistantConfig = field(default_factory=AssistantConfig)
    app: AppConfig = field(default_factory=AppConfig)
    support: SupportConfig = field(default_factory=SupportConfig)  # customer-service agent assist
    train: TrainConfig = field(default_factory=TrainConfig)  # fine-tuning only; serving never reads it

    @property
    def shared_data(self) -> Path:
        """The ../shared data folder: the environment variable wins over the config value."""
        return Path(os.environ.get(SHARED_DATA_ENV) or self.paths.shared_data_dir)


def load_config(path: str | Path | None = None, overrides: typing.Sequence[str] = ()) -> Config:
    """Build the config from defaults, an optional TOML file and `section.key=value` overrides."""
    values: dict[str, dict[str, object]] = {}
    if path is not None:
        path = Path(path)
        raw = read_toml(path, ConfigError, "config file")
        for section, body in raw.items():
            if not isinstance(body, dict):
                raise ConfigError(f"{path}: {section!r} must be a [section] table")
            for key, value in body.items():
                values.setdefault(section, {})[key] = value
    for item in overrides:
        section, key, value = _parse_override(item)
        values.setdefault(section, {})[key] = value
    return _build(values, source=str(path) if path else "overrides")


def _parse_override(item: str) -> tuple[str, str, object]:
    name, sep, text = item.partition("=")
    section, dot, key = name.strip().partition(".")
    if not sep or not dot or not key:
        raise ConfigError(f"override {item!r} must look like section.key=value, e.g. search.k=20")
    try:
        value = tomllib.loads(f"v = {text.strip()}")["v"]
    except tomllib.TOMLDecodeError:
        value = text.strip()  # a bare word is a string
    return section, key.strip(), value


def _build(values: dict[str, dict[str, object]], source: str) -> Config:
    sections = {f.name: f for f in dataclasses.fields(Config)}
    built = {}
    for section, body in values.items():
        if section not in sections:
            raise ConfigError(f"{source}: unknown config section [{section}]; known: {', '.join(sections)}")
        cls = typing.get_type_hints(Config)[section]
        hints = typing.get_type_hints(cls)
        kwargs = {}
        for key, value in body.items():
            if key not in hints:
                raise ConfigError(f"{source}: unknown key {section}.{key}; known: {', '.join(hints)}")
            kwargs[key] = _coerce(f"{section}.{key}", value, hints[key])
        try:
            built[section] = cls(**kwargs)
        except SearchError as exc:
            raise ConfigError(f"{source}: {exc}") from None
    return Config(**built)


def _coerce(name: str, value: object, hint: object) -> object:
    origin = typing.get_origin(hint)
    if origin is tuple:
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            raise ConfigError(f"{name} must be a list, got {value!r}")
        (item_type, _) = typing.get_args(hint)
        return tuple(_coerce(name, v, item_type) for v in value)
    if origin in (typing.Union, types.UnionType):
        raise ConfigError(f"{name}: union types are not supported in config")  # keep fields simple
    if hint is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if hint is bool and not isinstance(value, bool):
        raise ConfigError(f"{name} must be true or false, got {value!r}")
    if hint in (int, float) and isinstance(value, bool):
        raise ConfigError(f"{name} must be a number, got {value!r}")
    if not isinstance(value, hint):  # type: ignore[arg-type]
        raise ConfigError(f"{name} must be of type {hint.__name__}, got {value!r}")  # type: ignore[union-attr]
    return value
