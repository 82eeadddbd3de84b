//! Callscore: call-centre KPI reports, agent scorecards and staffing figures from the logs a
//! phone system, ACD or QA tool exports.
//!
//! The engine is pure Rust and streaming: create an [`Analyzer`] from [`Settings`], push byte
//! chunks of any size for each file, then [`Analyzer::finish`] to get a [`Report`]. The same three
//! steps run natively (the `callscore` command) and in the browser (the `wasm` module, compiled
//! only for wasm32).

mod analyzer;
mod call;
mod error;
pub mod ingest;
pub mod kpi;
pub mod pbx;
pub mod people;
mod report;
pub mod sample;
pub mod scorecard;
mod settings;
pub mod staffing;

#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use analyzer::Analyzer;
pub use call::Call;
pub use error::{Error, ErrorKind, Result};
pub use ingest::{FileSummary, Reject};
pub use kpi::{Kpis, Ratio};
pub use report::{
    AgentRow, DayRow, IntervalRow, PatiencePoint, QueueRow, Report, StaffingSummary, TeamRow, WeekdayHourRow, WeekdayIntervalRow,
};
pub use settings::{AbandonVariant, Settings, SlVariant};
