//! Where rendered files go: a staging folder beside the output that is swapped in only when
//! the whole build succeeded (a failed build leaves the previous site untouched), memory (for
//! `serve` and tests), or nowhere (for `check`).
//!
//! [`sink`] is what every destination implements; [`staging`] writes to disk; [`memory`]
//! keeps or discards; [`guard`] decides which folder a site may replace.

mod guard;
mod memory;
mod sink;
mod staging;

pub(crate) use guard::check_output;
pub(crate) use memory::{Discard, Memory};
pub(crate) use sink::Sink;
pub(crate) use staging::{LeftBehind, Staging};
