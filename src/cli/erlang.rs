//! `callscore erlang`: the staffing calculator.
//!
//! Without `--agents` it finds the agents required to meet the targets; with `--agents N` it
//! reports how exactly N agents perform. Erlang C always; Erlang A too when `--patience` is
//! given.

use callscore::staffing::{erlang_a, erlang_c, Performance, Request, Staffing, StaffingError, Workload};
use serde_json::{json, Value};

/// Options of `callscore erlang`.
#[derive(Debug, clap::Args)]
pub struct ErlangArgs {
    /// Calls offered in the interval.
    #[arg(long)]
    calls: f64,
    /// Length of the interval, in minutes.
    #[arg(long, value_name = "MIN")]
    interval: f64,
    /// Average handle time, in seconds.
    #[arg(long, value_name = "SECS")]
    aht: f64,
    /// Service level target: share of calls answered within --sl-threshold (e.g. 0.8).
    #[arg(long, value_name = "FRACTION")]
    sl_target: Option<f64>,
    /// The service level threshold, in seconds.
    #[arg(long, value_name = "SECS", default_value_t = 20.0)]
    sl_threshold: f64,
    /// Highest acceptable occupancy (e.g. 0.85).
    #[arg(long, value_name = "F")]
    max_occupancy: Option<f64>,
    /// Share of paid time agents are unavailable; positions = ceil(agents / (1 - shrinkage)).
    #[arg(long, value_name = "F", default_value_t = 0.0)]
    shrinkage: f64,
    /// Highest acceptable probability that a caller waits at all.
    #[arg(long, value_name = "F")]
    max_wait_probability: Option<f64>,
    /// Report the performance of exactly this many agents instead of searching.
    #[arg(long, value_name = "N")]
    agents: Option<u32>,
    /// Mean caller patience, in seconds: adds the Erlang A model (with abandonment).
    #[arg(long, value_name = "SECS")]
    patience: Option<f64>,
    /// Print JSON instead of text.
    #[arg(long)]
    json: bool,
}

/// Runs the subcommand, printing to stdout.
pub fn run(args: &ErlangArgs) -> Result<(), String> {
    let workload = Workload { calls: args.calls, interval_s: args.interval * 60.0, aht_s: args.aht };
    match args.agents {
        Some(agents) => report_agents(args, &workload, agents),
        None => report_required(args, &workload),
    }
}

/// Required agents for the targets.
fn report_required(args: &ErlangArgs, workload: &Workload) -> Result<(), String> {
    if args.sl_target.is_none() && args.max_wait_probability.is_none() {
        return Err("give --sl-target or --max-wait-probability (or --agents N)".into());
    }
    let request = Request {
        calls: args.calls,
        interval_min: args.interval,
        aht_s: args.aht,
        sl_target: args.sl_target,
        sl_threshold_s: args.sl_threshold,
        max_occupancy: args.max_occupancy,
        shrinkage: args.shrinkage,
        max_wait_probability: args.max_wait_probability,
        patience_s: args.patience,
    };
    let required = request.required().map_err(|e| e.to_string())?;
    if args.json {
        print_json(&json!(required))
    } else {
        print_header(args, workload);
        print_staffing("Erlang C", &required.erlang_c, args);
        if let (Some(a), Some(patience)) = (&required.erlang_a, args.patience) {
            print_staffing(&format!("Erlang A (mean patience {patience} s)"), a, args);
        }
        Ok(())
    }
}

/// Performance of a fixed number of agents.
fn report_agents(args: &ErlangArgs, workload: &Workload, agents: u32) -> Result<(), String> {
    let c = erlang_c(workload, agents, args.sl_threshold);
    if let Err(StaffingError::InvalidInput(message)) = &c {
        return Err(format!("invalid input: {message}"));
    }
    let a = match args.patience {
        Some(patience) => {
            Some(erlang_a(workload, agents, patience, args.sl_threshold).map_err(|e| format!("Erlang A: {e}"))?)
        }
        None => None,
    };
    if args.json {
        let c_value = match &c {
            Ok(performance) => json!(performance),
            Err(_) => json!({
                "unstable": true,
                "agents": agents,
                "traffic_erlangs": workload.traffic_erlangs(),
            }),
        };
        let value = json!({
            "traffic_erlangs": workload.traffic_erlangs(),
            "erlang_c": c_value,
            "erlang_a": a,
        });
        print_json(&value)
    } else {
        print_header(args, workload);
        match &c {
            Ok(performance) => {
                println!("Erlang C, {agents} agents:");
                print_performance(performance, args.sl_threshold);
            }
            Err(error) => println!("Erlang C, {agents} agents: {error}"),
        }
        if let (Some(a), Some(patience)) = (a, args.patience) {
            println!("Erlang A (mean patience {patience} s), {agents} agents:");
            print_performance(&a, args.sl_threshold);
        }
        Ok(())
    }
}

fn print_json(value: &Value) -> Result<(), String> {
    let text = serde_json::to_string_pretty(value).map_err(|e| e.to_string())?;
    println!("{text}");
    Ok(())
}

fn print_header(args: &ErlangArgs, workload: &Workload) {
    println!(
        "Traffic: {:.3} erlangs ({} calls in {} min, AHT {} s)",
        workload.traffic_erlangs(),
        args.calls,
        args.interval,
        args.aht
    );
}

fn print_staffing(model: &str, staffing: &Staffing, args: &ErlangArgs) {
    println!(
        "{model}: {} agents required, {} positions after {:.0}% shrinkage",
        staffing.raw_positions,
        staffing.positions,
        args.shrinkage * 100.0
    );
    print_performance(&staffing.performance, args.sl_threshold);
}

fn print_performance(p: &Performance, sl_threshold: f64) {
    println!("  service level {:.1}% answered within {sl_threshold} s, ASA {:.1} s", p.service_level * 100.0, p.asa);
    println!("  P(wait) {:.1}%, occupancy {:.1}%", p.waiting_probability * 100.0, p.occupancy * 100.0);
    if let Some(abandon) = p.abandon_probability {
        println!("  P(abandon) {:.1}%, mean time in queue (all callers) {:.1} s", abandon * 100.0, p.mean_wait);
    }
}
