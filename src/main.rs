//! The `socialscope` binary: everything lives in the library; see `socialscope::cli`.

/// mimalloc instead of the system allocator: loading a corpus makes and frees hundreds of
/// thousands of small strings on several threads, where glibc's allocator spends its time growing
/// per-thread heaps page by page (a warm open of 10,000 articles took about 1.4× as long with it).
/// Built with `no_thp`: with transparent huge pages the kernel zeroed 2 MB pages over and over as
/// mimalloc purged and reused memory, which tripled the system time of a cold load.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    socialscope::cli::main()
}
