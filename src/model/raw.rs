//! Serde mirrors of the handbook's files, exactly as written on disk.
//!
//! These types are the single source of truth for the file formats: `handbook schema` derives
//! the JSON Schemas from them, and the structural check derives its field lists from those
//! schemas, so the loader, the checker and the editor schemas cannot drift apart. Every type
//! rejects unknown fields. Doc comments become the descriptions editors show on hover.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// `handbook.yaml`: site settings. Its presence marks the root of a handbook.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawConfig {
    /// The handbook's title, shown in every page header.
    pub(crate) title: String,
    /// One or two sentences about the handbook (Markdown), shown on the home page and in
    /// search-engine descriptions.
    pub(crate) description: Option<String>,
    /// Absolute URL the site is published at, e.g. `https://acme.github.io/handbook/`. Used only
    /// where an absolute URL is required: the sitemap, canonical links and the 404 page.
    pub(crate) base_url: Option<String>,
    /// Language code of the content (`lang` attribute), default `en`.
    pub(crate) language: Option<String>,
    /// `default` (shipped in the binary) or a path to a theme folder, relative to the handbook.
    pub(crate) theme: Option<String>,
    /// Repository URL, e.g. `https://github.com/acme/handbook`; enables "Edit this page" links.
    pub(crate) repository: Option<String>,
    /// Branch that "Edit this page" links point to, default `main`.
    pub(crate) edit_branch: Option<String>,
    /// Pages whose `reviewed:` date is older than this many days get a `stale-page` warning.
    pub(crate) review_after_days: Option<u32>,
    /// Custom domain written to `CNAME` for GitHub Pages.
    pub(crate) cname: Option<String>,
    /// Where the free pages live, relative to the handbook: default `pages`; `.` for the
    /// handbook folder itself, as in repositories that keep their Markdown at the root.
    pub(crate) pages_dir: Option<String>,
    /// The handbook folder's path inside `repository` (`docs/handbook`), for "Edit this page"
    /// links and for recognising links to the handbook's own files on the repository's site.
    /// Default: found with git when the handbook is in a git work tree, else the root.
    pub(crate) repository_path: Option<String>,
    /// How Markdown is rendered.
    pub(crate) markdown: Option<RawMarkdownSettings>,
    /// Per-rule severities (`broken-link: warning`), to build a handbook while its problems are
    /// being fixed. Every rule but `yaml-syntax`, `unknown-field`, `missing-field` and
    /// `duplicate-id` can be set to `error`, `warning` or `off`.
    #[serde(default)]
    pub(crate) rules: BTreeMap<String, RawRuleLevel>,
}

/// How Markdown is rendered (`markdown:` in `handbook.yaml`).
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawMarkdownSettings {
    /// What happens to raw HTML in pages: `allow` (kept as written; the default), `sanitize`
    /// (kept, minus scripts, event handlers and script URLs) or `escape` (shown as text).
    pub(crate) raw_html: Option<RawHtmlMode>,
}

/// What happens to raw HTML in pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub(crate) enum RawHtmlMode {
    /// Kept as written (authors are trusted).
    Allow,
    /// Kept, minus scripts, event handlers and script URLs.
    Sanitize,
    /// Shown as text.
    Escape,
}

/// The severity a rule is reported with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub(crate) enum RawRuleLevel {
    /// Stops the build.
    Error,
    /// Reported; the build goes on.
    Warning,
    /// Not reported.
    Off,
}

/// `values.yaml`: the team's core values.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawValuesFile {
    /// Introduction shown above the values (Markdown).
    pub(crate) description: Option<String>,
    /// The core values, in the order they are shown.
    pub(crate) values: Vec<RawValue>,
}

/// One core value.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawValue {
    /// Kebab-case identifier, unique among values (`learn-fast`).
    #[schemars(pattern(r"^[a-z0-9]+(-[a-z0-9]+)*$"))]
    pub(crate) id: String,
    /// Display name (`Hunger to learn`).
    pub(crate) name: String,
    /// One sentence shown in lists and matrices.
    pub(crate) summary: Option<String>,
    /// Full description (Markdown).
    pub(crate) description: Option<String>,
    /// What the value looks like in practice.
    #[serde(default)]
    pub(crate) behaviours: Vec<String>,
    /// What going against the value looks like.
    #[serde(default)]
    pub(crate) anti_patterns: Vec<String>,
    /// Interview questions that probe the value (Markdown), used by the interview kits.
    #[serde(default)]
    pub(crate) questions: Vec<String>,
}

/// `roles/<id>.yaml`: one role profile. The file stem is the id unless `id:` is given.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawRole {
    /// Overrides the id taken from the file name.
    #[schemars(pattern(r"^[a-z0-9]+(-[a-z0-9]+)*$"))]
    pub(crate) id: Option<String>,
    /// The role's title (`Platform Engineer`).
    pub(crate) title: String,
    /// One sentence shown in lists.
    pub(crate) summary: Option<String>,
    /// Core value ids this role leans on: at least one, all defined in `values.yaml`.
    #[serde(default)]
    pub(crate) values: Vec<String>,
    /// Role-specific characteristics, each derived from one core value.
    #[serde(default)]
    pub(crate) traits: Vec<RawTrait>,
    /// What the role is accountable for.
    #[serde(default)]
    pub(crate) responsibilities: Vec<String>,
    /// Ladder track id this role progresses on.
    pub(crate) track: Option<String>,
    /// Level ids of that track this role is hired or promoted at.
    #[serde(default)]
    pub(crate) levels: Vec<String>,
    /// Role id this role reports to.
    pub(crate) reports_to: Option<String>,
    /// Hiring stage ids this role goes through; all stages when omitted.
    pub(crate) hiring_stages: Option<Vec<String>>,
    /// Full description (Markdown).
    pub(crate) description: Option<String>,
}

/// A role-specific trait, derived from a core value.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawTrait {
    /// What the trait is (`Learns new networking protocols without a guide`).
    pub(crate) name: String,
    /// The core value id this trait derives from.
    pub(crate) value: Option<String>,
    /// More detail (Markdown).
    pub(crate) description: Option<String>,
}

/// `ladder.yaml`: competencies, tracks and levels.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawLadder {
    /// Introduction shown on the ladder page (Markdown).
    pub(crate) description: Option<String>,
    /// Every competency any track uses.
    #[serde(default)]
    pub(crate) competencies: Vec<RawCompetency>,
    /// Career tracks (individual contributor, management...).
    #[serde(default)]
    pub(crate) tracks: Vec<RawTrack>,
}

/// A competency levels are assessed on.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawCompetency {
    /// Kebab-case identifier, unique among competencies.
    #[schemars(pattern(r"^[a-z0-9]+(-[a-z0-9]+)*$"))]
    pub(crate) id: String,
    /// Display name.
    pub(crate) name: String,
    /// Optional group; matrices show competencies grouped (Skill, Engagement...).
    pub(crate) group: Option<String>,
    /// What the competency covers (Markdown).
    pub(crate) description: Option<String>,
    /// Core value ids this competency expresses.
    #[serde(default)]
    pub(crate) values: Vec<String>,
    /// Interview questions that probe the competency (Markdown), used by the interview kits.
    #[serde(default)]
    pub(crate) questions: Vec<String>,
}

/// A career track: an ordered list of levels.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawTrack {
    /// Kebab-case identifier, unique among tracks.
    #[schemars(pattern(r"^[a-z0-9]+(-[a-z0-9]+)*$"))]
    pub(crate) id: String,
    /// Display name (`Individual contributor`).
    pub(crate) name: String,
    /// One line for the track's card on the ladder page; the description shows on the
    /// track's own page.
    pub(crate) summary: Option<String>,
    /// Tracks with the same group are shown together (`Engineering`, `Operations`), on the
    /// ladder page and in the sidebar.
    pub(crate) group: Option<String>,
    /// Each level includes every lower level's expectations: level pages show them, marked
    /// as carried; the matrix shows what each level adds.
    #[serde(default)]
    pub(crate) cumulative: bool,
    /// About the track (Markdown).
    pub(crate) description: Option<String>,
    /// The competencies this track uses, in the order its matrix and level pages show them
    /// (grouped by `group` in that order); all competencies when omitted. An item is an id,
    /// or `{id, name, description}` to call the competency otherwise on this track.
    pub(crate) competencies: Option<Vec<RawTrackCompetency>>,
    /// The levels, lowest first.
    pub(crate) levels: Vec<RawLevel>,
}

/// A competency of a track: its id, or its id with this track's wording.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(untagged)]
pub(crate) enum RawTrackCompetency {
    /// A competency id.
    Id(String),
    /// A competency with this track's name and description for it.
    Worded(RawTrackWording),
}

/// A competency as one track words it.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawTrackWording {
    /// The competency id.
    pub(crate) id: String,
    /// Its name on this track's pages (`💬 Communication`).
    pub(crate) name: Option<String>,
    /// What it covers on this track (Markdown).
    pub(crate) description: Option<String>,
}

/// One level of a track.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawLevel {
    /// Kebab-case identifier, unique within the track.
    #[schemars(pattern(r"^[a-z0-9]+(-[a-z0-9]+)*$"))]
    pub(crate) id: String,
    /// Short label shown in matrices (`L3`).
    pub(crate) code: Option<String>,
    /// The level's title (`Senior Engineer`); defaults to the code, else the id.
    pub(crate) title: Option<String>,
    /// One sentence shown in lists.
    pub(crate) summary: Option<String>,
    /// More about the level (Markdown).
    pub(crate) description: Option<String>,
    /// Competency id → what is expected at this level: Markdown text, or a list of criteria.
    #[serde(default)]
    pub(crate) expectations: BTreeMap<String, RawExpectation>,
    /// Competency ids deliberately not expected at this level (leadership before L3): shown
    /// as "Not expected at this level", without an `incomplete-level` warning.
    #[serde(default)]
    pub(crate) not_expected: Vec<String>,
}

/// What a level expects for one competency.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(untagged)]
pub(crate) enum RawExpectation {
    /// A paragraph of Markdown.
    Text(String),
    /// A list of criteria.
    Criteria(Vec<RawCriterion>),
}

/// One criterion of an expectation.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(untagged)]
pub(crate) enum RawCriterion {
    /// The criterion as Markdown text.
    Text(String),
    /// A criterion with examples of meeting it.
    Detailed(RawDetailedCriterion),
}

/// A criterion with examples (the shape of Monzo's `exampleCriteria`).
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawDetailedCriterion {
    /// The criterion (Markdown).
    pub(crate) text: String,
    /// Examples of meeting it (Markdown).
    #[serde(default)]
    pub(crate) examples: Vec<String>,
}

/// `hiring.yaml`: the hiring pipeline.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawHiring {
    /// Introduction shown above the pipeline (Markdown).
    pub(crate) description: Option<String>,
    /// The stages, in pipeline order.
    pub(crate) stages: Vec<RawStage>,
}

/// One stage of the hiring pipeline.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawStage {
    /// Kebab-case identifier, unique among stages.
    #[schemars(pattern(r"^[a-z0-9]+(-[a-z0-9]+)*$"))]
    pub(crate) id: String,
    /// Display name (`Technical interview`).
    pub(crate) name: String,
    /// One sentence shown in the pipeline.
    pub(crate) summary: Option<String>,
    /// Role id that owns this stage.
    pub(crate) owner: Option<String>,
    /// Core value ids this stage assesses.
    #[serde(default)]
    pub(crate) assesses: Vec<String>,
    /// Competency ids this stage assesses (a technical interview): the interview kits show
    /// the bar at the candidate's level for each.
    #[serde(default)]
    pub(crate) competencies: Vec<String>,
    /// How to run the stage (Markdown).
    pub(crate) guidance: Option<String>,
}

/// `leaving.yaml`: leaving guidelines and offboarding.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawLeaving {
    /// Introduction (Markdown).
    pub(crate) description: Option<String>,
    /// Principles for partings, in order.
    #[serde(default)]
    pub(crate) principles: Vec<RawPrinciple>,
    /// The offboarding checklist.
    #[serde(default)]
    pub(crate) offboarding: Vec<RawOffboardingItem>,
    /// Staying in touch, rehiring (Markdown).
    pub(crate) alumni: Option<String>,
}

/// A leaving principle.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawPrinciple {
    /// The principle in a few words.
    pub(crate) title: String,
    /// What it means (Markdown).
    pub(crate) body: Option<String>,
}

/// One offboarding checklist item.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawOffboardingItem {
    /// What to do (Markdown).
    pub(crate) item: String,
    /// Role id responsible for it.
    pub(crate) owner: Option<String>,
}

/// The YAML front matter of a page in `pages/`.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawFrontMatter {
    /// Page title; defaults to the first heading, then the file name.
    pub(crate) title: Option<String>,
    /// Order within the section (lower first; then by title).
    pub(crate) weight: Option<i64>,
    /// Drafts are left out unless `--drafts` is given.
    pub(crate) draft: Option<bool>,
    /// Role id that owns the page.
    pub(crate) owner: Option<String>,
    /// Date of the last review, `YYYY-MM-DD`.
    #[schemars(pattern(r"^\d{4}-\d{2}-\d{2}$"))]
    pub(crate) reviewed: Option<String>,
    /// One sentence shown in section lists and search results.
    pub(crate) description: Option<String>,
    /// Anything else, for templates (`page.extra`): fields a page brings from another site
    /// generator (Jekyll's `redirect_from`, `keywords`...) go here.
    pub(crate) extra: Option<serde_json::Map<String, serde_json::Value>>,
    /// Old URLs of the page (`/old/path/`, from the site's root): each gets a small page that
    /// redirects here.
    #[serde(default)]
    pub(crate) aliases: Vec<String>,
}
