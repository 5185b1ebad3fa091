//! `dalian-atlas`: the command-line tools (`dalian-atlas --help`).

use std::process::ExitCode;

use dalian_atlas::cli::{self, Command};

fn main() -> ExitCode {
    let args = match cli::parse_args(std::env::args().skip(1)) {
        Ok(args) => args,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    let args = if args.command == Command::Window {
        cli::Args {
            command: Command::Help,
            ..args
        }
    } else {
        args
    };
    match cli::run(&args, &mut std::io::stdout().lock()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}
