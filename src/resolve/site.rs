//! What the resolve stage hands on: the [`Site`], a checked handbook with its sources and
//! rendered Markdown, and the [`Options`] it was loaded with.

use crate::diag::Diagnostic;
use crate::discover::SourceTree;
use crate::discover::theme::Overrides;
use crate::markdown::Rendered;
use crate::model::{Date, Handbook};
use crate::source::SourceMap;

/// What a build is asked to do.
#[derive(Clone, Debug)]
pub(crate) struct Options {
    /// Include pages marked `draft: true`.
    pub(crate) drafts: bool,
    /// Overrides `base_url` of handbook.yaml.
    pub(crate) base_url: Option<String>,
    /// The date stale pages are measured against.
    pub(crate) today: Date,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            drafts: false,
            base_url: None,
            today: Date::today(),
        }
    }
}

/// A loaded and checked handbook, ready to render.
pub(crate) struct Site {
    /// The files found.
    pub(crate) tree: SourceTree,
    /// Their text.
    pub(crate) sources: SourceMap,
    /// The validated model.
    pub(crate) handbook: Handbook,
    /// Every Markdown text rendered, by `MdId`.
    pub(crate) markdown: Vec<std::sync::Arc<Rendered>>,
    /// Every problem found, sorted by file and line.
    pub(crate) diagnostics: Vec<Diagnostic>,
    /// The options it was loaded with.
    pub(crate) options: Options,
    /// Template and asset overrides of the handbook and its theme folder.
    pub(crate) overrides: Overrides,
    /// The handbook's folder inside its git repository (`docs/handbook/`), for edit links.
    pub(crate) repo_prefix: String,
    /// How long each loading stage took, for `--verbose`.
    pub(crate) timings: Vec<(&'static str, std::time::Duration)>,
}

impl Site {
    /// True when at least one diagnostic is an error.
    pub(crate) fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == crate::diag::Severity::Error)
    }
}
