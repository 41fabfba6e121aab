//! Incremental rebuilds equal full builds, whatever path a change takes.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::Arc;

use super::{Outcome, Session};
use crate::build::Options;
use crate::build::{self, Outputs, Progress};
use crate::output::Memory;
use crate::render::Theme;
use crate::serve::watch::{Batch, Change};
use crate::testing::{example_copy, write};
use std::path::PathBuf;

/// Every file of a full build of `root`, in memory: what an incremental rebuild must equal.
fn full_build(
    root: &Path,
    options: &Options,
    skip: &[PathBuf],
) -> anyhow::Result<BTreeMap<String, Vec<u8>>> {
    let site = build::load(root, options, skip)?;
    anyhow::ensure!(!site.has_errors(), "the handbook has errors");
    let theme = Theme::compile(&site.overrides, &site.sources)
        .map_err(|_| anyhow::anyhow!("template error"))?;
    let sink = Memory::new();
    build::render(
        &site,
        &theme,
        Outputs::Everything,
        &sink,
        &Progress::default(),
    )
    .map_err(|_| anyhow::anyhow!("render error"))?;
    Ok(sink.into_files())
}

fn options() -> Options {
    Options {
        base_url: Some("http://127.0.0.1:4000/".into()),
        ..Options::default()
    }
}

fn batch(changes: &[Change], structural: bool) -> Batch {
    Batch {
        changes: changes.iter().cloned().collect::<BTreeSet<_>>(),
        structural,
    }
}

fn assert_equals_full_build(session: &mut Session, root: &Path, step: &str) {
    session.finish().unwrap();
    let full = full_build(root, &options(), &[root.join("public")]).unwrap();
    let ours: BTreeMap<String, Vec<u8>> = session
        .files()
        .iter()
        .map(|(k, v)| (k.clone(), v.to_vec()))
        .collect();
    let only_full: Vec<_> = full.keys().filter(|k| !ours.contains_key(*k)).collect();
    let only_ours: Vec<_> = ours.keys().filter(|k| !full.contains_key(*k)).collect();
    assert!(
        only_full.is_empty() && only_ours.is_empty(),
        "{step}: missing {only_full:?}, extra {only_ours:?}"
    );
    let differ: Vec<_> = full
        .iter()
        .filter(|(k, v)| ours[*k] != **v)
        .map(|(k, _)| k)
        .collect();
    assert!(
        differ.is_empty(),
        "{step}: incremental output differs from a full build in {differ:?}"
    );
}

fn edit(root: &Path, rel: &str, from: &str, to: &str) {
    let path = root.join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{rel} has no {from:?}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

fn how(outcome: &Outcome) -> &'static str {
    match outcome {
        Outcome::Built { how, .. } => how,
        Outcome::Failed => "failed",
    }
}

#[test]
fn incremental_rebuilds_equal_full_builds() {
    let (_tmp, root) = example_copy();
    let (mut s, first) = Session::start(&root, options(), vec![root.join("public")]).unwrap();
    assert_eq!(how(&first), "full");
    assert_equals_full_build(&mut s, &root, "start");
    let page = "pages/culture/one-on-ones.md";
    let page_change = |rel: &str| Change::Page(rel.to_string());

    // A body edit takes the page-only path.
    edit(
        &root,
        page,
        "## Weekly or biweekly",
        "A new paragraph written while previewing.\n\n## Weekly or biweekly",
    );
    let o = s.apply(&batch(&[page_change(page)], false)).unwrap();
    assert_eq!(how(&o), "page");
    let Outcome::Built { changed, .. } = &o else {
        panic!()
    };
    assert_eq!(
        changed,
        &vec!["culture/one-on-ones/index.html".to_string()],
        "only the edited page changes first"
    );
    assert_equals_full_build(&mut s, &root, "body edit");
    // A data edit next must not bring back the page's text from before the body edit.
    edit(
        &root,
        "values.yaml",
        "name: Own it end to end",
        "name: Own it, end to end",
    );
    let o = s
        .apply(&batch(&[Change::Data("values.yaml".into())], false))
        .unwrap();
    assert_eq!(how(&o), "content");
    assert_equals_full_build(&mut s, &root, "data edit after a body edit");

    // Renaming a heading other pages link to breaks their links: an error, files kept.
    let before = s.files();
    edit(&root, page, "## Weekly or biweekly", "## Every week or two");
    let o = s.apply(&batch(&[page_change(page)], false)).unwrap();
    assert_eq!(o, Outcome::Failed);
    assert!(
        s.diagnostics()
            .iter()
            .any(|d| d.code.as_str() == "broken-link")
    );
    assert!(
        Arc::ptr_eq(&before, &s.files()),
        "the last good site is kept"
    );
    edit(&root, page, "## Every week or two", "## Weekly or biweekly");
    let o = s.apply(&batch(&[page_change(page)], false)).unwrap();
    assert_ne!(how(&o), "failed");
    assert_equals_full_build(&mut s, &root, "heading restored");

    // Front matter: a title shows in the sidebar and section lists of other pages.
    edit(&root, page, "title: One-on-ones", "title: One-to-ones");
    let o = s.apply(&batch(&[page_change(page)], false)).unwrap();
    assert_eq!(how(&o), "content");
    assert_equals_full_build(&mut s, &root, "page title");

    // YAML data: a role's title shows on value, stage and level pages, and in empty links.
    edit(
        &root,
        "roles/site-reliability-engineer.yaml",
        "title: Site Reliability Engineer",
        "title: Reliability Engineer",
    );
    let o = s
        .apply(&batch(
            &[Change::Data("roles/site-reliability-engineer.yaml".into())],
            false,
        ))
        .unwrap();
    assert_eq!(how(&o), "content");
    assert_equals_full_build(&mut s, &root, "role title");
    edit(
        &root,
        "values.yaml",
        "    behaviours:\n",
        "    behaviours:\n      - Writes the first draft of the runbook\n",
    );
    s.apply(&batch(&[Change::Data("values.yaml".into())], false))
        .unwrap();
    assert_equals_full_build(&mut s, &root, "a new behaviour");

    // A page turned into a draft disappears.
    edit(
        &root,
        "pages/culture/incident-etiquette.md",
        "---\n",
        "---\ndraft: true\n",
    );
    let o = s
        .apply(&batch(
            &[page_change("pages/culture/incident-etiquette.md")],
            false,
        ))
        .unwrap();
    if o != Outcome::Failed {
        assert!(
            !s.files()
                .contains_key("culture/incident-etiquette/index.html")
        );
        assert_equals_full_build(&mut s, &root, "draft");
    }
    edit(
        &root,
        "pages/culture/incident-etiquette.md",
        "---\ndraft: true\n",
        "---\n",
    );
    s.apply(&batch(
        &[page_change("pages/culture/incident-etiquette.md")],
        false,
    ))
    .unwrap();
    assert_equals_full_build(&mut s, &root, "draft undone");

    // New and deleted files, a template, a stylesheet.
    write(
        &root,
        "pages/culture/new-page.md",
        "# A new page\n\nHello.\n",
    );
    let o = s
        .apply(&batch(&[page_change("pages/culture/new-page.md")], true))
        .unwrap();
    assert_ne!(o, Outcome::Failed, "{:#?}", s.diagnostics());
    assert!(s.files().contains_key("culture/new-page/index.html"));
    assert_equals_full_build(&mut s, &root, "new page");
    std::fs::remove_file(root.join("pages/culture/new-page.md")).unwrap();
    s.apply(&batch(&[page_change("pages/culture/new-page.md")], true))
        .unwrap();
    assert!(!s.files().contains_key("culture/new-page/index.html"));
    assert_equals_full_build(&mut s, &root, "page deleted");
    write(
        &root,
        "templates/partials/page-footer.html",
        "<footer class=\"mine\">Ours</footer>",
    );
    s.apply(&batch(&[Change::Template], true)).unwrap();
    assert_equals_full_build(&mut s, &root, "template override");
    write(&root, "static/extra.css", "body { margin: 0; }\n");
    s.apply(&batch(&[Change::Style], true)).unwrap();
    write(&root, "static/extra.css", "body { margin: 1px; }\n");
    let o = s.apply(&batch(&[Change::Style], false)).unwrap();
    let Outcome::Built { css_only, .. } = o else {
        panic!()
    };
    assert!(css_only, "a stylesheet edit only swaps stylesheets");
    assert_equals_full_build(&mut s, &root, "stylesheet");
}

#[test]
fn only_the_pages_a_change_shows_on_are_rendered_again() {
    let (_tmp, root) = example_copy();
    let (mut s, _) = Session::start(&root, options(), vec![root.join("public")]).unwrap();
    let before = s.fingerprints.clone();
    // The same site fingerprints the same, whatever the order of the template engine's maps.
    let theme = s.theme.as_ref().unwrap();
    assert_eq!(before, build::fingerprints(s.site(), theme));
    let files_before = s.files();
    edit(
        &root,
        "roles/site-reliability-engineer.yaml",
        "title: ",
        "title: Senior ",
    );
    let role = Change::Data("roles/site-reliability-engineer.yaml".into());
    let Outcome::Built { changed, .. } = s.apply(&batch(&[role], false)).unwrap() else {
        panic!("built")
    };
    let after = &s.fingerprints;
    let refingerprinted: Vec<&String> = after
        .keys()
        .filter(|k| before.get(*k) != after.get(*k))
        .collect();
    for page in &refingerprinted {
        assert!(
            changed.contains(page) || files_before.get(*page) != s.files().get(*page),
            "{page} was rendered again but did not change"
        );
    }
    // Every page under roles/ lists the role in its sidebar; of the others, only those that
    // show the role (its track's pages, stages it goes through...) are rendered again.
    let elsewhere = |k: &str| !k.starts_with("roles/");
    let others = before.keys().filter(|k| elsewhere(k)).count();
    let others_again = refingerprinted.iter().filter(|k| elsewhere(k)).count();
    assert!(
        !refingerprinted.is_empty() && others_again < others / 2,
        "{others_again} of {others} pages outside roles/ rendered again",
    );
    assert!(
        changed
            .iter()
            .any(|p| p == "roles/site-reliability-engineer/index.html")
    );
}
