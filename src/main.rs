//! Thin: parse the command line, load config, open the store, dispatch.

use std::process::ExitCode;

use clap::Parser;

use ringup::cli::{self, Cli, Context};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let ctx = match Context::load(&cli.global) {
        Ok(ctx) if cli.demo => ctx.with_demo(),
        Ok(ctx) => ctx,
        Err(e) => return cli::report_error(&e),
    };
    let _log_guard = ringup::logging::init(&ctx.config.data_dir);
    let result = match cli.command {
        Some(command) => cli::run(command, &ctx),
        None if cli.first_frame => ringup::screen::first_frame(&ctx),
        None => ringup::screen::run(&ctx, cli.global.user.as_deref()),
    };
    match result {
        Ok(code) => code,
        Err(e) => cli::report_error(&e),
    }
}
