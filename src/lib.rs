//! `handbook`: a static site generator for team handbooks that refuses to publish a handbook
//! whose parts contradict each other.
//!
//! The pipeline, each stage using only the stages below it (docs/architecture.md):
//! [`discover`] → [`parse`] → [`resolve`] → [`validate`] → [`render`] → [`output`], joined by
//! [`build`], the one entry that the command line and `serve` call.

pub mod build;
pub mod cli;
pub mod diag;
pub mod discover;
#[doc(hidden)]
pub mod fuzzing;
pub mod limits;
pub mod markdown;
pub mod model;
pub mod output;
pub mod parse;
pub mod render;
pub mod resolve;
pub mod serve;
pub mod source;
pub mod validate;
