"""A harness run on disk, and what is done with runs: each run is a folder holding `metrics.json`
(suite -> metric -> value with n, plus what was run: config, model and adapter checksums, data
files, git commit, wall time), `cases.jsonl` (every case: input, output, expected, verdicts),
`report.md` and PNG plots. `compare` lines two runs up; `gate` checks one against thresholds.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import asdict
from pathlib import Path

from eval.assistant_suite import SuiteRun
from runtime.errors import UserError
from runtime.toml_files import read_toml


class RunError(UserError, ValueError):
    """A run folder or thresholds file the harness cannot use."""


def write_run(out: Path, runs: list[SuiteRun], info: dict, baseline: dict | None = None) -> Path:
    """Write the run folder (created when missing) and return the report's path."""
    out.mkdir(parents=True, exist_ok=True)
    metrics = {"suites": {run.suite: {name: asdict(m) for name, m in run.metrics.items()} for run in runs}, **info}
    (out / "metrics.json").write_text(json.dumps(metrics, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    with (out / "cases.jsonl").open("w", encoding="utf-8") as f:
        for run in runs:
            for case in run.cases:
                f.write(json.dumps({"suite": run.suite, **case}, ensure_ascii=False, default=str) + "\n")
    plots = _plots(out, runs, baseline)
    report = out / "report.md"
    report.write_text(report_markdown(metrics, baseline, plots), encoding="utf-8")
    return report


def load_run(path: Path) -> dict:
    """A run's metrics.json, from the run folder or the file itself."""
    file = path / "metrics.json" if path.is_dir() else path
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise RunError(f"{path}: no metrics.json there; give a folder written by `shopassist eval run`") from None
    except json.JSONDecodeError as exc:
        raise RunError(f"{file}: not JSON ({exc.msg}, line {exc.lineno}); was it written by `shopassist eval run`?") from None
    if not isinstance(data, dict) or not isinstance(data.get("suites"), dict):
        raise RunError(f"{file}: no 'suites' object; was it written by `shopassist eval run`?")
    return data


def compare(a: dict, b: dict) -> list[tuple[str, str, float | None, float | None, float | None, str]]:
    """(suite, metric, value in A, value in B, B - A, verdict) for every metric of either run;
    the verdict says whether B is better, worse or the same, by the metric's direction."""
    rows = []
    for suite in sorted(set(a["suites"]) | set(b["suites"])):
        left, right = a["suites"].get(suite, {}), b["suites"].get(suite, {})
        for name in list(dict.fromkeys([*left, *right])):
            va, vb = left.get(name, {}).get("value"), right.get(name, {}).get("value")
            lower = (right.get(name) or left.get(name))["lower_is_better"]
            diff = vb - va if va is not None and vb is not None else None
            verdict = (
                "" if diff is None else "same" if math.isclose(diff, 0, abs_tol=1e-9) else ("better" if (diff < 0) == lower else "worse")
            )
            rows.append((suite, name, va, vb, diff, verdict))
    return rows


def read_thresholds(path: Path) -> dict[str, dict[str, dict[str, float]]]:
    """A thresholds TOML: `[suite]` tables of `metric = { max = 0.0 }` / `{ min = 0.95 }`."""
    raw = read_toml(path, RunError, "thresholds file")
    for suite, table in raw.items():
        if not isinstance(table, dict):
            raise RunError(f"{path}: [{suite}] must be a table of metric = {{ max = … }} or {{ min = … }}")
        for metric, bound in table.items():
            if not isinstance(bound, dict) or not bound or set(bound) - {"min", "max"}:
                raise RunError(f"{path}: {suite}.{metric} must be {{ max = NUMBER }} and/or {{ min = NUMBER }}, got {bound!r}")
            if not all(isinstance(v, int | float) and not isinstance(v, bool) for v in bound.values()):
                raise RunError(f"{path}: {suite}.{metric}: the bounds must be numbers, got {bound!r}")
    return raw


def gate(run: dict, thresholds: dict) -> list[str]:
    """What in the run is past its threshold (empty: the gate passes). A metric the thresholds name but
    the run lacks, or could not score, fails: a gate must not pass on figures that were not measured."""
    failures = []
    for suite, table in thresholds.items():
        for metric, bound in table.items():
            value = run["suites"].get(suite, {}).get(metric, {}).get("value")
            if value is None:
                failures.append(f"{suite}.{metric}: not measured in this run")
            elif "max" in bound and value > bound["max"]:
                failures.append(f"{suite}.{metric} = {value:.4g} is above its maximum {bound['max']}")
            elif "min" in bound and value < bound["min"]:
                failures.append(f"{suite}.{metric} = {value:.4g} is below its minimum {bound['min']}")
    return failures


def format_value(value: float | None, unit: str = "rate") -> str:
    if value is None:
        return "—"
    if unit == "seconds":
        return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.2f} s"
    if unit == "count":
        return f"{value:g}"
    if unit == "tokens":
        return f"{value:.0f} tokens"
    if unit == "ratio":
        return f"{value:.2f}x"
    return f"{value:.3f}"


def report_markdown(metrics: dict, baseline: dict | None, plots: list[str]) -> str:
    """The run's report: what was run, then one table per suite (with the baseline's value and the change)."""
    lines = ["# Evaluation report", ""]
    for key in ("started", "wall_s", "git_commit", "model", "adapter", "data"):
        if key in metrics:
            lines.append(
                f"- **{key}**: {json.dumps(metrics[key], ensure_ascii=False) if isinstance(metrics[key], dict | list) else metrics[key]}"
            )
    for suite, table in metrics["suites"].items():
        lines += ["", f"## {suite}", ""]
        base = (baseline or {}).get("suites", {}).get(suite, {})
        head = "| metric | value | n |" + (" baseline | change |" if baseline else "")
        lines += [head, "|---|---|---|" + ("---|---|" if baseline else "")]
        for name, m in table.items():
            row = f"| {name} | {format_value(m['value'], m['unit'])} | {m['n']} |"
            if baseline:
                b = base.get(name, {}).get("value")
                change = m["value"] - b if m["value"] is not None and b is not None else None
                row += f" {format_value(b, m['unit'])} | {'—' if change is None else f'{change:+.3f}'} |"
            lines.append(row)
    if plots:
        lines += ["", "## Plots", ""] + [f"![{p}]({p})" for p in plots]
    return "\n".join(lines) + "\n"


def _plots(out: Path, runs: list[SuiteRun], baseline: dict | None) -> list[str]:
    """Metric bars per suite (rates; the baseline beside them when given) and the latency distribution."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    names = []
    for run in runs:
        rates = {k: m.value for k, m in run.metrics.items() if m.unit == "rate" and m.value is not None}
        if rates:
            base = (baseline or {}).get("suites", {}).get(run.suite, {})
            fig, ax = plt.subplots(figsize=(8, 0.32 * len(rates) + 1.2))
            y = range(len(rates))
            ax.barh([i + 0.2 for i in y], list(rates.values()), height=0.4, label="this run")
            if base:
                ax.barh([i - 0.2 for i in y], [base.get(k, {}).get("value") or 0 for k in rates], height=0.4, label="baseline")
                ax.legend(loc="lower right")
            ax.set_yticks(list(y), list(rates))
            ax.set_xlim(0, 1)
            ax.set_title(f"{run.suite}: rates")
            fig.tight_layout()
            names.append(f"{_file_name(run.suite)}_metrics.png")
            fig.savefig(out / names[-1], dpi=100)
            plt.close(fig)
        if run.latencies:
            fig, ax = plt.subplots(figsize=(8, 3.5))
            labels = list(run.latencies)
            ax.boxplot([run.latencies[k] for k in labels], orientation="horizontal")
            ax.set_yticks(range(1, len(labels) + 1), labels)
            ax.set_xlabel("seconds")
            ax.set_title(f"{run.suite}: latency")
            fig.tight_layout()
            names.append(f"{_file_name(run.suite)}_latency.png")
            fig.savefig(out / names[-1], dpi=100)
            plt.close(fig)
    return names


def _file_name(suite: str) -> str:
    """A table's name as a file name: 'assistant[planted, injected_store/mapping.toml]' has a slash."""
    return re.sub(r"[^\w\[\],. -]+", "_", suite)
