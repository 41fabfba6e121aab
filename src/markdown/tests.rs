use super::*;
use crate::model::RawHtml;
use std::collections::HashSet;

/// Resolves `x.md` to `x/`, `@role/a` to `roles/a/` named "Role A", and refuses `missing.md`.
struct Fake;

impl Resolver for Fake {
    fn resolve(&self, dest: &str, _image: bool) -> Resolved {
        if is_unsafe_url(dest) {
            return Resolved::Unsafe;
        }
        if is_external(dest) {
            return Resolved::External;
        }
        if let Some(fragment) = dest.strip_prefix('#') {
            return Resolved::SamePage {
                fragment: fragment.into(),
            };
        }
        let (path, fragment) = match dest.split_once('#') {
            Some((p, f)) => (p, Some(f.to_string())),
            None => (dest, None),
        };
        match path {
            "@role/a" => Resolved::Internal {
                url: "roles/a/".into(),
                fragment,
                name: Some("Role <A>".into()),
                anchor_target: Some("role:a".into()),
            },
            "x.md" => Resolved::Internal {
                url: "x/".into(),
                fragment,
                name: None,
                anchor_target: Some("page:x".into()),
            },
            "a.md" | "./logo.svg" => Resolved::Internal {
                url: if path == "a.md" {
                    "pages/a/"
                } else {
                    "img/logo.svg"
                }
                .into(),
                fragment,
                name: None,
                anchor_target: None,
            },
            _ => Resolved::Broken {
                message: format!("no file `{path}`"),
                help: None,
            },
        }
    }
}

fn page(src: &str) -> Rendered {
    render(
        src,
        Style {
            raw_html: RawHtml::Allow,
            lift: LiftTitle::Always,
            ..Style::default()
        },
        &Fake,
    )
}

#[test]
fn github_slugs() {
    assert_eq!(github_slug("Weekly or biweekly?"), "weekly-or-biweekly");
    assert_eq!(github_slug("Cost with 10 reports"), "cost-with-10-reports");
    assert_eq!(github_slug("C++ & Rust: a `tour`"), "c--rust-a-tour");
    assert_eq!(github_slug("Café über naïve"), "café-über-naïve");
    assert_eq!(github_slug("日本語 見出し"), "日本語-見出し");
    assert_eq!(github_slug("Hello 🎉 world"), "hello--world");
    assert_eq!(github_slug("snake_case-and-kebab"), "snake_case-and-kebab");
    assert_eq!(github_slug("  Trimmed  "), "trimmed");
}

#[test]
fn duplicate_headings_get_numbered_ids_like_github() {
    let r = page("## Notes\n\n## Notes\n\n## Notes-1\n\n## Notes\n");
    let ids: Vec<_> = r.headings.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids, ["notes", "notes-1", "notes-1-1", "notes-2"]);
}

#[test]
fn many_duplicate_headings_stay_unique() {
    // Past the slugger's short list, ids are kept in a set: numbering must carry on across.
    let src: String = (0..80)
        .map(|i| {
            if i % 2 == 0 {
                "## Intro\n".to_string()
            } else {
                format!("## Intro {}\n", i / 2 + 1)
            }
        })
        .collect();
    let ids: Vec<String> = page(&src).headings.into_iter().map(|h| h.id).collect();
    let unique: HashSet<&String> = ids.iter().collect();
    assert_eq!(unique.len(), 80, "{ids:?}");
    assert_eq!(ids[..4], ["intro", "intro-1", "intro-2", "intro-2-1"]);
    assert_eq!(ids[78..], ["intro-40", "intro-40-1"]);
}

#[test]
fn explicit_heading_ids_win() {
    let r = page("## Cadence {#how-often}\n");
    assert_eq!(r.headings[0].id, "how-often");
    assert!(
        r.html.contains(&format!("id=\"{ID}how-often\"")),
        "{}",
        r.html
    );
}

#[test]
fn reserved_ids_are_not_taken_by_headings() {
    let r = render(
        "## Roles\n",
        Style {
            reserved_ids: &["roles"],
            ..Style::default()
        },
        &Fake,
    );
    assert_eq!(r.headings[0].id, "roles-1");
}

#[test]
fn headings_in_code_blocks_are_not_headings() {
    let r = page("```\n## not a heading\n```\n\n## Real\n");
    assert_eq!(r.headings.len(), 1);
    assert_eq!(r.headings[0].text, "Real");
}

#[test]
fn raw_html_links_are_resolved_and_its_ids_are_anchors() {
    let r = page(
        "<div class=\"cards\">\n<a href=\"a.md\"><img src=\"./logo.svg\" alt=\"\"></a>\n<a href=\"missing.md\">x</a>\n</div>\n\nText with <a name=\"old-anchor\"></a> and <span id=\"here\">here</span>.\n",
    );
    assert!(
        r.html.contains(&format!("href=\"{ROOT}pages/a/\"")),
        "{}",
        r.html
    );
    assert!(
        r.html.contains(&format!("src=\"{ROOT}img/logo.svg\"")),
        "{}",
        r.html
    );
    assert!(
        r.html.contains(&format!("<a id=\"{ID}old-anchor\">")),
        "{}",
        r.html
    );
    assert_eq!(r.anchors, ["old-anchor", "here"]);
    let broken: Vec<&str> = r
        .issues
        .iter()
        .filter(|i| matches!(i.kind, LinkIssueKind::Broken { .. }))
        .map(|i| i.dest.as_str())
        .collect();
    assert_eq!(broken, ["missing.md"]);
}

#[test]
fn raw_html_can_be_escaped_or_sanitized() {
    let src = "Hi <b onclick=\"x()\">there</b>\n\n<script>alert(1)</script>\n";
    let with = |raw_html| {
        render(
            src,
            Style {
                raw_html,
                ..Style::default()
            },
            &Fake,
        )
        .html
    };
    let escaped = with(RawHtml::Escape);
    assert!(
        escaped.contains("&lt;script&gt;") && !escaped.contains("<b"),
        "{escaped}"
    );
    let sanitized = with(RawHtml::Sanitize);
    assert!(sanitized.contains("<b>there</b>"), "{sanitized}");
    assert!(
        !sanitized.contains("script") && !sanitized.contains("onclick"),
        "{sanitized}"
    );
    let allowed = with(RawHtml::Allow);
    assert!(allowed.contains("<script>alert(1)</script>") && allowed.contains("onclick"));
}

#[test]
fn bare_urls_are_linked_outside_links_and_code() {
    let r = page(
        "See https://example.com/x and [a www.link](https://a.com).\n\n```\nhttps://in.code\n```\n",
    );
    assert!(
        r.html
            .contains("<a href=\"https://example.com/x\">https://example.com/x</a>"),
        "{}",
        r.html
    );
    assert_eq!(r.html.matches("<a ").count(), 2, "{}", r.html);
}

#[test]
fn empty_links_and_foreign_syntax_are_issues() {
    let r = page("[a]() and [b](#) and [c](x.md#)\n\n{% include note.html %}\n\n`{{ fine }}`\n");
    let kinds: Vec<String> = r
        .issues
        .iter()
        .map(|i| format!("{:?}:{}", i.kind, i.dest))
        .collect();
    assert_eq!(
        kinds.iter().filter(|k| k.starts_with("Empty")).count(),
        2,
        "{kinds:?}"
    );
    assert!(
        kinds.contains(&"Foreign:{% include note.html %}".to_string()),
        "{kinds:?}"
    );
    assert!(!kinds.iter().any(|k| k.contains("fine")), "{kinds:?}");
}

#[test]
fn a_heading_is_lifted_only_when_it_is_the_title() {
    let with = |lift| {
        render(
            "# Onboarding\n\nBody.\n",
            Style {
                lift,
                ..Style::default()
            },
            &Fake,
        )
    };
    let r = with(LiftTitle::IfTitle("Onboarding"));
    assert_eq!(r.title_id.as_deref(), Some("onboarding"));
    assert!(!r.html.contains("<h1"));
    let r = with(LiftTitle::IfTitle("Welcome aboard"));
    assert_eq!(r.title_id, None);
    assert!(
        r.html.contains("<h2 id=\"\u{2}onboarding\""),
        "a heading that isn't the title stays, as a section under the title: {}",
        r.html
    );
    let r = render(
        "# **Bold** title\n",
        Style {
            lift: LiftTitle::Always,
            ..Style::default()
        },
        &Fake,
    );
    assert_eq!(r.lifted_title.as_deref(), Some("Bold title"));
}

#[test]
fn leading_title_is_lifted_out() {
    let r = page("# The Title\n\nBody.\n");
    assert_eq!(r.lifted_title.as_deref(), Some("The Title"));
    assert!(!r.html.contains("<h1"), "{}", r.html);
    assert_eq!(r.headings[0].id, "the-title");
    // Only the first block is lifted.
    let r = page("Intro.\n\n# Later\n");
    assert!(r.lifted_title.is_none());
    assert!(r.html.contains("<h2 id=\"\u{2}later\""), "{}", r.html);
}

#[test]
fn internal_links_get_the_root_marker_and_empty_text_is_filled() {
    let src = "See [](@role/a) and [x](x.md#part \"T\").";
    let r = page(src);
    let at = src.find("x.md").unwrap();
    assert!(
        r.html
            .contains(&format!("<a href=\"{ROOT}roles/a/\">Role &lt;A&gt;</a>")),
        "{}",
        r.html
    );
    assert!(
        r.html
            .contains(&format!("<a href=\"{ROOT}x/#part\" title=\"T\">x</a>")),
        "{}",
        r.html
    );
    assert_eq!(
        r.issues,
        vec![LinkIssue {
            range: at..at + 9,
            dest: "x.md#part".into(),
            kind: LinkIssueKind::Anchor {
                target: Some("page:x".into()),
                fragment: "part".into()
            }
        }]
    );
}

#[test]
fn broken_links_are_reported_at_the_destination() {
    let src = "Intro\n\nA [link](missing.md) here.";
    let r = page(src);
    assert_eq!(r.issues.len(), 1);
    assert_eq!(&src[r.issues[0].range.clone()], "missing.md");
    assert!(matches!(r.issues[0].kind, LinkIssueKind::Broken { .. }));
}

#[test]
fn unsafe_links_are_neutralised() {
    for src in [
        "[x](javascript:alert(1))",
        "[x](JavaScript:alert(1))",
        "<a>[x](data:text/html,hi)",
    ] {
        let r = page(src);
        assert!(
            !r.html.to_ascii_lowercase().contains("javascript:"),
            "{}",
            r.html
        );
        assert!(!r.html.contains("data:text"), "{}", r.html);
        assert_eq!(r.issues.len(), 1, "{src}");
        assert_eq!(r.issues[0].kind, LinkIssueKind::Unsafe);
    }
    assert!(is_unsafe_url(" java\tscript:x"));
    assert!(is_unsafe_url("\u{0}JaVaScRiPt:x"));
    assert!(is_unsafe_url("VBScript:x"));
    assert!(is_unsafe_url("d a t a :x"));
    assert!(!is_unsafe_url("https://x"));
    assert!(!is_unsafe_url("javascript"));
    assert!(!is_unsafe_url("dat"));
    assert!(!is_unsafe_url(""));
    assert!(!is_unsafe_url("datum:x"));
    assert!(!is_unsafe_url("data:image/png;base64,iVBORw0KGgo="));
    assert!(!is_unsafe_url("DATA:Image/JPEG,x"));
    assert!(is_unsafe_url("data:image/svg+xml,<svg onload=alert(1)>"));
    assert!(is_unsafe_url("data:image/pngx,x"));
    assert!(is_unsafe_url("data:text/html,<script>alert(1)</script>"));
}

#[test]
fn external_links_and_query_strings_are_left_alone() {
    let r = page("[a](https://example.com/?q=1&r=2) [m](mailto:a@b.c)");
    assert!(
        r.html.contains("href=\"https://example.com/?q=1&amp;r=2\""),
        "{}",
        r.html
    );
    assert!(r.issues.is_empty());
    assert!(is_external("mailto:x"));
    assert!(!is_external("../x.md"));
    assert!(!is_external("a:b/c.md") || is_external("a:b"));
}

#[test]
fn same_page_anchors_are_recorded_for_checking() {
    let r = page("## Here\n\n[up](#here)");
    assert!(r.html.contains(&format!("href=\"#{ID}here\"")));
    assert_eq!(
        r.issues[0].kind,
        LinkIssueKind::Anchor {
            target: None,
            fragment: "here".into()
        }
    );
}

#[test]
fn raw_html_is_escaped_in_yaml_fields_but_kept_in_pages() {
    let yaml_field = Style {
        raw_html: RawHtml::Escape,
        ..Style::default()
    };
    let field = render("<script>alert(1)</script> *hi*", yaml_field, &Fake);
    assert!(!field.html.contains("<script>"), "{}", field.html);
    assert!(field.html.contains("&lt;script&gt;"));
    let p = page("<details><summary>More</summary>\n\nHidden\n</details>\n");
    assert!(p.html.contains("<details>"));
}

#[test]
fn inline_style_has_no_paragraph() {
    let r = render(
        "Owns *the* platform",
        Style {
            inline: true,
            ..Style::default()
        },
        &Fake,
    );
    assert_eq!(r.html.trim(), "Owns <em>the</em> platform");
}

#[test]
fn github_extensions_render() {
    let r = page(
        "| a | b |\n|---|---|\n| 1 | 2 |\n\n~~old~~\n\n- [x] done\n- [ ] todo\n\nNote[^1].\n\n[^1]: The note.\n\n> [!NOTE]\n> Careful.\n",
    );
    assert!(r.html.contains("<table>"));
    assert!(r.html.contains("<del>old</del>"));
    assert!(r.html.contains("checked aria-label=\"Done\""));
    assert!(r.html.contains(&format!("href=\"#{ID}fn-1\"")));
    assert!(r.html.contains(&format!("<li id=\"{ID}fn-1\">")));
    assert!(r.html.contains("alert-note"));
    assert!(r.text.contains("The note."));
}

#[test]
fn localize_replaces_markers() {
    let html = format!("<a href=\"{ROOT}roles/\">r</a><h2 id=\"{ID}x\">");
    assert_eq!(
        localize(&html, "../../", "p3-"),
        "<a href=\"../../roles/\">r</a><h2 id=\"p3-x\">"
    );
}

#[test]
fn markers_in_the_source_cannot_forge_urls() {
    let r = page(&format!("text {ROOT}evil {ID}id"));
    assert!(!r.html.contains(ROOT) && !r.html.contains(ID));
}

#[test]
fn escaping() {
    assert_eq!(escape_attr("\"<&>'"), "&quot;&lt;&amp;&gt;&#39;");
    assert_eq!(escape_attr("é a&b \"c\" ü"), "é a&amp;b &quot;c&quot; ü");
    assert_eq!(escape_attr("plain"), "plain");
    assert_eq!(slug_ascii("Hello, World!"), "hello-world");
    assert_eq!(slug_ascii("!!!"), "x");
}

#[test]
fn plain_text_is_kept_whole_with_filled_link_texts_and_section_starts() {
    let mut src = String::from("Intro with [](@role/a), then more.\n\n## Cadence\n\nWeekly.\n");
    for i in 0..2000 {
        src.push_str(&format!("\nParagraph number {i} of a long page.\n"));
    }
    src.push_str("\nThe very last words.\n");
    let r = render(
        &src,
        Style {
            raw_html: RawHtml::Allow,
            ..Style::default()
        },
        &Fake,
    );
    assert!(
        r.text.starts_with("Intro with Role <A>, then more."),
        "{}",
        &r.text[..80]
    );
    assert!(r.text.ends_with("The very last words."));
    let h = &r.headings[0];
    assert!(r.text[h.text_at..].starts_with("Cadence Weekly."));
}

#[test]
fn plain_text_is_spaced_as_the_source_is() {
    let text = |src: &str, inline: bool| {
        render(
            src,
            Style {
                inline,
                ..Style::default()
            },
            &Fake,
        )
        .text
    };
    // Punctuation after a link, emphasis or code belongs to the word before it; an opening
    // bracket or quote to the word after it.
    assert_eq!(
        text(
            "See [guide](x.md). Then *this*, `code`; **bold**: ([x](x.md)) and [](@role/a)'s \"[q](x.md)\" [b] c!",
            true
        ),
        "See guide. Then this, code; bold: (x) and Role <A>'s \"q\" [b] c!"
    );
    // Blocks, list items, line breaks and cells are separated even without whitespace.
    assert_eq!(
        text(
            "One\ntwo.\n\n- a\n  - b\n\n| h | i |\n|---|---|\n| c | d |\n\n```\nx  y\n```\nEnd.",
            false
        ),
        "One two. a b h i c d x y End."
    );
    // Runs of whitespace inside a text (tabs, doubled spaces, next to non-ASCII words or
    // control characters) become one space, as single spaces between plain words do.
    assert_eq!(
        text("Tab\there,  two  spaces, é  ü *x*   y \u{7f}z  end", true),
        "Tab here, two spaces, é ü x y \u{7f}z end"
    );
    assert_eq!(
        text("Plain  ASCII  words *x*   y  z ", true),
        "Plain ASCII words x y z"
    );
    assert_eq!(text("Tab\tthen *x*", true), "Tab then x");
}

#[test]
fn headings_never_skip_a_level() {
    let levels = |r: &Rendered| r.headings.iter().map(|h| h.level).collect::<Vec<_>>();
    // A page: a heading is one level below the nearest shallower one before it (the title
    // for the top ones), so siblings stay siblings.
    let r = page("# Title\n\n### Skipped\n\n##### Deep\n\n### Back\n\n## Up\n\n#### Down\n");
    assert_eq!(levels(&r), [1, 2, 3, 2, 2, 3]);
    assert!(
        r.html.starts_with(&format!("<h2 id=\"{ID}skipped\">")),
        "{}",
        r.html
    );
    assert!(r.html.contains("</h3>") && !r.html.contains("<h4") && !r.html.contains("<h5"));
    // Without a title to lift, `###` under the page's own title still becomes an <h2>.
    assert_eq!(levels(&page("Intro.\n\n### A\n\n### B\n")), [2, 2]);
    // A YAML field keeps its first level (the template places it) and closes later gaps.
    let field = render("#### A\n\n###### B\n\n## C\n", Style::default(), &Fake);
    assert_eq!(levels(&field), [4, 5, 2]);
    // Well-formed outlines are left as written.
    let r = page("# T\n\n## A\n\n### B\n\n#### C\n\n## D\n");
    assert_eq!(levels(&r), [1, 2, 3, 4, 2]);
    // Only the lifted title is an <h1>: a later `#` heads a section under it.
    let r = page("# T\n\n## A\n\n# Appendix\n\n## E\n");
    assert_eq!(levels(&r), [1, 2, 2, 3]);
    assert!(!r.html.contains("<h1"), "{}", r.html);
    // Under a title from front matter every heading is one deeper, but never past <h6>.
    let r = render(
        "# A\n\n## B\n\n### C\n\n#### D\n\n##### E\n\n###### F\n",
        Style {
            lift: LiftTitle::IfTitle("Other"),
            ..Style::default()
        },
        &Fake,
    );
    assert_eq!(levels(&r), [2, 3, 4, 5, 6, 6]);
    assert!(!r.html.contains("<h7"), "{}", r.html);
}
