//! rustc-like output: code, message, `file:line:col`, the source line with a caret, help.
//!
//! Bounded whatever the handbook holds: a line longer than [`LONG_LINE`] bytes is shown as a
//! window around the problem, and a file shows at most [`PER_FILE`] problems, then a note of
//! how many more it has. (5,000 broken links on one 85 KB line printed 638 MB.)

use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label as CsLabel};
use codespan_reporting::files::{Error as FilesError, Files};
use codespan_reporting::term::{self, Chars, Config, termcolor};

use super::{one_line, summary};
use crate::diag::{Diagnostic, Severity};
use crate::source::{FileId, SourceMap, Span};

/// Most problems shown per file; the rest are counted in a note (`--format json` lists all).
pub(crate) const PER_FILE: usize = 50;
/// Lines longer than this many bytes are shown as a window around the problem.
pub(crate) const LONG_LINE: usize = 240;
/// Characters shown on each side of the problem in such a window.
const CONTEXT: usize = 60;
/// Characters of the problem itself shown at most in such a window.
const SHOWN: usize = 120;

/// What codespan reads from: a file of the handbook, or a window on one of its long lines.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Src {
    /// The whole file.
    File(FileId),
    /// The window at this index of [`Named::excerpts`].
    Excerpt(usize),
}

/// A window on a long line: its text (with `…` where it was cut) and where it came from.
struct Excerpt {
    /// The file the line is in.
    file: FileId,
    /// The window's text.
    text: String,
    /// 0-based line in the file.
    line: usize,
    /// Bytes of `…` put before the window's text.
    lead: usize,
    /// Characters of the line before the window.
    before: usize,
}

/// The source map as codespan sees it, with names shown relative to the working directory,
/// plus the windows of the diagnostic being rendered.
struct Named<'a> {
    /// The handbook's files.
    sources: &'a SourceMap,
    /// Prepended to file names.
    prefix: &'a str,
    /// Windows on long lines, for the diagnostic being rendered.
    excerpts: Vec<Excerpt>,
}

impl<'a> Files<'a> for Named<'a> {
    type FileId = Src;
    type Name = String;
    type Source = &'a str;

    fn name(&'a self, id: Src) -> Result<String, FilesError> {
        let file = match id {
            Src::File(f) => f,
            Src::Excerpt(i) => self.excerpts[i].file,
        };
        Ok(format!("{}{}", self.prefix, self.sources.get(file).rel))
    }

    fn source(&'a self, id: Src) -> Result<&'a str, FilesError> {
        Ok(match id {
            Src::File(f) => &self.sources.get(f).text,
            Src::Excerpt(i) => &self.excerpts[i].text,
        })
    }

    fn line_index(&'a self, id: Src, byte_index: usize) -> Result<usize, FilesError> {
        Ok(match id {
            Src::File(f) => self.sources.get(f).line_col(byte_index).0 - 1,
            Src::Excerpt(_) => 0,
        })
    }

    fn line_number(&'a self, id: Src, line_index: usize) -> Result<usize, FilesError> {
        Ok(match id {
            Src::File(_) => line_index + 1,
            Src::Excerpt(i) => self.excerpts[i].line + 1,
        })
    }

    fn column_number(
        &'a self,
        id: Src,
        line_index: usize,
        byte_index: usize,
    ) -> Result<usize, FilesError> {
        let Src::Excerpt(i) = id else {
            let range = self.line_range(id, line_index)?;
            let source = self.source(id)?;
            return Ok(codespan_reporting::files::column_index(source, range, byte_index) + 1);
        };
        let e = &self.excerpts[i];
        let at = byte_index.clamp(e.lead, e.text.len());
        Ok(e.before + e.text[e.lead..at].chars().count() + 1)
    }

    fn line_range(
        &'a self,
        id: Src,
        line_index: usize,
    ) -> Result<std::ops::Range<usize>, FilesError> {
        let Src::File(f) = id else {
            return Ok(0..self.source(id)?.len());
        };
        let file = self.sources.get(f);
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

impl Named<'_> {
    /// Where codespan reads `span` from, and the range there: the file itself, or a window on
    /// the span's line when that line is long.
    fn place(&mut self, span: Span) -> (Src, std::ops::Range<usize>) {
        let file = self.sources.get(span.file);
        let text = &*file.text;
        let start = floor_char(text, span.start as usize);
        let end = floor_char(text, (span.end as usize).max(start));
        let line = file.line_col(start).0 - 1;
        let starts = file.line_starts();
        let line_start = starts[line] as usize;
        let line_end = starts.get(line + 1).map_or(text.len(), |&e| e as usize - 1);
        let line_end = if text[..line_end].ends_with('\r') {
            line_end - 1
        } else {
            line_end
        };
        if line_end - line_start <= LONG_LINE {
            return (Src::File(span.file), start..end);
        }
        let end = end.clamp(start, line_end.max(start));
        let shown_end = advance(text, start, SHOWN).min(end);
        let from = back(text, start, CONTEXT).max(line_start);
        let to = advance(text, shown_end, CONTEXT)
            .min(line_end)
            .max(shown_end);
        let lead = if from > line_start { "…" } else { "" };
        let tail = if to < line_end { "…" } else { "" };
        self.excerpts.push(Excerpt {
            file: span.file,
            text: format!("{lead}{}{tail}", &text[from..to]),
            line,
            lead: lead.len(),
            before: text[line_start..from].chars().count(),
        });
        let range = lead.len() + start - from..lead.len() + shown_end - from;
        (Src::Excerpt(self.excerpts.len() - 1), range)
    }
}

/// `at` moved back to a character boundary (and into the text).
fn floor_char(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// The byte offset `n` characters after `at` (or the end).
fn advance(text: &str, at: usize, n: usize) -> usize {
    text[at..]
        .char_indices()
        .nth(n)
        .map_or(text.len(), |(i, _)| at + i)
}

/// The byte offset `n` characters before `at` (or the start).
fn back(text: &str, at: usize, n: usize) -> usize {
    text[..at]
        .char_indices()
        .rev()
        .nth(n.saturating_sub(1))
        .map_or(0, |(i, _)| i)
}

/// Renders every diagnostic, at most [`PER_FILE`] per file, and a closing summary line.
///
/// `path_prefix` is prepended to file names so they are clickable from the working directory.
pub(crate) fn render(
    diagnostics: &[Diagnostic],
    sources: &SourceMap,
    path_prefix: &str,
    color: bool,
) -> String {
    let mut files = Named {
        sources,
        prefix: path_prefix,
        excerpts: Vec::new(),
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
    // Diagnostics come sorted by file, so each file's are one run.
    for run in diagnostics.chunk_by(|a, b| a.span.file == b.span.file) {
        for d in run.iter().take(PER_FILE) {
            files.excerpts.clear();
            let cs = to_codespan(d, &mut files);
            if term::emit_to_write_style(&mut buffer, &config, &files, &cs).is_err() {
                // A span outside its file would be a bug; still never lose the message.
                buffer_fallback(&mut buffer, d, &files);
            }
        }
        if run.len() > PER_FILE {
            use std::io::Write;
            let _ = writeln!(
                buffer,
                "note: {} more problems in {}{} are not shown (at most {PER_FILE} per file); `handbook check --format json` lists them all\n",
                run.len() - PER_FILE,
                path_prefix,
                sources.get(run[0].span.file).rel,
            );
        }
    }
    let mut out = String::from_utf8_lossy(buffer.as_slice()).into_owned();
    if !diagnostics.is_empty() {
        out.push_str(&summary(diagnostics));
        out.push('\n');
    }
    out
}

fn to_codespan(d: &Diagnostic, files: &mut Named) -> CsDiagnostic<Src> {
    let base = match d.severity {
        Severity::Error => CsDiagnostic::error(),
        Severity::Warning => CsDiagnostic::warning(),
    };
    let (src, range) = files.place(d.span);
    let mut labels = vec![CsLabel::primary(src, range)];
    for l in &d.labels {
        let (src, range) = files.place(l.span);
        labels.push(CsLabel::secondary(src, range).with_message(one_line(&l.message)));
    }
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
    let name = files.name(Src::File(d.span.file)).unwrap_or_default();
    let _ = writeln!(
        buffer,
        "{}[{}]: {}\n  --> {}",
        d.severity.as_str(),
        d.code.as_str(),
        one_line(&d.message),
        name
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Code;
    use crate::source::SourceFile;

    fn map(text: &str) -> SourceMap {
        let mut sources = SourceMap::new(std::path::Path::new("/hb"));
        sources.add(SourceFile::new("pages/x.md".into(), text));
        sources
    }

    #[test]
    fn long_lines_are_shown_as_a_window_with_the_true_column() {
        let line = format!("{}[é](missing.md){}", "ä ".repeat(400), " ö".repeat(400));
        let text = format!("# T\n\n{line}\n");
        let sources = map(&text);
        let at = text.find("missing.md").unwrap();
        let d = Diagnostic::new(
            Code::BrokenLink,
            Span::new(FileId(0), at, at + "missing.md".len()),
            "broken",
        );
        let out = render(&[d], &sources, "", false);
        let column = line[..line.find("missing.md").unwrap()].chars().count() + 1;
        assert!(out.contains(&format!("--> pages/x.md:3:{column}")), "{out}");
        assert!(out.contains("| …ä ä") && out.contains("ö ö …\n"), "{out}");
        assert!(out.contains("^^^^^^^^^^"), "{out}");
        assert!(out.len() < 1000, "{} bytes:\n{out}", out.len());
        // Short lines are shown whole, as before.
        let sources = map("# T\n\n[a](missing.md)\n");
        let d = Diagnostic::new(Code::BrokenLink, Span::new(FileId(0), 9, 19), "broken");
        let out = render(&[d], &sources, "", false);
        assert!(out.contains("3 | [a](missing.md)\n"), "{out}");
    }

    #[test]
    fn a_file_shows_at_most_per_file_problems_and_counts_the_rest() {
        let sources = map("x\n");
        let d = Diagnostic::new(Code::BrokenLink, Span::new(FileId(0), 0, 1), "broken");
        let out = render(&vec![d; PER_FILE + 7], &sources, "", false);
        assert_eq!(out.matches("error[broken-link]").count(), PER_FILE);
        assert!(out.contains("note: 7 more problems in pages/x.md"), "{out}");
        assert!(
            out.ends_with(&format!("{} errors\n", PER_FILE + 7)),
            "{out}"
        );
    }
}
