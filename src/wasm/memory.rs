//! The engine's allocator in the page: the standard one (dlmalloc), asking the browser for memory
//! in larger steps.
//!
//! Wasm memory only grows, a 64 KiB page at a time as dlmalloc needs it, and V8 answers every
//! `memory.grow` with a new `ArrayBuffer` over the whole memory, counted as fresh external memory:
//! a few hundred small steps started as many garbage collections of the page's JS heap. Building
//! the report of a 200 MB file grew the memory about 700 times in 45 MB and spent a quarter of its
//! 0.6 s in those collections (Node, V8). So when dlmalloc has just grown the memory, this asks
//! for [`HEADROOM_DIVISOR`]⁻¹ of the memory more in one step and frees it at once: dlmalloc keeps it
//! as free space at the top and the next allocations take it without growing. The memory grows
//! geometrically, a few dozen steps from empty to a gigabyte, and at most that fraction of it is
//! spare at the end.

use std::alloc::{GlobalAlloc, Layout, System};
use std::arch::wasm32::memory_size;
use std::sync::atomic::{AtomicBool, Ordering};

/// The headroom taken at each growth: a sixteenth of the memory (at most 6 % of the peak unused).
const HEADROOM_DIVISOR: usize = 16;
const PAGE: usize = 64 * 1024;

/// The allocator of the wasm build (see the module's doc).
pub(crate) struct Headroom;

/// Set while the headroom is being taken, so that its own allocation does not ask for more.
static TAKING: AtomicBool = AtomicBool::new(false);

impl Headroom {
    /// After an allocation that grew the memory from `pages_before`: takes the headroom.
    fn after(&self, pages_before: usize) {
        let pages = memory_size(0);
        if pages == pages_before || TAKING.swap(true, Ordering::Relaxed) {
            return;
        }
        let bytes = pages * PAGE / HEADROOM_DIVISOR;
        if let Ok(layout) = Layout::from_size_align(bytes, 16) {
            // SAFETY: a non-zero layout (at least a page / 16), freed right away with the same layout.
            unsafe {
                let room = System.alloc(layout);
                if !room.is_null() {
                    System.dealloc(room, layout);
                }
            }
        }
        TAKING.store(false, Ordering::Relaxed);
    }
}

// SAFETY: every call is passed to `System` unchanged; the headroom is a separate allocation freed
// before returning.
unsafe impl GlobalAlloc for Headroom {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let before = memory_size(0);
        let p = unsafe { System.alloc(layout) };
        self.after(before);
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let before = memory_size(0);
        let p = unsafe { System.alloc_zeroed(layout) };
        self.after(before);
        p
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let before = memory_size(0);
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        self.after(before);
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
}
