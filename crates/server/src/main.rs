//! `coopfed`: the server and its administration commands.

mod boot;
mod cli;
mod commands;
mod config;
mod console;
mod serve;

use std::process::ExitCode;

use clap::Parser as _;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    let config = match config::Config::load(cli.config.as_deref(), |name| std::env::var(name).ok()) {
        Ok(config) => config,
        Err(error) => {
            console::report_error(&error.to_string());
            return ExitCode::from(2);
        }
    };
    commands::init_logging(&config);
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(error) => {
            console::report_error(&format!("cannot start the async runtime: {error}"));
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(cli::run(cli.command, config)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            console::report_error(&format!("{error:#}"));
            ExitCode::FAILURE
        }
    }
}
