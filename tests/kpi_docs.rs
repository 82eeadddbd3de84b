//! `docs/kpis.md` is made from the engine's KPI catalogue, so the KPI documentation cannot drift
//! from what the engine computes. When the catalogue changes, regenerate it:
//!
//! ```sh
//! CALLSCORE_WRITE_DOCS=1 cargo test --test kpi_docs
//! ```

use callscore::{Direction, Grouping, Unit, CATALOG};

fn unit(u: Unit) -> &'static str {
    match u {
        Unit::Count => "count",
        Unit::Rate => "rate (0–1)",
        Unit::Seconds => "seconds",
        Unit::Hours => "hours",
        Unit::Agents => "agents",
        Unit::Points => "points (0–100)",
        Unit::Score => "score",
        Unit::PerHour => "per hour",
        Unit::PerMinute => "per minute",
        Unit::Amount => "amount (currency)",
        Unit::Average => "average",
        Unit::Flag => "yes/no",
        Unit::Table => "table",
    }
}

fn grouping(g: Grouping) -> &'static str {
    match g {
        Grouping::Totals => "totals",
        Grouping::Queue => "queue",
        Grouping::Campaign => "campaign",
        Grouping::Agent => "agent",
        Grouping::Team => "team",
        Grouping::Day => "day",
        Grouping::Interval => "interval",
        Grouping::WeekdayHour => "weekday×hour",
        Grouping::People => "people (agent, team, centre)",
    }
}

fn render() -> String {
    let mut out = String::from(
        "# KPI catalogue\n\n\
         Generated from the engine's catalogue (`src/model/catalog.rs`) by `tests/kpi_docs.rs`; do not edit by \
         hand. Every KPI with its unit, the direction that is better, whether it adds up across agents, the \
         report tables it appears in, and what is divided by what. Formulas are shown under the default \
         settings; the report's `definitions` give them under the settings used. The page shows the same \
         entries on its glossary, in English and 中文.\n\n\
         ## Where a KPI is null instead of a number\n\n\
         - A rate or mean whose denominator is 0 is null (no calls, no answers, no evaluations).\n\
         - **Agents and teams, queue-side KPIs** (marked *queue-side* below: offered, abandoned, answer and \
         abandon rate, service level, waits): null in every agent (team) row when the source does not name an \
         agent (team) on every unanswered call — abandoned calls usually carry no agent, and “0 abandoned, \
         100 % answered” per agent would look real and be wrong. `report.limits` lists the KPIs and the reason.\n\
         - `aht`, `avg_acw`, `total_handle`: null without after-call-work data (a note says so); `avg_talk` is \
         talk only.\n\
         - `transfer_rate`: null when the source does not record transfers (Anonymous Bank, CDRs).\n\
         - `fcr`: only answered calls whose whole window lies inside the data are judged; the rest are \
         `fcr_unknown`. Null (with a note) when no call can be judged — e.g. data shorter than the window — or \
         the data has no caller ids and no resolved flag. Computed for totals, queues, agents, teams and days, \
         not per interval.\n\
         - `csat`, `csat_mean`: from survey files and call records' own satisfaction column (a survey answer \
         to a call whose record carries one counts once); by queue and day only the call records' answers. \
         `complaints`: null when no file says whether calls or answers were complaints.\n\
         - Agent-time KPIs: null without queue_log sessions or agent-state rows.\n\
         - Chat KPIs: null in every row when no chat log was read; conversion and the order KPIs null when \
         no order export was read. Outbound KPIs: null when no outbound call was read; an agent, team or day \
         without outbound calls has 0 calls and null rates; successes and conversion null (with a note) where a \
         connected call's result does not say whether it succeeded (no code, or only a phone system's ANSWERED). \
         Outbound calls never enter the inbound KPIs.\n\n\
         ## The catalogue\n\n\
         | id | name | 中文 | unit | better | adds up | tables | sample | numerator | denominator |\n\
         |---|---|---|---|---|---|---|---|---|---|\n",
    );
    for d in CATALOG {
        let better = match d.direction {
            Some(Direction::Higher) => "higher",
            Some(Direction::Lower) => "lower",
            None => "–",
        };
        let mut tables: Vec<&str> = d.groupings.iter().map(|g| grouping(*g)).collect();
        if d.queue_side {
            tables.push("*queue-side*");
        }
        out.push_str(&format!(
            "| `{}` | {} | {} | {} | {} | {} | {} | {} | {} | {} |\n",
            d.id,
            d.name.en,
            d.name.zh,
            unit(d.unit),
            better,
            if d.additive { "yes" } else { "no" },
            tables.join(", "),
            d.sample.map_or("–".to_string(), |s| format!("`{}`", s.id())),
            d.numerator.en,
            d.denominator.map_or("–", |t| t.en),
        ));
    }
    out.push_str("\n## Formulas\n\n");
    for d in CATALOG {
        out.push_str(&format!("- `{}`: {}  \n  {}\n", d.id, d.formula.en, d.formula.zh));
    }
    out
}

#[test]
fn docs_kpis_md_is_the_catalogue() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/kpis.md");
    let want = render();
    if std::env::var_os("CALLSCORE_WRITE_DOCS").is_some() {
        std::fs::write(path, &want).expect("docs/kpis.md writable");
    }
    let have = std::fs::read_to_string(path).unwrap_or_default();
    assert!(have == want, "docs/kpis.md is out of date: run CALLSCORE_WRITE_DOCS=1 cargo test --test kpi_docs");
}
