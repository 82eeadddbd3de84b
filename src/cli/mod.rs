//! The command-line front end: one module per subcommand.

pub mod erlang;
pub mod report;
pub mod sample;
pub mod serve;
pub mod text;
