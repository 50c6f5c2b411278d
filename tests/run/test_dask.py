"""A real Dask LocalCluster with two workers codes exactly what one process codes."""

from __future__ import annotations

import json

import pytest

from tacitus.ingest.readers import read_inputs
from tacitus.run.dask import load_partitions, read_partitions, run_on_cluster
from tacitus.run.local import code_stream
from tacitus.serialize import coding_to_dict
from tacitus.store import open_store


def corpus(tmp_path):
    lines = [
        {"id": f"a{i}", "date": f"2024-03-0{1 + i % 9}", "text": text}
        for i, text in enumerate([
            "Russia criticized NATO on Tuesday. Germany sent aid to Ukraine.",
            "The United States imposed sanctions on Iran. Iran condemned the United States.",
            "Turkish troops attacked Kurdish rebels in Syria.",
            "Egypt hosted the Israeli foreign minister in Cairo.",
            "China threatened Taiwan after the drills. Japan criticized China.",
            "Le ministre a rencontré son homologue allemand à Berlin pour discuter de la guerre en Ukraine.",
            "Syria refused to meet the UN envoy, a diplomat said.",
        ])
    ]
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n{broken\n")
    return path


@pytest.mark.slow
def test_local_cluster_output_equals_single_process(tmp_path, pipeline):
    from distributed import Client, LocalCluster

    path = corpus(tmp_path)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        summary = run_on_cluster(read_inputs([path]), tmp_path / "out", client, partition_size=2)
        workers_used = client.run(lambda: __import__("tacitus.pipeline").pipeline.default_pipeline.cache_info().currsize)
    assert summary.partitions == 4 and summary.failures == 1
    assert len(workers_used) == 2

    from_cluster = [coding_to_dict(x) for x in read_partitions(tmp_path / "out") if hasattr(x, "events")]
    english = [a for a in read_inputs([path]) if hasattr(a, "text") and not a.text.startswith("Le ")]
    local = [coding_to_dict(c) for c in code_stream(pipeline, english)]
    assert [c["article"]["id"] for c in from_cluster] == [c["article"]["id"] for c in local]
    for a, b in zip(from_cluster, local, strict=True):
        a["article"]["language"] = b["article"]["language"] = None  # detected on workers only
        assert a == b
    assert sum(len(c["events"]) for c in local) >= 5

    # Merging the partitions stores everything once; loading again adds nothing.
    with open_store(tmp_path / "t.db") as store:
        loaded = load_partitions(tmp_path / "out", store)
        assert (loaded.stored, loaded.failures, loaded.skipped) == (7, 1, 1)
        assert store.summary().events == sum(len(c["events"]) for c in local)
        again = load_partitions(tmp_path / "out", store)
        assert again.stored == 0 and again.duplicates == 7


def test_a_rerun_skips_written_partitions(tmp_path):
    from tacitus.run.dask import write_partition

    out = tmp_path / "out"
    out.mkdir()
    write_partition(out / "part-00000.parquet", [])

    class NoClient:  # nothing may be submitted: the only partition exists already
        def scheduler_info(self):
            return {"workers": {"w": {}}}

        def submit(self, *a, **k):
            raise AssertionError("submitted a partition that was already written")

    path = tmp_path / "in.jsonl"
    path.write_text('{"text": "Iran threatened Israel."}\n')
    summary = run_on_cluster(read_inputs([path]), out, NoClient())
    assert summary.skipped_partitions == 1 and summary.partitions == 0
