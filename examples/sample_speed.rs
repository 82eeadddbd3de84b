//! Throughput of the sample generator: `cargo run --release --example sample_speed [days] [calls/day]`.
//!
//! Writes to a sink, so it measures generation (simulation + formatting), not the disk.

use std::time::Instant;

use callscore::sample::{write_sample, SampleEncoding, SampleOptions};

fn main() {
    let mut args = std::env::args().skip(1).map(|a| a.parse::<u32>().expect("a whole number"));
    let days = args.next().unwrap_or(365);
    let calls = args.next().unwrap_or(30_000);
    for encoding in [SampleEncoding::Utf8, SampleEncoding::Gbk] {
        let opts = SampleOptions {
            days,
            agents: SampleOptions::agents_for_calls(calls),
            calls_per_day: Some(calls),
            encoding,
            ..Default::default()
        };
        let started = Instant::now();
        let summary = write_sample(&opts, std::io::sink()).expect("a sink cannot fail");
        let secs = started.elapsed().as_secs_f64();
        println!(
            "{encoding:?}: {} rows, {:.0} MB in {secs:.2} s = {:.0} MB/s ({:.1} M rows/s)",
            summary.rows,
            summary.bytes as f64 / 1e6,
            summary.bytes as f64 / 1e6 / secs,
            summary.rows as f64 / 1e6 / secs
        );
    }
}
