"""Benchmarks (`make bench`); not part of the test run. See run_all.py."""
