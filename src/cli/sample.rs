//! `callscore sample`: synthetic call records, or a shop's chat log with its orders, or outbound
//! campaigns (`--channel`).

use std::fs::File;
use std::io::{self, BufWriter};
use std::path::PathBuf;

use callscore::sample::{channel_files, write_sample, Channel, HeaderLang, SampleEncoding, SampleOptions};
use chrono::NaiveDate;

/// Options of `callscore sample`.
#[derive(Debug, clap::Args)]
pub struct SampleArgs {
    /// Number of days to simulate.
    #[arg(long, default_value_t = 30, value_parser = clap::value_parser!(u32).range(1..))]
    days: u32,
    /// Agents on the roster. Default 40, or scaled with --calls-per-day (65 calls per agent).
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    agents: Option<u32>,
    /// Seed of the random generator: the same seed gives the same file.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Offered calls on an average weekday (default: 65 per agent: 2,600 for 40 agents, 3,000 on a Monday).
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..))]
    calls_per_day: Option<u32>,
    /// First day, YYYY-MM-DD.
    #[arg(long, default_value = "2026-10-01", value_parser = parse_date)]
    start: NaiveDate,
    /// Language of the header and labels.
    #[arg(long, value_enum, default_value_t = LangArg::En)]
    lang: LangArg,
    /// Text encoding of the output.
    #[arg(long, value_enum, default_value_t = EncodingArg::Utf8)]
    encoding: EncodingArg,
    /// What to simulate: inbound call records, an online shop's chat log and order export (seed
    /// 003), or a dialler's outbound campaigns (seed 002).
    #[arg(long, value_enum, default_value_t = ChannelArg::Calls)]
    channel: ChannelArg,
    /// Write to this file instead of stdout (with --channel chat: a directory, which gets
    /// sample-chat.csv and sample-orders.csv).
    #[arg(long, short)]
    output: Option<PathBuf>,
    /// Also write matching people files into DIR: roster.csv, qa.csv (with a known harsh
    /// evaluator and calibration calls), surveys.csv, attendance.csv, ratings.csv.
    #[arg(long, value_name = "DIR")]
    with_qa: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum ChannelArg {
    Calls,
    Chat,
    Outbound,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum LangArg {
    En,
    Zh,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum EncodingArg {
    #[value(name = "utf-8", alias = "utf8")]
    Utf8,
    #[value(alias = "GBK")]
    Gbk,
}

fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|e| format!("expected YYYY-MM-DD: {e}"))
}

/// Runs the subcommand, writing to stdout or to `--output`.
pub fn run(args: &SampleArgs) -> Result<(), String> {
    let agents = match (args.agents, args.calls_per_day) {
        (Some(n), _) => n,
        (None, Some(calls)) => SampleOptions::agents_for_calls(calls),
        (None, None) => SampleOptions::default().agents,
    };
    let opts = SampleOptions {
        days: args.days,
        agents,
        seed: args.seed,
        calls_per_day: args.calls_per_day,
        start: args.start,
        lang: match args.lang {
            LangArg::En => HeaderLang::En,
            LangArg::Zh => HeaderLang::Zh,
        },
        encoding: match args.encoding {
            EncodingArg::Utf8 => SampleEncoding::Utf8,
            EncodingArg::Gbk => SampleEncoding::Gbk,
        },
    };
    let channel = match args.channel {
        ChannelArg::Calls => Channel::Calls,
        ChannelArg::Chat => Channel::Chat,
        ChannelArg::Outbound => Channel::Outbound,
    };
    if channel != Channel::Calls {
        return other_channel(&opts, channel, args.output.as_deref());
    }
    if let Some(dir) = &args.with_qa {
        std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        let s = callscore::sample::write_people(&opts, dir)
            .map_err(|e| format!("cannot write to {}: {e}", dir.display()))?;
        eprintln!(
            "wrote {} roster rows, {} QA evaluations, {} survey answers, {} attendance days, {} ratings to {}",
            s.roster,
            s.evaluations,
            s.surveys,
            s.attendance,
            s.ratings,
            dir.display()
        );
    }
    match &args.output {
        Some(path) => {
            let file = File::create(path).map_err(|e| format!("cannot create {}: {e}", path.display()))?;
            let summary = write_sample(&opts, BufWriter::new(file))
                .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
            eprintln!(
                "wrote {} calls ({} offered, {} answered, {} abandoned, {} timed out, {} IVR), {:.1} MB to {}",
                summary.rows,
                summary.offered,
                summary.answered,
                summary.abandoned,
                summary.timed_out,
                summary.ivr,
                summary.bytes as f64 / 1e6,
                path.display()
            );
            Ok(())
        }
        None => {
            let stdout = io::stdout().lock();
            match write_sample(&opts, stdout) {
                Ok(_) => Ok(()),
                // `callscore sample | head` is normal use, not an error.
                Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
                Err(e) => Err(format!("cannot write to stdout: {e}")),
            }
        }
    }
}

/// The chat (two files into a directory) or outbound sample (a file or stdout): the same bytes as
/// the page's `sample({channel})`.
fn other_channel(opts: &SampleOptions, channel: Channel, output: Option<&std::path::Path>) -> Result<(), String> {
    let files = channel_files(opts, channel);
    match (channel, output) {
        (Channel::Chat, None) => Err("--channel chat writes two files: give a directory with --output DIR".into()),
        (Channel::Chat, Some(dir)) => {
            std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
            for f in &files {
                let path = dir.join(&f.name);
                std::fs::write(&path, &f.bytes).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
                eprintln!("wrote {} ({:.1} MB)", path.display(), f.bytes.len() as f64 / 1e6);
            }
            Ok(())
        }
        (_, Some(path)) => {
            std::fs::write(path, &files[0].bytes).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
            eprintln!("wrote {} ({:.1} MB)", path.display(), files[0].bytes.len() as f64 / 1e6);
            Ok(())
        }
        (_, None) => {
            use std::io::Write;
            match io::stdout().lock().write_all(&files[0].bytes) {
                Err(e) if e.kind() != io::ErrorKind::BrokenPipe => Err(format!("cannot write to stdout: {e}")),
                _ => Ok(()),
            }
        }
    }
}
