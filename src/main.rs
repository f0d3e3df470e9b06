//! The `socialscope` binary: everything lives in the library; see `socialscope::cli`.

fn main() -> std::process::ExitCode {
    socialscope::cli::main()
}
