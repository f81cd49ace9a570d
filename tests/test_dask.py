"""render_batch on a Dask cluster: the same call as on one machine, with the cluster's executor."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from socialready.batch import render_batch

distributed = pytest.importorskip("distributed", reason="the 'dask' extra is not installed")

ROOT = Path(__file__).parent.parent


def test_render_batch_on_a_local_cluster(tmp_path: Path) -> None:
    inputs = [
        ROOT / "tests" / "data" / "v1" / "agence-12.yaml",
        ROOT / "tests" / "data" / "v1" / "retailer.yaml",
    ]
    bad = tmp_path / "bad.yaml"
    bad.write_text("questionnaire: social-readiness@1.0.0\n", encoding="utf-8")
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        result = render_batch(
            [*inputs, bad], tmp_path / "out", "en", executor=client.get_executor()
        )
    assert [i.status for i in result.items] == ["written", "written", "failed"]
    assert "missing field 'organisation'" in (result.items[2].error or "")
    for item in result.items[:2]:
        assert item.output is not None
        pages = PdfReader(item.output).pages
        assert len(pages) > 10
        assert "Action plan" in "".join(p.extract_text() for p in pages)
