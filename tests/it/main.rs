//! The integration suite: one binary, a module per feature (as mdBook's `testsuite`).
#![allow(clippy::print_stdout, clippy::print_stderr)]

mod action;
mod architecture;
mod bad_input;
mod build;
mod diagnostics;
mod diff;
mod format;
mod hardening;
mod init;
mod kits;
mod ladder;
mod layout;
mod nav;
mod props;
mod publish;
mod real_content;
mod robustness;
mod rules;
mod safety;
mod schema;
mod search;
mod serve;
mod setup;
mod support;
mod theme;
