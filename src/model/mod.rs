//! The domain model: what every other part of the engine speaks.
//!
//! Readers produce these types, calculators consume them, and nothing here imports anything
//! else of the crate. A helper that two layers need (a date, a caller check, a header key) lives
//! here rather than in one of them, so the layers above stay independent of each other.

pub(crate) mod bit_pack;
pub(crate) mod calendar;
pub(crate) mod call;
pub(crate) mod caps;
pub(crate) mod catalog;
pub(crate) mod chat;
pub(crate) mod filter;
pub(crate) mod hash_sort;
pub(crate) mod message;
pub(crate) mod pairs;
pub(crate) mod pbx;
pub(crate) mod people;
pub(crate) mod text;
pub(crate) mod time;
pub(crate) mod wire;
