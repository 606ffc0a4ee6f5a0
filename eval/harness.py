"""Running suites the way the app runs: the configured assistant (same config, same code path), or
the assistant of the catalog a case names, and a record of what was run so two runs can be
compared: config, model file checksum, adapters, data files and their checksums, git commit.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

from assistant.config import TASKS, Config
from eval import assist_suite, assistant_suite, latency_suite, product_qa_suite, shopbench_suite, support_suite, tau_bench
from eval.assistant_suite import CaseResult, Metric, SuiteRun
from eval.cases import CaseError, ShopperCase, read_shopper_cases
from eval.provenance import adapters_of, git_commit, model_of, sha256_of
from eval.runs import RunError
from retrieval.mapping import MAPPINGS_DIR
from runtime.base import task_adapter

CASES_DIR = Path(__file__).resolve().parent / "cases"
DEFAULT_DATA = {  # the demo store's cases: 166, a third of them adversarial, 28 on a copy with planted instructions
    "assistant": (
        CASES_DIR / "shopper_requests.jsonl",
        CASES_DIR / "other_intents.jsonl",
        CASES_DIR / "demo_adversarial.jsonl",
        CASES_DIR / "injection_planted.jsonl",
    )
}
SUBJQA_DEV = ("reviews/subjqa/electronics_dev.csv", "reviews/subjqa/grocery_dev.csv")  # product_qa's default under ../shared
SHOPBENCH_SAMPLE = "benchmarks/shopbench-sample/sample.jsonl"  # shopbench's default under ../shared
SUPPORT_DEV = ("support/bitext/train.csv", "support/tau-bench-retail/tasks_dev.json")  # support's defaults under ../shared
SUPPORT_EXAMPLES = (CASES_DIR / "support_example.csv", CASES_DIR / "tau_example" / "tasks_dev.json")
HANDOFF_CASES = CASES_DIR / "support_handoff.jsonl"  # the assist suite's labelled conversations; then the support suite's files
WEBSHOP_GOALS = "queries/webshop-human-goals/human_goals.json"  # the latency suite's default under ../shared, when present
LATENCY_QUERIES = 40  # the latency suite's queries when --limit is not given
QUICK_EVERY = 6  # --quick: every sixth case of the demo files (a fixed slice)


@dataclass(frozen=True)
class RunOptions:
    suites: tuple[str, ...] = ("assistant",)
    data: tuple[str, ...] = ()  # PATH for every suite, or SUITE=PATH for one; none: each suite's default files
    catalog: str | None = None  # run every case on this catalog instead of the one it names
    limit: int = 0  # cases per data file; 0: all
    quick: bool = False
    repeat: int = 10  # cases asked twice, for consistency (--quick: 3)
    workers: int = 1  # cases asked at once (for a model behind an OpenAI-compatible server); latency is always timed one at a time


class Assistants:
    """The assistant of each catalog cases name, built once: the configured catalog as configured; a
    catalog with a packaged mapping (retrieval/mappings/NAME.toml: amazon-1k, flipkart-20k, ikea) is
    indexed into <data_dir>/eval-catalogs on first use, sharing the embedder and the model."""

    def __init__(self, config: Config, generator=None):
        from assistant.builders import build_embedder, build_generator

        self.config = config
        self.load_seconds: dict[str, float] = {}  # "embedder", "llm", and each catalog: seconds to index (if needed) and open it
        began = time.perf_counter()
        self.embedder = build_embedder(config)
        self.load_seconds["embedder"] = time.perf_counter() - began
        began = time.perf_counter()
        self.generator = generator or build_generator(config)  # given: the fine-tuning data builder's recorder
        self.load_seconds["llm"] = time.perf_counter() - began
        self._built: dict[str, object] = {}

    def __call__(self, name: str | None):
        name = name or self.config.catalog.name
        if name not in self._built:
            began = time.perf_counter()
            self._built[name] = self._build(name)
            if not name.endswith(".toml"):  # a mapping file's catalog is timed under its index name by of_files
                self.load_seconds[name] = time.perf_counter() - began
        return self._built[name]

    def of_files(self, name: str, mapping: Path, reviews: Path | None):
        """The assistant of a catalog written for a suite (its files beside `mapping`), indexed once."""
        if name not in self._built:
            began = time.perf_counter()
            self._built[name] = self._open(self._catalog_config(name, mapping, reviews), index=True)
            self.load_seconds[name] = time.perf_counter() - began
        return self._built[name]

    def _build(self, name: str):
        from assistant.builders import is_demo

        mapping = catalog_mapping(name, self.config)
        if mapping is None:
            return self._open(self.config, index=is_demo(self.config))
        if name.endswith(".toml"):  # the evaluator's own catalog: its mapping, and reviews.jsonl beside it when there is one
            reviews = mapping.parent / "reviews.jsonl"
            digest = hashlib.sha256(name.encode()).hexdigest()[:8]
            return self.of_files(f"file-{mapping.stem}-{digest}", mapping, reviews if reviews.exists() else None)
        return self._open(self._catalog_config(name, mapping, None), index=True)

    def _catalog_config(self, name: str, mapping: Path, reviews: Path | None) -> Config:
        """The config with this catalog in place of the configured one, indexed under <data_dir>/eval-catalogs."""
        return replace(
            self.config,
            paths=replace(self.config.paths, data_dir=str(Path(self.config.paths.data_dir) / "eval-catalogs")),
            catalog=replace(self.config.catalog, name=name, paths=(), mapping=str(mapping), reviews=str(reviews or "")),
            assistant=replace(self.config.assistant, policy=""),
        )

    def _open(self, config: Config, index: bool):
        from assistant.builders import build_assistant, build_client, run_index
        from assistant.profiles import SQLProfileStore

        client = build_client(config)
        if index:  # incremental: a no-op when the index is current
            run_index(config, self.embedder, client)
        return build_assistant(config, self.embedder, client, self.generator, SQLProfileStore())  # a fresh profile store


def catalog_label(name: str) -> str:
    """A catalog as tables name it: a packaged one by name, a mapping file by its folder and name."""
    return f"{Path(name).parent.name}/{Path(name).name}" if name.endswith(".toml") else name


def catalog_mapping(name: str, config: Config) -> Path | None:
    """The mapping file of the catalog a case names: None for the configured catalog, a packaged
    mapping (retrieval/mappings/NAME.toml), or a mapping file of the evaluator's own; a CaseError
    saying what to write when there is none."""
    if name.endswith(".toml"):
        if not Path(name).is_file():
            raise CaseError(f"catalog {name}: no such mapping file; give its path relative to the case file")
        return Path(name)
    if name == config.catalog.name:
        return None
    if (MAPPINGS_DIR / f"{name}.toml").exists():
        return MAPPINGS_DIR / f"{name}.toml"
    known = sorted(p.stem for p in MAPPINGS_DIR.glob("*.toml"))
    raise CaseError(
        f"catalog {name!r}: not the configured catalog and no packaged mapping; use one of {', '.join(known)}, or --catalog NAME"
    )


def check_catalogs(config: Config, cases: list[ShopperCase], forced: str | None) -> None:
    """Refuse, before any model loads, a case naming a catalog the harness cannot open."""
    for case in cases:
        try:
            catalog_mapping(forced or case.catalog or config.catalog.name, config)
        except CaseError as exc:
            raise CaseError(f"case {case.id} (line {case.line}): {exc}") from None


def data_files(options: RunOptions, suite: str, config: Config | None = None) -> tuple[Path, ...]:
    """The files a suite reads: `--data SUITE=PATH` for it, else every plain `--data PATH`, else its default."""
    mine = [d.split("=", 1)[1] for d in options.data if d.split("=", 1)[0] in SUITES and "=" in d and d.split("=", 1)[0] == suite]
    plain = [d for d in options.data if not ("=" in d and d.split("=", 1)[0] in SUITES)]
    if mine or plain:
        return tuple(Path(p) for p in (mine or plain))
    shared = config.shared_data if config else Path("../shared/data")
    if suite == "latency":
        return (shared / WEBSHOP_GOALS,) if (shared / WEBSHOP_GOALS).exists() else (CASES_DIR / "shopper_requests.jsonl",)
    if suite == "shopbench":
        return (shared / SHOPBENCH_SAMPLE,) if (shared / SHOPBENCH_SAMPLE).exists() else (CASES_DIR / "shopbench_example.jsonl",)
    if suite == "product_qa":
        found = tuple(shared / f for f in SUBJQA_DEV if (shared / f).exists())
        return found or (CASES_DIR / "product_qa_example.csv",)
    if suite == "support":
        return tuple(shared / f if (shared / f).exists() else example for f, example in zip(SUPPORT_DEV, SUPPORT_EXAMPLES, strict=True))
    if suite == "assist":
        return (HANDOFF_CASES, *data_files(options, "support", config))
    return DEFAULT_DATA[suite]


def load_cases(options: RunOptions, suite: str) -> list[tuple[Path, list[ShopperCase]]]:
    """The cases of each data file for a suite, limited and sliced as asked."""
    files = data_files(options, suite)
    loaded = []
    for path in files:
        cases = read_shopper_cases(path)
        if options.quick:
            cases = cases[::QUICK_EVERY]
        loaded.append((Path(path), cases[: options.limit or None]))
    return loaded


def load_items(options: RunOptions, files: tuple[Path, ...]):
    """shopbench's items of every file (--limit each; --quick: 5 each)."""
    return [i for path in files for i in shopbench_suite.read_shopbench(path)[: options.limit or (5 if options.quick else None)]]


def load_questions(options: RunOptions, files: tuple[Path, ...]):
    """product_qa's questions of every file (--limit each; --quick: 6 each) and all their reviews."""
    questions, reviews = [], {}
    for path in files:
        mine, theirs = product_qa_suite.read_subjqa(path)
        questions += mine[: options.limit or (6 if options.quick else None)]
        reviews |= theirs
    return questions, reviews


def is_tau_tasks(path: Path) -> bool:
    """A support file that is τ-bench tasks (JSON); any other is a Bitext CSV."""
    return Path(path).suffix.lower() == ".json"


def support_count(path: Path, data: object) -> int:
    """The cases of one file as `load_support` gave it: τ-bench tasks, or the Bitext rows to score."""
    return len(data[0] if is_tau_tasks(path) else data[1])


def load_support(options: RunOptions, files: tuple[Path, ...]) -> list[tuple[Path, object]]:
    """support's data per file: a τ-bench tasks file (.json) as (tasks, world), a Bitext CSV as
    (train side, rows to score) (--limit each; --quick: 5 each)."""
    limit = options.limit or (5 if options.quick else None)
    loaded: list[tuple[Path, object]] = []
    for path in files:
        if is_tau_tasks(path):
            tasks, world = tau_bench.read_tasks(path)
            loaded.append((Path(path), (tasks[:limit], world)))
        else:
            train, rows = support_suite.rows_to_score(path)
            spread = rows[:: max(1, len(rows) // 5)] if options.quick and not options.limit else rows  # a file is ordered by intent
            loaded.append((Path(path), (train, spread[:limit])))
    return loaded


def load_queries(options: RunOptions, files: tuple[Path, ...]) -> list[str]:
    """The latency suite's queries: --limit of each file (default LATENCY_QUERIES; --quick: 8), after warm-up."""
    limit = options.limit or (8 if options.quick else LATENCY_QUERIES)
    return [q for path in files for q in latency_suite.read_queries(path)[: limit + latency_suite.WARM_UP]]


@dataclass
class Context:
    """What every suite's runner gets: the config, the options, the assistants, progress callbacks,
    and the list of data files read (for metrics.json)."""

    config: Config
    options: RunOptions
    assistants: Assistants
    progress: Callable[[ShopperCase], None]
    progress_text: Callable[[str], None]
    data: list[dict] = field(default_factory=list)

    def read(self, suite: str, path: Path, count: int) -> None:
        self.data.append({"suite": suite, "path": str(path), "sha256": sha256_of(path), "cases": count})


def run(config: Config, options: RunOptions, progress=None, progress_text=None) -> tuple[list[SuiteRun], dict]:
    """Every suite asked for, and the record of the run."""
    started, began, commit = datetime.now(UTC), time.perf_counter(), git_commit()  # the code as it was when the run began
    context = Context(config, options, Assistants(config), progress or (lambda case: None), progress_text or (lambda text: None))
    runs = [run for suite in options.suites for run in RUNNERS[suite](context)]
    info = {
        "started": started.isoformat(timespec="seconds"),
        "wall_s": round(time.perf_counter() - began, 1),
        "git_commit": commit,
        "model": model_of(context.assistants.generator),
        "load_s": {k: round(v, 2) for k, v in context.assistants.load_seconds.items()},
        "adapter": adapters_of(config),
        "data": context.data,
        "options": {k: (list(map(str, v)) if k == "data" else v) for k, v in asdict(options).items()},
        "config": json.loads(json.dumps(asdict(config), default=str)),
    }
    return runs, info


def _assistant(context: Context) -> list[SuiteRun]:
    """Shopper cases; one more table per (data file, catalog) when there are several."""
    options, config = context.options, context.config
    files = load_cases(options, "assistant")
    cases = [c if options.catalog is None else replace(c, catalog=options.catalog) for _, cs in files for c in cs]
    for path, cs in files:
        context.read("assistant", path, len(cs))
    began = time.perf_counter()
    results = assistant_suite.run_cases(cases, context.assistants, options.repeat, context.progress, options.workers)
    runs = [_suite_run("assistant", results, time.perf_counter() - began)]
    groups: dict[str, list[CaseResult]] = {}
    origin = [path.stem for path, cs in files for _ in cs]
    for source, result in zip(origin, results, strict=True):
        groups.setdefault(f"assistant[{source}, {catalog_label(result.case.catalog or config.catalog.name)}]", []).append(result)
    return runs + ([SuiteRun(name, assistant_suite.summarize(group)) for name, group in groups.items()] if len(groups) > 1 else [])


def _product_qa(context: Context) -> list[SuiteRun]:
    """SubjQA questions on a catalog made of their items; one more table per domain when there are several."""
    files = data_files(context.options, "product_qa", context.config)
    questions, reviews = load_questions(context.options, files)
    for path in files:
        context.read("product_qa", path, len(questions))
    digest = hashlib.sha256("".join(sha256_of(p) for p in files).encode()).hexdigest()[:10]
    folder = Path(context.config.paths.data_dir) / "eval-catalogs" / f"qa-{digest}"
    mapping = product_qa_suite.write_world(questions, reviews, folder)
    assistant = context.assistants.of_files(f"qa-{digest}", mapping, folder / "reviews.jsonl")
    metrics = product_qa_suite.retrieval_metrics(questions, reviews, assistant)
    answered, records = product_qa_suite.answer_questions(questions, assistant, context.progress_text, context.options.workers)
    runs = [SuiteRun("product_qa", metrics | answered, records)]
    domains = sorted({q.domain for q in questions})
    for domain in domains if len(domains) > 1 else ():
        mine = [q for q in questions if q.domain == domain]
        rows = [r for r, q in zip(records, questions, strict=True) if q.domain == domain]
        scores = product_qa_suite.retrieval_metrics(mine, reviews, assistant) | product_qa_suite.score(rows)
        runs.append(SuiteRun(f"product_qa[{domain}]", scores))
    return runs


def _shopbench(context: Context) -> list[SuiteRun]:
    files = data_files(context.options, "shopbench", context.config)
    items = load_items(context.options, files)
    for path in files:
        context.read("shopbench", path, len(items))
    assistants = context.assistants
    metrics, records = shopbench_suite.run_shopbench(
        items,
        assistants.generator,
        assistants.embedder.embed_documents,
        context.progress_text,
        task_adapter(assistants.generator, "shopper"),
        context.options.workers,
    )
    return [SuiteRun("shopbench", metrics, records)]


def _latency(context: Context) -> list[SuiteRun]:
    files = data_files(context.options, "latency", context.config)
    queries = load_queries(context.options, files)
    for path in files:
        context.read("latency", path, len(queries))
    assistants, name = context.assistants, context.options.catalog or context.config.catalog.name
    metrics, laps, records = latency_suite.run_latency(queries, assistants(context.options.catalog), context.progress_text)
    metrics["llm_load_s"] = Metric(round(assistants.load_seconds["llm"], 2), 1, "seconds", True)
    metrics["embedder_load_s"] = Metric(round(assistants.load_seconds["embedder"], 2), 1, "seconds", True)
    metrics["catalog_open_s"] = Metric(round(assistants.load_seconds[name], 2), 1, "seconds", True)
    return [SuiteRun("latency", metrics, records, laps)]


def _support(context: Context) -> list[SuiteRun]:
    """Bitext messages (intent, reply) and τ-bench tasks (first action, authentication): a table per file."""
    assistants, runs = context.assistants, []
    adapter = task_adapter(assistants.generator, "support")
    for path, data in load_support(context.options, data_files(context.options, "support", context.config)):
        began = time.perf_counter()
        context.read("support", path, support_count(path, data))
        if is_tau_tasks(path):
            metrics, records = tau_bench.run_tau(*data, assistants.generator, context.progress_text, adapter, context.options.workers)
            name = f"support[tau-bench {path.stem}]"
        else:
            metrics, records = support_suite.run_bitext(
                *data, assistants.generator, assistants.embedder.embed_documents, context.progress_text, adapter, context.options.workers
            )
            name = f"support[bitext {path.stem}]"
        metrics["wall_s"] = Metric(round(time.perf_counter() - began, 1), len(records), "seconds", True)
        runs.append(SuiteRun(name, metrics, records))
    return runs


def _assist(context: Context) -> list[SuiteRun]:
    """Agent-assist suggestions: labelled conversations (hand-off), τ-bench scenarios, planted replies: a table each."""
    files, a = data_files(context.options, "assist", context.config), context.assistants
    limit = assist_suite.case_limit(context.options.limit, context.options.quick)
    return assist_suite.run_suite(
        context.config, a.embedder, a.generator, files, limit, lambda p, n: context.read("assist", p, n), context.progress_text
    )


RUNNERS: dict[str, Callable[[Context], list[SuiteRun]]] = {
    "assistant": _assistant,
    "product_qa": _product_qa,
    "shopbench": _shopbench,
    "latency": _latency,
    "support": _support,
    "assist": _assist,
}
SUITES = tuple(RUNNERS)


def _suite_run(suite: str, results: list[CaseResult], wall_s: float) -> SuiteRun:
    metrics = assistant_suite.summarize(results)
    metrics["wall_s"] = Metric(round(wall_s, 1), len(results), "seconds", True)
    cases = [
        {
            "id": r.case.id,
            "catalog": r.case.catalog,
            "user": r.case.user,
            "turns": list(r.case.turns),
            "expected": r.case.expect,
            "output": {
                "intent": r.answer.intent,
                "abstained": r.answer.abstained,
                "constraints": asdict(r.answer.constraints),
                "rules": list(r.answer.rules),
                "products": [{"id": p.id, "title": p.title, "price": p.price, "fits": p.fits_constraints} for p in r.answer.products],
                "text": r.answer.text,
                "repairs": [asdict(x) for x in r.answer.repairs],
                "citations": [{"kind": c.kind, "source": c.source} for c in r.answer.citations],
            },
            "verdicts": r.verdicts,
            "latency_s": [round(t, 3) for t in r.latencies],
        }
        for r in results
    ]
    by_intent: dict[str, list[float]] = {}
    for r in results:
        by_intent.setdefault(f"turn ({r.answer.intent})", []).extend(r.latencies)
    return SuiteRun(suite, metrics, cases, by_intent)


def with_adapters(config: Config, specs: list[str]) -> Config:
    """The config with each `--adapter TASK=PATH` under test in place of that task's adapter (its
    replies and model-level suites use it), or with `--adapter none`: the base model for every task."""
    adapters, shipped = config.llm.adapter_paths(), config.llm.shipped_adapters
    for spec in specs:
        if spec == "none":
            adapters, shipped = {}, False
            continue
        task, _, path = spec.partition("=")
        if task not in TASKS or not path:
            raise RunError(f"--adapter {spec}: give TASK=PATH with a task of {TASKS} (a peft folder or a GGUF adapter file), or none")
        adapters[task] = path
    listed = tuple(f"{task}={path}" for task, path in adapters.items())
    return replace(config, llm=replace(config.llm, adapters=listed, shipped_adapters=shipped))
