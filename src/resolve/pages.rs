//! The page tree: the Markdown files of the pages folder → pages and sections in navigation
//! order. A file named like a generated page at the top (`roles.md`) introduces that page
//! instead; `aliases:` give a page redirect pages at its old URLs.
//!
//! Each page file is prepared on its own, in parallel (paths, front matter, title, dates);
//! only the parts that touch shared state (owner references, the list of Markdown texts,
//! duplicate URLs) run in order afterwards. A 10,000-page handbook lowers in a few
//! milliseconds, which the live preview's rebuilds depend on.

use std::collections::{HashMap, HashSet};

use rayon::prelude::*;

use super::lowerer::{LowerOptions, Lowerer};
use super::names::{
    GENERATED_FILES, INTRO_PAGES, PageFile, RESERVED_SEGMENTS, alias_path, humanize,
    is_generated_file, is_reserved, url_segment,
};
use crate::diag::{Code, Diagnostic};
use crate::model::raw::RawFrontMatter;
use crate::model::urls::Reference;
use crate::model::{Alias, Config, Date, Intros, LeftOut, Lift, MdSource, MdText, Page, PageKind};
use crate::parse::RawPage;
use crate::parse::frontmatter::first_heading;
use crate::parse::tree::Seg;
use crate::source::{FileId, SourceMap, Span};

/// A page prepared from its file, before it has a place in the tree; `page` is `None` when
/// the file cannot be a page (its diagnostic says why) or introduces a generated page.
struct Prepared {
    page: Option<Page>,
    /// The generated page (`roles`) this file introduces instead of being a page.
    intro: Option<&'static str>,
    /// Why the file is not a page, when it isn't.
    left_out: Option<LeftOut>,
    /// Sorts index files as their folder, before the folder's pages and before `x.md`
    /// beside folder `x/`, so when two files claim one URL the index keeps it.
    sort_rel: String,
    /// The owner's role id and where it is written.
    owner: Option<(String, Span)>,
    /// Old URLs as written, and where.
    aliases: Vec<(String, Span)>,
    /// The Markdown body.
    body: MdSource,
    diags: Vec<Diagnostic>,
}

/// What the pages folder gives the handbook.
pub(super) struct PageTree {
    /// Pages in depth-first navigation order, home first.
    pub(super) pages: Vec<Page>,
    /// The introductions of generated pages.
    pub(super) intros: Intros,
}

impl Lowerer<'_> {
    /// The page tree of `raw`.
    pub(super) fn pages(
        &mut self,
        raw: &[RawPage],
        config: &Config,
        options: LowerOptions,
        areas: &[&str],
    ) -> PageTree {
        let sources = self.sources;
        build(self, sources, raw, config, options, areas)
    }
}

/// Builds the page tree.
fn build(
    l: &mut Lowerer,
    sources: &SourceMap,
    raw: &[RawPage],
    config: &Config,
    options: LowerOptions,
    areas: &[&str],
) -> PageTree {
    let pages_dir = config.settings.pages_dir.as_str();
    // Folders with an `_index.md` or `index.md`, whose `README.md` is then a page of its own.
    let indexed: HashSet<&str> = raw
        .iter()
        .filter_map(|p| {
            let rel = sources.get(p.file).rel.as_str();
            let (folder, name) = rel.rsplit_once('/').unwrap_or(("", rel));
            let stem = name.strip_suffix(".md")?;
            (PageFile::of(stem) == PageFile::Index).then_some(folder)
        })
        .collect();
    let context = Context {
        sources,
        options,
        pages_dir,
        indexed: &indexed,
        areas,
    };
    // An indexed collect fills one exact-size vector in place (a filtering one grows a vector
    // per thread and copies them together); sorting indices moves no `Prepared`.
    let mut prepared: Vec<Option<Prepared>> = raw.par_iter().map(|p| context.prepare(p)).collect();
    let mut sorted: Vec<usize> = (0..prepared.len())
        .filter(|&i| prepared[i].is_some())
        .collect();
    let rel = |i: usize| prepared[i].as_ref().map(|p| p.sort_rel.as_str());
    sorted.sort_by(|&a, &b| rel(a).cmp(&rel(b)));
    let mut pages: Vec<Page> = Vec::with_capacity(sorted.len() + 16);
    let mut by_id: HashMap<String, usize> = HashMap::with_capacity(sorted.len() + 16);
    let mut intros = Intros::default();
    let mut aliases: Vec<Vec<(String, Span)>> = Vec::with_capacity(sorted.len() + 16);
    for Prepared {
        page,
        intro,
        left_out,
        owner,
        aliases: written,
        body,
        diags,
        ..
    } in sorted.into_iter().filter_map(|i| prepared[i].take())
    {
        l.diags().extend(diags);
        let rel = || sources.get(body.span.file).rel.clone();
        if let Some(why) = left_out {
            l.index().left_out.insert(rel(), why);
            continue;
        }
        if let Some(area) = intro {
            if let Some(Reference::Area(url, title)) = Reference::parse(area) {
                l.index().intro_files.insert(rel(), (url, title));
            }
            let md = Some(l.push_markdown(body));
            match area {
                "values" => intros.values = md,
                "roles" => intros.roles = md,
                "ladder" => intros.ladder = md,
                "hiring" => intros.hiring = md,
                _ => intros.leaving = md,
            }
            continue;
        }
        let Some(mut page) = page else {
            continue;
        };
        let span = page
            .file
            .map_or(Span::file_start(FileId(0)), Span::file_start);
        if let Some(&first) = by_id.get(&page.id) {
            let first = pages[first].file.map_or(span, Span::file_start);
            l.diags().push(
                Diagnostic::new(
                    Code::DuplicateId,
                    span,
                    format!("two pages would be published at /{}", page.url),
                )
                .label(first, "this page has the same URL")
                .help("a folder's page is its `_index.md`, `index.md` or else `README.md`; `x.md` cannot sit beside a folder `x/` that has one; and names that differ only by spaces and `-` publish at one URL"),
            );
            continue;
        }
        let top = page.id.split('/').next().unwrap_or("");
        if is_reserved(top, areas) || is_generated_file(top) {
            l.diags().push(
                Diagnostic::new(
                    Code::DuplicateId,
                    span,
                    format!("the page would be published at /{top}/, which the site uses for its own pages"),
                )
                .help(format!(
                    "rename or move it; reserved top-level names, in any case: {}",
                    RESERVED_SEGMENTS.iter().chain(areas).chain(GENERATED_FILES).copied().collect::<Vec<_>>().join(", ")
                )),
            );
            continue;
        }
        page.owner = owner.and_then(|(id, span)| l.resolve_role(&id, span, "page owner"));
        page.body = Some(l.push_markdown(body));
        by_id.insert(page.id.clone(), pages.len());
        pages.push(page);
        aliases.push(written);
    }
    aliases.resize_with(pages.len() + 64, Vec::new);
    for (page, written) in pages.iter_mut().zip(&mut aliases) {
        page.aliases = std::mem::take(written)
            .into_iter()
            .map(|(path, span)| Alias { path, span })
            .collect();
    }
    ensure_sections(&mut pages, &mut by_id, config);
    check_case(&pages, l);
    let mut pages = order(pages, by_id, l);
    check_aliases(&mut pages, areas, l);
    PageTree { pages, intros }
}

/// What every page file is prepared with.
struct Context<'a> {
    sources: &'a SourceMap,
    options: LowerOptions,
    pages_dir: &'a str,
    indexed: &'a HashSet<&'a str>,
    /// The generated areas the handbook has (`values`, `roles`...).
    areas: &'a [&'a str],
}

impl Context<'_> {
    /// Prepares one page file; `None` when it is not under the pages folder.
    fn prepare(&self, raw: &RawPage) -> Option<Prepared> {
        let file = raw.file;
        let source = self.sources.get(file);
        let rel = source.rel.as_str();
        let under = if self.pages_dir.is_empty() {
            rel
        } else {
            rel.strip_prefix(self.pages_dir)?.strip_prefix('/')?
        };
        let path = under.strip_suffix(".md")?;
        let (folder, stem) = path.rsplit_once('/').unwrap_or(("", path));
        let rel_folder = rel.rsplit_once('/').map_or("", |(d, _)| d);
        let is_index = match PageFile::of(stem) {
            PageFile::Index => true,
            PageFile::Readme => !self.indexed.contains(rel_folder),
            PageFile::Page => false,
        };
        let front = raw.front.as_ref();
        let fm = front.map(|p| &p.raw);
        let draft = fm.and_then(|f| f.draft).unwrap_or(false);
        if draft && !self.options.drafts {
            return Some(Prepared {
                left_out: Some(LeftOut::Draft),
                ..rejected(file, Vec::new())
            });
        }
        let mut diags = Vec::new();
        let mut names: Vec<&str> = folder.split('/').filter(|s| !s.is_empty()).collect();
        if !is_index {
            names.push(stem);
        }
        let mut segments = Vec::with_capacity(names.len());
        for name in &names {
            match url_segment(name) {
                Ok(segment) => segments.push(segment),
                Err(why) => {
                    diags.push(
                        Diagnostic::new(
                            Code::InvalidId,
                            Span::file_start(file),
                            format!("{rel} is not published: `{name}` cannot be part of a URL because of {why}"),
                        )
                        .help("rename the file or folder; spaces are fine (they become `-`), and so are capitals"),
                    );
                    return Some(rejected(file, diags));
                }
            }
        }
        let id = segments.join("/");
        let url = if id.is_empty() {
            String::new()
        } else {
            format!("{id}/")
        };
        let RawFrontMatter {
            title,
            weight,
            draft: _,
            owner,
            reviewed,
            description,
            extra,
            aliases,
        } = fm.cloned().unwrap_or_default();
        let text = &source.text;
        let given = title
            .map(|t| t.trim().to_string())
            .filter(|t| !t.is_empty());
        let lift = match &given {
            Some(title) => Lift::IfTitle(title.clone()),
            None => Lift::Always,
        };
        let body = MdSource {
            text: MdText::Slice(file, raw.body_start as u32..text.len() as u32),
            span: Span::new(file, raw.body_start, text.len()),
            inline: false,
            owner_url: url.clone(),
            base_dir: rel_folder.to_string(),
            lift,
        };
        let intro = (folder.is_empty() && !is_index && self.areas.contains(&stem))
            .then(|| INTRO_PAGES.iter().copied().find(|a| *a == stem))
            .flatten();
        if let Some(area) = intro {
            let body = MdSource {
                owner_url: format!("{area}/"),
                lift: Lift::Always,
                ..body
            };
            return Some(Prepared {
                page: None,
                intro: Some(area),
                left_out: None,
                sort_rel: rel.to_string(),
                owner: None,
                aliases: Vec::new(),
                body,
                diags,
            });
        }
        let kind = match (id.is_empty(), is_index) {
            (true, _) => PageKind::Home,
            (false, true) => PageKind::Section,
            (false, false) => PageKind::Leaf,
        };
        let body_text = text.get(raw.body_start..).unwrap_or("");
        let title_from_heading = given.is_none();
        let fallback = names.last().copied().unwrap_or("home");
        let title = given
            .or_else(|| first_heading(body_text))
            .unwrap_or_else(|| humanize(fallback));
        let span_of = |field: &str| {
            front.map_or(Span::file_start(file), |p| {
                p.doc.span(&[Seg::Key(field)], Span::file_start(file))
            })
        };
        let reviewed_span = reviewed.as_ref().map(|_| span_of("reviewed"));
        let reviewed = reviewed.and_then(|r| {
            let date = Date::parse(r.trim());
            if date.is_none() {
                diags.push(
                    Diagnostic::new(
                        Code::FrontMatter,
                        span_of("reviewed"),
                        format!("`reviewed` must be a date written YYYY-MM-DD, found `{r}`"),
                    )
                    .help("e.g. `reviewed: 2026-01-31`"),
                );
            }
            date
        });
        let owner = owner.map(|o| (o, span_of("owner")));
        let mut written = Vec::new();
        for (i, alias) in aliases.iter().enumerate() {
            let at = front.map_or(Span::file_start(file), |p| {
                p.doc.span(
                    &[Seg::Key("aliases"), Seg::Index(i)],
                    Span::file_start(file),
                )
            });
            match alias_path(alias) {
                Ok(path) => written.push((path, at)),
                Err(why) => diags.push(
                    Diagnostic::new(
                        Code::FrontMatter,
                        at,
                        format!("alias `{alias}` cannot be a redirect page: {why}"),
                    )
                    .help(
                        "write the page's old URL from the site's root, e.g. `/culture/old-name/`",
                    ),
                ),
            }
        }
        let sort_rel = match kind {
            PageKind::Leaf => rel.to_string(),
            _ => rel_folder.to_string(),
        };
        Some(Prepared {
            page: Some(Page {
                id,
                kind,
                file: Some(file),
                source: Some(rel.to_string()),
                title,
                title_from_heading,
                weight,
                draft,
                owner: None,
                reviewed,
                reviewed_span,
                description,
                body: None,
                parent: None,
                children: Vec::new(),
                url,
                extra,
                aliases: Vec::new(),
            }),
            intro: None,
            left_out: None,
            sort_rel,
            owner,
            aliases: written,
            body,
            diags,
        })
    }
}

/// A page file that cannot be a page: only its diagnostic travels on.
fn rejected(file: FileId, diags: Vec<Diagnostic>) -> Prepared {
    Prepared {
        page: None,
        intro: None,
        left_out: Some(LeftOut::BadName),
        sort_rel: String::new(),
        owner: None,
        aliases: Vec::new(),
        body: MdSource {
            text: MdText::Owned(String::new()),
            span: Span::file_start(file),
            inline: false,
            owner_url: String::new(),
            base_dir: String::new(),
            lift: Lift::No,
        },
        diags,
    }
}

/// Reports pages whose URLs differ only in case (`Guide.md` and `guide.md`, folders `Team/`
/// and `team/`): on a case-insensitive disk (macOS, Windows) they are one output folder, and
/// one page would overwrite the other. Both stay in the model; the error stops the build.
fn check_case(pages: &[Page], l: &mut Lowerer) {
    if !pages.iter().any(|p| p.url.chars().any(char::is_uppercase)) {
        return;
    }
    let span_of = |page: &Page| {
        // A folder without an index file: point at a page inside it.
        let inside = format!("{}/", page.id);
        page.file
            .or_else(|| {
                pages
                    .iter()
                    .find(|p| p.id.starts_with(&inside))
                    .and_then(|p| p.file)
            })
            .map_or(Span::file_start(FileId(0)), Span::file_start)
    };
    let mut seen: HashMap<String, usize> = HashMap::with_capacity(pages.len());
    for (i, page) in pages.iter().enumerate() {
        match seen.entry(page.url.to_lowercase()) {
            std::collections::hash_map::Entry::Vacant(e) => {
                e.insert(i);
            }
            std::collections::hash_map::Entry::Occupied(e) => {
                let first = &pages[*e.get()];
                l.diags().push(
                    Diagnostic::new(
                        Code::DuplicateId,
                        span_of(page),
                        format!(
                            "/{} and /{} differ only in case",
                            page.url, first.url
                        ),
                    )
                    .label(span_of(first), "this page's URL")
                    .help("on a case-insensitive disk (macOS, Windows) they are one folder and one page would replace the other: rename one of them"),
                );
            }
        }
    }
}

/// Keeps the aliases that name a free URL; reports the rest.
fn check_aliases(pages: &mut [Page], areas: &[&str], l: &mut Lowerer) {
    if pages.iter().all(|p| p.aliases.is_empty()) {
        return;
    }
    // Compared without case: on a case-insensitive disk (macOS, Windows: a site opened from
    // disk or built there) `Engineering/PL/index.html` is `engineering/pl/index.html`.
    let mut taken: HashMap<String, Option<Span>> = pages
        .iter()
        .map(|p| {
            (
                format!("{}index.html", p.url).to_lowercase(),
                p.file.map(Span::file_start),
            )
        })
        .collect();
    for page in pages.iter_mut() {
        let written = std::mem::take(&mut page.aliases);
        for alias in written {
            let top = alias.path.split('/').next().unwrap_or("");
            if is_generated_file(top) {
                l.diags().push(
                    Diagnostic::new(
                        Code::DuplicateId,
                        alias.span,
                        format!("the alias would replace the site's own /{top}"),
                    )
                    .help(format!(
                        "remove the alias: the build writes /{top} itself (names taken: {})",
                        GENERATED_FILES.join(", ")
                    )),
                );
                continue;
            }
            let clash = if is_reserved(top, areas) {
                Some(("a page the site generates", None))
            } else {
                taken
                    .get(&alias.path.to_lowercase())
                    .map(|at| ("another page or alias", *at))
            };
            if alias
                .path
                .eq_ignore_ascii_case(&format!("{}index.html", page.url))
            {
                // A Jekyll `permalink:` that was the page's own URL, moved under `aliases:`.
                l.diags().push(
                    Diagnostic::new(
                        Code::DuplicateId,
                        alias.span,
                        format!("/{} is this page's own URL, not an old one", page.url),
                    )
                    .help("remove this alias: the page is already there"),
                );
                continue;
            }
            if let Some((what, at)) = clash {
                let mut d = Diagnostic::new(
                    Code::DuplicateId,
                    alias.span,
                    format!(
                        "the alias would replace {what} at /{}",
                        alias.path.trim_end_matches("index.html")
                    ),
                )
                .help("remove the alias, or move the page that has this URL");
                if let Some(at) = at {
                    d = d.label(at, "this page has the URL");
                }
                l.diags().push(d);
                continue;
            }
            taken.insert(alias.path.to_lowercase(), Some(alias.span));
            page.aliases.push(alias);
        }
    }
}

/// Adds the home page and every section folder that has pages but no index file.
fn ensure_sections(pages: &mut Vec<Page>, by_id: &mut HashMap<String, usize>, config: &Config) {
    let mut missing: Vec<String> = Vec::new();
    // A set beside the list: a handbook without index files has a missing section per folder.
    let mut seen: std::collections::HashSet<&str> = std::collections::HashSet::new();
    for page in pages.iter() {
        let mut path = page.id.as_str();
        while let Some((parent, _)) = path.rsplit_once('/') {
            if !by_id.contains_key(parent) && seen.insert(parent) {
                missing.push(parent.to_string());
            }
            path = parent;
        }
    }
    if !by_id.contains_key("") {
        missing.push(String::new());
    }
    for id in missing {
        let (title, kind) = if id.is_empty() {
            (config.title.clone(), PageKind::Home)
        } else {
            (
                humanize(id.rsplit('/').next().unwrap_or(&id)),
                PageKind::Section,
            )
        };
        let url = if id.is_empty() {
            String::new()
        } else {
            format!("{id}/")
        };
        by_id.insert(id.clone(), pages.len());
        pages.push(Page {
            id,
            kind,
            file: None,
            source: None,
            title,
            title_from_heading: false,
            weight: None,
            draft: false,
            owner: None,
            reviewed: None,
            reviewed_span: None,
            description: None,
            body: None,
            parent: None,
            children: Vec::new(),
            url,
            extra: None,
            aliases: Vec::new(),
        });
    }
}

/// Puts pages in depth-first order with parents and sorted children filled in.
fn order(pages: Vec<Page>, by_id: HashMap<String, usize>, l: &mut Lowerer) -> Vec<Page> {
    let n = pages.len();
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, page) in pages.iter().enumerate() {
        if page.id.is_empty() {
            continue;
        }
        let parent = page.id.rsplit_once('/').map_or("", |(p, _)| p);
        if let Some(&p) = by_id.get(parent) {
            children[p].push(i);
        }
    }
    // Sort keys once per page, not once per comparison.
    let keys: Vec<(i64, String)> = pages
        .iter()
        .map(|p| (p.weight.unwrap_or(i64::MAX), p.title.to_lowercase()))
        .collect();
    for kids in &mut children {
        kids.sort_by(|&a, &b| {
            keys[a]
                .cmp(&keys[b])
                .then_with(|| pages[a].id.cmp(&pages[b].id))
        });
    }
    let Some(&home) = by_id.get("") else {
        return Vec::new();
    };
    let mut slots: Vec<Option<Page>> = pages.into_iter().map(Some).collect();
    let mut out: Vec<Page> = Vec::with_capacity(n);
    // Iterative depth-first walk: (old index, new parent index).
    let mut stack: Vec<(usize, Option<usize>)> = vec![(home, None)];
    while let Some((old, parent)) = stack.pop() {
        let Some(mut page) = slots[old].take() else {
            continue;
        };
        page.parent = parent;
        let me = out.len();
        if let Some(p) = parent {
            out[p].children.push(me);
        }
        out.push(page);
        for &kid in children[old].iter().rev() {
            stack.push((kid, Some(me)));
        }
    }
    let index = l.index();
    index.pages.reserve(out.len());
    for (i, page) in out.iter().enumerate() {
        index.pages.insert(page.id.clone(), i);
        if let Some(src) = &page.source {
            index.page_files.insert(src.clone(), i);
        }
    }
    out
}
