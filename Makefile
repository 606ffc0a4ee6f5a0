# The two commands of the README: `make run` and `make test`. Each sets up .venv when needed.
PY := .venv/bin/python
export HF_HUB_OFFLINE := 1
export TOKENIZERS_PARALLELISM := false

.PHONY: run test

.venv/.ready: pyproject.toml scripts/setup.sh
	bash scripts/setup.sh

run: .venv/.ready
	.venv/bin/shopassist index
	.venv/bin/shopassist search "wireless headphones for the gym" --max-price 100 --in-stock --k 5

test: .venv/.ready
	$(PY) -m pytest
