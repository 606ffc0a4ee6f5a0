"""Benchmark: llama.cpp builds side by side on this CPU — the project's portable "cpu" build
(GGML_NATIVE=OFF, each instruction set named, AMX off), the "safe" fallback (AVX2 at most) and
upstream's native default (-march=native) — in one run.

Each build is compiled (or taken from the wheel cache: runtime/llama_build.py), unpacked into
its own folder, and timed by the smoke check's child process (assistant/probe.py) with that
folder first on PYTHONPATH: prompt processing of 194 tokens and greedy decoding of --tokens tokens
with the packaged SmolLM2-135M Q4_1, 2 threads. Rounds alternate the builds, so machine noise
falls on all of them; the medians are reported with the ratio to native.

Run: `.venv/bin/python -m eval.bench_llama_build [--rounds 5] [--tokens 128] [--tiers cpu,safe,native]`
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from assistant.probe import run_probe
from runtime import llama_build


def unpack(wheel: Path, folder: Path) -> Path:
    """The wheel installed (without dependencies) into its own folder, to put first on PYTHONPATH."""
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-compile", "--target", str(folder), str(wheel)],
        check=True,
        capture_output=True,
    )
    return folder


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--tokens", type=int, default=128, help="decode tokens timed per round")
    parser.add_argument("--tiers", default="cpu,safe,native")
    args = parser.parse_args(argv)
    flags = llama_build.cpu_flags()
    tiers = [t for t in args.tiers.split(",") if t]
    print(f"CPU: {llama_build.cpu_model()}; SIMD flags: {' '.join(sorted(flags & llama_build.RELEVANT))}")
    folders, builds = {}, {}
    with tempfile.TemporaryDirectory(prefix="bench-llama-") as tmp:
        for tier in tiers:
            build = llama_build.plan(tier, flags)
            started = time.monotonic()
            cached = llama_build.cached_wheel(build) is not None
            wheel = llama_build.build_wheel(build, sys.executable, Path(tmp) / "build.log")
            print(
                f"{tier:>6}: {build.summary()} — {'cached wheel' if cached else f'compiled in {time.monotonic() - started:.0f} s'}",
                flush=True,
            )
            folders[tier], builds[tier] = unpack(wheel, Path(tmp) / tier), build
        runs: dict[str, list[dict]] = {tier: [] for tier in tiers}
        for round_ in range(args.rounds):
            for tier in tiers if round_ % 2 == 0 else reversed(tiers):
                env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(folders[tier]), os.environ.get("PYTHONPATH", "")])}
                result = run_probe(("llm",), speed_tokens=args.tokens, env=env, data_dir=str(Path(tmp) / "data"))
                if not result.ok:
                    print(f"{tier}: {result.message}")
                    return 1
                runs[tier].append(result.details["llm"])
            print(f"round {round_ + 1}/{args.rounds} done", flush=True)
    native = runs.get("native")
    print(f"\n{args.rounds} rounds, medians (decode: {args.tokens} tokens, greedy; prompt: 194 tokens)\n")
    print("| build | options | prompt tokens/s | decode tokens/s | vs native (prompt / decode) |")
    print("|---|---|---|---|---|")

    def median(tier: str, key: str) -> float:
        return statistics.median(r[key] for r in runs[tier])

    for tier in tiers:
        prompt, decode = median(tier, "prompt_tok_s"), median(tier, "decode_tok_s")
        ratio = f"{prompt / median('native', 'prompt_tok_s'):.2f}× / {decode / median('native', 'decode_tok_s'):.2f}×" if native else "—"
        print(f"| {tier} | {builds[tier].summary()} | {prompt:.1f} | {decode:.1f} | {ratio} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
