"""Benchmarks: `make bench` prints figures and asserts nothing about speed."""
