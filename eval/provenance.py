"""What a run ran on, for metrics.json: the code's commit, the model file and the adapters with their
checksums, and the checksum of each data file read."""

from __future__ import annotations

import hashlib
import subprocess
from pathlib import Path

from assistant.config import Config
from runtime.model_files import adapter_weights

ROOT = Path(__file__).resolve().parent.parent


def adapters_of(config: Config) -> list[dict]:
    """The configured adapters (each serves its task's requests) with the checksum of their weights."""
    found = []
    for name, path in config.llm.adapter_paths().items():
        weights = adapter_weights(Path(path))
        found.append({"name": name, "path": path, "sha256": sha256_of(weights) if weights.is_file() else None})
    return found


def sha256_of(path: Path) -> str:
    """The first 16 hex digits of a file's SHA-256."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:16]


def git_commit() -> str | None:
    """The checkout's commit, "+changes" when the tree differs from it; None outside git."""
    try:
        done = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "HEAD"], capture_output=True, text=True, timeout=10, check=False)
    except OSError:
        return None
    dirty = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain"], capture_output=True, text=True, timeout=10, check=False)
    return (done.stdout.strip() + ("+changes" if dirty.stdout.strip() else "")) or None


def model_of(generator) -> dict:
    """The model under test: its name and, for a local file, its checksum."""
    from runtime.model_files import file_hash

    if generator is None:
        return {}
    path = getattr(generator, "model_path", None)
    return {"name": generator.name, **({"file": Path(path).name, "sha256": file_hash(Path(path))} if path else {})}
