//! `handbook serve`: the real server over HTTP
//! (traversal attempts, MIME types, HEAD, 404, concurrency, a taken port); watching (bursts,
//! atomic saves, files and folders created, renamed and deleted, the output folder ignored);
//! live reload, the error overlay and stylesheet swaps in headless Chromium.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::support::browser::Browser;
use crate::support::http::request;
use crate::support::{self, write};

/// A running `handbook serve`; killed when dropped.
struct Served {
    child: Child,
    port: u16,
    log: Arc<Mutex<String>>,
}

impl Served {
    fn start(root: &Path, extra: &[&str]) -> Served {
        let mut child = support::handbook()
            .arg("serve")
            .arg(root)
            .args(["--port", "0"])
            .args(extra)
            .stderr(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .unwrap();
        let log = Arc::new(Mutex::new(String::new()));
        let stderr = child.stderr.take().unwrap();
        let sink = log.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let mut log = sink.lock().unwrap();
                log.push_str(&line);
                log.push('\n');
            }
        });
        let mut served = Served {
            child,
            port: 0,
            log,
        };
        assert!(
            served.wait_log("Serving the handbook at", Duration::from_secs(60)),
            "{}",
            served.text()
        );
        let text = served.text();
        let url = text.split("http://127.0.0.1:").nth(1).unwrap();
        served.port = url.split('/').next().unwrap().parse().unwrap();
        served
    }

    fn text(&self) -> String {
        self.log.lock().unwrap().clone()
    }

    fn wait_log(&self, needle: &str, timeout: Duration) -> bool {
        let deadline = Instant::now() + timeout;
        while Instant::now() < deadline {
            if self.text().contains(needle) {
                return true;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        false
    }

    fn rebuilds(&self) -> usize {
        self.text().matches("Rebuilt (").count()
    }

    /// Waits until `count` rebuilds have been logged.
    fn wait_rebuilds(&self, count: usize) -> bool {
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            if self.rebuilds() >= count {
                return true;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        false
    }

    fn get(&self, path: &str) -> (u16, String, Vec<u8>) {
        request(self.port, "GET", path)
    }

    /// Waits for the generation counter to move past `after`, then for things to settle.
    fn generation(&self) -> u64 {
        let (_, _, body) = self.get("/__handbook/status");
        let v: serde_json::Value = serde_json::from_slice(&body).unwrap();
        v["generation"].as_u64().unwrap()
    }

    fn wait_generation(&self, after: u64) {
        let deadline = Instant::now() + Duration::from_secs(30);
        while self.generation() <= after {
            assert!(
                Instant::now() < deadline,
                "no rebuild happened: {}",
                self.text()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn the_server_serves_the_site_and_nothing_else() {
    let (tmp, root) = support::example_copy();
    std::fs::write(
        tmp.path().join("secret.txt"),
        "top secret outside the handbook",
    )
    .unwrap();
    std::fs::create_dir_all(root.join("static")).unwrap();
    std::os::unix::fs::symlink("/etc/passwd", root.join("static/passwd")).unwrap();
    std::os::unix::fs::symlink(
        tmp.path().join("secret.txt"),
        root.join("static/secret.txt"),
    )
    .unwrap();
    // The links out are reported (not followed); take them away again to get a site.
    let o = support::run(&["check", root.to_str().unwrap(), "--format", "json"]);
    assert!(
        support::stdout(&o).contains("points outside the handbook"),
        "{}",
        support::stdout(&o)
    );
    std::fs::remove_file(root.join("static/passwd")).unwrap();
    std::fs::remove_file(root.join("static/secret.txt")).unwrap();
    let server = Served::start(&root, &[]);
    std::os::unix::fs::symlink(
        tmp.path().join("secret.txt"),
        root.join("static/secret.txt.bak"),
    )
    .unwrap();

    let (status, head, body) = server.get("/roles/platform-engineer/");
    assert_eq!(status, 200);
    assert!(
        head.to_ascii_lowercase()
            .contains("content-type: text/html; charset=utf-8")
    );
    assert!(
        String::from_utf8_lossy(&body)
            .contains("<script src=\"/__handbook/live.js\"></script></body>")
    );
    for (path, kind) in [
        ("/assets/style.css", "text/css"),
        ("/assets/handbook.js", "text/javascript"),
        ("/search-index.json", "application/json"),
        ("/assets/favicon.svg", "image/svg+xml"),
        ("/__handbook/live.js", "text/javascript"),
    ] {
        let (status, head, _) = server.get(path);
        assert_eq!(status, 200, "{path}");
        assert!(
            head.to_ascii_lowercase()
                .contains(&format!("content-type: {kind}")),
            "{path}: {head}"
        );
    }
    let (status, head, _) = server.get("/roles/platform-engineer");
    assert_eq!(status, 301);
    assert!(
        head.contains("location: /roles/platform-engineer/")
            || head.contains("Location: /roles/platform-engineer/"),
        "{head}"
    );
    let (status, _, body) = server.get("/no/such/page/");
    assert_eq!(status, 404);
    assert!(
        String::from_utf8_lossy(&body).contains("Page not found"),
        "the site's own 404 page"
    );
    let (status, _, _) = server.get("/assets/");
    assert_eq!(status, 404, "no directory listings");
    let (status, head, body) = request(server.port, "HEAD", "/values/");
    assert_eq!(status, 200);
    assert!(head.to_ascii_lowercase().contains("content-length:"));
    assert!(body.is_empty(), "HEAD has no body");
    let (status, _, _) = request(server.port, "POST", "/values/");
    assert_eq!(status, 405);

    for attempt in [
        "/../secret.txt",
        "/../../../../etc/passwd",
        "/%2e%2e/secret.txt",
        "/%2E%2E/%2E%2E/etc/passwd",
        "/..%2fsecret.txt",
        "/%2e%2e%2fsecret.txt",
        "/assets/..%2f..%2fsecret.txt",
        "/..\\secret.txt",
        "/..%5csecret.txt",
        "//etc/passwd",
        "/etc/passwd",
        "http://127.0.0.1/../secret.txt",
        "/static/secret.txt",
        "/secret.txt",
        "/secret.txt.bak",
        "/passwd",
        "/%00",
    ] {
        let (status, _, body) = request(server.port, "GET", attempt);
        let text = String::from_utf8_lossy(&body);
        assert!(status == 404 || status == 400, "{attempt}: {status}");
        assert!(
            !text.contains("top secret") && !text.contains("root:x:0"),
            "{attempt} leaked a file"
        );
    }
}

#[test]
fn concurrent_clients_are_all_served() {
    let (_tmp, root) = support::example_copy();
    let server = Served::start(&root, &[]);
    let port = server.port;
    let threads: Vec<_> = (0..16)
        .map(|t| {
            std::thread::spawn(move || {
                for i in 0..20 {
                    let path = [
                        "/",
                        "/values/",
                        "/roles/platform-engineer/",
                        "/ladder/ic/senior/",
                        "/assets/style.css",
                    ][(t + i) % 5];
                    let (status, _, body) = request(port, "GET", path);
                    assert_eq!(status, 200, "{path}");
                    assert!(!body.is_empty(), "{path}");
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
}

#[test]
fn a_taken_port_is_a_clear_error() {
    let (_tmp, root) = support::example_copy();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let o = support::handbook()
        .arg("serve")
        .arg(&root)
        .args(["--port", &port])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = support::stderr(&o);
    assert!(
        err.contains(&format!("port {port}"))
            && err.contains("already in use")
            && err.contains("--port 0"),
        "{err}"
    );
}

/// Reads `/__handbook/events` until an event named `name` carrying `needle` arrives.
fn wait_event(server: &Served, trigger: impl FnOnce(), name: &str, needle: &str) -> Duration {
    let mut s = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    write!(
        s,
        "GET /__handbook/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n"
    )
    .unwrap();
    s.set_read_timeout(Some(Duration::from_millis(200)))
        .unwrap();
    let mut seen = String::new();
    let mut buf = [0u8; 8192];
    // The first event (the current status) says the stream is open.
    let deadline = Instant::now() + Duration::from_secs(10);
    while !seen.contains("event: status") {
        assert!(Instant::now() < deadline, "no status event: {seen}");
        if let Ok(n) = s.read(&mut buf) {
            seen.push_str(&String::from_utf8_lossy(&buf[..n]));
        }
    }
    seen.clear();
    let started = Instant::now();
    trigger();
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        for block in seen.split("\n\n") {
            if block.contains(&format!("event: {name}")) && block.contains(needle) {
                return started.elapsed();
            }
        }
        assert!(
            Instant::now() < deadline,
            "no {name} event with {needle}: {seen}\nserver: {}",
            server.text()
        );
        if let Ok(n) = s.read(&mut buf) {
            seen.push_str(&String::from_utf8_lossy(&buf[..n]));
        }
    }
}

#[test]
fn watching_handles_bursts_atomic_saves_and_new_folders() {
    let (_tmp, root) = support::example_copy();
    let server = Served::start(&root, &[]);
    let page = root.join("pages/culture/one-on-ones.md");
    let original = std::fs::read_to_string(&page).unwrap();

    // One save: a reload event for the page, then the new text is served.
    let took = wait_event(
        &server,
        || {
            std::fs::write(
                &page,
                original.replace(
                    "## Weekly or biweekly",
                    "First edit.\n\n## Weekly or biweekly",
                ),
            )
            .unwrap()
        },
        "reload",
        "culture/one-on-ones/index.html",
    );
    assert!(took < Duration::from_secs(10));
    let (_, _, body) = server.get("/culture/one-on-ones/");
    assert!(String::from_utf8_lossy(&body).contains("First edit."));

    // A burst of twenty saves is debounced into very few rebuilds.
    let before = server.rebuilds();
    for i in 0..20 {
        std::fs::write(
            &page,
            original.replace(
                "## Weekly or biweekly",
                &format!("Burst {i}.\n\n## Weekly or biweekly"),
            ),
        )
        .unwrap();
        std::thread::sleep(Duration::from_millis(2));
    }
    assert!(server.wait_rebuilds(before + 1));
    std::thread::sleep(Duration::from_millis(500));
    assert!(
        server.rebuilds() - before <= 3,
        "{} rebuilds for one burst",
        server.rebuilds() - before
    );
    let (_, _, body) = server.get("/culture/one-on-ones/");
    assert!(
        String::from_utf8_lossy(&body).contains("Burst 19."),
        "the last save wins"
    );

    // An atomic save: write a temporary file, rename it over the page; swap and backup files
    // on the side don't matter. (A burst of `fs::write`s, each a truncation then a write,
    // may be read half-written by a rebuild on a loaded machine and report an error until
    // the next one: only what the atomic save prints counts here.)
    let g = server.generation();
    let seen = server.text().len();
    std::fs::write(root.join("pages/culture/.one-on-ones.md.swp"), "swap junk").unwrap();
    std::fs::write(root.join("pages/culture/one-on-ones.md~"), "backup").unwrap();
    let tmp = root.join("pages/culture/one-on-ones.md.tmp.4242");
    std::fs::write(
        &tmp,
        original.replace(
            "## Weekly or biweekly",
            "Atomic save.\n\n## Weekly or biweekly",
        ),
    )
    .unwrap();
    std::fs::rename(&tmp, &page).unwrap();
    server.wait_generation(g);
    let (_, _, body) = server.get("/culture/one-on-ones/");
    assert!(String::from_utf8_lossy(&body).contains("Atomic save."));
    let after = server.text()[seen..].to_string();
    assert!(!after.contains("error"), "{after}");

    // A new folder with a page; then renamed; then deleted.
    let g = server.generation();
    write(&root, "pages/guides/_index.md", "# Guides\n");
    write(
        &root,
        "pages/guides/first.md",
        "# First guide\n\nContent.\n",
    );
    server.wait_generation(g);
    let deadline = Instant::now() + Duration::from_secs(10);
    while server.get("/guides/first/").0 != 200 {
        assert!(
            Instant::now() < deadline,
            "new page not served: {}",
            server.text()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let g = server.generation();
    std::fs::rename(root.join("pages/guides"), root.join("pages/manuals")).unwrap();
    server.wait_generation(g);
    let deadline = Instant::now() + Duration::from_secs(10);
    while server.get("/manuals/first/").0 != 200 || server.get("/guides/first/").0 != 404 {
        assert!(
            Instant::now() < deadline,
            "rename not picked up: {}",
            server.text()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let g = server.generation();
    std::fs::remove_dir_all(root.join("pages/manuals")).unwrap();
    server.wait_generation(g);
    let deadline = Instant::now() + Duration::from_secs(10);
    while server.get("/manuals/first/").0 != 404 {
        assert!(Instant::now() < deadline, "deletion not picked up");
        std::thread::sleep(Duration::from_millis(50));
    }

    // Writing into the output folder never triggers a rebuild.
    let g = server.generation();
    std::fs::create_dir_all(root.join("public")).unwrap();
    std::fs::write(root.join("public/index.html"), "not ours").unwrap();
    std::thread::sleep(Duration::from_millis(800));
    assert_eq!(
        server.generation(),
        g,
        "the output folder triggered a rebuild"
    );
}

#[test]
fn live_reload_overlay_and_stylesheets_in_a_browser() {
    let Some(browser) = Browser::launch() else {
        return;
    };
    let (_tmp, root) = support::example_copy();
    write(
        &root,
        "static/custom.css",
        ".page-meta { letter-spacing: 0px; }\n",
    );
    write(
        &root,
        "templates/partials/page-footer.html",
        "<link rel=\"stylesheet\" href=\"{{ root }}custom.css\"><footer class=\"page-meta\">Footer</footer>",
    );
    let server = Served::start(&root, &[]);
    let mut page = browser.page();
    page.goto(&format!(
        "http://127.0.0.1:{}/culture/one-on-ones/",
        server.port
    ));
    assert!(page.wait_for("window.__handbookLive === true", Duration::from_secs(10)));
    let wait_connected = "window.__handbookConnected === true";
    assert!(page.wait_for(wait_connected, Duration::from_secs(10)));

    // Edit the Markdown: the new text appears without a manual reload.
    let md = root.join("pages/culture/one-on-ones.md");
    let text = std::fs::read_to_string(&md).unwrap();
    std::fs::write(
        &md,
        text.replace(
            "## Weekly or biweekly",
            "Freshly typed sentence.\n\n## Weekly or biweekly",
        ),
    )
    .unwrap();
    assert!(
        page.wait_for(
            "document.body.textContent.includes('Freshly typed sentence.')",
            Duration::from_secs(15)
        ),
        "{}",
        server.text()
    );

    // A YAML edit updates a page that shows that data.
    page.goto(&format!(
        "http://127.0.0.1:{}/values/ownership/",
        server.port
    ));
    assert!(page.wait_for(wait_connected, Duration::from_secs(10)));
    let role = root.join("roles/platform-engineer.yaml");
    let yaml = std::fs::read_to_string(&role).unwrap();
    std::fs::write(
        &role,
        yaml.replace("title: Platform Engineer", "title: Platform Wrangler"),
    )
    .unwrap();
    assert!(
        page.wait_for(
            "document.body.textContent.includes('Platform Wrangler')",
            Duration::from_secs(15)
        ),
        "{}",
        server.text()
    );

    // A broken edit shows the overlay, with file:line:col; fixing it removes the overlay.
    let values = root.join("values.yaml");
    let good = std::fs::read_to_string(&values).unwrap();
    std::fs::write(
        &values,
        good.replace("name: Own it end to end", "name: [Own it end to end"),
    )
    .unwrap();
    assert!(
        page.wait_for(
            "document.getElementById('hb-live-overlay') !== null",
            Duration::from_secs(15)
        ),
        "{}",
        server.text()
    );
    let overlay = page.eval("document.getElementById('hb-live-overlay').textContent");
    assert!(
        overlay.as_str().unwrap().contains("values.yaml:"),
        "{overlay}"
    );
    assert!(
        page.eval("document.querySelector('h1').textContent") == "Own it end to end",
        "the last good page stays"
    );
    std::fs::write(&values, &good).unwrap();
    assert!(
        page.wait_for(
            "document.getElementById('hb-live-overlay') === null",
            Duration::from_secs(15)
        ),
        "{}",
        server.text()
    );

    // A stylesheet edit swaps the CSS without reloading the page.
    page.eval("window.__notReloaded = 42");
    std::fs::write(
        root.join("static/custom.css"),
        ".page-meta { letter-spacing: 3px; }\n",
    )
    .unwrap();
    assert!(
        page.wait_for(
            "getComputedStyle(document.querySelector('.page-meta')).letterSpacing === '3px'",
            Duration::from_secs(15)
        ),
        "{}",
        server.text()
    );
    assert_eq!(
        page.eval("window.__notReloaded"),
        42,
        "the page was not reloaded"
    );
    let errors: Vec<String> = page
        .errors()
        .into_iter()
        .filter(|e| !e.contains("__handbook/events"))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

/// Issue 19, item 1: while a loop swaps a static file for a link out of the handbook, the
/// preview (rebuilding on every swap) never serves what the link points at. (Before the fix it
/// served it hundreds of times in 20 seconds.)
#[test]
fn a_link_swapped_in_while_serving_never_leaks_the_file() {
    let (tmp, root) = support::example_copy();
    write(&root, "static/race.txt", "harmless");
    let secret = tmp.path().join("secret.txt");
    std::fs::write(&secret, "SECRET-OUTSIDE-THE-HANDBOOK").unwrap();
    let server = Served::start(&root, &[]);
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let swapper = crate::robustness::swap_race_file(&root, &secret, stop.clone());
    let mut served = 0;
    let mut leaked = None;
    for i in 0..1000 {
        let (status, _, body) = server.get("/race.txt");
        served += usize::from(status == 200);
        if String::from_utf8_lossy(&body).contains("SECRET") {
            leaked = Some(i + 1);
            break;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let swaps = swapper.join().unwrap();
    assert_eq!(
        leaked,
        None,
        "request {leaked:?} got the file outside ({swaps} swaps)\n{}",
        server.text()
    );
    assert!(served > 0, "the file itself is served");
}

/// Sends `head` as it is on a new connection and returns everything the server answers.
fn raw(port: u16, head: &str) -> String {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    s.write_all(head.as_bytes()).unwrap();
    let mut out = Vec::new();
    let _ = s.read_to_end(&mut out);
    String::from_utf8_lossy(&out).into_owned()
}

/// Issue 19, item 8: `serve` answered any `Host`, so a page on `attacker.example` resolving
/// to 127.0.0.1 (DNS rebinding) could read the handbook. Only loopback names and addresses
/// (and the server's own address) are answered (SPEC §5).
#[test]
fn requests_naming_another_host_are_refused() {
    let (_tmp, root) = support::example_copy();
    let server = Served::start(&root, &[]);
    let port = server.port;
    let get = |host: &str| {
        raw(
            port,
            &format!("GET /handbook.json HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"),
        )
    };
    for host in [
        format!("attacker.example:{port}"),
        "attacker.example".into(),
        format!("127.0.0.1.nip.io:{port}"),
    ] {
        let answer = get(&host);
        assert!(answer.starts_with("HTTP/1.1 403"), "{host}: {answer}");
        assert!(
            !answer.contains("\"generator\""),
            "{host} read the handbook"
        );
    }
    for host in [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        "localhost".into(),
        format!("[::1]:{port}"),
    ] {
        let answer = get(&host);
        assert!(answer.starts_with("HTTP/1.1 200"), "{host}: {answer}");
        assert!(answer.contains("\"generator\""), "{host}");
    }
    let answer = raw(port, "GET / HTTP/1.0\r\n\r\n");
    assert!(answer.starts_with("HTTP/1.0 403"), "no Host: {answer}");
}

/// Issue 19, item 8: idle connections, and connections that send half a request and stop,
/// were held open for ever. They are closed after the idle timeout (1 second here).
#[test]
fn idle_and_half_sent_connections_are_closed() {
    let (_tmp, root) = support::example_copy();
    let server = Served::start(&root, &["--idle-timeout", "1"]);
    for sent in [
        "",
        "GET /values/ HTTP/1.1\r\nHost: 127.",
        "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
    ] {
        let mut s = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
        s.write_all(sent.as_bytes()).unwrap();
        // Far longer than the timeout: a connection still open then is held for ever.
        s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
        let mut all = Vec::new();
        let end = s.read_to_end(&mut all);
        assert!(end.is_ok(), "{sent:?}: still open ({end:?})");
        if sent.ends_with("\r\n\r\n") {
            assert!(
                all.starts_with(b"HTTP/1.1 200"),
                "answered, then closed when idle"
            );
        }
    }
}
