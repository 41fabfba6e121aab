//! Front matter splitting and parsing: any bytes as a page.
#![no_main]

use handbook::parse::parse_page;
use handbook::source::{SourceFile, SourceMap};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    let mut sources = SourceMap::new(std::path::Path::new("/hb"));
    let id = sources.add(SourceFile::new("pages/x.md".into(), "/hb/pages/x.md".into(), text));
    let (page, diags) = parse_page(&sources, id);
    let len = sources.get(id).text.len();
    assert!(page.body_start <= len);
    for d in diags {
        assert!(d.span.end as usize <= len, "span past the end: {d:?}");
        let _ = sources.get(id).line_col(d.span.start as usize);
    }
});
