use std::process::ExitCode;

use backroom::cli;
use backroom::config::{Cli, Command, Settings};
use clap::Parser;

fn main() -> ExitCode {
    let args = Cli::parse();
    let settings = match Settings::load(&args.global) {
        Ok(settings) => settings,
        Err(error) => {
            eprintln!("backroom: configuration error: {error}");
            return ExitCode::from(2);
        }
    };
    // Held to the end of `main`: dropping it flushes the log lines still queued.
    let _log_flush = match cli::init_logging(&args.global.log_level) {
        Ok(guard) => guard,
        Err(error) => {
            eprintln!("backroom: configuration error: {error}");
            return ExitCode::from(2);
        }
    };
    let outcome = match args.command.unwrap_or(Command::Serve) {
        Command::Serve => cli::serve(settings),
        Command::Migrate => cli::migrate(&settings),
        Command::Staff(command) => cli::staff(&settings, command),
        Command::Backup { file } => cli::backup(&settings, &file),
        Command::DemoData(demo) => cli::demo_data(&settings, &demo),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("backroom: {error}");
            ExitCode::from(1)
        }
    }
}
