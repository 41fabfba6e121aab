//! `handbook diff`: model-level changes between git revisions and folders (SPEC §3).

use std::path::Path;
use std::process::Command;

use serde_json::{Value, json};

use crate::support::{copy_dir, run_in, stderr, stdout, write};

/// Runs git in `dir` with a fixed identity and dates, so commits are reproducible.
fn git(dir: &Path, args: &[&str]) -> String {
    let o = Command::new("git")
        .current_dir(dir)
        .args([
            "-c",
            "init.defaultBranch=main",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .env("GIT_AUTHOR_NAME", "Test")
        .env("GIT_AUTHOR_EMAIL", "test@example.com")
        .env("GIT_COMMITTER_NAME", "Test")
        .env("GIT_COMMITTER_EMAIL", "test@example.com")
        .env("GIT_AUTHOR_DATE", "2026-11-25T12:00:00Z")
        .env("GIT_COMMITTER_DATE", "2026-11-25T12:00:00Z")
        .env_remove("GITHUB_BASE_REF")
        .output()
        .expect("run git");
    assert!(
        o.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).trim().to_string()
}

fn commit_all(dir: &Path, message: &str) -> String {
    git(dir, &["add", "-A"]);
    git(dir, &["commit", "-q", "-m", message]);
    git(dir, &["rev-parse", "HEAD"])
}

/// A small handbook with every kind of entity.
fn handbook(dir: &Path) {
    write(
        dir,
        "handbook.yaml",
        "title: Team\nreview_after_days: 365\n",
    );
    write(
        dir,
        "values.yaml",
        "values:\n  - id: learn\n    name: Hunger to learn\n    behaviours: [Reads the RFC first]\n  - id: care\n    name: Care\n",
    );
    write(
        dir,
        "roles/dev.yaml",
        "title: Developer\nvalues: [learn, care]\ntraits:\n  - name: Tries new tools\n    value: care\ntrack: ic\nlevels: [junior, senior]\n",
    );
    write(
        dir,
        "ladder.yaml",
        "competencies:\n  - id: craft\n    name: Craft\n  - id: impact\n    name: Impact\ntracks:\n  - id: ic\n    name: Individual contributor\n    levels:\n      - id: junior\n        title: Junior\n        expectations:\n          craft: Writes code with help.\n          impact: Ships small changes.\n      - id: senior\n        title: Senior\n        expectations:\n          craft: Designs systems with care.\n          impact:\n            - Leads projects\n            - Mentors others\n",
    );
    write(
        dir,
        "hiring.yaml",
        "stages:\n  - id: talk\n    name: Talk\n    assesses: [learn, care]\n",
    );
    write(
        dir,
        "leaving.yaml",
        "principles:\n  - title: No bitterness\n    body: People move on.\n",
    );
    write(dir, "pages/index.md", "# Team\n\nWelcome.\n");
    write(
        dir,
        "pages/culture/_index.md",
        "---\ntitle: Culture\n---\nHow we work.\n",
    );
    write(
        dir,
        "pages/culture/one-on-ones.md",
        "---\ntitle: One-on-ones\nweight: 2\n---\nWeekly, or when there is something to say.\n\nSkip them when there is nothing.\n",
    );
}

fn edit(dir: &Path, rel: &str, from: &str, to: &str) {
    let path = dir.join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{rel} contains {from:?}");
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

/// A repository whose `main` holds [`handbook`] and whose branch `change` renames a value,
/// changes a role's values, rewords a level expectation and moves a page. Returns the
/// repository and both commits.
fn repository() -> (tempfile::TempDir, String, String) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    git(dir, &["init", "-q"]);
    handbook(dir);
    let base = commit_all(dir, "base");
    git(dir, &["checkout", "-q", "-b", "change"]);
    edit(
        dir,
        "values.yaml",
        "name: Hunger to learn",
        "name: Hunger to grow",
    );
    edit(
        dir,
        "roles/dev.yaml",
        "values: [learn, care]",
        "values: [care]",
    );
    edit(
        dir,
        "ladder.yaml",
        "craft: Designs systems with care.",
        "craft: Designs and reviews systems.",
    );
    std::fs::create_dir_all(dir.join("pages/people")).unwrap();
    git(
        dir,
        &[
            "mv",
            "pages/culture/one-on-ones.md",
            "pages/people/one-on-ones.md",
        ],
    );
    let head = commit_all(dir, "change");
    (tmp, base, head)
}

fn expected() -> Value {
    json!([
        {
            "kind": "level", "id": "ic/senior", "change": "changed",
            "fields": ["expectations.craft"],
            "details": [{"field": "expectations.craft",
                "old": "Designs systems with care.", "new": "Designs and reviews systems."}]
        },
        {
            "kind": "value", "id": "learn", "change": "changed", "fields": ["name"],
            "details": [{"field": "name", "old": "Hunger to learn", "new": "Hunger to grow"}]
        },
        {
            "kind": "role", "id": "dev", "change": "changed", "fields": ["values"],
            "details": [{"field": "values", "old": ["learn", "care"], "new": ["care"]}]
        },
        {
            "kind": "page", "id": "people/one-on-ones", "change": "moved",
            "from": "culture/one-on-ones", "fields": [], "details": []
        }
    ])
}

fn json_of(o: &std::process::Output) -> Value {
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(o), stderr(o));
    serde_json::from_str(&stdout(o)).unwrap_or_else(|e| panic!("{e}: {}", stdout(o)))
}

#[test]
fn json_gives_exactly_the_changes_between_two_commits() {
    let (tmp, base, head) = repository();
    let o = run_in(tmp.path(), &["diff", &base, &head, "--format", "json"]);
    assert_eq!(json_of(&o), expected());
    assert_eq!(stderr(&o), "", "no notes");
}

#[test]
fn by_default_compares_the_work_tree_with_the_merge_base_of_the_default_branch() {
    let (tmp, _, _) = repository();
    // main moves on after the branch: the merge base, not main's tip, is the base.
    git(tmp.path(), &["checkout", "-q", "main"]);
    write(tmp.path(), "pages/later.md", "# Later\n");
    commit_all(tmp.path(), "later on main");
    git(tmp.path(), &["checkout", "-q", "change"]);
    // Uncommitted work is part of HEAD.
    write(tmp.path(), "pages/draft-idea.md", "# Idea\n");
    let o = run_in(tmp.path(), &["diff", "--format", "json"]);
    let mut want = expected();
    // Pages come in the handbook's navigation order: "Idea" sorts before the `people/` section.
    want.as_array_mut().unwrap().insert(
        3,
        json!({
            "kind": "page", "id": "draft-idea", "change": "added", "fields": [],
            "details": [
                {"field": "body", "old": null, "new": "# Idea\n"}
            ]
        }),
    );
    assert_eq!(json_of(&o), want);
}

#[test]
fn a_handbook_in_a_subfolder_is_compared_by_its_own_files() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    git(dir, &["init", "-q"]);
    handbook(&dir.join("docs/handbook"));
    write(dir, "README.md", "not a page\n");
    let base = commit_all(dir, "base");
    edit(
        &dir.join("docs/handbook"),
        "hiring.yaml",
        "assesses: [learn, care]",
        "assesses: [care]",
    );
    write(dir, "pages/outside.md", "# Not in the handbook\n");
    let o = run_in(
        dir,
        &["diff", &base, "-s", "docs/handbook", "--format", "json"],
    );
    assert_eq!(
        json_of(&o),
        json!([{"kind": "stage", "id": "talk", "change": "changed", "fields": ["assesses"],
            "details": [{"field": "assesses", "old": ["learn", "care"], "new": ["care"]}]}])
    );
}

/// Replaces the commit ids in `text`, which change with the example's contents.
fn scrub(text: &str, commits: &[&str]) -> String {
    commits
        .iter()
        .fold(text.to_string(), |t, c| t.replace(&c[..10], "<commit>"))
}

#[test]
fn markdown_groups_the_ladder_first_with_old_and_new_wording() {
    let (tmp, base, head) = repository();
    let dir = tmp.path();
    edit(
        dir,
        "leaving.yaml",
        "People move on.",
        "People move on.\n      Alumni stay allies.",
    );
    edit(
        dir,
        "pages/people/one-on-ones.md",
        "Skip them when there is nothing.",
        "Skip them when there is nothing.\n\nMonthly bonding sessions too.",
    );
    edit(
        dir,
        "roles/dev.yaml",
        "name: Tries new tools",
        "name: Tries every new tool",
    );
    edit(
        dir,
        "values.yaml",
        "name: Care\n",
        "name: Care\n    description: |\n      We look after each other.\n\n      Even when the pager goes off at night.\n",
    );
    let o = run_in(dir, &["diff", &base, "--format", "markdown"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    insta::assert_snapshot!("markdown", scrub(&stdout(&o), &[&base, &head]));
    let o = run_in(dir, &["diff", &base]);
    insta::assert_snapshot!("human", scrub(&stdout(&o), &[&base, &head]));
}

#[test]
fn every_kind_of_entity_is_compared_field_by_field() {
    let (tmp, base, _) = repository();
    let dir = tmp.path();
    edit(
        dir,
        "handbook.yaml",
        "review_after_days: 365",
        "review_after_days: 90",
    );
    edit(
        dir,
        "ladder.yaml",
        "name: Impact",
        "name: Impact\n    group: Engagement",
    );
    edit(
        dir,
        "ladder.yaml",
        "name: Individual contributor",
        "name: Individual contributor\n    description: The main track.",
    );
    edit(dir, "hiring.yaml", "name: Talk", "name: First talk");
    // Fields added to the formats later (issues 18 and 21) need nothing of diff.
    edit(
        dir,
        "values.yaml",
        "behaviours: [Reads the RFC first]",
        "behaviours: [Reads the RFC first]\n    questions: [What did you learn last month?]",
    );
    edit(
        dir,
        "ladder.yaml",
        "title: Junior\n",
        "title: Junior\n        not_expected: [impact]\n",
    );
    edit(
        dir,
        "ladder.yaml",
        "          impact: Ships small changes.\n",
        "",
    );
    edit(
        dir,
        "leaving.yaml",
        "title: No bitterness",
        "title: Without bitterness",
    );
    write(dir, "roles/lead.yaml", "title: Lead\nvalues: [care]\n");
    std::fs::remove_file(dir.join("pages/index.md")).unwrap();
    let o = run_in(dir, &["diff", &base, "--format", "json"]);
    let changes = json_of(&o);
    let summary: Vec<String> = changes
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            format!(
                "{} {} {} {}",
                c["change"].as_str().unwrap(),
                c["kind"].as_str().unwrap(),
                c["id"].as_str().unwrap(),
                c["fields"]
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            r#"changed competency impact ["group"]"#,
            r#"changed track ic ["description"]"#,
            r#"changed level ic/junior ["not_expected","expectations.impact"]"#,
            r#"changed level ic/senior ["expectations.craft"]"#,
            r#"changed value learn ["name","questions"]"#,
            r#"changed role dev ["values"]"#,
            r#"added role lead []"#,
            r#"changed stage talk ["name"]"#,
            r#"changed leaving leaving ["principles"]"#,
            r#"removed page index []"#,
            r#"moved page people/one-on-ones []"#,
            r#"changed settings handbook.yaml ["review_after_days"]"#,
        ],
        "{changes:#}"
    );
}

#[test]
fn a_moved_and_edited_page_is_still_a_move_with_an_aliases_line() {
    let (tmp, base, _) = repository();
    let dir = tmp.path();
    edit(dir, "pages/people/one-on-ones.md", "weight: 2", "weight: 3");
    let o = run_in(dir, &["diff", &base, "--format", "json"]);
    let changes = json_of(&o);
    let page = &changes[3];
    assert_eq!(page["change"], "moved");
    assert_eq!(page["from"], "culture/one-on-ones");
    assert_eq!(page["fields"], json!(["weight"]));
    // Most lines kept, one changed: still recognised as the same page.
    edit(
        dir,
        "pages/people/one-on-ones.md",
        "Weekly, or when",
        "Every week, or when",
    );
    let o = run_in(dir, &["diff", &base]);
    let human = stdout(&o);
    assert!(
        human.contains(
            "moved    page people/one-on-ones \"One-on-ones\" (from culture/one-on-ones)"
        ) && human.contains("aliases: [/culture/one-on-ones/]"),
        "{human}"
    );
    // Aliases it already has are kept in the line; once the old URL is there, no line.
    edit(
        dir,
        "pages/people/one-on-ones.md",
        "weight: 3",
        "weight: 3\naliases: [/1on1/]",
    );
    let human = stdout(&run_in(dir, &["diff", &base]));
    assert!(
        human.contains("aliases: [/1on1/, /culture/one-on-ones/]"),
        "{human}"
    );
    edit(
        dir,
        "pages/people/one-on-ones.md",
        "[/1on1/]",
        "[/1on1/, /culture/one-on-ones/]",
    );
    let human = stdout(&run_in(dir, &["diff", &base]));
    assert!(
        human.contains("moved    page people/one-on-ones")
            && !human.contains("old links keep working"),
        "{human}"
    );
    assert!(
        human.contains("      aliases:\n        + /1on1/\n        + /culture/one-on-ones/\n"),
        "{human}"
    );
    let o = run_in(dir, &["check", "--format", "json"]);
    assert!(
        !stdout(&o).contains("alias"),
        "handbook accepts the line: {}",
        stdout(&o)
    );
}

#[test]
fn two_folders_are_compared_without_git() {
    let tmp = tempfile::tempdir().unwrap();
    let (old, new) = (tmp.path().join("old"), tmp.path().join("new"));
    handbook(&old);
    copy_dir(&old, &new);
    edit(
        &new,
        "values.yaml",
        "name: Care",
        "name: Care for each other",
    );
    let o = run_in(tmp.path(), &["diff", "old", "new", "--format", "json"]);
    let changes = json_of(&o);
    assert_eq!(changes.as_array().unwrap().len(), 1, "{changes:#}");
    assert_eq!(changes[0]["id"], "care");
    // One folder: compared with the handbook folder (-s) as it is.
    let o = run_in(
        tmp.path(),
        &["diff", "old", "-s", "new", "--format", "json"],
    );
    assert_eq!(json_of(&o), changes);
}

#[test]
fn a_side_with_errors_is_compared_as_far_as_it_can_be_read() {
    let (tmp, base, _) = repository();
    let dir = tmp.path();
    // values.yaml no longer parses: its values are not reported as removed.
    write(
        dir,
        "values.yaml",
        "values:\n  - id: learn\n    name: [unclosed\n",
    );
    // A page whose front matter is broken: its body is still compared.
    edit(
        dir,
        "pages/people/one-on-ones.md",
        "weight: 2",
        "weight: [2",
    );
    edit(dir, "pages/people/one-on-ones.md", "Weekly,", "Every week,");
    let o = run_in(dir, &["diff", &base, "--format", "json"]);
    let changes = json_of(&o);
    let ids: Vec<(&str, &str, &Value)> = changes
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["kind"].as_str().unwrap(),
                c["change"].as_str().unwrap(),
                &c["fields"],
            )
        })
        .collect();
    assert_eq!(
        ids,
        [
            ("level", "changed", &json!(["expectations.craft"])),
            ("role", "changed", &json!(["values"])),
            ("page", "moved", &json!(["body"])),
        ],
        "{changes:#}"
    );
    let err = stderr(&o);
    assert!(
        err.contains("warning: the work tree: values.yaml:4:1: invalid YAML")
            && err.contains("; not compared"),
        "{err}"
    );
    assert!(
        err.contains(
            "warning: the work tree: pages/people/one-on-ones.md:4:1: invalid front matter"
        ) && err.contains("; compared as far as it could be read"),
        "{err}"
    );
    let o = run_in(dir, &["diff", &base, "--format", "markdown"]);
    assert!(
        stdout(&o).contains("**Not everything could be compared:**\n\n- the work tree: pages/people/one-on-ones.md:4:1:"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn bad_arguments_are_clear_errors() {
    let tmp = tempfile::tempdir().unwrap();
    handbook(tmp.path());
    let o = run_in(tmp.path(), &["diff"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("is not in a git repository"),
        "{}",
        stderr(&o)
    );
    git(tmp.path(), &["init", "-q"]);
    commit_all(tmp.path(), "base");
    let o = run_in(tmp.path(), &["diff", "no-such-thing"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("`no-such-thing` is neither a folder nor a revision"),
        "{}",
        stderr(&o)
    );
    // Only `main` exists and HEAD is on it: the merge base is HEAD, nothing changed.
    let o = run_in(tmp.path(), &["diff"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).starts_with("No changes to the handbook between main (merge base "));
    // A revision without the handbook.
    std::fs::create_dir(tmp.path().join("sub")).unwrap();
    let o = run_in(tmp.path(), &["diff", "HEAD", "-s", "sub"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn pages_at_the_repository_root_and_new_front_matter_fields_are_compared() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    git(dir, &["init", "-q"]);
    write(dir, "handbook.yaml", "title: Wiki\npages_dir: .\n");
    write(dir, "README.md", "# Wiki\n\nStart here.\n");
    write(
        dir,
        "engineering/on-call.md",
        "---\nextra:\n  team: sre\n---\n# On call\n\nPage the secondary after 15 minutes.\n",
    );
    write(dir, "node_modules/x/README.md", "# not a page\n");
    let base = commit_all(dir, "base");
    edit(dir, "engineering/on-call.md", "team: sre", "team: platform");
    std::fs::create_dir_all(dir.join("people")).unwrap();
    git(dir, &["mv", "engineering/on-call.md", "people/on-call.md"]);
    write(dir, "node_modules/x/README.md", "# still not a page\n");
    let head = commit_all(dir, "move");
    let o = run_in(dir, &["diff", &base, &head, "--format", "json"]);
    assert_eq!(
        json_of(&o),
        json!([{
            "kind": "page", "id": "people/on-call", "change": "moved",
            "from": "engineering/on-call", "fields": ["extra.team"],
            "details": [{"field": "extra.team", "old": "sre", "new": "platform"}]
        }])
    );
}
