//! The F1 help overlay: every binding of the screen beneath it.

use super::keymap::{Action, Keymap, Screen};

/// Lines moved by PgUp/PgDn in the help.
const PAGE: usize = 10;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HelpState {
    /// The screen whose keys are listed.
    pub screen: Screen,
    /// First entry shown; the drawing clamps it to what fits.
    pub scroll: usize,
}

impl HelpState {
    pub fn new(screen: Screen) -> HelpState {
        HelpState { screen, scroll: 0 }
    }

    /// Scrolls for a movement action; other actions are not for the help itself.
    pub fn scroll_by(&mut self, action: Action, keymap: &Keymap) {
        let last = keymap.bindings_for(self.screen).count().saturating_sub(1);
        self.scroll = match action {
            Action::Up => self.scroll.saturating_sub(1),
            Action::Down => self.scroll.saturating_add(1),
            Action::PageUp => self.scroll.saturating_sub(PAGE),
            Action::PageDown => self.scroll.saturating_add(PAGE),
            _ => self.scroll,
        }
        .min(last);
    }
}
