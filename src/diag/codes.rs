//! The stable diagnostic codes and their documentation.
//!
//! `docs/diagnostics.md` is generated from [`Code::doc`] (a test fails when it is stale), so the
//! explanation users read and the code that emits the diagnostic live side by side.

/// How bad a problem is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The handbook cannot be published.
    Error,
    /// The handbook can be published, but something should be looked at.
    Warning,
}

impl Severity {
    /// `error` or `warning`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

macro_rules! codes {
    ($($variant:ident = $name:literal, $sev:ident;)*) => {
        /// A stable diagnostic code, as printed (`unknown-reference`).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Code {
            $(
                #[doc = concat!("`", $name, "`")]
                $variant,
            )*
        }

        impl Code {
            /// Every code, in documentation order.
            pub const ALL: &'static [Code] = &[$(Code::$variant),*];

            /// The code as printed.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Code::$variant => $name,)*
                }
            }

            /// The severity the code is reported with.
            pub fn severity(self) -> Severity {
                match self {
                    $(Code::$variant => Severity::$sev,)*
                }
            }
        }
    };
}

codes! {
    YamlSyntax = "yaml-syntax", Error;
    UnknownField = "unknown-field", Error;
    MissingField = "missing-field", Error;
    DuplicateId = "duplicate-id", Error;
    RoleWithoutValues = "role-without-values", Error;
    UnknownReference = "unknown-reference", Error;
    TraitWithoutValue = "trait-without-value", Error;
    BrokenLink = "broken-link", Error;
    ReportsToCycle = "reports-to-cycle", Error;
    FrontMatter = "front-matter", Error;
    ValueUnused = "value-unused", Warning;
    ValueNotAssessed = "value-not-assessed", Warning;
    IncompleteLevel = "incomplete-level", Warning;
    StalePage = "stale-page", Warning;
    EmptyLink = "empty-link", Warning;
    ForeignSyntax = "foreign-syntax", Warning;
    NotPublished = "not-published", Warning;
    InvalidId = "invalid-id", Error;
    UnsafeLink = "unsafe-link", Error;
    Encoding = "encoding", Error;
    ReadError = "read-error", Error;
    LimitExceeded = "limit-exceeded", Error;
    Template = "template", Error;
    ContradictoryLevel = "contradictory-level", Error;
    DuplicateEntry = "duplicate-entry", Warning;
    EmptyTrack = "empty-track", Warning;
}

/// The documentation of one code, in ruff's sections.
#[derive(Debug)]
pub struct CodeDoc {
    /// One line: the rule.
    pub summary: &'static str,
    /// What triggers it and why it matters.
    pub why: &'static str,
    /// A minimal example that triggers it.
    pub example: &'static str,
    /// How to fix it.
    pub fix: &'static str,
}

impl Code {
    /// The code named `name`.
    pub fn from_name(name: &str) -> Option<Code> {
        Code::ALL.iter().copied().find(|c| c.as_str() == name)
    }

    /// What the code means, how it is triggered and how to fix it.
    pub fn doc(self) -> CodeDoc {
        let (summary, why, example, fix) = match self {
            Code::YamlSyntax => (
                "A YAML file does not parse, or a value has the wrong type.",
                "The file cannot be read into its schema, so nothing in it can be checked or \
                 published. Besides syntax errors this covers a value of the wrong type (a \
                 string where a list is expected), duplicate keys and several documents in one \
                 file.",
                "# roles/sre.yaml\ntitle: SRE\nvalues: [ownership, learn-fast\n",
                "Fix the syntax at the reported position; for a type error, write the value in \
                 the shape the message names (`values: [ownership]`, not `values: ownership`).",
            ),
            Code::UnknownField => (
                "A field the schema doesn't know.",
                "A misspelt field would otherwise be silently ignored, and the content under it \
                 lost from the site.",
                "# values.yaml\nvalues:\n  - id: ownership\n    name: Ownership\n    sumary: We finish what we start.\n",
                "Rename the field to the suggested one, or remove it. `handbook schema KIND` \
                 lists every allowed field.",
            ),
            Code::MissingField => (
                "A required field is absent or empty.",
                "Every value needs an `id` and a `name`, every role a `title`, and so on: pages \
                 cannot be rendered without them.",
                "# values.yaml\nvalues:\n  - id: ownership\n",
                "Add the field named in the message.",
            ),
            Code::DuplicateId => (
                "Two entities of one kind share an id, or two pages share a URL.",
                "Ids are how everything refers to everything; a duplicate makes every reference \
                 to it ambiguous and one of the two pages would overwrite the other. URLs are \
                 compared without case (on macOS and Windows `Guide/` and `guide/` are one \
                 folder), and a page or an `aliases:` entry may not take a name the site uses \
                 itself: `/values/`, `/print/`, `/sitemap.xml`, `/CNAME` and the like.",
                "# values.yaml\nvalues:\n  - id: ownership\n    name: Ownership\n  - id: ownership\n    name: Owning it\n",
                "Give one of them another id (and update references to it), or rename the page \
                 or alias.",
            ),
            Code::RoleWithoutValues => (
                "A role maps to no core value.",
                "The handbook's central promise is that every role is grounded in the team's \
                 core values. A role with an empty `values:` list breaks it.",
                "# roles/sre.yaml\ntitle: Site Reliability Engineer\nvalues: []\n",
                "List the value ids the role leans on under `values:`.",
            ),
            Code::UnknownReference => (
                "An id that doesn't exist: a value, role, track, level, competency or stage.",
                "A reference to nothing would render as a dead link, or silently drop the \
                 connection the handbook is meant to show. When the file that defines the kind \
                 is missing altogether (roles but no `values.yaml`), every reference to it is \
                 reported.",
                "# roles/sre.yaml\ntitle: SRE\nvalues: [ownrship]\n",
                "Use an id that exists (the help line suggests the nearest one), or define the \
                 missing entity.",
            ),
            Code::TraitWithoutValue => (
                "A role trait doesn't name the core value it derives from.",
                "Traits are how roles differ while staying aligned; a trait without a value is \
                 a characteristic the team never agreed to value.",
                "# roles/sre.yaml\ntitle: SRE\nvalues: [calm]\ntraits:\n  - name: Keeps a clear head during incidents\n",
                "Add `value: <value-id>` to the trait.",
            ),
            Code::BrokenLink => (
                "A Markdown link to a missing file, page, entity or anchor.",
                "A link that doesn't resolve would be dead on the published site. Relative \
                 `.md` links, `@kind/id` references and `#anchors` are all checked.",
                "# pages/onboarding.md\nSee [one-on-ones](culture/one-on-one.md#cadence).\n",
                "Point the link at an existing file or entity; anchors use GitHub's heading \
                 slugs (`## Weekly or biweekly?` → `#weekly-or-biweekly`).",
            ),
            Code::ReportsToCycle => (
                "`reports_to` forms a cycle.",
                "Reporting lines must form a tree; a cycle has no top and cannot be drawn as an \
                 org chart. Each role in the cycle is reported, with the whole cycle as help.",
                "# roles/a.yaml\ntitle: A\nvalues: [x]\nreports_to: b\n# roles/b.yaml\ntitle: B\nvalues: [x]\nreports_to: a\n",
                "Remove or change one `reports_to` so the chain ends at a role that reports to \
                 nobody.",
            ),
            Code::FrontMatter => (
                "A page's front matter doesn't parse, has wrong types, or never closes.",
                "Front matter sets the page's title, order and owner; when it is broken the page \
                 cannot be placed.",
                "---\ntitle: One-on-ones\nweight: first\n---\n",
                "Fix the YAML between the `---` lines; `weight` is a whole number, `draft` is \
                 `true`/`false`, `reviewed` is a date `YYYY-MM-DD`.",
            ),
            Code::ValueUnused => (
                "A core value that no role maps to.",
                "A value no role leans on is a value in name only.",
                "# values.yaml defines `candour`; no roles/*.yaml lists it under `values:`\n",
                "Add the value to the roles that need it, or retire it.",
            ),
            Code::ValueNotAssessed => (
                "A core value that no hiring stage assesses, or that none of a role's hiring \
                 stages assesses.",
                "If no stage of the pipeline looks for a value, the team hires without it. The \
                 same holds for one role: a role with `hiring_stages:` goes through those stages \
                 only (without it, through all of them), so a value it lists under `values:` \
                 that only a stage it skips assesses is never assessed in its candidates. That \
                 case is reported on the role's value, naming the role's stages; a value no \
                 stage assesses at all is reported once, on the value.",
                "# hiring.yaml: only `culture-interview` has `ownership` under `assesses:`\n# roles/sre.yaml\nvalues: [ownership]\nhiring_stages: [sourcing, technical-interview, offer]\n",
                "Add the value to the `assesses:` list of the stage that should look for it, or \
                 add a stage that assesses it to the role's `hiring_stages:`.",
            ),
            Code::IncompleteLevel => (
                "A ladder level is missing expectations for one of its track's competencies.",
                "People are assessed on every competency of their track; a gap leaves them \
                 guessing what is expected at that level.",
                "# ladder.yaml: track `ic` uses `reliability`, level `senior` has no\n# `reliability:` under `expectations:`\n",
                "Write what the level expects for the competency. If the level deliberately \
                 doesn't expect it (leadership starting at L3), list it under the level's \
                 `not_expected: [reliability]`: the page then says \"Not expected at this \
                 level\" and the warning goes.",
            ),
            Code::StalePage => (
                "A page's `reviewed:` date is older than `review_after_days`.",
                "Handbooks rot quietly; this makes the rot visible, and the page shows a \
                 \"needs review\" badge.",
                "# handbook.yaml: review_after_days: 180\n# pages/on-call.md front matter: reviewed: 2020-01-01\n",
                "Review the page and update `reviewed:`.",
            ),
            Code::EmptyLink => (
                "A link with no destination: `[x]()` or `[x](#)`.",
                "It goes nowhere on the site (or back to the top of the page); usually a \
                 placeholder that was never filled in. It is written as it is.",
                "# pages/onboarding.md\nAsk in [the team channel]() first.\n",
                "Give the link its destination, or remove the brackets.",
            ),
            Code::ForeignSyntax => (
                "Template syntax of another site generator is left in a page: `{% ... %}` or \
                 `{{ ... }}` outside code.",
                "Pages moved from Jekyll or Hugo keep Liquid tags (`{% include note.html %}`, \
                 `{{ site.title }}`) that handbook doesn't run: they would be published as \
                 literal text.",
                "# pages/security.md\n{% include warning.html %}\n",
                "Replace it with Markdown (a `> [!WARNING]` alert, a link, the text itself), or \
                 put it in backticks if the page is about the syntax.",
            ),
            Code::NotPublished => (
                "A Markdown file under the pages folder is not published as a page, because its \
                 folder is reserved for the handbook's own files.",
                "With `pages_dir: .` (the repository's root as the pages folder) `roles/`, \
                 `static/` and `templates/` hold role profiles, files copied as they are and \
                 template overrides, and the theme folder (`theme: ./path`) holds the theme, \
                 wherever the pages are: a `.md` file in them is not a page. `static/` files are \
                 copied to the site unrendered, the others are not published at all; a link to \
                 one goes to the file on the `repository` when it is set.",
                "# handbook.yaml: pages_dir: .\n# roles/README.md explains the role files\n",
                "Move the file to a folder of pages if it should be one; if it is meant to stay \
                 where it is (a README for people browsing the repository), turn the warning \
                 off with `rules: {not-published: off}`.",
            ),
            Code::InvalidId => (
                "An id (or a file name used as one) is not kebab-case.",
                "Ids become URLs and file names; restricting them to `a-z`, `0-9` and single \
                 hyphens keeps every URL valid and every output file inside the output folder.",
                "# roles/Platform Engineer.yaml\n",
                "Rename to kebab-case: `roles/platform-engineer.yaml`.",
            ),
            Code::UnsafeLink => (
                "A link whose URL could run script (`javascript:`, `vbscript:`, `data:` other than a raster image).",
                "Such links execute code in the reader's browser when clicked or loaded. A \
                 `data:` URL is refused too (an SVG or HTML document can carry script), except \
                 raster images (`data:image/png;base64,...`, also JPEG, GIF, WebP, AVIF, BMP), \
                 which READMEs use for embedded badges and logos.",
                "Click [here](javascript:alert(1)).\n",
                "Link to a page or an `https:` URL instead; for an embedded SVG, put the file \
                 next to the page and link to it.",
            ),
            Code::Encoding => (
                "A file, or a file's name, is not valid UTF-8.",
                "The handbook is text; a file in another encoding would be published garbled, \
                 and a name in another encoding has no URL.",
                "# a values.yaml saved as Latin-1\n",
                "Re-save the file as UTF-8.",
            ),
            Code::ReadError => (
                "A file or folder cannot be read: permissions, a directory where a file is \
                 expected, a symbolic link leaving the handbook or looping, or a file that \
                 vanished during the build.",
                "Content that cannot be read cannot be checked or published.",
                "# values.yaml is a directory, or chmod 000 roles/sre.yaml\n",
                "Fix the permissions or the path; replace links that leave the handbook with \
                 copies.",
            ),
            Code::LimitExceeded => (
                "A file exceeds a size, nesting, alias-expansion or file-count limit.",
                "The limits keep a build fast and small whatever the repository contains (a \
                 YAML alias bomb expands a few lines into billions of nodes).",
                "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n# ...nine more levels\n",
                "Split the file, or write the data out instead of nesting aliases. The limits \
                 are listed in docs/robustness.md.",
            ),
            Code::Template => (
                "A template of the theme or of `templates/` fails to parse or render.",
                "A template error would stop every page using it.",
                "{# templates/page.html #}\n{% if page.title %}\n",
                "Fix the template at the reported line; delete the override to fall back to \
                 the default theme.",
            ),
            Code::ContradictoryLevel => (
                "A ladder level both expects a competency and lists it under `not_expected`.",
                "The level page would have to say two opposite things about the competency; \
                 the `not_expected` entry is ignored and the expectations are shown.",
                "# ladder.yaml\nlevels:\n  - id: junior\n    not_expected: [leadership]\n    expectations:\n      leadership: Leads small projects.\n",
                "Remove the competency from `not_expected:`, or remove its expectations.",
            ),
            Code::DuplicateEntry => (
                "The same id appears twice in one list: a track's `competencies`, a level's \
                 `not_expected`, a role's `values`, `levels` or `hiring_stages`, a stage's \
                 `assesses` or `competencies`, a competency's `values`.",
                "The repeat has no effect (each id counts once), so it is usually a copy-paste \
                 slip or a typo for another id that is now missing from the list. It is \
                 reported at the second occurrence, with a note at the first.",
                "# hiring.yaml\nstages:\n  - id: technical\n    name: Technical interview\n    competencies: [delivery, teamwork, delivery]\n",
                "Remove the repeated entry, or write the id that was meant.",
            ),
            Code::EmptyTrack => (
                "A ladder track has `levels: []`.",
                "A track without levels has an empty matrix and no role can be placed on it; \
                 it is usually unfinished. It is a warning, not an error, like the rest of the \
                 checker treats empty lists (an empty `stages:` or `competencies:` is valid): \
                 the site still builds, and `--strict` or `rules: {empty-track: error}` \
                 refuses it. A track without any `levels:` field is a `missing-field` error.",
                "# ladder.yaml\ntracks:\n  - id: design\n    name: Design\n    levels: []\n",
                "Add the track's levels, lowest first, or remove the track until it has some.",
            ),
        };
        CodeDoc {
            summary,
            why,
            example,
            fix,
        }
    }
}

/// `docs/diagnostics.md`, generated from [`Code::doc`].
pub fn reference_markdown() -> String {
    let mut out = String::from(
        "# Diagnostics\n\n<!-- Generated from src/diag/codes.rs by `HANDBOOK_UPDATE_DOCS=1 cargo test --test it schema`; do not edit. -->\n\n\
         Every problem `handbook check` and `handbook build` report has a stable code. Errors stop \
         `build`; warnings don't, unless `--strict`. Each diagnostic points at the offending value: \
         file, line and column (1-based, columns in characters).\n\n\
         | code | severity | rule |\n| --- | --- | --- |\n",
    );
    for code in Code::ALL {
        out.push_str(&format!(
            "| [`{0}`](#{0}) | {1} | {2} |\n",
            code.as_str(),
            code.severity().as_str(),
            code.doc().summary
        ));
    }
    for code in Code::ALL {
        let doc = code.doc();
        out.push_str(&format!(
            "\n## {}\n\n*{}.* {}\n\n**Why.** {}\n\n**Example.**\n\n```yaml\n{}```\n\n**Fix.** {}\n",
            code.as_str(),
            match code.severity() {
                Severity::Error => "Error",
                Severity::Warning => "Warning",
            },
            doc.summary,
            doc.why,
            doc.example,
            doc.fix
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_spec_code_exists_with_its_severity() {
        let spec = [
            ("yaml-syntax", Severity::Error),
            ("unknown-field", Severity::Error),
            ("missing-field", Severity::Error),
            ("duplicate-id", Severity::Error),
            ("role-without-values", Severity::Error),
            ("unknown-reference", Severity::Error),
            ("trait-without-value", Severity::Error),
            ("broken-link", Severity::Error),
            ("reports-to-cycle", Severity::Error),
            ("front-matter", Severity::Error),
            ("value-unused", Severity::Warning),
            ("value-not-assessed", Severity::Warning),
            ("incomplete-level", Severity::Warning),
            ("stale-page", Severity::Warning),
        ];
        for (name, severity) in spec {
            let code = Code::from_name(name).unwrap_or_else(|| panic!("{name} missing"));
            assert_eq!(code.severity(), severity, "{name}");
        }
    }
}
