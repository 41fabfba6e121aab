//! `handbook`: a static site generator for team handbooks that refuses to publish a handbook
//! whose parts contradict each other.
//!
//! The pipeline, each stage using only the stages below it (docs/architecture.md):
//! `discover` → `parse` → `resolve` → `validate` → `render` → `output`, joined by `build`, the
//! one entry that the command line and `serve` call.
//!
//! The library exists for the binary, the tests and the fuzz targets; what it exposes is
//! exactly what they need: the command line, the diagnostic codes, the file kinds and their
//! JSON Schemas, and the Markdown options (for the benchmark's baseline). Everything else is
//! `pub(crate)`, which `unreachable_pub` enforces.
#![warn(unreachable_pub)]

mod build;
mod cli;
mod confined;
mod diag;
mod diff;
mod discover;
#[doc(hidden)]
pub mod fuzzing;
mod limits;
mod markdown;
mod model;
mod output;
mod parse;
mod render;
mod resolve;
mod serve;
mod source;
#[cfg(test)]
mod testing;
mod validate;

pub use cli::main;
pub use diag::{Code, CodeDoc, Severity, reference_markdown};
pub use markdown::options as markdown_options;
pub use model::Kind;
