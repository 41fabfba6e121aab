//! Content problems as data: [`Diagnostic`], its stable [`Code`] and [`Severity`].
//!
//! Rules push diagnostics into a [`Diags`] sink and carry on, so one run reports every problem.
//! Each output format is its own renderer in [`render`].

mod codes;
pub(crate) mod render;

pub use codes::{Code, CodeDoc, Severity, reference_markdown};

use crate::source::{SourceMap, Span};

/// A secondary location with a note ("first defined here").
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Label {
    /// Where.
    pub(crate) span: Span,
    /// What about it.
    pub(crate) message: String,
}

/// One problem in the handbook's content.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Diagnostic {
    /// The stable code.
    pub(crate) code: Code,
    /// Error or warning (the code's default).
    pub(crate) severity: Severity,
    /// What is wrong, in one sentence.
    pub(crate) message: String,
    /// The offending value.
    pub(crate) span: Span,
    /// Other places that explain the problem.
    pub(crate) labels: Vec<Label>,
    /// How to fix it, when there is something useful to say.
    pub(crate) help: Option<String>,
}

impl Diagnostic {
    /// A diagnostic with the code's default severity.
    pub(crate) fn new(code: Code, span: Span, message: impl Into<String>) -> Self {
        Diagnostic {
            code,
            severity: code.severity(),
            message: message.into(),
            span,
            labels: Vec::new(),
            help: None,
        }
    }

    /// Adds a help line.
    pub(crate) fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Adds a help line if there is one.
    pub(crate) fn maybe_help(mut self, help: Option<String>) -> Self {
        self.help = help;
        self
    }

    /// Adds a secondary label.
    pub(crate) fn label(mut self, span: Span, message: impl Into<String>) -> Self {
        self.labels.push(Label {
            span,
            message: message.into(),
        });
        self
    }
}

/// The sink rules push into.
#[derive(Debug, Default)]
pub(crate) struct Diags {
    items: Vec<Diagnostic>,
}

impl Diags {
    /// An empty sink.
    pub(crate) fn new() -> Self {
        Diags::default()
    }

    /// Records a problem.
    pub(crate) fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    /// Moves every diagnostic of `other` into this sink.
    pub(crate) fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(other);
    }

    /// The diagnostics sorted by file, line and column, duplicates removed.
    pub(crate) fn into_sorted(mut self, sources: &SourceMap) -> Vec<Diagnostic> {
        self.items.sort_by(|a, b| {
            let fa = &sources.get(a.span.file).rel;
            let fb = &sources.get(b.span.file).rel;
            fa.cmp(fb)
                .then(a.span.start.cmp(&b.span.start))
                .then(a.severity.cmp(&b.severity))
                .then(a.code.as_str().cmp(b.code.as_str()))
                .then(a.message.cmp(&b.message))
        });
        self.items.dedup();
        self.items
    }
}

/// The nearest of `candidates` to `word`, if one is close enough to be a likely typo.
pub(crate) fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let limit = (word.chars().count() / 3).max(1) + 1;
    candidates
        .into_iter()
        .map(|c| (strsim::damerau_levenshtein(word, c), c))
        .filter(|(d, c)| *d <= limit.min(c.chars().count().saturating_sub(1).max(1)))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// Formats a "did you mean" help line when a candidate is close.
pub(crate) fn suggest<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    did_you_mean(word, candidates).map(|c| format!("did you mean `{c}`?"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_find_typos_but_not_strangers() {
        let ids = ["learn-fast", "ownership", "candour"];
        assert_eq!(did_you_mean("lern-fast", ids), Some("learn-fast"));
        assert_eq!(did_you_mean("ownershp", ids), Some("ownership"));
        assert_eq!(did_you_mean("kindness", ids), None);
        assert_eq!(did_you_mean("valeus", ["values", "title"]), Some("values"));
    }
}
