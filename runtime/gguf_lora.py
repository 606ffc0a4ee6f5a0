"""Export a peft LoRA adapter (Llama or Gemma 3 base) to a llama.cpp LoRA GGUF file: the step after
training that lets the llama.cpp backend serve the adapter the transformers backend loads from its folder.

What llama.cpp expects (src/llama-adapter.cpp, convert_lora_to_gguf.py):

- metadata `general.type = "adapter"`, `general.architecture` the base's ("llama", "gemma3"), `adapter.type = "lora"`,
  `adapter.lora.alpha`; the runtime scale is alpha / rank, as in peft (rsLoRA's alpha / sqrt(rank)
  is written as an equivalent alpha);
- per adapted weight `<gguf name>.weight.lora_a` and `.lora_b`, stored as peft stores them:
  A is (rank, in_features) and B is (out_features, rank) in numpy order, i.e. ggml ne = [in, rank]
  and [rank, out]; the loader checks a.ne[0] == W.ne[0], b.ne[1] == W.ne[1], a.ne[1] == b.ne[0];
- Llama Q and K weights in a GGUF have their rows permuted from the Hugging Face rotate-half RoPE
  layout to llama.cpp's interleaved-pair layout (`permute_qk_rows`). delta W = B @ A, so the rows of
  B get the same permutation and A is left as it is. Gemma 3 runs rotate-half RoPE in llama.cpp too
  (NEOX), so its converter leaves Q and K as they are, and so does this export.
"""

from __future__ import annotations

import argparse
import json
import logging
import math
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from runtime.errors import UserError

log = logging.getLogger(__name__)
# Hugging Face model_type (or a GGUF's general.architecture) -> (llama.cpp architecture, Q/K rows permuted)
ARCHITECTURES = {"llama": ("llama", True), "gemma3_text": ("gemma3", False), "gemma3": ("gemma3", False)}
# the Linear layers inside a Llama or Gemma block; other modules (embeddings, lm_head, norms) are not exported
SUPPORTED_MODULES = ("q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj")
# peft's key for one LoRA matrix: base_model.model.<module path>.lora_A.weight (adapter name removed on save)
LORA_KEY = re.compile(r"^base_model\.model\.(?P<module>.+)\.lora_(?P<which>[AB])\.weight$")


class ExportError(UserError, ValueError):
    """An adapter that cannot become a llama.cpp LoRA GGUF; the message names the problem and the fix."""


@dataclass(frozen=True)
class BaseShape:
    """What the export needs of the base model (from its Hugging Face config.json or GGUF metadata)."""

    arch: str  # llama.cpp's architecture name: the tensor names and general.architecture
    permute_qk: bool  # Q/K rows reordered for llama.cpp's interleaved RoPE (Llama)
    n_layers: int  # num_hidden_layers
    n_head: int  # num_attention_heads: Q's row groups for the RoPE permutation
    n_head_kv: int  # num_key_value_heads: K's row groups

    @classmethod
    def from_hf_config(cls, config: dict) -> BaseShape:
        """The shape of a Llama or Gemma 3 config; other architectures are an ExportError."""
        model_type = config.get("model_type")
        if model_type not in ARCHITECTURES and "LlamaForCausalLM" in (config.get("architectures") or []):
            model_type = "llama"
        if model_type not in ARCHITECTURES:
            raise ExportError(
                f"base model is {config.get('architectures') or model_type!r}, not Llama or Gemma 3; only those "
                "bases can be exported (use llama.cpp's convert_lora_to_gguf.py for others)"
            )
        arch, permute = ARCHITECTURES[model_type]
        try:
            n_head = int(config["num_attention_heads"])
            return cls(arch, permute, int(config["num_hidden_layers"]), n_head, int(config.get("num_key_value_heads") or n_head))
        except KeyError as exc:
            raise ExportError(f"base config lacks {exc.args[0]!r}; pass the base model's config.json") from None


def permute_qk_rows(weight: np.ndarray, n_head: int) -> np.ndarray:
    """Rows of a Q/K weight (or LoRA B) from Hugging Face's rotate-half order to llama.cpp's interleaved one.

    Within each head, HF pairs row i with row i + head_dim/2 for a rotation; llama.cpp pairs rows
    2i and 2i+1. Same as llama.cpp's `LlamaModel.permute`.
    """
    rows = weight.shape[0]
    if rows % (2 * n_head):
        raise ExportError(
            f"a Q/K matrix with {rows} rows cannot be split into {n_head} heads of even size; the adapter does not fit this base model"
        )
    return weight.reshape(n_head, 2, rows // n_head // 2, *weight.shape[1:]).swapaxes(1, 2).reshape(weight.shape)


# peft options that change what the adapter computes at inference, beyond W + alpha/r * B @ A
VARIANTS = {
    "use_dora": "llama.cpp has no DoRA; retrain with use_dora=False",
    "rank_pattern": "llama.cpp reads one alpha per file; retrain with a single r and lora_alpha",
    "alpha_pattern": "llama.cpp reads one alpha per file; retrain with a single r and lora_alpha",
    "modules_to_save": "llama.cpp LoRA files hold only low-rank deltas; retrain without modules_to_save",
    "trainable_token_indices": "llama.cpp LoRA files hold only low-rank deltas; retrain without trainable_token_indices",
    "lora_bias": "llama.cpp LoRA files have no bias terms; retrain with lora_bias=False",
    "fan_in_fan_out": "that is for Conv1D (GPT-2) layers, not Llama; retrain without it",
    "target_parameters": "only Linear-module LoRA is supported; use target_modules",
    "layer_replication": "the adapter expects a model with replicated layers; retrain without layer_replication",
    "alora_invocation_tokens": "activated LoRA is not supported; export plain LoRA adapters",
    "use_qalora": "QALoRA pools its inputs, which llama.cpp does not; retrain without it",
    "use_bdlora": "block-diagonal LoRA is not supported; retrain without it",
    "monteclora_config": "Monte Carlo LoRA is not supported; retrain without it",
    "arrow_config": "Arrow routing is not supported; export each expert adapter on its own",
}
# initialisations that also rewrite the base weights, so the adapter alone does not fit the original base
BASE_CHANGING_INITS = ("pissa", "olora", "corda", "loftq", "lora_ga")


def check_adapter_config(config: dict) -> tuple[int, float]:
    """(rank, alpha as llama.cpp reads it) of a plain LoRA config; anything llama.cpp cannot run is an ExportError."""
    if config.get("peft_type", "LORA") != "LORA":
        raise ExportError(f"adapter_config.json: peft_type is {config.get('peft_type')!r}; only LoRA adapters can be exported")
    for key, fix in VARIANTS.items():
        if config.get(key):
            raise ExportError(f"adapter_config.json: {key} is {config[key]!r}; {fix}")
    if config.get("bias", "none") != "none":
        raise ExportError(
            f"adapter_config.json: bias is {config['bias']!r}; llama.cpp LoRA files have no bias terms, retrain with bias='none'"
        )
    init = config.get("init_lora_weights")
    if isinstance(init, str) and init.lower().startswith(BASE_CHANGING_INITS):
        raise ExportError(
            f"adapter_config.json: init_lora_weights is {init!r}, which also changed the base weights; "
            "save with path_initial_model_for_weight_conversion so the adapter fits the original base"
        )
    rank, alpha = config.get("r"), config.get("lora_alpha")
    if not isinstance(rank, int) or not isinstance(alpha, (int, float)) or rank < 1 or alpha <= 0:
        raise ExportError(
            f"adapter_config.json: r={rank!r}, lora_alpha={alpha!r}; both must be positive numbers (llama.cpp treats alpha 0 as scale 1)"
        )
    # llama.cpp scales by alpha / rank; rsLoRA scales by alpha / sqrt(rank)
    return rank, float(alpha) * math.sqrt(rank) if config.get("use_rslora") else float(alpha)


def gguf_pairs(tensors: dict[str, np.ndarray], shape: BaseShape, rank: int) -> dict[str, np.ndarray]:
    """peft's lora_A/lora_B tensors as llama.cpp's `<name>.weight.lora_a/_b`, Q/K rows permuted for Llama."""
    import gguf

    names = gguf.get_tensor_name_map(_arch(shape), shape.n_layers)
    supported = ", ".join(SUPPORTED_MODULES)
    pairs: dict[str, dict[str, np.ndarray]] = {}
    matches = {key: LORA_KEY.match(key) for key in tensors}
    for key, match in matches.items():
        if match is None:
            continue
        module = match["module"]
        if module.rsplit(".", 1)[-1] not in SUPPORTED_MODULES:
            raise ExportError(
                f"adapter targets {module!r}, which has no llama.cpp LoRA tensor here; retrain with target_modules among {supported}"
            )
        target = names.get_name(module)
        if target is None or not target.startswith("blk."):
            raise ExportError(
                f"adapter module {module!r} is not in the {shape.n_layers}-layer base; export against the base it was trained on"
            )
        pairs.setdefault(target, {})[match["which"]] = tensors[key]
    others = [key for key, match in matches.items() if match is None]
    if others:  # checked after the modules, whose error names the fix more precisely
        raise ExportError(
            f"adapter tensor {others[0]!r} is not a LoRA A/B matrix (embedding LoRA, DoRA magnitude or a saved full layer); "
            f"retrain a plain LoRA on {supported}"
        )
    out: dict[str, np.ndarray] = {}
    for target, pair in sorted(pairs.items()):
        if set(pair) != {"A", "B"}:
            raise ExportError(f"adapter has lora_{''.join(pair)} but not both matrices for {target}; the file is incomplete, save it again")
        a, b = pair["A"], pair["B"]
        if a.ndim != 2 or b.ndim != 2 or a.shape[0] != rank or b.shape[1] != rank:
            raise ExportError(
                f"{target}: lora_A {a.shape} / lora_B {b.shape} do not have rank {rank}; "
                "rank patterns are not supported, retrain with a single r"
            )
        if shape.permute_qk and target.endswith(".attn_q"):
            b = permute_qk_rows(b, shape.n_head)
        elif shape.permute_qk and target.endswith(".attn_k"):
            b = permute_qk_rows(b, shape.n_head_kv)
        out[f"{target}.weight.lora_a"] = np.ascontiguousarray(a, dtype=np.float32)
        out[f"{target}.weight.lora_b"] = np.ascontiguousarray(b, dtype=np.float32)
    if not out:
        raise ExportError("adapter has no LoRA tensors; train it before exporting")
    return out


def _arch(shape: BaseShape):
    import gguf

    return next(a for a, name in gguf.MODEL_ARCH_NAMES.items() if name == shape.arch)


def export_lora_gguf(adapter_dir: Path, out_path: Path, base_config: dict) -> Path:
    """Write the peft adapter in `adapter_dir` as a llama.cpp LoRA GGUF at `out_path` (f32) and return the path."""
    import gguf
    from safetensors.torch import load_file

    shape = BaseShape.from_hf_config(base_config)
    config_file, weights_file = adapter_dir / "adapter_config.json", adapter_dir / "adapter_model.safetensors"
    if not config_file.is_file() or not weights_file.is_file():
        raise ExportError(
            f"{adapter_dir} lacks adapter_config.json or adapter_model.safetensors; give the folder written by peft's save_pretrained"
        )
    rank, alpha = check_adapter_config(json.loads(config_file.read_text()))
    # through torch: numpy cannot hold the bfloat16 weights of adapters trained in bf16
    tensors = {k: v.float().numpy() for k, v in load_file(weights_file).items()}
    pairs = gguf_pairs(tensors, shape, rank)

    out_path.parent.mkdir(parents=True, exist_ok=True)
    partial = out_path.with_name(out_path.name + ".partial")
    writer = gguf.GGUFWriter(partial, arch=gguf.MODEL_ARCH_NAMES[_arch(shape)])  # general.architecture = the base's
    try:
        writer.add_type(gguf.GGUFType.ADAPTER)
        writer.add_string(gguf.Keys.Adapter.TYPE, "lora")
        writer.add_float32(gguf.Keys.Adapter.LORA_ALPHA, alpha)
        writer.add_name(adapter_dir.name)
        for name, array in pairs.items():
            writer.add_tensor(name, array)
        writer.write_header_to_file()
        writer.write_kv_data_to_file()
        writer.write_tensors_to_file()
        writer.close()
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    partial.replace(out_path)  # a half-written file is never mistaken for an adapter
    log.info("wrote %s: %d LoRA matrices, rank %d, alpha %g", out_path, len(pairs), rank, alpha)
    return out_path


def main(argv: list[str] | None = None) -> int:
    """CLI: python -m runtime.gguf_lora ADAPTER_DIR OUT.gguf --base MODEL_FOLDER."""
    parser = argparse.ArgumentParser(
        prog="python -m runtime.gguf_lora", description="Convert a peft LoRA adapter (Llama or Gemma 3 base) to a llama.cpp LoRA GGUF file."
    )
    parser.add_argument("adapter_dir", type=Path, help="folder written by peft's save_pretrained")
    parser.add_argument("out", type=Path, help="GGUF file to write")
    parser.add_argument("--base", type=Path, required=True, help="base model folder with its Hugging Face config.json (weights not needed)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    logging.getLogger("gguf").setLevel(logging.WARNING)  # its writer logs the temporary file's name
    base_config = args.base / "config.json"
    try:
        if not base_config.is_file():
            raise ExportError(f"{base_config} not found; --base must be the base model's folder (e.g. the dequantized cache)")
        export_lora_gguf(args.adapter_dir, args.out, json.loads(base_config.read_text()))
    except ExportError as exc:
        parser.exit(2, f"error: {exc}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
