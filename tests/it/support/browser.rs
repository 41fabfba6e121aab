//! Headless Chromium driven over the Chrome DevTools Protocol (a WebSocket per page), for the
//! theme, publishing and live-preview tests.
//!
//! Chromium is Debian's `chromium`, started as the test machine requires: headless, no
//! sandbox (root), no background networking (the network is closed), a fresh profile.

use std::io::ErrorKind;
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use tungstenite::{Message, WebSocket};

/// True when browser tests must run (tests/run.sh), false when they may be skipped.
pub fn required() -> bool {
    std::env::var_os("HANDBOOK_REQUIRE_TOOLS").is_some()
}

/// The Chromium binary, if installed.
pub fn chromium() -> Option<PathBuf> {
    [
        "/usr/bin/chromium",
        "/usr/bin/chromium-browser",
        "/usr/bin/google-chrome",
    ]
    .iter()
    .map(PathBuf::from)
    .find(|p| p.exists())
}

/// A headless Chromium; killed when dropped.
pub struct Browser {
    child: Child,
    port: u16,
    _profile: tempfile::TempDir,
}

impl Browser {
    /// Starts Chromium, or returns `None` (with a note) when it isn't installed and the tests
    /// may be skipped. Panics when it is required but missing.
    pub fn launch() -> Option<Browser> {
        let Some(bin) = chromium() else {
            assert!(
                !required(),
                "chromium is not installed (tests/run.sh installs it)"
            );
            eprintln!("skipping: chromium is not installed; run tests/run.sh");
            return None;
        };
        let profile = tempfile::tempdir().expect("profile dir");
        let child = Command::new(bin)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--allow-file-access-from-files",
                "--remote-debugging-port=0",
                "--window-size=1280,900",
            ])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg("about:blank")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromium");
        let file = profile.path().join("DevToolsActivePort");
        let deadline = Instant::now() + Duration::from_secs(30);
        let port = loop {
            if let Ok(text) = std::fs::read_to_string(&file) {
                if let Some(p) = text.lines().next().and_then(|l| l.trim().parse().ok()) {
                    break p;
                }
            }
            assert!(Instant::now() < deadline, "chromium did not start");
            std::thread::sleep(Duration::from_millis(50));
        };
        Some(Browser {
            child,
            port,
            _profile: profile,
        })
    }

    /// Opens a new tab.
    pub fn page(&self) -> Page {
        let (status, _, body) = super::http::request(self.port, "PUT", "/json/new?about:blank");
        assert_eq!(status, 200, "open a tab");
        let target: Value = serde_json::from_slice(&body).expect("target json");
        let ws_url = target["webSocketDebuggerUrl"]
            .as_str()
            .expect("ws url")
            .to_string();
        let stream = TcpStream::connect(("127.0.0.1", self.port)).expect("connect devtools");
        let (socket, _) = tungstenite::client(ws_url.as_str(), stream).expect("websocket");
        let mut page = Page {
            socket,
            next_id: 0,
            events: Vec::new(),
        };
        for domain in ["Page.enable", "Runtime.enable", "Log.enable"] {
            page.call(domain, json!({}));
        }
        page
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One tab.
pub struct Page {
    socket: WebSocket<TcpStream>,
    next_id: u64,
    events: Vec<Value>,
}

impl Page {
    fn read(&mut self, until: Instant) -> Option<Value> {
        let stream = self.socket.get_mut();
        let left = until
            .saturating_duration_since(Instant::now())
            .max(Duration::from_millis(5));
        stream.set_read_timeout(Some(left)).ok()?;
        match self.socket.read() {
            Ok(Message::Text(t)) => serde_json::from_str(t.as_str()).ok(),
            Ok(_) => None,
            Err(tungstenite::Error::Io(e))
                if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) =>
            {
                None
            }
            Err(e) => panic!("devtools connection: {e}"),
        }
    }

    /// Sends a CDP command and waits for its result; events seen meanwhile are kept.
    pub fn call(&mut self, method: &str, params: Value) -> Value {
        self.try_call(method, params)
            .unwrap_or_else(|err| panic!("{method}: {err}"))
    }

    /// Sends a CDP command; its result, or the protocol's error.
    pub fn try_call(&mut self, method: &str, params: Value) -> Result<Value, Value> {
        self.next_id += 1;
        let id = self.next_id;
        let msg = json!({"id": id, "method": method, "params": params}).to_string();
        self.socket.send(Message::text(msg)).expect("send");
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            assert!(Instant::now() < deadline, "no answer to {method}");
            let Some(v) = self.read(deadline) else {
                continue;
            };
            if v["id"] == id {
                return match v.get("error") {
                    Some(err) => Err(err.clone()),
                    None => Ok(v["result"].clone()),
                };
            }
            self.events.push(v);
        }
    }

    /// Waits up to `timeout` for an event named `method`; returns it.
    pub fn wait_event(&mut self, method: &str, timeout: Duration) -> Option<Value> {
        if let Some(i) = self.events.iter().position(|e| e["method"] == method) {
            return Some(self.events.remove(i));
        }
        let deadline = Instant::now() + timeout;
        while Instant::now() < deadline {
            if let Some(v) = self.read(deadline) {
                if v["method"] == method {
                    return Some(v);
                }
                self.events.push(v);
            }
        }
        None
    }

    /// Loads `url` and waits for its load event.
    pub fn goto(&mut self, url: &str) {
        self.events.retain(|e| e["method"] != "Page.loadEventFired");
        let r = self.call("Page.navigate", json!({"url": url}));
        assert!(r.get("errorText").is_none(), "navigate {url}: {r}");
        self.wait_event("Page.loadEventFired", Duration::from_secs(30))
            .unwrap_or_else(|| panic!("{url} did not load"));
    }

    /// Evaluates JavaScript in the page and returns its (JSON) value.
    pub fn eval(&mut self, expression: &str) -> Value {
        let r = self.call(
            "Runtime.evaluate",
            json!({"expression": expression, "returnByValue": true, "awaitPromise": true}),
        );
        if let Some(ex) = r.get("exceptionDetails") {
            panic!("{expression}: {ex}");
        }
        r["result"]["value"].clone()
    }

    /// Polls `expression` until it is truthy or `timeout` passes; returns whether it became so.
    /// Errors while a navigation replaces the page count as "not yet".
    pub fn wait_for(&mut self, expression: &str, timeout: Duration) -> bool {
        let deadline = Instant::now() + timeout;
        loop {
            let r = self.try_call(
                "Runtime.evaluate",
                json!({"expression": format!("!!({expression})"), "returnByValue": true}),
            );
            if r.is_ok_and(|r| r["result"]["value"] == Value::Bool(true)) {
                return true;
            }
            if Instant::now() >= deadline {
                return false;
            }
            // Keep reading events meanwhile, so they aren't lost.
            let until = Instant::now() + Duration::from_millis(50);
            while let Some(e) = self.read(until) {
                self.events.push(e);
            }
        }
    }

    /// Sets the viewport size (and mobile emulation below 600 px).
    pub fn viewport(&mut self, width: u32, height: u32) {
        self.call(
            "Emulation.setDeviceMetricsOverride",
            json!({"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600}),
        );
    }

    /// Emulates the system colour scheme.
    pub fn color_scheme(&mut self, dark: bool) {
        self.call(
            "Emulation.setEmulatedMedia",
            json!({"features": [{"name": "prefers-color-scheme", "value": if dark { "dark" } else { "light" }}]}),
        );
    }

    /// Types text into the focused element, as keystrokes.
    pub fn type_text(&mut self, text: &str) {
        self.call("Input.insertText", json!({"text": text}));
    }

    /// Presses a key (`"/"`, `"Enter"`, `"ArrowDown"`...).
    pub fn press(&mut self, key: &str) {
        let (code, text) = match key {
            "Enter" => (13, "\r"),
            "ArrowDown" => (40, ""),
            "Escape" => (27, ""),
            "/" => (191, "/"),
            _ => (0, key),
        };
        for kind in ["keyDown", "keyUp"] {
            let mut params = json!({"type": kind, "key": key, "windowsVirtualKeyCode": code});
            if kind == "keyDown" && !text.is_empty() {
                params["text"] = json!(text);
            }
            self.call("Input.dispatchKeyEvent", params);
        }
    }

    /// Saves a PNG screenshot of the viewport.
    pub fn screenshot(&mut self, path: &std::path::Path) {
        let r = self.call("Page.captureScreenshot", json!({"format": "png"}));
        let data = data_encoding::BASE64
            .decode(r["data"].as_str().expect("png data").as_bytes())
            .expect("base64");
        std::fs::write(path, data).expect("write screenshot");
    }

    /// Console errors, uncaught exceptions and failed loads seen so far.
    pub fn errors(&mut self) -> Vec<String> {
        let until = Instant::now() + Duration::from_millis(100);
        while let Some(e) = self.read(until) {
            self.events.push(e);
        }
        self.events
            .iter()
            .filter_map(|e| match e["method"].as_str() {
                Some("Runtime.exceptionThrown") => {
                    Some(e["params"]["exceptionDetails"].to_string())
                }
                Some("Runtime.consoleAPICalled") if e["params"]["type"] == "error" => {
                    Some(e["params"]["args"].to_string())
                }
                Some("Log.entryAdded") if e["params"]["entry"]["level"] == "error" => {
                    Some(e["params"]["entry"].to_string())
                }
                _ => None,
            })
            .collect()
    }

    /// Forgets the events seen so far.
    pub fn clear_events(&mut self) {
        self.events.clear();
    }
}
