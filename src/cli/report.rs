//! `callscore report`: read files, print the report.

use std::io::{Read, Write};

use callscore::{AbandonVariant, Analyzer, Lang, QaForm, ScorecardDef, Settings, SlVariant};

use super::text::{clean, report_text};

/// Options of `callscore report`. Every setting is optional here: what is not given keeps the
/// value of `Settings::default()`, the one owner of the defaults ([`with_defaults`] shows them in
/// `--help`). Field names are the settings' own, so the help can find each default by name.
#[derive(Debug, clap::Args)]
pub struct ReportArgs {
    /// Call-record files: CSV/TSV/TXT in any supported encoding, .xlsx or .xls.
    #[arg(required = true)]
    files: Vec<std::path::PathBuf>,
    /// Print the whole report as JSON instead of the readable summary.
    #[arg(long)]
    json: bool,
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
    /// Any setting by its name in the settings JSON: KEY=VALUE, the value as JSON (a number,
    /// true/false, a quoted string, an object) or as plain text. Repeatable; applied after the
    /// flags above, so every setting is reachable even without a flag of its own.
    #[arg(long = "set", value_name = "KEY=VALUE", value_parser = parse_pair)]
    set: Vec<(String, String)>,
    /// Bytes per chunk pushed to the engine (results never depend on it).
    #[arg(long, default_value_t = 1 << 20, hide = true)]
    chunk_size: usize,
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

fn parse_sl_variant(s: &str) -> Result<SlVariant, String> {
    serde_json::from_value(serde_json::Value::String(s.replace('-', "_"))).map_err(|_| {
        format!("unknown service-level variant '{s}' (offered, answered, offered-minus-short, with-abandoned)")
    })
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
        let mut s = Settings::default();
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
            s.tz = tz.clone();
        }
        s.timeout_as_abandoned |= self.timeout_as_abandoned;
        s.dedupe &= !self.no_dedupe;
        s.staffing &= !self.no_staffing;
        s.profile = self.profile.clone().or(s.profile);
        s.encoding = self.encoding.clone().or(s.encoding);
        s.delimiter = self.delimiter.or(s.delimiter);
        s.date_order = self.date_order.clone().or(s.date_order);
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

/// Reads every file in chunks and prints the report. Files that cannot be read are reported on
/// stderr and in the report; the exit status is then 1 (2 when no file could be read).
pub fn run(args: &ReportArgs) -> Result<(), String> {
    let mut analyzer = Analyzer::new(args.settings()?).map_err(|e| e.to_string())?;
    let mut failed = 0;
    let mut buf = vec![0u8; args.chunk_size.max(1)];
    for path in &args.files {
        let name = path.display().to_string();
        analyzer.begin_file(&name);
        let mut file = match std::fs::File::open(path) {
            Ok(f) => f,
            Err(e) => {
                eprintln!("callscore: {}", clean(&format!("{name}: {e}")));
                failed += 1;
                let _ = analyzer.end_file();
                continue;
            }
        };
        let mut error = None;
        loop {
            match file.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => {
                    if let Err(e) = analyzer.push(&buf[..n]) {
                        error = Some(e.to_string());
                        break;
                    }
                }
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
    let report = analyzer.finish();
    let mut out = std::io::stdout().lock();
    let written = if args.json {
        serde_json::to_writer(&mut out, &report)
            .map_err(|e| e.to_string())
            .and_then(|()| writeln!(out).map_err(|e| e.to_string()))
    } else {
        out.write_all(report_text(&report, Lang::En).as_bytes()).map_err(|e| e.to_string())
    };
    written?;
    if failed == args.files.len() {
        std::process::exit(2);
    }
    if failed > 0 {
        std::process::exit(1);
    }
    Ok(())
}
