"""Benchmark and stress scripts; each runs alone (``python benchmarks/NAME.py``). The stress
harness is also imported by ``tests/test_stress.py`` so both run the same code."""
