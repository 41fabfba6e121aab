//! Markdown rendering, link rewriting and heading slugs.
#![no_main]

use handbook::fuzzing::render_markdown;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    render_markdown(&text);
});
