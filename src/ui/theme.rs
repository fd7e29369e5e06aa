//! Colours and text attributes in one place. With `NO_COLOR` set, only bold, reverse
//! and underline are used, and colour-coded states keep their text markers.

use std::ffi::OsStr;

use ratatui::style::{Color, Modifier, Style};

/// States that are shown in colour and also with a text marker, so the meaning
/// survives a monochrome terminal or colour blindness.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StockMark {
    /// Enough stock at this location to fill the backorder (green).
    FillableHere,
    /// Stock only at another location (blue).
    OtherLocation,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Theme {
    pub colour: bool,
    pub header: Style,
    pub column_heads: Style,
    pub selected_row: Style,
    pub held_back: Style,
    pub backordered: Style,
    pub placeholder: Style,
    pub label: Style,
    pub total: Style,
    pub status_info: Style,
    pub status_error: Style,
    pub footer_key: Style,
    pub footer_hint: Style,
    pub popup: Style,
    pub popup_title: Style,
    pub help_key: Style,
    pub fillable_here: Style,
    pub other_location: Style,
    /// A backordered quantity the stock here covers only part of (`1/3`).
    pub partly_here: Style,
}

impl Default for Theme {
    fn default() -> Self {
        Theme::coloured()
    }
}

impl Theme {
    pub fn coloured() -> Theme {
        let base = Style::new();
        Theme {
            colour: true,
            header: base.fg(Color::Black).bg(Color::Cyan),
            column_heads: base.add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            selected_row: base.bg(Color::DarkGray).add_modifier(Modifier::BOLD),
            held_back: base.fg(Color::Magenta).add_modifier(Modifier::BOLD),
            backordered: base.fg(Color::Yellow).add_modifier(Modifier::BOLD),
            placeholder: base.fg(Color::DarkGray),
            label: base.fg(Color::Cyan),
            total: base.add_modifier(Modifier::BOLD),
            status_info: base.fg(Color::Green),
            status_error: base
                .fg(Color::White)
                .bg(Color::Red)
                .add_modifier(Modifier::BOLD),
            footer_key: base.add_modifier(Modifier::BOLD),
            footer_hint: base.fg(Color::Black).bg(Color::Cyan),
            popup: base,
            popup_title: base.fg(Color::Cyan).add_modifier(Modifier::BOLD),
            help_key: base.fg(Color::Yellow).add_modifier(Modifier::BOLD),
            fillable_here: base.fg(Color::Green).add_modifier(Modifier::BOLD),
            other_location: base.fg(Color::Blue).add_modifier(Modifier::BOLD),
            partly_here: base.fg(Color::Yellow).add_modifier(Modifier::BOLD),
        }
    }

    pub fn monochrome() -> Theme {
        let base = Style::new();
        let bold = base.add_modifier(Modifier::BOLD);
        let reverse = base.add_modifier(Modifier::REVERSED);
        Theme {
            colour: false,
            header: reverse,
            column_heads: base.add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            selected_row: reverse,
            held_back: bold,
            backordered: bold,
            placeholder: base,
            label: base,
            total: bold,
            status_info: base,
            status_error: reverse.add_modifier(Modifier::BOLD),
            footer_key: bold,
            footer_hint: reverse,
            popup: base,
            popup_title: bold,
            help_key: bold,
            fillable_here: bold,
            other_location: base.add_modifier(Modifier::UNDERLINED),
            // `1/3` says it in text.
            partly_here: base,
        }
    }

    /// Honours <https://no-color.org>: a non-empty `NO_COLOR` turns colour off.
    pub fn from_env() -> Theme {
        Theme::for_no_color(std::env::var_os("NO_COLOR").as_deref())
    }

    /// [`Theme::from_env`] for a given value of `NO_COLOR`, so it can be tested.
    pub fn for_no_color(no_color: Option<&OsStr>) -> Theme {
        match no_color {
            Some(value) if !value.is_empty() => Theme::monochrome(),
            _ => Theme::coloured(),
        }
    }

    /// The text marker of a colour-coded state, shown next to the quantity in both
    /// themes.
    pub fn marker(&self, mark: StockMark) -> &'static str {
        match mark {
            StockMark::FillableHere => "*",
            StockMark::OtherLocation => "@",
        }
    }

    pub fn mark_style(&self, mark: StockMark) -> Style {
        match mark {
            StockMark::FillableHere => self.fillable_here,
            StockMark::OtherLocation => self.other_location,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_color_needs_a_non_empty_value() {
        assert!(Theme::for_no_color(None).colour);
        assert!(Theme::for_no_color(Some(OsStr::new(""))).colour);
        let mono = Theme::for_no_color(Some(OsStr::new("1")));
        assert!(!mono.colour);
        let styles = [
            mono.header,
            mono.selected_row,
            mono.status_error,
            mono.footer_hint,
            mono.fillable_here,
            mono.other_location,
            mono.backordered,
        ];
        for style in styles {
            assert_eq!(style.fg, None);
            assert_eq!(style.bg, None);
        }
    }

    #[test]
    fn markers_tell_the_states_apart() {
        let theme = Theme::monochrome();
        assert_eq!(theme.marker(StockMark::FillableHere), "*");
        assert_eq!(theme.marker(StockMark::OtherLocation), "@");
    }
}
