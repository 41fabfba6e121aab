//! Link resolution: relative `.md` links (as GitHub renders them) and `@kind/id` references →
//! site URLs, for the Markdown renderer.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use crate::diag::did_you_mean;
use crate::markdown::{Resolved, Resolver, is_external, is_unsafe_url};
use crate::model::urls::{self, REFERENCE_FORMS, Reference};
use crate::model::{Handbook, LeftOut};

/// Everything a link can point at, built once per build.
pub(crate) struct LinkIndex<'a> {
    hb: &'a Handbook,
    root: &'a Path,
    statics: HashSet<&'a str>,
    statics_list: &'a [String],
    role_files: HashMap<String, usize>,
    /// Files next to the pages, by source path → their URL.
    assets: HashMap<&'a str, &'a str>,
    /// The handbook's folder inside its repository (`docs/handbook/`, or empty).
    repo_prefix: &'a str,
}

impl<'a> LinkIndex<'a> {
    /// An index over `hb`, whose sources are at `root`; `statics` are the `static/` files
    /// (relative to the root), `sources` every file read, `repo_prefix` the handbook's folder
    /// inside its repository.
    pub(crate) fn new(
        hb: &'a Handbook,
        root: &'a Path,
        statics: &'a [String],
        sources: &crate::source::SourceMap,
        repo_prefix: &'a str,
    ) -> Self {
        let role_files = hb
            .roles
            .iter()
            .enumerate()
            .map(|(i, r)| (sources.get(r.file).rel.clone(), i))
            .collect();
        LinkIndex {
            hb,
            root,
            statics: statics.iter().map(String::as_str).collect(),
            statics_list: statics,
            role_files,
            assets: hb
                .assets
                .iter()
                .map(|a| (a.source.as_str(), a.url.as_str()))
                .collect(),
            repo_prefix,
        }
    }

    /// Why the page file `rel` is not on the site, when it was left out.
    fn left_out(&self, rel: &str) -> Option<(String, Option<String>)> {
        Some(match self.hb.index.left_out.get(rel)? {
            LeftOut::Draft => (
                format!("`{rel}` is a draft, left out of this build"),
                Some("publish it (remove `draft: true`) or build with --drafts".into()),
            ),
            LeftOut::BadName => (
                format!("`{rel}` is not published: its name cannot be part of a URL"),
                Some("rename it (see the `invalid-id` problem reported for it)".into()),
            ),
            LeftOut::Reserved(kind) => (
                format!(
                    "`{rel}` is not published: its folder is reserved for {}",
                    kind.purpose()
                ),
                Some(
                    "move it to a folder of pages, or set `repository` in handbook.yaml so links to files that aren't published go to the repository"
                        .into(),
                ),
            ),
        })
    }

    /// True when `rel` is a page file meant for the site but left out of this build (a draft,
    /// a name that can't be a URL): a link to it is broken, not a link to the repository.
    fn meant_for_site(&self, rel: &str) -> bool {
        matches!(
            self.hb.index.left_out.get(rel.trim_end_matches('/')),
            Some(LeftOut::Draft | LeftOut::BadName)
        )
    }

    /// The handbook's content settings.
    pub(crate) fn settings(&self) -> &'a crate::model::Settings {
        &self.hb.config.settings
    }

    /// The handbook's `static/` files.
    pub(crate) fn statics(&self) -> &'a [String] {
        self.statics_list
    }

    /// A resolver for Markdown read from a file in the folder `base_dir`.
    pub(crate) fn resolver<'b>(&'b self, base_dir: &'b str) -> Ctx<'b> {
        Ctx {
            index: self,
            base_dir,
        }
    }

    fn entity(&self, reference: &str) -> Result<(String, String), (String, Option<String>)> {
        let hb = self.hb;
        let Some(parsed) = Reference::parse(reference) else {
            return Err((
                format!("`@{reference}` is not a handbook reference"),
                Some(format!("use {REFERENCE_FORMS}")),
            ));
        };
        let kind = parsed.kind();
        let missing = |what: &str, id: &str, candidates: Vec<&str>| {
            let help = did_you_mean(id, candidates.iter().copied())
                .map(|c| format!("did you mean `@{kind}/{c}`?"));
            Err((format!("{what} `{id}` does not exist"), help))
        };
        match parsed {
            Reference::Area(url, title) => Ok((url.into(), title.into())),
            Reference::Home => Ok((urls::HOME.into(), hb.pages[0].title.clone())),
            Reference::Value(id) => match hb.index.values.get(id) {
                Some(&i) => Ok((urls::value(id), hb.values[i].name.clone())),
                None => missing(
                    "value",
                    id,
                    hb.values.iter().map(|v| v.id.id.as_str()).collect(),
                ),
            },
            Reference::Role(id) => match hb.index.roles.get(id) {
                Some(&i) => Ok((urls::role(id), hb.roles[i].title.clone())),
                None => missing(
                    "role",
                    id,
                    hb.roles.iter().map(|v| v.id.id.as_str()).collect(),
                ),
            },
            Reference::Competency(id) => match hb.index.competencies.get(id) {
                Some(&i) => Ok((urls::competency(id), hb.ladder.competencies[i].name.clone())),
                None => missing(
                    "competency",
                    id,
                    hb.ladder
                        .competencies
                        .iter()
                        .map(|v| v.id.id.as_str())
                        .collect(),
                ),
            },
            Reference::Stage(id) => match hb.index.stages.get(id) {
                Some(&i) => Ok((urls::stage(id), hb.hiring.stages[i].name.clone())),
                None => missing(
                    "hiring stage",
                    id,
                    hb.hiring.stages.iter().map(|v| v.id.id.as_str()).collect(),
                ),
            },
            Reference::Track(id) => match hb.index.tracks.get(id) {
                Some(&i) => Ok((urls::track(id), hb.ladder.tracks[i].name.clone())),
                None => missing(
                    "track",
                    id,
                    hb.ladder.tracks.iter().map(|v| v.id.id.as_str()).collect(),
                ),
            },
            Reference::Level(track, level) => {
                let Some(&t) = hb.index.tracks.get(track) else {
                    return Err((
                        format!("track `{track}` does not exist"),
                        Some("write levels as `@level/<track>/<level>`".into()),
                    ));
                };
                match hb.level_index(t, level) {
                    Some(l) => Ok((
                        urls::level(track, level),
                        hb.ladder.tracks[t].levels[l].title.clone(),
                    )),
                    None => {
                        let ids: Vec<&str> = hb.ladder.tracks[t]
                            .levels
                            .iter()
                            .map(|l| l.id.id.as_str())
                            .collect();
                        Err((
                            format!("level `{level}` does not exist in track `{track}`"),
                            did_you_mean(level, ids)
                                .map(|c| format!("did you mean `@level/{track}/{c}`?")),
                        ))
                    }
                }
            }
            Reference::Page(id) => {
                let key = match id.trim_end_matches('/') {
                    "index" => "",
                    k => k
                        .strip_suffix("/_index")
                        .or_else(|| k.strip_suffix("/index"))
                        .unwrap_or(k),
                };
                let file = self.hb.config.settings.pages_file(&format!("{key}.md"));
                match hb.index.pages.get(key) {
                    Some(&i) => Ok((hb.pages[i].url.clone(), hb.pages[i].title.clone())),
                    None => match self.left_out(&file) {
                        Some(why) => Err(why),
                        None => {
                            missing("page", id, hb.pages.iter().map(|p| p.id.as_str()).collect())
                        }
                    },
                }
            }
        }
    }

    /// Resolves a path relative to the handbook root (already normalized).
    fn path(&self, path: &str) -> Result<(String, Option<String>), (String, Option<String>)> {
        let hb = self.hb;
        let trimmed = path.trim_end_matches('/');
        if let Some(&i) = hb.index.page_files.get(trimmed) {
            let p = &hb.pages[i];
            return Ok((p.url.clone(), Some(p.title.clone())));
        }
        if let Some((url, title)) = hb.index.intro_files.get(trimmed) {
            return Ok((url.to_string(), Some(title.to_string())));
        }
        if let Some(why) = self.left_out(trimmed) {
            return Err(why);
        }
        if let Some(&url) = self.assets.get(trimmed) {
            return Ok((url.to_string(), None));
        }
        let settings = &hb.config.settings;
        if trimmed == settings.pages_dir || trimmed.is_empty() {
            return Ok((urls::HOME.into(), Some(hb.pages[0].title.clone())));
        }
        if let Some(folder) = settings.under_pages(trimmed) {
            if let Some(&i) = hb.index.pages.get(&folder.replace(' ', "-")) {
                return Ok((hb.pages[i].url.clone(), Some(hb.pages[i].title.clone())));
            }
        }
        let fixed = match trimmed {
            "values.yaml" => Some((urls::VALUES, "Values")),
            "roles" => Some((urls::ROLES, "Roles")),
            "ladder.yaml" => Some((urls::LADDER, "Career ladder")),
            "hiring.yaml" => Some((urls::HIRING, "Hiring")),
            "leaving.yaml" => Some((urls::LEAVING, "Leaving")),
            "handbook.yaml" => Some((urls::HOME, "Home")),
            _ => None,
        };
        if let Some((url, name)) = fixed {
            return Ok((url.into(), Some(name.into())));
        }
        if let Some(&i) = self.role_files.get(trimmed) {
            let r = &hb.roles[i];
            return Ok((urls::role(&r.id.id), Some(r.title.clone())));
        }
        if let Some(file) = trimmed.strip_prefix("static/") {
            if self.statics.contains(trimmed) {
                return Ok((file.to_string(), None));
            }
        }
        // Suggest a file of the same folder whose name is close.
        let (folder, name) = trimmed.rsplit_once('/').unwrap_or(("", trimmed));
        let siblings: Vec<&str> = hb
            .index
            .page_files
            .keys()
            .chain(self.role_files.keys())
            .map(String::as_str)
            .chain(self.assets.keys().copied())
            .filter_map(|f| {
                let (d, n) = f.rsplit_once('/').unwrap_or(("", f));
                (d == folder).then_some(n)
            })
            .collect();
        let help = near_miss(name, &siblings).map(|c| format!("did you mean `{c}`?"));
        Err((
            format!("`{trimmed}` is not a page or file of the handbook"),
            help,
        ))
    }

    /// True when `reference` names a kind whose defining file failed to load, so whether the
    /// id exists is unknown (and the file's own problem is already reported).
    fn unknowable(&self, reference: &str) -> bool {
        let failed = &self.hb.index.failed;
        match Reference::parse(reference) {
            Some(Reference::Value(_)) => failed.values,
            Some(Reference::Competency(_) | Reference::Track(_) | Reference::Level(..)) => {
                failed.ladder
            }
            Some(Reference::Stage(_)) => failed.hiring,
            Some(Reference::Role(id)) => failed.roles.contains(id),
            Some(Reference::Page(_) | Reference::Home | Reference::Area(..)) | None => false,
        }
    }

    /// A link to one of the handbook's own files on its repository's site
    /// (`<repository>/blob/<branch>/<folder>/x.md#y`), as a path from the handbook's root
    /// (`/x.md#y`): such links are internal. `None` for any other link.
    fn own_file(&self, dest: &str) -> Option<String> {
        let repo = self.hb.config.repository.as_deref()?;
        let rest = dest.strip_prefix(repo)?.strip_prefix('/')?;
        // `?plain=1` and line anchors (`#L10`, `#L10-L20`) ask for the source as GitHub shows
        // it, which the site doesn't have: such links stay links to GitHub.
        let line_anchor = |f: &str| {
            f.split('-').all(|part| {
                part.strip_prefix('L')
                    .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
            })
        };
        if rest.contains('?') || rest.split_once('#').is_some_and(|(_, f)| line_anchor(f)) {
            return None;
        }
        let (kind, rest) = rest.split_once('/')?;
        if !matches!(kind, "blob" | "tree" | "raw") {
            return None;
        }
        // The branch: the configured one (which may hold `/`), else one path segment.
        let branch = &self.hb.config.edit_branch;
        let rest = match rest
            .strip_prefix(branch.as_str())
            .and_then(|r| r.strip_prefix('/'))
        {
            Some(r) => r,
            None => rest.split_once('/')?.1,
        };
        let path = rest.strip_prefix(self.repo_prefix)?;
        Some(format!("/{path}"))
    }

    fn on_disk(&self, path: &str) -> Option<bool> {
        let full = self.root.join(path);
        let meta = std::fs::metadata(&full).ok()?;
        // Only files inside the handbook, never through a link that leaves it.
        let canon = full.canonicalize().ok()?;
        canon.starts_with(self.root).then(|| meta.is_dir())
    }
}

/// A [`Resolver`] for one Markdown text.
pub(crate) struct Ctx<'a> {
    index: &'a LinkIndex<'a>,
    base_dir: &'a str,
}

impl Resolver for Ctx<'_> {
    fn resolve(&self, dest: &str, _image: bool) -> Resolved {
        let dest = dest.trim();
        if is_unsafe_url(dest) {
            return Resolved::Unsafe;
        }
        let own;
        let dest = match self.index.own_file(dest) {
            Some(path) => {
                own = path;
                own.as_str()
            }
            None if is_external(dest) => return Resolved::External,
            None => dest,
        };
        let (rest, fragment) = match dest.split_once('#') {
            // `x.md#` links to `x.md`, as on GitHub.
            Some((r, "")) if !r.is_empty() => (r, None),
            Some((r, f)) => (r, Some(percent_decode(f).into_owned())),
            None => (dest, None),
        };
        if rest.is_empty() {
            return Resolved::SamePage {
                fragment: fragment.unwrap_or_default(),
            };
        }
        if let Some(reference) = rest.strip_prefix('@') {
            return match self.index.entity(reference) {
                Ok((url, name)) => internal(url, fragment, Some(name)),
                Err(_) if self.index.unknowable(reference) => Resolved::Unchecked,
                Err((message, help)) => Resolved::Broken { message, help },
            };
        }
        let (path, query) = match rest.split_once('?') {
            Some((p, q)) => (p, Some(q)),
            None => (rest, None),
        };
        let Some(joined) = join(self.base_dir, &percent_decode(path)) else {
            return Resolved::Broken {
                message: format!("`{path}` points outside the handbook"),
                help: None,
            };
        };
        match self.index.path(&joined) {
            Ok((mut url, name)) => {
                if let Some(q) = query {
                    url.push('?');
                    url.push_str(q);
                }
                internal(url, fragment, name)
            }
            Err((message, help)) => match (
                self.index.on_disk(&joined),
                &self.index.hb.config.repository,
            ) {
                // A file of the repository that the site doesn't publish: outside the pages
                // folder, or in it but hidden (`.github/`), in a reserved folder (`roles/`
                // with `pages_dir: .`) or otherwise not a page or asset.
                (Some(is_dir), Some(repo)) if !self.index.meant_for_site(&joined) => {
                    let kind = if is_dir { "tree" } else { "blob" };
                    let branch = &self.index.hb.config.edit_branch;
                    let prefix = self.index.repo_prefix;
                    let mut url = format!("{repo}/{kind}/{branch}/{prefix}{joined}");
                    if let Some(f) = fragment {
                        url.push('#');
                        url.push_str(&f);
                    }
                    Resolved::Absolute { url }
                }
                // The file is there but not published, and there is no repository to send
                // the link to: say so, rather than that it doesn't exist.
                (Some(_), None) if help.is_none() && !self.index.meant_for_site(&joined) => {
                    Resolved::Broken {
                        message: format!("`{joined}` exists but is not published on the site"),
                        help: Some(
                            "set `repository` in handbook.yaml so links to files that aren't \
                             published go to the repository, or link to the file there"
                                .into(),
                        ),
                    }
                }
                _ => Resolved::Broken { message, help },
            },
        }
    }
}

/// The sibling name closest to `name` (a misspelt link target): one that contains the name,
/// or is contained in it, before one a few edits away (`ladder.md` → `using-the-ladder.md`,
/// not `_index.md`).
fn near_miss<'a>(name: &str, siblings: &[&'a str]) -> Option<&'a str> {
    fn stem(n: &str) -> &str {
        n.rsplit_once('.').map_or(n, |(s, _)| s)
    }
    let wanted = stem(name).to_lowercase();
    if wanted.len() >= 3 {
        let containing = siblings.iter().copied().filter(|s| {
            let s = stem(s).to_lowercase();
            s != wanted && (s.contains(&wanted) || (s.len() >= 3 && wanted.contains(&s)))
        });
        if let Some(best) = containing.min_by_key(|s| s.len().abs_diff(name.len())) {
            return Some(best);
        }
    }
    did_you_mean(name, siblings.iter().copied())
}

fn internal(url: String, fragment: Option<String>, name: Option<String>) -> Resolved {
    let anchor_target = fragment.as_ref().map(|_| {
        url.split_once('?')
            .map_or(url.as_str(), |(u, _)| u)
            .to_string()
    });
    Resolved::Internal {
        url,
        fragment,
        name,
        anchor_target,
    }
}

/// Joins a relative `path` to `base` (both `/`-separated, relative to the handbook root),
/// resolving `.` and `..`; `None` when it climbs out of the root. A leading `/` means the root.
pub(crate) fn join(base: &str, path: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    let base = if path.starts_with('/') { "" } else { base };
    for seg in base.split('/').chain(path.split('/')) {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    let mut joined = parts.join("/");
    if path.ends_with('/') && !joined.is_empty() {
        joined.push('/');
    }
    Some(joined)
}

/// Decodes `%XX` escapes; invalid escapes and non-UTF-8 results are left as written.
pub(crate) fn percent_decode(s: &str) -> std::borrow::Cow<'_, str> {
    percent_encoding::percent_decode_str(s)
        .decode_utf8()
        .unwrap_or(std::borrow::Cow::Borrowed(s))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::github_slug;
    use crate::model::urls::root_prefix;
    use proptest::prelude::*;

    #[test]
    fn joins_like_a_file_system() {
        assert_eq!(
            join("pages/people", "../culture/one-on-ones.md").as_deref(),
            Some("pages/culture/one-on-ones.md")
        );
        assert_eq!(join("pages", "./x.md").as_deref(), Some("pages/x.md"));
        assert_eq!(
            join("roles", "../pages/a.md").as_deref(),
            Some("pages/a.md")
        );
        assert_eq!(
            join("pages/a", "/values.yaml").as_deref(),
            Some("values.yaml")
        );
        assert_eq!(join("pages", "../../etc/passwd"), None);
        assert_eq!(
            join("", "pages/culture/").as_deref(),
            Some("pages/culture/")
        );
        assert_eq!(join("pages", "..").as_deref(), Some(""));
    }

    #[test]
    fn near_misses_prefer_names_that_contain_the_target() {
        let siblings = ["_index.md", "using-the-ladder.md", "one-on-ones.md"];
        assert_eq!(
            near_miss("ladder.md", &siblings),
            Some("using-the-ladder.md")
        );
        assert_eq!(
            near_miss("one-on-one.md", &siblings),
            Some("one-on-ones.md")
        );
        assert_eq!(near_miss("index.md", &siblings), Some("_index.md"));
        assert_eq!(near_miss("budget.md", &siblings), None);
    }

    #[test]
    fn percent_decoding() {
        assert_eq!(percent_decode("one%20on%20ones.md"), "one on ones.md");
        assert_eq!(percent_decode("caf%C3%A9"), "café");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%zz"), "%zz");
        assert_eq!(percent_decode("%ff"), "%ff");
    }

    fn url() -> impl Strategy<Value = String> {
        prop::collection::vec("[a-z0-9][a-z0-9-]{0,5}", 0..4).prop_map(|segs| {
            if segs.is_empty() {
                String::new()
            } else {
                format!("{}/", segs.join("/"))
            }
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        #[test]
        fn slugs_are_idempotent_and_url_safe(text in "\\PC{0,40}") {
            let slug = github_slug(&text);
            prop_assert_eq!(github_slug(&slug), slug.clone());
            prop_assert!(!slug.chars().any(char::is_whitespace));
            prop_assert!(!slug.contains(['#', '?', '/', '"', '<', '>', '%']));
            prop_assert_eq!(slug.to_lowercase(), slug);
        }

        #[test]
        fn relative_urls_round_trip(from in url(), to in url()) {
            // A link written on the page at `from` to the page at `to` lands on `to`.
            let href = format!("{}{to}", root_prefix(&from));
            let dir = from.trim_end_matches('/');
            let landed = join(dir, &href).expect("stays inside the site");
            prop_assert_eq!(landed.trim_end_matches('/'), to.trim_end_matches('/'));
        }

        #[test]
        fn joined_paths_never_escape_and_are_normal(base in "[a-z./]{0,20}", path in "[a-z./]{0,30}") {
            if let Some(joined) = join(&base, &path) {
                prop_assert!(!joined.split('/').any(|s| s == ".." || s == "."), "{}", joined);
                prop_assert!(!joined.starts_with('/'));
                prop_assert!(!joined.contains("//"), "{}", joined);
            }
        }
    }
}
