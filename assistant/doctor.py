"""`shopassist doctor`: what this installation runs on, and whether it works.

Reports the backend `llm.backend` resolves to (and why), the llama.cpp build installed here (its
options, the CPU it was built on, whether this CPU has what it needs), this CPU's SIMD flags, the
model files with their checksums, and the smoke check of assistant/probe.py run in a child
process with a tokens/s figure, so a crash is a report and not a dead terminal.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import sys
from dataclasses import dataclass
from pathlib import Path

from assistant import probe
from assistant.builders import resolve_backend, source_gguf
from assistant.config import Config
from runtime import llama_build
from runtime.base import LLMError


@dataclass(frozen=True)
class ModelFile:
    role: str  # "llm" or "embedder"
    path: str
    size_mb: float
    sha256: str  # of the file, or "" when it is missing


@dataclass(frozen=True)
class Diagnosis:
    ok: bool
    backend: str  # what llm.backend resolves to here
    backend_reason: str
    cpu_model: str
    simd_flags: tuple[str, ...]
    llama_cpp_version: str  # "" when not installed
    build: dict  # setup's record of the installed build ({} when installed another way)
    build_missing_flags: tuple[str, ...]  # flags the installed build needs that this CPU lacks
    models: tuple[ModelFile, ...]
    checks: dict[str, probe.ProbeResult]  # "llm", "embedder"


def diagnose(config: Config, speed_tokens: int = 64) -> Diagnosis:
    """Everything `shopassist doctor` prints, checks included (each in a child process)."""
    flags = llama_build.cpu_flags()
    backend, reason = resolve_backend(config.llm.backend)
    try:
        version = importlib.metadata.version("llama-cpp-python")
    except importlib.metadata.PackageNotFoundError:
        version = ""
    record = llama_build.read_record(Path(sys.prefix)) or {}
    missing = tuple(sorted(set(record.get("required_flags", [])) - flags))
    checks = {}
    if backend in ("llamacpp", "transformers") and not missing:
        checks["llm"] = probe.run_probe(
            ("llm",), backend=backend, speed_tokens=speed_tokens if backend == "llamacpp" else 0, data_dir=config.paths.data_dir
        )
    checks["embedder"] = probe.run_probe(("embedder",))
    ok = all(c.ok for c in checks.values()) and not missing
    return Diagnosis(
        ok,
        backend,
        reason,
        llama_build.cpu_model(),
        tuple(sorted(flags & llama_build.RELEVANT)),
        version,
        record,
        missing,
        _model_files(config),
        checks,
    )


def _model_files(config: Config) -> tuple[ModelFile, ...]:
    from retrieval.embedder import EmbedderError, default_model_path
    from runtime.model_files import adapter_weights

    files = []
    try:
        llm = source_gguf(config.llm)
        files.append(_file("llm", llm))
    except LLMError as exc:
        files.append(ModelFile("llm", str(exc), 0.0, ""))
    for task, path in config.llm.adapter_paths().items():  # each task's LoRA adapter, the shipped ones included
        files.append(_file(f"adapter:{task}", adapter_weights(Path(path))))
    try:
        folder = Path(config.embedder.model) if config.embedder.model else default_model_path()
        weights = sorted(folder.glob("*.safetensors")) or sorted(folder.glob("*.bin"))
        files += [_file("embedder", w) for w in weights] or [ModelFile("embedder", f"{folder} (no weights file found)", 0.0, "")]
    except EmbedderError as exc:
        files.append(ModelFile("embedder", str(exc), 0.0, ""))
    return tuple(files)


def _file(role: str, path: Path) -> ModelFile:
    if not path.is_file():
        return ModelFile(role, f"{path} (missing)", 0.0, "")
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return ModelFile(role, str(path), round(path.stat().st_size / 1e6, 1), digest.hexdigest())


def report_text(d: Diagnosis) -> str:
    """The diagnosis for a terminal."""
    lines = [
        f"backend:   {d.backend} ({d.backend_reason})",
        f"CPU:       {d.cpu_model}",
        f"SIMD:      {' '.join(d.simd_flags) or 'none found'}",
    ]
    if d.llama_cpp_version:
        build = d.build
        if build:
            lines.append(
                f"llama.cpp: llama-cpp-python {d.llama_cpp_version}, {build.get('tier')} build made by scripts/setup.py on {build.get('cpu_model')}"
            )
            lines.append(f"           CMAKE_ARGS={build.get('cmake_args')}")
        else:
            lines.append(f"llama.cpp: llama-cpp-python {d.llama_cpp_version}, installed without scripts/setup.py (build options unknown)")
        if d.build_missing_flags:
            lines.append(
                f"           NOT RUNNABLE HERE: built for {' '.join(d.build_missing_flags)}, which this CPU lacks; re-run `make setup`"
            )
    else:
        lines.append("llama.cpp: not installed (scripts/setup.py builds it for this CPU)")
    for f in d.models:
        lines.append(f"model:     {f.role:<8} {f.path}" + (f" ({f.size_mb} MB, sha256 {f.sha256})" if f.sha256 else ""))
    for name, check in d.checks.items():
        lines.append(f"check:     {name:<8} {'ok' if check.ok else 'FAILED'}: {check.message}")
    llm = d.checks.get("llm")
    if llm and llm.ok:
        info = llm.details["llm"]
        lines.append(f"answer:    {info['text'].strip()!r} (load {info['load_s']} s, {info['generate_s']} s for the answer)")
        if "decode_tok_s" in info:
            lines.append(
                f"speed:     prompt {info['prompt_tok_s']} tokens/s ({info['prompt_tokens']} tokens), decode {info['decode_tok_s']} tokens/s "
                f"({info['decode_tokens']} tokens, {info['threads']} threads)"
            )
        if info.get("system_info"):
            lines.append(f"kernels:   {info['system_info']}")
    lines.append("status:    ok" if d.ok else "status:    PROBLEMS FOUND (see above)")
    return "\n".join(lines)


def report_json(d: Diagnosis) -> dict:
    """The diagnosis as JSON-ready values."""
    return {
        "ok": d.ok,
        "backend": d.backend,
        "backend_reason": d.backend_reason,
        "cpu_model": d.cpu_model,
        "simd_flags": list(d.simd_flags),
        "llama_cpp_version": d.llama_cpp_version,
        "build": d.build,
        "build_missing_flags": list(d.build_missing_flags),
        "models": [f.__dict__ for f in d.models],
        "checks": {k: {"ok": c.ok, "message": c.message, "details": c.details} for k, c in d.checks.items()},
    }
