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
pub struct Options {
    /// Include pages marked `draft: true`.
    pub drafts: bool,
    /// Overrides `base_url` of handbook.yaml.
    pub base_url: Option<String>,
    /// The date stale pages are measured against.
    pub today: Date,
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
pub struct Site {
    /// The files found.
    pub tree: SourceTree,
    /// Their text.
    pub sources: SourceMap,
    /// The validated model.
    pub handbook: Handbook,
    /// Every Markdown text rendered, by `MdId`.
    pub markdown: Vec<std::sync::Arc<Rendered>>,
    /// Every problem found, sorted by file and line.
    pub diagnostics: Vec<Diagnostic>,
    /// The options it was loaded with.
    pub options: Options,
    /// Template and asset overrides of the handbook and its theme folder.
    pub overrides: Overrides,
    /// The handbook's folder inside its git repository (`docs/handbook/`), for edit links.
    pub repo_prefix: String,
    /// How long each loading stage took, for `--verbose`.
    pub timings: Vec<(&'static str, std::time::Duration)>,
}

impl Site {
    /// True when at least one diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == crate::diag::Severity::Error)
    }
}
