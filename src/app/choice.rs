//! The lettered options every choice dialog shows (Backorders Found, payment, override,
//! the warnings, reports): chosen by letter or arrows + Enter. The letters and labels come
//! from the keymap, so F1 lists them and a `[keys]` override moves them.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

use super::keymap::{Action, Keymap, Screen};
use super::layer::{Ctx, Transition, moved};
use crate::ui::Theme;
use crate::ui::widgets::{popup, text_row};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    pub title: String,
    /// Text above the options.
    pub body: Vec<String>,
    /// (key label, label); Esc is always "back".
    pub options: Vec<(String, String)>,
    pub cursor: usize,
    /// The action of each option, for dialogs whose options are keymap bindings.
    actions: Vec<Action>,
    /// The options lose something (a warning): only their letter chooses, never Enter.
    pub letters_only: bool,
}

/// What a key did in a choice.
pub(crate) enum Pick {
    /// This option (by index) was chosen.
    Option(usize),
    Done(Transition),
}

impl Choice {
    /// Options from the keymap: each of `actions` with its key and description on `screen`.
    pub fn from_keymap(
        keymap: &Keymap,
        screen: Screen,
        title: &str,
        body: Vec<String>,
        actions: &[Action],
    ) -> Choice {
        let mut options = Vec::new();
        let mut listed = Vec::new();
        for &action in actions {
            if let Some(binding) = keymap.binding(screen, action) {
                options.push((binding.key.label(), binding.description.to_string()));
                listed.push(action);
            }
        }
        Choice {
            title: title.to_string(),
            body,
            options,
            cursor: 0,
            actions: listed,
            letters_only: false,
        }
    }

    /// The same dialog, chosen only by letter: Enter alone never confirms a loss.
    pub fn letters_only(self) -> Choice {
        Choice {
            letters_only: true,
            ..self
        }
    }

    /// Options made up on the spot (numbered pending orders, say).
    pub fn listed(title: &str, body: Vec<String>, options: Vec<(String, String)>) -> Choice {
        Choice {
            title: title.to_string(),
            body,
            options,
            cursor: 0,
            actions: Vec::new(),
            letters_only: false,
        }
    }

    /// The action of option `index`, for dialogs built [`Choice::from_keymap`].
    pub fn action(&self, index: usize) -> Option<Action> {
        self.actions.get(index).copied()
    }

    /// Moves, chooses, goes back; help and quit as everywhere.
    pub(crate) fn update(&mut self, ctx: &mut Ctx, screen: Screen, action: Action) -> Pick {
        match action {
            Action::Up | Action::Down => {
                self.cursor = moved(self.cursor, action, self.options.len());
                Pick::Done(Transition::Stay)
            }
            Action::Confirm | Action::Total if self.letters_only => {
                let letters: Vec<&str> = self.options.iter().map(|(k, _)| k.as_str()).collect();
                ctx.info(format!(
                    "Enter alone does not do this: press {} to go ahead, Esc to go back",
                    letters.join(" or ")
                ));
                Pick::Done(Transition::Stay)
            }
            Action::Confirm | Action::Total if self.cursor < self.options.len() => {
                Pick::Option(self.cursor)
            }
            Action::Back => Pick::Done(Transition::pop()),
            Action::Help | Action::Quit => Pick::Done(ctx.common(screen, action)),
            other => match self.actions.iter().position(|a| *a == other) {
                Some(index) => Pick::Option(index),
                None if self.letters_only => {
                    let letters: Vec<&str> = self.options.iter().map(|(k, _)| k.as_str()).collect();
                    ctx.info(format!(
                        "Press {} to go ahead, Esc to go back",
                        letters.join(" or ")
                    ));
                    Pick::Done(Transition::Stay)
                }
                None => {
                    ctx.info("Press a letter shown, or arrows and Enter; Esc goes back");
                    Pick::Done(Transition::Stay)
                }
            },
        }
    }
}

/// The layer boilerplate of a choice dialog: its keys, name, drawing.
macro_rules! choice_layer {
    () => {
        fn name(&self) -> String {
            self.choice.title.clone()
        }

        fn choice(&self) -> Option<&super::choice::Choice> {
            Some(&self.choice)
        }

        fn draw(
            &self,
            frame: &mut ratatui::Frame,
            area: ratatui::layout::Rect,
            ui: &crate::app::draw::Ui,
        ) -> Option<ratatui::layout::Position> {
            crate::app::choice::render(frame.buffer_mut(), area, &self.choice, ui.theme);
            None
        }

        fn as_any(&self) -> &dyn std::any::Any {
            self
        }
    };
}
pub(crate) use choice_layer;

// Drawing: a dialog of lettered options (Backorders Found, payment, override, the warnings,
// reports): the body, then each option with its key.

pub(crate) fn render(buf: &mut Buffer, area: Rect, dialog: &Choice, theme: &Theme) {
    let height = (dialog.body.len() + dialog.options.len() + 5) as u16;
    let inner = popup(buf, area, 76, height, &dialog.title, theme);
    for (i, line) in dialog.body.iter().enumerate() {
        text_row(buf, inner, i as u16, line, Style::default());
    }
    let top = dialog.body.len() as u16 + 1;
    for (i, (letter, label)) in dialog.options.iter().enumerate() {
        let selected = i == dialog.cursor;
        let style = if selected {
            theme.selected_row
        } else {
            Style::default()
        };
        let mark = if selected { "▶" } else { " " };
        text_row(
            buf,
            inner,
            top + i as u16,
            &format!("{mark} [{letter}] {label}"),
            style,
        );
    }
    text_row(
        buf,
        inner,
        top + dialog.options.len() as u16 + 1,
        "Letter or arrows + Enter to choose · Esc: back",
        theme.placeholder,
    );
}
