//! Every YAML kind's loading: the first byte picks the kind, the rest is the file.
#![no_main]

use handbook::fuzzing::load_kind;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&kind, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    load_kind(kind, &text);
});
