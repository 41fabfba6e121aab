//! `--format github`: GitHub Actions workflow commands, so problems show inline on the PR.
//!
//! See <https://docs.github.com/en/actions/reference/workflow-commands-for-github-actions>.

use super::{locate, summary};
use crate::diag::{Diagnostic, Severity};
use crate::source::SourceMap;

/// Renders one `::error file=F,line=L,col=C,title=CODE::message` line per diagnostic.
///
/// `path_prefix` is prepended to file paths (relative to the source folder) so they are
/// relative to the repository root the workflow runs in.
pub(crate) fn render(diagnostics: &[Diagnostic], sources: &SourceMap, path_prefix: &str) -> String {
    let mut out = String::new();
    for d in diagnostics {
        let loc = locate(d, sources);
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut message = d.message.clone();
        if let Some(help) = &d.help {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
        out.push_str(&format!(
            "::{command} file={},line={},col={},title={}::{}\n",
            escape_property(&format!("{path_prefix}{}", loc.file)),
            loc.line,
            loc.column,
            escape_property(d.code.as_str()),
            escape_data(&message),
        ));
    }
    if !diagnostics.is_empty() {
        out.push_str(&format!("handbook: {}\n", summary(diagnostics)));
    }
    out
}

/// Escapes a workflow command's message.
pub(crate) fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a workflow command property value.
pub(crate) fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_follow_the_workflow_command_rules() {
        assert_eq!(escape_data("50%\nnext"), "50%25%0Anext");
        assert_eq!(escape_property("a:b,c"), "a%3Ab%2Cc");
    }
}
