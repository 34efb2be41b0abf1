"""The benchmark's helpers: wrk's report read right, and the bulk figures kept
when bench/run.py rewrites docs/performance.md."""

from types import SimpleNamespace

from bench import bulk, run, wrk

WRK_OUTPUT = """Running 3s test @ http://127.0.0.1:40000/bench/floor/
  2 threads and 4 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     3.10ms    1.20ms  20.00ms   90.00%
    Req/Sec   640.00     50.00   700.00     70.00%
  Latency Distribution
     50%    2.90ms
     75%    3.50ms
     90%    5.28ms
     99%   14.09ms
  3843 requests in 3.01s, 1.00MB read
  Socket errors: connect 0, read 1, write 0, timeout 0
  Non-2xx or 3xx responses: 2
Requests/sec:   1276.70
Transfer/sec:    340.00KB
"""


def test_wrk_report_is_read_into_figures():
    figures = wrk.parse(WRK_OUTPUT)
    assert figures["requests"] == 3843
    assert figures["rate"] == 1276.7
    # Non-2xx/3xx answers and socket errors alike are failed requests.
    assert figures["failures"] == 3
    assert figures["latency_ms"] == {50: 2.9, 75: 3.5, 90: 5.28, 99: 14.09}


def test_cpu_per_request_and_other_activity_come_from_the_run():
    run_ = wrk.WrkRun(
        requests=2000,
        rate=400.0,
        latency_ms={50: 9.0},
        failures=0,
        elapsed=5.0,
        server_cpu=8.0,
        client_cpu=0.5,
        idle_cpu=1.0,
        steal_cpu=0.0,
    )
    assert run_.cpu_ms_per_request() == 4.0
    # 2 CPUs for 5 s: 10 CPU-seconds, 9.5 of them known.
    assert run_.rest(2) == 0.1


def test_bulk_sections_survive_a_rewrite_of_the_page_report(tmp_path):
    path = tmp_path / "performance.md"
    path.write_text("# Performance\n\nold page figures\n")
    options = SimpleNamespace()
    bulk.section_write(path, "SQLite", "| table one |", options)
    bulk.section_write(path, "PostgreSQL", "| table two |", options)
    bulk.section_write(path, "SQLite", "| table one, again |", options)
    text = path.read_text()
    assert "table one, again" in text and "| table one |" not in text
    assert "table two" in text
    # What bench/run.py appends to its new report: both sections, nothing else.
    kept = run.kept_sections(path)
    assert "old page figures" not in kept
    assert "table one, again" in kept and "table two" in kept
