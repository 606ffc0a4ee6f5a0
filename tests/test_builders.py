"""Builders, the cheap decisions only: which files and mapping a config means, whether it is the demo
store, the store's name for another indexed catalog, and which LLM backend "auto" resolves to."""

from __future__ import annotations

import importlib.util
import json
import logging

import pytest

from assistant import builders
from assistant.builders import CatalogSource, catalog_source, is_demo, resolve_backend, store_name
from assistant.config import load_config
from retrieval.catalog import DEMO_DIR
from retrieval.mapping import MAPPINGS_DIR, load_mapping
from runtime import llama_build

MAPPING = '[source]\ncurrency = "EUR"\nfiles = ["data/a.csv", "b.csv"]\nstore_name = "Café Lumen"\n[fields]\nid = "id"\ntitle = "t"\nprice = "p"\n'
FLAGS = frozenset({"sse4_2", "avx", "avx2", "fma", "f16c", "bmi2"})


def config(*overrides: str):
    return load_config(None, list(overrides))


def setting(name: str, value) -> str:
    return f"{name}={json.dumps(value)}"


@pytest.fixture()
def mapping_file(tmp_path):
    path = tmp_path / "lumen.toml"
    path.write_text(MAPPING, encoding="utf-8")
    return path


def test_the_default_config_is_the_demo_store():
    source = catalog_source(config())
    assert [p.resolve() for p in source.paths] == [(DEMO_DIR / "products.jsonl").resolve()]
    assert source.mapping == load_mapping(MAPPINGS_DIR / "demo.toml") and source.reviews == DEMO_DIR / "reviews.jsonl"


def test_configured_files_use_the_demo_mapping_and_no_reviews(tmp_path):
    files = [str(tmp_path / "x.csv"), str(tmp_path / "y.csv")]
    source = catalog_source(config(setting("catalog.paths", files)))
    assert source == CatalogSource([tmp_path / "x.csv", tmp_path / "y.csv"], load_mapping(MAPPINGS_DIR / "demo.toml"), None)


def test_a_configured_mapping_names_its_own_files_next_to_it(mapping_file, tmp_path):
    source = catalog_source(config(setting("catalog.mapping", str(mapping_file))))
    assert source.paths == [tmp_path / "data" / "a.csv", tmp_path / "b.csv"]
    assert source.mapping.store_name == "Café Lumen" and source.mapping.currency == "EUR" and source.reviews is None


def test_configured_files_win_over_the_mappings_files(mapping_file, tmp_path):
    source = catalog_source(config(setting("catalog.mapping", str(mapping_file)), setting("catalog.paths", [str(tmp_path / "z.json")])))
    assert source.paths == [tmp_path / "z.json"] and source.mapping.store_name == "Café Lumen"


@pytest.mark.parametrize(
    "extra",
    [
        (),  # the demo catalog: configured reviews replace the demo reviews
        ("catalog.paths", ["x.csv"]),
    ],
)
def test_configured_reviews_are_used_as_given(tmp_path, extra):
    reviews = str(tmp_path / "reviews.jsonl")
    overrides = [setting("catalog.reviews", reviews)] + ([setting(*extra)] if extra else [])
    assert catalog_source(config(*overrides)).reviews == tmp_path / "reviews.jsonl"


@pytest.mark.parametrize(
    ("overrides", "demo"),
    [
        ((), True),
        (('catalog.name="demo"',), True),
        (('catalog.name="lumen"',), False),  # another indexed catalog, shopped by name
        (('catalog.paths=["x.csv"]',), False),
        (('catalog.mapping="m.toml"',), False),
        (('catalog.reviews="r.jsonl"',), True),  # other reviews over the demo catalog
        (('assistant.policy="p.md"',), True),
    ],
)
def test_is_demo(overrides, demo):
    assert is_demo(config(*overrides)) is demo


def test_another_indexed_catalog_is_named_by_its_catalog_name():
    assert store_name(config('catalog.name="lumen"')) == "lumen"


# --- resolve_backend ------------------------------------------------------------------------------


@pytest.fixture()
def llama_cpp_installed(monkeypatch):
    """Pretend llama-cpp-python is (True) or is not (False) importable."""
    real = importlib.util.find_spec

    def pretend(installed: bool) -> None:
        monkeypatch.setattr(
            importlib.util, "find_spec", lambda name, *a: (object() if installed else None) if name == "llama_cpp" else real(name, *a)
        )

    return pretend


@pytest.mark.parametrize("requested", ["llamacpp", "transformers", "openai"])
def test_an_explicit_backend_is_kept_whatever_setup_recorded(tmp_path, requested):
    llama_build.write_record(tmp_path, {"backend": "transformers", "required_flags": ["avx512f"]})
    assert resolve_backend(requested, tmp_path, frozenset()) == (requested, "configured")


@pytest.mark.parametrize(
    ("installed", "expected"),
    [
        (False, ("transformers", "llama-cpp-python is not installed (scripts/setup.py builds it)")),
        (True, ("llamacpp", "installed without scripts/setup.py, so unchecked; `shopassist doctor` checks it")),
    ],
)
def test_auto_without_a_setup_record(tmp_path, llama_cpp_installed, installed, expected):
    llama_cpp_installed(installed)
    assert resolve_backend("auto", tmp_path, FLAGS) == expected


@pytest.mark.parametrize("content", ["{not json", "[1, 2]", '"llamacpp"'])
def test_an_unreadable_record_counts_as_none(tmp_path, llama_cpp_installed, content):
    (tmp_path / llama_build.RECORD).write_text(content)
    llama_cpp_installed(False)
    assert resolve_backend("auto", tmp_path, FLAGS)[0] == "transformers"
    llama_cpp_installed(True)
    assert resolve_backend("auto", tmp_path, FLAGS)[0] == "llamacpp"


@pytest.mark.parametrize(
    ("record", "expected"),
    [
        ({"backend": "llamacpp", "tier": "safe", "required_flags": ["avx", "avx2"]}, ("llamacpp", "checked by setup (safe build)")),
        ({"backend": "llamacpp", "tier": "cpu"}, ("llamacpp", "checked by setup (cpu build)")),  # no flags recorded: nothing missing
        (
            {"backend": "llamacpp", "tier": "cpu", "required_flags": ["avx2", "avx512f", "avx512bw"]},
            (
                "transformers",
                "llama.cpp here was built for CPU features this CPU lacks (avx512bw avx512f); re-run `make setup`",
            ),
        ),
        (
            {"backend": "transformers", "probe": {"message": "llama.cpp crashed with SIGSEGV in decode."}},
            ("transformers", "setup found llama.cpp broken on this CPU: llama.cpp crashed with SIGSEGV in decode."),
        ),
        ({"backend": "transformers"}, ("transformers", "setup found llama.cpp broken on this CPU: see `shopassist doctor`")),
    ],
)
def test_auto_reads_setups_record(tmp_path, record, expected):
    llama_build.write_record(tmp_path, record)
    assert resolve_backend("auto", tmp_path, FLAGS) == expected


def test_auto_reads_this_cpus_flags_when_none_are_given(tmp_path, monkeypatch):
    llama_build.write_record(tmp_path, {"backend": "llamacpp", "tier": "cpu", "required_flags": ["avx512f"]})
    monkeypatch.setattr(llama_build, "cpu_flags", lambda cpuinfo=None: frozenset({"avx512f"}))
    assert resolve_backend("auto", tmp_path) == ("llamacpp", "checked by setup (cpu build)")
    monkeypatch.setattr(llama_build, "cpu_flags", lambda cpuinfo=None: frozenset({"avx2"}))
    assert resolve_backend("auto", tmp_path)[0] == "transformers"


def test_build_generator_builds_the_resolved_backend_and_warns_on_the_fallback(tmp_path, monkeypatch, caplog):
    built = []
    for name in ("_llamacpp", "_transformers", "_openai"):
        monkeypatch.setattr(builders, name, lambda llm, cache, name=name: built.append((name, llm.backend, cache)) or name)
    monkeypatch.setattr(builders, "resolve_backend", lambda requested: ("transformers", "setup found llama.cpp broken"))
    data = setting("paths.data_dir", str(tmp_path))
    with caplog.at_level(logging.WARNING, logger="assistant.builders"):
        assert builders.build_generator(config(data)) == "_transformers"
    assert built == [("_transformers", "auto", tmp_path / "models")]
    assert [r.getMessage() for r in caplog.records] == ["using the transformers backend: setup found llama.cpp broken"]
    monkeypatch.setattr(builders, "resolve_backend", lambda requested: (requested, "configured"))
    caplog.clear()
    assert builders.build_generator(config(data, 'llm.backend="openai"')) == "_openai" and caplog.records == []
