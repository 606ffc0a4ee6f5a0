"""kill -9 at random points, ten trials each: during indexing, during profile writes and during an
adapter's conversion to GGUF. After each kill the store or file must answer consistently (an
interrupted index says so; no acknowledged profile write is lost; no half-written adapter is ever
taken for one), and a re-run must complete. The kill points come from a seeded generator, so a
failure replays; each trial's outcome is printed (`pytest -s`) and counted in the assertion."""

from __future__ import annotations

import json
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TRIALS = 10
pytestmark = pytest.mark.slow

INDEX = """
import json, sys, time
sys.path.insert(0, {root!r})
from pathlib import Path
from retrieval.indexing import Doc, sync
from retrieval.search import HybridIndex
from retrieval.store import ChromaStore, open_client
from tests.fakes import HashEmbedder

class Slow(HashEmbedder):
    def embed_documents(self, texts):
        print("batch", flush=True)
        time.sleep(0.05)
        return super().embed_documents(texts)

tag, check = sys.argv[1], len(sys.argv) > 2
store = ChromaStore(open_client("persistent", Path({path!r})), "kill-trials", "fake/hash-embedder", 64)
if check:  # what a reader sees before the re-run, then the re-run, then what it sees after
    state = store.state()
    before = {{"state": state.state, "warning": HybridIndex.load(store).warning if state.count else ""}}
docs = [Doc(f"d{{i}}", f"document number {{i}} {{tag}}", {{"n": i}}) for i in range({docs})]
summary = sync(store, HashEmbedder() if check else Slow(), docs, batch_size=50)
if check:
    rows = store.load_all()
    print(json.dumps({{"before": before, "after": store.state().state, "count": len(rows.ids),
                      "tagged": sum(t.endswith(tag) for t in rows.documents), "summary": str(summary)}}), flush=True)
"""


def _child(script: str, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", script, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_indexing_killed_at_random_points_is_flagged_and_a_rerun_completes(tmp_path):
    docs, batches = 400, 8
    script = INDEX.format(root=str(ROOT), path=str(tmp_path / "chroma"), docs=docs)
    rng, outcomes = random.Random(16), []
    for trial in range(1, TRIALS + 1):
        proc = _child(script, f"v{trial}")
        wait = rng.randrange(batches + 1)  # batches to let land: 0 (killed while starting) .. all of them
        for _ in range(wait):
            if not proc.stdout.readline():
                break
        time.sleep(rng.uniform(0, 0.05))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        rerun = subprocess.run(
            [sys.executable, "-c", script, f"v{trial}", "check"], capture_output=True, text=True, timeout=120, check=False
        )
        assert rerun.returncode == 0, rerun.stderr[-2000:]
        seen = json.loads(rerun.stdout.strip().splitlines()[-1])
        outcomes.append((trial, wait, seen["before"]["state"], seen["summary"]))
        print(f"index trial {trial}: killed after {wait} batches; a reader saw {seen['before']}; the re-run: {seen['summary']}")
        if seen["before"]["state"] == "indexing":  # interrupted: the reader is told
            assert "incomplete" in seen["before"]["warning"]
            if trial > 1 and wait >= 2:  # an update with batches landed: only the rest is re-embedded
                assert seen["summary"].startswith("added 0, updated ") and "unchanged 0," not in seen["summary"], seen["summary"]
        assert (seen["after"], seen["count"], seen["tagged"]) == ("complete", docs, docs), seen
    interrupted = sum(state == "indexing" for _, _, state, _ in outcomes)
    assert interrupted >= TRIALS // 2, outcomes  # most kills landed mid-sync, not before or after it


PROFILE_WRITES = """
import sys
sys.path.insert(0, {root!r})
from assistant.profiles import Signal, SQLProfileStore, UserProfile
store = SQLProfileStore({path!r})
for i in range(100_000):
    store.add_signal(Signal("alex", f"p{{i}}", "viewed", float(i)))
    if i % 5 == 0:
        store.put(UserProfile("alex", display_name=f"v{{i}}"))
    print(i, flush=True)  # acknowledged: the write above has committed
"""


def test_profile_writes_killed_at_random_points_lose_no_acknowledged_write(tmp_path):
    import sqlalchemy as sa

    from assistant.profiles import Signal, SQLProfileStore

    rng = random.Random(17)
    for trial in range(1, TRIALS + 1):
        path = tmp_path / f"profiles-{trial}.sqlite"
        proc = _child(PROFILE_WRITES.format(root=str(ROOT), path=str(path)))
        acknowledged = -1
        for _ in range(rng.randrange(5, 300)):
            line = proc.stdout.readline()
            if not line:
                break
            acknowledged = int(line)
        time.sleep(rng.uniform(0, 0.02))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        for line in proc.stdout.read().split():  # what it printed before it died: each line, a write committed
            acknowledged = int(line)
        engine = sa.create_engine(f"sqlite:///{path}")
        with engine.connect() as db:
            assert db.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
        engine.dispose()
        store = SQLProfileStore(path)
        ids = [int(s.product_id[1:]) for s in store.signals("alex")]
        print(f"profile trial {trial}: {acknowledged + 1} writes acknowledged, {len(ids)} stored")
        assert ids == list(range(len(ids))) and acknowledged + 1 <= len(ids) <= acknowledged + 2  # at most the one in flight more
        last_put = (len(ids) - 1) // 5 * 5
        assert store.get("alex").display_name in (f"v{last_put}", f"v{last_put - 5}")  # the profile is whole, old or new
        store.add_signal(Signal("alex", "after", "viewed", 1e9))
        assert store.signals("alex")[-1].product_id == "after"  # the store takes writes again


CONVERT = """
import sys, time
sys.path.insert(0, {root!r})
from pathlib import Path
import gguf
from runtime.gguf_lora import export_lora_gguf

if len(sys.argv) > 1:  # hold the write open: "writing" is said with the tensors half on disk
    write = gguf.GGUFWriter.write_tensors_to_file

    def slowly(self, *args, **kwargs):
        print("writing", flush=True)
        time.sleep(0.5)
        return write(self, *args, **kwargs)

    gguf.GGUFWriter.write_tensors_to_file = slowly
config = {config!r}
print("start", flush=True)
export_lora_gguf(Path({adapter!r}), Path({out!r}), config)
"""


def test_adapter_conversion_killed_at_random_points_never_leaves_a_file_taken_for_an_adapter(tmp_path):
    import gguf

    from assistant.builders import source_gguf
    from assistant.config import load_config
    from runtime.gguf_lora import export_lora_gguf
    from runtime.model_files import gguf_hf_config

    base = source_gguf(load_config().llm)
    if not base.is_file():
        pytest.skip(f"the packaged SmolLM2 GGUF is not installed ({base}); `make test` installs it")
    config, adapter = gguf_hf_config(base), ROOT / "runtime" / "adapters" / "support"
    expected = len(gguf.GGUFReader(adapter / "adapter.gguf").tensors)
    rng, finished = random.Random(18), 0
    proc = _child(CONVERT.format(root=str(ROOT), config=config, adapter=str(adapter), out=str(tmp_path / "timed.gguf")))
    assert proc.stdout.readline().strip() == "start"
    began = time.monotonic()
    assert proc.wait(timeout=120) == 0
    took = time.monotonic() - began  # kills land anywhere in a conversion this long, and a little after
    half = TRIALS // 2
    for trial in range(1, TRIALS + 1):
        out = tmp_path / f"support-{trial}.gguf"
        mid_write = trial > half
        proc = _child(CONVERT.format(root=str(ROOT), config=config, adapter=str(adapter), out=str(out)), *(["slow"] if mid_write else []))
        assert proc.stdout.readline().strip() == "start"
        if mid_write:  # the second half: killed while the tensors are being written
            assert proc.stdout.readline().strip() == "writing"
            time.sleep(rng.uniform(0, 0.4))
        else:  # the first half: at a random point of the n-th fifth of the whole run, so all of it is covered
            slot = 1.2 * took / half
            time.sleep(rng.uniform((trial - 1) * slot, trial * slot))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        partial = [p for p in tmp_path.iterdir() if p.name.startswith(out.name + ".")]
        if out.exists():  # only a whole file is ever at the adapter's name
            finished += 1
            assert len(gguf.GGUFReader(out).tensors) == expected
        state = "finished before the kill" if out.exists() else "killed mid-write (a .partial file)" if partial else "no file yet"
        print(f"convert trial {trial} (of a {took:.1f} s conversion): {state}")
        assert not mid_write or (partial and not out.exists())
        export_lora_gguf(adapter, out, config)  # the next start converts again, over any partial file
        assert len(gguf.GGUFReader(out).tensors) == expected
    assert 0 < finished < half  # the random half landed both during and after conversions
