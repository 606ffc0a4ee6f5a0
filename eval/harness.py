"""Running suites the way the app runs: the configured assistant (same config, same code path), or
the assistant of the catalog a case names, and a record of what was run so two runs can be
compared: config, model file checksum, adapters, data files and their checksums, git commit.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import time
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from assistant.config import Config
from eval import assistant_suite
from eval.assistant_suite import CaseResult, SuiteRun
from eval.cases import CaseError, ShopperCase, read_shopper_cases
from retrieval.mapping import MAPPINGS_DIR

ROOT = Path(__file__).resolve().parent.parent
CASES_DIR = Path(__file__).resolve().parent / "cases"
SUITES = ("assistant",)
DEFAULT_DATA = {"assistant": (CASES_DIR / "shopper_requests.jsonl", CASES_DIR / "other_intents.jsonl")}
QUICK_EVERY = 6  # --quick: every sixth case of the demo files (a fixed slice)


@dataclass(frozen=True)
class RunOptions:
    suites: tuple[str, ...] = ("assistant",)
    data: tuple[Path, ...] = ()  # empty: each suite's default files
    catalog: str | None = None  # run every case on this catalog instead of the one it names
    limit: int = 0  # cases per data file; 0: all
    quick: bool = False
    repeat: int = 10  # cases asked twice, for consistency (--quick: 3)


class Assistants:
    """The assistant of each catalog cases name, built once: the configured catalog as configured; a
    catalog with a packaged mapping (retrieval/mappings/NAME.toml: amazon-1k, flipkart-20k, ikea) is
    indexed into <data_dir>/eval-catalogs on first use, sharing the embedder and the model."""

    def __init__(self, config: Config):
        from assistant.builders import build_embedder

        self.config = config
        self.embedder = build_embedder(config)
        self._built: dict[str, object] = {}
        self.generator = None

    def __call__(self, name: str | None):
        name = name or self.config.catalog.name
        if name not in self._built:
            self._built[name] = self._build(name)
        return self._built[name]

    def _build(self, name: str):
        from assistant.builders import build_assistant, build_client, is_demo, run_index
        from assistant.profiles import SQLiteProfileStore

        if name == self.config.catalog.name:
            config = self.config
        elif (MAPPINGS_DIR / f"{name}.toml").exists():
            mapping = str(MAPPINGS_DIR / f"{name}.toml")
            config = replace(
                self.config,
                paths=replace(self.config.paths, data_dir=str(Path(self.config.paths.data_dir) / "eval-catalogs")),
                catalog=replace(self.config.catalog, name=name, paths=(), mapping=mapping, reviews=""),
                assistant=replace(self.config.assistant, policy=""),
            )
        else:
            raise CaseError(unknown_catalog(name))
        client = build_client(config)
        if name != self.config.catalog.name or is_demo(config):  # incremental: a no-op when the index is current
            run_index(config, self.embedder, client)
        assistant = build_assistant(config, self.embedder, client, self.generator, SQLiteProfileStore())  # a fresh profile store
        self.generator = assistant.generator
        return assistant


def unknown_catalog(name: str) -> str:
    known = sorted(p.stem for p in MAPPINGS_DIR.glob("*.toml"))
    return f"catalog {name!r}: not the configured catalog and no packaged mapping; use one of {', '.join(known)}, or --catalog NAME"


def check_catalogs(config: Config, cases: list[ShopperCase], forced: str | None) -> None:
    """Refuse, before any model loads, a case naming a catalog the harness cannot open."""
    for case in cases:
        name = forced or case.catalog or config.catalog.name
        if name != config.catalog.name and not (MAPPINGS_DIR / f"{name}.toml").exists():
            raise CaseError(f"case {case.id} (line {case.line}): {unknown_catalog(name)}")


def load_cases(options: RunOptions, suite: str) -> list[tuple[Path, list[ShopperCase]]]:
    """The cases of each data file for a suite, limited and sliced as asked."""
    files = options.data or DEFAULT_DATA[suite]
    loaded = []
    for path in files:
        cases = read_shopper_cases(path)
        if options.quick:
            cases = cases[::QUICK_EVERY]
        loaded.append((Path(path), cases[: options.limit or None]))
    return loaded


def run(config: Config, options: RunOptions, progress=None) -> tuple[list[SuiteRun], dict]:
    """Every suite asked for, and the record of the run."""
    started, began = datetime.now(UTC), time.perf_counter()
    assistants = Assistants(config)
    runs, data = [], []
    for suite in options.suites:
        files = load_cases(options, suite)
        cases = [c if options.catalog is None else replace(c, catalog=options.catalog) for _, cs in files for c in cs]
        data += [{"suite": suite, "path": str(path), "sha256": _sha256(path), "cases": len(cs)} for path, cs in files]
        suite_began = time.perf_counter()
        results = assistant_suite.run_cases(cases, assistants, options.repeat, progress or (lambda case: None))
        runs.append(_suite_run(suite, results, time.perf_counter() - suite_began))
        groups: dict[str, list[CaseResult]] = {}
        origin = [path.stem for path, cs in files for _ in cs]
        for source, result in zip(origin, results, strict=True):
            groups.setdefault(f"{suite}[{source}, {result.case.catalog or config.catalog.name}]", []).append(result)
        if len(groups) > 1:  # one more table per data file and catalog
            runs += [SuiteRun(name, assistant_suite.summarize(group)) for name, group in groups.items()]
    info = {
        "started": started.isoformat(timespec="seconds"),
        "wall_s": round(time.perf_counter() - began, 1),
        "git_commit": _git_commit(),
        "model": _model(assistants),
        "adapter": list(config.llm.adapters),
        "data": data,
        "options": {k: (list(map(str, v)) if k == "data" else v) for k, v in asdict(options).items()},
        "config": json.loads(json.dumps(asdict(config), default=str)),
    }
    return runs, info


def _suite_run(suite: str, results: list[CaseResult], wall_s: float) -> SuiteRun:
    metrics = assistant_suite.summarize(results)
    metrics["wall_s"] = assistant_suite.Metric(round(wall_s, 1), len(results), "seconds", True)
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


def _sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:16]


def _git_commit() -> str | None:
    try:
        done = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "HEAD"], capture_output=True, text=True, timeout=10, check=False)
    except OSError:
        return None
    dirty = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain"], capture_output=True, text=True, timeout=10, check=False)
    return (done.stdout.strip() + ("+changes" if dirty.stdout.strip() else "")) or None


def _model(assistants: Assistants) -> dict:
    """The model under test: its name and, for a local file, its checksum."""
    from runtime.model_files import file_hash

    generator = assistants.generator
    if generator is None:
        return {}
    path = getattr(generator, "model_path", None)
    return {"name": generator.name, **({"file": Path(path).name, "sha256": file_hash(Path(path))} if path else {})}
