"""Benchmark: N concurrent shopper sessions × T turns through the Gradio queue, with isolation checks.

Each session is a gradio_client `Client` with its own account (app.auth = "header": the client sends
the X-Forwarded-User header a reverse proxy would), its own planted marker in its profile (a liked
brand) and in every message, and its own script of real shopper requests. Measured: the turn latency
(send + the transcript refresh, as the page does) p50/p95, the error rate, turns per second, and the
app process's RSS. Checked after the run, per session: the transcript holds exactly its own messages
in order, and neither the transcript nor the exported profile holds another session's marker. With
`--reference`, every session is replayed alone afterwards and its answers must equal the concurrent
ones (same products, same words): nothing of one session changed another's answer.

Backends compared on the same load (`--backends`):
- `llamacpp`: the app's in-process llama.cpp model, one instance behind a lock;
- `server`: the app with llm.backend = "openai" on llama.cpp's own `llama-server` with parallel
  slots (built once from the llama-cpp-python source setup cached, for this CPU).

Run: `.venv/bin/python -m eval.bench_load [--sessions 16] [--turns 20] [--backends llamacpp,server]`.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import re
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Self

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
REQUESTS = ROOT / "eval" / "cases" / "shopper_requests.jsonl"
HEADER = "X-Forwarded-User"
MARKER = re.compile(r"zq\d{2}x")


@dataclass(frozen=True)
class Script:
    """One session's account, planted marker and messages."""

    user: str
    marker: str  # in every message and, as a liked brand, in the profile
    messages: tuple[str, ...]


@dataclass
class SessionRun:
    """What one session saw."""

    script: Script
    latencies_s: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    answers: list[str] = field(default_factory=list)  # the assistant's messages of the final transcript
    users: list[str] = field(default_factory=list)  # the user's messages of the final transcript
    profile: dict = field(default_factory=dict)

    def leaks(self) -> list[str]:
        """Every way this session shows something that is not its own."""
        own = self.script.marker
        found = []
        if self.errors:
            return found  # an unfinished script is counted as an error, not as a leak
        if self.users != [m for m in self.script.messages]:
            found.append(f"{self.script.user}: the transcript's messages are not its own {len(self.script.messages)} in order")
        for where, text in (("transcript", "\n".join(self.users + self.answers)), ("profile", json.dumps(self.profile))):
            others = sorted(set(MARKER.findall(text)) - {own})
            if others:
                found.append(f"{self.script.user}: its {where} shows {', '.join(others)}")
        profile = self.profile.get("profile") or {}
        if self.profile.get("user") != self.script.user or profile.get("liked_brands") != [f"{own}brand"]:
            found.append(f"{self.script.user}: its profile is not its own ({self.profile.get('user')}, {profile.get('liked_brands')})")
        return found


def scripts(sessions: int, turns: int, prefix: str = "load") -> list[Script]:
    """`sessions` scripts of `turns` real shopper messages each (the demo store's request cases, each
    session starting at a different case), with the session's marker in every message."""
    cases = [json.loads(line)["turns"] for line in REQUESTS.read_text(encoding="utf-8").splitlines() if line.strip()]
    pool = [message for case in cases for message in case]
    out = []
    for i in range(sessions):
        marker = f"zq{i:02d}x"
        start = (i * 7) % len(pool)
        messages = tuple(f"{pool[(start + t) % len(pool)]} (ref {marker})" for t in range(turns))
        out.append(Script(f"{prefix}{i:02d}", marker, messages))
    return out


def _texts(chat: list[dict], role: str) -> list[str]:
    """The plain texts of one role's messages in a Gradio chat value."""
    out = []
    for message in chat or []:
        if message.get("role") != role:
            continue
        content = message.get("content")
        parts = content if isinstance(content, list) else [{"text": content}]
        out.append("".join(str(p.get("text", "")) for p in parts if isinstance(p, dict)))
    return out


def _plain(text: str) -> str:
    return html.unescape(re.sub(r"\\(.)", r"\1", text))  # the transcript escapes Markdown and HTML; the script's messages are plain


def run_session(url: str, script: Script, timeout_s: float) -> SessionRun:
    """Sign in, save the marked profile, send every message (each bounded by `timeout_s`), then read
    the final transcript and the exported profile."""
    from gradio_client import Client

    run = SessionRun(script)
    client = Client(url, headers={HEADER: script.user}, verbose=False)
    try:
        client.submit(api_name="/sign_in").result(timeout=timeout_s)
        client.submit(f"{script.marker}brand", "", "", "", "", api_name="/save_profile").result(timeout=timeout_s)
    except Exception as exc:  # noqa: BLE001 - a failed start is this session's error, the others go on
        run.errors.append(f"sign-in: {type(exc).__name__}: {exc}")
        return run
    chat: list = []
    for message in script.messages:
        start = time.perf_counter()
        try:
            client.submit(message, chat, api_name="/send").result(timeout=timeout_s)
            chat = client.submit(api_name="/transcript").result(timeout=timeout_s)
        except Exception as exc:  # noqa: BLE001 - counted; the session goes on with its next message
            run.errors.append(f"turn: {type(exc).__name__}: {exc}")
        run.latencies_s.append(time.perf_counter() - start)
    run.users = [_plain(t) for t in _texts(chat, "user")]
    run.answers = _texts(chat, "assistant")
    try:
        exported = client.submit(api_name="/export_profile").result(timeout=timeout_s)
        run.profile = json.loads(Path(exported).read_text(encoding="utf-8"))
    except Exception as exc:  # noqa: BLE001
        run.errors.append(f"export: {type(exc).__name__}: {exc}")
    return run


class PeakRSS:
    """Samples a process's resident memory every 0.2 s while running (MB)."""

    def __init__(self, pid: int):
        import psutil

        self.process, self.start_mb, self.peak_mb = psutil.Process(pid), 0.0, 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _mb(self) -> float:
        return self.process.memory_info().rss / 2**20

    def _sample(self) -> None:
        while not self._stop.wait(0.2):
            self.peak_mb = max(self.peak_mb, self._mb())

    def __enter__(self) -> Self:
        self.start_mb = self.peak_mb = self._mb()
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self.end_mb = self._mb()


def run_load(url: str, plan: list[Script], timeout_s: float, pid: int | None = None) -> dict:
    """All sessions at once (one thread each); the figures and every leak found."""
    rss = PeakRSS(pid or os.getpid())
    with rss, ThreadPoolExecutor(len(plan)) as pool:
        start = time.perf_counter()
        runs = list(pool.map(lambda s: run_session(url, s, timeout_s), plan))
        wall = time.perf_counter() - start
    latencies = np.array([x for r in runs for x in r.latencies_s]) * 1000
    turns = sum(len(s.messages) for s in plan)
    errors = [e for r in runs for e in r.errors]
    return {
        "sessions": len(plan),
        "turns": turns,
        "errors": len(errors),
        "error_rate": len(errors) / turns,
        "error_examples": errors[:5],
        "p50_ms": float(np.percentile(latencies, 50)) if latencies.size else None,
        "p95_ms": float(np.percentile(latencies, 95)) if latencies.size else None,
        "max_ms": float(latencies.max()) if latencies.size else None,
        "wall_s": wall,
        "turns_per_s": turns / wall,
        "degraded": sum("did not answer just now" in a for r in runs for a in r.answers),
        "rss_start_mb": rss.start_mb,
        "rss_peak_mb": rss.peak_mb,
        "rss_end_mb": rss.end_mb,
        "leaks": [leak for r in runs for leak in r.leaks()],
        "runs": runs,
    }


def replay_differences(url: str, concurrent: list[SessionRun], timeout_s: float) -> list[str]:
    """Replay each session alone, as a fresh account with the same profile and messages; every
    answer that differs from the concurrent run's (None found means no session changed another's)."""
    found = []
    for run in concurrent:
        script = run.script
        alone = run_session(url, Script(script.user + "r", script.marker, script.messages), timeout_s)
        if alone.errors:
            found.append(f"{script.user}: the replay failed ({alone.errors[0]})")
        for t, (a, b) in enumerate(zip(run.answers, alone.answers, strict=False), 1):
            if a != b:
                found.append(f"{script.user} turn {t}: {a[:80]!r} concurrently, {b[:80]!r} alone")
    return found


def summary(name: str, result: dict) -> str:
    """One table row."""
    return (
        f"{name:<28} {result['turns']:>5} {result['errors']:>6} {result['p50_ms']:>9.0f} {result['p95_ms']:>9.0f} "
        f"{result['turns_per_s']:>7.2f} {result['rss_peak_mb']:>8.0f} {len(result['leaks']):>5} {result['degraded']:>8}"
    )


def app_options(data: Path, backend: str, base_url: str = "") -> list[str]:
    """The app's settings for one backend: header accounts, its own profile store, the base model
    (the server is given no adapter, so the in-process side serves none either)."""
    values = [
        f"paths.data_dir={json.dumps(str(data))}",
        'app.auth="header"',
        f"assistant.profiles={json.dumps(str(data / f'profiles-{backend}.sqlite'))}",
        "llm.shipped_adapters=false",
        "support.model_drafts=false",
    ]
    if backend == "llamacpp":
        values.append('llm.backend="llamacpp"')
    else:
        values += ['llm.backend="openai"', f"llm.base_url={json.dumps(base_url)}", "llm.timeout_s=120.0"]
    return [part for value in values for part in ("--set", value)]


def llama_server_command(model: Path, port: int, slots: int, context: int) -> list[str]:
    """llama.cpp's server for this CPU (compiled once into the cache) with `slots` parallel slots of
    `context` tokens each."""
    from runtime.llama_build import build_server, cpu_flags, plan

    binary = build_server(plan("cpu", cpu_flags()), sys.executable, Path(tempfile.gettempdir()) / "llama-server-build.log")
    threads = str(os.cpu_count() or 1)
    command = [str(binary), "-m", str(model), "--host", "127.0.0.1", "--port", str(port), "--parallel", str(slots)]
    return [*command, "-c", str(context * slots), "-t", threads, "-tb", threads, "--no-webui"]


def run_backend(backend: str, data: Path, plan: list[Script], args, base_url: str = "") -> dict:
    """Start the app on `backend`, run the load (and the replay), stop the app."""
    from eval.servers import free_port, loopback_server

    port = free_port()
    command = [sys.executable, str(ROOT / "app.py"), "--port", str(port), *app_options(data, backend, base_url)]
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "GRADIO_ANALYTICS_ENABLED": "False"}
    with loopback_server(command, port, data / f"app-{backend}.log", timeout_s=600, env=env) as proc:
        url = f"http://127.0.0.1:{port}/"
        run_session(url, Script(f"warm{backend}", "zq99x", plan[0].messages[:1]), args.timeout)  # model loaded, caches warm
        result = run_load(url, plan, args.timeout, proc.pid)
        result["replay_differences"] = replay_differences(url, result["runs"], args.timeout) if args.reference else None
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=16)
    parser.add_argument("--turns", type=int, default=20)
    parser.add_argument("--backends", default="llamacpp,server")
    parser.add_argument("--slots", type=int, default=4, help="llama-server parallel slots (the app's queue runs 4 events at once)")
    parser.add_argument("--timeout", type=float, default=180.0, help="seconds one call may take before it counts as an error")
    parser.add_argument("--reference", action="store_true", help="replay each session alone and compare its answers")
    parser.add_argument("--out", type=Path, help="write the figures as JSON here")
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from eval.servers import free_port, loopback_server
    from runtime.model_files import default_gguf, requantized

    plan = scripts(args.sessions, args.turns)
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp)
        for backend in args.backends.split(","):
            print(f"running {backend}: {args.sessions} sessions x {args.turns} turns ...", flush=True)
            if backend == "llamacpp":
                results[backend] = run_backend(backend, data, plan, args)
                continue
            model = requantized(default_gguf(), "q8_0", data / "models")  # the file the in-process backend serves
            port = free_port()
            with loopback_server(llama_server_command(model, port, args.slots, 4096), port, data / "llama-server.log", 300):
                results[f"server x{args.slots}"] = run_backend(backend, data, plan, args, f"http://127.0.0.1:{port}/v1")
    print(
        f"\n{'backend':<28} {'turns':>5} {'errors':>6} {'p50 ms':>9} {'p95 ms':>9} {'turns/s':>7} {'peak MB':>8} {'leaks':>5} {'degraded':>8}"
    )
    for name, result in results.items():
        print(summary(name, result))
        for line in result["leaks"] + (result["replay_differences"] or []) + result["error_examples"]:
            print(f"    {line}")
    if args.out:
        rows = {name: {k: v for k, v in r.items() if k != "runs"} for name, r in results.items()}
        args.out.write_text(json.dumps(rows, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
