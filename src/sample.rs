//! Synthetic call records for demos and benchmarks.
