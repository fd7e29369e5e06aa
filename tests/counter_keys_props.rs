//! The Done-means of the counter's keys, held over random key sequences: a hurried clerk
//! (or a manager) presses digits, letters, scans, F10, Enter, Esc, F2, Tab, arrows and
//! y/n over a sale with a few lines, and types PINs into the sign-in and approval boxes.
//!
//! - No invoice is written unless the key that wrote it was an explicit tender: Enter on
//!   the tender box, F10 on an amount typed there, `y` to a question that names the
//!   amount, or a manager's approval of a tender taken so.
//! - No PIN ever appears on the screen: a PIN is typed only where a PIN box (sign-in or
//!   approval) has the keyboard, and the drawn buffer never shows it.

mod common;

use common::screen::render;
use common::till::{CLERK_PIN, MANAGER_PIN, Till, till_as};
use proptest::prelude::*;
use ratatui::crossterm::event::{KeyCode, KeyModifiers};
use ringup::app::confirm::Confirm;
use ringup::app::tender::Tender;

#[derive(Debug, Clone)]
enum Press {
    Key(KeyCode),
    /// A scan: the code, then Enter, as a scanner sends it.
    Scan(&'static str),
    /// A PIN typed where a PIN box has the keyboard (elsewhere nothing is typed).
    Pin(&'static str),
    /// Words a clerk types: an account, a name, an amount.
    Words(&'static str),
}

/// SKUs and barcodes of the test catalog, and a receipt's code.
const SCANS: &[&str] = &[
    "VALVE", "SCREW", "TAPE", "CONC", "0001", "0002", "0003", "0004", "2*SCREW", "12345678",
];

const WORDS: &[&str] = &["morgan", "casey", "Harbor", "C2", "5", "10.00", "2", "99"];

fn press() -> impl Strategy<Value = Press> {
    prop_oneof![
        5 => Just(Press::Key(KeyCode::F(10))),
        6 => Just(Press::Key(KeyCode::Enter)),
        4 => Just(Press::Key(KeyCode::Esc)),
        2 => Just(Press::Key(KeyCode::F(2))),
        1 => Just(Press::Key(KeyCode::F(9))),
        1 => Just(Press::Key(KeyCode::F(8))),
        2 => prop::sample::select(vec![
            KeyCode::Tab,
            KeyCode::Up,
            KeyCode::Down,
            KeyCode::Left,
            KeyCode::Right,
            KeyCode::Backspace,
        ])
        .prop_map(Press::Key),
        3 => prop::char::range('0', '9').prop_map(|c| Press::Key(KeyCode::Char(c))),
        2 => prop::char::range('a', 'z').prop_map(|c| Press::Key(KeyCode::Char(c))),
        3 => prop::sample::select(vec!['y', 'n', 'c', 'k', 'a', 's', 'f', 'i', 'r', '.'])
            .prop_map(|c| Press::Key(KeyCode::Char(c))),
        3 => prop::sample::select(SCANS).prop_map(Press::Scan),
        2 => prop::sample::select(vec![MANAGER_PIN, CLERK_PIN]).prop_map(Press::Pin),
        2 => prop::sample::select(WORDS).prop_map(Press::Words),
    ]
}

/// What the screen was before a key: enough to tell whether that key was an explicit tender.
struct Before {
    top: String,
    /// What the tender box held, if the tender had the keyboard.
    tender_typed: Option<String>,
    /// The question on screen, if a yes/no question had the keyboard.
    question: Option<String>,
    /// The layer beneath the top one.
    beneath: Option<String>,
}

fn before(t: &Till) -> Before {
    let layers = t.app.layers();
    Before {
        top: t.top_title(),
        tender_typed: t
            .app
            .top::<Tender>()
            .map(|tender| tender.input.value().trim().to_string()),
        question: t.app.top::<Confirm>().map(|c| c.question.clone()),
        beneath: layers
            .len()
            .checked_sub(2)
            .and_then(|i| layers.get(i))
            .map(|l| l.name()),
    }
}

/// A money figure in a question: `12.50`.
fn names_an_amount(question: &str) -> bool {
    question
        .split(|c: char| !(c.is_ascii_digit() || c == '.'))
        .any(|word| {
            word.split_once('.')
                .is_some_and(|(units, cents)| !units.is_empty() && cents.len() == 2)
        })
}

/// The key `code` just wrote an invoice: was it an explicit tender?
fn explicit_tender(code: KeyCode, was: &Before) -> bool {
    match (code, was.top.as_str()) {
        (KeyCode::Enter, "tender") => true,
        (KeyCode::F(10), "tender") => was.tender_typed.as_deref().is_some_and(|t| !t.is_empty()),
        (KeyCode::Char('y'), "confirm") => was.question.as_deref().is_some_and(names_an_amount),
        // A manager approves a tender taken on the box beneath (over the credit limit).
        (KeyCode::Enter, "approval") => was.beneath.as_deref() == Some("tender"),
        _ => false,
    }
}

fn is_pin_box(t: &Till) -> bool {
    matches!(t.top_title().as_str(), "sign-in" | "approval")
}

fn assert_no_pin(t: &Till, pressed: &[Press]) {
    for (width, height) in [(80, 24), (120, 40)] {
        let screen = render(&t.app, width, height);
        for pin in [MANAGER_PIN, CLERK_PIN] {
            assert!(
                !screen.contains(pin),
                "the PIN {pin} is on screen after {pressed:?}:\n{screen}"
            );
        }
    }
}

/// Presses one key; returns the invoices written by it.
fn one_key(t: &mut Till, code: KeyCode, pressed: &[Press]) {
    let was = before(t);
    let invoices = t.invoice_count();
    t.typed_key(code);
    if t.invoice_count() > invoices {
        assert!(
            explicit_tender(code, &was),
            "an invoice was written by {code:?} on {} ({:?}) after {pressed:?}",
            was.top,
            was.question
        );
    }
}

trait TypedKey {
    fn typed_key(&mut self, code: KeyCode);
}

impl TypedKey for Till {
    /// A key as a keyboard sends it: capitals come with Shift.
    fn typed_key(&mut self, code: KeyCode) {
        let modifiers = match code {
            KeyCode::Char(c) if c.is_ascii_uppercase() => KeyModifiers::SHIFT,
            _ => KeyModifiers::NONE,
        };
        self.key_with(code, modifiers);
    }
}

/// Runs `presses` over a sale of `lines`, by a clerk or a manager, holding both rules
/// after every key.
fn run(manager: bool, lines: &[&str], presses: &[Press]) {
    let mut t = till_as(if manager { "morgan" } else { "casey" });
    for line in lines {
        t.ring(line);
    }
    assert_eq!(t.invoice_count(), 0);
    for (i, p) in presses.iter().enumerate() {
        let pressed = &presses[..=i];
        match p {
            Press::Key(code) => one_key(&mut t, *code, pressed),
            Press::Scan(code) | Press::Words(code) => {
                for c in code.chars() {
                    one_key(&mut t, KeyCode::Char(c), pressed);
                }
                if matches!(p, Press::Scan(_)) {
                    one_key(&mut t, KeyCode::Enter, pressed);
                }
            }
            Press::Pin(pin) => {
                if is_pin_box(&t) {
                    for c in pin.chars() {
                        one_key(&mut t, KeyCode::Char(c), pressed);
                    }
                }
            }
        }
        assert_no_pin(&t, pressed);
        if t.app.should_quit() {
            break;
        }
    }
    t.assert_invariants();
}

const SALES: &[&[&str]] = &[
    &["SCREW", "2*VALVE"],
    &["SCREW", "TAPE", "CONC"],
    &["3*VALVE", "SCREW"],
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn only_an_explicit_tender_writes_an_invoice_and_no_pin_is_ever_shown(
        manager in any::<bool>(),
        sale in prop::sample::select(SALES),
        presses in prop::collection::vec(press(), 1..40),
    ) {
        run(manager, sale, &presses);
    }
}
