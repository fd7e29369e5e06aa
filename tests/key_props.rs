//! A hurried clerk at random: sequences of keys (F-keys, Esc, Enter, digits, letters,
//! arrows, Ctrl keys) and whole words a clerk types (SKUs, an account, quantities,
//! amounts, the manager's PIN) fed into the app over a real store, drawn at random terminal
//! sizes between keys. Nothing panics, and every invariant of `check` holds afterwards,
//! whatever was sold, ordered or refused on the way.

mod common;

use common::screen::render;
use common::till::{MANAGER_PIN, till};
use proptest::prelude::*;
use ratatui::crossterm::event::{KeyCode, KeyModifiers};

#[derive(Debug, Clone)]
enum Press {
    Key(KeyCode, KeyModifiers),
    Words(&'static str),
    /// Words then Enter, as a clerk finishes a field.
    Entered(&'static str),
    Draw(u16, u16),
}

const WORDS: &[&str] = &[
    "VALVE",
    "SCREW",
    "TAPE",
    "CONC",
    "0001",
    "C1",
    "C2",
    "4*",
    "12*",
    "2",
    "10.00",
    "5",
    "0",
    "25.00",
    "12345678",
    "-3",
    MANAGER_PIN,
    "casey",
    "y",
    "n",
];

fn press() -> impl Strategy<Value = Press> {
    let plain = KeyModifiers::NONE;
    prop_oneof![
        4 => (1u8..=12).prop_map(move |n| Press::Key(KeyCode::F(n), plain)),
        // Total, Enter and Esc are what a clerk presses most.
        4 => Just(Press::Key(KeyCode::F(10), plain)),
        5 => Just(Press::Key(KeyCode::Enter, plain)),
        2 => Just(Press::Key(KeyCode::Esc, plain)),
        3 => prop::sample::select(vec![
            KeyCode::Esc,
            KeyCode::Enter,
            KeyCode::Tab,
            KeyCode::BackTab,
            KeyCode::Up,
            KeyCode::Down,
            KeyCode::Left,
            KeyCode::Right,
            KeyCode::PageUp,
            KeyCode::PageDown,
            KeyCode::Backspace,
            KeyCode::Delete,
            KeyCode::Home,
            KeyCode::End,
        ])
        .prop_map(move |k| Press::Key(k, plain)),
        3 => prop::char::range('0', '9').prop_map(move |c| Press::Key(KeyCode::Char(c), plain)),
        2 => prop::char::range('a', 'z').prop_map(move |c| Press::Key(KeyCode::Char(c), plain)),
        1 => prop::sample::select(vec!['*', '.', '-', ' ', '/', '?'])
            .prop_map(move |c| Press::Key(KeyCode::Char(c), plain)),
        1 => prop::sample::select(vec!['d', 'p', 'c', 'k', 'r', 'e', 'x'])
            .prop_map(|c| Press::Key(KeyCode::Char(c), KeyModifiers::CONTROL)),
        3 => prop::sample::select(WORDS).prop_map(Press::Words),
        5 => prop::sample::select(WORDS).prop_map(Press::Entered),
        1 => (1u16..160, 1u16..50).prop_map(|(w, h)| Press::Draw(w, h)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn random_keys_never_panic_and_leave_the_store_sound(
        presses in prop::collection::vec(press(), 1..120)
    ) {
        let mut t = till();
        for p in &presses {
            match p {
                Press::Key(code, modifiers) => t.key_with(*code, *modifiers),
                Press::Words(words) => t.typed(words),
                Press::Entered(words) => {
                    t.typed(words);
                    t.enter();
                }
                Press::Draw(w, h) => {
                    render(&t.app, *w, *h);
                }
            }
            if t.app.should_quit() {
                break;
            }
        }
        render(&t.app, 80, 24);
        t.assert_invariants();
    }
}
