//! The `handbook` binary: parses arguments and hands over to [`handbook::cli`].

use std::alloc::{GlobalAlloc, Layout};
use std::ffi::c_void;
use std::process::ExitCode;

use libmimalloc_sys as mi;

// Rendering allocates many short-lived strings on all threads at once; glibc's malloc spent
// about a sixth of a 10,000-page build in its own bookkeeping (see docs/benchmarks.md).
// mimalloc's v2 line: less CPU and peak memory than v3 here (two sets of 11 alternating runs).
#[global_allocator]
static ALLOC: MiMalloc = MiMalloc;

/// mimalloc, asked for alignment only when a layout needs more than its blocks always have.
/// (The `mimalloc` crate passes every request through `mi_malloc_aligned`, whose extra checks
/// cost about 1% of a 10,000-page build's instructions: 3.3 million allocations.)
struct MiMalloc;

/// Every mimalloc block of at least this size is aligned to it (`MI_MAX_ALIGN_SIZE`).
const MIN_ALIGN: usize = 16;

/// Whether `mi_malloc`'s natural alignment is enough for `align` at `size` bytes.
fn natural(align: usize, size: usize) -> bool {
    align <= MIN_ALIGN && align <= size
}

#[allow(unsafe_code)]
// SAFETY: each method forwards to the mimalloc function with the same contract; a block is
// freed by `mi_free` whichever function allocated it.
unsafe impl GlobalAlloc for MiMalloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: plain C calls; mimalloc handles any size.
        unsafe {
            if natural(layout.align(), layout.size()) {
                mi::mi_malloc(layout.size()).cast()
            } else {
                mi::mi_malloc_aligned(layout.size(), layout.align()).cast()
            }
        }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as `alloc`.
        unsafe {
            if natural(layout.align(), layout.size()) {
                mi::mi_zalloc(layout.size()).cast()
            } else {
                mi::mi_zalloc_aligned(layout.size(), layout.align()).cast()
            }
        }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, _layout: Layout) {
        // SAFETY: `ptr` came from this allocator (the caller's contract).
        unsafe { mi::mi_free(ptr.cast::<c_void>()) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: `ptr` came from this allocator with `layout` (the caller's contract).
        unsafe {
            if natural(layout.align(), new_size) {
                mi::mi_realloc(ptr.cast::<c_void>(), new_size).cast()
            } else {
                mi::mi_realloc_aligned(ptr.cast::<c_void>(), new_size, layout.align()).cast()
            }
        }
    }
}

fn main() -> ExitCode {
    handbook::cli::main()
}
