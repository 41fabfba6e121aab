//! Raw types → the validated [`Handbook`]: checks ids, resolves every reference to an index
//! (reporting `invalid-id`, `duplicate-id` and `unknown-reference` on the way) and gives each
//! Markdown text an [`MdId`]. Raw structs are taken apart by exhaustive destructuring, so a new
//! field that nobody lowers is a compile error.

use std::collections::HashMap;

use super::raw::*;
use super::*;
use crate::diag::{Code, Diagnostic, Diags, suggest};
use crate::parse::yaml::{Doc, Seg};
use crate::parse::{Parsed, RawHandbook, RawPage};
use crate::source::{FileId, SourceMap, Span};

/// Options that change what the model contains.
#[derive(Clone, Copy, Debug, Default)]
pub struct LowerOptions {
    /// Keep pages marked `draft: true`.
    pub drafts: bool,
}

/// True for kebab-case ids: `a-z`, `0-9`, single hyphens inside.
pub fn is_kebab(id: &str) -> bool {
    !id.is_empty()
        && !id.starts_with('-')
        && !id.ends_with('-')
        && !id.contains("--")
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// True for a page path segment: ASCII letters, digits, `-`, `_` and `.`, not starting with a
/// dot, so a file name can never become `..` or a hidden path in the output.
pub fn is_page_segment(seg: &str) -> bool {
    seg.bytes()
        .next()
        .is_some_and(|b| b.is_ascii_alphanumeric())
        && seg
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

/// Top-level URL segments the site itself uses; pages cannot take them.
pub const RESERVED_SEGMENTS: &[&str] = &[
    "values",
    "roles",
    "ladder",
    "hiring",
    "leaving",
    "competencies",
    "print",
    "assets",
    "404.html",
    "sitemap.xml",
    "search-index.json",
    "search-index.js",
    "handbook.json",
];

/// Lowers everything parsed into the validated model.
pub fn lower(
    raw: RawHandbook,
    sources: &SourceMap,
    options: LowerOptions,
    diags: &mut Diags,
) -> Handbook {
    use crate::parse::schema::Kind;
    let failed = Failed {
        values: raw.present.contains(&Kind::Values) && raw.values.is_none(),
        ladder: raw.present.contains(&Kind::Ladder) && raw.ladder.is_none(),
        hiring: raw.present.contains(&Kind::Hiring) && raw.hiring.is_none(),
        roles: raw
            .failed_roles
            .iter()
            .map(|&f| file_stem(&sources.get(f).rel).to_string())
            .collect(),
    };
    let mut l = Lowerer {
        sources,
        diags,
        markdown: Vec::new(),
        index: Index {
            failed,
            ..Index::default()
        },
        present: raw.present.clone(),
    };
    let config = l.config(raw.config.as_ref());
    let (values_intro, values) = l.values(raw.values.as_ref());
    // Ids first, so references between roles, the ladder and hiring resolve in any order.
    let role_ids = l.role_ids(&raw.roles);
    let ladder = l.ladder(raw.ladder.as_ref());
    let hiring = l.hiring(raw.hiring.as_ref());
    let roles = l.roles(&raw.roles, &role_ids, &ladder);
    let leaving = l.leaving(raw.leaving.as_ref());
    let pages = l.pages(&raw.pages, &config, options);
    crate::site::drop_later(raw);
    Handbook {
        config,
        values_intro,
        values,
        roles,
        ladder,
        hiring,
        leaving,
        pages,
        markdown: l.markdown,
        index: l.index,
    }
}

struct Lowerer<'a> {
    sources: &'a SourceMap,
    diags: &'a mut Diags,
    markdown: Vec<MdSource>,
    index: Index,
    present: std::collections::HashSet<crate::parse::schema::Kind>,
}

/// Where a reference's target kind is defined, for "there is no values.yaml" messages.
#[derive(Clone, Copy)]
enum Target {
    Value,
    Role,
    Competency,
    Track,
    Stage,
}

impl Target {
    fn noun(self) -> &'static str {
        match self {
            Target::Value => "value",
            Target::Role => "role",
            Target::Competency => "competency",
            Target::Track => "track",
            Target::Stage => "hiring stage",
        }
    }

    fn file(self) -> &'static str {
        match self {
            Target::Value => "values.yaml",
            Target::Role => "roles/",
            Target::Competency | Target::Track => "ladder.yaml",
            Target::Stage => "hiring.yaml",
        }
    }
}

fn key(k: &str) -> Seg<'_> {
    Seg::Key(k)
}

impl Lowerer<'_> {
    fn span(&self, doc: &Doc, file: FileId, path: &[Seg]) -> Span {
        doc.span(path, Span::file_start(file))
    }

    fn md(
        &mut self,
        text: &str,
        file: FileId,
        doc: &Doc,
        path: &[Seg],
        inline: bool,
        owner_url: &str,
    ) -> MdId {
        let rel = &self.sources.get(file).rel;
        let base_dir = rel.rsplit_once('/').map_or("", |(d, _)| d).to_string();
        self.markdown.push(MdSource {
            text: MdText::Owned(text.to_string()),
            span: self.span(doc, file, path),
            inline,
            owner_url: owner_url.to_string(),
            base_dir,
        });
        MdId(self.markdown.len() as u32 - 1)
    }

    fn md_opt(
        &mut self,
        text: &Option<String>,
        file: FileId,
        doc: &Doc,
        path: &[Seg],
        owner_url: &str,
    ) -> Option<MdId> {
        text.as_ref()
            .filter(|t| !t.trim().is_empty())
            .map(|t| self.md(t, file, doc, path, false, owner_url))
    }

    fn md_list(
        &mut self,
        items: &[String],
        file: FileId,
        doc: &Doc,
        field: &str,
        owner_url: &str,
    ) -> Vec<MdId> {
        items
            .iter()
            .enumerate()
            .map(|(i, t)| self.md(t, file, doc, &[key(field), Seg::Index(i)], true, owner_url))
            .collect()
    }

    /// Checks an id's form and uniqueness, registering it in `table`. Returns the id if usable.
    fn define(
        &mut self,
        id: &str,
        span: Span,
        what: &str,
        table: &mut HashMap<String, usize>,
        spans: &mut HashMap<String, Span>,
        index: usize,
    ) -> Option<Id> {
        if !is_kebab(id) {
            self.diags.push(
                Diagnostic::new(
                    Code::InvalidId,
                    span,
                    format!("{what} id `{id}` is not kebab-case"),
                )
                .help(format!(
                    "ids use lowercase letters, digits and single hyphens, e.g. `{}`",
                    crate::markdown::slug_ascii(id)
                )),
            );
            return None;
        }
        if let Some(first) = spans.get(id) {
            self.diags.push(
                Diagnostic::new(
                    Code::DuplicateId,
                    span,
                    format!("{what} id `{id}` is defined twice"),
                )
                .label(*first, "first defined here")
                .help("give one of them another id"),
            );
            return None;
        }
        spans.insert(id.to_string(), span);
        table.insert(id.to_string(), index);
        Some(Id {
            id: id.to_string(),
            span,
        })
    }

    /// Resolves `id` in `table`, reporting `unknown-reference` when it isn't there.
    fn resolve(
        &mut self,
        id: &str,
        span: Span,
        target: Target,
        table: &HashMap<String, usize>,
        context: &str,
    ) -> Option<Ref> {
        if let Some(&to) = table.get(id) {
            return Some(Ref { to, span });
        }
        let failed = &self.index.failed;
        let unknowable = match target {
            Target::Value => failed.values,
            Target::Competency | Target::Track => failed.ladder,
            Target::Stage => failed.hiring,
            Target::Role => failed.roles.contains(id),
        };
        if unknowable {
            // Its definition failed to load and is reported; don't repeat that for every use.
            return None;
        }
        let kind_present = match target {
            Target::Value => self.present.contains(&crate::parse::schema::Kind::Values),
            Target::Competency | Target::Track => {
                self.present.contains(&crate::parse::schema::Kind::Ladder)
            }
            Target::Stage => self.present.contains(&crate::parse::schema::Kind::Hiring),
            Target::Role => true,
        };
        let (message, help) = if kind_present || !table.is_empty() {
            (
                format!("{context}: {} `{id}` does not exist", target.noun()),
                suggest(id, table.keys().map(String::as_str)),
            )
        } else {
            (
                format!(
                    "{context}: {} `{id}` does not exist, because there is no {}",
                    target.noun(),
                    target.file()
                ),
                Some(format!("create {} and define `{id}` in it", target.file())),
            )
        };
        self.diags
            .push(Diagnostic::new(Code::UnknownReference, span, message).maybe_help(help));
        None
    }

    fn resolve_list(
        &mut self,
        ids: &[String],
        (doc, file): (&Doc, FileId),
        field: &[Seg],
        target: Target,
        table: &HashMap<String, usize>,
        context: &str,
    ) -> Vec<Ref> {
        let mut refs: Vec<Ref> = Vec::new();
        for (i, id) in ids.iter().enumerate() {
            let mut path = field.to_vec();
            path.push(Seg::Index(i));
            let span = self.span(doc, file, &path);
            if let Some(r) = self.resolve(id, span, target, table, context) {
                if !refs.iter().any(|x| x.to == r.to) {
                    refs.push(r);
                }
            }
        }
        refs
    }

    fn config(&mut self, parsed: Option<&Parsed<RawConfig>>) -> Config {
        let Some(p) = parsed else {
            return Config {
                title: "Handbook".into(),
                description: None,
                description_text: None,
                base_url: None,
                language: "en".into(),
                theme_dir: None,
                repository: None,
                edit_branch: "main".into(),
                review_after_days: None,
                cname: None,
                file: None,
            };
        };
        let RawConfig {
            title,
            description,
            base_url,
            language,
            theme,
            repository,
            edit_branch,
            review_after_days,
            cname,
        } = &p.raw;
        let description_md = self.md_opt(description, p.file, &p.doc, &[key("description")], "");
        let base_url = base_url.as_ref().map(|u| {
            let span = self.span(&p.doc, p.file, &[key("base_url")]);
            if !(u.starts_with("https://") || u.starts_with("http://")) {
                self.diags.push(
                    Diagnostic::new(
                        Code::YamlSyntax,
                        span,
                        format!("`base_url` must be an absolute http(s) URL, found `{u}`"),
                    )
                    .help("write the full URL, e.g. `https://acme.github.io/handbook/`"),
                );
            }
            if u.ends_with('/') {
                u.clone()
            } else {
                format!("{u}/")
            }
        });
        let theme_dir = self.theme_dir(theme.as_deref(), p);
        Config {
            title: title.clone(),
            description: description_md,
            description_text: description.clone(),
            base_url,
            language: language.clone().unwrap_or_else(|| "en".into()),
            theme_dir,
            repository: repository
                .as_ref()
                .map(|r| r.trim_end_matches('/').to_string()),
            edit_branch: edit_branch.clone().unwrap_or_else(|| "main".into()),
            review_after_days: *review_after_days,
            cname: cname.clone(),
            file: Some(p.file),
        }
    }

    /// The theme folder `theme:` names, checked to exist; `None` for the built-in theme.
    fn theme_dir(&mut self, theme: Option<&str>, p: &Parsed<RawConfig>) -> Option<String> {
        let theme = theme?.trim();
        if theme.is_empty() || theme == "default" {
            return None;
        }
        let span = self.span(&p.doc, p.file, &[key("theme")]);
        let is_path = theme.contains('/') || theme.starts_with('.');
        if !is_path {
            self.diags.push(
                Diagnostic::new(
                    Code::UnknownReference,
                    span,
                    format!("theme `{theme}` is not shipped with handbook"),
                )
                .help("use `default`, or a path to a theme folder such as `./themes/mine`"),
            );
            return None;
        }
        if !self.sources.root().join(theme).join("templates").is_dir() {
            self.diags.push(
                Diagnostic::new(
                    Code::ReadError,
                    span,
                    format!("theme folder `{theme}` has no `templates/` folder"),
                )
                .help("a theme folder holds `templates/*.html` and optionally `assets/`"),
            );
            return None;
        }
        Some(theme.trim_end_matches('/').to_string())
    }

    fn values(&mut self, parsed: Option<&Parsed<RawValuesFile>>) -> (Option<MdId>, Vec<Value>) {
        let Some(p) = parsed else {
            return (None, Vec::new());
        };
        let RawValuesFile {
            description,
            values,
        } = &p.raw;
        let intro = self.md_opt(
            description,
            p.file,
            &p.doc,
            &[key("description")],
            "values/",
        );
        let mut out = Vec::new();
        let mut table = HashMap::new();
        let mut spans = HashMap::new();
        for (i, v) in values.iter().enumerate() {
            let RawValue {
                id,
                name,
                summary,
                description,
                behaviours,
                anti_patterns,
            } = v;
            let at = [key("values"), Seg::Index(i)];
            let span = self.span(&p.doc, p.file, &[key("values"), Seg::Index(i), key("id")]);
            let Some(id) = self.define(id, span, "value", &mut table, &mut spans, out.len()) else {
                continue;
            };
            let url = format!("values/{}/", id.id);
            let path = |f: &'static str| [at[0], at[1], key(f)];
            let description = self.md_opt(description, p.file, &p.doc, &path("description"), &url);
            let behaviours = self.md_list_at(behaviours, p.file, &p.doc, &path("behaviours"), &url);
            let anti_patterns =
                self.md_list_at(anti_patterns, p.file, &p.doc, &path("anti_patterns"), &url);
            out.push(Value {
                id,
                name: non_empty(name, &v.id),
                summary: summary.clone(),
                description,
                behaviours,
                anti_patterns,
            });
        }
        self.index.values = table;
        (intro, out)
    }

    fn md_list_at(
        &mut self,
        items: &[String],
        file: FileId,
        doc: &Doc,
        field: &[Seg],
        owner_url: &str,
    ) -> Vec<MdId> {
        items
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let mut path = field.to_vec();
                path.push(Seg::Index(i));
                self.md(t, file, doc, &path, true, owner_url)
            })
            .collect()
    }

    /// Role ids, from `id:` or the file stem; sorted by id. Returns (id, raw index) pairs.
    fn role_ids(&mut self, roles: &[Parsed<RawRole>]) -> Vec<(Id, usize)> {
        let mut table = HashMap::new();
        let mut spans = HashMap::new();
        let mut order: Vec<(String, Span, usize)> = roles
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let (id, span) = match &p.raw.id {
                    Some(id) => (id.clone(), self.span(&p.doc, p.file, &[key("id")])),
                    None => (
                        file_stem(&self.sources.get(p.file).rel).to_string(),
                        Span::file_start(p.file),
                    ),
                };
                (id, span, i)
            })
            .collect();
        order.sort_by(|a, b| a.0.cmp(&b.0).then(a.2.cmp(&b.2)));
        let mut out = Vec::new();
        for (id, span, i) in order {
            let what = if roles[i].raw.id.is_some() {
                "role"
            } else {
                "role (from its file name)"
            };
            if let Some(id) = self.define(&id, span, what, &mut table, &mut spans, out.len()) {
                out.push((id, i));
            }
        }
        self.index.roles = table;
        out
    }

    fn roles(
        &mut self,
        raw: &[Parsed<RawRole>],
        ids: &[(Id, usize)],
        ladder: &Ladder,
    ) -> Vec<Role> {
        let values = self.index.values.clone();
        let roles_table = self.index.roles.clone();
        let tracks = self.index.tracks.clone();
        let stages = self.index.stages.clone();
        let mut out = Vec::new();
        for (id, i) in ids {
            let p = &raw[*i];
            let RawRole {
                id: _,
                title,
                summary,
                values: value_ids,
                traits,
                responsibilities,
                track,
                levels,
                reports_to,
                hiring_stages,
                description,
            } = &p.raw;
            let (f, d) = (p.file, &p.doc);
            let url = format!("roles/{}/", id.id);
            let ctx = format!("role `{}`", id.id);
            let values_span = if p.doc.get(&[key("values")]).is_some() {
                self.span(d, f, &[key("values")])
            } else {
                d.key_span(&[key("title")], Span::file_start(f))
            };
            let value_refs = self.resolve_list(
                value_ids,
                (d, f),
                &[key("values")],
                Target::Value,
                &values,
                &ctx,
            );
            let traits = traits
                .iter()
                .enumerate()
                .map(|(t, tr)| {
                    let RawTrait {
                        name,
                        value,
                        description,
                    } = tr;
                    let at = [key("traits"), Seg::Index(t)];
                    let value = value.as_ref().and_then(|v| {
                        let span = self.span(d, f, &[at[0], at[1], key("value")]);
                        self.resolve(v, span, Target::Value, &values, &format!("trait of {ctx}"))
                    });
                    Trait {
                        name: name.clone(),
                        names_value: tr.value.is_some(),
                        value,
                        description: self.md_opt(
                            description,
                            f,
                            d,
                            &[at[0], at[1], key("description")],
                            &url,
                        ),
                        span: self.span(d, f, &at),
                    }
                })
                .collect();
            let track_ref = track.as_ref().and_then(|t| {
                let span = self.span(d, f, &[key("track")]);
                self.resolve(t, span, Target::Track, &tracks, &ctx)
            });
            let level_refs = self.role_levels(levels, track_ref, ladder, d, f, &ctx);
            let reports_to = reports_to.as_ref().and_then(|r| {
                let span = self.span(d, f, &[key("reports_to")]);
                self.resolve(r, span, Target::Role, &roles_table, &ctx)
            });
            let hiring_stages = hiring_stages.as_ref().map(|s| {
                self.resolve_list(
                    s,
                    (d, f),
                    &[key("hiring_stages")],
                    Target::Stage,
                    &stages,
                    &ctx,
                )
            });
            out.push(Role {
                id: id.clone(),
                file: f,
                title: non_empty(title, &id.id),
                summary: summary.clone(),
                values: value_refs,
                traits,
                responsibilities: self.md_list(responsibilities, f, d, "responsibilities", &url),
                track: track_ref,
                levels: level_refs,
                reports_to,
                hiring_stages,
                description: self.md_opt(description, f, d, &[key("description")], &url),
                values_span,
                values_listed: value_ids.len(),
            });
        }
        out
    }

    fn role_levels(
        &mut self,
        levels: &[String],
        track: Option<Ref>,
        ladder: &Ladder,
        d: &Doc,
        f: FileId,
        ctx: &str,
    ) -> Vec<Ref> {
        let mut out: Vec<Ref> = Vec::new();
        for (i, level) in levels.iter().enumerate() {
            let span = self.span(d, f, &[key("levels"), Seg::Index(i)]);
            let Some(track) = track else {
                if d.get(&[key("track")]).is_none() {
                    self.diags.push(
                        Diagnostic::new(
                            Code::UnknownReference,
                            span,
                            format!("{ctx}: level `{level}` cannot be resolved without a `track:`"),
                        )
                        .help("add `track: <track-id>` naming the ladder track these levels belong to"),
                    );
                }
                continue;
            };
            let t = &ladder.tracks[track.to];
            let table: HashMap<String, usize> = t
                .levels
                .iter()
                .enumerate()
                .map(|(i, l)| (l.id.id.clone(), i))
                .collect();
            let context = format!("{ctx} (track `{}`)", t.id.id);
            if let Some(&to) = table.get(level) {
                if !out.iter().any(|r| r.to == to) {
                    out.push(Ref { to, span });
                }
            } else {
                self.diags.push(
                    Diagnostic::new(
                        Code::UnknownReference,
                        span,
                        format!("{context}: level `{level}` does not exist"),
                    )
                    .maybe_help(suggest(level, table.keys().map(String::as_str))),
                );
            }
        }
        out.sort_by_key(|r| r.to);
        out
    }

    fn ladder(&mut self, parsed: Option<&Parsed<RawLadder>>) -> Ladder {
        let Some(p) = parsed else {
            return Ladder::default();
        };
        let RawLadder {
            description,
            competencies,
            tracks,
        } = &p.raw;
        let (f, d) = (p.file, &p.doc);
        let values = self.index.values.clone();
        let mut ladder = Ladder {
            description: self.md_opt(description, f, d, &[key("description")], "ladder/"),
            ..Ladder::default()
        };
        let mut table = HashMap::new();
        let mut spans = HashMap::new();
        for (i, c) in competencies.iter().enumerate() {
            let RawCompetency {
                id,
                name,
                group,
                description,
                values: value_ids,
            } = c;
            let at = [key("competencies"), Seg::Index(i)];
            let span = self.span(d, f, &[at[0], at[1], key("id")]);
            let n = ladder.competencies.len();
            let Some(id) = self.define(id, span, "competency", &mut table, &mut spans, n) else {
                continue;
            };
            let url = format!("competencies/{}/", id.id);
            let ctx = format!("competency `{}`", id.id);
            ladder.competencies.push(Competency {
                name: non_empty(name, &id.id),
                group: group.clone(),
                description: self.md_opt(
                    description,
                    f,
                    d,
                    &[at[0], at[1], key("description")],
                    &url,
                ),
                values: self.resolve_list(
                    value_ids,
                    (d, f),
                    &[at[0], at[1], key("values")],
                    Target::Value,
                    &values,
                    &ctx,
                ),
                id,
            });
        }
        self.index.competencies = table.clone();
        let mut track_table = HashMap::new();
        let mut track_spans = HashMap::new();
        for (t, raw_track) in tracks.iter().enumerate() {
            let span = self.span(d, f, &[key("tracks"), Seg::Index(t), key("id")]);
            let n = ladder.tracks.len();
            if raw_track.id == "competencies" {
                self.diags.push(Diagnostic::new(
                    Code::InvalidId,
                    span,
                    "track id `competencies` is reserved",
                ));
                continue;
            }
            let Some(id) = self.define(
                &raw_track.id,
                span,
                "track",
                &mut track_table,
                &mut track_spans,
                n,
            ) else {
                continue;
            };
            let track = self.track(raw_track, id, t, &table, f, d);
            ladder.tracks.push(track);
        }
        self.index.tracks = track_table;
        ladder
    }

    fn track(
        &mut self,
        raw: &RawTrack,
        id: Id,
        t: usize,
        competencies: &HashMap<String, usize>,
        f: FileId,
        d: &Doc,
    ) -> Track {
        let RawTrack {
            id: _,
            name,
            description,
            competencies: comp_ids,
            levels,
        } = raw;
        let at = [key("tracks"), Seg::Index(t)];
        let url = format!("ladder/{}/", id.id);
        let ctx = format!("track `{}`", id.id);
        let comps = match comp_ids {
            Some(ids) => {
                let mut refs = self.resolve_list(
                    ids,
                    (d, f),
                    &[at[0], at[1], key("competencies")],
                    Target::Competency,
                    competencies,
                    &ctx,
                );
                refs.sort_by_key(|r| r.to);
                refs
            }
            None => {
                let mut all: Vec<usize> = competencies.values().copied().collect();
                all.sort_unstable();
                all.into_iter()
                    .map(|to| Ref {
                        to,
                        span: self.span(d, f, &[at[0], at[1], key("id")]),
                    })
                    .collect()
            }
        };
        let mut table = HashMap::new();
        let mut spans = HashMap::new();
        let mut out_levels = Vec::new();
        for (li, level) in levels.iter().enumerate() {
            let RawLevel {
                id: level_id,
                code,
                title,
                summary,
                description,
                expectations,
            } = level;
            let lat = [at[0], at[1], key("levels"), Seg::Index(li)];
            let span = self.span(d, f, &[lat[0], lat[1], lat[2], lat[3], key("id")]);
            let n = out_levels.len();
            let what = format!("level (in track `{}`)", id.id);
            let Some(lid) = self.define(level_id, span, &what, &mut table, &mut spans, n) else {
                continue;
            };
            let lurl = format!("{url}{}/", lid.id);
            let mut exp = Vec::new();
            for (comp, e) in expectations {
                let epath = [
                    lat[0],
                    lat[1],
                    lat[2],
                    lat[3],
                    key("expectations"),
                    key(comp),
                ];
                let kspan = d.key_span(&epath, Span::file_start(f));
                let lctx = format!("level `{}` of {ctx}", lid.id);
                let Some(c) = self.resolve(comp, kspan, Target::Competency, competencies, &lctx)
                else {
                    continue;
                };
                if !comps.iter().any(|r| r.to == c.to) {
                    self.diags.push(
                        Diagnostic::new(
                            Code::UnknownReference,
                            kspan,
                            format!("{lctx}: competency `{comp}` is not one of the track's competencies"),
                        )
                        .help(format!("add `{comp}` to the `competencies:` of track `{}`, or remove this expectation", id.id)),
                    );
                    continue;
                }
                let expectation = self.expectation(e, f, d, &epath, &lurl);
                exp.push((c.to, expectation));
            }
            exp.sort_by_key(|(c, _)| *c);
            out_levels.push(Level {
                code: code.clone(),
                title: non_empty(title, &lid.id),
                summary: summary.clone(),
                description: self.md_opt(
                    description,
                    f,
                    d,
                    &[lat[0], lat[1], lat[2], lat[3], key("description")],
                    &lurl,
                ),
                expectations: exp,
                id: lid,
            });
        }
        Track {
            name: non_empty(name, &id.id),
            description: self.md_opt(description, f, d, &[at[0], at[1], key("description")], &url),
            competencies: comps,
            levels: out_levels,
            id,
        }
    }

    fn expectation(
        &mut self,
        e: &RawExpectation,
        f: FileId,
        d: &Doc,
        path: &[Seg],
        url: &str,
    ) -> Expectation {
        match e {
            RawExpectation::Text(t) => Expectation::Text(self.md(t, f, d, path, false, url)),
            RawExpectation::Criteria(items) => Expectation::Criteria(
                items
                    .iter()
                    .enumerate()
                    .map(|(i, c)| {
                        let mut at = path.to_vec();
                        at.push(Seg::Index(i));
                        match c {
                            RawCriterion::Text(t) => Criterion {
                                text: self.md(t, f, d, &at, true, url),
                                examples: Vec::new(),
                            },
                            RawCriterion::Detailed(RawDetailedCriterion { text, examples }) => {
                                let mut tp = at.clone();
                                tp.push(key("text"));
                                let mut ep = at.clone();
                                ep.push(key("examples"));
                                Criterion {
                                    text: self.md(text, f, d, &tp, true, url),
                                    examples: self.md_list_at(examples, f, d, &ep, url),
                                }
                            }
                        }
                    })
                    .collect(),
            ),
        }
    }

    fn hiring(&mut self, parsed: Option<&Parsed<RawHiring>>) -> Hiring {
        let Some(p) = parsed else {
            return Hiring::default();
        };
        let RawHiring {
            description,
            stages,
        } = &p.raw;
        let (f, d) = (p.file, &p.doc);
        let values = self.index.values.clone();
        let roles = self.index.roles.clone();
        let mut hiring = Hiring {
            description: self.md_opt(description, f, d, &[key("description")], "hiring/"),
            stages: Vec::new(),
        };
        let mut table = HashMap::new();
        let mut spans = HashMap::new();
        for (i, s) in stages.iter().enumerate() {
            let RawStage {
                id,
                name,
                summary,
                owner,
                assesses,
                guidance,
            } = s;
            let at = [key("stages"), Seg::Index(i)];
            let span = self.span(d, f, &[at[0], at[1], key("id")]);
            let n = hiring.stages.len();
            let Some(id) = self.define(id, span, "hiring stage", &mut table, &mut spans, n) else {
                continue;
            };
            let url = format!("hiring/{}/", id.id);
            let ctx = format!("hiring stage `{}`", id.id);
            let owner = owner.as_ref().and_then(|o| {
                let span = self.span(d, f, &[at[0], at[1], key("owner")]);
                self.resolve(o, span, Target::Role, &roles, &ctx)
            });
            hiring.stages.push(Stage {
                name: non_empty(name, &id.id),
                summary: summary.clone(),
                owner,
                assesses: self.resolve_list(
                    assesses,
                    (d, f),
                    &[at[0], at[1], key("assesses")],
                    Target::Value,
                    &values,
                    &ctx,
                ),
                guidance: self.md_opt(guidance, f, d, &[at[0], at[1], key("guidance")], &url),
                id,
            });
        }
        self.index.stages = table;
        hiring
    }

    fn leaving(&mut self, parsed: Option<&Parsed<RawLeaving>>) -> Option<Leaving> {
        let p = parsed?;
        let RawLeaving {
            description,
            principles,
            offboarding,
            alumni,
        } = &p.raw;
        let (f, d) = (p.file, &p.doc);
        let roles = self.index.roles.clone();
        let url = "leaving/";
        let principles = principles
            .iter()
            .enumerate()
            .map(|(i, RawPrinciple { title, body })| Principle {
                title: title.clone(),
                body: self.md_opt(
                    body,
                    f,
                    d,
                    &[key("principles"), Seg::Index(i), key("body")],
                    url,
                ),
            })
            .collect();
        let offboarding = offboarding
            .iter()
            .enumerate()
            .map(|(i, RawOffboardingItem { item, owner })| {
                let at = [key("offboarding"), Seg::Index(i)];
                let owner = owner.as_ref().and_then(|o| {
                    let span = self.span(d, f, &[at[0], at[1], key("owner")]);
                    self.resolve(o, span, Target::Role, &roles, "offboarding item")
                });
                OffboardingItem {
                    item: self.md(item, f, d, &[at[0], at[1], key("item")], true, url),
                    owner,
                }
            })
            .collect();
        Some(Leaving {
            description: self.md_opt(description, f, d, &[key("description")], url),
            principles,
            offboarding,
            alumni: self.md_opt(alumni, f, d, &[key("alumni")], url),
        })
    }

    fn pages(&mut self, raw: &[RawPage], config: &Config, options: LowerOptions) -> Vec<Page> {
        let sources = self.sources;
        super::pages::build(self, sources, raw, config, options)
    }
}

/// Access for the page-tree builder in [`super::pages`].
pub(super) trait PageLowering {
    fn diags(&mut self) -> &mut Diags;
    fn index(&mut self) -> &mut Index;
    fn push_markdown(&mut self, md: MdSource) -> MdId;
    fn resolve_role(&mut self, id: &str, span: Span, context: &str) -> Option<Ref>;
}

impl PageLowering for Lowerer<'_> {
    fn diags(&mut self) -> &mut Diags {
        self.diags
    }

    fn index(&mut self) -> &mut Index {
        &mut self.index
    }

    fn push_markdown(&mut self, md: MdSource) -> MdId {
        self.markdown.push(md);
        MdId(self.markdown.len() as u32 - 1)
    }

    fn resolve_role(&mut self, id: &str, span: Span, context: &str) -> Option<Ref> {
        let roles = std::mem::take(&mut self.index.roles);
        let r = self.resolve(id, span, Target::Role, &roles, context);
        self.index.roles = roles;
        r
    }
}

/// `roles/platform-engineer.yaml` → `platform-engineer`.
fn file_stem(rel: &str) -> &str {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    name.strip_suffix(".yaml")
        .or_else(|| name.strip_suffix(".yml"))
        .unwrap_or(name)
}

fn non_empty(s: &str, fallback: &str) -> String {
    if s.trim().is_empty() {
        fallback.to_string()
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kebab_ids() {
        for ok in ["a", "learn-fast", "l3", "a-1-b"] {
            assert!(is_kebab(ok), "{ok}");
        }
        for bad in ["", "-a", "a-", "a--b", "A", "a_b", "a b", "../x", "é"] {
            assert!(!is_kebab(bad), "{bad}");
        }
    }

    #[test]
    fn page_segments() {
        for ok in ["one-on-ones", "Team_Culture", "v1.2"] {
            assert!(is_page_segment(ok), "{ok}");
        }
        for bad in ["..", ".hidden", "a b", "", "über", "a/b"] {
            assert!(!is_page_segment(bad), "{bad}");
        }
    }
}
