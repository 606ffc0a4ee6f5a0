"""The latency suite: shopper queries from a file, one fresh session each, through `Assistant.ask` in
one process after warm-up, timed per stage (the pipeline's own laps: understand, profile, plan,
generate, ground; plus render, the chat Markdown the app shows) and end to end per intent. Loading
the models and the index is timed apart.

Query files: a JSON list of strings (WebShop's human_goals.json), a CSV/TSV with a `query` column
(WANDS query.csv), a JSONL of shopper cases (their first turns), or plain text, one query a line.
"""

from __future__ import annotations

import csv
import io
import json
import time
from collections.abc import Callable
from pathlib import Path

from assistant.conversation import Session
from assistant.render import answer_markdown
from eval.assistant_suite import Metric, percentile
from eval.cases import CaseError, read_text

WARM_UP = 3  # queries asked first and not counted: caches, the model's first call


def read_queries(path: Path) -> list[str]:
    """The queries of a file in one of the formats above; a CaseError naming what is wrong."""
    text = read_text(path, "query file")
    suffix = Path(path).suffix.lower()
    if suffix == ".json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise CaseError(f"{path}: not JSON ({exc.msg}, line {exc.lineno}); a query file in JSON is a list of strings") from None
        if not isinstance(data, list) or not all(isinstance(q, str) for q in data):
            raise CaseError(f"{path}: a query file in JSON must be a list of strings")
        queries = data
    elif suffix in (".csv", ".tsv"):
        sample = text[:4096]
        dialect = csv.Sniffer().sniff(sample, delimiters=",\t;") if sample.strip() else csv.excel
        rows = list(csv.DictReader(io.StringIO(text), dialect=dialect))
        if not rows or "query" not in rows[0]:
            raise CaseError(f"{path}: a CSV/TSV query file needs a 'query' column; found {sorted(rows[0]) if rows else 'no rows'}")
        queries = [row["query"] or "" for row in rows]
    elif suffix == ".jsonl":
        from eval.cases import read_shopper_cases

        queries = [case.turns[0] for case in read_shopper_cases(path)]
    else:
        queries = text.splitlines()
    queries = [" ".join(q.split()) for q in queries if q and q.strip()]
    if not queries:
        raise CaseError(f"{path}: no queries in it")
    return list(dict.fromkeys(queries))  # repeats would time the same work twice


def run_latency(
    queries: list[str], assistant, progress: Callable[[str], None] = lambda query: None
) -> tuple[dict[str, Metric], dict[str, list[float]], list[dict]]:
    """Metrics (p50/p95 per stage and per intent, seconds), the laps per label (for the plot), and a
    record per timed query (for cases.jsonl)."""
    for query in queries[:WARM_UP]:
        assistant.ask(Session(), query)
    laps: dict[str, list[float]] = {}
    records = []
    for query in queries[WARM_UP:]:
        began = time.perf_counter()
        answer = assistant.ask(Session(), query)
        total = time.perf_counter() - began
        rendered = time.perf_counter()
        answer_markdown(answer)
        for stage, seconds in (*answer.timings, ("render", time.perf_counter() - rendered)):
            laps.setdefault(f"stage {stage}", []).append(seconds)
        laps.setdefault(f"turn ({answer.intent})", []).append(total)
        laps.setdefault("turn (all)", []).append(total)
        records.append({"query": query, "intent": answer.intent, "seconds": round(total, 4), "stages": dict(answer.timings)})
        progress(query)
    metrics = {}
    for label, values in laps.items():
        name = label.replace("stage ", "").replace("turn (", "turn_").rstrip(")")
        metrics[f"{name}_p50"] = Metric(percentile(values, 50), len(values), "seconds", True)
        metrics[f"{name}_p95"] = Metric(percentile(values, 95), len(values), "seconds", True)
    return metrics, laps, records
