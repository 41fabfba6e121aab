//! Build-speed benchmark: `cargo bench --bench build`.
//!
//! Generates handbooks of 1,000 and 10,000 pages on tmpfs and times, in one session:
//! `handbook build`; a baseline that only reads the same Markdown, renders it with
//! pulldown-cmark on all cores and writes the HTML; and Hugo on the same pages with a minimal
//! equivalent template, when `hugo` is installed. Reports the median wall time, CPU time and
//! peak memory of repeated runs, ratios, and output bytes per page. Baseline and handbook
//! runs alternate round by round, so machine drift hits both alike.
//!
//! Options (after `--`): `--sizes 1000,10000`, `--runs 5`, `--dir /dev/shm/handbook-bench`.
#![allow(unsafe_code, clippy::print_stdout, clippy::print_stderr)]

#[path = "support/generate.rs"]
mod generate;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use rayon::prelude::*;

/// One measured run.
#[derive(Clone, Copy, Debug)]
struct Run {
    wall: Duration,
    cpu: Duration,
    max_rss_kib: u64,
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("--baseline") {
        baseline(Path::new(&args[2]), Path::new(&args[3]));
        return;
    }
    // `cargo bench` passes --bench; under `cargo test --all-targets` this runs as a smoke test
    // of the generator and the harness on a small corpus.
    let smoke = !args.iter().any(|a| a == "--bench");
    let mut sizes = if smoke { vec![60] } else { vec![1_000, 10_000] };
    let mut runs = if smoke { 1 } else { 5 };
    let mut dir = PathBuf::from(if Path::new("/dev/shm").is_dir() {
        if smoke {
            "/dev/shm/handbook-bench-smoke"
        } else {
            "/dev/shm/handbook-bench"
        }
    } else if smoke {
        "target/handbook-bench-smoke"
    } else {
        "target/handbook-bench"
    });
    let mut it = args.iter().skip(1);
    while let Some(a) = it.next() {
        match a.as_str() {
            "--sizes" => {
                sizes = it
                    .next()
                    .expect("--sizes N,N")
                    .split(',')
                    .map(|s| s.parse().expect("a number"))
                    .collect()
            }
            "--runs" => runs = it.next().expect("--runs N").parse().expect("a number"),
            "--dir" => dir = PathBuf::from(it.next().expect("--dir DIR")),
            _ => {}
        }
    }
    let handbook = PathBuf::from(env!("CARGO_BIN_EXE_handbook"));
    let me = std::env::current_exe().expect("current exe");
    let hugo = Command::new("hugo")
        .arg("version")
        .output()
        .ok()
        .filter(|o| o.status.success());
    println!("# handbook build benchmark");
    println!();
    println!("- machine: {} cores, {}", num_cpus(), cpu_model());
    println!("- handbook {}", env!("CARGO_PKG_VERSION"));
    if let Some(h) = &hugo {
        println!("- {}", String::from_utf8_lossy(&h.stdout).trim());
    } else {
        println!("- hugo: not installed, not measured");
    }
    println!(
        "- runs per measurement: {runs} (median reported); corpus and output on {}",
        dir.display()
    );
    println!();
    println!(
        "| pages | program | wall (median) | CPU (median) | peak RSS | wall ÷ baseline | output bytes/page |"
    );
    println!("|---:|---|---:|---:|---:|---:|---:|");
    for &n in &sizes {
        let src = dir.join(format!("hb-{n}"));
        if !src.join("handbook.yaml").exists() {
            let _ = std::fs::remove_dir_all(&src);
            generate::generate(&src, n, 42).expect("generate corpus");
        }
        let out = dir.join(format!("out-{n}"));
        let base_out = dir.join(format!("base-{n}"));
        // Baseline and handbook runs alternate, so both see the same drift of this noisy
        // machine (the same binary varies by tens of percent from minute to minute).
        let base_cmd = || {
            let mut c = Command::new(&me);
            c.arg("--baseline").arg(src.join("pages")).arg(&base_out);
            c
        };
        let ours_cmd = || {
            let mut c = Command::new(&handbook);
            c.arg("build").arg(&src).arg("-o").arg(&out).arg("--quiet");
            c
        };
        let mut both = measure(runs, &[(&base_out, &base_cmd), (&out, &ours_cmd)]);
        let ours = both.pop().expect("two series");
        let base = both.pop().expect("two series");
        let ours_bytes = bytes_per_page(&out);
        row(
            n,
            "pulldown-cmark baseline",
            &base,
            &base,
            bytes_per_page(&base_out),
        );
        row(n, "handbook build", &ours, &base, ours_bytes);
        if hugo.is_some() {
            let site = dir.join(format!("hugo-{n}"));
            if !site.join("hugo.toml").exists() {
                hugo_site(&src, &site);
            }
            let hugo_out = dir.join(format!("hugo-out-{n}"));
            let hugo_cmd = || {
                let mut c = Command::new("hugo");
                c.arg("--quiet")
                    .arg("-s")
                    .arg(&site)
                    .arg("-d")
                    .arg(&hugo_out);
                c
            };
            let h = measure(runs, &[(&hugo_out, &hugo_cmd)])
                .pop()
                .expect("one series");
            row(n, "hugo", &h, &base, bytes_per_page(&hugo_out));
            println!(
                "|  | handbook vs hugo | {:.1}× faster |  |  |  |  |",
                median(&h, |r| r.wall).as_secs_f64() / median(&ours, |r| r.wall).as_secs_f64()
            );
        }
    }
}

fn row(n: usize, name: &str, runs: &[Run], base: &[Run], bytes: u64) {
    let wall = median(runs, |r| r.wall);
    let cpu = median(runs, |r| r.cpu);
    let mut rss: Vec<u64> = runs.iter().map(|r| r.max_rss_kib).collect();
    rss.sort_unstable();
    let ratio = wall.as_secs_f64() / median(base, |r| r.wall).as_secs_f64();
    println!(
        "| {n} | {name} | {:.3} s | {:.3} s | {:.0} MiB | {ratio:.2} | {bytes} |",
        wall.as_secs_f64(),
        cpu.as_secs_f64(),
        rss[rss.len() / 2] as f64 / 1024.0
    );
}

fn median(runs: &[Run], f: impl Fn(&Run) -> Duration) -> Duration {
    let mut v: Vec<Duration> = runs.iter().map(f).collect();
    v.sort();
    v[v.len() / 2]
}

/// Runs each command `runs` times (after one warm-up round), alternating between them round
/// by round and removing each one's output folder before its run; one series per command.
fn measure(runs: usize, cmds: &[(&Path, &dyn Fn() -> Command)]) -> Vec<Vec<Run>> {
    let mut series = vec![Vec::with_capacity(runs); cmds.len()];
    for round in 0..=runs {
        for (i, (out, make)) in cmds.iter().enumerate() {
            let _ = std::fs::remove_dir_all(out);
            let r = run(make());
            if round > 0 {
                series[i].push(r);
            }
        }
    }
    series
}

fn run(mut cmd: Command) -> Run {
    let started = Instant::now();
    // Reaped below with wait4, which also reports the child's CPU time and peak memory.
    #[allow(clippy::zombie_processes)]
    let child = cmd.spawn().expect("spawn");
    let mut status = 0;
    // SAFETY: rusage is plain data; wait4 fills it for our own child.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let pid = child.id() as libc::pid_t;
    // SAFETY: valid pointers to locals; the child is ours and not yet reaped.
    let rc = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let wall = started.elapsed();
    assert_eq!(rc, pid, "wait4");
    assert!(
        libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
        "command failed: {cmd:?}"
    );
    let tv = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    Run {
        wall,
        cpu: tv(usage.ru_utime) + tv(usage.ru_stime),
        max_rss_kib: usage.ru_maxrss as u64,
    }
}

fn bytes_per_page(dir: &Path) -> u64 {
    let (mut bytes, mut pages) = (0u64, 0u64);
    for e in walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
    {
        if e.file_type().is_file() {
            bytes += e.metadata().map_or(0, |m| m.len());
            if e.path().extension().is_some_and(|x| x == "html") {
                pages += 1;
            }
        }
    }
    bytes / pages.max(1)
}

/// The baseline: read every Markdown file, render it with pulldown-cmark, write the HTML.
fn baseline(pages: &Path, out: &Path) {
    let files: Vec<PathBuf> = walkdir::WalkDir::new(pages)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.into_path())
        .collect();
    files.par_iter().for_each(|f| {
        let text = std::fs::read_to_string(f).expect("read");
        let parser = pulldown_cmark::Parser::new_ext(&text, handbook::markdown_options());
        let mut html = String::with_capacity(text.len() * 3 / 2);
        pulldown_cmark::html::push_html(&mut html, parser);
        let rel = f.strip_prefix(pages).expect("inside");
        let dest = out.join(rel).with_extension("").join("index.html");
        std::fs::create_dir_all(dest.parent().expect("parent")).expect("mkdir");
        std::fs::write(dest, html).expect("write");
    });
}

/// A Hugo site over the same pages, with a minimal template that, like ours, lists the
/// section's sibling pages on every page.
fn hugo_site(src: &Path, site: &Path) {
    let content = site.join("content");
    for e in walkdir::WalkDir::new(src.join("pages"))
        .into_iter()
        .filter_map(Result::ok)
    {
        let rel = e.path().strip_prefix(src.join("pages")).expect("inside");
        let dest = content.join(rel);
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&dest).expect("mkdir");
        } else if rel.to_string_lossy() == "index.md" {
            std::fs::copy(e.path(), content.join("_index.md")).expect("copy");
        } else {
            std::fs::copy(e.path(), dest).expect("copy");
        }
    }
    std::fs::write(
        site.join("hugo.toml"),
        "baseURL = 'https://example.org/'\ntitle = 'bench'\ndisableKinds = ['taxonomy', 'term', 'RSS', 'sitemap', 'robotsTXT']\n[markup.goldmark.renderer]\nunsafe = true\n",
    )
    .expect("config");
    let layouts = site.join("layouts/_default");
    std::fs::create_dir_all(&layouts).expect("layouts");
    let page = "<!DOCTYPE html><html><head><title>{{ .Title }}</title></head><body><nav><ul>{{ range .CurrentSection.Pages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></li>{{ end }}</ul></nav><main><h1>{{ .Title }}</h1>{{ .Content }}</main></body></html>\n";
    std::fs::write(layouts.join("single.html"), page).expect("single");
    std::fs::write(layouts.join("list.html"), page).expect("list");
}

fn num_cpus() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

fn cpu_model() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|m| m.trim().to_string())
        })
        .unwrap_or_else(|| "unknown CPU".into())
}
