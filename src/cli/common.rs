//! What every command shares: the handbook folder argument, exit statuses, global options, and
//! the only functions that write to the terminal.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;

use crate::diag::Diagnostic;
use crate::diag::render::{human, inert};
use crate::source::SourceMap;

/// The handbook folder, positional or `-s`.
#[derive(Args, Debug, Clone)]
pub(crate) struct SourceArg {
    /// The handbook folder (default: the current folder).
    #[arg(value_name = "DIR", conflicts_with = "source")]
    dir: Option<PathBuf>,
    /// The handbook folder (same as the positional DIR).
    #[arg(short = 's', long = "source", value_name = "DIR")]
    source: Option<PathBuf>,
}

impl SourceArg {
    /// The folder given, or `.`.
    pub(crate) fn path(&self) -> PathBuf {
        self.dir
            .clone()
            .or_else(|| self.source.clone())
            .unwrap_or_else(|| PathBuf::from("."))
    }
}

/// Exit status: 0 success, 1 the handbook has problems, 2 usage or I/O error.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Status {
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
pub(crate) struct Global {
    /// `--quiet`.
    pub(crate) quiet: bool,
    /// `--verbose`.
    pub(crate) verbose: bool,
    /// Colour on stderr.
    pub(crate) color: bool,
}

/// Writes to stdout, reporting a closed pipe as an error the caller can recognise.
pub(crate) fn out(text: &str) -> anyhow::Result<()> {
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(text.as_bytes())?;
    stdout.flush()?;
    Ok(())
}

/// Writes to stderr; a closed stderr is not worth failing for. No line of it can be a GitHub
/// Actions workflow command (see [`inert`]): those come only from `--format github`.
pub(crate) fn err(text: &str) {
    let mut stderr = std::io::stderr().lock();
    let _ = stderr.write_all(inert(text).as_bytes());
    let _ = stderr.flush();
}

/// True when `e` is a write to a closed pipe (`handbook check | head`).
pub(crate) fn broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// How file names are shown: relative to the working directory when the handbook is inside
/// it, so they can be clicked and pasted; `None` when it isn't.
pub(crate) fn display_prefix(source: &Path) -> Option<String> {
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
pub(crate) fn print_human(
    diagnostics: &[Diagnostic],
    sources: &SourceMap,
    source: &Path,
    g: Global,
) {
    if diagnostics.is_empty() {
        return;
    }
    let prefix = display_prefix(source).unwrap_or_else(|| format!("{}/", source.display()));
    err(&human::render(diagnostics, sources, &prefix, g.color));
}
