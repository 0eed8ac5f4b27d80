//! The `charter` binary: the command line ([`cli`]) over the `charter`
//! library, which holds everything else and does not depend on clap.

mod allocator;
mod cli;

fn main() -> std::process::ExitCode {
    allocator::leave_memory_at_exit();
    allocator::huge_pages_past_small_heap();
    cli::main()
}
