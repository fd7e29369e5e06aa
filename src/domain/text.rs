//! Free text that people type or files bring (descriptions, names, reasons, references): one
//! rule for what is taken, and how text already kept is shown, so that nothing in a field can
//! hide, reorder or shift what is around it on a screen or a receipt.
//!
//! Taken: at most a stated number of characters, and none of the characters that are not
//! seen as text: control characters (NUL, tab, line breaks, escape) and the invisible ones
//! that reorder or hide text (bidirectional overrides and isolates, zero-width spaces and
//! joiners, the byte order mark). Shown: text kept before this rule (or put in the database by
//! hand) has its invisible characters dropped and its control characters drawn as their
//! visible symbols (`␀`, `␉`, `␊`, `␛`), and it is measured and cut by grapheme cluster (a
//! letter with its accents, a flag, a wide character taking two columns), never inside one.

use std::borrow::Cow;

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// The most characters a free-text field may hold: a description, a name, an address fits; a
/// field of megabytes (copied into every invoice line) does not.
pub const MAX_TEXT_CHARS: usize = 200;

/// Why a field's text is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TextError {
    #[error("is {length} characters long; at most {max}")]
    TooLong { length: usize, max: usize },
    #[error("holds a control character, U+{code:04X}, at character {at}")]
    Control { code: u32, at: usize },
    #[error(
        "holds an invisible character that can hide or reorder text, U+{code:04X}, at character {at}"
    )]
    Invisible { code: u32, at: usize },
}

/// Checks text a person or a file gives: at most `max` characters, none of them a control
/// or an invisible one (see [`is_invisible`]).
pub fn check_text(text: &str, max: usize) -> Result<(), TextError> {
    if text.len() > max {
        let length = text.chars().count();
        if length > max {
            return Err(TextError::TooLong { length, max });
        }
    }
    if is_plain_ascii(text) {
        return Ok(());
    }
    match text.chars().enumerate().find(|(_, c)| is_hidden(*c)) {
        None => Ok(()),
        Some((i, c)) if c.is_control() => Err(TextError::Control {
            code: u32::from(c),
            at: i + 1,
        }),
        Some((i, c)) => Err(TextError::Invisible {
            code: u32::from(c),
            at: i + 1,
        }),
    }
}

/// A control character or an invisible one: what [`check_text`] refuses and [`shown`]
/// drops or draws.
pub fn is_hidden(c: char) -> bool {
    c.is_control() || is_invisible(c)
}

/// Characters that change how the text around them is shown without being seen themselves:
/// the soft hyphen, the Arabic letter mark, the Mongolian vowel separator, zero-width
/// spaces, joiners and direction marks, the line and paragraph separators, bidirectional
/// embeddings, overrides and isolates, the word joiner and invisible operators, the byte
/// order mark, interlinear annotation marks, and tags.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{AD}'
            | '\u{61C}'
            | '\u{180E}'
            | '\u{200B}'..='\u{200F}'
            | '\u{2028}'..='\u{202E}'
            | '\u{2060}'..='\u{206F}'
            | '\u{FEFF}'
            | '\u{FFF9}'..='\u{FFFB}'
            | '\u{E0000}'..='\u{E007F}'
    )
}

/// Printable ASCII only: nothing to drop, draw or measure twice.
fn is_plain_ascii(text: &str) -> bool {
    text.bytes().all(|b| (0x20..0x7F).contains(&b))
}

/// Text as it is shown on a screen or printed: invisible characters dropped, a control
/// character drawn as its symbol (`␀` to `␟`, `␡`; `�` for the C1 controls), one column each.
pub fn shown(text: &str) -> Cow<'_, str> {
    if is_plain_ascii(text) || !text.chars().any(is_hidden) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(text.chars().filter_map(visible).collect())
}

/// What a character becomes when shown: itself, its control picture, or nothing.
fn visible(c: char) -> Option<char> {
    match c {
        '\0'..='\u{1F}' => char::from_u32(0x2400 + u32::from(c)),
        '\u{7F}' => Some('\u{2421}'),
        c if c.is_control() => Some('\u{FFFD}'),
        c if is_invisible(c) => None,
        c => Some(c),
    }
}

/// The columns `text` takes when [`shown`]: the sum of its grapheme clusters' widths (a wide
/// character or an emoji takes two, a letter with its accents one).
pub fn width(text: &str) -> usize {
    if is_plain_ascii(text) {
        return text.len();
    }
    shown(text)
        .graphemes(true)
        .map(UnicodeWidthStr::width)
        .sum()
}

/// The longest start of `text`, [`shown`], that fits in `columns`, cut between grapheme
/// clusters (a wide character that would straddle the edge is left out whole).
pub fn start_within(text: &str, columns: usize) -> Cow<'_, str> {
    if is_plain_ascii(text) {
        return Cow::Borrowed(&text[..text.len().min(columns)]);
    }
    let cut = |text: &str| -> usize {
        let mut used = 0;
        for (at, g) in text.grapheme_indices(true) {
            used += g.width();
            if used > columns {
                return at;
            }
        }
        text.len()
    };
    match shown(text) {
        Cow::Borrowed(text) => Cow::Borrowed(&text[..cut(text)]),
        Cow::Owned(mut text) => {
            text.truncate(cut(&text));
            Cow::Owned(text)
        }
    }
}

/// A refused value as a message quotes it: its first 40 characters, control and invisible
/// ones escaped (`\0`, `\u{202e}`), so the message neither runs to megabytes nor hides
/// what was wrong.
pub fn excerpt(text: &str) -> String {
    excerpt_of(text, 40)
}

/// As [`excerpt`], the first `chars` characters: a whole row of a file, or its header.
pub fn excerpt_of(text: &str, chars: usize) -> String {
    let head: String = text
        .chars()
        .take(chars)
        .flat_map(char::escape_debug)
        .collect();
    match text.chars().nth(chars) {
        Some(_) => format!("{head}…"),
        None => head,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_of_any_script_is_taken() {
        for text in [
            "Hammer, claw 16 oz",
            "Café crème",
            "Schraube M8×40",
            "ネジ 8mm",
            "שלום",
            "Flag 🇨🇦 and family 👨‍👩‍👧",
            "",
        ] {
            // The emoji family is joined by zero-width joiners, refused like any other.
            let taken = check_text(text, MAX_TEXT_CHARS);
            assert_eq!(taken.is_ok(), !text.contains('\u{200D}'), "{text}");
        }
    }

    #[test]
    fn controls_and_invisible_characters_are_refused_where_they_are() {
        assert_eq!(
            check_text("nul\0", 200),
            Err(TextError::Control { code: 0, at: 4 })
        );
        assert_eq!(
            check_text("a\u{202E}b", 200),
            Err(TextError::Invisible {
                code: 0x202E,
                at: 2
            })
        );
        for c in [
            '\t',
            '\n',
            '\r',
            '\u{1B}',
            '\u{7F}',
            '\u{85}',
            '\u{200B}',
            '\u{200D}',
            '\u{2028}',
            '\u{2066}',
            '\u{2069}',
            '\u{FEFF}',
            '\u{E0041}',
            '\u{AD}',
        ] {
            let text = format!("x{c}y");
            let refused = check_text(&text, 200).unwrap_err().to_string();
            assert!(
                refused.contains(&format!("U+{:04X}", u32::from(c))),
                "{refused}"
            );
        }
    }

    #[test]
    fn a_field_is_at_most_its_length_in_characters_not_bytes() {
        assert!(check_text(&"é".repeat(200), 200).is_ok());
        assert_eq!(
            check_text(&"é".repeat(201), 200),
            Err(TextError::TooLong {
                length: 201,
                max: 200
            })
        );
        assert_eq!(
            check_text(&"x".repeat(20_000_000), 200)
                .unwrap_err()
                .to_string(),
            "is 20000000 characters long; at most 200"
        );
    }

    #[test]
    fn shown_text_drops_the_invisible_and_draws_the_controls() {
        assert_eq!(shown("Pipe \u{202E}eulb"), "Pipe eulb");
        assert_eq!(shown("zero\u{200B}width\u{FEFF}"), "zerowidth");
        assert_eq!(shown("tab\there\n"), "tab␉here␊");
        assert_eq!(shown("esc\u{1B}[31m"), "esc␛[31m");
        assert_eq!(shown("del\u{7F} nel\u{85}"), "del␡ nel�");
        assert!(matches!(shown("plain"), Cow::Borrowed(_)));
        assert!(matches!(shown("Café"), Cow::Borrowed(_)));
    }

    #[test]
    fn widths_follow_grapheme_clusters() {
        assert_eq!(width("abc"), 3);
        assert_eq!(width("e\u{301}te\u{301}"), 3);
        assert_eq!(width("ネジ"), 4);
        assert_eq!(width("🇨🇦"), 2);
        assert_eq!(width("a\u{202E}b\u{200B}c"), 3);
        assert_eq!(width("a\tb"), 3);
    }

    #[test]
    fn a_cut_never_splits_a_cluster() {
        assert_eq!(start_within("abcdef", 3), "abc");
        assert_eq!(
            start_within("e\u{301}e\u{301}e\u{301}", 2),
            "e\u{301}e\u{301}"
        );
        assert_eq!(start_within("aネジ", 2), "a");
        assert_eq!(start_within("🇨🇦🇨🇦", 3), "🇨🇦");
        assert_eq!(start_within("a\u{202E}bc", 2), "ab");
        assert_eq!(start_within("a\u{1B}bc", 2), "a␛");
        assert_eq!(start_within("ab", 0), "");
    }
}
