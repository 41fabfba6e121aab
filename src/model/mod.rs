//! The handbook's types, and nothing else: [`raw`] mirrors the files, the rest is the validated
//! model (ids resolved to indices, every id and reference with its span), plus the file kinds
//! ([`Kind`]) and the URL scheme ([`urls`]) that every stage agrees on.
//!
//! `resolve` builds the model from the raw types. A reference that didn't resolve is dropped
//! (after its diagnostic), so nothing downstream can meet a dangling id.

pub mod date;
pub mod kind;
pub mod raw;
pub mod urls;

use std::collections::HashMap;
use std::ops::Range;

use serde::Serialize;

use crate::source::{FileId, SourceMap, Span};
pub use date::Date;
pub use kind::Kind;

/// Index of a Markdown text in [`Handbook::markdown`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct MdId(pub u32);

/// An id as written, with where it was written.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Id {
    /// The id.
    pub id: String,
    /// Where it is defined.
    #[serde(skip)]
    pub span: Span,
}

/// A resolved reference: the index of its target and where the reference was written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Ref {
    /// Index of the target in its list.
    #[serde(rename = "index")]
    pub to: usize,
    /// Where the reference is written.
    #[serde(skip)]
    pub span: Span,
}

/// Where a Markdown text comes from.
#[derive(Clone, Debug)]
pub enum MdText {
    /// A range of a file (a page body).
    Slice(FileId, Range<u32>),
    /// The value of a YAML scalar (unescaped, so it no longer matches the file byte for byte).
    Owned(String),
}

/// A Markdown text to render.
#[derive(Clone, Debug)]
pub struct MdSource {
    /// The text.
    pub text: MdText,
    /// The YAML scalar or page body it was read from.
    pub span: Span,
    /// Inline text (list items): rendered without a paragraph.
    pub inline: bool,
    /// URL of the page it is shown on, whose anchors its headings provide.
    pub owner_url: String,
    /// Folder (relative to the handbook root) its relative links are resolved against.
    pub base_dir: String,
}

impl MdSource {
    /// The text, borrowed from the file when possible.
    pub fn text<'a>(&'a self, sources: &'a SourceMap) -> &'a str {
        match &self.text {
            MdText::Slice(file, range) => {
                let text = &sources.get(*file).text;
                text.get(range.start as usize..range.end as usize)
                    .unwrap_or("")
            }
            MdText::Owned(s) => s,
        }
    }
}

/// Site settings from `handbook.yaml`.
#[derive(Clone, Debug, Serialize)]
pub struct Config {
    /// Site title.
    pub title: String,
    /// Description (Markdown).
    pub description: Option<MdId>,
    /// The plain description, for `<meta name="description">`.
    pub description_text: Option<String>,
    /// Absolute URL with a trailing slash.
    pub base_url: Option<String>,
    /// `lang` attribute.
    pub language: String,
    /// Theme folder (`theme: ./path`), relative to the handbook; `None` for the built-in theme.
    pub theme_dir: Option<String>,
    /// Repository URL without a trailing slash.
    pub repository: Option<String>,
    /// Branch for edit links.
    pub edit_branch: String,
    /// Days after which a reviewed page is stale.
    pub review_after_days: Option<u32>,
    /// Custom domain.
    pub cname: Option<String>,
    /// `handbook.yaml` itself.
    #[serde(skip)]
    pub file: Option<FileId>,
}

/// A core value.
#[derive(Clone, Debug, Serialize)]
pub struct Value {
    /// Its id.
    pub id: Id,
    /// Display name.
    pub name: String,
    /// One sentence.
    pub summary: Option<String>,
    /// Description (Markdown).
    pub description: Option<MdId>,
    /// Behaviours (inline Markdown).
    pub behaviours: Vec<MdId>,
    /// Anti-patterns (inline Markdown).
    pub anti_patterns: Vec<MdId>,
}

/// A role profile.
#[derive(Clone, Debug, Serialize)]
pub struct Role {
    /// Its id.
    pub id: Id,
    /// The file it was read from.
    #[serde(skip)]
    pub file: FileId,
    /// Title.
    pub title: String,
    /// One sentence.
    pub summary: Option<String>,
    /// Core values it leans on.
    pub values: Vec<Ref>,
    /// Traits derived from values.
    pub traits: Vec<Trait>,
    /// Responsibilities (inline Markdown).
    pub responsibilities: Vec<MdId>,
    /// Its ladder track.
    pub track: Option<Ref>,
    /// Level indices within the track.
    pub levels: Vec<Ref>,
    /// The role it reports to.
    pub reports_to: Option<Ref>,
    /// The hiring stages it goes through (all when `None`).
    pub hiring_stages: Option<Vec<Ref>>,
    /// Description (Markdown).
    pub description: Option<MdId>,
    /// Where `values:` is written (or the title, when it is missing).
    #[serde(skip)]
    pub values_span: Span,
    /// How many value ids the file lists, resolved or not.
    #[serde(skip)]
    pub values_listed: usize,
}

/// A role-specific trait.
#[derive(Clone, Debug, Serialize)]
pub struct Trait {
    /// What it is.
    pub name: String,
    /// The value it derives from.
    pub value: Option<Ref>,
    /// More detail (Markdown).
    pub description: Option<MdId>,
    /// Where the trait is written.
    #[serde(skip)]
    pub span: Span,
    /// Whether the file names a value for it, resolved or not.
    #[serde(skip)]
    pub names_value: bool,
}

/// A competency.
#[derive(Clone, Debug, Serialize)]
pub struct Competency {
    /// Its id.
    pub id: Id,
    /// Display name.
    pub name: String,
    /// Group for matrices.
    pub group: Option<String>,
    /// Description (Markdown).
    pub description: Option<MdId>,
    /// Values it expresses.
    pub values: Vec<Ref>,
}

/// A career track.
#[derive(Clone, Debug, Serialize)]
pub struct Track {
    /// Its id.
    pub id: Id,
    /// Display name.
    pub name: String,
    /// Description (Markdown).
    pub description: Option<MdId>,
    /// The competencies it uses, in ladder order.
    pub competencies: Vec<Ref>,
    /// Its levels, lowest first.
    pub levels: Vec<Level>,
}

/// One level of a track.
#[derive(Clone, Debug, Serialize)]
pub struct Level {
    /// Its id.
    pub id: Id,
    /// Short code (`L3`).
    pub code: Option<String>,
    /// Title.
    pub title: String,
    /// One sentence.
    pub summary: Option<String>,
    /// Description (Markdown).
    pub description: Option<MdId>,
    /// Competency index → expectation, for the competencies that have one.
    pub expectations: Vec<(usize, Expectation)>,
}

impl Level {
    /// The expectation for competency `c`.
    pub fn expectation(&self, c: usize) -> Option<&Expectation> {
        self.expectations
            .iter()
            .find(|(i, _)| *i == c)
            .map(|(_, e)| e)
    }
}

/// What a level expects for one competency.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Expectation {
    /// A paragraph of Markdown.
    Text(MdId),
    /// A list of criteria.
    Criteria(Vec<Criterion>),
}

/// One criterion, with optional examples.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Criterion {
    /// The criterion (inline Markdown).
    pub text: MdId,
    /// Examples (inline Markdown).
    pub examples: Vec<MdId>,
}

/// The ladder.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Ladder {
    /// Introduction (Markdown).
    pub description: Option<MdId>,
    /// Every competency.
    pub competencies: Vec<Competency>,
    /// Every track.
    pub tracks: Vec<Track>,
}

/// A hiring stage.
#[derive(Clone, Debug, Serialize)]
pub struct Stage {
    /// Its id.
    pub id: Id,
    /// Display name.
    pub name: String,
    /// One sentence.
    pub summary: Option<String>,
    /// Owning role.
    pub owner: Option<Ref>,
    /// Values it assesses.
    pub assesses: Vec<Ref>,
    /// Guidance (Markdown).
    pub guidance: Option<MdId>,
}

/// The hiring pipeline.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Hiring {
    /// Introduction (Markdown).
    pub description: Option<MdId>,
    /// The stages, in order.
    pub stages: Vec<Stage>,
}

/// Leaving guidelines.
#[derive(Clone, Debug, Serialize)]
pub struct Leaving {
    /// Introduction (Markdown).
    pub description: Option<MdId>,
    /// Principles: title and body.
    pub principles: Vec<Principle>,
    /// The offboarding checklist.
    pub offboarding: Vec<OffboardingItem>,
    /// Alumni (Markdown).
    pub alumni: Option<MdId>,
}

/// A leaving principle.
#[derive(Clone, Debug, Serialize)]
pub struct Principle {
    /// Title.
    pub title: String,
    /// Body (Markdown).
    pub body: Option<MdId>,
}

/// An offboarding checklist item.
#[derive(Clone, Debug, Serialize)]
pub struct OffboardingItem {
    /// What to do (inline Markdown).
    pub item: MdId,
    /// Who does it.
    pub owner: Option<Ref>,
}

/// What a page is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PageKind {
    /// `pages/index.md`, the home page.
    Home,
    /// A folder's `_index.md` (or a folder without one).
    Section,
    /// Any other page.
    Leaf,
}

/// A free-form page.
#[derive(Clone, Debug, Serialize)]
pub struct Page {
    /// Path under `pages/` without extension (`culture/one-on-ones`; a section is its folder;
    /// the home page is empty).
    pub id: String,
    /// What it is.
    pub kind: PageKind,
    /// The file, or `None` for a section folder without an index file.
    #[serde(skip)]
    pub file: Option<FileId>,
    /// Its source path relative to the handbook, for edit links.
    pub source: Option<String>,
    /// Title.
    pub title: String,
    /// True when the title was taken from the body's first heading (no `title:`).
    pub title_from_heading: bool,
    /// Order within the section (pages without a weight come after those with one).
    pub weight: Option<i64>,
    /// Left out unless drafts are built.
    pub draft: bool,
    /// Owning role.
    pub owner: Option<Ref>,
    /// Date of the last review.
    pub reviewed: Option<Date>,
    /// Where `reviewed:` is written.
    #[serde(skip)]
    pub reviewed_span: Option<Span>,
    /// One sentence.
    pub description: Option<String>,
    /// The Markdown body.
    pub body: Option<MdId>,
    /// The section containing it; the home page contains the top level and has no parent.
    pub parent: Option<usize>,
    /// Pages and sections inside a section, in display order.
    pub children: Vec<usize>,
    /// Site-root-relative URL (`culture/one-on-ones/`).
    pub url: String,
}

/// The whole validated handbook.
#[derive(Debug, Serialize)]
pub struct Handbook {
    /// Site settings.
    pub config: Config,
    /// Introduction of the values page (Markdown).
    pub values_intro: Option<MdId>,
    /// Core values.
    pub values: Vec<Value>,
    /// Roles, sorted by id.
    pub roles: Vec<Role>,
    /// The ladder.
    pub ladder: Ladder,
    /// The hiring pipeline.
    pub hiring: Hiring,
    /// Leaving guidelines, if `leaving.yaml` exists.
    pub leaving: Option<Leaving>,
    /// Pages in navigation order (depth first); index 0 is the home page, generated when
    /// `pages/index.md` is absent.
    pub pages: Vec<Page>,
    /// Every Markdown text, addressed by [`MdId`].
    #[serde(skip)]
    pub markdown: Vec<MdSource>,
    /// Lookup tables.
    #[serde(skip)]
    pub index: Index,
}

/// Id → index lookup tables.
#[derive(Debug, Default)]
pub struct Index {
    /// Value ids.
    pub values: HashMap<String, usize>,
    /// Role ids.
    pub roles: HashMap<String, usize>,
    /// Competency ids.
    pub competencies: HashMap<String, usize>,
    /// Track ids.
    pub tracks: HashMap<String, usize>,
    /// Stage ids.
    pub stages: HashMap<String, usize>,
    /// Page ids.
    pub pages: HashMap<String, usize>,
    /// Page source paths (`pages/culture/one-on-ones.md`).
    pub page_files: HashMap<String, usize>,
    /// Definitions that exist but failed to load: references to them are not reported again.
    pub failed: Failed,
}

/// Files that define entities but failed to load (their own problem is already reported).
#[derive(Debug, Default)]
pub struct Failed {
    /// `values.yaml`.
    pub values: bool,
    /// `ladder.yaml` (competencies, tracks and levels).
    pub ladder: bool,
    /// `hiring.yaml`.
    pub hiring: bool,
    /// Role ids (file stems) of role files that failed.
    pub roles: std::collections::HashSet<String>,
}

impl Handbook {
    /// The Markdown text `id`.
    pub fn md(&self, id: MdId) -> &MdSource {
        &self.markdown[id.0 as usize]
    }

    /// The index of level `level` in track `track`.
    pub fn level_index(&self, track: usize, level: &str) -> Option<usize> {
        self.ladder.tracks[track]
            .levels
            .iter()
            .position(|l| l.id.id == level)
    }
}
