//! Callscore: call-centre KPI reports, agent scorecards and staffing figures from the logs a
//! phone system, ACD or QA tool exports.
//!
//! The engine is pure Rust and streaming: create an [`Analyzer`] from [`Settings`], push byte
//! chunks of any size for each file, then [`Analyzer::finish`] to get a [`Report`]. The same three
//! steps run natively (the `callscore` command) and in the browser (the `wasm` module).

pub mod staffing;
pub mod sample;
