//! The `handbook` binary: parses arguments and hands over to [`handbook::cli`].

use std::process::ExitCode;

fn main() -> ExitCode {
    handbook::cli::main()
}
