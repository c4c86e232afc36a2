"""`make bench --only catalogue` at a tiny scale: it imports, measures each lookup beside its
floor and returns numbers (timings are not judged here)."""

from __future__ import annotations

from tests.bench import bench_catalogue, run_all


def test_the_catalogue_benchmark_measures_each_lookup_beside_its_floor() -> None:
    rows = bench_catalogue.run(0.002, lambda text: None, iterations=20)
    assert [r["operation"].split(" (")[0] for r in rows] == [
        "catalogue import, 200 products", "catalogue: product by scanned barcode", "catalogue: find by SKU prefix",
        "catalogue: find by a name word's prefix"]
    assert rows[0]["total_s"] > 0
    for row in rows[1:]:
        assert row["n"] == 20 and 0 < row["p50_ms"] <= row["p99_ms"] and row["floor_p50_ms"] > 0 and row["ratio"] > 0
        run_all.Result(**row)  # fits the table of `make bench`
    assert "catalogue" in run_all.BENCHMARKS
