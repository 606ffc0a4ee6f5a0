"""`shopassist doctor` on this installation: it reports the build, the CPU, the model checksums and a
tokens/s figure from a child process, and says so (exit 1) when the installed build cannot run here."""

from __future__ import annotations

import json
import re
import sys

import pytest

from assistant.cli import main
from assistant.config import shipped_adapters
from runtime import llama_build

pytestmark = pytest.mark.slow


def test_doctor_reports_a_working_installation(llama_cpp, capsys, tmp_path):
    code = main(["doctor", "--json", "--speed-tokens", "16", "--set", f"paths.data_dir={json.dumps(str(tmp_path))}"])
    report = json.loads(capsys.readouterr().out)
    assert code == 0 and report["ok"] and report["checks"]["llm"]["ok"] and report["checks"]["embedder"]["ok"], report
    llm = report["checks"]["llm"]["details"]["llm"]
    assert "paris" in llm["text"].lower() and llm["decode_tok_s"] > 0 and llm["prompt_tok_s"] > 0 and "AVX" in llm["system_info"]
    shipped = {f"adapter:{task}" for task in shipped_adapters()}
    assert {m["role"] for m in report["models"]} == {"llm", "embedder", *shipped} and all(
        re.fullmatch(r"[0-9a-f]{64}", m["sha256"]) for m in report["models"]
    )
    assert report["llama_cpp_version"] == llama_cpp.__version__ and set(report["simd_flags"]) <= llama_build.RELEVANT


def test_doctor_flags_a_build_this_cpu_cannot_run(monkeypatch, tmp_path, capsys):
    llama_build.write_record(
        tmp_path,
        {
            "backend": "llamacpp",
            "tier": "native",
            "required_flags": ["avx2", "amx_imaginary"],
            "cmake_args": "-DGGML_NATIVE=ON",
            "cpu_model": "another machine",
        },
    )
    monkeypatch.setattr(sys, "prefix", str(tmp_path))
    code = main(["doctor"])
    out = capsys.readouterr().out
    assert (
        code == 1 and "NOT RUNNABLE HERE: built for amx_imaginary" in out and "backend:   transformers" in out and "PROBLEMS FOUND" in out
    )
