//! Free pages and what comes with them: the page tree's nodes, old URLs, the files next to
//! the pages, and pages that introduce a generated page.

use serde::Serialize;

use super::date::Date;
use super::ids::{MdId, Ref};
use crate::source::{FileId, Span};

/// What a page is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum PageKind {
    /// `pages/index.md`, the home page.
    Home,
    /// A folder's `_index.md` (or a folder without one).
    Section,
    /// Any other page.
    Leaf,
}

/// A free-form page.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Page {
    /// Path under the pages folder without extension, spaces as `-` (`culture/one-on-ones`;
    /// a section is its folder; the home page is empty).
    pub(crate) id: String,
    /// What it is.
    pub(crate) kind: PageKind,
    /// The file, or `None` for a section folder without an index file.
    #[serde(skip)]
    pub(crate) file: Option<FileId>,
    /// Its source path relative to the handbook, for edit links.
    pub(crate) source: Option<String>,
    /// Title.
    pub(crate) title: String,
    /// True when the title was taken from the body's first heading (no `title:`).
    pub(crate) title_from_heading: bool,
    /// Order within the section (pages without a weight come after those with one).
    pub(crate) weight: Option<i64>,
    /// Left out unless drafts are built.
    pub(crate) draft: bool,
    /// Owning role.
    pub(crate) owner: Option<Ref>,
    /// Date of the last review.
    pub(crate) reviewed: Option<Date>,
    /// Where `reviewed:` is written.
    #[serde(skip)]
    pub(crate) reviewed_span: Option<Span>,
    /// One sentence.
    pub(crate) description: Option<String>,
    /// The Markdown body.
    pub(crate) body: Option<MdId>,
    /// The section containing it; the home page contains the top level and has no parent.
    pub(crate) parent: Option<usize>,
    /// Pages and sections inside a section, in display order.
    pub(crate) children: Vec<usize>,
    /// Site-root-relative URL (`culture/one-on-ones/`).
    pub(crate) url: String,
    /// Front matter `extra:`, for templates.
    pub(crate) extra: Option<serde_json::Map<String, serde_json::Value>>,
    /// Old URLs that redirect here.
    pub(crate) aliases: Vec<Alias>,
}

/// An old URL of a page.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Alias {
    /// The output file of its redirect page (`old/path/index.html`).
    pub(crate) path: String,
    /// Where it is written.
    #[serde(skip)]
    pub(crate) span: Span,
}

/// A file next to the pages, published at the same place relative to the pages folder.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Asset {
    /// Its path relative to the handbook (`pages/culture/arch.svg`).
    pub(crate) source: String,
    /// Its output path (`culture/arch.svg`).
    pub(crate) url: String,
}

/// Pages whose body introduces one of the generated pages: `values.md`, `roles.md`,
/// `ladder.md`, `hiring.md` or `leaving.md` at the top of the pages folder.
#[derive(Clone, Debug, Default)]
pub(crate) struct Intros {
    /// Above `/values/`.
    pub(crate) values: Option<MdId>,
    /// Above `/roles/`.
    pub(crate) roles: Option<MdId>,
    /// Above `/ladder/`.
    pub(crate) ladder: Option<MdId>,
    /// Above `/hiring/`.
    pub(crate) hiring: Option<MdId>,
    /// Above `/leaving/`.
    pub(crate) leaving: Option<MdId>,
}
