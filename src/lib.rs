//! Callscore: call-centre KPI reports, agent scorecards and staffing figures from the logs a
//! phone system, ACD or QA tool exports.
//!
//! The engine is pure Rust and streaming: create an [`Analyzer`] from [`Settings`], push byte
//! chunks of any size for each file, then [`Analyzer::finish`] to get a [`Report`]. The same three
//! steps run natively (the `callscore` command) and in the browser (the `wasm` module, compiled
//! only for wasm32).
//!
//! The modules are layered; each imports only from the layers below it (`tests/layers.rs`
//! enforces it):
//!
//! ```text
//! model, error                                   domain types, the KPI catalogue, time helpers
//! ingest  kpi  pbx  people  staffing  scorecard  readers and calculators (never each other)
//! settings                                       the flat wire form, split into each module's options
//! report                                         assembly: the one place that knows several domains
//! analyzer, export                               the streaming façade; the report as tables, CSV, xlsx
//! wasm (and the CLI in main.rs)                  front ends
//! ```
//!
//! `sample` (the synthetic data generator), `staffing` (the Erlang calculator) and `export` (the
//! report as tables, CSV and xlsx, shared by the CLI and the page) are public modules because they
//! are tools of their own; everything else is reached through the re-exports below.
#![deny(missing_docs)]
#![deny(unreachable_pub)]

mod analyzer;
mod chat;
mod error;
pub mod export;
mod ingest;
mod kpi;
mod model;
mod pbx;
mod people;
mod report;
pub mod sample;
mod scorecard;
mod settings;
pub mod staffing;

#[cfg(target_arch = "wasm32")]
pub mod wasm;

#[cfg(not(target_arch = "wasm32"))]
pub use crate::analyzer::{RangeStats, ReadAt};
pub use crate::{
    analyzer::{staffing_seeds, Analyzer, RangeReader, HEAD_BYTES},
    chat::{ChatKpis, ChatRules, ConversionHours, HourRow, OrderAttribution, TopConverter},
    error::{Error, ErrorKind, Result},
    ingest::{FileSummary, ReadOptions, Reject, MAX_REJECTS_KEPT},
    kpi::{AbandonVariant, IdMap, KpiRules, Kpis, OutboundKpis, Ratio, SlVariant},
    model::calendar::WeekStart,
    model::call::{Call, OutboundCall, OutboundResult, Outcome},
    model::catalog::{formula_templates, Channel, Direction, Formula, Grouping, Kpi, KpiDef, Text, Unit, CATALOG},
    model::message::{Lang, Message, Term, TEMPLATES},
    pbx::{Callback, IncompleteCall, PbxCall, PbxNow, PbxSummary},
    people::{
        qa_form_preset, AgentComment, Calibration, CoachingNote, EvaluatorBias, EvaluatorCheck, EvaluatorShare,
        ItemKind, PeopleAgentRow, PeopleKpis, PeopleReport, PeopleTeamRow, QaForm, QaItem, QaReport, QaSection,
        QA_FORMS,
    },
    report::{
        AgentDayRow, AgentPeriodRow, AgentQueueRow, AgentRow, CampaignRow, Change, ChatSummary, Comparison, DayRow,
        GroupChanges, IntervalRow, Limit, PatiencePoint, Period, PeriodRow, PeriodScorecard, QueueRow, Report, SpanRow,
        StaffingSummary, TeamPeriodRow, TeamRow, Totals, Verdict, WeekdayHourRow, WeekdayIntervalRow,
    },
    scorecard::{
        grade_of, points, preset, rule_text, score_group, Better, CardResult, Category, CategoryScore, Gate,
        GateEffect, GateHit, Goal, GoalProgress, Grade, Level, LevelTarget, Method, Metric, MetricScore, MetricValue,
        RampStep, SampleShortfall, ScorecardDef, ScorecardReport, Sensitivity, Subject, TargetSource, WhenMissing,
        PRESETS,
    },
    settings::{choices, Choices, LocalZone, Settings, TimeZoneUsed, ZoneSource, INTERVALS, RECOMPUTABLE},
};
