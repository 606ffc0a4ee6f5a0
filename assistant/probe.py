"""The smoke check of the native parts, run in a child process: generate a few tokens with the
packaged GGUF and embed one sentence with the packaged MiniLM.

A llama.cpp built for the wrong CPU dies with SIGSEGV or SIGILL inside decode; in a child that is a
message ("llama.cpp crashed with SIGSEGV … on a CPU with amx_int8 …"), not a dead interpreter.
Setup runs it after installing, `shopassist doctor` runs it for users, and the tests run it before
loading llama.cpp in-process. The parent side uses only the standard library (setup imports it
before the venv has the project); the child side imports the heavy packages.

    python -m assistant.probe --child llm,embedder [--backend llamacpp] [--speed-tokens 64]
"""

from __future__ import annotations

import argparse
import json
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from runtime.llama_build import RELEVANT, cpu_flags, cpu_model

QUESTION = "What is the capital of France? Answer in one word."
ANSWER = "paris"  # greedy SmolLM2-135M-Instruct says "Paris" on every kernel seen; garbage does not
SIMILAR = ("running shoes for a marathon", "lightweight sneakers for jogging")
UNRELATED = "a ceramic mug for espresso"
PARTS = ("llm", "embedder")


@dataclass(frozen=True)
class ProbeResult:
    """What the child did: ok, or one paragraph saying what failed, where, and on which CPU."""

    ok: bool
    message: str
    details: dict = field(default_factory=dict)  # the child's report (text, tokens/s, llama.cpp system info, ...)


def run_probe(
    parts: tuple[str, ...] = PARTS,
    python: str = sys.executable,
    backend: str = "llamacpp",
    tokens: int = 8,
    speed_tokens: int = 0,
    timeout_s: float = 300,
    data_dir: str = ".shopassist",
    env: dict | None = None,
    cwd: str | None = None,
) -> ProbeResult:
    """Run the child and judge what it printed; never raises for a crash, a hang or garbage."""
    command = [
        python,
        "-m",
        "assistant.probe",
        "--child",
        ",".join(parts),
        "--backend",
        backend,
        "--tokens",
        str(tokens),
        "--speed-tokens",
        str(speed_tokens),
        "--data-dir",
        data_dir,
    ]
    what = _what(parts, backend, tokens)
    started = time.monotonic()
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout_s, env=env, cwd=cwd, check=False)
    except subprocess.TimeoutExpired:
        return ProbeResult(False, f"{what} did not finish within {timeout_s:.0f} s (hung). {cpu_line()}")
    except OSError as exc:
        return ProbeResult(False, f"could not start {python} to check {what}: {exc}")
    elapsed = time.monotonic() - started
    if done.returncode < 0:
        name = signal.Signals(-done.returncode).name
        meaning = {
            "SIGSEGV": "segmentation fault",
            "SIGILL": "illegal instruction: code built for a CPU feature this one lacks",
            "SIGBUS": "bus error",
            "SIGABRT": "aborted",
            "SIGKILL": "killed, possibly out of memory",
        }.get(name, "killed by a signal")
        return ProbeResult(False, f"{what} crashed with {name} ({meaning}). {cpu_line()}{_stage(done.stderr)}", {"signal": name})
    report = _last_json(done.stdout)
    if done.returncode != 0 or report is None:
        tail = (done.stderr.strip().splitlines() or ["no output"])[-1][:300]
        return ProbeResult(False, f"{what} failed (exit {done.returncode}): {tail}. {cpu_line()}", {"exit": done.returncode})
    report["probe_s"] = round(elapsed, 2)
    problems = judge(report, parts, backend)
    if problems:
        return ProbeResult(False, f"{what} returned garbage: {'; '.join(problems)}. {cpu_line()}", report)
    return ProbeResult(True, f"{what}: ok", report)


def judge(report: dict, parts: tuple[str, ...], backend: str) -> list[str]:
    """What is wrong with the child's answers (empty when they are right)."""
    problems = []
    if "llm" in parts:
        text = str(report.get("llm", {}).get("text", ""))
        if ANSWER not in text.lower():
            problems.append(f"the model was asked {QUESTION!r} and answered {text[:80]!r} (expected Paris)")
    if "embedder" in parts:
        emb = report.get("embedder", {})
        if not emb.get("finite") or abs(emb.get("norm", 0) - 1) > 1e-3 or not emb.get("similar", 0) > emb.get("unrelated", 1):
            problems.append(f"MiniLM embeddings are not sane ({json.dumps(emb)})")
    return problems


def cpu_line() -> str:
    """'CPU: <model>; flags: avx2 avx512f … amx_int8' (the flags that decide which kernels run)."""
    flags = sorted(cpu_flags() & RELEVANT)
    return f"CPU: {cpu_model()}; SIMD flags: {' '.join(flags) or 'none found'}."


def _what(parts: tuple[str, ...], backend: str, tokens: int) -> str:
    names = {
        "llm": f"generating {tokens} tokens with the packaged GGUF ({backend})",
        "embedder": "embedding a sentence with the packaged MiniLM",
    }
    text = " and ".join(names[p] for p in parts)
    return text[0].upper() + text[1:]


def _stage(stderr: str) -> str:
    """Where the child was when it died (it writes 'stage: …' lines to stderr)."""
    stages = [line.removeprefix("stage: ") for line in stderr.splitlines() if line.startswith("stage: ")]
    return f" It died while {stages[-1]}." if stages else ""


def _last_json(stdout: str) -> dict | None:
    for line in reversed(stdout.strip().splitlines()):
        try:
            value = json.loads(line)
        except json.JSONDecodeError:
            continue
        return value if isinstance(value, dict) else None
    return None


# --- the child ------------------------------------------------------------------------------------


def _child(parts: tuple[str, ...], backend: str, tokens: int, speed_tokens: int, data_dir: str) -> dict:
    report: dict = {"python": sys.executable}
    if "llm" in parts:
        report["llm"] = _llm(backend, tokens, speed_tokens, data_dir)
    if "embedder" in parts:
        report["embedder"] = _embedder()
    return report


def _say(stage: str) -> None:
    print(f"stage: {stage}", file=sys.stderr, flush=True)


def _llm(backend: str, tokens: int, speed_tokens: int, data_dir: str) -> dict:
    from assistant.builders import build_generator
    from assistant.config import load_config
    from runtime.base import GenerationParams, Message

    config = load_config(None, [f"llm.backend={backend}", "llm.context_length=512", f"paths.data_dir={json.dumps(data_dir)}"])
    _say(f"loading the model ({backend})")
    started = time.monotonic()
    generator = build_generator(config)
    load_s = time.monotonic() - started
    _say(f"generating {tokens} tokens ({backend})")
    started = time.monotonic()
    text = generator.generate([Message("user", QUESTION)], GenerationParams(max_new_tokens=tokens))
    out = {
        "backend": backend,
        "model": generator.name,
        "text": text,
        "load_s": round(load_s, 2),
        "generate_s": round(time.monotonic() - started, 2),
    }
    if backend == "llamacpp":
        import llama_cpp

        out["llama_cpp_version"] = llama_cpp.__version__
        out["system_info"] = llama_cpp.llama_print_system_info().decode(errors="replace").strip()
        if speed_tokens:
            _say(f"timing {speed_tokens} decode tokens")
            out.update(_speed(llama_cpp, generator.model_path, generator.threads, speed_tokens))
    return out


def _speed(llama_cpp, model_path: Path, threads: int, n: int) -> dict:
    """Prompt and decode tokens/s of raw llama.cpp on this build (greedy, end of text ignored)."""
    prompt_text = "Shoppers ask for running shoes, headphones and coffee mugs under a budget. " * 12
    llm = llama_cpp.Llama(model_path=str(model_path), n_ctx=256 + n + 16, n_threads=threads, n_threads_batch=threads, seed=0, verbose=False)
    prompt = llm.tokenize(prompt_text.encode(), add_bos=True)
    started = time.monotonic()
    for produced, _token in enumerate(llm.generate(prompt, temp=0.0), 1):  # the first token comes after the prompt is read
        if produced == 1:
            first = time.monotonic()
        if produced == n + 1:
            break
    done = time.monotonic()
    return {
        "threads": threads,
        "prompt_tokens": len(prompt),
        "prompt_tok_s": round(len(prompt) / (first - started), 1),
        "decode_tokens": n,
        "decode_tok_s": round(n / (done - first), 1),
    }


def _embedder() -> dict:
    import numpy as np

    from assistant.builders import build_embedder
    from assistant.config import load_config

    _say("loading the packaged MiniLM")
    embedder = build_embedder(load_config())
    _say("embedding sentences")
    a, b, c = embedder.embed_documents([*SIMILAR, UNRELATED])
    return {
        "model": embedder.model_id,
        "dim": len(a),
        "finite": bool(np.isfinite([a, b, c]).all()),
        "norm": round(float(np.linalg.norm(a)), 6),
        "similar": round(float(a @ b), 4),
        "unrelated": round(float(a @ c), 4),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m assistant.probe", description="Smoke check of the native parts (child side).")
    parser.add_argument("--child", required=True, help="comma-separated parts: llm, embedder")
    parser.add_argument("--backend", default="llamacpp")
    parser.add_argument("--tokens", type=int, default=8)
    parser.add_argument("--speed-tokens", type=int, default=0)
    parser.add_argument("--data-dir", default=".shopassist", help="where the transformers backend caches its converted model")
    args = parser.parse_args(argv)
    parts = tuple(p for p in args.child.split(",") if p)
    unknown = [p for p in parts if p not in PARTS]
    if unknown:
        parser.error(f"unknown part(s) {unknown}; use {', '.join(PARTS)}")
    print(json.dumps(_child(parts, args.backend, args.tokens, args.speed_tokens, args.data_dir)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
