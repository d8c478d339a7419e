# pindai: the two Quick start commands are `make demo` and `make test`.
# Both install what is missing first (Debian packages via root/sudo, Python in .venv).
.PHONY: setup demo test test-all bench samples model clean

setup:
	@bash scripts/setup.sh

demo: setup
	@bash scripts/demo.sh

test: setup
	.venv/bin/python -m pytest -q

# Including the slow tests (large batches, long kills).
test-all: setup
	.venv/bin/python -m pytest -q --runslow

bench: setup
	.venv/bin/python bench/bench_ingest.py
	.venv/bin/python bench/bench_watch.py
	.venv/bin/python bench/eval_classifier.py
	.venv/bin/python bench/bench_index.py

# Rebuild the classifier shipped with pindai from the project's corpus (deterministic): the frozen
# training set from the generator in corpus/ (not installed), then the model from that set.
model: setup
	.venv/bin/python scripts/make_training_set.py
	.venv/bin/pindai train --corpus-only

# Regenerate the bundled sample scans in samples/ (deterministic).
samples: setup
	.venv/bin/python scripts/make_samples.py samples

clean:
	rm -rf demo-home bench/out .pytest_cache
