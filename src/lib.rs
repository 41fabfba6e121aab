//! `handbook`: a static site generator for team handbooks that refuses to publish a handbook
//! whose parts contradict each other.
//!
//! The pipeline, each stage depending only on its inputs:
//! [`discover`] → [`parse`] → [`model::lower`] + [`validate`] → [`site`] (Markdown, links) →
//! [`render`] (templates) → [`output`] (atomic write, or an in-memory store for `serve`).

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
pub mod serve;
pub mod site;
pub mod source;
pub mod validate;
