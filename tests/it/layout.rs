//! The theme's layout measured in Chromium (issue 17): no page wider than the window at 375,
//! 768, 1280 and 1920 px; the matrices and diagrams whole from 1280 px; the matrix's header
//! row in view after scrolling 60 % down it; the top bar and search results inside a phone's
//! screen; a printed track page with its top level.

use std::time::Duration;

use serde_json::json;

use crate::support::browser::{self, Browser, Page};
use crate::theme::{PAGE_TYPES, example_site, open};

const WIDTHS: [u32; 4] = [375, 768, 1280, 1920];

/// Every page type of the theme's tests, and the kits' pages.
fn page_types() -> Vec<(&'static str, &'static str)> {
    let mut all = PAGE_TYPES.to_vec();
    all.extend([
        (
            "interview kit",
            "roles/platform-engineer/interview/senior/index.html",
        ),
        (
            "job description",
            "roles/platform-engineer/job/senior/index.html",
        ),
        (
            "level comparison",
            "ladder/ic/compare/mid/senior/index.html",
        ),
    ]);
    all
}

#[test]
fn no_page_is_wider_than_the_window_at_any_width() {
    let Some(browser) = Browser::launch() else {
        return;
    };
    let (_tmp, site) = example_site();
    let mut page = browser.page();
    let mut problems = Vec::new();
    for width in WIDTHS {
        page.viewport(width, 900);
        for (kind, rel) in page_types() {
            open(&mut page, &site, rel);
            let wide = page.eval(
                "(() => { const d = document.documentElement; if (d.scrollWidth <= innerWidth) return null; \
                 const out = []; for (const e of document.querySelectorAll('body *')) { const r = e.getBoundingClientRect(); \
                 if (r.right > innerWidth + 0.5 && r.width > 0) out.push(e.tagName + '.' + e.className + ' ' + Math.round(r.right)); } \
                 return d.scrollWidth + 'px: ' + out.slice(0, 5).join(', '); })()",
            );
            if !wide.is_null() {
                problems.push(format!("{kind} at {width}px is {wide}"));
            }
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn the_top_bar_and_search_results_fit_a_phone() {
    let Some(browser) = Browser::launch() else {
        return;
    };
    let (_tmp, site) = example_site();
    let mut page = browser.page();
    for width in [375, 768] {
        page.viewport(width, 800);
        open(&mut page, &site, "values/index.html");
        // The placeholder fits its box (it read "Searcl" at 375 px).
        let fits = page.eval(
            "(() => { const i = document.getElementById('hb-search'), s = getComputedStyle(i); \
             const c = document.createElement('canvas').getContext('2d'); c.font = s.font; \
             const room = i.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight); \
             return c.measureText(i.placeholder).width <= room; })()",
        );
        assert_eq!(fits, true, "placeholder cut at {width}px");
        page.eval("document.getElementById('hb-search').focus()");
        page.type_text("engineer");
        assert!(page.wait_for(
            "document.querySelector('#hb-search-results a')",
            Duration::from_secs(10)
        ));
        let box_ = page.eval(
            "(() => { const r = document.getElementById('hb-search-results').getBoundingClientRect(); return [r.left, r.right]; })()",
        );
        let (left, right) = (box_[0].as_f64().unwrap(), box_[1].as_f64().unwrap());
        assert!(
            left >= 0.0 && right <= f64::from(width),
            "results at {left}..{right} in a {width}px window"
        );
        for sel in [".brand", "#hb-search", "#hb-theme-toggle", ".nav-toggle"] {
            let r = page.eval(&format!(
                "(() => {{ const e = document.querySelector('{sel}'); if (!e || !e.offsetParent) return null; const r = e.getBoundingClientRect(); return [r.left, r.right]; }})()"
            ));
            if let Some(r) = r.as_array() {
                let (l, rt) = (r[0].as_f64().unwrap(), r[1].as_f64().unwrap());
                assert!(l >= 0.0 && rt <= f64::from(width), "{sel} at {l}..{rt}");
            }
        }
    }
}

/// For a wide view `sel` on the current page: whether it needs scrolling sideways, and which
/// of its `items` lie outside the part of it that shows.
fn hidden_items(page: &mut Page, sel: &str, items: &str) -> serde_json::Value {
    page.eval(&format!(
        "(() => {{ const box = document.querySelector('{sel}'); const b = box.getBoundingClientRect(); \
         const out = []; if (box.scrollWidth > box.clientWidth + 1) out.push('scrolls: ' + box.scrollWidth + ' > ' + box.clientWidth); \
         for (const e of box.querySelectorAll('{items}')) {{ if (!e.getClientRects().length) continue; const r = e.getBoundingClientRect(); \
         if (r.left < b.left - 1 || r.right > b.right + 1) out.push((e.textContent || '').trim().slice(0, 30) + ' ' + Math.round(r.left) + '..' + Math.round(r.right)); }} \
         return out; }})()"
    ))
}

#[test]
fn matrices_and_diagrams_show_every_column_and_stage_from_1280_px() {
    let Some(browser) = Browser::launch() else {
        return;
    };
    let (_tmp, site) = example_site();
    let mut page = browser.page();
    let views = [
        ("ladder/ic/index.html", ".table-scroll", "thead th", 6),
        ("values/index.html", ".table-scroll", "thead th", 6),
        ("roles/index.html", ".diagram-scroll", ".node", 7),
        ("hiring/index.html", ".diagram-scroll", ".node", 6),
    ];
    let mut problems = Vec::new();
    for width in WIDTHS {
        page.viewport(width, 900);
        for (rel, sel, items, at_least) in views {
            open(&mut page, &site, rel);
            let shown = page.eval(&format!(
                "Array.from(document.querySelector('{sel}').querySelectorAll('{items}')).filter(e => e.getClientRects().length).length"
            ));
            assert!(
                shown.as_u64().unwrap() >= at_least,
                "{rel} at {width}px shows {shown} of its {items}"
            );
            let hidden = hidden_items(&mut page, sel, items);
            // From 1280 px everything shows; narrower, matrices may scroll inside their box
            // but diagrams switch to their vertical layout and never do.
            let must_fit = width >= 1280 || sel == ".diagram-scroll";
            if must_fit && !hidden.as_array().unwrap().is_empty() {
                problems.push(format!("{rel} at {width}px: {hidden}"));
            }
        }
        // The diagrams' wide layout from 1280 px, the vertical one on a phone.
        open(&mut page, &site, "hiring/index.html");
        let layout = page.eval(
            "getComputedStyle(document.querySelector('.pipeline.layout-wide')).display === 'none' ? 'narrow' : 'wide'",
        );
        let expected = if width >= 1280 {
            "wide"
        } else if width <= 375 {
            "narrow"
        } else {
            ""
        };
        if !expected.is_empty() {
            assert_eq!(layout, expected, "pipeline at {width}px");
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
}

/// Scrolls the page to the matrix, then turns the mouse wheel over it until 60 % of the table
/// has gone by; returns where the header row is then, or what is wrong.
fn header_after_scrolling(page: &mut Page) -> Result<(), String> {
    page.eval(
        "(() => { const box = document.querySelector('.table-scroll'); \
         const bar = document.querySelector('.topbar').getBoundingClientRect().height; \
         window.scrollTo(0, box.getBoundingClientRect().top + scrollY - bar); })()",
    );
    let total = page
        .eval("document.querySelector('.table-scroll table').getBoundingClientRect().height * 0.6")
        .as_f64()
        .unwrap();
    let start = page.eval(
        "(() => { const r = document.querySelector('.table-scroll').getBoundingClientRect(); \
         return [r.left + r.width / 2, Math.max(r.top, 0) + 80, document.querySelector('.table-scroll table').getBoundingClientRect().top]; })()",
    );
    let (x, y, top0) = (
        start[0].as_f64().unwrap(),
        start[1].as_f64().unwrap(),
        start[2].as_f64().unwrap(),
    );
    let mut moved = 0.0;
    for _ in 0..200 {
        if moved >= total {
            break;
        }
        page.call(
            "Input.dispatchMouseEvent",
            json!({"type": "mouseWheel", "x": x, "y": y, "deltaX": 0, "deltaY": 200}),
        );
        std::thread::sleep(Duration::from_millis(30));
        let top = page
            .eval("document.querySelector('.table-scroll table').getBoundingClientRect().top")
            .as_f64()
            .unwrap();
        moved = top0 - top;
    }
    if moved < total {
        return Err(format!("scrolled only {moved} of {total}px"));
    }
    let state = page.eval(
        "(() => { const h = document.querySelector('.table-scroll thead th:nth-child(2)').getBoundingClientRect(); \
         const bar = document.querySelector('.topbar').getBoundingClientRect().bottom; \
         const e = document.elementFromPoint(h.left + h.width / 2, h.top + h.height / 2); \
         return {top: h.top, bottom: h.bottom, bar: bar, height: innerHeight, hit: !!(e && e.closest('thead'))}; })()",
    );
    let (top, bottom, bar, height) = (
        state["top"].as_f64().unwrap(),
        state["bottom"].as_f64().unwrap(),
        state["bar"].as_f64().unwrap(),
        state["height"].as_f64().unwrap(),
    );
    if top < bar - 1.0 || bottom > height || state["hit"] != true {
        return Err(format!("header row not in view: {state}"));
    }
    Ok(())
}

#[test]
fn the_matrix_header_row_stays_in_view_60_percent_down() {
    let Some(browser) = Browser::launch() else {
        return;
    };
    let (_tmp, site) = example_site();
    let mut page = browser.page();
    let mut problems = Vec::new();
    for width in WIDTHS {
        page.viewport(width, 900);
        for rel in ["ladder/ic/index.html", "ladder/management/index.html"] {
            open(&mut page, &site, rel);
            if let Err(e) = header_after_scrolling(&mut page) {
                problems.push(format!("{rel} at {width}px: {e}"));
            }
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
}

/// `pdftotext`, from Debian's poppler-utils (tests/run.sh installs it).
fn pdftotext() -> Option<&'static str> {
    let ok = std::process::Command::new("pdftotext")
        .arg("-v")
        .output()
        .is_ok();
    if !ok {
        assert!(
            !browser::required(),
            "pdftotext is not installed (tests/run.sh installs poppler-utils)"
        );
        eprintln!("skipping: pdftotext is not installed; run tests/run.sh");
    }
    ok.then_some("pdftotext")
}

fn print_text(page: &mut Page, dir: &std::path::Path, name: &str) -> String {
    let r = page.call(
        "Page.printToPDF",
        json!({"preferCSSPageSize": true, "printBackground": false}),
    );
    let pdf = data_encoding::BASE64
        .decode(r["data"].as_str().unwrap().as_bytes())
        .unwrap();
    let file = dir.join(format!("{name}.pdf"));
    std::fs::write(&file, pdf).unwrap();
    let o = std::process::Command::new("pdftotext")
        .arg(&file)
        .arg("-")
        .output()
        .unwrap();
    assert!(o.status.success());
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn a_printed_track_page_has_its_top_level_and_every_stage_prints() {
    if pdftotext().is_none() {
        return;
    }
    let Some(browser) = Browser::launch() else {
        return;
    };
    let (tmp, site) = example_site();
    let mut page = browser.page();
    page.viewport(1280, 900);
    open(&mut page, &site, "ladder/ic/index.html");
    let text = print_text(&mut page, tmp.path(), "track");
    // The top level's title is on the level list above the matrix and in its header row.
    let top = "Principal Engineer";
    assert!(
        text.matches(top).count() >= 2,
        "{top} {} times in:\n{text}",
        text.matches(top).count()
    );
    // And its column's cells print: a criterion of the top level's last competency.
    let cell = page.eval(
        "(() => { const rows = document.querySelectorAll('.ladder-matrix tbody tr:not(.group-row)'); \
         const cells = rows[rows.length - 1].querySelectorAll('td'); \
         return cells[cells.length - 1].textContent.trim().split(/\\s+/).slice(0, 3).join(' '); })()",
    );
    let cell = cell.as_str().unwrap();
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains(cell), "{cell:?} not in:\n{text}");
    open(&mut page, &site, "hiring/index.html");
    let text = print_text(&mut page, tmp.path(), "hiring");
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    // The pipeline prints in its wide layout, every stage's box with it (the last one's name
    // is cut to two lines there: "Rejecting candidates, and…").
    assert!(flat.contains("Rejecting candidates, and…"), "{text}");
}

/// Breadcrumbs name each step once (they read "Home › Platform Team Handbook › …"), and long
/// entity pages get a table of contents of their sections.
#[test]
fn breadcrumbs_do_not_repeat_home_and_entity_pages_have_a_table_of_contents() {
    let (_tmp, site) = example_site();
    let html = |rel: &str| std::fs::read_to_string(site.join(rel)).unwrap();
    let page = html("culture/one-on-ones/index.html");
    let crumbs = &page[page.find("class=\"breadcrumbs\"").unwrap()..];
    let crumbs = &crumbs[..crumbs.find("</nav>").unwrap()];
    assert_eq!(crumbs.matches("<li>").count(), 3, "{crumbs}");
    assert!(!crumbs.contains("Platform Team Handbook"), "{crumbs}");
    let leaving = html("leaving/index.html");
    let toc = &leaving[leaving.find("class=\"toc\"").expect("a table of contents")..];
    for anchor in ["#principles", "#principle-1", "#offboarding", "#alumni"] {
        assert!(
            toc.contains(&format!("href=\"{anchor}\"")),
            "{anchor} in {toc}"
        );
    }
    // Every section heading of an entity page is in its table of contents (which its template
    // writes next to the sections: a section added without its entry fails here).
    for rel in [
        "leaving/index.html",
        "roles/platform-engineer/index.html",
        "roles/head-of-platform/index.html",
        "values/ownership/index.html",
        "ladder/ic/senior/index.html",
        "competencies/reliability/index.html",
    ] {
        let page = html(rel);
        let at = page
            .find("<aside class=\"toc\"")
            .unwrap_or_else(|| panic!("{rel}: no toc"));
        let (body, toc) = page.split_at(at);
        for part in body.split("<h2 id=\"").skip(1) {
            let id = &part[..part.find('"').unwrap()];
            assert!(
                toc.contains(&format!("href=\"#{id}\"")),
                "{rel}: section #{id} is not in the table of contents"
            );
        }
    }
}
