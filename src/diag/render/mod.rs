//! Output formats for diagnostics, each its own renderer over `&[Diagnostic]`.

pub(crate) mod github;
pub(crate) mod human;
pub(crate) mod json;

use super::{Diagnostic, Severity};
use crate::source::SourceMap;

/// Where a diagnostic points, in the units users see: 1-based line and column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Location {
    /// File path relative to the source folder, `/`-separated.
    pub(crate) file: String,
    /// 1-based line.
    pub(crate) line: usize,
    /// 1-based column, in characters.
    pub(crate) column: usize,
}

/// The location of a diagnostic's primary span.
pub(crate) fn locate(d: &Diagnostic, sources: &SourceMap) -> Location {
    let file = sources.get(d.span.file);
    let (line, column) = file.line_col(d.span.start as usize);
    Location {
        file: file.rel.clone(),
        line,
        column,
    }
}

/// `text` with every line that GitHub Actions would run as a workflow command made inert:
/// the runner reads a line starting with `::` (after blanks) as a command, and `##[` anywhere
/// in a line as the old form of one. Diagnostics quote the handbook's text, so a crafted link
/// could otherwise write `::error ...` or worse into a CI log from the plain output.
pub(crate) fn inert(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains("::") && !text.contains("##[") {
        return text.into();
    }
    let mut out = String::with_capacity(text.len() + 16);
    for line in text.split_inclusive('\n') {
        let rest = line.trim_start();
        out.push_str(&line[..line.len() - rest.len()]);
        let rest = match rest.strip_prefix("::") {
            Some(after) => {
                out.push_str(": :");
                after
            }
            None => rest,
        };
        out.push_str(&rest.replace("##[", "# #["));
    }
    out.into()
}

/// `text` on one line: line breaks and other control characters shown escaped (`\n`), so a
/// quoted value cannot break a message apart.
pub(crate) fn one_line(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains(char::is_control) {
        return text.into();
    }
    text.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect::<String>()
        .into()
}

/// `2 errors, 1 warning`, or `no problems`.
pub(crate) fn summary(diagnostics: &[Diagnostic]) -> String {
    let errors = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let warnings = diagnostics.len() - errors;
    let plural = |n: usize, word: &str| {
        if n == 1 {
            format!("1 {word}")
        } else {
            format!("{n} {word}s")
        }
    };
    match (errors, warnings) {
        (0, 0) => "no problems".into(),
        (e, 0) => plural(e, "error"),
        (0, w) => plural(w, "warning"),
        (e, w) => format!("{}, {}", plural(e, "error"), plural(w, "warning")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Code;
    use crate::source::{FileId, Span};

    #[test]
    fn summary_counts_and_pluralises() {
        let e = Diagnostic::new(Code::BrokenLink, Span::file_start(FileId(0)), "x");
        let w = Diagnostic::new(Code::StalePage, Span::file_start(FileId(0)), "y");
        assert_eq!(summary(&[]), "no problems");
        assert_eq!(
            summary(&[e.clone(), e.clone(), w.clone()]),
            "2 errors, 1 warning"
        );
        assert_eq!(summary(&[w.clone(), w]), "2 warnings");
        assert_eq!(summary(&[e]), "1 error");
    }

    #[test]
    fn workflow_commands_are_made_inert() {
        let text =
            "error: x\n::error title=pwned::owned\n  ::warning::w\nsee ##[error]x\nok: a::b\n";
        assert_eq!(
            inert(text),
            "error: x\n: :error title=pwned::owned\n  : :warning::w\nsee # #[error]x\nok: a::b\n"
        );
        assert!(matches!(inert("plain"), std::borrow::Cow::Borrowed(_)));
        assert_eq!(one_line("a\n::b\r"), "a\\n::b\\r");
    }
}
