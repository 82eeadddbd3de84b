//! `callscore sample`: synthetic call records.

/// Options of `callscore sample`.
#[derive(Debug, clap::Args)]
pub struct SampleArgs {}

/// Runs the subcommand, printing to stdout.
pub fn run(_args: &SampleArgs) -> Result<(), String> {
    Err("not yet implemented".into())
}
