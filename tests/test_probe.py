"""The child-process smoke check (assistant/probe.py): a crash, a hang, an error or garbage in
the child becomes one paragraph naming the signal and the CPU; the parent never dies."""

from __future__ import annotations

import json
import stat
import sys

import pytest

from assistant.probe import judge, run_probe

GOOD = {"llm": {"text": "The capital of France is Paris."}, "embedder": {"finite": True, "norm": 1.0, "similar": 0.7, "unrelated": 0.1}}


def fake_python(tmp_path, body: str) -> str:
    """A stand-in for the venv's python: a shell script that behaves like a child would."""
    path = tmp_path / "python"
    path.write_text(f"#!/bin/sh\n{body}\n")
    path.chmod(path.stat().st_mode | stat.S_IEXEC)
    return str(path)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("echo 'stage: generating 8 tokens (llamacpp)' >&2; kill -SEGV $$", "crashed with SIGSEGV (segmentation fault)"),
        ("kill -ILL $$", "crashed with SIGILL (illegal instruction: code built for a CPU feature this one lacks)"),
        ("echo 'ImportError: libllama.so: cannot open shared object file' >&2; exit 1", "failed (exit 1): ImportError: libllama.so"),
        ("echo not json", "failed (exit 0): no output"),
        ('echo \'{"llm": {"text": "####!!!!"}}\'', "returned garbage: the model was asked"),
        ("exec sleep 5", "did not finish within 1 s (hung)"),
    ],
)
def test_child_failures_become_one_paragraph(tmp_path, body, expected):
    result = run_probe(("llm",), python=fake_python(tmp_path, body), timeout_s=1)
    assert not result.ok and expected in result.message and "SIMD flags:" in result.message and "\n" not in result.message


def test_the_stage_where_the_child_died_is_named(tmp_path):
    result = run_probe(("llm",), python=fake_python(tmp_path, "echo 'stage: loading the model (llamacpp)' >&2; kill -SEGV $$"))
    assert "It died while loading the model (llamacpp)." in result.message and result.details == {"signal": "SIGSEGV"}


def test_a_good_report_passes(tmp_path):
    result = run_probe(("llm", "embedder"), python=fake_python(tmp_path, f"echo 'noise'; echo '{json.dumps(GOOD)}'"))
    assert result.ok and result.details["llm"]["text"].endswith("Paris.") and result.message.endswith(": ok")


def test_judge_checks_the_answer_and_the_embeddings():
    assert judge(GOOD, ("llm", "embedder"), "llamacpp") == []
    assert "expected Paris" in judge({"llm": {"text": ""}}, ("llm",), "llamacpp")[0]
    bad = {"embedder": {"finite": True, "norm": 1.0, "similar": 0.1, "unrelated": 0.5}}
    assert "not sane" in judge(bad, ("embedder",), "llamacpp")[0]
    assert "not sane" in judge({"embedder": {"finite": False, "norm": 1.0, "similar": 0.7, "unrelated": 0.1}}, ("embedder",), "x")[0]


def test_a_missing_interpreter_is_reported(tmp_path):
    result = run_probe(("llm",), python=str(tmp_path / "no-such-python"))
    assert not result.ok and "could not start" in result.message


def test_the_real_child_rejects_unknown_parts():
    import subprocess

    done = subprocess.run([sys.executable, "-m", "assistant.probe", "--child", "gpu"], capture_output=True, text=True, check=False)
    assert done.returncode == 2 and "unknown part(s) ['gpu']" in done.stderr
