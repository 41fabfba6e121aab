//! Front matter splitting and parsing: any bytes as a page.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| handbook::fuzzing::front_matter(data));
