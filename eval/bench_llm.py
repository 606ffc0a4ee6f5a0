"""Benchmark: the LLM backends on the packaged SmolLM2-135M-Instruct Q4_1, on this CPU.

Each case runs in a fresh process, so cold start and peak RSS are its own: raw llama-cpp-python
(the reference), the project's llama.cpp backend (2 threads and 1) with and without a LoRA adapter
(first start converts the peft adapter to GGUF, "-cached" reuses it), transformers
(first start with the GGUF conversion, cached start, with an adapter, merged, bitsandbytes 4-bit)
and the OpenAI-compatible backend against a llama.cpp server on loopback. Reported: cold start,
time to first token, decode tokens/s (tokens counted with the model's tokenizer), peak RSS.

Run: `.venv/bin/python -m eval.bench_llm [--tokens 128] [--cases a,b,...] [--adapter-dir runtime/adapters/support]`
(`--adapter-dir`: a trained adapter folder instead of the few-step one made here). `--model FILE.gguf
--adapter-dir DIR` measures another GGUF (e.g. Gemma 3 270M) on the llama.cpp cases only.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROMPT = [
    {
        "role": "system",
        "content": "You are a shopping assistant. Recommend only from these products:\n"
        "[DS-0008] Sonaro Quietus True Wireless Earbuds, IPX5 - $92.95, 4.4 stars, 6 in stock\n"
        "[DS-0002] Voltrix Arcadia Closed-Back Studio Headphones - $34.99, 4.1 stars, 49 in stock\n"
        "[DS-0001] Aurelle Lumen ANC Over-Ear Headphones, 60h battery - $379.99, 4.8 stars, 106 in stock",
    },
    {
        "role": "user",
        "content": "I run every morning and want headphones under $100. Compare the options in detail and explain which one you would pick and why.",
    },
]
CASES = [
    "raw-llamacpp",
    "llamacpp",
    "llamacpp-1thread",
    "llamacpp+adapter",
    "llamacpp+adapter-cached",
    "transformers-first",
    "transformers",
    "transformers+adapter",
    "transformers+merged",
    "transformers-4bit",
    "openai",
]


def rss_mb() -> float:
    """Peak resident memory of this process in MB (VmHWM: unlike ru_maxrss it restarts at exec)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


LLAMACPP_CASES = [c for c in CASES if "llamacpp" in c]


def run_case(case: str, data_dir: Path, adapter: Path, tokens: int, base_url: str, model: Path | None) -> dict:
    """Load, then stream one greedy reply; runs inside the child process."""
    from assistant.builders import build_generator
    from assistant.config import load_config
    from runtime.base import GenerationParams, Message

    start = time.perf_counter()
    if case == "raw-llamacpp":
        import llama_cpp

        from assistant.builders import served_gguf
        from assistant.config import load_config
        from runtime.llamacpp_backend import chat_formatter, chat_handler

        overrides = [f"llm.model={json.dumps(str(model))}"] if model else []
        served = served_gguf(load_config(None, overrides).llm, data_dir / "models")  # the file the project's llamacpp cases serve
        llm = llama_cpp.Llama(model_path=str(served), n_ctx=4096, n_threads=os.cpu_count(), verbose=False)
        llm.chat_handler = chat_handler(llm, chat_formatter(llm, served.name))  # the layout the project's backend uses
        load_s = time.perf_counter() - start
        stream = (
            c["choices"][0]["delta"].get("content") or ""
            for c in llm.create_chat_completion(messages=PROMPT, max_tokens=tokens, temperature=0, top_k=0, min_p=0.0, stream=True)
        )
    else:
        overrides = [f"paths.data_dir={json.dumps(str(data_dir))}", "llm.device=cpu", "llm.shipped_adapters=false"]
        backend = case.split("+")[0].split("-")[0]
        overrides.append(f"llm.backend={backend}")
        if "adapter" in case or "merged" in case:
            overrides.append(f"llm.adapters=[{json.dumps('shopper=' + str(adapter))}]")
        if "merged" in case:
            overrides.append("llm.merge_adapter=true")
        if "1thread" in case:
            overrides.append("llm.threads=1")
        if "4bit" in case:
            overrides.append('llm.quantization="4bit"')
        if model:
            overrides.append(f"llm.model={json.dumps(str(model))}")
        if backend == "openai":
            overrides += [f"llm.base_url={json.dumps(base_url)}", "llm.model=smollm2"]
        generator = build_generator(load_config(None, overrides))
        load_s = time.perf_counter() - start
        params = GenerationParams(max_new_tokens=tokens, adapter="shopper" if ("adapter" in case or "merged" in case) else None)
        stream = generator.stream([Message(**m) for m in PROMPT], params)
    begin = time.perf_counter()
    first = None
    text = ""
    for piece in stream:
        if piece and first is None:
            first = time.perf_counter()
        text += piece
    end = time.perf_counter()
    return {
        "case": case,
        "load_s": load_s,
        "ttft_s": (first or end) - begin,
        "decode_s": end - (first or end),
        "text": text,
        "rss_mb": rss_mb(),
    }


def make_adapter(folder: Path, cache: Path) -> Path:
    """A LoRA (r=8 on q/k/v/o) trained for a few steps on the dequantized default model."""
    import torch
    from peft import LoraConfig, get_peft_model
    from transformers import AutoModelForCausalLM, AutoTokenizer

    from runtime.model_files import default_gguf, dequantized_cache

    base = dequantized_cache(default_gguf(), cache)
    tokenizer = AutoTokenizer.from_pretrained(base)
    model = get_peft_model(
        AutoModelForCausalLM.from_pretrained(base),
        LoraConfig(r=8, lora_alpha=16, target_modules=["q_proj", "k_proj", "v_proj", "o_proj"], lora_dropout=0.0),
    )
    optimizer = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=1e-3)
    batch = tokenizer(
        ["The Sonaro Quietus earbuds are the best pick for runners under $100.", "Our return window is 30 days from delivery."],
        return_tensors="pt",
        padding=True,
    )
    for _ in range(4):
        loss = model(**batch, labels=batch["input_ids"]).loss
        loss.backward()
        optimizer.step()
        optimizer.zero_grad()
    model.save_pretrained(folder)
    return folder


def start_server(port: int) -> subprocess.Popen:
    """llama-cpp-python's OpenAI-compatible server on loopback, ready to answer."""
    from runtime.model_files import default_gguf

    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "llama_cpp.server",
            "--model",
            str(default_gguf()),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--n_ctx",
            "4096",
            "--n_threads",
            str(os.cpu_count()),
            "--model_alias",
            "smollm2",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(300):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return proc
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("the llama.cpp server did not start")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tokens", type=int, default=128)
    parser.add_argument("--cases", default=",".join(CASES))
    parser.add_argument("--adapter-dir", type=Path, help="a trained adapter folder to serve (default: one made here in a few steps)")
    parser.add_argument("--model", type=Path, help="another GGUF (llama.cpp cases only; needs --adapter-dir trained on it)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--data-dir", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--adapter", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--base-url", default="", help=argparse.SUPPRESS)
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    if args.child:
        print(json.dumps(run_case(args.child, args.data_dir, args.adapter, args.tokens, args.base_url, args.model)))
        return 0
    cases = args.cases.split(",")
    if args.model:
        if not args.adapter_dir:
            parser.error("--model needs --adapter-dir: an adapter trained on that model")
        cases = [c for c in cases if c in LLAMACPP_CASES]
    import llama_cpp

    with tempfile.TemporaryDirectory() as tmp:
        shared, fresh = Path(tmp) / "data", Path(tmp) / "fresh"
        adapter = args.adapter_dir.resolve() if args.adapter_dir else make_adapter(Path(tmp) / "adapter", shared / "models")
        from runtime.model_files import default_gguf, dequantized_cache

        if args.adapter_dir and not args.model:  # what make_adapter does otherwise: the transformers cases start warm
            dequantized_cache(default_gguf(), shared / "models")
        vocab = llama_cpp.Llama(model_path=str(args.model or default_gguf()), vocab_only=True, verbose=False)  # counts output tokens
        port, server = 0, None
        rows = []
        for case in cases:
            if case == "openai" and server is None:
                with socket.socket() as sock:
                    sock.bind(("127.0.0.1", 0))
                    port = sock.getsockname()[1]
                server = start_server(port)
            data_dir = fresh if case == "transformers-first" else shared
            child = subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "eval.bench_llm",
                    "--child",
                    case,
                    "--data-dir",
                    str(data_dir),
                    "--adapter",
                    str(adapter),
                    "--tokens",
                    str(args.tokens),
                    "--base-url",
                    f"http://127.0.0.1:{port}/v1",
                    *(["--model", str(args.model.resolve())] if args.model else []),
                ],
                capture_output=True,
                text=True,
                check=False,
            )
            if child.returncode != 0:
                print(f"{case:<22} failed: {child.stderr.strip().splitlines()[-1] if child.stderr.strip() else child.returncode}")
                continue
            row = json.loads(child.stdout.strip().splitlines()[-1])
            row["tokens"] = len(vocab.tokenize(row["text"].encode("utf-8"), add_bos=False, special=False))
            rows.append(row)
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
    raw = next((r for r in rows if r["case"] == "raw-llamacpp"), None)
    print(f"\n{'case':<22} {'cold start':>10} {'TTFT':>8} {'tokens':>6} {'decode tok/s':>12} {'vs raw':>7} {'peak RSS':>9}")
    for r in rows:
        rate = (r["tokens"] - 1) / r["decode_s"] if r["decode_s"] > 0 and r["tokens"] > 1 else float("nan")
        r["decode_tok_s"] = rate
        ratio = f"{rate / raw['decode_tok_s']:.2f}x" if raw and raw.get("decode_tok_s") else ""
        print(
            f"{r['case']:<22} {r['load_s']:>9.2f}s {r['ttft_s'] * 1000:>6.0f}ms {r['tokens']:>6} {rate:>12.1f} {ratio:>7} {r['rss_mb']:>7.0f}MB"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
