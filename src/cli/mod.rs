//! The command line: clap definitions and one module per command. The only code that prints.
#![allow(clippy::print_stdout, clippy::print_stderr)]

mod build;
mod check;
mod init;
mod schema;
mod serve;

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::diag::Diagnostic;
use crate::diag::render::human;
use crate::source::SourceMap;

/// A static site generator for team handbooks: values, roles, career ladder, hiring and
/// leaving, checked for consistency and compiled into a linked site.
#[derive(Parser, Debug)]
#[command(name = "handbook", version, about, long_about = None)]
pub struct Cli {
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
    /// Scaffold a new handbook (the example handbook, ready to edit).
    Init(init::InitArgs),
    /// Check the handbook and build the site.
    Build(build::BuildArgs),
    /// Check the handbook without building it.
    Check(check::CheckArgs),
    /// Preview the handbook: serve it, rebuild on save, reload open pages.
    Serve(serve::ServeArgs),
    /// Print the JSON Schema of a YAML file kind, for editor completion.
    Schema(schema::SchemaArgs),
}

/// When to colour output.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// On a terminal, unless NO_COLOR is set.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// The handbook folder, positional or `-s`.
#[derive(Args, Debug, Clone)]
pub struct SourceArg {
    /// The handbook folder (default: the current folder).
    #[arg(value_name = "DIR", conflicts_with = "source")]
    dir: Option<PathBuf>,
    /// The handbook folder (same as the positional DIR).
    #[arg(short = 's', long = "source", value_name = "DIR")]
    source: Option<PathBuf>,
}

impl SourceArg {
    /// The folder given, or `.`.
    pub fn path(&self) -> PathBuf {
        self.dir
            .clone()
            .or_else(|| self.source.clone())
            .unwrap_or_else(|| PathBuf::from("."))
    }
}

/// Exit status: 0 success, 1 the handbook has problems, 2 usage or I/O error.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// Everything worked.
    Success,
    /// The handbook has errors (or warnings with `--strict`).
    Failure,
    /// Bad usage, or the operating system said no.
    Error,
}

impl From<Status> for ExitCode {
    fn from(s: Status) -> ExitCode {
        match s {
            Status::Success => ExitCode::SUCCESS,
            Status::Failure => ExitCode::from(1),
            Status::Error => ExitCode::from(2),
        }
    }
}

/// Options every command shares.
#[derive(Clone, Copy, Debug)]
pub struct Global {
    /// `--quiet`.
    pub quiet: bool,
    /// `--verbose`.
    pub verbose: bool,
    /// Colour on stderr.
    pub color: bool,
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
    };
    match result {
        Ok(status) => status.into(),
        Err(e) => {
            if is_broken_pipe(&e) {
                return Status::Success.into();
            }
            eprintln!("error: {e:#}");
            Status::Error.into()
        }
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// Writes to stdout, reporting a closed pipe as an error the caller can recognise.
pub fn out(text: &str) -> anyhow::Result<()> {
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(text.as_bytes())?;
    stdout.flush()?;
    Ok(())
}

/// Writes to stderr; a closed stderr is not worth failing for.
pub fn err(text: &str) {
    let mut stderr = std::io::stderr().lock();
    let _ = stderr.write_all(text.as_bytes());
    let _ = stderr.flush();
}

/// How file names are shown: relative to the working directory when the handbook is inside
/// it, so they can be clicked and pasted; `None` when it isn't.
pub fn display_prefix(source: &Path) -> Option<String> {
    let source = source.canonicalize().ok()?;
    let cwd = std::env::current_dir().ok()?.canonicalize().ok()?;
    let rel = source.strip_prefix(&cwd).ok()?;
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    Some(if parts.is_empty() {
        String::new()
    } else {
        format!("{}/", parts.join("/"))
    })
}

/// Prints diagnostics in the human format to stderr.
pub fn print_human(diagnostics: &[Diagnostic], sources: &SourceMap, source: &Path, g: Global) {
    if diagnostics.is_empty() {
        return;
    }
    let prefix = display_prefix(source).unwrap_or_else(|| format!("{}/", source.display()));
    err(&human::render(diagnostics, sources, &prefix, g.color));
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

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
