//! `callscore erlang`: the staffing calculator.

/// Options of `callscore erlang`.
#[derive(Debug, clap::Args)]
pub struct ErlangArgs {}

/// Runs the subcommand, printing to stdout.
pub fn run(_args: &ErlangArgs) -> Result<(), String> {
    Err("not yet implemented".into())
}
