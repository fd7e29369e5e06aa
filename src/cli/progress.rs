//! Long work shows progress on a terminal: a bar with a count and an estimate on stderr.
//! When stderr is not a terminal (a pipe, a log, a test) nothing is drawn at all.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::store::Progress;

/// A progress bar on stderr, one per job the store starts.
#[derive(Default)]
pub struct Bar {
    bar: Option<ProgressBar>,
}

impl Bar {
    pub fn boxed() -> Box<dyn Progress> {
        Box::new(Bar::default())
    }
}

impl Progress for Bar {
    fn start(&mut self, what: &str, total: u64) {
        let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
        let style = ProgressStyle::with_template(
            "{msg:>10} [{wide_bar}] {human_pos}/{human_len} ({eta} left)",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> ");
        bar.set_style(style);
        bar.set_message(what.to_string());
        self.bar = Some(bar);
    }

    fn advance(&mut self, steps: u64) {
        if let Some(bar) = &self.bar {
            bar.inc(steps);
        }
    }

    fn finish(&mut self) {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
    }
}
