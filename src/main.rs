//! The `handbook` binary: parses arguments and hands over to [`handbook::cli`].

use std::process::ExitCode;

// Rendering allocates many short-lived strings on all threads at once; glibc's malloc spent
// about a sixth of a 10,000-page build in its own bookkeeping (docs/benchmarks.md).
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    handbook::main()
}
