//! `--format json`: one JSON array of diagnostics on stdout, in the shape of SPEC §3.

use serde::Serialize;

use super::locate;
use crate::diag::Diagnostic;
use crate::source::SourceMap;

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    severity: &'static str,
    code: &'static str,
    message: &'a str,
    file: String,
    line: usize,
    column: usize,
    help: Option<&'a str>,
}

/// Renders `diagnostics` as a pretty-printed JSON array followed by a newline.
pub(crate) fn render(diagnostics: &[Diagnostic], sources: &SourceMap) -> String {
    let items: Vec<JsonDiagnostic> = diagnostics
        .iter()
        .map(|d| {
            let loc = locate(d, sources);
            JsonDiagnostic {
                severity: d.severity.as_str(),
                code: d.code.as_str(),
                message: &d.message,
                file: loc.file,
                line: loc.line,
                column: loc.column,
                help: d.help.as_deref(),
            }
        })
        .collect();
    let mut out = serde_json::to_string_pretty(&items).unwrap_or_else(|_| "[]".into());
    out.push('\n');
    out
}
