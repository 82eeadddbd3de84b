//! The `callscore` command line.

use std::io::Write as _;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};

mod cli;

#[derive(Parser)]
#[command(name = "callscore", version, about = "Call-centre KPI reports, scorecards and staffing from exported logs")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Read call-record files and print the KPI report.
    #[command(after_help = cli::report::AFTER_HELP)]
    Report(Box<cli::report::ReportArgs>),
    /// Staffing calculator: Erlang C and Erlang A.
    Erlang(cli::erlang::ErlangArgs),
    /// Write a realistic synthetic month of call records (CSV) to stdout or a file.
    Sample(cli::sample::SampleArgs),
    /// Serve the page (carried inside this binary) on 127.0.0.1 only: offline, nothing uploaded.
    Serve(cli::serve::ServeArgs),
}

fn main() {
    let matches = cli::report::with_defaults(Cli::command()).get_matches();
    let cli = Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit());
    let result = match &cli.command {
        Command::Report(args) => cli::report::run(args),
        Command::Erlang(args) => cli::erlang::run(args),
        Command::Sample(args) => cli::sample::run(args),
        Command::Serve(args) => cli::serve::run(args),
    };
    if let Err(message) = result {
        // stderr may be closed too: nothing more to say then.
        let _ = writeln!(std::io::stderr(), "callscore: {}", cli::text::clean(&message));
        std::process::exit(2);
    }
}
