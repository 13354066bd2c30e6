//! The `mend` binary: parse the arguments, then run a command or the TUI.

use std::process::ExitCode;

use mend::cli;

fn main() -> ExitCode {
    cli::harden_process();
    let args = match cli::parse() {
        Ok(args) => args,
        Err(code) => return code,
    };
    let result = match args.command {
        None => cli::open_tui(&args),
        Some(command) => cli::run(&args.global, command),
    };
    cli::exit(result)
}
