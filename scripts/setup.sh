#!/usr/bin/env bash
# Set up .venv (see scripts/setup.py: llama.cpp compiled for this CPU and checked). Safe to re-run.
set -euo pipefail
cd "$(dirname "$0")/.."
exec python3 scripts/setup.py "$@"
