//! The integration suite: one binary, a module per feature (as mdBook's `testsuite`).

mod build;
mod init;
mod safety;
mod support;
