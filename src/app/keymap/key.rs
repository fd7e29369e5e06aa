//! A key with its modifiers, as the terminal sends it and as the config file writes it.

use std::fmt;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use thiserror::Error;

use super::TextEdit;

/// A key with its modifiers, normalised so that a key read from the terminal and the
/// same key written in the config file compare equal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub modifiers: KeyModifiers,
}

impl Default for Key {
    /// No key at all (only so that [`Action`] can list its variants).
    fn default() -> Self {
        Key::plain(KeyCode::Null)
    }
}

impl Key {
    pub fn new(code: KeyCode, modifiers: KeyModifiers) -> Key {
        // Only these three are written on keycaps and in config files; terminals that
        // report Super/Hyper/Meta would otherwise make a binding unreachable.
        let mut modifiers =
            modifiers & (KeyModifiers::SHIFT | KeyModifiers::CONTROL | KeyModifiers::ALT);
        let mut code = code;
        match code {
            KeyCode::Char(c) => {
                // The shifted character already says Shift ('Q'); with Ctrl or Alt the
                // letter's case is noise (Ctrl-Q and Ctrl-Shift-q are the same chord).
                if modifiers.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) {
                    code = KeyCode::Char(c.to_ascii_lowercase());
                }
                modifiers.remove(KeyModifiers::SHIFT);
            }
            KeyCode::BackTab => modifiers.remove(KeyModifiers::SHIFT),
            KeyCode::Tab if modifiers.contains(KeyModifiers::SHIFT) => {
                code = KeyCode::BackTab;
                modifiers.remove(KeyModifiers::SHIFT);
            }
            _ => {}
        }
        Key { code, modifiers }
    }

    pub fn plain(code: KeyCode) -> Key {
        Key::new(code, KeyModifiers::NONE)
    }

    pub fn ctrl(c: char) -> Key {
        Key::new(KeyCode::Char(c), KeyModifiers::CONTROL)
    }

    pub fn from_event(event: &KeyEvent) -> Key {
        Key::new(event.code, event.modifiers)
    }

    /// A printable character with no Ctrl or Alt: on screens with a text field it is
    /// typed, not a command.
    pub fn is_plain_char(&self) -> bool {
        matches!(self.code, KeyCode::Char(_))
            && !self
                .modifiers
                .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
    }

    /// Parses `F1`..`F12`, `Ctrl-X`, `Alt-X`, `Shift-F2`, `Enter`, `Esc`, `Del`, `Up`,
    /// `PgDn`, a single character, ... Names are case-insensitive; `-` or `+` joins.
    pub fn parse(text: &str) -> Result<Key, KeyParseError> {
        crate::domain::text::check_text(text, 32).map_err(KeyParseError::NotText)?;
        let trimmed = text.trim();
        if trimmed.is_empty() {
            return Err(KeyParseError::Empty);
        }
        let mut modifiers = KeyModifiers::NONE;
        let mut rest = trimmed;
        while let Some((modifier, after)) = split_modifier(rest) {
            if after.is_empty() {
                return Err(KeyParseError::MissingKey(trimmed.to_string()));
            }
            modifiers |= modifier;
            rest = after;
        }
        let mut chars = rest.chars();
        let code = match (chars.next(), chars.next()) {
            (Some(c), None) => {
                if modifiers.contains(KeyModifiers::SHIFT) {
                    // "Shift-a" is the character the shifted key types.
                    modifiers.remove(KeyModifiers::SHIFT);
                    KeyCode::Char(c.to_ascii_uppercase())
                } else {
                    KeyCode::Char(c)
                }
            }
            _ => named_key(rest)?,
        };
        Ok(Key::new(code, modifiers))
    }

    /// The label shown in the footer and help: `F10`, `Ctrl-Q`, `Enter`, `PgDn`.
    pub fn label(&self) -> String {
        self.to_string()
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.modifiers.contains(KeyModifiers::CONTROL) {
            f.write_str("Ctrl-")?;
        }
        if self.modifiers.contains(KeyModifiers::ALT) {
            f.write_str("Alt-")?;
        }
        if self.modifiers.contains(KeyModifiers::SHIFT) {
            f.write_str("Shift-")?;
        }
        match self.code {
            KeyCode::F(n) => write!(f, "F{n}"),
            KeyCode::Char(' ') => f.write_str("Space"),
            KeyCode::Char(c) if self.modifiers.is_empty() => write!(f, "{c}"),
            KeyCode::Char(c) => write!(f, "{}", c.to_ascii_uppercase()),
            KeyCode::Enter => f.write_str("Enter"),
            KeyCode::Esc => f.write_str("Esc"),
            KeyCode::Delete => f.write_str("Del"),
            KeyCode::Insert => f.write_str("Ins"),
            KeyCode::Backspace => f.write_str("Backspace"),
            KeyCode::Tab => f.write_str("Tab"),
            KeyCode::BackTab => f.write_str("Shift-Tab"),
            KeyCode::Up => f.write_str("Up"),
            KeyCode::Down => f.write_str("Down"),
            KeyCode::Left => f.write_str("Left"),
            KeyCode::Right => f.write_str("Right"),
            KeyCode::Home => f.write_str("Home"),
            KeyCode::End => f.write_str("End"),
            KeyCode::PageUp => f.write_str("PgUp"),
            KeyCode::PageDown => f.write_str("PgDn"),
            other => write!(f, "{other:?}"),
        }
    }
}

fn split_modifier(text: &str) -> Option<(KeyModifiers, &str)> {
    const PREFIXES: [(&str, KeyModifiers); 4] = [
        ("ctrl", KeyModifiers::CONTROL),
        ("control", KeyModifiers::CONTROL),
        ("alt", KeyModifiers::ALT),
        ("shift", KeyModifiers::SHIFT),
    ];
    PREFIXES.into_iter().find_map(|(name, modifier)| {
        let head = text.get(..name.len())?;
        if !head.eq_ignore_ascii_case(name) {
            return None;
        }
        let after = text.get(name.len()..)?;
        let after = after
            .strip_prefix('-')
            .or_else(|| after.strip_prefix('+'))?;
        Some((modifier, after))
    })
}

fn named_key(name: &str) -> Result<KeyCode, KeyParseError> {
    let lower = name.to_ascii_lowercase();
    if let Some(number) = lower.strip_prefix('f')
        && let Ok(n) = number.parse::<u8>()
    {
        return if (1..=12).contains(&n) {
            Ok(KeyCode::F(n))
        } else {
            Err(KeyParseError::NoSuchFunctionKey(name.to_string()))
        };
    }
    let code = match lower.as_str() {
        "enter" | "return" => KeyCode::Enter,
        "esc" | "escape" => KeyCode::Esc,
        "del" | "delete" => KeyCode::Delete,
        "ins" | "insert" => KeyCode::Insert,
        "backspace" | "bksp" => KeyCode::Backspace,
        "tab" => KeyCode::Tab,
        "space" => KeyCode::Char(' '),
        "up" => KeyCode::Up,
        "down" => KeyCode::Down,
        "left" => KeyCode::Left,
        "right" => KeyCode::Right,
        "home" => KeyCode::Home,
        "end" => KeyCode::End,
        "pgup" | "pageup" | "page_up" => KeyCode::PageUp,
        "pgdn" | "pgdown" | "pagedown" | "page_down" => KeyCode::PageDown,
        _ => return Err(KeyParseError::UnknownKey(name.to_string())),
    };
    Ok(code)
}

/// Why a key text could not be read.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum KeyParseError {
    #[error("no key given")]
    Empty,
    #[error("`{0}` has a modifier but no key after it")]
    MissingKey(String),
    #[error("there is no function key `{0}` (use F1 to F12)")]
    NoSuchFunctionKey(String),
    #[error(
        "unknown key `{0}` (use F1..F12, Enter, Esc, Del, Ins, Backspace, Tab, Space, Up, Down, \
         Left, Right, Home, End, PgUp, PgDn or one character, optionally after Ctrl-, Alt- or Shift-)"
    )]
    UnknownKey(String),
    #[error("the key's name {0}")]
    NotText(crate::domain::text::TextError),
}

/// The edit a key makes in a text field, for keys the keymap does not bind.
pub fn text_edit(key: Key) -> Option<TextEdit> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    match key.code {
        KeyCode::Char(c) if key.is_plain_char() && !c.is_control() => Some(TextEdit::Insert(c)),
        KeyCode::Char('u') if ctrl => Some(TextEdit::Clear),
        _ if !key.modifiers.is_empty() => None,
        KeyCode::Backspace => Some(TextEdit::DeleteBack),
        KeyCode::Delete => Some(TextEdit::DeleteForward),
        KeyCode::Left => Some(TextEdit::Left),
        KeyCode::Right => Some(TextEdit::Right),
        KeyCode::Home => Some(TextEdit::Home),
        KeyCode::End => Some(TextEdit::End),
        _ => None,
    }
}
