//! Live-preview latency: `cargo bench --bench serve`.
//!
//! Starts `handbook serve` on a generated handbook, listens to its event stream like a browser
//! tab does, and measures the time from saving a file to the `reload` message arriving: for an
//! edit to one page's text, and for an edit to YAML data (a role's title, shown on many pages).
//! The debounce that waits for an editor's burst of writes to end is included.
//!
//! Options (after `--`): `--pages 10000`, `--edits 21`, `--dir /dev/shm/handbook-bench`.
#![allow(clippy::print_stdout, clippy::print_stderr)]

#[path = "support/generate.rs"]
mod generate;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

struct Server {
    child: Child,
    port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(root: &Path) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_handbook"))
        .arg("serve")
        .arg(root)
        .args(["--port", "0", "--quiet"])
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .expect("start handbook serve");
    let mut lines = BufReader::new(child.stderr.take().expect("stderr")).lines();
    let port = loop {
        let line = lines.next().expect("serve exited").expect("read");
        if let Some(rest) = line.split("http://127.0.0.1:").nth(1) {
            break rest
                .split('/')
                .next()
                .expect("port")
                .parse()
                .expect("a port");
        }
    };
    std::thread::spawn(move || for _ in lines {});
    Server { child, port }
}

/// An open event stream.
struct Events {
    stream: TcpStream,
    seen: String,
}

impl Events {
    fn connect(port: u16) -> Events {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
        write!(
            stream,
            "GET /__handbook/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n"
        )
        .expect("request");
        stream
            .set_read_timeout(Some(Duration::from_millis(5)))
            .expect("timeout");
        let mut events = Events {
            stream,
            seen: String::new(),
        };
        events.wait("event: status", Duration::from_secs(30));
        events
    }

    /// Reads until an event block contains `needle`; returns when it arrived.
    fn wait(&mut self, needle: &str, timeout: Duration) -> Instant {
        let deadline = Instant::now() + timeout;
        let mut buf = [0u8; 65536];
        loop {
            if let Some(i) = self.seen.find(needle) {
                self.seen.drain(..i + needle.len());
                return Instant::now();
            }
            assert!(Instant::now() < deadline, "timed out waiting for {needle}");
            if let Ok(n) = self.stream.read(&mut buf) {
                self.seen.push_str(&String::from_utf8_lossy(&buf[..n]));
            }
        }
    }

    fn clear(&mut self) {
        let mut buf = [0u8; 65536];
        while let Ok(n) = self.stream.read(&mut buf) {
            if n == 0 {
                break;
            }
        }
        self.seen.clear();
    }
}

fn generation(port: u16) -> u64 {
    let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    write!(
        s,
        "GET /__handbook/status HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .expect("request");
    let mut text = String::new();
    s.read_to_string(&mut text).expect("read");
    text.split("\"generation\":")
        .nth(1)
        .and_then(|r| r.split([',', '}']).next())
        .and_then(|n| n.parse().ok())
        .expect("generation")
}

/// Waits until the server finished the rebuild after `before` (follow-up work included).
fn settle(port: u16, before: u64) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while generation(port) <= before {
        assert!(Instant::now() < deadline, "the server did not settle");
        std::thread::sleep(Duration::from_millis(10));
    }
    std::thread::sleep(Duration::from_millis(50));
}

fn median(mut v: Vec<Duration>) -> (Duration, Duration) {
    v.sort();
    (v[v.len() / 2], v[(v.len() * 9 / 10).min(v.len() - 1)])
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let smoke = !args.iter().any(|a| a == "--bench");
    let mut pages = if smoke { 60 } else { 10_000 };
    let mut edits = if smoke { 3 } else { 21 };
    let mut dir = PathBuf::from(if Path::new("/dev/shm").is_dir() {
        "/dev/shm/handbook-bench"
    } else {
        "target/handbook-bench"
    });
    let mut it = args.iter().skip(1);
    while let Some(a) = it.next() {
        match a.as_str() {
            "--pages" => pages = it.next().expect("--pages N").parse().expect("a number"),
            "--edits" => edits = it.next().expect("--edits N").parse().expect("a number"),
            "--dir" => dir = PathBuf::from(it.next().expect("--dir DIR")),
            _ => {}
        }
    }
    let root = dir.join(format!("serve-{pages}"));
    let _ = std::fs::remove_dir_all(&root);
    generate::generate(&root, pages, 7).expect("generate");
    let server = start(&root);
    let mut events = Events::connect(server.port);

    // Edits to one page's text: a page in the middle of the handbook.
    let page = root.join("pages").join(generate::page_rel(pages / 2));
    let original = std::fs::read_to_string(&page).expect("read page");
    let (top, sub, stem) = generate::page_path(pages / 2);
    let url = format!("area-{top:03}/topic-{sub:02}/{stem}/index.html");
    let mut page_times = Vec::new();
    for i in 0..edits {
        let before = generation(server.port);
        events.clear();
        let text = original.replacen(
            "\n## ",
            &format!("\nEdit number {i} while previewing.\n\n## "),
            1,
        );
        let saved = Instant::now();
        std::fs::write(&page, text).expect("write page");
        let arrived = events.wait(&format!("\"{url}\""), Duration::from_secs(60));
        page_times.push(arrived - saved);
        settle(server.port, before);
    }

    // Edits to YAML data: the title of a role that many pages show.
    let role = root.join("roles/role-0001.yaml");
    let role_text = std::fs::read_to_string(&role).expect("read role");
    let mut data_times = Vec::new();
    for i in 0..edits {
        let before = generation(server.port);
        events.clear();
        let saved = Instant::now();
        std::fs::write(
            &role,
            role_text.replacen("title: Role 1", &format!("title: Role 1 (edit {i})"), 1),
        )
        .expect("write role");
        let arrived = events.wait("event: reload", Duration::from_secs(60));
        data_times.push(arrived - saved);
        settle(server.port, before);
    }

    let (pm, p90) = median(page_times);
    let (dm, d90) = median(data_times);
    println!("# handbook serve latency, {pages} pages, {edits} edits each");
    println!();
    println!("| edit | median save → reload message | 90th percentile |");
    println!("|---|---:|---:|");
    println!(
        "| one page's text | {:.0} ms | {:.0} ms |",
        pm.as_secs_f64() * 1e3,
        p90.as_secs_f64() * 1e3
    );
    println!(
        "| a role's title (YAML) | {:.0} ms | {:.0} ms |",
        dm.as_secs_f64() * 1e3,
        d90.as_secs_f64() * 1e3
    );
}
