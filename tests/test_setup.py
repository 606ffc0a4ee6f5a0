"""scripts/setup.py's decisions with the compiler, pip and the child check replaced by fakes: a crash
of the "cpu" build leads to the "safe" build, a crash of both to the transformers backend, and
the record says which backend the app uses (llm.backend = "auto" reads it)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from assistant.builders import resolve_backend
from assistant.probe import ProbeResult
from runtime import llama_build
from tests.test_llama_build import CPUS, cpuinfo

ROOT = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("setup_script", ROOT / "scripts" / "setup.py")
setup = importlib.util.module_from_spec(spec)
sys.modules["setup_script"] = setup  # dataclasses look their module up by name
spec.loader.exec_module(setup)

CRASH = ProbeResult(False, "Generating 8 tokens with the packaged GGUF (llamacpp) crashed with SIGSEGV (segmentation fault).")
OK = ProbeResult(True, "ok", {"llm": {"text": "Paris", "decode_tok_s": 90.0}})


@pytest.fixture(autouse=True)
def _cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


class Fakes:
    def __init__(self, checks: dict[str, list[ProbeResult]], broken_builds: tuple[str, ...] = ()):
        self.checks, self.broken_builds = checks, broken_builds
        self.built: list[str] = []
        self.installed: list[str] = []
        self.said: list[str] = []

    def steps(self):
        def build(plan):
            self.built.append(plan.tier)
            if plan.tier in self.broken_builds:
                raise llama_build.BuildError(f"compiling llama-cpp-python ({plan.tier}) failed; see the log")
            return Path(f"/wheels/{plan.key}/llama_cpp_python-0.3.36-py3-none-linux_x86_64.whl")

        return setup.LlamaSteps(
            build, lambda plan, wheel: self.installed.append(plan.tier), lambda backend: self.checks[backend].pop(0), self.said.append
        )


FLAGS = llama_build.cpu_flags(cpuinfo(CPUS["xeon-amx"]))


def test_a_working_cpu_build_is_used():
    fakes = Fakes({"llamacpp": [OK]})
    record = setup.install_llama(["cpu", "safe"], FLAGS, None, fakes.steps())
    assert (record["backend"], record["tier"], record["usable"], record["failed_tiers"]) == ("llamacpp", "cpu", True, [])
    assert fakes.built == fakes.installed == ["cpu"] and "AMX_INT8=OFF" in record["cmake_args"]


def test_a_crashing_cpu_build_is_rebuilt_with_safe_options():
    fakes = Fakes({"llamacpp": [CRASH, OK]})
    record = setup.install_llama(["cpu", "safe"], FLAGS, None, fakes.steps())
    assert (record["backend"], record["tier"], record["failed_tiers"]) == ("llamacpp", "safe", ["cpu"])
    assert "GGML_AVX512=OFF" in record["cmake_args"] and fakes.installed == ["cpu", "safe"]
    assert any("crashed with SIGSEGV" in line and "Next: rebuilding with the safe options" in line for line in fakes.said)


def test_when_every_build_fails_the_transformers_backend_is_recorded(tmp_path):
    fakes = Fakes({"llamacpp": [CRASH, CRASH], "transformers": [OK]})
    record = setup.install_llama(["cpu", "safe"], FLAGS, None, fakes.steps())
    assert (record["backend"], record["usable"], record["failed_tiers"]) == ("transformers", True, ["cpu", "safe"])
    assert "the assistant uses the transformers backend" in fakes.said[-1]
    llama_build.write_record(tmp_path, record)
    backend, reason = resolve_backend("auto", tmp_path, FLAGS)
    assert backend == "transformers" and "crashed with SIGSEGV" in reason
    assert resolve_backend("llamacpp", tmp_path, FLAGS) == ("llamacpp", "configured")  # an explicit choice is kept


def test_a_failed_compile_moves_on_and_nothing_working_is_not_usable():
    fakes = Fakes({"llamacpp": [CRASH], "transformers": [ProbeResult(False, "out of memory")]}, broken_builds=("cpu",))
    record = setup.install_llama(["cpu", "safe"], FLAGS, None, fakes.steps())
    assert fakes.built == ["cpu", "safe"] and fakes.installed == ["safe"]
    assert not record["usable"] and "neither llama.cpp nor the transformers backend works" in record["message"]


def test_tiers_that_failed_on_this_cpu_are_not_retried_but_a_new_cpu_starts_over():
    previous = {"simd": sorted(FLAGS & llama_build.RELEVANT), "failed_tiers": ["cpu"], "key": "x"}
    fakes = Fakes({"llamacpp": [OK]})
    record = setup.install_llama(["safe"], FLAGS, previous, fakes.steps())
    assert record["failed_tiers"] == ["cpu"] and record["tier"] == "safe"
    other = {**previous, "simd": ["avx2"]}
    assert setup.install_llama(["cpu"], FLAGS, other, Fakes({"llamacpp": [OK]}).steps())["failed_tiers"] == []


def test_auto_backend_refuses_a_build_made_for_flags_this_cpu_lacks(tmp_path):
    build = llama_build.plan("cpu", FLAGS)
    llama_build.write_record(tmp_path, {"backend": "llamacpp", "tier": "cpu", "required_flags": sorted(build.required_flags)})
    assert resolve_backend("auto", tmp_path, FLAGS) == ("llamacpp", "checked by setup (cpu build)")
    backend, reason = resolve_backend("auto", tmp_path, llama_build.cpu_flags(cpuinfo(CPUS["avx2-only"])))
    assert backend == "transformers" and "avx512f" in reason and "make setup" in reason
