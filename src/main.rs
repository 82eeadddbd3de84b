//! The `callscore` command line.

use clap::{Parser, Subcommand};

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
    Report(cli::report::ReportArgs),
    /// Staffing calculator: Erlang C and Erlang A.
    Erlang(cli::erlang::ErlangArgs),
    /// Write a realistic synthetic month of call records (CSV) to stdout or a file.
    Sample(cli::sample::SampleArgs),
}

fn main() {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Report(args) => cli::report::run(args),
        Command::Erlang(args) => cli::erlang::run(args),
        Command::Sample(args) => cli::sample::run(args),
    };
    if let Err(message) = result {
        eprintln!("callscore: {message}");
        std::process::exit(2);
    }
}
