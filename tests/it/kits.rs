//! Hiring and growth kits (issue 21): interview kits, job descriptions (HTML and Markdown) and
//! level comparisons, generated from the model. Each page is checked against the model of a
//! small handbook written for the purpose: stage order, the role's traits under the value
//! they derive from, signals, red flags and questions, the bar and the level below.

use std::path::{Path, PathBuf};

use crate::support::browser::{self, Browser};
use crate::support::{self, links, run, stderr, write};

const VALUES: &str = r#"values:
  - id: curiosity
    name: Curiosity
    summary: We dig until we understand.
    behaviours: [Reads the source]
    anti_patterns: [Cargo-cults a fix]
    questions: ["What did you last take apart to see how it works?"]
  - id: care
    name: Care
    summary: We look after each other.
    behaviours: [Checks in after an incident]
    anti_patterns: [Blames the pager]
    questions: ["Tell us about a time you *slowed down* for a colleague."]
"#;

const LADDER: &str = r#"competencies:
  - id: craft
    name: Craft
    questions: ["Walk us through a bug you are proud of fixing."]
  - id: people
    name: People
  - id: budget
    name: Budgeting
  - id: lead
    name: Leadership
tracks:
  - id: ic
    name: Engineering
    competencies: [people, craft, lead]
    levels:
      - id: one
        code: E1
        title: Engineer I
        not_expected: [lead]
        expectations:
          craft: [Fixes bugs with help]
          people: [Asks for help early]
      - id: two
        code: E2
        title: Engineer II
        not_expected: [lead]
        expectations:
          craft: [Fixes bugs alone, Reviews code]
          people: [Helps newcomers]
      - id: three
        code: E3
        title: Engineer III
        expectations:
          craft:
            - text: Designs systems
              examples: ["Split the [monolith](https://example.com/monolith)"]
          people: [Mentors two engineers]
          lead: [Leads a project]
  - id: mgmt
    name: Management
    competencies: [budget]
    levels:
      - id: m1
        title: Manager
        expectations:
          budget: Plans the budget.
"#;

const HIRING: &str = r#"stages:
  - id: screen
    name: Screening call
    assesses: [care]
    guidance: Keep it to **thirty minutes**.
  - id: tech
    name: Technical interview
    assesses: [curiosity]
    competencies: [craft, budget, lead]
    guidance: Pair on a real problem.
  - id: offer
    name: Offer
    assesses: []
  - id: lunch
    name: Team lunch
    assesses: [care]
"#;

/// Lists its stages out of pipeline order, and skips `lunch`.
const ROLE: &str = r#"title: Backend Engineer
summary: Builds the services behind the app.
description: |
  You will work with the [](@role/lead) and live our value of [](@value/curiosity).
  Read [our guide](https://example.com/guide) first.
values: [curiosity, care]
traits:
  - name: Reads RFCs for fun
    value: curiosity
  - name: Pairs with juniors
    value: care
responsibilities: ["Run the *payments* service", Review code]
track: ic
levels: [two, three]
hiring_stages: [offer, tech, screen]
"#;

fn kit_handbook() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("hb");
    support::minimal(&dir);
    write(&dir, "values.yaml", VALUES);
    write(&dir, "ladder.yaml", LADDER);
    write(&dir, "hiring.yaml", HIRING);
    write(&dir, "roles/dev.yaml", ROLE);
    write(
        &dir,
        "roles/lead.yaml",
        "title: Engineering Lead\nvalues: [care]\ntrack: mgmt\nlevels: [m1]\n",
    );
    let o = run(&["check", dir.to_str().unwrap(), "--strict"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let site = tmp.path().join("site");
    let o = run(&["build", dir.to_str().unwrap(), "-o", site.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    (tmp, dir, site)
}

fn html(site: &Path, rel: &str) -> String {
    std::fs::read_to_string(site.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The visible text of a page's main content.
fn main_text(site: &Path, rel: &str) -> String {
    let page = html(site, rel);
    let start = page.find("<main").unwrap();
    let end = page.find("</main>").unwrap();
    links::text(&page[start..end])
}

/// The visible text of the element with `id` (a section or heading) up to the next
/// `</section>`.
fn section(page: &str, id: &str) -> String {
    let start = page
        .find(&format!("aria-labelledby=\"{id}\""))
        .unwrap_or_else(|| panic!("no section {id}"));
    let end = page[start..].find("</section>").unwrap() + start;
    links::text(&page[start..end])
}

fn assert_in_order(hay: &str, needles: &[&str]) {
    let at: Vec<usize> = needles
        .iter()
        .map(|n| hay.find(n).unwrap_or_else(|| panic!("{n:?} not in {hay}")))
        .collect();
    assert!(at.is_sorted(), "expected the order {needles:?} in {hay}");
}

#[test]
fn interview_kits_follow_the_model() {
    let (_tmp, _dir, site) = kit_handbook();
    // A kit for each level the role is hired at, and no other.
    assert!(site.join("roles/dev/interview/two/index.html").is_file());
    assert!(site.join("roles/dev/interview/three/index.html").is_file());
    assert!(!site.join("roles/dev/interview/one").exists());
    let page = html(&site, "roles/dev/interview/three/index.html");
    let text = main_text(&site, "roles/dev/interview/three/index.html");
    // The role's stages in pipeline order, whatever order the role lists them in; a stage
    // the role skips is left out.
    assert_in_order(
        &text,
        &["1 Screening call", "2 Technical interview", "3 Offer"],
    );
    assert!(!text.contains("Team lunch"), "{text}");
    assert!(text.contains("Keep it to thirty minutes."));
    // Screening assesses care: the role's trait from care (not the one from curiosity), the
    // value's behaviours as signals, anti-patterns as red flags, and its questions.
    let care = section(&page, "stage-1-value-1");
    assert_in_order(
        &care,
        &[
            "Value: Care",
            "What to look for in a Backend Engineer",
            "Pairs with juniors",
            "Signals",
            "Checks in after an incident",
            "Red flags",
            "Blames the pager",
            "Questions",
            "Tell us about a time you slowed down for a colleague.",
        ],
    );
    assert!(!care.contains("Reads RFCs"), "{care}");
    let curiosity = section(&page, "stage-2-value-1");
    assert!(curiosity.contains("Reads RFCs for fun") && !curiosity.contains("Pairs with"));
    // The technical interview's competency: the bar at E3 and, just under it, E2, with the
    // competency's questions.
    let craft = section(&page, "stage-2-competency-1");
    assert_in_order(
        &craft,
        &[
            "Competency: Craft",
            "The bar at Engineer III",
            "Designs systems",
            "Just under the bar: Engineer II",
            "Fixes bugs alone",
            "Reviews code",
            "Walk us through a bug you are proud of fixing.",
        ],
    );
    // `budget` isn't on this role's track: named, without a bar.
    assert!(text.contains("Also assessed at this stage, for roles on other tracks: Budgeting."));
    assert!(!page.contains("stage-2-competency-3"));
    // The scorecard: one row per value and competency assessed, with the stages that assess
    // each, in order of first appearance.
    let card = section(&page, "scorecard");
    assert_in_order(
        &card,
        &[
            "Value: Care Screening call",
            "Value: Curiosity Technical interview",
            "Competency: Craft Technical interview",
            "Decision:",
        ],
    );
    // At the lowest hiring level the level below is still shown; at a first level it isn't.
    let two = html(&site, "roles/dev/interview/two/index.html");
    assert!(section(&two, "stage-2-competency-1").contains("Just under the bar: Engineer I"));
    let lead = html(&site, "roles/lead/interview/m1/index.html");
    assert!(!lead.contains("Just under the bar"), "{lead}");
    assert!(section(&lead, "stage-2-competency-1").contains("Plans the budget."));
}

#[test]
fn job_descriptions_come_as_pages_and_as_plain_markdown() {
    let (_tmp, _dir, site) = kit_handbook();
    let text = main_text(&site, "roles/dev/job/three/index.html");
    assert_in_order(
        &text,
        &[
            "Backend Engineer · Engineer III",
            "Builds the services behind the app.",
            "You will work with the Engineering Lead",
            "What you will do",
            "Run the payments service",
            "What we expect at Engineer III",
            "People",
            "Mentors two engineers",
            "Craft",
            "Designs systems",
            "What we look for",
            "Curiosity We dig until we understand. Reads RFCs for fun",
            "Care We look after each other. Pairs with juniors",
            "How we hire",
            "Screening call",
            "Technical interview",
            "Offer",
        ],
    );
    let md = std::fs::read_to_string(site.join("roles/dev/job/three.md")).unwrap();
    assert!(
        md.starts_with("# Backend Engineer · Engineer III\n\n"),
        "{md}"
    );
    // Links are text: the entity link with its filled-in name, the external one by its text.
    assert!(
        md.contains("You will work with the Engineering Lead and live our value of Curiosity."),
        "{md}"
    );
    assert!(
        md.contains("Read our guide (https://example.com/guide) first."),
        "{md}"
    );
    assert!(!md.contains("]("), "{md}");
    // No HTML at all: no tag, no entity.
    let tag = regex_like_tag(&md);
    assert!(tag.is_none(), "HTML {tag:?} in\n{md}");
    assert!(!md.contains("&amp;") && !md.contains("&lt;"), "{md}");
    for expected in [
        "## What you will do\n\n- Run the _payments_ service\n- Review code\n",
        "### Craft\n\n- Designs systems\n  - Split the monolith (https://example.com/monolith)\n",
        "## How we hire\n\n1. Screening call\n2. Technical interview\n3. Offer\n",
    ] {
        assert!(md.contains(expected), "{expected:?} not in\n{md}");
    }
    // The role page links its kits; the job page its Markdown.
    let role = html(&site, "roles/dev/index.html");
    for href in [
        "../../roles/dev/interview/two/",
        "../../roles/dev/job/three/",
        "../../roles/dev/job/three.md",
    ] {
        assert!(
            role.contains(&format!("href=\"{href}\"")),
            "{href} not on the role page"
        );
    }
}

/// The first thing in `text` that looks like an HTML tag (`<a`, `</p`, `<br/>`).
fn regex_like_tag(text: &str) -> Option<&str> {
    text.match_indices('<')
        .map(|(i, _)| &text[i..])
        .find_map(|rest| {
            let next = rest[1..].chars().next()?;
            (next.is_ascii_alphabetic() || next == '/' || next == '!')
                .then(|| &rest[..rest.len().min(12)])
        })
}

#[test]
fn level_comparisons_exist_for_every_pair_and_mark_what_changed() {
    let (_tmp, _dir, site) = kit_handbook();
    for (a, b) in [("one", "two"), ("one", "three"), ("two", "three")] {
        assert!(
            site.join(format!("ladder/ic/compare/{a}/{b}/index.html"))
                .is_file(),
            "{a} → {b}"
        );
    }
    assert!(!site.join("ladder/ic/compare/two/one").exists());
    let page = html(&site, "ladder/ic/compare/one/two/index.html");
    // The track's order: people before craft.
    assert_in_order(
        &main_text(&site, "ladder/ic/compare/one/two/index.html"),
        &["Engineer I → Engineer II", "People", "Craft"],
    );
    // Craft shares nothing between E1 and E2: no badges. Nothing shared, nothing marked.
    let craft = &page[page.find("aria-labelledby=\"craft\"").unwrap()..];
    let craft = &craft[..craft.find("</section>").unwrap()];
    assert!(!craft.contains("class=\"changed\""), "{craft}");
    // Level pages link to their comparisons.
    let level = html(&site, "ladder/ic/two/index.html");
    assert!(
        level.contains("href=\"../../../ladder/ic/compare/one/two/\">Engineer I</a>"),
        "{level}"
    );
    assert!(level.contains("href=\"../../../ladder/ic/compare/two/three/\">Engineer III</a>"));
}

#[test]
fn comparisons_mark_criteria_only_one_side_has_when_they_share_some() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("hb");
    support::minimal(&dir);
    write(
        &dir,
        "ladder.yaml",
        "competencies:\n  - id: craft\n    name: Craft\ntracks:\n  - id: ic\n    name: IC\n    levels:\n      - id: one\n        expectations:\n          craft: [Tests, Reviews]\n      - id: two\n        expectations:\n          craft: [Tests, Designs]\n",
    );
    write(
        &dir,
        "roles/dev.yaml",
        "title: Developer\nvalues: [care]\ntrack: ic\nlevels: [one]\n",
    );
    let site = tmp.path().join("site");
    let o = run(&["build", dir.to_str().unwrap(), "-o", site.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let page = html(&site, "ladder/ic/compare/one/two/index.html");
    assert!(
        page.contains("<li class=\"changed\"><span class=\"tag-carried\">Only here</span> Reviews"),
        "{page}"
    );
    assert!(page.contains("<li class=\"changed\"><span class=\"tag-new\">Added</span> Designs"));
    assert!(page.contains("<li>Tests"));
}

#[test]
fn kits_stay_out_of_the_search_index() {
    let (_tmp, _dir, site) = kit_handbook();
    let index = std::fs::read_to_string(site.join("search-index.json")).unwrap();
    for part in ["/interview/", "/job/", "/compare/"] {
        assert!(!index.contains(part), "{part} in the search index");
    }
    // handbook.json carries the new fields and where each kit is.
    let model: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(site.join("handbook.json")).unwrap())
            .unwrap();
    let tech = &model["hiring"]["stages"][1];
    assert_eq!(
        tech["competencies"],
        serde_json::json!(["craft", "budget", "lead"])
    );
    assert_eq!(
        model["values"][0]["questions"][0],
        "What did you last take apart to see how it works?"
    );
    let role = model["roles"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "dev")
        .unwrap();
    assert_eq!(role["kits"][1]["job_markdown"], "roles/dev/job/three.md");
}

#[test]
fn an_unknown_stage_competency_is_reported_at_its_line() {
    let (_tmp, dir, _site) = kit_handbook();
    write(
        &dir,
        "hiring.yaml",
        &HIRING.replace("[craft, budget, lead]", "[craft, crafts]"),
    );
    let o = run(&["check", dir.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("error[unknown-reference]"), "{err}");
    assert!(err.contains("hiring.yaml:9:27"), "{err}");
    assert!(err.contains("competency `crafts` does not exist"), "{err}");
    // A level may not take the comparisons' folder name.
    write(&dir, "hiring.yaml", HIRING);
    write(
        &dir,
        "ladder.yaml",
        &LADDER.replace("id: three", "id: compare"),
    );
    let o = run(&["check", dir.to_str().unwrap()]);
    let err = stderr(&o);
    assert!(err.contains("error[invalid-id]"), "{err}");
    assert!(err.contains("level id `compare` is reserved"), "{err}");
}

/// Text of each page of a PDF, with `pdftotext`.
fn pdf_pages(pdf: &Path) -> Option<Vec<String>> {
    let info = std::process::Command::new("pdfinfo")
        .arg(pdf)
        .output()
        .ok()?;
    let pages: usize = String::from_utf8_lossy(&info.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))?
        .trim()
        .parse()
        .ok()?;
    (1..=pages)
        .map(|p| {
            let out = std::process::Command::new("pdftotext")
                .args(["-f", &p.to_string(), "-l", &p.to_string()])
                .arg(pdf)
                .arg("-")
                .output()
                .ok()?;
            Some(String::from_utf8_lossy(&out.stdout).into_owned())
        })
        .collect()
}

#[test]
fn a_printed_kit_has_its_whole_scorecard_on_one_page() {
    let Some(browser) = Browser::launch() else {
        return;
    };
    // The example's kits are long (every stage's guidance): the scorecard must still start on
    // a page of its own and end on it.
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    let example = support::example();
    let o = run(&[
        "build",
        example.to_str().unwrap(),
        "-o",
        site.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let kit = site.join("roles/platform-engineer/interview/senior/index.html");
    let Some(pages) = print(&browser, &kit, &tmp.path().join("kit.pdf")) else {
        return;
    };
    assert!(pages.len() > 2, "{} pages", pages.len());
    assert_scorecard_on_one_page(&pages, &["Hunger", "Scope", "Decision:"]);

    // A long scorecard (20 values and 4 competencies) still fits its page.
    let dir = tmp.path().join("long");
    support::minimal(&dir);
    let ids: Vec<String> = (1..=20).map(|i| format!("value{i:02}")).collect();
    let values: String = ids
        .iter()
        .map(|id| format!("  - id: {id}\n    name: Value {id} with a long enough name\n"))
        .collect();
    write(&dir, "values.yaml", &format!("values:\n{values}"));
    let comps = ["alpha", "beta", "gamma", "delta"];
    let ladder: String = comps
        .iter()
        .map(|c| format!("  - id: {c}\n    name: Competency {c}\n"))
        .collect();
    let expectations: String = comps
        .iter()
        .map(|c| format!("          {c}: [Does {c}]\n"))
        .collect();
    let tracks =
        "tracks:\n  - id: ic\n    name: IC\n    levels:\n      - id: one\n        expectations:\n";
    write(
        &dir,
        "ladder.yaml",
        &format!("competencies:\n{ladder}{tracks}{expectations}"),
    );
    let stage = format!(
        "stages:\n  - id: talk\n    name: Talk\n    assesses: [{}]\n    competencies: [{}]\n",
        ids.join(", "),
        comps.join(", ")
    );
    write(&dir, "hiring.yaml", &stage);
    let role = format!(
        "title: Developer\nvalues: [{}]\ntrack: ic\nlevels: [one]\n",
        ids.join(", ")
    );
    write(&dir, "roles/dev.yaml", &role);
    let site = tmp.path().join("long-site");
    let o = run(&["build", dir.to_str().unwrap(), "-o", site.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let kit = site.join("roles/dev/interview/one/index.html");
    let pages = print(&browser, &kit, &tmp.path().join("long.pdf")).unwrap();
    assert_scorecard_on_one_page(&pages, &["value01", "value20", "delta", "Decision:"]);
}

/// The text of each page of `html` printed by Chromium, or `None` when `pdftotext` is missing
/// and the test may be skipped.
fn print(browser: &Browser, html: &Path, pdf: &Path) -> Option<Vec<String>> {
    let mut page = browser.page();
    page.goto(&format!("file://{}", html.display()));
    let out = page.call(
        "Page.printToPDF",
        serde_json::json!({"printBackground": false}),
    );
    let bytes = data_encoding::BASE64
        .decode(out["data"].as_str().unwrap().as_bytes())
        .unwrap();
    std::fs::write(pdf, bytes).unwrap();
    let pages = pdf_pages(pdf);
    if pages.is_none() {
        assert!(
            !browser::required(),
            "pdftotext is not installed (tests/run.sh installs it)"
        );
        eprintln!("skipping: pdftotext is not installed; run tests/run.sh");
    }
    pages
}

/// The scorecard's heading is on exactly one page, and `texts` (its first and last rows, the
/// decision line) are on that page.
fn assert_scorecard_on_one_page(pages: &[String], texts: &[&str]) {
    let with_card: Vec<usize> = (0..pages.len())
        .filter(|&i| pages[i].contains("Scorecard"))
        .collect();
    assert_eq!(
        with_card.len(),
        1,
        "the scorecard heading is on one page: {with_card:?}"
    );
    let card = pages[with_card[0]]
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    // pdftotext interleaves the columns, so words, not phrases.
    for text in texts {
        assert!(
            card.contains(text),
            "{text:?} not on the scorecard's page:\n{card}"
        );
    }
    assert!(
        !pages[with_card[0] + 1..]
            .iter()
            .any(|p| p.contains("Decision:"))
    );
}

#[test]
fn on_a_cumulative_track_the_bar_is_everything_up_to_the_level_once() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("hb");
    support::minimal(&dir);
    write(
        &dir,
        "ladder.yaml",
        "competencies:\n  - id: craft\n    name: Craft\ntracks:\n  - id: ic\n    name: IC\n    cumulative: true\n    levels:\n      - id: one\n        expectations:\n          craft: [Writes tests]\n      - id: two\n        expectations:\n          craft: [Writes tests, Designs modules]\n",
    );
    write(
        &dir,
        "hiring.yaml",
        "stages:\n  - id: talk\n    name: Talk\n    assesses: [care]\n    competencies: [craft]\n",
    );
    write(
        &dir,
        "roles/dev.yaml",
        "title: Developer\nvalues: [care]\ntrack: ic\nlevels: [two]\n",
    );
    let site = tmp.path().join("site");
    let o = run(&["build", dir.to_str().unwrap(), "-o", site.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let page = html(&site, "roles/dev/interview/two/index.html");
    let bar = &page[page.find("The bar at two").unwrap()..];
    let bar = &bar[..bar.find("</ul>").unwrap()];
    assert_eq!(bar.matches("Writes tests").count(), 1, "{bar}");
    assert!(
        bar.contains("<li class=\"new\"><span class=\"tag-new\">New</span> Designs modules"),
        "{bar}"
    );
    assert!(!bar.contains("<li class=\"new\"><span class=\"tag-new\">New</span> Writes tests"));
}

#[test]
fn a_kit_without_stages_to_score_links_to_no_scorecard() {
    let tmp = tempfile::tempdir().unwrap();
    for (name, hiring) in [
        ("none", None),
        (
            "nothing-assessed",
            Some("stages:\n  - id: talk\n    name: Talk\n"),
        ),
    ] {
        let dir = tmp.path().join(name);
        support::minimal(&dir);
        match hiring {
            Some(text) => write(&dir, "hiring.yaml", text),
            None => std::fs::remove_file(dir.join("hiring.yaml")).unwrap(),
        }
        let site = tmp.path().join(format!("{name}-site"));
        // `run` also fails the test if the site has a dead `#scorecard` link.
        let o = run(&["build", dir.to_str().unwrap(), "-o", site.to_str().unwrap()]);
        assert!(o.status.success(), "{name}: {}", stderr(&o));
        let page = html(&site, "roles/dev/interview/one/index.html");
        assert!(!page.contains("id=\"scorecard\""), "{name}: {page}");
        assert!(!page.contains("href=\"#scorecard\""), "{name}: {page}");
        assert!(page.contains("Job description</a>"), "{name}: {page}");
    }
}

#[test]
fn texts_in_one_kit_with_the_same_heading_and_footnote_keep_their_ids_apart() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("hb");
    support::minimal(&dir);
    let text = |indent: &str, what: &str| {
        format!(
            "|\n{indent}## Example\n\n{indent}Text of {what}.[^1]\n\n{indent}[^1]: Footnote of {what}.\n"
        )
    };
    // Two stages' guidance, and two traits of the role under the value both stages assess:
    // every text has `## Example` and a footnote `[^1]`.
    write(
        &dir,
        "hiring.yaml",
        &format!(
            "stages:\n  - id: talk\n    name: Talk\n    assesses: [care]\n    guidance: {}  - id: pair\n    name: Pair\n    assesses: [care]\n    guidance: {}",
            text("      ", "talk"),
            text("      ", "pair"),
        ),
    );
    write(
        &dir,
        "roles/dev.yaml",
        &format!(
            "title: Developer\nvalues: [care]\ntrack: ic\nlevels: [one]\ntraits:\n  - name: Kind\n    value: care\n    description: {}  - name: Patient\n    value: care\n    description: {}",
            text("      ", "kind"),
            text("      ", "patient"),
        ),
    );
    let site = tmp.path().join("site");
    // `run` also fails the test if any page repeats an id or a fragment link is dead.
    let o = run(&["build", dir.to_str().unwrap(), "-o", site.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    for rel in [
        "roles/dev/interview/one/index.html",
        "roles/dev/index.html",
        "print/index.html",
    ] {
        let page = html(&site, rel);
        assert!(links::repeated_ids(&page).is_empty(), "{rel}: {page}");
        // Each text's `## Example` nests below the template heading it is shown under.
        assert_eq!(links::skipped_levels(&page), [], "{rel}");
    }
    // Guidance sits under the stage's <h2>, a trait's description under an <h4>: the
    // heading just before each text's first words is its `## Example`, one level down.
    let kit = html(&site, "roles/dev/interview/one/index.html");
    let heading_before = |text: &str| {
        let before = &kit[..kit.find(text).unwrap()];
        before[before.rfind("<h").unwrap()..][..3].to_string()
    };
    assert_eq!(heading_before("Text of talk."), "<h3");
    assert_eq!(heading_before("Text of kind."), "<h5");
    // Each text's footnote reference leads to its own note (each trait shows once per stage).
    let page = html(&site, "roles/dev/interview/one/index.html");
    for what in ["talk", "pair", "kind", "patient"] {
        let mut found = 0;
        for (at, _) in page.match_indices(&format!("Text of {what}.")) {
            let href = &page[at..];
            let href = &href[href.find("href=\"#").unwrap() + 7..];
            let id = &href[..href.find('"').unwrap()];
            let note = &page[page.find(&format!("id=\"{id}\"")).unwrap()..];
            assert!(
                note[..note.find("</li>").unwrap()].contains(&format!("Footnote of {what}.")),
                "{what}'s note `#{id}` is not its own"
            );
            found += 1;
        }
        assert!(found >= 1, "{what} not shown");
    }
}
