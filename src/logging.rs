//! Logs go to a file in the data directory, never to the terminal the screen is drawn on.

use std::path::Path;

use tracing_appender::non_blocking::WorkerGuard;
use tracing_subscriber::EnvFilter;

/// Starts logging to `ringup.log` in `data_dir` (level from `RINGUP_LOG`, default info).
/// Returns a guard that flushes the log when dropped; None when the directory is unusable,
/// in which case ringup runs without a log rather than not at all.
pub fn init(data_dir: &Path) -> Option<WorkerGuard> {
    std::fs::create_dir_all(data_dir).ok()?;
    // The appender's own constructor panics on a file it cannot open (another user's log);
    // open it first, so such a log is only missing.
    std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(data_dir.join("ringup.log"))
        .ok()?;
    let appender = tracing_appender::rolling::never(data_dir, "ringup.log");
    let (writer, guard) = tracing_appender::non_blocking(appender);
    let filter = EnvFilter::try_from_env("RINGUP_LOG").unwrap_or_else(|_| EnvFilter::new("info"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(writer)
        .with_ansi(false)
        .try_init()
        .ok()?;
    Some(guard)
}
