# The two commands of the README: `make run` (the Gradio app on the demo store, http://127.0.0.1:7860)
# and `make test`. Each first runs scripts/setup.py, which sets up .venv when needed (llama.cpp
# compiled for this CPU, checked in a child process) and returns at once when nothing changed.
PY := .venv/bin/python
export HF_HUB_OFFLINE := 1
export TOKENIZERS_PARALLELISM := false

.PHONY: setup run test lint

setup:
	@python3 scripts/setup.py

run: setup
	$(PY) app.py

test: setup
	$(PY) -m pytest

lint: setup
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
