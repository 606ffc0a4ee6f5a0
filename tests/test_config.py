"""The config object: defaults <- TOML <- overrides, unknown keys are errors."""

from __future__ import annotations

import pytest

from assistant.config import ConfigError, load_config


def test_defaults_run_offline_on_cpu():
    config = load_config()
    assert config.embedder.device == "cpu" and config.store.mode == "persistent" and config.search.k == 10


def test_file_then_overrides(tmp_path):
    path = tmp_path / "c.toml"
    path.write_text('[search]\nk = 5\ndense_weight = 2\n[catalog]\npaths = ["a.csv"]\n')
    config = load_config(path, ["search.k=7", "store.mode=http", "search.mmr=true"])
    assert (config.search.k, config.search.dense_weight, config.search.mmr) == (7, 2.0, True)
    assert config.store.mode == "http" and config.catalog.paths == ("a.csv",)


@pytest.mark.parametrize(
    "overrides, message",
    [
        (["serch.k=3"], r"unknown config section \[serch\]"),
        (["search.kk=3"], "unknown key search.kk"),
        (["search.k=many"], "search.k must be of type int"),
        (["search.mmr=1"], "search.mmr must be true or false"),
        (["search.k"], "must look like section.key=value"),
        (["store.mode=cloud"], 'store.mode must be "persistent" or "http"'),
        (["search.k=0"], "search.k must be >= 1"),
        (["reviews.overlap_words=500"], "reviews.overlap_words must be >= 0 and smaller"),
        (['llm.requantize="q5_k"'], 'llm.requantize must be "auto", "none" or one of'),
    ],
)
def test_bad_values_are_errors(overrides, message):
    with pytest.raises(ConfigError, match=message):
        load_config(None, overrides)


def test_missing_and_broken_files(tmp_path):
    with pytest.raises(ConfigError, match="config file not found"):
        load_config(tmp_path / "nope.toml")
    bad = tmp_path / "bad.toml"
    bad.write_text("[search\n")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config(bad)


def test_shared_data_env_var_wins(monkeypatch):
    monkeypatch.setenv("SHOPASSIST_SHARED_DATA", "/data/elsewhere")
    assert str(load_config().shared_data) == "/data/elsewhere"


def test_requantize_auto_means_q8_0_for_the_packaged_model_only():
    assert load_config(None).llm.requantize_to() == "q8_0"
    assert load_config(None, ['llm.model="mine.gguf"']).llm.requantize_to() == "none"  # another GGUF is served as given
    assert load_config(None, ['llm.model="mine.gguf"', 'llm.requantize="q4_0"']).llm.requantize_to() == "q4_0"
    assert load_config(None, ['llm.requantize="none"']).llm.requantize_to() == "none"
