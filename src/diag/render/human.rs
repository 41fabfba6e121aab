//! rustc-like output: code, message, `file:line:col`, the source line with a caret, help.

use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label as CsLabel};
use codespan_reporting::files::{Error as FilesError, Files};
use codespan_reporting::term::{self, Chars, Config, termcolor};

use super::{one_line, summary};
use crate::diag::{Diagnostic, Severity};
use crate::source::{FileId, SourceMap};

/// The source map as codespan sees it, with names shown relative to the working directory.
struct Named<'a> {
    sources: &'a SourceMap,
    prefix: &'a str,
}

impl<'a> Files<'a> for Named<'a> {
    type FileId = FileId;
    type Name = String;
    type Source = &'a str;

    fn name(&'a self, id: FileId) -> Result<String, FilesError> {
        Ok(format!("{}{}", self.prefix, self.sources.get(id).rel))
    }

    fn source(&'a self, id: FileId) -> Result<&'a str, FilesError> {
        Ok(&self.sources.get(id).text)
    }

    fn line_index(&'a self, id: FileId, byte_index: usize) -> Result<usize, FilesError> {
        Ok(self.sources.get(id).line_col(byte_index).0 - 1)
    }

    fn line_range(
        &'a self,
        id: FileId,
        line_index: usize,
    ) -> Result<std::ops::Range<usize>, FilesError> {
        let file = self.sources.get(id);
        let starts = file.line_starts();
        let start = *starts.get(line_index).ok_or(FilesError::LineTooLarge {
            given: line_index,
            max: starts.len() - 1,
        })? as usize;
        let end = starts
            .get(line_index + 1)
            .map_or(file.text.len(), |&e| e as usize);
        Ok(start..end)
    }
}

/// Renders every diagnostic and a closing summary line.
///
/// `path_prefix` is prepended to file names so they are clickable from the working directory.
pub(crate) fn render(
    diagnostics: &[Diagnostic],
    sources: &SourceMap,
    path_prefix: &str,
    color: bool,
) -> String {
    let files = Named {
        sources,
        prefix: path_prefix,
    };
    let mut buffer = if color {
        termcolor::Buffer::ansi()
    } else {
        termcolor::Buffer::no_color()
    };
    // rustc's ASCII look (`-->`, `|`): safe in every terminal and CI log viewer.
    let config = Config {
        chars: Chars::ascii(),
        ..Config::default()
    };
    for d in diagnostics {
        let cs = to_codespan(d, sources);
        if term::emit_to_write_style(&mut buffer, &config, &files, &cs).is_err() {
            // A span outside its file would be a bug; still never lose the message.
            buffer_fallback(&mut buffer, d, &files);
        }
    }
    let mut out = String::from_utf8_lossy(buffer.as_slice()).into_owned();
    if !diagnostics.is_empty() {
        out.push_str(&summary(diagnostics));
        out.push('\n');
    }
    out
}

fn to_codespan(d: &Diagnostic, sources: &SourceMap) -> CsDiagnostic<FileId> {
    let base = match d.severity {
        Severity::Error => CsDiagnostic::error(),
        Severity::Warning => CsDiagnostic::warning(),
    };
    let clamp = |span: crate::source::Span| {
        let len = sources.get(span.file).text.len();
        (span.start as usize).min(len)..(span.end as usize).min(len)
    };
    let mut labels = vec![CsLabel::primary(d.span.file, clamp(d.span))];
    labels.extend(
        d.labels
            .iter()
            .map(|l| CsLabel::secondary(l.span.file, clamp(l.span)).with_message(&l.message)),
    );
    let mut cs = base
        .with_code(d.code.as_str())
        .with_message(one_line(&d.message))
        .with_labels(labels);
    if let Some(help) = &d.help {
        cs = cs.with_notes(vec![format!("help: {}", one_line(help))]);
    }
    cs
}

fn buffer_fallback(buffer: &mut termcolor::Buffer, d: &Diagnostic, files: &Named) {
    use std::io::Write;
    let name = files.name(d.span.file).unwrap_or_default();
    let _ = writeln!(
        buffer,
        "{}[{}]: {}\n  --> {}",
        d.severity.as_str(),
        d.code.as_str(),
        d.message,
        name
    );
}
