//! `callscore report`: read files, print the report, write the exports.
//!
//! Inputs follow the conventions of ripgrep and xsv: `-` is standard input, a directory stands
//! for the supported files under it, and gzip-compressed files (found by their magic bytes, not
//! their name) are read as what they contain. Output is private by default (no caller numbers,
//! call ids or raw rows unless `--include-callers`), and a closed pipe ends the command quietly.

use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};

use callscore::{
    AbandonVariant, Analyzer, Lang, LocalZone, Message, QaForm, ScorecardDef, Settings, SlVariant, WeekStart,
};

use super::text::{clean, report_text};

/// Examples and exit codes, shown at the end of `callscore report --help`.
pub const AFTER_HELP: &str = "\
Examples:
  callscore report calls.csv                         readable summary
  callscore report --lang zh exports/                every supported file under exports/, in Chinese
  zcat calls.csv.gz | callscore report -             standard input (.gz files are also read directly)
  callscore report --json calls.csv | jq .totals     the report as JSON (no caller numbers or call ids)
  callscore report --xlsx report.xlsx --csv out/ calls.csv   every table as a workbook and as CSV files
  callscore report --settings callscore-settings.json calls.csv   the settings exported by the page
  callscore report --snapshot 2024-01.json jan.csv   also keep January as a snapshot (no caller ids)
  callscore report 2024-*.json                       the year from twelve monthly snapshots (merged
                                                     exactly; FCR as judged in each month)

Exit status:
  0  the report covers every file
  1  some file could not be read (the report covers the others)
  2  no file could be read, or the options are wrong";

/// File names a directory contributes (compressed or not).
const SUPPORTED: [&str; 6] = ["csv", "tsv", "txt", "log", "xlsx", "xls"];

/// Options of `callscore report`. Every setting is optional here: what is not given keeps the
/// value of `Settings::default()`, the one owner of the defaults ([`with_defaults`] shows them in
/// `--help`). Field names are the settings' own, so the help can find each default by name.
#[derive(Debug, clap::Args)]
pub struct ReportArgs {
    /// Files to read: CSV/TSV/TXT/log in any supported encoding, .xlsx or .xls, each possibly
    /// gzip-compressed; `-` reads standard input; a directory reads the supported files under it.
    /// A snapshot (.json written by --snapshot or the page) is recognised by its content and
    /// merged with the rest.
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// Also write a snapshot of what was read to this file: the mergeable tallies, FCR judged per
    /// group and day, people rows without call ids, file accounting and settings — no raw rows,
    /// caller numbers or call ids. Load snapshots later like files, alone or with logs.
    #[arg(long, value_name = "OUT.json")]
    snapshot: Option<PathBuf>,
    /// Print the whole report as JSON instead of the readable summary (aggregates only: no
    /// caller numbers, call ids or raw rows unless --include-callers).
    #[arg(long)]
    json: bool,
    /// Include what identifies callers and calls in the JSON and exports: the call-back list
    /// (caller numbers), each file's preview rows, ids of incomplete calls and of QA calibration
    /// calls.
    #[arg(long)]
    include_callers: bool,
    /// Write every table of the report (totals, queues, agents, teams, days, intervals, staffing,
    /// scorecard, QA …) to one Excel workbook.
    #[arg(long, value_name = "OUT.xlsx")]
    xlsx: Option<PathBuf>,
    /// Write every table of the report as a CSV file (UTF-8 with BOM) into this directory.
    #[arg(long, value_name = "DIR")]
    csv: Option<PathBuf>,
    /// Language of the text report and of the workbook's and CSV files' names: en or zh.
    #[arg(long, value_parser = parse_lang, default_value = "en")]
    lang: Lang,
    /// Start from the settings in this JSON file — a settings object, or the file the page's
    /// "Export settings" writes (its page-only targets are ignored); flags given here override it.
    #[arg(long, value_name = "FILE.json")]
    settings: Option<PathBuf>,
    /// No progress bar on standard error (it is shown only for large inputs on a terminal).
    #[arg(long)]
    no_progress: bool,
    /// Service-level threshold in seconds (answered within T means wait ≤ T).
    #[arg(long = "sl-threshold", value_name = "SECS")]
    sl_threshold_s: Option<u32>,
    /// Service-level denominator: offered, answered, offered-minus-short, with-abandoned.
    #[arg(long, value_parser = parse_sl_variant)]
    sl_variant: Option<SlVariant>,
    /// Abandon-rate denominator: offered, exclude-short, answered-plus-abandoned.
    #[arg(long, value_parser = parse_abandon_variant)]
    abandon_variant: Option<AbandonVariant>,
    /// Abandons with wait ≤ SECS are short abandons (0 = off).
    #[arg(long = "short-abandon", value_name = "SECS")]
    short_abandon_s: Option<u32>,
    /// Answered calls with talk < SECS are short calls.
    #[arg(long = "short-call", value_name = "SECS")]
    short_call_s: Option<u32>,
    /// Interval length in minutes: 15, 30 or 60.
    #[arg(long = "interval", value_name = "MIN")]
    interval_min: Option<u32>,
    /// Repeat-caller FCR window: 24h, 48h, 7d, a number of hours, or off.
    #[arg(long = "fcr-window", value_parser = parse_window)]
    fcr_window_h: Option<u32>,
    /// Time zone for epoch timestamps: an IANA name (Asia/Shanghai) or an offset (+08:00).
    /// [default: this computer's zone]
    #[arg(long)]
    tz: Option<String>,
    /// Count calls that left the queue by timeout, key or empty queue as abandoned.
    #[arg(long)]
    timeout_as_abandoned: bool,
    /// Do not remember call ids: repeated ids are not dropped and surveys/QA that name calls are
    /// not credited to agents (saves about 30 bytes per call on very large files).
    #[arg(long)]
    no_dedupe: bool,
    /// Skip profile detection: generic, anonymous_bank, queue_log, asterisk_cdr, freeswitch_cdr,
    /// agent_state, qa, survey, roster, attendance or ratings.
    #[arg(long)]
    profile: Option<String>,
    /// Skip encoding detection: utf-8, utf-16le, utf-16be, gbk, gb18030, big5, …
    #[arg(long)]
    encoding: Option<String>,
    /// Skip delimiter detection: , ; | or tab.
    #[arg(long, value_parser = parse_delimiter)]
    delimiter: Option<char>,
    /// Order of ambiguous dates like 03/04/2024: ymd, mdy or dmy.
    #[arg(long)]
    date_order: Option<String>,
    /// Map a column: "HEADER=FIELD" (fields: call_id, arrival, date, time, answer, end, wait, talk,
    /// hold, acw, agent, agent_name, team, queue, outcome, caller, direction, resolved,
    /// transferred, satisfaction, complaint, ignore). Repeatable.
    #[arg(long = "column", value_parser = parse_pair)]
    columns: Vec<(String, String)>,
    /// Map an outcome value: "VALUE=OUTCOME" (answered, abandoned, timed_out, ivr, other). Repeatable.
    #[arg(long = "outcome", value_parser = parse_pair)]
    outcomes: Vec<(String, String)>,
    /// Workbook sheet to read (the first when not given).
    #[arg(long)]
    sheet: Option<String>,
    /// Staffing: service level target for the required agents per interval (e.g. 0.8).
    #[arg(long, value_name = "FRACTION")]
    sl_target: Option<f64>,
    /// Staffing: highest acceptable occupancy (e.g. 0.85).
    #[arg(long, value_name = "F")]
    max_occupancy: Option<f64>,
    /// Staffing: share of paid time agents are unavailable (e.g. 0.3).
    #[arg(long, value_name = "F")]
    shrinkage: Option<f64>,
    /// Leave out the required agents per interval (Erlang C and A).
    #[arg(long)]
    no_staffing: bool,
    /// Score agents, teams and the centre with a scorecard: a JSON file, or preset:NAME
    /// (seed002, deneng, small, chat, soft_qa).
    #[arg(long, value_name = "CARD.json|preset:NAME")]
    scorecard: Option<String>,
    /// Score QA evaluations on this form (JSON file, or preset:seed001_checklist /
    /// preset:seed003_soft) instead of the form inferred from the QA files.
    #[arg(long, value_name = "FORM.json|preset:NAME")]
    qa_form: Option<String>,
    /// Filter: the first day read (YYYY-MM-DD, inclusive, the data's time zone).
    #[arg(long, value_name = "DAY", help_heading = "Filters and periods")]
    from: Option<String>,
    /// Filter: the last day read (YYYY-MM-DD, inclusive).
    #[arg(long, value_name = "DAY", help_heading = "Filters and periods")]
    to: Option<String>,
    /// Filter: read only this queue's calls (repeatable).
    #[arg(long = "queue", value_name = "QUEUE", help_heading = "Filters and periods")]
    queues: Vec<String>,
    /// Filter: leave out this queue (repeatable).
    #[arg(long = "exclude-queue", value_name = "QUEUE", help_heading = "Filters and periods")]
    exclude_queues: Vec<String>,
    /// Filter: read only this agent's calls and people rows, by id or name (repeatable).
    #[arg(long = "agent", value_name = "AGENT", help_heading = "Filters and periods")]
    agents: Vec<String>,
    /// Filter: leave out this agent (repeatable).
    #[arg(long = "exclude-agent", value_name = "AGENT", help_heading = "Filters and periods")]
    exclude_agents: Vec<String>,
    /// Filter: read only this team, the call's or the roster's (repeatable).
    #[arg(long = "team", value_name = "TEAM", help_heading = "Filters and periods")]
    teams: Vec<String>,
    /// Filter: leave out this team (repeatable).
    #[arg(long = "exclude-team", value_name = "TEAM", help_heading = "Filters and periods")]
    exclude_teams: Vec<String>,
    /// The first day of a week in by_week: monday (ISO weeks) or sunday.
    #[arg(long, value_name = "DAY", value_parser = parse_week_start, help_heading = "Filters and periods")]
    week_start: Option<WeekStart>,
    /// The day of the month an appraisal month (考核周期) starts on, 1–28 (26: the 26th to the 25th).
    #[arg(long, value_name = "DAY", help_heading = "Filters and periods")]
    month_starts_on_day: Option<u32>,
    /// The period a comparison is about: 2024-02, 2024-W05, 2024-02-01 or 2024-02-01..2024-02-15
    /// (default: the latest appraisal month of the data).
    #[arg(long, value_name = "PERIOD", help_heading = "Filters and periods")]
    period: Option<String>,
    /// Compare the period with: previous, last_year, or another period as for --period.
    #[arg(long, value_name = "PERIOD", help_heading = "Filters and periods")]
    compare_with: Option<String>,
    /// Any setting by its name in the settings JSON: KEY=VALUE, the value as JSON (a number,
    /// true/false, a quoted string, an object) or as plain text. Repeatable; applied after the
    /// flags above, so every setting is reachable even without a flag of its own.
    #[arg(long = "set", value_name = "KEY=VALUE", value_parser = parse_pair)]
    set: Vec<(String, String)>,
    /// Inputs of at least this many bytes get the progress bar (when standard error is a terminal).
    #[arg(long, default_value_t = 32 << 20, hide = true)]
    progress_threshold: u64,
    /// Bytes per chunk pushed to the engine (results never depend on it).
    #[arg(long, default_value_t = 1 << 20, hide = true)]
    chunk_size: usize,
    /// Threads reading one file (default: every core). A file is split into byte ranges at
    /// record boundaries, read in parallel and merged; the report is the same with any number.
    /// Compressed files, standard input, workbooks and people files are read by one thread.
    #[arg(long, value_name = "N")]
    threads: Option<usize>,
}

impl ReportArgs {
    fn threads(&self) -> usize {
        self.threads.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get())).max(1)
    }
}

/// Adds "[default: …]" to the help of every `report` option that is a setting, reading the value
/// from `Settings::default()` so the defaults are written down once.
pub fn with_defaults(cmd: clap::Command) -> clap::Command {
    let defaults = serde_json::to_value(Settings::default()).unwrap_or_default();
    cmd.mut_subcommand("report", |sub| {
        let ids: Vec<String> = sub.get_arguments().map(|a| a.get_id().to_string()).collect();
        ids.into_iter().fold(sub, |sub, id| {
            let shown = match defaults.get(&id) {
                Some(serde_json::Value::Number(n)) => n.to_string(),
                Some(serde_json::Value::String(s)) => s.replace('_', "-"),
                _ => return sub,
            };
            sub.mut_arg(id, |arg| {
                let help = arg.get_help().map(|h| h.to_string()).unwrap_or_default();
                arg.help(format!("{help} [default: {shown}]"))
            })
        })
    })
}

fn parse_lang(s: &str) -> Result<Lang, String> {
    Lang::from_id(s).ok_or_else(|| format!("unknown language '{s}' (en, zh)"))
}

fn parse_sl_variant(s: &str) -> Result<SlVariant, String> {
    serde_json::from_value(serde_json::Value::String(s.replace('-', "_"))).map_err(|_| {
        format!("unknown service-level variant '{s}' (offered, answered, offered-minus-short, with-abandoned)")
    })
}

fn parse_week_start(s: &str) -> Result<WeekStart, String> {
    serde_json::from_value(serde_json::Value::String(s.trim().to_ascii_lowercase()))
        .map_err(|_| format!("unknown first day of the week '{s}' (monday, sunday)"))
}

fn parse_abandon_variant(s: &str) -> Result<AbandonVariant, String> {
    serde_json::from_value(serde_json::Value::String(s.replace('-', "_")))
        .map_err(|_| format!("unknown abandon-rate variant '{s}' (offered, exclude-short, answered-plus-abandoned)"))
}

fn parse_window(s: &str) -> Result<u32, String> {
    let s = s.trim().to_ascii_lowercase();
    let bad = || format!("unknown FCR window '{s}' (24h, 48h, 7d, a number of hours, or off)");
    if s == "off" || s == "0" {
        return Ok(0);
    }
    if let Some(d) = s.strip_suffix('d') {
        return d.parse::<u32>().map(|d| d * 24).map_err(|_| bad());
    }
    s.trim_end_matches('h').parse().map_err(|_| bad())
}

fn parse_delimiter(s: &str) -> Result<char, String> {
    match s {
        "tab" | "\\t" | "\t" => Ok('\t'),
        "," | ";" | "|" => Ok(s.chars().next().unwrap_or(',')),
        _ => Err(format!("delimiter must be , ; | or tab, not '{s}'")),
    }
}

fn parse_pair(s: &str) -> Result<(String, String), String> {
    s.rsplit_once('=')
        .map(|(a, b)| (a.to_string(), b.trim().to_string()))
        .ok_or_else(|| format!("expected NAME=VALUE, got '{s}'"))
}

/// A settings file: a settings object, or the page's export `{"settings": {…}, "targets": …}`.
fn load_settings(path: &Path) -> Result<Settings, String> {
    let shown = path.display();
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read settings {shown}: {e}"))?;
    let mut value: serde_json::Value = serde_json::from_str(&text).map_err(|e| format!("{shown}: {e}"))?;
    if let Some(inner) = value.get_mut("settings") {
        value = inner.take();
    }
    serde_json::from_value(value).map_err(|e| format!("{shown}: {e}"))
}

fn load_scorecard(arg: &str) -> Result<ScorecardDef, String> {
    if let Some(name) = arg.strip_prefix("preset:") {
        return callscore::preset(name).map_err(|e| e.to_string());
    }
    let text = std::fs::read_to_string(arg).map_err(|e| format!("cannot read scorecard {arg}: {e}"))?;
    ScorecardDef::from_json(&text).map_err(|e| format!("{arg}: {e}"))
}

fn load_qa_form(arg: &str) -> Result<QaForm, String> {
    if let Some(name) = arg.strip_prefix("preset:") {
        return callscore::qa_form_preset(name).map_err(|e| e.to_string());
    }
    let text = std::fs::read_to_string(arg).map_err(|e| format!("cannot read QA form {arg}: {e}"))?;
    let form: QaForm = serde_json::from_str(&text).map_err(|e| format!("{arg}: qa_form: {e}"))?;
    form.validate().map_err(|e| format!("{arg}: {e}"))?;
    Ok(form)
}

impl ReportArgs {
    /// The settings: the defaults, with what the command line gives on top.
    fn settings(&self) -> Result<Settings, String> {
        let mut s = match &self.settings {
            Some(path) => load_settings(path)?,
            None => Settings::default(),
        };
        let set = |target: &mut u32, v: Option<u32>| {
            if let Some(v) = v {
                *target = v;
            }
        };
        set(&mut s.sl_threshold_s, self.sl_threshold_s);
        set(&mut s.short_abandon_s, self.short_abandon_s);
        set(&mut s.short_call_s, self.short_call_s);
        set(&mut s.interval_min, self.interval_min);
        set(&mut s.fcr_window_h, self.fcr_window_h);
        if let Some(v) = self.sl_variant {
            s.sl_variant = v;
        }
        if let Some(v) = self.abandon_variant {
            s.abandon_variant = v;
        }
        if let Some(tz) = &self.tz {
            s.tz = Some(tz.clone());
        }
        s.timeout_as_abandoned |= self.timeout_as_abandoned;
        s.dedupe &= !self.no_dedupe;
        s.staffing &= !self.no_staffing;
        s.profile = self.profile.clone().or(s.profile);
        s.encoding = self.encoding.clone().or(s.encoding);
        s.delimiter = self.delimiter.or(s.delimiter);
        s.date_order = self.date_order.clone().or(s.date_order);
        s.from = self.from.clone().or(s.from);
        s.to = self.to.clone().or(s.to);
        for (mine, flag) in [
            (&mut s.queues, &self.queues),
            (&mut s.exclude_queues, &self.exclude_queues),
            (&mut s.agents, &self.agents),
            (&mut s.exclude_agents, &self.exclude_agents),
            (&mut s.teams, &self.teams),
            (&mut s.exclude_teams, &self.exclude_teams),
        ] {
            mine.extend(flag.iter().cloned());
        }
        s.week_start = self.week_start.unwrap_or(s.week_start);
        set(&mut s.month_starts_on_day, self.month_starts_on_day);
        s.period = self.period.clone().or(s.period);
        s.compare_with = self.compare_with.clone().or(s.compare_with);
        s.columns.extend(self.columns.iter().cloned());
        s.outcomes.extend(self.outcomes.iter().cloned());
        s.sheet = self.sheet.clone().or(s.sheet);
        if let Some(v) = self.sl_target {
            s.sl_target = v;
        }
        s.max_occupancy = self.max_occupancy.or(s.max_occupancy);
        if let Some(v) = self.shrinkage {
            s.shrinkage = v;
        }
        if let Some(card) = &self.scorecard {
            s.scorecard = Some(load_scorecard(card)?);
        }
        if let Some(form) = &self.qa_form {
            s.qa_form = Some(load_qa_form(form)?);
        }
        if self.set.is_empty() {
            return Ok(s);
        }
        // --set goes through the same serde checks as the page's settings (unknown keys refused).
        let mut value = serde_json::to_value(&s).map_err(|e| e.to_string())?;
        for (key, raw) in &self.set {
            let v = serde_json::from_str(raw).unwrap_or_else(|_| serde_json::Value::String(raw.clone()));
            value[key.as_str()] = v;
        }
        serde_json::from_value(value).map_err(|e| format!("--set: {e}"))
    }
}

/// One input: standard input or a file.
enum Input {
    Stdin,
    File(PathBuf),
}

impl Input {
    fn name(&self) -> String {
        match self {
            Input::Stdin => "-".to_string(),
            Input::File(p) => p.display().to_string(),
        }
    }
}

/// The inputs the arguments stand for: `-` is standard input, a directory every supported file
/// under it (sorted, hidden files skipped), anything else a file.
fn inputs(args: &[PathBuf]) -> Result<Vec<Input>, String> {
    let mut out = Vec::new();
    for a in args {
        if a.as_os_str() == "-" {
            out.push(Input::Stdin);
        } else if a.is_dir() {
            let before = out.len();
            walk(a, &mut out).map_err(|e| format!("{}: {e}", a.display()))?;
            if out.len() == before {
                return Err(format!("{}: no supported files (.{}, also gzipped)", a.display(), SUPPORTED.join(", .")));
            }
        } else {
            out.push(Input::File(a.clone()));
        }
    }
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<Input>) -> std::io::Result<()> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)?.map(|e| e.map(|e| e.path())).collect::<Result<_, _>>()?;
    entries.sort();
    for p in entries {
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name.starts_with('.') {
            continue;
        }
        if p.is_dir() {
            walk(&p, out)?;
        } else if supported(name) {
            out.push(Input::File(p));
        }
    }
    Ok(())
}

fn supported(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    let base = lower.strip_suffix(".gz").unwrap_or(&lower);
    base.rsplit_once('.').is_some_and(|(_, ext)| SUPPORTED.contains(&ext))
}

/// A reader of the input's bytes, decompressed when they start with gzip's magic bytes.
fn open(input: &Input) -> std::io::Result<Box<dyn Read>> {
    let raw: Box<dyn Read> = match input {
        Input::Stdin => Box::new(std::io::stdin().lock()),
        Input::File(p) => Box::new(std::fs::File::open(p)?),
    };
    let mut buffered = std::io::BufReader::with_capacity(1 << 16, raw);
    let head = std::io::BufRead::fill_buf(&mut buffered)?;
    if head.starts_with(&[0x1f, 0x8b]) {
        // Concatenated gzip members (as `cat a.gz b.gz` makes) are one stream, as gunzip reads them.
        Ok(Box::new(flate2::bufread::MultiGzDecoder::new(buffered)))
    } else {
        Ok(Box::new(buffered))
    }
}

/// Reads a plain file on disk with `threads` threads ([`Analyzer::read_file_with_progress`]),
/// the progress bar moving as it goes: `None` for standard input, compressed files and a single
/// thread, which are read as a stream.
fn read_in_ranges(
    analyzer: &mut Analyzer,
    input: &Input,
    name: &str,
    threads: usize,
    progress: &mut Progress,
) -> Option<Result<(), String>> {
    let Input::File(path) = input else { return None };
    if threads < 2 {
        return None;
    }
    let file = std::fs::File::open(path).ok()?;
    let size = file.metadata().ok()?.len();
    let mut magic = [0u8; 2];
    let n = callscore::ReadAt::read_at(&file, &mut magic, 0).ok()?;
    if n == 2 && magic == [0x1f, 0x8b] {
        return None;
    }
    let before = progress.done;
    let result =
        analyzer.read_file_with_progress(name, &file, size, threads, &mut |read| progress.reach(before + read, name));
    // The whole file counts as done, also when reading stopped at an error: the bar goes on
    // with the next file.
    progress.reach(before + size, name);
    Some(result.map(|_| ()).map_err(|e| e.to_string()))
}

/// The computer's zone, for epoch timestamps when `--tz` is not given: `TZ` when it names a
/// zone, else what the system says (`/etc/localtime`, the Windows or macOS setting).
fn system_zone() -> LocalZone {
    let from_env = std::env::var("TZ").ok().map(|t| t.trim_start_matches(':').to_string());
    match from_env.filter(|t| !t.is_empty() && !t.starts_with('/')).or_else(|| iana_time_zone::get_timezone().ok()) {
        Some(zone) => LocalZone::System(zone),
        None => LocalZone::Unknown,
    }
}

/// A progress bar on standard error, drawn at most ten times a second and only when standard
/// error is a terminal and the input is large (small inputs finish before it would help).
struct Progress {
    on: bool,
    total: u64,
    done: u64,
    started: std::time::Instant,
    drawn: Option<std::time::Instant>,
}

impl Progress {
    fn new(inputs: &[Input], disabled: bool, threshold: u64) -> Progress {
        let total: u64 = inputs
            .iter()
            .map(|i| match i {
                Input::File(p) => std::fs::metadata(p).map_or(0, |m| m.len()),
                Input::Stdin => 0,
            })
            .sum();
        let on = !disabled && std::io::stderr().is_terminal() && total >= threshold;
        Progress { on, total, done: 0, started: std::time::Instant::now(), drawn: None }
    }

    fn advance(&mut self, bytes: u64, name: &str) {
        self.reach(self.done + bytes, name);
    }

    /// Draws the bar at `done` bytes of all the inputs read (a file read with threads tells how
    /// far it is, not by how much it moved); never back.
    fn reach(&mut self, done: u64, name: &str) {
        self.done = self.done.max(done);
        if !self.on || self.drawn.is_some_and(|t| t.elapsed().as_millis() < 100) {
            return;
        }
        self.drawn = Some(std::time::Instant::now());
        let share = if self.total > 0 { (self.done as f64 / self.total as f64).min(1.0) } else { 0.0 };
        let filled = (share * 30.0) as usize;
        let secs = self.started.elapsed().as_secs_f64().max(0.001);
        let rate = self.done as f64 / secs / 1e6;
        let name: String = name.chars().rev().take(30).collect::<Vec<_>>().into_iter().rev().collect();
        let _ = write!(
            std::io::stderr(),
            "\r[{}{}] {:>3.0}% {rate:.0} MB/s {name}\x1b[K",
            "#".repeat(filled),
            " ".repeat(30 - filled),
            share * 100.0
        );
    }

    /// Every input read: the bar, if drawn, gives way to a line saying the report is being built
    /// (a second or more for a large file), until [`Progress::finish`].
    fn building(&mut self, lang: Lang) {
        if self.on && self.drawn.is_some() {
            let _ = write!(std::io::stderr(), "\r{}\x1b[K", Message::TextBuildingReport.render(lang));
        }
    }

    /// Clears the line, if anything was drawn (once: also when dropped, on an early return).
    fn finish(&mut self) {
        if self.on && self.drawn.take().is_some() {
            let _ = write!(std::io::stderr(), "\r\x1b[K");
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.finish();
    }
}

/// Reads every input in chunks, then prints the report and writes the exports. Inputs that
/// cannot be read are reported on stderr and in the report; the exit status is then 1 (2 when
/// none could be read).
pub fn run(args: &ReportArgs) -> Result<(), String> {
    let inputs = inputs(&args.files)?;
    let mut analyzer = Analyzer::with_local_zone(args.settings()?, &system_zone()).map_err(|e| e.to_string())?;
    let mut failed = 0;
    let mut buf = vec![0u8; args.chunk_size.max(1)];
    let mut progress = Progress::new(&inputs, args.no_progress, args.progress_threshold);
    for input in &inputs {
        let name = input.name();
        if let Some(result) = read_in_ranges(&mut analyzer, input, &name, args.threads(), &mut progress) {
            if let Err(e) = result {
                eprintln!("callscore: {}", clean(&e));
                failed += 1;
            }
            continue;
        }
        analyzer.begin_file(&name);
        let mut reader = match open(input) {
            Ok(r) => r,
            Err(e) => {
                eprintln!("callscore: {}", clean(&format!("{name}: {e}")));
                failed += 1;
                let _ = analyzer.end_file();
                continue;
            }
        };
        if let Input::File(p) = input {
            if let Ok(m) = std::fs::metadata(p) {
                analyzer.expect_bytes(m.len());
            }
        }
        let mut error = None;
        loop {
            match reader.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => {
                    progress.advance(n as u64, &name);
                    if let Err(e) = analyzer.push(&buf[..n]) {
                        error = Some(e.to_string());
                        break;
                    }
                }
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => {
                    error = Some(format!("{name}: {e}"));
                    break;
                }
            }
        }
        if let Err(e) = analyzer.end_file() {
            error.get_or_insert(e.to_string());
        }
        if let Some(e) = error {
            // The error can quote the file (its first row, a value): escaped like the report.
            eprintln!("callscore: {}", clean(&e));
            failed += 1;
        }
    }
    progress.building(args.lang);
    if let Some(path) = &args.snapshot {
        analyzer.close();
        std::fs::write(path, analyzer.snapshot()).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    // Not `analyzer.finish()`, which drops the analyzer before the report is written: see the
    // `forget` below.
    analyzer.close();
    let settings = analyzer.settings().clone();
    let full = analyzer.report(&settings);
    progress.finish();
    let report = if args.include_callers { full } else { full.without_callers() };
    write_exports(args, &report)?;
    // Buffered: the JSON is written in many small pieces, and standard output alone flushes at
    // every line break it finds in them (a twentieth of a 20 MB file's run went to looking).
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    let written = if args.json {
        serde_json::to_writer(&mut out, &report)
            .map_err(std::io::Error::from)
            .and_then(|()| writeln!(out))
            .and_then(|()| out.flush())
    } else {
        out.write_all(report_text(&report, args.lang).as_bytes()).and_then(|()| out.flush())
    };
    match written {
        // `callscore report … | head`: the reader has what it wanted; end quietly.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
        Err(e) => return Err(format!("standard output: {e}")),
        Ok(()) => {}
    }
    // The process ends here. The analyzer and the report hold hundreds of thousands of
    // allocations (a 1 GB file's 15-minute tallies, each with its histograms, the duplicate
    // index, the repeat-caller runs): freeing them one by one took about 45 ms of the main
    // thread's time in a 2.7 s run (perf, 1 GB, defaults), and the system takes the memory back
    // at once.
    std::mem::forget(analyzer);
    std::mem::forget(report);
    if failed == inputs.len() {
        std::process::exit(2);
    }
    if failed > 0 {
        std::process::exit(1);
    }
    Ok(())
}

/// `--xlsx` and `--csv`: every table, names in `--lang`.
fn write_exports(args: &ReportArgs, report: &callscore::Report) -> Result<(), String> {
    if args.xlsx.is_none() && args.csv.is_none() {
        return Ok(());
    }
    let tables = callscore::export::tables(report, args.include_callers);
    if let Some(path) = &args.xlsx {
        let bytes = callscore::export::xlsx::to_xlsx(&tables, args.lang).map_err(|e| e.to_string())?;
        std::fs::write(path, bytes).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    if let Some(dir) = &args.csv {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        for t in &tables {
            let path = dir.join(format!("{}.csv", t.id));
            let text = callscore::export::csv::to_csv(t, args.lang);
            std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
        }
    }
    Ok(())
}
