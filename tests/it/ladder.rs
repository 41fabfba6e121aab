//! Real career ladders come through without loss (issue 18): two frameworks of Monzo's
//! progression framework (criteria lists per competency per level, copied into
//! `tests/fixtures/monzo/` with their MIT licence) are converted to `ladder.yaml` here, the way
//! a team moving to `handbook` would, and every criterion and example must appear on the
//! track's matrix, the level's page, the competency's page and the track's CSV. Levels that
//! deliberately don't expect a competency say so, and `check --strict` passes.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::{Value, json};

use crate::support::{self, links, run, stderr, write};

/// One topic (competency) of a framework, as its front matter writes it.
struct Topic {
    name: String,
    title: Option<String>,
    /// Level number → its criteria, each with its examples.
    levels: BTreeMap<u64, Vec<(String, Vec<String>)>>,
}

/// A framework file: front matter with `topics`, then a Markdown body.
struct Framework {
    id: &'static str,
    title: String,
    group: String,
    body: String,
    topics: Vec<Topic>,
}

impl Framework {
    fn levels(&self) -> Vec<u64> {
        let mut all: Vec<u64> = self
            .topics
            .iter()
            .flat_map(|t| t.levels.keys().copied())
            .collect();
        all.sort_unstable();
        all.dedup();
        all
    }

    fn criteria(&self) -> usize {
        self.topics
            .iter()
            .flat_map(|t| t.levels.values())
            .map(|items| items.len() + items.iter().map(|(_, ex)| ex.len()).sum::<usize>())
            .sum()
    }
}

fn read_framework(file: &str, id: &'static str) -> Framework {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/monzo")
        .join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    let rest = text.strip_prefix("---\n").expect("front matter");
    let (front, body) = rest.split_once("\n---\n").expect("front matter end");
    let front: serde_yaml::Value = serde_yaml::from_str(front).unwrap();
    let str_of = |v: &serde_yaml::Value| v.as_str().map(str::to_string);
    let topics = front["topics"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|t| {
            let mut levels = BTreeMap::new();
            for c in t["content"].as_sequence().unwrap() {
                let mut items: Vec<(String, Vec<String>)> = c["criteria"]
                    .as_sequence()
                    .map(|s| s.iter().map(|x| (str_of(x).unwrap(), Vec::new())).collect())
                    .unwrap_or_default();
                if let Some(examples) = c["exampleCriteria"].as_sequence() {
                    for e in examples {
                        let ex = e["examples"]
                            .as_sequence()
                            .unwrap()
                            .iter()
                            .map(|x| str_of(x).unwrap())
                            .collect();
                        items.push((str_of(&e["criteria"]).unwrap(), ex));
                    }
                }
                levels.insert(c["level"].as_u64().unwrap(), items);
            }
            Topic {
                name: str_of(&t["name"]).unwrap(),
                title: str_of(&t["title"]),
                levels,
            }
        })
        .collect();
    let group = str_of(&front["sidebarGroup"]).unwrap();
    Framework {
        id,
        title: str_of(&front["title"]).unwrap(),
        group: group[..1].to_uppercase() + &group[1..],
        body: body.trim().to_string(),
        topics,
    }
}

fn competency_id(topic: &str) -> String {
    topic.replace(' ', "-")
}

/// The `ladder.yaml` for `frameworks`: one track each, levels named by their number only,
/// each framework's own competency titles as the track's wording, and the levels where a
/// framework writes nothing for a competency listed as not expecting it (with `mark_gaps`).
fn ladder_yaml(frameworks: &[Framework], mark_gaps: bool) -> String {
    let mut competencies: Vec<Value> = Vec::new();
    for f in frameworks {
        for t in &f.topics {
            let id = competency_id(&t.name);
            if !competencies.iter().any(|c| c["id"] == id.as_str()) {
                let name = t.name[..1].to_uppercase() + &t.name[1..];
                competencies.push(json!({"id": id, "name": name}));
            }
        }
    }
    let tracks: Vec<Value> = frameworks
        .iter()
        .map(|f| {
            let wording: Vec<Value> = f
                .topics
                .iter()
                .map(|t| match &t.title {
                    Some(title) => json!({"id": competency_id(&t.name), "name": title}),
                    None => json!(competency_id(&t.name)),
                })
                .collect();
            let levels: Vec<Value> = f
                .levels()
                .into_iter()
                .map(|n| {
                    let mut expectations = serde_json::Map::new();
                    let mut not_expected = Vec::new();
                    for t in &f.topics {
                        match t.levels.get(&n) {
                            Some(items) => {
                                let items: Vec<Value> = items
                                    .iter()
                                    .map(|(text, examples)| {
                                        if examples.is_empty() {
                                            json!(text)
                                        } else {
                                            json!({"text": text, "examples": examples})
                                        }
                                    })
                                    .collect();
                                expectations.insert(competency_id(&t.name), json!(items));
                            }
                            None => not_expected.push(competency_id(&t.name)),
                        }
                    }
                    let mut level = json!({"id": format!("l{n}"), "code": format!("L{n}"), "expectations": expectations});
                    if mark_gaps && !not_expected.is_empty() {
                        level["not_expected"] = json!(not_expected);
                    }
                    level
                })
                .collect();
            json!({
                "id": f.id,
                "name": f.title,
                "group": f.group,
                "description": f.body,
                "competencies": wording,
                "levels": levels,
            })
        })
        .collect();
    serde_yaml::to_string(&json!({"competencies": competencies, "tracks": tracks})).unwrap()
}

/// What a reader sees of a criterion: its Markdown as rendered text (smart quotes and all).
fn visible(markdown: &str) -> String {
    let mut out = String::new();
    for event in pulldown_cmark::Parser::new_ext(markdown, handbook::markdown_options()) {
        match event {
            pulldown_cmark::Event::Text(t) | pulldown_cmark::Event::Code(t) => out.push_str(&t),
            pulldown_cmark::Event::SoftBreak => out.push(' '),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The visible text of a page's main content (the sidebar left out).
fn page_text(site: &Path, rel: &str) -> String {
    let html = std::fs::read_to_string(site.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
    let start = html.find("<main").expect("<main>");
    let end = html.find("</main>").expect("</main>");
    links::text(&html[start..end])
}

/// The visible text of a level page's section for competency `id`.
fn level_block(html: &str, id: &str) -> String {
    let start = html
        .find(&format!("aria-labelledby=\"{id}\""))
        .unwrap_or_else(|| panic!("no block for {id}"));
    let end = html[start..].find("</section>").unwrap() + start;
    links::text(&html[start..end])
}

#[test]
fn two_progression_frameworks_come_through_without_loss() {
    let frameworks = [
        read_framework("backend.md", "backend"),
        read_framework("ops-leadership.md", "ops-leadership"),
    ];
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("hb");
    support::minimal(&dir);
    write(&dir, "ladder.yaml", &ladder_yaml(&frameworks, true));
    write(
        &dir,
        "roles/dev.yaml",
        "title: Backend engineer\nvalues: [care]\ntrack: backend\nlevels: [l1, l2, l3]\n",
    );
    let o = run(&["check", dir.to_str().unwrap(), "--strict"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!stderr(&o).contains("warning"), "{}", stderr(&o));
    let site = tmp.path().join("site");
    let o = run(&["build", dir.to_str().unwrap(), "-o", site.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));

    // Both frameworks are large; a conversion that dropped a level would show here first.
    assert_eq!(frameworks[0].levels(), [1, 2, 3, 4, 5, 6]);
    assert_eq!(frameworks[1].levels(), [2, 3, 4, 5, 6]);
    let mut checked = 0;
    for f in &frameworks {
        let matrix = page_text(&site, &format!("ladder/{}/index.html", f.id));
        let csv = std::fs::read_to_string(site.join(format!("ladder/{}.csv", f.id))).unwrap();
        for t in &f.topics {
            let cid = competency_id(&t.name);
            let competency = page_text(&site, &format!("competencies/{cid}/index.html"));
            // The track's own name for the competency is what its pages show.
            if let Some(title) = &t.title {
                assert!(
                    matrix.contains(title.as_str()),
                    "{title} not on the {} matrix",
                    f.id
                );
                assert!(
                    competency.contains(title.as_str()),
                    "{title} not on {cid}'s page"
                );
            }
            for n in f.levels() {
                let html =
                    std::fs::read_to_string(site.join(format!("ladder/{}/l{n}/index.html", f.id)))
                        .unwrap();
                let block = level_block(&html, &cid);
                let Some(items) = t.levels.get(&n) else {
                    // A real gap in the source: said once, on the level page and in the CSV.
                    assert!(block.contains("Not expected at this level"), "{block}");
                    assert!(matrix.contains("Not expected at this level"));
                    continue;
                };
                for (text, examples) in items {
                    for item in std::iter::once(text).chain(examples) {
                        let seen = visible(item);
                        assert!(
                            matrix.contains(&seen),
                            "{seen:?} not on the {} matrix",
                            f.id
                        );
                        assert!(block.contains(&seen), "{seen:?} not on {} L{n}", f.id);
                        assert!(competency.contains(&seen), "{seen:?} not on {cid}'s page");
                        checked += 1;
                    }
                    // The CSV holds the criteria, a line each, their examples below them.
                    assert!(
                        csv.contains(&format!("• {}", visible(text).replace('"', "\"\""))),
                        "{text:?} not in {}.csv",
                        f.id
                    );
                    for example in examples {
                        let line = format!("  – {}", visible(example).replace('"', "\"\""));
                        assert!(csv.contains(&line), "{line:?} not in {}.csv", f.id);
                    }
                }
            }
        }
    }
    let total: usize = frameworks.iter().map(Framework::criteria).sum();
    assert_eq!(checked, total);
    assert!(
        total > 300,
        "only {total} criteria read from the frameworks"
    );

    // Tracks are grouped on /ladder/ under their group, and each level page's <title> says
    // which track it belongs to.
    let ladder = std::fs::read_to_string(site.join("ladder/index.html")).unwrap();
    assert!(
        ladder.contains("id=\"track-group-engineering\""),
        "{ladder}"
    );
    assert!(ladder.contains("id=\"track-group-operations\""));
    let l3 = std::fs::read_to_string(site.join("ladder/backend/l3/index.html")).unwrap();
    // The sidebar groups them too: the group links to its section of /ladder/, its tracks
    // under it, the open track's levels under that.
    let nav = &l3[l3.find("<nav").unwrap()..l3.find("</nav>").unwrap()];
    assert_in_order(
        nav,
        &[
            "href=\"../../../ladder/#track-group-engineering\">Engineering</a>",
            "href=\"../../../ladder/backend/\">🛠️ Backend Engineering Framework</a>",
            "href=\"../../../ladder/backend/l3/\" aria-current=\"page\">L3</a>",
            "href=\"../../../ladder/#track-group-operations\">Operations</a>",
        ],
    );
    assert!(
        l3.contains("<title>L3 · 🛠️ Backend Engineering Framework ·"),
        "{l3}"
    );
    // Monzo's levels list only what each adds, so "New" can't carry a signal: a level with
    // nothing in common with the one below says so once instead of on every criterion, or on
    // every competency.
    assert!(!l3.contains("class=\"new\""));
    assert_eq!(
        l3.matches("every criterion on it is new").count(),
        1,
        "{l3}"
    );
    assert!(!l3.contains("Everything here is new at this level"));
}

#[test]
fn without_not_expected_a_real_gap_is_an_incomplete_level() {
    let frameworks = [read_framework("backend.md", "backend")];
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("hb");
    support::minimal(&dir);
    write(&dir, "ladder.yaml", &ladder_yaml(&frameworks, false));
    write(
        &dir,
        "roles/dev.yaml",
        "title: Backend engineer\nvalues: [care]\ntrack: backend\nlevels: [l1]\n",
    );
    let o = run(&["check", dir.to_str().unwrap(), "--strict"]);
    assert!(!o.status.success());
    let err = stderr(&o);
    for level in ["l1", "l2"] {
        assert!(
            err.contains(&format!(
                "level `{level}` of track `backend` has no expectations for competency `leadership`"
            )),
            "{err}"
        );
    }
    assert!(
        err.contains("not_expected"),
        "the help names the way out: {err}"
    );
    assert!(!err.contains("level `l3`"), "{err}");
}

/// Two tracks sharing three competencies in different orders and groups, one renaming a
/// competency; a third, cumulative track.
const TRACKS: &str = r#"competencies:
  - id: alpha
    name: Alpha
    group: Skill
  - id: beta
    name: Beta
    group: Engagement
  - id: gamma
    name: Gamma
    group: Skill
tracks:
  - id: x
    name: Track X
    summary: The X way.
    competencies: [alpha, beta, gamma]
    levels:
      - id: one
        code: X1
        expectations:
          alpha: [Alpha X one]
          beta: [Beta X one]
          gamma: [Gamma X one]
      - id: two
        title: Two
        expectations:
          alpha: [Alpha X one, Alpha X two]
          beta: [Beta X two]
          gamma: [Gamma X two]
  - id: y
    name: Track Y
    competencies:
      - id: beta
        name: Beta on Y
        description: What beta means on *Y*.
      - gamma
      - alpha
    levels:
      - id: one
        expectations:
          alpha: [Alpha Y one]
          beta: [Beta Y one]
          gamma: [Gamma Y one]
  - id: z
    name: Track Z
    cumulative: true
    competencies: [alpha, beta]
    levels:
      - id: one
        expectations:
          alpha: [Alpha Z one]
          beta: [Beta Z one]
      - id: two
        expectations:
          alpha: [Alpha Z two]
"#;

/// Where each of `needles` first appears in `hay`, in order; fails when one is missing.
fn positions(hay: &str, needles: &[&str]) -> Vec<usize> {
    needles
        .iter()
        .map(|n| hay.find(n).unwrap_or_else(|| panic!("{n:?} not in {hay}")))
        .collect()
}

fn assert_in_order(hay: &str, needles: &[&str]) {
    let at = positions(hay, needles);
    assert!(at.is_sorted(), "expected the order {needles:?} in {hay}");
}

fn tracks_site() -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("hb");
    support::minimal(&dir);
    write(&dir, "ladder.yaml", TRACKS);
    write(
        &dir,
        "roles/dev.yaml",
        "title: Developer\nvalues: [care]\ntrack: x\nlevels: [one]\n",
    );
    let o = run(&["check", dir.to_str().unwrap(), "--strict"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let site = tmp.path().join("site");
    let o = run(&["build", dir.to_str().unwrap(), "-o", site.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    (tmp, site)
}

#[test]
fn each_track_keeps_its_own_order_groups_and_names() {
    let (_tmp, site) = tracks_site();
    // Track x: alpha, beta, gamma grouped by their group in that order: Skill (alpha,
    // gamma), then Engagement (beta).
    let x = ["Skill", "Alpha", "Gamma", "Engagement", "Beta"];
    assert_in_order(&page_text(&site, "ladder/x/index.html"), &x);
    assert_in_order(&page_text(&site, "ladder/x/two/index.html"), &x);
    // Track y: beta (renamed), gamma, alpha: Engagement first.
    let y = ["Engagement", "Beta on Y", "Skill", "Gamma", "Alpha"];
    assert_in_order(&page_text(&site, "ladder/y/index.html"), &y);
    let y_one = page_text(&site, "ladder/y/one/index.html");
    assert_in_order(&y_one, &y);
    assert!(y_one.contains("What beta means on Y."), "{y_one}");
    assert!(!page_text(&site, "ladder/x/index.html").contains("Beta on Y"));
    // The competency's own page lists every track's wording.
    let beta = page_text(&site, "competencies/beta/index.html");
    assert_in_order(
        &beta,
        &[
            "Track X",
            "Beta X one",
            "Track Y",
            "Beta on Y",
            "What beta means on Y.",
            "Beta Y one",
        ],
    );
    // The CSV follows the track too, named as the track names it.
    let csv = std::fs::read_to_string(site.join("ladder/y.csv")).unwrap();
    let rows: Vec<&str> = csv.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(
        rows,
        [
            "Competency,one",
            "Beta on Y,• Beta Y one",
            "Gamma,• Gamma Y one",
            "Alpha,• Alpha Y one"
        ]
    );
    // Titles default to the code, else the id; a level page's <title> names its track.
    let x_one = std::fs::read_to_string(site.join("ladder/x/one/index.html")).unwrap();
    assert!(x_one.contains("<title>X1 · Track X ·"), "{x_one}");
    let y_one = std::fs::read_to_string(site.join("ladder/y/one/index.html")).unwrap();
    assert!(y_one.contains("<title>one · Track Y ·"));
    // /ladder/ shows the summary on x's card, the start of no description on y's.
    let ladder = page_text(&site, "ladder/index.html");
    assert!(ladder.contains("Track X The X way."), "{ladder}");
}

#[test]
fn new_marks_only_what_changed_from_a_level_that_had_something() {
    let (_tmp, site) = tracks_site();
    let html = std::fs::read_to_string(site.join("ladder/x/two/index.html")).unwrap();
    // Alpha keeps one criterion and adds one: only the added one is new.
    let alpha = &html[html.find("aria-labelledby=\"alpha\"").unwrap()..];
    let alpha = &alpha[..alpha.find("</section>").unwrap()];
    assert_eq!(alpha.matches("class=\"new\"").count(), 1, "{alpha}");
    assert!(alpha.contains("<li class=\"new\"><span class=\"tag-new\">New</span> Alpha X two"));
    // Beta changed completely: said once, not on each item.
    let beta = level_block(&html, "beta");
    assert!(
        beta.contains("Everything here is new at this level"),
        "{beta}"
    );
    // A first level compares with nothing, so nothing on it is new.
    let first = std::fs::read_to_string(site.join("ladder/x/one/index.html")).unwrap();
    assert!(!first.contains("tag-new"));
}

#[test]
fn a_cumulative_track_carries_lower_levels_and_keeps_its_matrix_compact() {
    let (_tmp, site) = tracks_site();
    // Level two writes nothing new for beta, which it carries from level one: no warning
    // (check --strict passed above), and the page shows what it carries, marked.
    let html = std::fs::read_to_string(site.join("ladder/z/two/index.html")).unwrap();
    let alpha = level_block(&html, "alpha");
    assert_in_order(
        &alpha,
        &[
            "Alpha Z two",
            "Carried from lower levels",
            "Carried from one",
            "Alpha Z one",
        ],
    );
    let beta = level_block(&html, "beta");
    assert_in_order(
        &beta,
        &[
            "Nothing new: as at the levels below",
            "Carried from one",
            "Beta Z one",
        ],
    );
    assert!(
        !html.contains("One level below"),
        "a cumulative level isn't a comparison"
    );
    // The matrix shows each level's own items only.
    let matrix = std::fs::read_to_string(site.join("ladder/z/index.html")).unwrap();
    assert_eq!(matrix.matches("Alpha Z one").count(), 1, "{matrix}");
}

#[test]
fn bad_ladder_additions_are_reported_where_they_are_written() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("hb");
    support::minimal(&dir);
    write(
        &dir,
        "ladder.yaml",
        "competencies:\n  - id: craft\n    name: Craft\ntracks:\n  - id: ic\n    name: IC\n    competencies:\n      - id: craftt\n        name: Craft on IC\n      - craft\n    levels:\n      - id: one\n        not_expected: [craft, teamwork]\n        expectations:\n          craft: Writes code.\n",
    );
    let o = run(&["check", dir.to_str().unwrap()]);
    assert!(!o.status.success());
    let err = stderr(&o);
    for expected in [
        // The renamed item's id, with a suggestion.
        "ladder.yaml:8:13",
        "`craftt`",
        // Listed as not expected and given expectations.
        "ladder.yaml:13:24",
        "competency `craft` has expectations and is also listed as not expected",
        // An unknown id under not_expected.
        "ladder.yaml:13:31",
        "`teamwork`",
    ] {
        assert!(err.contains(expected), "{expected:?} missing from:\n{err}");
    }
    assert!(!err.contains("panicked"), "{err}");
}

/// The `yaml` block of docs/format.md whose first line is `first`.
fn doc_example(first: &str) -> String {
    let doc = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/format.md"))
        .unwrap();
    let start = doc
        .find(&format!("```yaml\n{first}\n"))
        .unwrap_or_else(|| panic!("no example starting {first:?} in docs/format.md"))
        + "```yaml\n".len();
    let end = doc[start..].find("\n```").unwrap() + start;
    doc[start..=end].to_string()
}

#[test]
fn both_ladder_styles_of_the_authoring_reference_build_clean() {
    for (first, track, level) in [
        (
            "# ladder.yaml, table style: one Markdown text per cell",
            "programmers",
            "l1",
        ),
        (
            "# ladder.yaml, criteria style: lists per level, cumulative, leadership from L3",
            "backend",
            "l1",
        ),
    ] {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("hb");
        support::minimal(&dir);
        write(&dir, "ladder.yaml", &doc_example(first));
        write(
            &dir,
            "roles/dev.yaml",
            &format!("title: Developer\nvalues: [care]\ntrack: {track}\nlevels: [{level}]\n"),
        );
        let o = run(&["check", dir.to_str().unwrap(), "--strict"]);
        assert!(o.status.success(), "{first}\n{}", stderr(&o));
        let site = tmp.path().join("site");
        let o = run(&["build", dir.to_str().unwrap(), "-o", site.to_str().unwrap()]);
        assert!(o.status.success(), "{}", stderr(&o));
        let l3 = page_text(&site, &format!("ladder/{track}/l3/index.html"));
        assert!(l3.starts_with("Home Career ladder"), "{l3}");
        if track == "programmers" {
            assert_in_order(
                &l3,
                &[
                    "Skill",
                    "Scope",
                    "Projects across",
                    "Whole features",
                    "Coachability",
                    "Receptiveness",
                ],
            );
        } else {
            assert_in_order(
                &l3,
                &[
                    "Communication",
                    "Nothing new",
                    "Carried from L1",
                    "status updates",
                    "Carried from L2",
                    "Suggests a clearer name",
                    "Impact",
                    "Solves ambiguous",
                    "Leadership",
                    "Mentors",
                ],
            );
        }
    }
}
