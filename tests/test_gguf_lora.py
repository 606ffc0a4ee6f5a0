"""LoRA export to llama.cpp (runtime/gguf_lora.py): the Q/K row permutation, the GGUF layout on a
tiny in-process Llama, the rejection of adapters llama.cpp cannot run, and a parity test on the real
default model: one peft adapter, trained here and exported, changes the transformers and the
llama.cpp backend the same way."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pytest

from runtime.gguf_lora import ExportError, check_adapter_config, export_lora_gguf, main, permute_qk_rows
from tests.tiny_models import tiny_llama

log = logging.getLogger(__name__)

# --- the permutation ------------------------------------------------------------------------------


def test_permutation_known_answer():
    rows = np.arange(16).reshape(16, 1)  # 2 heads of head_dim 8: HF pairs row i with i + 4
    assert permute_qk_rows(rows, 2)[:, 0].tolist() == [0, 4, 1, 5, 2, 6, 3, 7, 8, 12, 9, 13, 10, 14, 11, 15]


def _rope_hf(x: np.ndarray, head_dim: int, position: int) -> np.ndarray:
    """transformers' Llama RoPE: row i of each head rotates with row i + head_dim/2."""
    heads = x.reshape(-1, head_dim)
    half = head_dim // 2
    angle = position * 10000.0 ** (-np.arange(half) / half)
    first, second = heads[:, :half], heads[:, half:]
    rotated = [first * np.cos(angle) - second * np.sin(angle), second * np.cos(angle) + first * np.sin(angle)]
    return np.concatenate(rotated, axis=1).reshape(x.shape)


def _rope_llama_cpp(x: np.ndarray, head_dim: int, position: int) -> np.ndarray:
    """llama.cpp's LLAMA_ROPE_TYPE_NORM: rows 2i and 2i+1 of each head rotate together."""
    heads = x.reshape(-1, head_dim // 2, 2)
    angle = position * 10000.0 ** (-np.arange(head_dim // 2) / (head_dim // 2))
    even, odd = heads[..., 0], heads[..., 1]
    rotated = [even * np.cos(angle) - odd * np.sin(angle), even * np.sin(angle) + odd * np.cos(angle)]
    return np.stack(rotated, axis=-1).reshape(x.shape)


@pytest.mark.parametrize("n_head", [1, 3])
def test_permuted_lora_b_gives_the_same_attention_under_llama_cpp_rope(n_head):
    rng = np.random.default_rng(0)
    head_dim, hidden, rank = 8, 12, 4
    b, a = rng.normal(size=(n_head * head_dim, rank)), rng.normal(size=(rank, hidden))
    x, y = rng.normal(size=hidden), rng.normal(size=hidden)  # the hidden states of a query and a key token
    b_cpp = permute_qk_rows(b, n_head)
    # delta W = B @ A, so permuting the rows of B permutes the rows of the delta and A stays
    np.testing.assert_allclose(b_cpp @ a, permute_qk_rows(b @ a, n_head))
    q_hf, k_hf = _rope_hf(b @ a @ x, head_dim, 5), _rope_hf(b @ a @ y, head_dim, 2)
    q_cpp, k_cpp = _rope_llama_cpp(b_cpp @ a @ x, head_dim, 5), _rope_llama_cpp(b_cpp @ a @ y, head_dim, 2)
    np.testing.assert_allclose(q_cpp, permute_qk_rows(q_hf, n_head), atol=1e-9)
    scores_hf, scores_cpp = (q_hf * k_hf).reshape(n_head, -1).sum(1), (q_cpp * k_cpp).reshape(n_head, -1).sum(1)
    np.testing.assert_allclose(scores_cpp, scores_hf, atol=1e-9)


# --- the file layout, on a tiny Llama -------------------------------------------------------------


@pytest.fixture(scope="module")
def tiny_adapter(tmp_path_factory):
    """(base folder, adapter folder) with random nonzero LoRA weights on all seven Linear kinds."""
    import torch
    from peft import LoraConfig, get_peft_model
    from transformers import AutoModelForCausalLM

    base = tiny_llama(tmp_path_factory.mktemp("tiny"))
    torch.manual_seed(0)
    config = LoraConfig(
        r=4,
        lora_alpha=8,
        lora_dropout=0.0,
        init_lora_weights=False,
        target_modules=["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"],
    )
    folder = tmp_path_factory.mktemp("tiny_adapter")
    get_peft_model(AutoModelForCausalLM.from_pretrained(base), config).save_pretrained(folder)
    return base, folder


def test_export_writes_llama_cpp_names_shapes_and_metadata(tiny_adapter, tmp_path):
    import gguf
    from safetensors.numpy import load_file

    base, folder = tiny_adapter
    out = export_lora_gguf(folder, tmp_path / "tiny.gguf", json.loads((base / "config.json").read_text()))
    reader = gguf.GGUFReader(out)
    expected = {"general.type": "adapter", "general.architecture": "llama", "adapter.type": "lora", "adapter.lora.alpha": 8.0}
    assert {name: reader.fields[name].contents() for name in expected} == expected
    tensors = {t.name: t for t in reader.tensors}
    assert len(tensors) == 2 * 2 * 7 and not list(tmp_path.glob("*.partial"))
    peft_weights = load_file(folder / "adapter_model.safetensors")

    def peft(module: str, which: str) -> np.ndarray:
        return peft_weights[f"base_model.model.model.layers.1.{module}.lora_{which}.weight"]

    # ggml ne order: lora_a [in, rank], lora_b [rank, out]; numpy data (rank, in) and (out, rank)
    q_a, q_b = tensors["blk.1.attn_q.weight.lora_a"], tensors["blk.1.attn_q.weight.lora_b"]
    assert q_a.shape.tolist() == [32, 4] and q_b.shape.tolist() == [4, 32]
    assert tensors["blk.1.attn_k.weight.lora_b"].shape.tolist() == [4, 16]  # 2 KV heads of 8
    assert tensors["blk.1.ffn_down.weight.lora_a"].shape.tolist() == [64, 4]
    np.testing.assert_array_equal(q_a.data, peft("self_attn.q_proj", "A"))
    np.testing.assert_array_equal(q_b.data, permute_qk_rows(peft("self_attn.q_proj", "B"), 4))
    np.testing.assert_array_equal(tensors["blk.1.attn_k.weight.lora_b"].data, permute_qk_rows(peft("self_attn.k_proj", "B"), 2))
    np.testing.assert_array_equal(tensors["blk.1.attn_v.weight.lora_b"].data, peft("self_attn.v_proj", "B"))  # V is not rotated


def test_a_gemma3_adapter_gets_gemma3_names_and_unpermuted_q_k(tmp_path):
    """Gemma 3 runs rotate-half (NEOX) RoPE in llama.cpp as in transformers: Q/K are exported as trained."""
    import gguf
    import torch
    from peft import LoraConfig, get_peft_model
    from safetensors.numpy import load_file
    from transformers import Gemma3ForCausalLM, Gemma3TextConfig

    config = Gemma3TextConfig(
        vocab_size=64, hidden_size=32, intermediate_size=64, num_hidden_layers=2, num_attention_heads=4, num_key_value_heads=1, head_dim=8
    )
    torch.manual_seed(0)
    lora = LoraConfig(r=2, lora_alpha=4, init_lora_weights=False, target_modules=["q_proj", "k_proj", "v_proj", "o_proj"])
    get_peft_model(Gemma3ForCausalLM(config), lora).save_pretrained(tmp_path / "adapter")
    out = export_lora_gguf(tmp_path / "adapter", tmp_path / "gemma.gguf", config.to_dict())
    reader = gguf.GGUFReader(out)
    assert reader.fields["general.architecture"].contents() == "gemma3"
    tensors = {t.name: t.data for t in reader.tensors}
    assert len(tensors) == 2 * 2 * 4
    peft_b = load_file(tmp_path / "adapter" / "adapter_model.safetensors")["base_model.model.model.layers.1.self_attn.q_proj.lora_B.weight"]
    np.testing.assert_array_equal(tensors["blk.1.attn_q.weight.lora_b"], peft_b)
    assert not np.array_equal(permute_qk_rows(peft_b, 4), peft_b)  # the Llama path would have changed it


def test_rslora_scale_is_written_as_an_equivalent_alpha():
    assert check_adapter_config({"r": 16, "lora_alpha": 8, "use_rslora": False}) == (16, 8.0)  # llama.cpp: 8 / 16, as peft
    assert check_adapter_config({"r": 16, "lora_alpha": 8, "use_rslora": True}) == (16, 32.0)  # 32 / 16 == 8 / sqrt(16)


def test_cli_exports_and_reports_errors_with_a_nonzero_exit(tiny_adapter, tmp_path, capsys):
    base, folder = tiny_adapter
    assert main([str(folder), str(tmp_path / "cli.gguf"), "--base", str(base)]) == 0 and (tmp_path / "cli.gguf").is_file()
    with pytest.raises(SystemExit) as exit_info:
        main([str(folder), str(tmp_path / "no.gguf"), "--base", str(tmp_path)])
    assert exit_info.value.code == 2 and "config.json not found" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"use_dora": True}, "use_dora"),
        ({"rank_pattern": {"q_proj": 2}}, "rank_pattern"),
        ({"alpha_pattern": {"q_proj": 4}}, "alpha_pattern"),
        ({"modules_to_save": ["lm_head"]}, "modules_to_save"),
        ({"bias": "lora_only"}, "bias"),
        ({"init_lora_weights": "pissa"}, "path_initial_model_for_weight_conversion"),
        ({"peft_type": "IA3"}, "only LoRA"),
        ({"lora_alpha": 0}, "must be positive"),
    ],
)
def test_rejects_adapter_configs_llama_cpp_cannot_run(tiny_adapter, tmp_path, change, message):
    import shutil

    base, folder = tiny_adapter
    copy = Path(shutil.copytree(folder, tmp_path / "adapter"))
    (copy / "adapter_config.json").write_text(json.dumps(json.loads((folder / "adapter_config.json").read_text()) | change))
    with pytest.raises(ExportError, match=message):
        export_lora_gguf(copy, tmp_path / "out.gguf", json.loads((base / "config.json").read_text()))
    assert not (tmp_path / "out.gguf").exists()


def test_rejects_modules_without_a_gguf_name_and_non_llama_bases(tiny_adapter, tmp_path):
    from peft import LoraConfig, get_peft_model
    from transformers import AutoModelForCausalLM

    base, folder = tiny_adapter
    config = json.loads((base / "config.json").read_text())
    head = get_peft_model(AutoModelForCausalLM.from_pretrained(base), LoraConfig(r=2, target_modules=["q_proj", "lm_head"]))
    head.save_pretrained(tmp_path / "head")
    with pytest.raises(ExportError, match="lm_head.*target_modules among"):
        export_lora_gguf(tmp_path / "head", tmp_path / "head.gguf", config)
    with pytest.raises(ExportError, match="not Llama"):
        export_lora_gguf(folder, tmp_path / "gpt2.gguf", config | {"architectures": ["GPT2LMHeadModel"], "model_type": "gpt2"})
    with pytest.raises(ExportError, match="not in the 1-layer base"):
        export_lora_gguf(folder, tmp_path / "short.gguf", config | {"num_hidden_layers": 1})


# --- parity on the real default model -------------------------------------------------------------
#
# llama.cpp decodes greedily from the Q4_1 file; transformers (the project backend, dequantized f32
# weights, the adapter loaded from its peft folder) reads the same prompt plus llama.cpp's tokens in
# one forward pass. Its logits at each step say which token its own greedy decoding would pick after
# that same prefix, so the two greedy continuations agree exactly as far as those picks match
# llama.cpp's tokens, at the cost of one forward pass instead of 24 decoding steps.

PROMPTS = [
    "Which running shoes do you recommend?",
    "I want a cheap pair of headphones.",
    "Suggest a gift for a coffee lover.",
    "What is a good backpack for school?",
    "Help me pick a winter jacket.",
]
TRAIN_SENTENCES = [
    "BlueTrail running shoes cost $49 and ship free.",
    "Our cheapest headphones are the Aria buds at $19.",
    "The Nordic wool jacket keeps you warm for $120.",
    "Shoppers love the steel coffee mug, only $12.",
    "The Summit backpack fits a 15-inch laptop for $45.",
    "Every order ships free over $35 at ShopAssist.",
]
NEW_TOKENS = 24
LOGIT_TOLERANCE = 2.0  # max |logit difference| between the backends at the end of the prompt
NEAR_TIE = 1.0  # the continuations may part only where transformers' top two tokens are this close
ADAPTERS = (None, "shop")  # None: the base model


@pytest.fixture(scope="session")
def smollm(llm_data_dir, llama_cpp) -> Path:
    """SmolLM2-135M-Instruct dequantized to a transformers folder (~30 s, once per session)."""
    from runtime.base import LLMError
    from runtime.model_files import default_gguf, dequantized_cache

    try:
        return dequantized_cache(default_gguf(), llm_data_dir / "models")  # shared with test_llamacpp_backend
    except LLMError as exc:
        pytest.skip(f"default model unavailable: {exc}")


@pytest.fixture(scope="module")
def shop_adapter(smollm, tmp_path_factory) -> tuple[Path, Path]:
    """(peft folder, exported GGUF) of a LoRA trained for 10 Adam steps on shopping sentences."""
    import torch
    from peft import LoraConfig, get_peft_model
    from transformers import AutoModelForCausalLM, AutoTokenizer

    torch.manual_seed(0)
    tokenizer = AutoTokenizer.from_pretrained(smollm)
    model = get_peft_model(
        AutoModelForCausalLM.from_pretrained(smollm, dtype=torch.float32),
        LoraConfig(r=8, lora_alpha=16, lora_dropout=0.0, target_modules=["q_proj", "k_proj", "v_proj", "o_proj"]),
    )
    batch = tokenizer(TRAIN_SENTENCES, return_tensors="pt", padding=True)
    labels = batch["input_ids"].masked_fill(batch["attention_mask"] == 0, -100)
    optimizer = torch.optim.Adam([p for p in model.parameters() if p.requires_grad], lr=5e-3)
    for _ in range(10):
        model(**batch, labels=labels).loss.backward()
        optimizer.step()
        optimizer.zero_grad()
    folder = tmp_path_factory.mktemp("shop_adapter")
    model.save_pretrained(folder)
    return folder, export_lora_gguf(folder, folder / "shop.gguf", json.loads((smollm / "config.json").read_text()))


@dataclass(frozen=True)
class Run:
    """One prompt through both backends, with or without the adapter."""

    cpp_tokens: tuple[int, ...]  # llama.cpp's greedy continuation, up to NEW_TOKENS or its end of turn
    cpp_prompt_logits: np.ndarray = field(repr=False)  # llama.cpp's next-token logits at the end of the prompt
    hf_logits: np.ndarray = field(repr=False)  # transformers' next-token logits at the prompt's end and after each llama.cpp token

    @property
    def agreed(self) -> int:
        """How many leading tokens of llama.cpp's continuation transformers' greedy decoding picks too."""
        picks = self.hf_logits[: len(self.cpp_tokens)].argmax(axis=1)
        return next((i for i, (pick, token) in enumerate(zip(picks, self.cpp_tokens)) if pick != token), len(self.cpp_tokens))

    @property
    def margin(self) -> float:
        """transformers' logit lead of its own pick over llama.cpp's token where they part (0 if they never do)."""
        if self.agreed == len(self.cpp_tokens):
            return 0.0
        logits = self.hf_logits[self.agreed]
        return float(logits.max() - logits[self.cpp_tokens[self.agreed]])

    @property
    def worst_gap(self) -> tuple[int, float]:
        """(step, logits) where llama.cpp's token lags transformers' top pick the most, over the whole
        continuation: transformers read llama.cpp's own prefix, so this holds past a parting too."""
        gaps = [float(self.hf_logits[i].max() - self.hf_logits[i][t]) for i, t in enumerate(self.cpp_tokens)]
        step = int(np.argmax(gaps)) if gaps else 0
        return step, (gaps[step] if gaps else 0.0)


@dataclass(frozen=True)
class PromptRuns:
    prompt: str
    ids: tuple[int, ...]  # the chat template rendered by the HF tokenizer, tokenized once and fed to both backends
    llama_ids: tuple[int, ...]  # llama.cpp's own tokenization of the same text, for the BOS check
    bos: int  # llama.cpp's BOS token
    runs: dict[str | None, Run]  # by adapter


@pytest.fixture(scope="module")
def generator(smollm, shop_adapter):
    """The project's transformers backend with the adapter loaded from its peft folder as "shop"."""
    from runtime.transformers_backend import TransformersGenerator

    return TransformersGenerator(str(smollm), device="cpu", adapters={"shop": str(shop_adapter[0])})


@pytest.fixture(scope="module")
def results(generator, shop_adapter) -> list[PromptRuns]:
    """Every prompt through the transformers backend and llama.cpp, with and without the adapter."""
    import contextlib

    import llama_cpp
    import torch

    from runtime.model_files import default_gguf

    tokenizer, eos = generator.tokenizer, generator.tokenizer.eos_token_id
    # one thread: on a shared 2-core machine, llama.cpp's spinning thread barriers run 3-10x slower with two
    settings = {"model_path": str(default_gguf()), "n_ctx": 256, "seed": 0, "verbose": False, "logits_all": True, "n_threads": 1}
    llamas = {None: llama_cpp.Llama(**settings), "shop": llama_cpp.Llama(lora_path=str(shop_adapter[1]), **settings)}

    def run(ids: list[int], adapter: str | None) -> Run:
        llama = llamas[adapter]
        llama.reset()
        tokens: list[int] = []
        for token in llama.generate(ids, temp=0.0, repeat_penalty=1.0, reset=True):
            tokens.append(token)
            if token == eos or len(tokens) == NEW_TOKENS:
                break
        cpp_prompt_logits = np.array(llama.scores[len(ids) - 1])
        with contextlib.nullcontext() if adapter else generator.model.disable_adapter(), torch.inference_mode():
            logits = generator.model(input_ids=torch.tensor([ids + tokens])).logits[0, len(ids) - 1 :].float().numpy()
        return Run(tuple(tokens), cpp_prompt_logits, logits)

    out = []
    for prompt in PROMPTS:
        text = tokenizer.apply_chat_template([{"role": "user", "content": prompt}], tokenize=False, add_generation_prompt=True)
        ids = tokenizer(text, add_special_tokens=False)["input_ids"]
        llama_ids = llamas[None].tokenize(text.encode(), add_bos=False, special=True)
        runs = {adapter: run(ids, adapter) for adapter in ADAPTERS}
        out.append(PromptRuns(prompt, tuple(ids), tuple(llama_ids), llamas[None].token_bos(), runs))
        for adapter, r in out[-1].runs.items():
            log.info(
                "%-40r %-4s agree %2d/%d (margin %.2f) llama.cpp: %r",
                prompt,
                adapter or "base",
                r.agreed,
                len(r.cpp_tokens),
                r.margin,
                tokenizer.decode(r.cpp_tokens),
            )
    return out


@pytest.mark.slow
def test_both_backends_read_the_same_prompt_tokens(results):
    for result in results:
        assert result.ids == result.llama_ids, result.prompt
        # SmolLM2's BOS is <|im_start|>, which the template already opens with: adding another would double it
        assert result.ids[0] == result.bos and result.ids[1] != result.bos


@pytest.mark.slow
def test_prompt_logits_agree_with_and_without_the_adapter(results):
    """Next-token logits at the end of each prompt differ by at most LOGIT_TOLERANCE between backends
    (llama.cpp runs the Q4_1 weights with 8-bit activations; transformers the dequantized f32 weights),
    while the adapter moves them by far more. Without the Q/K permutation llama.cpp is 6-10 logits off."""
    for result in results:
        for adapter, run in result.runs.items():
            gap = np.abs(run.hf_logits[0] - run.cpp_prompt_logits).max()
            assert gap <= LOGIT_TOLERANCE, f"{result.prompt!r} adapter={adapter}: backends differ by {gap:.2f} logits"
        shift = np.abs(result.runs["shop"].hf_logits[0] - result.runs[None].hf_logits[0]).max()
        assert shift > 5 * LOGIT_TOLERANCE, f"{result.prompt!r}: the adapter moved the logits by only {shift:.2f}"


@pytest.mark.slow
def test_greedy_continuations_agree_up_to_near_ties(results):
    """Every token of llama.cpp's greedy continuation is transformers' own pick after the same prefix,
    or within NEAR_TIE logits of it. Where two tokens are that close, the rounding of the CPU's SIMD
    kernels decides, so the texts may part there: the same rule holds with and without the adapter
    and on every CPU (an AVX-512 and an AMX machine part at different tokens)."""
    for result in results:
        for adapter, run in result.runs.items():
            step, gap = run.worst_gap
            assert gap < NEAR_TIE, (
                f"{result.prompt!r} adapter={adapter}: llama.cpp's token {step} is {gap:.2f} logits behind transformers' pick"
            )


@pytest.mark.slow
def test_adapter_changes_the_greedy_output_of_both_backends(results):
    """llama.cpp's continuations with and without the adapter differ, and so do transformers' within the
    tokens where it provably decodes the same as llama.cpp."""

    def differ(a: tuple[int, ...], b: tuple[int, ...]) -> bool:
        return a[: min(len(a), len(b))] != b[: min(len(a), len(b))]

    pairs = [(result.runs[None], result.runs["shop"]) for result in results]
    cpp_changed = sum(base.cpp_tokens != shop.cpp_tokens for base, shop in pairs)
    hf_changed = sum(differ(base.cpp_tokens[: base.agreed], shop.cpp_tokens[: shop.agreed]) for base, shop in pairs)
    message = f"of {len(pairs)} prompts the adapter changed {cpp_changed} (llama.cpp) and {hf_changed} (transformers)"
    assert min(cpp_changed, hf_changed) >= len(pairs) - 1, message


@pytest.mark.slow
def test_backend_text_api_decodes_greedily_with_the_adapter(generator):
    """The backend's text API gives the greedy continuation of its own model with the adapter on
    (checked against a plain argmax loop over the same model, so no other backend is involved)."""
    import torch

    from runtime.base import GenerationParams, Message

    tokenizer = generator.tokenizer
    text = tokenizer.apply_chat_template([{"role": "user", "content": PROMPTS[0]}], tokenize=False, add_generation_prompt=True)
    ids = tokenizer(text, add_special_tokens=False)["input_ids"]
    tokens: list[int] = []
    with torch.inference_mode():
        for _ in range(12):
            token = int(generator.model(input_ids=torch.tensor([ids + tokens])).logits[0, -1].argmax())
            if token == tokenizer.eos_token_id:
                break
            tokens.append(token)
    answer = generator.generate([Message("user", PROMPTS[0])], GenerationParams(max_new_tokens=12, adapter="shop"))
    assert len(tokens) >= 4 and answer.strip() == tokenizer.decode(tokens, skip_special_tokens=True).strip(), (
        answer,
        tokenizer.decode(tokens),
    )
