"""Benchmarks of the production server (`make bench`, `make soak`): they measure, they never change the app."""
