//! Whole-handbook `check` on a folder generated from the input: the input is split into files
//! (`\x00path\x00content` records), written to a temporary folder and checked.
#![no_main]

use handbook::fuzzing::check_folder_from_bytes;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    check_folder_from_bytes(data);
});
