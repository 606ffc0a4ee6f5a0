"""llama.cpp build options chosen from the CPU's flags (runtime/llama_build.py): AMX never on,
AVX-512 only where the CPU has it, a cache key per set of options, and the flags a build needs."""

from __future__ import annotations

import json

import pytest

from runtime import llama_build
from runtime.llama_build import cached_wheel, cpu_flags, cpu_model, plan

BASE = "fpu sse sse2 ssse3 sse4_1 sse4_2 popcnt avx avx2 bmi2 fma f16c"
AVX512 = "avx512f avx512cd avx512vl avx512dq avx512bw avx512_vnni avx512vbmi"
CPUS = {  # /proc/cpuinfo "flags" lines of the machines this project runs on, trimmed to what matters
    "xeon-amx": f"{BASE} {AVX512} avx512_bf16 avx_vnni amx_bf16 amx_tile amx_int8",
    "epyc-avx512": f"{BASE} {AVX512} avx512_bf16 avx_vnni",
    "avx2-only": BASE,
    "old": "fpu sse sse2 ssse3 sse4_1 sse4_2 popcnt",
}


def cpuinfo(flags: str, model: str = "Test CPU") -> str:
    return f"processor\t: 0\nmodel name\t: {model}\nflags\t\t: {flags}\n\nprocessor\t: 1\nflags\t\t: {flags}\n"


@pytest.fixture(autouse=True)
def _cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


def options(cpu: str, tier: str) -> dict[str, str]:
    return dict(plan(tier, cpu_flags(cpuinfo(CPUS[cpu]))).options)


def test_cpuinfo_is_read_for_flags_and_model():
    text = cpuinfo(CPUS["xeon-amx"], "Intel(R) Xeon(R) Platinum 8480+")
    assert {"amx_int8", "amx_tile", "avx512f"} <= cpu_flags(text) and cpu_model(text) == "Intel(R) Xeon(R) Platinum 8480+"
    assert cpu_flags("") == frozenset()


@pytest.mark.parametrize("cpu", list(CPUS))
def test_amx_is_always_off_and_native_is_off(cpu):
    for tier in ("cpu", "safe"):
        chosen = options(cpu, tier)
        assert chosen["GGML_NATIVE"] == "OFF" and chosen["LLAVA_BUILD"] == "OFF"
        assert chosen["GGML_AMX_TILE"] == chosen["GGML_AMX_INT8"] == chosen["GGML_AMX_BF16"] == "OFF"
        assert chosen["CMAKE_PROJECT_llama.cpp_INCLUDE"].endswith("lib-only.cmake")


@pytest.mark.parametrize(
    ("cpu", "tier", "on", "off"),
    [
        ("xeon-amx", "cpu", {"GGML_AVX2", "GGML_AVX512", "GGML_AVX512_VNNI", "GGML_AVX512_BF16", "GGML_AVX_VNNI"}, set()),
        ("epyc-avx512", "cpu", {"GGML_AVX2", "GGML_FMA", "GGML_F16C", "GGML_AVX512", "GGML_AVX512_VBMI"}, set()),
        (
            "avx2-only",
            "cpu",
            {"GGML_AVX", "GGML_AVX2", "GGML_FMA", "GGML_F16C", "GGML_BMI2"},
            {"GGML_AVX512", "GGML_AVX_VNNI", "GGML_AVX512_VNNI"},
        ),
        ("old", "cpu", {"GGML_SSE42"}, {"GGML_AVX", "GGML_AVX2", "GGML_FMA"}),
        (
            "xeon-amx",
            "safe",
            {"GGML_AVX2", "GGML_FMA", "GGML_F16C"},
            {"GGML_AVX512", "GGML_AVX512_VNNI", "GGML_AVX_VNNI", "GGML_AVX512_BF16"},
        ),
    ],
)
def test_instruction_sets_follow_the_cpu(cpu, tier, on, off):
    chosen = options(cpu, tier)
    assert all(chosen[name] == "ON" for name in on) and all(chosen[name] == "OFF" for name in off)


def test_required_flags_say_where_a_build_can_run():
    avx512_build = plan("cpu", cpu_flags(cpuinfo(CPUS["epyc-avx512"])))
    assert avx512_build.missing_on(cpu_flags(cpuinfo(CPUS["xeon-amx"]))) == []
    assert avx512_build.missing_on(cpu_flags(cpuinfo(CPUS["avx2-only"])))[:2] == ["avx512_bf16", "avx512_vnni"]
    assert plan("safe", cpu_flags(cpuinfo(CPUS["xeon-amx"]))).missing_on(cpu_flags(cpuinfo(CPUS["avx2-only"]))) == []
    assert "amx_int8" in plan("native", cpu_flags(cpuinfo(CPUS["xeon-amx"]))).required_flags  # -march=native takes everything


def test_cache_key_changes_with_the_options_only():
    xeon, epyc, avx2 = (plan("cpu", cpu_flags(cpuinfo(CPUS[c]))) for c in ("xeon-amx", "epyc-avx512", "avx2-only"))
    assert xeon.key == epyc.key  # same instruction sets chosen (AMX off on both): one wheel serves both
    assert (
        avx2.key != epyc.key
        and plan("safe", cpu_flags(cpuinfo(CPUS["epyc-avx512"]))).key == plan("safe", cpu_flags(cpuinfo(CPUS["avx2-only"]))).key
    )
    assert avx2.key.startswith(f"{llama_build.VERSION}-cpu-") and "AVX2" in avx2.summary() and "AVX512" not in avx2.summary()


def test_a_cached_wheel_counts_only_when_its_build_finished(tmp_path):
    build = plan("cpu", cpu_flags(cpuinfo(CPUS["avx2-only"])))
    folder = tmp_path / "wheels" / build.key
    folder.mkdir(parents=True)
    (folder / "llama_cpp_python-0.3.36-py3-none-linux_x86_64.whl").write_bytes(b"PK")
    assert cached_wheel(build, tmp_path) is None  # no build.json: a build that was cut off
    (folder / "build.json").write_text(json.dumps({"tier": "cpu"}))
    assert cached_wheel(build, tmp_path).name.endswith(".whl")
    assert cached_wheel(plan("safe", cpu_flags(cpuinfo(CPUS["epyc-avx512"]))), tmp_path) is None


def test_unknown_tier_is_an_error():
    with pytest.raises(ValueError, match="unknown llama.cpp build tier 'fast'"):
        plan("fast", frozenset())


def test_record_round_trip(tmp_path):
    assert llama_build.read_record(tmp_path) is None
    llama_build.write_record(tmp_path, {"backend": "llamacpp", "required_flags": ["avx2"]})
    assert llama_build.read_record(tmp_path) == {"backend": "llamacpp", "required_flags": ["avx2"]}
    (tmp_path / llama_build.RECORD).write_text("{broken")
    assert llama_build.read_record(tmp_path) is None
