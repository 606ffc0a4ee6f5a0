"""`shopassist eval run` and `shopassist eval compare`: the harness's command line (the parser is
assistant/cli.py's, which hands these two commands here)."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from pathlib import Path

from assistant.config import Config
from eval import harness, runs


def run_command(config: Config, args: argparse.Namespace) -> int:
    """Run the suites, write the run folder, print the figures; 1 when the gate fails."""
    suites = tuple(s.strip() for s in args.suite.split(",") if s.strip())
    unknown = [s for s in suites if s not in harness.SUITES]
    if unknown or not suites:
        raise runs.RunError(f"--suite: unknown suite(s) {unknown or args.suite!r}; available: {', '.join(harness.SUITES)}")
    if args.workers < 1:
        raise runs.RunError(f"--workers {args.workers}: give 1 or more (cases asked at once)")
    config = harness.with_adapters(config, args.adapter)
    options = harness.RunOptions(
        suites=suites,
        data=tuple(args.data),
        catalog=args.eval_catalog,
        limit=args.limit,
        quick=args.quick,
        workers=args.workers,
        repeat=args.repeat if args.repeat is not None else 3 if args.quick else 10,
    )
    thresholds = runs.read_thresholds(args.gate) if args.gate else None  # a bad file fails before the run, not after
    baseline = runs.load_run(args.baseline) if args.baseline else None
    total = 0
    for suite in suites:  # every data file is read (and refused with its line) before any model loads
        if suite == "shopbench":
            total += len(harness.load_items(options, harness.data_files(options, suite, config)))
            continue
        if suite == "product_qa":
            total += len(harness.load_questions(options, harness.data_files(options, suite, config))[0])
            continue
        if suite == "support":
            loaded = harness.load_support(options, harness.data_files(options, suite, config))
            total += sum(harness.support_count(path, data) for path, data in loaded)
            continue
        if suite == "assist":
            files = harness.data_files(options, suite, config)
            total += harness.assist_suite.count_cases(files, harness.assist_suite.case_limit(options.limit, options.quick))
            continue
        if suite == "latency":
            queries = harness.load_queries(options, harness.data_files(options, suite, config))
            total += max(0, len(queries) - harness.latency_suite.WARM_UP)
            continue
        cases = [c for _, cs in harness.load_cases(options, suite) for c in cs]
        harness.check_catalogs(config, cases, options.catalog)
        total += len(cases)
    out = args.out or Path(config.paths.data_dir) / "eval-runs" / datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    progress = _progress(total, args.quiet)
    suite_runs, info = harness.run(config, options, lambda case: progress(case.id), progress)
    report = runs.write_run(Path(out), suite_runs, info, baseline)
    print(f"\n{info['wall_s']:.0f} s in all")
    for run in suite_runs:
        print(f"\n{run.suite}" + (f" ({len(run.cases)} cases)" if run.cases else ""))
        for name, metric in run.metrics.items():
            print(f"  {name:<28} {runs.format_value(metric.value, metric.unit):>10}   n={metric.n}")
    print(f"\nrun folder: {out}  (report: {report})")
    return _gate(runs.load_run(Path(out)), thresholds) if thresholds else 0


def compare_command(config: Config, args: argparse.Namespace) -> int:
    """Print the table of differences between two runs; 1 when the gate fails on the second."""
    a, b = runs.load_run(args.run_a), runs.load_run(args.run_b)
    thresholds = runs.read_thresholds(args.gate) if args.gate else None
    print(f"{'suite':<10} {'metric':<28} {'A':>10} {'B':>10} {'B - A':>10}")
    for suite, name, va, vb, diff, verdict in runs.compare(a, b):
        unit = (b["suites"].get(suite, {}).get(name) or a["suites"][suite][name])["unit"]
        change = "" if diff is None else f"{diff:+.3f}"
        print(f"{suite:<10} {name:<28} {runs.format_value(va, unit):>10} {runs.format_value(vb, unit):>10} {change:>10} {verdict}")
    return _gate(b, thresholds) if thresholds else 0


def _gate(run: dict, thresholds: dict) -> int:
    failures = runs.gate(run, thresholds)
    for failure in failures:
        print(f"gate: {failure}", file=sys.stderr)
    print("gate: passed" if not failures else f"gate: FAILED ({len(failures)})", file=sys.stderr)
    return 1 if failures else 0


def _progress(total: int, quiet: bool):
    if quiet:
        return lambda label: None
    from tqdm import tqdm

    bar = tqdm(total=total, unit="case", file=sys.stderr, dynamic_ncols=True)

    def advance(label: str) -> None:
        bar.set_postfix_str(label[:30], refresh=False)
        bar.update(1)
        if bar.n >= total:
            bar.close()

    return advance
