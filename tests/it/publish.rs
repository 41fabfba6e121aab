//! Publishing: the site works at a GitHub Pages sub-path (crawled by linkchecker with anchor
//! checking), its 404 page works at any depth, and it works opened from disk. The workflow and
//! the action are tested in `action.rs`.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use crate::support::browser::{self, Browser};
use crate::support::http::{Server, request};
use crate::support::{self, run, stderr};

fn build_at(dir: &Path, base: &str) {
    let o = run(&[
        "build",
        support::example().to_str().unwrap(),
        "-o",
        dir.to_str().unwrap(),
        "--base-url",
        base,
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn linkchecker_finds_no_broken_link_at_a_sub_path() {
    if Command::new("linkchecker")
        .arg("--version")
        .output()
        .is_err()
    {
        assert!(
            !browser::required(),
            "linkchecker is not installed (tests/run.sh installs it)"
        );
        eprintln!("skipping: linkchecker is not installed");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let (listener, port) = Server::bind();
    let base = format!("http://127.0.0.1:{port}/handbook/");
    build_at(&tmp.path().join("handbook"), &base);
    // linkchecker drops root privileges to `nobody`; the files are served, not read, by it.
    let server = Server::start(listener, tmp.path(), Some("handbook/404.html"));
    let rc = tmp.path().join("linkcheckerrc");
    std::fs::write(
        &rc,
        "[checking]\nmaxrequestspersecond=1000\n[AnchorCheck]\n",
    )
    .unwrap();
    let o = Command::new("linkchecker")
        .args(["--no-status", "--threads", "8", "-f"])
        .arg(&rc)
        .arg(server.url("/handbook/"))
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        o.status.success(),
        "linkchecker failed:\n{out}\n{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(
        out.contains("0 warnings found") && out.contains("0 errors found"),
        "{out}"
    );
    let checked: usize = out
        .split(" links in ")
        .next()
        .and_then(|s| s.rsplit(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    assert!(checked > 200, "it crawled the whole site: {out}");
}

/// Resolves `url` found in a page served at `page` (an absolute URL path) to a path.
fn resolve(page: &str, url: &str) -> Option<String> {
    if url.starts_with('#') || url.starts_with("mailto:") {
        return None;
    }
    if let Some(rest) = url.strip_prefix("http://127.0.0.1") {
        return Some(
            rest.split_once('/')
                .map(|(_, p)| format!("/{p}"))
                .unwrap_or_default(),
        );
    }
    if url.starts_with("http") {
        return None;
    }
    let dir = &page[..page.rfind('/').unwrap() + 1];
    let mut parts: Vec<&str> = dir.split('/').filter(|s| !s.is_empty()).collect();
    for seg in url.split(['#', '?']).next().unwrap().split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    let mut path = format!("/{}", parts.join("/"));
    if url.split(['#', '?']).next().unwrap().ends_with('/') && path != "/" {
        path.push('/');
    }
    Some(path)
}

#[test]
fn the_404_page_works_at_any_depth() {
    let tmp = tempfile::tempdir().unwrap();
    let (listener, port) = Server::bind();
    let base = format!("http://127.0.0.1:{port}/handbook/");
    build_at(&tmp.path().join("handbook"), &base);
    let server = Server::start(listener, tmp.path(), Some("handbook/404.html"));
    for missing in [
        "/handbook/nope/",
        "/handbook/roles/nope/deeper/still/",
        "/handbook/a/b/c/d/e/f.html",
    ] {
        let (status, _, body) = request(server.port, "GET", missing);
        assert_eq!(status, 404);
        let html = String::from_utf8(body).unwrap();
        assert!(html.contains("Page not found"));
        let urls = crate::support::links::urls(&html);
        assert!(urls.len() > 5);
        for url in &urls {
            let Some(path) = resolve(missing, url) else {
                continue;
            };
            let (status, _, _) = request(server.port, "GET", &path);
            assert_eq!(
                status, 200,
                "{url} on the 404 page at {missing} resolves to {path}"
            );
        }
    }
    let Some(browser) = Browser::launch() else {
        return;
    };
    let mut page = browser.page();
    page.goto(&server.url("/handbook/some/deep/missing/page/"));
    assert_eq!(
        page.eval("document.querySelector('h1').textContent"),
        "Page not found"
    );
    let styled = page.eval("getComputedStyle(document.querySelector('.topbar')).position");
    assert_eq!(styled, "sticky", "the stylesheet loaded");
    assert!(page.eval("document.querySelector('#hb-search') !== null && typeof window.HANDBOOK_SEARCH_INDEX === 'undefined'") == true);
    page.eval("document.querySelector('.sidebar a[href$=\"roles/\"]').click()");
    assert!(page.wait_for(
        "location.pathname === '/handbook/roles/'",
        Duration::from_secs(10)
    ));
    // The only failed load is the missing page itself, answered with status 404.
    let errors: Vec<String> = page
        .errors()
        .into_iter()
        .filter(|e| !e.contains("/some/deep/missing/page/"))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn the_site_works_opened_from_disk() {
    let Some(browser) = Browser::launch() else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    let o = run(&[
        "build",
        support::example().to_str().unwrap(),
        "-o",
        site.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let mut page = browser.page();
    page.goto(&format!("file://{}/index.html", site.display()));
    assert_eq!(
        page.eval("getComputedStyle(document.querySelector('.topbar')).position"),
        "sticky",
        "stylesheet loaded from disk"
    );
    // Follow a link from the home page to a role page, as a reader would.
    page.eval("document.querySelector('a[href*=\"roles/platform-engineer\"]').click()");
    assert!(
        page.wait_for(
            "location.href.endsWith('/roles/platform-engineer/index.html')",
            Duration::from_secs(10)
        ),
        "{}",
        page.eval("location.href")
    );
    assert!(page.wait_for("document.querySelector('h1') && document.querySelector('h1').textContent === 'Platform Engineer'", Duration::from_secs(10)));
    // Search works from disk too: the index is a script, not a fetch. The page came from a
    // click, not goto(), so wait for its deferred script before typing.
    assert!(page.wait_for(
        "document.readyState === 'complete'",
        Duration::from_secs(10)
    ));
    page.eval("document.getElementById('hb-search').focus()");
    page.type_text("one-on-ones");
    assert!(
        page.wait_for(
            "document.querySelectorAll('#hb-search-results a').length > 0",
            Duration::from_secs(10)
        ),
        "no results; typed {}, index loaded: {}, errors: {:?}",
        page.eval("document.getElementById('hb-search').value"),
        page.eval("typeof window.HANDBOOK_SEARCH_INDEX"),
        page.errors()
    );
    let errors = page.errors();
    assert!(errors.is_empty(), "{errors:#?}");
}
