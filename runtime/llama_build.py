"""How llama-cpp-python is compiled for the CPU it runs on. Standard library only: setup runs this
before the virtual environment exists, and `shopassist doctor` reports from it.

llama-cpp-python compiles llama.cpp on install. Its default (`GGML_NATIVE=ON`, `-march=native`)
turns on every kernel of the build machine, AMX included, and 0.3.36 crashes in decode on Intel
Xeons with `amx_int8`/`amx_tile`. So the build is `GGML_NATIVE=OFF` with each instruction set this
CPU has named explicitly and AMX always off ("cpu" tier); "safe" stops at AVX2, for a CPU where
even that fails. A wheel is cached under a key of its options, and a venv records the flags its
build needs, so a build made for one CPU is never used on another that lacks them.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import shutil
import subprocess
import tarfile
import time
from dataclasses import dataclass
from pathlib import Path

VERSION = "0.3.36"  # llama-cpp-python, built from its source distribution
# ggml option -> the /proc/cpuinfo flags it compiles in (ggml-cpu/CMakeLists.txt), in ggml's order
FEATURES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("GGML_SSE42", ("sse4_2",)),
    ("GGML_AVX", ("avx",)),
    ("GGML_AVX2", ("avx2",)),
    ("GGML_BMI2", ("bmi2",)),
    ("GGML_FMA", ("fma",)),
    ("GGML_F16C", ("f16c",)),
    ("GGML_AVX_VNNI", ("avx_vnni",)),
    ("GGML_AVX512", ("avx512f", "avx512cd", "avx512vl", "avx512dq", "avx512bw")),
    ("GGML_AVX512_VBMI", ("avx512vbmi",)),
    ("GGML_AVX512_VNNI", ("avx512_vnni",)),
    ("GGML_AVX512_BF16", ("avx512_bf16",)),
)
SAFE_FEATURES = frozenset({"GGML_SSE42", "GGML_AVX", "GGML_AVX2", "GGML_BMI2", "GGML_FMA", "GGML_F16C"})
AMX = ("GGML_AMX_TILE", "GGML_AMX_INT8", "GGML_AMX_BF16")  # always off: the decode crash on AMX CPUs
# Only the libraries the Python package loads, in a release build: no multimodal library (mtmd), and
# no llama.cpp "common" library (arg parsing, chat templates, an HTTP client for its tools: 45% of the
# compile). llama-cpp-python forces LLAMA_BUILD_COMMON=ON before adding llama.cpp, so a CMake file
# included right after llama.cpp's project() (CMAKE_PROJECT_llama.cpp_INCLUDE) turns it off again.
COMMON = (("CMAKE_BUILD_TYPE", "Release"), ("LLAVA_BUILD", "OFF"))
LIB_ONLY_HOOK = 'set(LLAMA_BUILD_COMMON OFF CACHE BOOL "llama.cpp: build common utils library" FORCE)\n'
TIERS = ("cpu", "safe", "native")
RELEVANT = frozenset(flag for _, flags in FEATURES for flag in flags) | {"amx_tile", "amx_int8", "amx_bf16"}


class BuildError(RuntimeError):
    """The wheel could not be built; the message names the log to read."""


@dataclass(frozen=True)
class BuildPlan:
    """One way to compile llama.cpp: the tier, its CMake options and the CPU flags it needs."""

    tier: str  # "cpu": every instruction set this CPU has, AMX off; "safe": AVX2 at most; "native": -march=native (benchmarks)
    options: tuple[tuple[str, str], ...]  # CMake -D options, in a fixed order
    required_flags: frozenset[str]  # /proc/cpuinfo flags a CPU needs to run the result

    @property
    def cmake_args(self) -> str:
        """The CMAKE_ARGS value llama-cpp-python's build reads."""
        return " ".join(f"-D{name}={value}" for name, value in self.options)

    @property
    def key(self) -> str:
        """Cache key: the version and the options (a native build also the flags it was made on)."""
        text = VERSION + self.cmake_args + (" ".join(sorted(self.required_flags)) if self.tier == "native" else "")
        return f"{VERSION}-{self.tier}-{hashlib.sha256(text.encode()).hexdigest()[:12]}"

    def missing_on(self, flags: frozenset[str]) -> list[str]:
        """The flags this build needs that a CPU with `flags` lacks (empty: it can run here)."""
        return sorted(self.required_flags - flags)

    def summary(self) -> str:
        """'cpu: AVX AVX2 FMA F16C AVX512 ... (AMX off)' for messages and the doctor."""
        if self.tier == "native":
            return "native: -march=native (every instruction set of the build machine)"
        on = [name.removeprefix("GGML_") for name, value in self.options if value == "ON" and name.startswith("GGML_")]
        return f"{self.tier}: GGML_NATIVE=OFF, {' '.join(on) or 'no SIMD extensions'} (AMX off)"


def read_cpuinfo() -> str:
    """/proc/cpuinfo, or '' where there is none (not Linux)."""
    try:
        return Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def cpu_flags(cpuinfo: str | None = None) -> frozenset[str]:
    """The CPU's feature flags (first 'flags' line of /proc/cpuinfo)."""
    for line in (read_cpuinfo() if cpuinfo is None else cpuinfo).splitlines():
        name, _, value = line.partition(":")
        if name.strip() == "flags":
            return frozenset(value.split())
    return frozenset()


def cpu_model(cpuinfo: str | None = None) -> str:
    """'AMD EPYC …' or 'Intel(R) Xeon(R) …' from /proc/cpuinfo, else the platform's processor."""
    for line in (read_cpuinfo() if cpuinfo is None else cpuinfo).splitlines():
        name, _, value = line.partition(":")
        if name.strip() == "model name":
            return value.strip()
    return platform.processor() or platform.machine()


def plan(tier: str, flags: frozenset[str]) -> BuildPlan:
    """The build of `tier` for a CPU with `flags`."""
    if tier not in TIERS:
        raise ValueError(f"unknown llama.cpp build tier {tier!r}; use one of {', '.join(TIERS)}")
    common = (*COMMON, ("CMAKE_PROJECT_llama.cpp_INCLUDE", str(_hook())))
    if tier == "native":
        return BuildPlan("native", (*common, ("GGML_NATIVE", "ON")), flags & RELEVANT)
    chosen = [(name, needs) for name, needs in FEATURES if all(f in flags for f in needs)]
    if tier == "safe":
        chosen = [(name, needs) for name, needs in chosen if name in SAFE_FEATURES]
    on = {name for name, _ in chosen}
    options = (
        *common,
        ("GGML_NATIVE", "OFF"),
        *((name, "ON" if name in on else "OFF") for name, _ in FEATURES),
        *((name, "OFF") for name in AMX),
    )
    return BuildPlan(tier, options, frozenset(f for _, needs in chosen for f in needs))


def _hook() -> Path:
    """The CMake file that keeps llama.cpp's common library out of the build (written on first use)."""
    path = cache_root() / "lib-only.cmake"
    if not path.is_file() or path.read_text() != LIB_ONLY_HOOK:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(LIB_ONLY_HOOK)
    return path


def cache_root() -> Path:
    """Where sources and wheels are kept between venvs: $XDG_CACHE_HOME or ~/.cache, /shopassist/llama-cpp."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "shopassist" / "llama-cpp"


def cached_wheel(build: BuildPlan, root: Path | None = None) -> Path | None:
    """The wheel built earlier with exactly these options, if there is one."""
    folder = (root or cache_root()) / "wheels" / build.key
    wheels = sorted(folder.glob("llama_cpp_python-*.whl")) if (folder / "build.json").is_file() else []
    return wheels[0] if wheels else None


def build_wheel(build: BuildPlan, python: str, log_path: Path, root: Path | None = None) -> Path:
    """Compile llama-cpp-python with `build`'s options into the cache (or reuse the wheel there).

    pip's own wheel cache is keyed on the source, not on CMAKE_ARGS, so it is bypassed: the
    source is downloaded once into our cache and built with --no-cache-dir.
    """
    root = root or cache_root()
    if (wheel := cached_wheel(build, root)) is not None:
        return wheel
    source = _source(python, root, log_path)
    target = root / "wheels" / build.key
    partial = target.with_name(f"{target.name}.partial-{os.getpid()}")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    env = {**os.environ, "CMAKE_ARGS": build.cmake_args, "CMAKE_BUILD_PARALLEL_LEVEL": str(os.cpu_count() or 1)}
    started = time.monotonic()
    with log_path.open("a") as log:
        log.write(f"\n== building llama-cpp-python {VERSION}: CMAKE_ARGS={build.cmake_args}\n")
        log.flush()
        done = subprocess.run(
            [python, "-m", "pip", "wheel", "--no-deps", "--no-cache-dir", "--wheel-dir", str(partial), str(source)],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            check=False,
        )
    if done.returncode != 0:
        shutil.rmtree(partial, ignore_errors=True)
        raise BuildError(f"compiling llama-cpp-python {VERSION} ({build.summary()}) failed; see {log_path}")
    record = {
        "version": VERSION,
        "tier": build.tier,
        "cmake_args": build.cmake_args,
        "required_flags": sorted(build.required_flags),
        "built_on": cpu_model(),
        "built_at": time.strftime("%Y-%m-%dT%H:%M:%S"),
        "build_s": round(time.monotonic() - started, 1),
    }
    (partial / "build.json").write_text(json.dumps(record, indent=2))
    shutil.rmtree(target, ignore_errors=True)
    partial.rename(target)  # a half-built folder is never taken for a finished one
    wheel = cached_wheel(build, root)
    if wheel is None:
        raise BuildError(f"pip reported success but left no wheel in {target}; see {log_path}")
    return wheel


def _source(python: str, root: Path, log_path: Path) -> Path:
    """The llama-cpp-python source archive, downloaded once."""
    found = sorted(root.glob(f"llama_cpp_python-{VERSION}.tar.gz"))
    if found:
        return found[0]
    root.mkdir(parents=True, exist_ok=True)
    with log_path.open("a") as log:
        done = subprocess.run(
            [python, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:", "--dest", str(root), f"llama-cpp-python=={VERSION}"],
            stdout=log,
            stderr=subprocess.STDOUT,
            check=False,
        )
    found = sorted(root.glob(f"llama_cpp_python-{VERSION}.tar.gz"))
    if done.returncode != 0 or not found:
        raise BuildError(f"could not download the llama-cpp-python {VERSION} source from the package index; see {log_path}")
    return found[0]


def build_server(build: BuildPlan, python: str, log_path: Path, root: Path | None = None) -> Path:
    """llama.cpp's own OpenAI-compatible `llama-server` (parallel slots, continuous batching), compiled
    from the same source with `build`'s CPU options (the common library it needs included), cached
    under the options' key. About 10 minutes on 2 cores the first time; for deployments and the load
    benchmark, never needed by the app itself."""
    root = root or cache_root()
    target = root / "server" / build.key / "llama-server"
    if target.is_file():
        return target
    source = _source(python, root, log_path)
    work = root / "server" / f"{build.key}.partial-{os.getpid()}"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    with tarfile.open(source) as archive:
        members = [m for m in archive.getmembers() if "/vendor/llama.cpp/" in m.name]
        archive.extractall(work, members=members, filter="data")
    tree = next(work.glob("llama_cpp_python-*/vendor/llama.cpp"))
    options = [f"-D{name}={value}" for name, value in build.options if name != "CMAKE_PROJECT_llama.cpp_INCLUDE"]
    options += ["-DLLAMA_BUILD_SERVER=ON", "-DLLAMA_BUILD_TESTS=OFF", "-DLLAMA_BUILD_EXAMPLES=OFF", "-DLLAMA_CURL=OFF"]
    options += ["-DLLAMA_OPENSSL=OFF", "-DBUILD_SHARED_LIBS=OFF"]
    jobs = str(os.cpu_count() or 1)
    with log_path.open("a") as log:
        log.write(f"\n== building llama-server {VERSION}: {' '.join(options)}\n")
        log.flush()
        for step in (
            ["cmake", "-S", str(tree), "-B", str(work / "build"), *options],
            ["cmake", "--build", str(work / "build"), "--target", "llama-server", "-j", jobs],
        ):
            if subprocess.run(step, stdout=log, stderr=subprocess.STDOUT, check=False).returncode != 0:
                shutil.rmtree(work, ignore_errors=True)
                raise BuildError(f"compiling llama-server {VERSION} ({build.summary()}) failed; see {log_path}")
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(work / "build" / "bin" / "llama-server", target.with_suffix(".partial"))
    target.with_suffix(".partial").rename(target)  # a half-copied binary is never taken for a finished one
    shutil.rmtree(work, ignore_errors=True)
    return target


RECORD = "shopassist-llama.json"  # in the venv (sys.prefix): the build installed there, and setup's check of it


def read_record(prefix: Path) -> dict | None:
    """What setup recorded about the llama.cpp build in the environment at `prefix`, if anything."""
    try:
        record = json.loads((Path(prefix) / RECORD).read_text())
    except (OSError, json.JSONDecodeError):
        return None
    return record if isinstance(record, dict) else None


def write_record(prefix: Path, record: dict) -> None:
    """Record the installed build and its check (written whole, then renamed)."""
    path = Path(prefix) / RECORD
    partial = path.with_name(path.name + ".partial")
    partial.write_text(json.dumps(record, indent=2))
    partial.rename(path)
