//! A deterministic generator of realistic handbooks of N pages, for benchmarks and tests.
//!
//! Pages have front matter, headings, paragraphs, lists, a table, a code block and several
//! internal links (relative `.md` links with anchors, `@role` and `@value` references). Values,
//! roles and the ladder grow with N. Sections hold 25 pages, so every page's sidebar lists all
//! of its section's siblings.

#![allow(dead_code)]

use std::fmt::Write as _;
use std::path::Path;

/// Pages per leaf section.
pub const SECTION_PAGES: usize = 25;
/// Leaf sections per top-level section.
pub const SUBSECTIONS: usize = 10;

/// A small, seedable pseudo-random generator (PCG-style LCG), so corpora are reproducible.
pub struct Rng(u64);

impl Rng {
    /// A generator for `seed`.
    pub fn new(seed: u64) -> Self {
        Rng(seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407))
    }

    /// The next number.
    pub fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let x = self.0;
        (x ^ (x >> 33)).wrapping_mul(0xff51afd7ed558ccd) ^ (x >> 29)
    }

    /// A number below `n`.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    /// One of `items`.
    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const WORDS: &[&str] = &[
    "team",
    "platform",
    "deploy",
    "service",
    "review",
    "ownership",
    "incident",
    "learn",
    "cluster",
    "network",
    "latency",
    "budget",
    "hiring",
    "mentor",
    "feedback",
    "roadmap",
    "reliable",
    "system",
    "design",
    "decision",
    "customer",
    "pipeline",
    "storage",
    "observe",
    "metrics",
    "alert",
    "runbook",
    "on-call",
    "quarter",
    "goal",
    "growth",
    "practice",
    "standard",
    "security",
    "access",
    "policy",
    "migrate",
    "upgrade",
    "capacity",
    "cost",
    "clear",
    "calm",
    "honest",
    "shared",
    "written",
    "small",
    "careful",
    "quick",
    "steady",
];

const HEADINGS: &[&str] = &[
    "Why it matters",
    "How we work",
    "Common mistakes",
    "Checklist",
    "Examples",
    "Further reading",
    "Who to ask",
    "Timeline",
    "Decisions",
    "Open questions",
];

fn sentence(rng: &mut Rng, words: usize) -> String {
    let mut s = String::new();
    for i in 0..words {
        if i > 0 {
            s.push(' ');
        }
        s.push_str(rng.pick(WORDS));
    }
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect::<String>() + ".",
        None => s,
    }
}

fn paragraph(rng: &mut Rng) -> String {
    (0..3 + rng.below(4))
        .map(|_| {
            let words = 6 + rng.below(10);
            sentence(rng, words)
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Sizes derived from N.
pub struct Shape {
    /// Pages.
    pub pages: usize,
    /// Core values.
    pub values: usize,
    /// Roles.
    pub roles: usize,
    /// Competencies.
    pub competencies: usize,
}

impl Shape {
    /// The shape of a handbook with `pages` pages.
    pub fn for_pages(pages: usize) -> Self {
        Shape {
            pages,
            values: 5 + pages / 1000,
            roles: 10 + pages / 100,
            competencies: 8 + pages / 2000,
        }
    }
}

/// Where page `i` lives: (top-level section, subsection, file stem).
pub fn page_path(i: usize) -> (usize, usize, String) {
    let per_top = SECTION_PAGES * SUBSECTIONS;
    (
        i / per_top,
        (i % per_top) / SECTION_PAGES,
        format!("page-{i:05}"),
    )
}

/// The path of page `i` relative to `pages/`.
pub fn page_rel(i: usize) -> String {
    let (t, s, stem) = page_path(i);
    format!("area-{t:03}/topic-{s:02}/{stem}.md")
}

/// Writes a handbook of `n` pages into `dir` (which must not exist or be empty).
pub fn generate(dir: &Path, n: usize, seed: u64) -> std::io::Result<()> {
    let shape = Shape::for_pages(n);
    let mut rng = Rng::new(seed);
    std::fs::create_dir_all(dir.join("roles"))?;
    std::fs::create_dir_all(dir.join("pages"))?;
    std::fs::write(
        dir.join("handbook.yaml"),
        format!(
            "title: Generated handbook of {n} pages\ndescription: A benchmark corpus.\nrepository: https://github.com/acme/generated\n"
        ),
    )?;
    let value_id = |v: usize| format!("value-{v:03}");
    let role_id = |r: usize| format!("role-{r:04}");
    let comp_id = |c: usize| format!("competency-{c:03}");

    let mut values = String::from("values:\n");
    for v in 0..shape.values {
        let _ = write!(
            values,
            "  - id: {}\n    name: Value {v}\n    summary: {}\n    description: |\n      {}\n    behaviours: [\"{}\", \"{}\"]\n",
            value_id(v),
            sentence(&mut rng, 8),
            paragraph(&mut rng),
            sentence(&mut rng, 5),
            sentence(&mut rng, 5)
        );
    }
    std::fs::write(dir.join("values.yaml"), values)?;

    let mut ladder = String::from("competencies:\n");
    for c in 0..shape.competencies {
        let _ = write!(
            ladder,
            "  - id: {}\n    name: Competency {c}\n    group: {}\n    description: {}\n    values: [{}]\n",
            comp_id(c),
            if c % 2 == 0 { "Skill" } else { "Impact" },
            sentence(&mut rng, 10),
            value_id(c % shape.values)
        );
    }
    ladder.push_str("tracks:\n");
    for track in ["ic", "management"] {
        let _ = write!(
            ladder,
            "  - id: {track}\n    name: Track {track}\n    levels:\n"
        );
        for l in 0..5 {
            let _ = write!(
                ladder,
                "      - id: l{l}\n        code: L{l}\n        title: {track} level {l}\n        expectations:\n"
            );
            for c in 0..shape.competencies {
                let _ = write!(
                    ladder,
                    "          {}:\n            - {}\n            - {}\n",
                    comp_id(c),
                    sentence(&mut rng, 7),
                    sentence(&mut rng, 7)
                );
            }
        }
    }
    std::fs::write(dir.join("ladder.yaml"), ladder)?;

    let stages = [
        "sourcing",
        "screen",
        "technical",
        "culture",
        "offer",
        "onboarding",
    ];
    let mut hiring = String::from("stages:\n");
    for (s, id) in stages.iter().enumerate() {
        let assessed: Vec<String> = (0..shape.values)
            .filter(|v| v % stages.len() == s)
            .map(value_id)
            .collect();
        let _ = write!(
            hiring,
            "  - id: {id}\n    name: Stage {id}\n    assesses: [{}]\n    guidance: {}\n",
            assessed.join(", "),
            sentence(&mut rng, 12)
        );
    }
    std::fs::write(dir.join("hiring.yaml"), hiring)?;

    for r in 0..shape.roles {
        let v1 = value_id(r % shape.values);
        let v2 = value_id((r + 1) % shape.values);
        let reports = if r == 0 {
            String::new()
        } else {
            format!("reports_to: {}\n", role_id((r - 1) / 5))
        };
        let track = if r % 4 == 0 { "management" } else { "ic" };
        std::fs::write(
            dir.join("roles").join(format!("{}.yaml", role_id(r))),
            format!(
                "title: Role {r}\nsummary: {}\nvalues: [{v1}, {v2}]\ntraits:\n  - name: {}\n    value: {v1}\nresponsibilities: [\"{}\"]\ntrack: {track}\nlevels: [l1, l2, l3]\n{reports}description: |\n  {}\n",
                sentence(&mut rng, 8),
                sentence(&mut rng, 5),
                sentence(&mut rng, 6),
                paragraph(&mut rng)
            ),
        )?;
    }

    let tops = n.div_ceil(SECTION_PAGES * SUBSECTIONS);
    for t in 0..tops {
        let top = dir.join(format!("pages/area-{t:03}"));
        std::fs::create_dir_all(&top)?;
        std::fs::write(
            top.join("_index.md"),
            format!(
                "---\ntitle: Area {t}\nweight: {t}\n---\n{}\n",
                paragraph(&mut rng)
            ),
        )?;
        for s in 0..SUBSECTIONS {
            let sub = top.join(format!("topic-{s:02}"));
            std::fs::create_dir_all(&sub)?;
            std::fs::write(
                sub.join("_index.md"),
                format!(
                    "---\ntitle: Topic {t}.{s}\nweight: {s}\n---\n{}\n",
                    paragraph(&mut rng)
                ),
            )?;
        }
    }
    std::fs::write(
        dir.join("pages/index.md"),
        format!("# Generated handbook\n\n{}\n", paragraph(&mut rng)),
    )?;
    for i in 0..n {
        let text = page(&mut rng, i, n, &shape);
        std::fs::write(dir.join("pages").join(page_rel(i)), text)?;
    }
    Ok(())
}

/// The Markdown of page `i` (with front matter).
pub fn page(rng: &mut Rng, i: usize, n: usize, shape: &Shape) -> String {
    let (t, s, _) = page_path(i);
    let mut md = format!(
        "---\ntitle: Page {i} about {}\nweight: {}\nowner: role-{:04}\nreviewed: 2026-{:02}-{:02}\ndescription: {}\n---\n\n{}\n\n",
        rng.pick(WORDS),
        i % SECTION_PAGES,
        i % shape.roles,
        1 + i % 12,
        1 + i % 28,
        sentence(rng, 9),
        paragraph(rng)
    );
    let headings = 3 + rng.below(3);
    for h in 0..headings {
        let heading = HEADINGS[(i + h) % HEADINGS.len()];
        let _ = write!(md, "## {heading}\n\n{}\n\n", paragraph(rng));
        match h {
            0 => {
                for _ in 0..4 {
                    let _ = writeln!(md, "- {}", sentence(rng, 7));
                }
                md.push('\n');
            }
            1 => {
                md.push_str("| Who | What | When |\n|---|---|---|\n");
                for _ in 0..3 {
                    let _ = writeln!(
                        md,
                        "| {} | {} | {} |",
                        rng.pick(WORDS),
                        sentence(rng, 4),
                        rng.pick(WORDS)
                    );
                }
                md.push('\n');
            }
            2 => {
                let _ = write!(
                    md,
                    "```sh\nkubectl get pods -n {}\nhandbook check --format github\n```\n\n",
                    rng.pick(WORDS)
                );
            }
            _ => {
                let _ = write!(md, "### Details\n\n{}\n\n", paragraph(rng));
            }
        }
    }
    // Links: a sibling with an anchor, a page in another area, a role, a value.
    let sibling = if i % SECTION_PAGES == SECTION_PAGES - 1 || i + 1 >= n {
        i - 1
    } else {
        i + 1
    };
    let far = (i * 7919 + 13) % n;
    let (ft, fs, fstem) = page_path(far);
    let far_rel = if ft == t && fs == s {
        format!("{fstem}.md")
    } else if ft == t {
        format!("../topic-{fs:02}/{fstem}.md")
    } else {
        format!("../../area-{ft:03}/topic-{fs:02}/{fstem}.md")
    };
    let (_, _, sib_stem) = page_path(sibling);
    let _ = writeln!(
        md,
        "See [the next page]({sib_stem}.md#{}), [a related page]({far_rel}), [](@role/role-{:04}) and [](@value/value-{:03}).",
        crate_slug(HEADINGS[sibling % HEADINGS.len()]),
        (i * 31) % shape.roles,
        i % shape.values
    );
    md
}

fn crate_slug(heading: &str) -> String {
    heading.to_lowercase().replace(' ', "-")
}
