//! What the screens draw with, knowing nothing of them: the theme, the widgets and text
//! helpers, the header, footer and status line drawn from plain data, and the message
//! shown when the terminal is too small. The screens' own drawing lives with their state.

pub mod theme;
pub mod widgets;

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

use crate::domain::text;

pub use theme::{StockMark, Theme};

/// The smallest terminal the counter screen is laid out for.
pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;

/// The message shown instead of the screen when the terminal is too small.
pub fn too_small_message(width: u16, height: u16) -> String {
    format!(
        "Please enlarge the terminal to at least {MIN_WIDTH}×{MIN_HEIGHT} (now {width}×{height})"
    )
}

pub fn render_too_small(buf: &mut Buffer, area: Rect) {
    if area.is_empty() {
        return;
    }
    let message = too_small_message(area.width, area.height);
    let length = u16::try_from(width_of(&message)).unwrap_or(u16::MAX);
    let rows = length.div_ceil(area.width).min(area.height);
    let centered = area.centered_vertically(Constraint::Length(rows));
    Paragraph::new(message)
        .centered()
        .wrap(Wrap { trim: true })
        .render(centered, buf);
}

/// Who is selling where, and to whom: the header of the sale screen and the sign-in.
pub struct Header<'a> {
    pub store_name: &'a str,
    pub location: &'a str,
    pub user_name: &'a str,
    pub role: &'a str,
    pub bill_to: &'a str,
}

impl Header<'_> {
    /// Store, location, user and role on the left; the Bill To on the right, where a long
    /// store name can never push it off the screen.
    pub fn render(&self, buf: &mut Buffer, area: Rect, theme: &Theme) {
        buf.set_style(area, theme.header);
        let left = format!(
            " {} · {} · {} ({})",
            self.store_name, self.location, self.user_name, self.role
        );
        let right = format!("Bill To: {} ", self.bill_to);
        let right_width = u16::try_from(width_of(&right))
            .unwrap_or(u16::MAX)
            .min(area.width);
        let [left_area, _, right_area] = Layout::horizontal([
            Constraint::Fill(1),
            Constraint::Length(1),
            Constraint::Length(right_width),
        ])
        .areas(area);
        Line::from(fit(&left, usize::from(left_area.width))).render(left_area, buf);
        Line::from(fit(&right, usize::from(right_area.width))).render(right_area, buf);
    }
}

/// How a status message should look.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusKind {
    Info,
    Error,
}

/// The message above the footer, wrapped over the rows of `area`: never cut at the edge.
pub fn render_status(buf: &mut Buffer, area: Rect, kind: StatusKind, text: &str, theme: &Theme) {
    let style = match kind {
        StatusKind::Info => theme.status_info,
        StatusKind::Error => theme.status_error,
    };
    for (row, line) in area.rows().zip(wrap(text, usize::from(area.width))) {
        Line::from(Span::styled(line, style)).render(row, buf);
    }
}

/// The rows a message takes at `width` columns.
pub fn status_rows(text: &str, width: u16) -> u16 {
    u16::try_from(wrap(text, usize::from(width)).len()).unwrap_or(u16::MAX)
}

/// The footer hints, as (key label, hint), that fit in `width` columns, most important
/// first. When they do not all fit, `more` (the help key: `F1 more`) stands last for
/// those left out, in place of its own hint.
pub fn fit_hints(
    hints: impl IntoIterator<Item = (String, &'static str)>,
    more: Option<String>,
    width: u16,
) -> Vec<(String, &'static str)> {
    let hints: Vec<(String, &'static str)> = hints.into_iter().collect();
    let needed = |(label, hint): &(String, &str)| width_of(label) + 1 + width_of(hint);
    let all: usize = hints.iter().map(|h| needed(h) + 1).sum();
    if all <= usize::from(width) + 1 {
        return hints;
    }
    let Some(more) = more else {
        return prefix_within(hints, usize::from(width));
    };
    let more = (more, "more");
    let room = usize::from(width).saturating_sub(needed(&more) + 1);
    let mut fitted = prefix_within(
        hints.into_iter().filter(|(label, _)| *label != more.0),
        room,
    );
    fitted.push(more);
    fitted
}

/// The hints from the first that fit in `width` columns together, stopping at the first
/// that does not (they are in order of importance).
fn prefix_within(
    hints: impl IntoIterator<Item = (String, &'static str)>,
    width: usize,
) -> Vec<(String, &'static str)> {
    let mut fitted = Vec::new();
    let mut used = 0usize;
    for (label, hint) in hints {
        let separator = usize::from(!fitted.is_empty());
        let needed = separator + width_of(&label) + 1 + width_of(hint);
        if used + needed > width {
            break;
        }
        used += needed;
        fitted.push((label, hint));
    }
    fitted
}

/// The footer: each hint's key label, then the hint.
pub fn render_footer(
    buf: &mut Buffer,
    area: Rect,
    hints: Vec<(String, &'static str)>,
    theme: &Theme,
) {
    let mut spans = Vec::new();
    for (label, hint) in hints {
        if !spans.is_empty() {
            spans.push(Span::raw(" "));
        }
        spans.push(Span::styled(label, theme.footer_key));
        spans.push(Span::raw(" "));
        spans.push(Span::styled(hint, theme.footer_hint));
    }
    Line::from(spans).render(area, buf);
}

/// The columns `text` takes on a terminal as it is drawn: by grapheme cluster (a wide
/// character or an emoji takes two, a letter with its accents one), invisible characters
/// taking none and a control character one, drawn as its symbol (see [`text::shown`]).
pub(crate) fn width_of(text: &str) -> usize {
    text::width(text)
}

/// `text` as drawn, cut to `width` columns with the cut marked `…`: never inside a grapheme
/// cluster, and with nothing left in it that could hide, reorder or shift the row.
pub(crate) fn fit(text: &str, width: usize) -> String {
    if text::width(text) <= width {
        return text::shown(text).into_owned();
    }
    if width == 0 {
        return String::new();
    }
    let kept = text::start_within(text, width - 1);
    // "hammer,…" reads better than "hammer, …".
    let mut cut = kept.trim_end().to_string();
    cut.push('…');
    cut
}

/// The first of `wordings` (longest first) that fits in `width` columns, else the last cut
/// to fit: a line whose words give way so that its figures are never cut.
pub(crate) fn first_that_fits(wordings: &[String], width: usize) -> String {
    wordings
        .iter()
        .find(|w| width_of(w) <= width)
        .cloned()
        .unwrap_or_else(|| fit(wordings.last().map_or("", String::as_str), width))
}

/// `text` as drawn, padded with spaces to at least `width` columns as the terminal counts
/// them, like `format!("{:<w$}")` but by display width (which counts a wide character as
/// two and an accent as none, where the format counts characters).
pub(crate) fn padded(text: &str, width: usize) -> String {
    let mut cell = text::shown(text).into_owned();
    let used = width_of(&cell);
    cell.extend(std::iter::repeat_n(' ', width.saturating_sub(used)));
    cell
}

/// `text` as drawn, in lines of at most `width` columns, broken between words (a word wider
/// than a line is broken where it must be, between grapheme clusters).
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let text = text::shown(text);
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut used = 0;
    for word in text.split(' ') {
        let gap = usize::from(!line.is_empty());
        let word_width = text::width(word);
        if !line.is_empty() && used + gap + word_width > width {
            lines.push(std::mem::take(&mut line));
            used = 0;
        } else if gap == 1 {
            line.push(' ');
            used += 1;
        }
        for cluster in word.graphemes(true) {
            let w = cluster.width();
            if used + w > width && !line.is_empty() {
                lines.push(std::mem::take(&mut line));
                used = 0;
            }
            line.push_str(cluster);
            used += w;
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// A rectangle of at most `width`×`height` in the middle of `area`.
pub(crate) fn centered(area: Rect, width: u16, height: u16) -> Rect {
    area.centered(
        Constraint::Length(width.min(area.width)),
        Constraint::Length(height.min(area.height)),
    )
}

#[cfg(test)]
mod tests {
    use super::first_that_fits;

    #[test]
    fn the_longest_wording_that_fits_is_taken_and_the_last_is_cut_only_when_none_does() {
        let wordings = [
            "deposits held 1234567.89".to_string(),
            "deposits 1234567.89".to_string(),
            "1234567.89".to_string(),
        ];
        assert_eq!(first_that_fits(&wordings, 30), "deposits held 1234567.89");
        assert_eq!(first_that_fits(&wordings, 20), "deposits 1234567.89");
        assert_eq!(first_that_fits(&wordings, 10), "1234567.89");
        assert_eq!(first_that_fits(&wordings, 5), "1234…");
    }
}
