//! The preview server's request-path handling: any request path maps to a file of the site or
//! to nothing, never outside it.
#![no_main]

use handbook::fuzzing::serve_path;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    serve_path(&String::from_utf8_lossy(data));
});
