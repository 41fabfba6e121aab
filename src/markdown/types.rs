//! What the Markdown renderer takes and gives: how a text is rendered ([`Style`]), how its
//! links resolve ([`Resolver`], [`Resolved`]), and what comes out ([`Rendered`], its
//! headings and link problems).

use crate::model::RawHtml;

/// How a link destination resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Resolved {
    /// Not ours (`https:`, `mailto:`...): left alone.
    External,
    /// A page of the site.
    Internal {
        /// Site-root-relative URL, e.g. `roles/sre/` or `img/logo.png`.
        url: String,
        /// The fragment after `#`, if any.
        fragment: Option<String>,
        /// Text for a link written with empty text: the entity's name.
        name: Option<String>,
        /// The page whose anchors the fragment must match, if it is to be checked.
        anchor_target: Option<String>,
    },
    /// A link rewritten to an absolute URL (a repository file that isn't published).
    Absolute {
        /// The URL.
        url: String,
    },
    /// A fragment of the page being rendered.
    SamePage {
        /// The fragment after `#`.
        fragment: String,
    },
    /// A link that doesn't resolve.
    Broken {
        /// What is wrong.
        message: String,
        /// How to fix it.
        help: Option<String>,
    },
    /// A link that would run script.
    Unsafe,
    /// A link that cannot be checked because what it names failed to load (that failure is
    /// reported on its own); rendered as written.
    Unchecked,
}

/// Resolves link destinations for one Markdown text.
pub(crate) trait Resolver {
    /// Resolves `dest`, a link or image destination as written.
    fn resolve(&self, dest: &str, image: bool) -> Resolved;
}

/// A link problem found while rendering, at a byte range of the Markdown text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LinkIssue {
    /// Byte range of the destination in the Markdown text (or of the whole link).
    pub(crate) range: std::ops::Range<usize>,
    /// The destination as written.
    pub(crate) dest: String,
    /// What went wrong.
    pub(crate) kind: LinkIssueKind,
}

/// What is wrong with a link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum LinkIssueKind {
    /// It doesn't resolve.
    Broken {
        /// The message.
        message: String,
        /// The help line.
        help: Option<String>,
    },
    /// It would run script.
    Unsafe,
    /// It goes nowhere (`[x]()`, `[x](#)`).
    Empty,
    /// Template syntax of another site generator (`{% include %}`), published as text.
    Foreign,
    /// The fragment must be checked against the anchors of `target` once all are known.
    Anchor {
        /// The page key (see [`Resolved::Internal::anchor_target`]); `None` for this text.
        target: Option<String>,
        /// The fragment.
        fragment: String,
    },
}

/// One heading of the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Heading {
    /// 1 to 6.
    pub(crate) level: u8,
    /// Its id (without the [`ID`] marker).
    pub(crate) id: String,
    /// Its plain text.
    pub(crate) text: String,
    /// Where its section starts in [`Rendered::text`] (the byte offset of its own text), so
    /// the search index can point at the section holding a phrase.
    pub(crate) text_at: usize,
}

/// The result of rendering one Markdown text.
#[derive(Debug, Default, Clone)]
pub(crate) struct Rendered {
    /// Position-independent HTML (see the module docs).
    pub(crate) html: String,
    /// Every heading, in order (including a leading `#` heading that was lifted out).
    pub(crate) headings: Vec<Heading>,
    /// The text of a leading level-1 heading that was left out of `html` because the page
    /// template shows it as the title.
    pub(crate) lifted_title: Option<String>,
    /// The id of that heading, which the template gives the title.
    pub(crate) title_id: Option<String>,
    /// The ids of raw HTML elements (`id=`, `<a name=>`), which links may target too.
    pub(crate) anchors: Vec<String>,
    /// Plain text, for the search index: all of it, link texts filled in by the renderer
    /// included.
    pub(crate) text: String,
    /// Link problems and anchors to check.
    pub(crate) issues: Vec<LinkIssue>,
    /// Every destination resolved and what it resolved to, when [`Style::record_resolutions`]:
    /// a cached rendering is reused only while they all still resolve the same way.
    pub(crate) resolutions: Vec<(String, bool, Resolved)>,
    /// A number unique to this rendering (reused with it), so pages showing it can tell
    /// whether it changed without comparing the HTML.
    pub(crate) serial: u64,
    /// Where in [`Rendered::html`] the level digit of each heading tag is (`<h2`, `</h2>`),
    /// so `/print/` can put a page's headings one level under the page's own.
    pub(crate) level_digits: Vec<u32>,
}

/// Whether a leading `# Title` is left out of the HTML because the page's template shows it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) enum LiftTitle<'a> {
    /// Never.
    #[default]
    No,
    /// Always (the page's title was taken from it).
    Always,
    /// When its text is this title; any other heading is content.
    IfTitle(&'a str),
}

/// How a text is rendered.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Style<'a> {
    /// Inline text (a list item in YAML): no wrapping `<p>`.
    pub(crate) inline: bool,
    /// What happens to raw HTML: pages follow `markdown.raw_html`; the Markdown fields of
    /// YAML files escape it.
    pub(crate) raw_html: RawHtml,
    /// Whether a leading `# Title` is left out (pages).
    pub(crate) lift: LiftTitle<'a>,
    /// Ids the template uses on the same page, which headings must not take.
    pub(crate) reserved_ids: &'static [&'static str],
    /// Fill [`Rendered::resolutions`] (a one-shot build never looks at them).
    pub(crate) record_resolutions: bool,
    /// For a text shown on other pages than its owner's too (a YAML field: on kits, job
    /// descriptions, `/print/`): the owner page's URL, which its `#fragment` links name, so
    /// they reach the heading wherever the text is shown.
    pub(crate) fragments_on: Option<&'a str>,
}
