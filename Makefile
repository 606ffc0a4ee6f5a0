# The two commands of the README: `make run` (the Gradio app on the demo store, http://127.0.0.1:7860)
# and `make test`. Each sets up .venv when needed.
PY := .venv/bin/python
export HF_HUB_OFFLINE := 1
export TOKENIZERS_PARALLELISM := false

.PHONY: run test

.venv/.ready: pyproject.toml scripts/setup.sh
	bash scripts/setup.sh

run: .venv/.ready
	$(PY) app.py

test: .venv/.ready
	$(PY) -m pytest
