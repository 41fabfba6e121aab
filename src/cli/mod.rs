//! The command line: clap definitions and one module per command. The only code that prints.
#![allow(clippy::print_stdout, clippy::print_stderr)]

mod build;
mod check;
mod common;
mod diff;
mod init;
mod schema;
mod serve;

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use common::{Global, Status};

/// A static site generator for team handbooks: values, roles, career ladder, hiring and
/// leaving, checked for consistency and compiled into a linked site.
#[derive(Parser, Debug)]
#[command(name = "handbook", version, about, long_about = None)]
pub(crate) struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Print only problems (no progress or summary lines).
    #[arg(short, long, global = true)]
    quiet: bool,
    /// Print more: timings and every file written.
    #[arg(short, long, global = true, conflicts_with = "quiet")]
    verbose: bool,
    /// When to use colour in terminal output.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Scaffold a new handbook: the example handbook, ready to edit, or with --minimal a
    /// small skeleton.
    Init(init::InitArgs),
    /// Check the handbook and build the site.
    Build(build::BuildArgs),
    /// Check the handbook without building it.
    Check(check::CheckArgs),
    /// Preview the handbook: serve it, rebuild on save, reload open pages.
    Serve(serve::ServeArgs),
    /// Print the JSON Schema of a YAML file kind, for editor completion.
    Schema(schema::SchemaArgs),
    /// Show what changed in the handbook's model between two revisions or folders.
    Diff(diff::DiffArgs),
}

/// When to colour output.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum ColorChoice {
    /// On a terminal, unless NO_COLOR is set.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// Runs the command line; the binary's `main`.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                Status::Error.into()
            } else {
                Status::Success.into()
            };
        }
    };
    let color = match cli.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none()
        }
    };
    let global = Global {
        quiet: cli.quiet,
        verbose: cli.verbose,
        color,
    };
    let result = match cli.command {
        Command::Init(args) => init::run(&args, global),
        Command::Build(args) => build::run(&args, global),
        Command::Check(args) => check::run(&args, global),
        Command::Serve(args) => serve::run(&args, global),
        Command::Schema(args) => schema::run(&args),
        Command::Diff(args) => diff::run(&args, global),
    };
    match result {
        Ok(status) => status.into(),
        Err(e) => {
            // A reader that stopped reading (`| head`) is not an error of ours.
            if common::broken_pipe(&e) {
                return Status::Success.into();
            }
            common::err(&format!("error: {e:#}\n"));
            Status::Error.into()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;
    use std::path::PathBuf;

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn source_is_positional_or_flag() {
        let cli = Cli::try_parse_from(["handbook", "build", "hb"]).unwrap();
        let Command::Build(b) = cli.command else {
            panic!()
        };
        assert_eq!(b.source.path(), PathBuf::from("hb"));
        let cli =
            Cli::try_parse_from(["handbook", "check", "-s", "hb", "--format", "json"]).unwrap();
        let Command::Check(c) = cli.command else {
            panic!()
        };
        assert_eq!(c.source.path(), PathBuf::from("hb"));
        assert!(Cli::try_parse_from(["handbook", "build", "a", "-s", "b"]).is_err());
    }
}
