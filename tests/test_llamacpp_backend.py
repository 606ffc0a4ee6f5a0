"""runtime/llamacpp_backend.py with the real packaged model, in process and as an OpenAI-compatible
llama.cpp server started on loopback, beside the transformers backend on the same model (load ->
cache -> generate -> stream)."""

from __future__ import annotations

import json

import pytest

from assistant.builders import build_generator
from assistant.config import load_config
from runtime.base import GenerationParams, LLMError, Message
from runtime.model_files import default_gguf
from tests.conftest import free_port

pytestmark = pytest.mark.slow
MESSAGES = [Message("system", "You are a helpful shopping assistant."), Message("user", "Suggest a gift for a runner under $50.")]
GREEDY = GenerationParams(max_new_tokens=32)


@pytest.fixture(scope="session")
def data_dir(llm_data_dir):
    return llm_data_dir


@pytest.fixture(scope="session")
def transformers_generator(data_dir):
    return build_generator(load_config(None, ["llm.backend=transformers", "llm.device=cpu", f"paths.data_dir={json.dumps(str(data_dir))}"]))


@pytest.fixture(scope="session")
def llamacpp_generator(llama_cpp, data_dir):
    return build_generator(load_config(None, ["llm.context_length=2048", f"paths.data_dir={json.dumps(str(data_dir))}"]))


def test_transformers_default_model_is_converted_once_and_cached(transformers_generator, data_dir):
    cached = list((data_dir / "models").glob("SmolLM2-135M-Instruct.Q4_1-*"))
    assert len(cached) == 1 and (cached[0] / "model.safetensors").is_file() and (cached[0] / "tokenizer.json").is_file()
    written = (cached[0] / "model.safetensors").stat().st_mtime_ns
    again = build_generator(
        load_config(None, ["llm.backend=transformers", "llm.device=cpu", f"paths.data_dir={json.dumps(str(data_dir))}"])
    )
    assert (cached[0] / "model.safetensors").stat().st_mtime_ns == written  # read from the cache, not converted again
    assert again.generate(MESSAGES, GREEDY) == transformers_generator.generate(MESSAGES, GREEDY)


def test_transformers_generate_and_stream(transformers_generator):
    text = transformers_generator.generate(MESSAGES, GREEDY)
    pieces = list(transformers_generator.stream(MESSAGES, GREEDY))
    assert len(pieces) > 3 and "".join(pieces) == text and text.strip()


def test_llamacpp_generate_stream_stop_and_determinism(llamacpp_generator):
    text = llamacpp_generator.generate(MESSAGES, GREEDY)
    assert text.strip() and "".join(llamacpp_generator.stream(MESSAGES, GREEDY)) == text == llamacpp_generator.generate(MESSAGES, GREEDY)
    stop = text.split()[3]
    assert llamacpp_generator.generate(MESSAGES, GenerationParams(max_new_tokens=32, stop=(stop,))) == text[: text.index(stop)]
    assert llamacpp_generator.count_tokens(MESSAGES) > 10 and llamacpp_generator.context_length == 2048
    with pytest.raises(LLMError, match="unknown adapter 'nope'"):
        llamacpp_generator.generate(MESSAGES, GenerationParams(adapter="nope"))


def test_the_default_model_is_served_from_a_q8_0_copy_written_once(llamacpp_generator, data_dir):
    served = llamacpp_generator.model_path
    assert served.parent == data_dir / "models" and served.name.endswith(".q8_0.gguf") and "q8_0" in llamacpp_generator.name
    written = served.stat().st_mtime_ns
    options = ["llm.context_length=2048", f"paths.data_dir={json.dumps(str(data_dir))}"]
    again = build_generator(load_config(None, options))
    assert again.model_path == served and served.stat().st_mtime_ns == written  # read from the cache, not written again
    assert again.generate(MESSAGES, GREEDY) == llamacpp_generator.generate(MESSAGES, GREEDY)
    as_given = build_generator(load_config(None, [*options, 'llm.requantize="none"']))
    assert as_given.model_path == default_gguf() and as_given.generate(MESSAGES, GREEDY).strip()


def test_a_file_llama_cpp_cannot_requantize_is_an_error_naming_the_switch(llama_cpp, tmp_path):
    from runtime.model_files import requantized

    junk = tmp_path / "junk.gguf"
    junk.write_bytes(b"GGUF" + bytes(64))  # a GGUF's magic, then nothing llama.cpp can read
    with pytest.raises(LLMError, match='cannot requantize .*junk.gguf to q8_0.*llm.requantize="none"'):
        requantized(junk, "q8_0", tmp_path / "cache")
    assert not list((tmp_path / "cache").glob("*"))  # no partial file left behind to be mistaken for a model


def test_backends_agree_greedily_on_the_same_weights(transformers_generator, llamacpp_generator):
    """Dequantized fp32 in transformers vs llama.cpp's Q8_0 copy of the same Q4_1 weights with 8-bit
    activations: the arithmetic differs, so a greedy path may part after many tokens; the tolerance
    is a common prefix of 3/4 of the text."""
    import os

    a, b = transformers_generator.generate(MESSAGES, GREEDY), llamacpp_generator.generate(MESSAGES, GREEDY)
    assert len(os.path.commonprefix([a, b])) >= 0.75 * min(len(a), len(b)), (a, b)


def test_missing_and_corrupt_model_files(llama_cpp, tmp_path):
    with pytest.raises(LLMError, match="not found"):
        build_generator(load_config(None, [f"llm.model={json.dumps(str(tmp_path / 'none.gguf'))}"]))
    bad = tmp_path / "bad.gguf"
    bad.write_bytes(b"not a model at all")
    with pytest.raises(LLMError, match="is not a GGUF file"):
        build_generator(load_config(None, [f"llm.model={json.dumps(str(bad))}"]))
    truncated = tmp_path / "truncated.gguf"
    truncated.write_bytes(default_gguf().read_bytes()[:4096])
    with pytest.raises(LLMError, match="cannot load"):
        build_generator(load_config(None, [f"llm.model={json.dumps(str(truncated))}"]))


def test_openai_backend_against_a_real_server(llama_server, llamacpp_generator):
    generator = build_generator(
        load_config(
            None, ["llm.backend=openai", f"llm.base_url={json.dumps(llama_server)}", "llm.model=smollm2", "llm.context_length=2048"]
        )
    )
    text = generator.generate(MESSAGES, GREEDY)
    # same engine and weights; the server applies its own default repeat penalty (1.1), which the
    # OpenAI API cannot switch off, so only the start of the greedy path is shared
    assert text.split()[:4] == llamacpp_generator.generate(MESSAGES, GREEDY).split()[:4]
    assert "".join(generator.stream(MESSAGES, GREEDY)) == text == generator.generate(MESSAGES, GREEDY)
    assert generator.count_tokens(MESSAGES) >= llamacpp_generator.count_tokens(MESSAGES)  # the estimate over-counts
    with pytest.raises(LLMError, match="unknown adapter"):
        generator.generate(MESSAGES, GenerationParams(adapter="shopper"))


def test_openai_backend_names_an_unreachable_server():
    generator = build_generator(load_config(None, ["llm.backend=openai", f'llm.base_url="http://127.0.0.1:{free_port()}/v1"']))
    with pytest.raises(LLMError, match="cannot reach the OpenAI-compatible server"):
        generator.generate(MESSAGES, GREEDY)


def test_llamacpp_abandoned_stream_releases_the_model(llamacpp_generator):
    stream = llamacpp_generator.stream(MESSAGES, GenerationParams(max_new_tokens=200))
    next(stream)
    stream.close()
    assert llamacpp_generator.generate(MESSAGES, GREEDY)  # would block forever if the lock were still held


def test_both_backends_score_a_choice_by_its_next_token_alike(transformers_generator, llamacpp_generator):
    """Log-likelihood scoring of single-token choices: the right option ranks first, greedy decoding
    starts with it, and the two backends agree on the same weights (Q4_1 against its dequantized copy)."""
    messages = [Message("user", "Which is a fruit?\n0. car\n1. apple\n2. chair\nAnswer with the number.")]
    scores = {}
    for generator in (llamacpp_generator, transformers_generator):
        scores[generator.name] = generator.next_token_logprobs(messages, ["0", "1", "2"])
        assert max(range(3), key=lambda i: scores[generator.name][i]) == 1
        assert generator.generate(messages, GenerationParams(max_new_tokens=2)).startswith("1")
        assert all(s <= 0 for s in scores[generator.name])
    llama, torch_scores = scores.values()
    assert max(abs(a - b) for a, b in zip(llama, torch_scores, strict=True)) < 0.5
