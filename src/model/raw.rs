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
pub struct RawConfig {
    /// The handbook's title, shown in every page header.
    pub title: String,
    /// One or two sentences about the handbook (Markdown), shown on the home page and in
    /// search-engine descriptions.
    pub description: Option<String>,
    /// Absolute URL the site is published at, e.g. `https://acme.github.io/handbook/`. Used only
    /// where an absolute URL is required: the sitemap, canonical links and the 404 page.
    pub base_url: Option<String>,
    /// Language code of the content (`lang` attribute), default `en`.
    pub language: Option<String>,
    /// `default` (shipped in the binary) or a path to a theme folder, relative to the handbook.
    pub theme: Option<String>,
    /// Repository URL, e.g. `https://github.com/acme/handbook`; enables "Edit this page" links.
    pub repository: Option<String>,
    /// Branch that "Edit this page" links point to, default `main`.
    pub edit_branch: Option<String>,
    /// Pages whose `reviewed:` date is older than this many days get a `stale-page` warning.
    pub review_after_days: Option<u32>,
    /// Custom domain written to `CNAME` for GitHub Pages.
    pub cname: Option<String>,
}

/// `values.yaml`: the team's core values.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawValuesFile {
    /// Introduction shown above the values (Markdown).
    pub description: Option<String>,
    /// The core values, in the order they are shown.
    pub values: Vec<RawValue>,
}

/// One core value.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawValue {
    /// Kebab-case identifier, unique among values (`learn-fast`).
    #[schemars(pattern(r"^[a-z0-9]+(-[a-z0-9]+)*$"))]
    pub id: String,
    /// Display name (`Hunger to learn`).
    pub name: String,
    /// One sentence shown in lists and matrices.
    pub summary: Option<String>,
    /// Full description (Markdown).
    pub description: Option<String>,
    /// What the value looks like in practice.
    #[serde(default)]
    pub behaviours: Vec<String>,
    /// What going against the value looks like.
    #[serde(default)]
    pub anti_patterns: Vec<String>,
}

/// `roles/<id>.yaml`: one role profile. The file stem is the id unless `id:` is given.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawRole {
    /// Overrides the id taken from the file name.
    #[schemars(pattern(r"^[a-z0-9]+(-[a-z0-9]+)*$"))]
    pub id: Option<String>,
    /// The role's title (`Platform Engineer`).
    pub title: String,
    /// One sentence shown in lists.
    pub summary: Option<String>,
    /// Core value ids this role leans on: at least one, all defined in `values.yaml`.
    #[serde(default)]
    pub values: Vec<String>,
    /// Role-specific characteristics, each derived from one core value.
    #[serde(default)]
    pub traits: Vec<RawTrait>,
    /// What the role is accountable for.
    #[serde(default)]
    pub responsibilities: Vec<String>,
    /// Ladder track id this role progresses on.
    pub track: Option<String>,
    /// Level ids of that track this role is hired or promoted at.
    #[serde(default)]
    pub levels: Vec<String>,
    /// Role id this role reports to.
    pub reports_to: Option<String>,
    /// Hiring stage ids this role goes through; all stages when omitted.
    pub hiring_stages: Option<Vec<String>>,
    /// Full description (Markdown).
    pub description: Option<String>,
}

/// A role-specific trait, derived from a core value.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawTrait {
    /// What the trait is (`Learns new networking protocols without a guide`).
    pub name: String,
    /// The core value id this trait derives from.
    pub value: Option<String>,
    /// More detail (Markdown).
    pub description: Option<String>,
}

/// `ladder.yaml`: competencies, tracks and levels.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawLadder {
    /// Introduction shown on the ladder page (Markdown).
    pub description: Option<String>,
    /// Every competency any track uses.
    #[serde(default)]
    pub competencies: Vec<RawCompetency>,
    /// Career tracks (individual contributor, management...).
    #[serde(default)]
    pub tracks: Vec<RawTrack>,
}

/// A competency levels are assessed on.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawCompetency {
    /// Kebab-case identifier, unique among competencies.
    #[schemars(pattern(r"^[a-z0-9]+(-[a-z0-9]+)*$"))]
    pub id: String,
    /// Display name.
    pub name: String,
    /// Optional group; matrices show competencies grouped (Skill, Engagement...).
    pub group: Option<String>,
    /// What the competency covers (Markdown).
    pub description: Option<String>,
    /// Core value ids this competency expresses.
    #[serde(default)]
    pub values: Vec<String>,
}

/// A career track: an ordered list of levels.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawTrack {
    /// Kebab-case identifier, unique among tracks.
    #[schemars(pattern(r"^[a-z0-9]+(-[a-z0-9]+)*$"))]
    pub id: String,
    /// Display name (`Individual contributor`).
    pub name: String,
    /// About the track (Markdown).
    pub description: Option<String>,
    /// Competency ids this track uses; all competencies when omitted.
    pub competencies: Option<Vec<String>>,
    /// The levels, lowest first.
    pub levels: Vec<RawLevel>,
}

/// One level of a track.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawLevel {
    /// Kebab-case identifier, unique within the track.
    #[schemars(pattern(r"^[a-z0-9]+(-[a-z0-9]+)*$"))]
    pub id: String,
    /// Short label shown in matrices (`L3`).
    pub code: Option<String>,
    /// The level's title (`Senior Engineer`).
    pub title: String,
    /// One sentence shown in lists.
    pub summary: Option<String>,
    /// More about the level (Markdown).
    pub description: Option<String>,
    /// Competency id → what is expected at this level: Markdown text, or a list of criteria.
    #[serde(default)]
    pub expectations: BTreeMap<String, RawExpectation>,
}

/// What a level expects for one competency.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum RawExpectation {
    /// A paragraph of Markdown.
    Text(String),
    /// A list of criteria.
    Criteria(Vec<RawCriterion>),
}

/// One criterion of an expectation.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum RawCriterion {
    /// The criterion as Markdown text.
    Text(String),
    /// A criterion with examples of meeting it.
    Detailed(RawDetailedCriterion),
}

/// A criterion with examples (the shape of Monzo's `exampleCriteria`).
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawDetailedCriterion {
    /// The criterion (Markdown).
    pub text: String,
    /// Examples of meeting it (Markdown).
    #[serde(default)]
    pub examples: Vec<String>,
}

/// `hiring.yaml`: the hiring pipeline.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawHiring {
    /// Introduction shown above the pipeline (Markdown).
    pub description: Option<String>,
    /// The stages, in pipeline order.
    pub stages: Vec<RawStage>,
}

/// One stage of the hiring pipeline.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawStage {
    /// Kebab-case identifier, unique among stages.
    #[schemars(pattern(r"^[a-z0-9]+(-[a-z0-9]+)*$"))]
    pub id: String,
    /// Display name (`Technical interview`).
    pub name: String,
    /// One sentence shown in the pipeline.
    pub summary: Option<String>,
    /// Role id that owns this stage.
    pub owner: Option<String>,
    /// Core value ids this stage assesses.
    #[serde(default)]
    pub assesses: Vec<String>,
    /// How to run the stage (Markdown).
    pub guidance: Option<String>,
}

/// `leaving.yaml`: leaving guidelines and offboarding.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawLeaving {
    /// Introduction (Markdown).
    pub description: Option<String>,
    /// Principles for partings, in order.
    #[serde(default)]
    pub principles: Vec<RawPrinciple>,
    /// The offboarding checklist.
    #[serde(default)]
    pub offboarding: Vec<RawOffboardingItem>,
    /// Staying in touch, rehiring (Markdown).
    pub alumni: Option<String>,
}

/// A leaving principle.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawPrinciple {
    /// The principle in a few words.
    pub title: String,
    /// What it means (Markdown).
    pub body: Option<String>,
}

/// One offboarding checklist item.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawOffboardingItem {
    /// What to do (Markdown).
    pub item: String,
    /// Role id responsible for it.
    pub owner: Option<String>,
}

/// The YAML front matter of a page in `pages/`.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawFrontMatter {
    /// Page title; defaults to the first heading, then the file name.
    pub title: Option<String>,
    /// Order within the section (lower first; then by title).
    pub weight: Option<i64>,
    /// Drafts are left out unless `--drafts` is given.
    pub draft: Option<bool>,
    /// Role id that owns the page.
    pub owner: Option<String>,
    /// Date of the last review, `YYYY-MM-DD`.
    #[schemars(pattern(r"^\d{4}-\d{2}-\d{2}$"))]
    pub reviewed: Option<String>,
    /// One sentence shown in section lists and search results.
    pub description: Option<String>,
}
