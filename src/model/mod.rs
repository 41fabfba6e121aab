//! The handbook's types, and nothing else: [`raw`] mirrors the files, the rest is the validated
//! model (ids resolved to indices, every id and reference with its span), plus the file kinds
//! ([`Kind`]) and the URL scheme ([`urls`]) that every stage agrees on.
//!
//! `resolve` builds the model from the raw types. A reference that didn't resolve is dropped
//! (after its diagnostic), so nothing downstream can meet a dangling id.

pub(crate) mod date;
mod ids;
pub(crate) mod kind;
mod page;
pub(crate) mod raw;
pub(crate) mod urls;

use std::collections::HashMap;
use std::ops::Range;

use serde::Serialize;

use crate::source::{FileId, SourceMap, Span};
pub(crate) use date::Date;
pub(crate) use ids::{Id, MdId, Ref};
pub use kind::Kind;
pub(crate) use page::{Alias, Asset, Intros, Page, PageKind};

/// Where a Markdown text comes from.
#[derive(Clone, Debug)]
pub(crate) enum MdText {
    /// A range of a file (a page body).
    Slice(FileId, Range<u32>),
    /// The value of a YAML scalar (unescaped, so it no longer matches the file byte for byte).
    Owned(String),
}

/// A Markdown text to render.
#[derive(Clone, Debug)]
pub(crate) struct MdSource {
    /// The text.
    pub(crate) text: MdText,
    /// The YAML scalar or page body it was read from.
    pub(crate) span: Span,
    /// Inline text (list items): rendered without a paragraph.
    pub(crate) inline: bool,
    /// URL of the page it is shown on, whose anchors its headings provide.
    pub(crate) owner_url: String,
    /// Folder (relative to the handbook root) its relative links are resolved against.
    pub(crate) base_dir: String,
    /// How a leading `# Heading` is treated (pages only).
    pub(crate) lift: Lift,
}

/// Whether the first block of a page, when it is a level-1 heading, is left out of the body
/// because the page template shows it as the title (its id stays the title's).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) enum Lift {
    /// Never (Markdown fields of YAML files).
    #[default]
    No,
    /// Always: the page's title was taken from it.
    Always,
    /// Only when its text is this title (from the front matter): any other heading is content.
    IfTitle(String),
}

impl MdSource {
    /// The text, borrowed from the file when possible.
    pub(crate) fn text<'a>(&'a self, sources: &'a SourceMap) -> &'a str {
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
pub(crate) struct Config {
    /// Site title.
    pub(crate) title: String,
    /// Description (Markdown).
    pub(crate) description: Option<MdId>,
    /// The plain description, for `<meta name="description">`.
    pub(crate) description_text: Option<String>,
    /// Absolute URL with a trailing slash.
    pub(crate) base_url: Option<String>,
    /// `lang` attribute.
    pub(crate) language: String,
    /// Theme folder (`theme: ./path`), relative to the handbook; `None` for the built-in theme.
    pub(crate) theme_dir: Option<String>,
    /// Repository URL without a trailing slash.
    pub(crate) repository: Option<String>,
    /// Branch for edit links.
    pub(crate) edit_branch: String,
    /// Days after which a reviewed page is stale.
    pub(crate) review_after_days: Option<u32>,
    /// Custom domain.
    pub(crate) cname: Option<String>,
    /// How pages are found and rendered: `pages_dir`, `repository_path`, `markdown`, `rules`.
    pub(crate) settings: Settings,
}

/// The settings of `handbook.yaml` that shape how content is read rather than shown.
#[derive(Clone, Debug, Default, Serialize)]
pub(crate) struct Settings {
    /// The pages folder relative to the handbook (`pages`; empty for the handbook itself).
    pub(crate) pages_dir: String,
    /// The handbook's folder inside its repository as written (`docs/handbook/`, with a
    /// trailing slash); `None` to detect it.
    pub(crate) repository_path: Option<String>,
    /// What happens to raw HTML in pages.
    pub(crate) raw_html: RawHtml,
    /// Rules whose severity the handbook changed: `None` turns a rule off.
    #[serde(skip)]
    pub(crate) rules: Vec<(crate::diag::Code, Option<crate::diag::Severity>)>,
}

impl Settings {
    /// `rel` (a path from the handbook's root) relative to the pages folder, when it is in it.
    pub(crate) fn under_pages<'a>(&self, rel: &'a str) -> Option<&'a str> {
        if self.pages_dir.is_empty() {
            return Some(rel);
        }
        rel.strip_prefix(&self.pages_dir)?.strip_prefix('/')
    }

    /// The path from the handbook's root of `rel`, a path inside the pages folder.
    pub(crate) fn pages_file(&self, rel: &str) -> String {
        if self.pages_dir.is_empty() {
            rel.to_string()
        } else {
            format!("{}/{rel}", self.pages_dir)
        }
    }
}

/// What happens to raw HTML in pages (`markdown.raw_html`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum RawHtml {
    /// Kept as written.
    #[default]
    Allow,
    /// Kept, minus scripts, event handlers and script URLs.
    Sanitize,
    /// Shown as text.
    Escape,
}

/// A core value.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Value {
    /// Its id.
    pub(crate) id: Id,
    /// Display name.
    pub(crate) name: String,
    /// One sentence.
    pub(crate) summary: Option<String>,
    /// Description (Markdown).
    pub(crate) description: Option<MdId>,
    /// Behaviours (inline Markdown).
    pub(crate) behaviours: Vec<MdId>,
    /// Anti-patterns (inline Markdown).
    pub(crate) anti_patterns: Vec<MdId>,
    /// Interview questions (Markdown).
    pub(crate) questions: Vec<MdId>,
}

/// A role profile.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Role {
    /// Its id.
    pub(crate) id: Id,
    /// The file it was read from.
    #[serde(skip)]
    pub(crate) file: FileId,
    /// Title.
    pub(crate) title: String,
    /// One sentence.
    pub(crate) summary: Option<String>,
    /// Core values it leans on.
    pub(crate) values: Vec<Ref>,
    /// Traits derived from values.
    pub(crate) traits: Vec<Trait>,
    /// Responsibilities (inline Markdown).
    pub(crate) responsibilities: Vec<MdId>,
    /// Its ladder track.
    pub(crate) track: Option<Ref>,
    /// Level indices within the track.
    pub(crate) levels: Vec<Ref>,
    /// The role it reports to.
    pub(crate) reports_to: Option<Ref>,
    /// The hiring stages it goes through (all when `None`).
    pub(crate) hiring_stages: Option<Vec<Ref>>,
    /// Description (Markdown).
    pub(crate) description: Option<MdId>,
    /// Where `values:` is written (or the title, when it is missing).
    #[serde(skip)]
    pub(crate) values_span: Span,
    /// How many value ids the file lists, resolved or not.
    #[serde(skip)]
    pub(crate) values_listed: usize,
}

/// A role-specific trait.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Trait {
    /// What it is.
    pub(crate) name: String,
    /// The value it derives from.
    pub(crate) value: Option<Ref>,
    /// More detail (Markdown).
    pub(crate) description: Option<MdId>,
    /// Where the trait is written.
    #[serde(skip)]
    pub(crate) span: Span,
    /// Whether the file names a value for it, resolved or not.
    #[serde(skip)]
    pub(crate) names_value: bool,
}

/// A competency.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Competency {
    /// Its id.
    pub(crate) id: Id,
    /// Display name.
    pub(crate) name: String,
    /// Group for matrices.
    pub(crate) group: Option<String>,
    /// Description (Markdown).
    pub(crate) description: Option<MdId>,
    /// Values it expresses.
    pub(crate) values: Vec<Ref>,
    /// Interview questions (Markdown).
    pub(crate) questions: Vec<MdId>,
}

/// A career track.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Track {
    /// Its id.
    pub(crate) id: Id,
    /// Display name.
    pub(crate) name: String,
    /// One line for its card.
    pub(crate) summary: Option<String>,
    /// Group of tracks it is shown with.
    pub(crate) group: Option<String>,
    /// Each level includes the lower levels' expectations.
    pub(crate) cumulative: bool,
    /// Description (Markdown).
    pub(crate) description: Option<MdId>,
    /// The competencies it uses, in its order (not sorted: the order is the track's).
    pub(crate) competencies: Vec<TrackCompetency>,
    /// Its levels, lowest first.
    pub(crate) levels: Vec<Level>,
}

impl Track {
    /// Whether the track uses competency `c`.
    pub(crate) fn uses(&self, c: usize) -> bool {
        self.competencies.iter().any(|tc| tc.competency.to == c)
    }
}

/// A competency as a track uses it.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct TrackCompetency {
    /// The competency.
    pub(crate) competency: Ref,
    /// Its name on this track, when the track words it its own way.
    pub(crate) name: Option<String>,
    /// Its description on this track (Markdown).
    pub(crate) description: Option<MdId>,
}

/// One level of a track.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Level {
    /// Its id.
    pub(crate) id: Id,
    /// Short code (`L3`).
    pub(crate) code: Option<String>,
    /// Title: as written, else the code, else the id.
    pub(crate) title: String,
    /// One sentence.
    pub(crate) summary: Option<String>,
    /// Description (Markdown).
    pub(crate) description: Option<MdId>,
    /// Competency index → expectation, for the competencies that have one.
    pub(crate) expectations: Vec<(usize, Expectation)>,
    /// Competencies deliberately not expected at this level.
    pub(crate) not_expected: Vec<usize>,
}

impl Level {
    /// The expectation for competency `c`.
    pub(crate) fn expectation(&self, c: usize) -> Option<&Expectation> {
        self.expectations
            .iter()
            .find(|(i, _)| *i == c)
            .map(|(_, e)| e)
    }
}

/// What a level expects for one competency.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Expectation {
    /// A paragraph of Markdown.
    Text(MdId),
    /// A list of criteria.
    Criteria(Vec<Criterion>),
}

/// One criterion, with optional examples.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub(crate) struct Criterion {
    /// The criterion (inline Markdown).
    pub(crate) text: MdId,
    /// Examples (inline Markdown).
    pub(crate) examples: Vec<MdId>,
}

/// The ladder.
#[derive(Clone, Debug, Default, Serialize)]
pub(crate) struct Ladder {
    /// Introduction (Markdown).
    pub(crate) description: Option<MdId>,
    /// Every competency.
    pub(crate) competencies: Vec<Competency>,
    /// Every track.
    pub(crate) tracks: Vec<Track>,
}

/// A hiring stage.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Stage {
    /// Its id.
    pub(crate) id: Id,
    /// Display name.
    pub(crate) name: String,
    /// One sentence.
    pub(crate) summary: Option<String>,
    /// Owning role.
    pub(crate) owner: Option<Ref>,
    /// Values it assesses.
    pub(crate) assesses: Vec<Ref>,
    /// Competencies it assesses.
    pub(crate) competencies: Vec<Ref>,
    /// Guidance (Markdown).
    pub(crate) guidance: Option<MdId>,
}

/// The hiring pipeline.
#[derive(Clone, Debug, Default, Serialize)]
pub(crate) struct Hiring {
    /// Introduction (Markdown).
    pub(crate) description: Option<MdId>,
    /// The stages, in order.
    pub(crate) stages: Vec<Stage>,
}

/// Leaving guidelines.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Leaving {
    /// Introduction (Markdown).
    pub(crate) description: Option<MdId>,
    /// Principles: title and body.
    pub(crate) principles: Vec<Principle>,
    /// The offboarding checklist.
    pub(crate) offboarding: Vec<OffboardingItem>,
    /// Alumni (Markdown).
    pub(crate) alumni: Option<MdId>,
}

/// A leaving principle.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Principle {
    /// Title.
    pub(crate) title: String,
    /// Body (Markdown).
    pub(crate) body: Option<MdId>,
}

/// An offboarding checklist item.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct OffboardingItem {
    /// What to do (inline Markdown).
    pub(crate) item: MdId,
    /// Who does it.
    pub(crate) owner: Option<Ref>,
}

/// The whole validated handbook.
#[derive(Debug, Serialize)]
pub(crate) struct Handbook {
    /// Site settings.
    pub(crate) config: Config,
    /// Introduction of the values page (Markdown).
    pub(crate) values_intro: Option<MdId>,
    /// Core values.
    pub(crate) values: Vec<Value>,
    /// Roles, sorted by id.
    pub(crate) roles: Vec<Role>,
    /// The ladder.
    pub(crate) ladder: Ladder,
    /// The hiring pipeline.
    pub(crate) hiring: Hiring,
    /// Leaving guidelines, if `leaving.yaml` exists.
    pub(crate) leaving: Option<Leaving>,
    /// Pages in navigation order (depth first); index 0 is the home page, generated when
    /// the pages folder has no index.
    pub(crate) pages: Vec<Page>,
    /// Pages that introduce a generated page (`pages/roles.md` above `/roles/`).
    #[serde(skip)]
    pub(crate) intros: Intros,
    /// The files next to the pages (images, PDFs...), published beside them.
    pub(crate) assets: Vec<Asset>,
    /// Every Markdown text, addressed by [`MdId`].
    #[serde(skip)]
    pub(crate) markdown: Vec<MdSource>,
    /// Lookup tables.
    #[serde(skip)]
    pub(crate) index: Index,
}

/// Id → index lookup tables.
#[derive(Debug, Default)]
pub(crate) struct Index {
    /// Value ids.
    pub(crate) values: HashMap<String, usize>,
    /// Role ids.
    pub(crate) roles: HashMap<String, usize>,
    /// Competency ids.
    pub(crate) competencies: HashMap<String, usize>,
    /// Track ids.
    pub(crate) tracks: HashMap<String, usize>,
    /// Stage ids.
    pub(crate) stages: HashMap<String, usize>,
    /// Page ids.
    pub(crate) pages: HashMap<String, usize>,
    /// Page source paths (`pages/culture/one-on-ones.md`).
    pub(crate) page_files: HashMap<String, usize>,
    /// Page files that introduce a generated page (`pages/roles.md`) → its URL and title.
    pub(crate) intro_files: HashMap<String, (&'static str, &'static str)>,
    /// Page files that are not on the site, and why (links to them get a precise message).
    pub(crate) left_out: HashMap<String, LeftOut>,
    /// Definitions that exist but failed to load: references to them are not reported again.
    pub(crate) failed: Failed,
}

/// Why a page file is not on the site.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum LeftOut {
    /// `draft: true`, built without `--drafts`.
    Draft,
    /// Its name (or a folder's) cannot be part of a URL.
    BadName,
    /// It is in a folder the handbook keeps its own files in (`pages_dir: .`).
    Reserved(Reserved),
}

/// A folder under the pages folder that holds the handbook's own files, not pages: its `.md`
/// files are not published as pages (`not-published`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Reserved {
    /// `roles/`.
    Roles,
    /// `static/`: its files are copied as they are, Markdown included.
    Static,
    /// `templates/`.
    Templates,
    /// The theme folder (`theme: ./path`).
    Theme,
}

impl Reserved {
    /// What the folder is reserved for.
    pub(crate) fn purpose(self) -> &'static str {
        match self {
            Reserved::Roles => "role profiles (`roles/*.yaml`)",
            Reserved::Static => "files copied to the site as they are",
            Reserved::Templates => "template overrides (`templates/*.html`)",
            Reserved::Theme => "the theme (`theme:` in handbook.yaml)",
        }
    }
}

/// Files that define entities but failed to load (their own problem is already reported).
#[derive(Debug, Default)]
pub(crate) struct Failed {
    /// `values.yaml`.
    pub(crate) values: bool,
    /// `ladder.yaml` (competencies, tracks and levels).
    pub(crate) ladder: bool,
    /// `hiring.yaml`.
    pub(crate) hiring: bool,
    /// Role ids (file stems) of role files that failed.
    pub(crate) roles: std::collections::HashSet<String>,
}

impl Handbook {
    /// The Markdown text `id`.
    pub(crate) fn md(&self, id: MdId) -> &MdSource {
        &self.markdown[id.0 as usize]
    }

    /// The index of level `level` in track `track`.
    pub(crate) fn level_index(&self, track: usize, level: &str) -> Option<usize> {
        self.ladder.tracks[track]
            .levels
            .iter()
            .position(|l| l.id.id == level)
    }
}
