//! Reading an import's CSV: its header, each record with its line number, and the checks
//! every field gets whatever the file (its length, no hidden characters).

use std::io::Read;

use super::RowError;
use crate::domain::Money;

pub(super) struct Row<'a> {
    pub(super) line: u64,
    record: &'a csv::StringRecord,
    /// How many columns the file has (the required ones, perhaps optional ones after them).
    pub(super) columns: usize,
    pub(super) errors: &'a mut Vec<RowError>,
}

impl Row<'_> {
    pub(super) fn text(&self, i: usize) -> &str {
        self.record.get(i).map(str::trim).unwrap_or("")
    }

    pub(super) fn fail(&mut self, field: &str, value: &str, reason: impl ToString) {
        self.errors.push(RowError {
            line: self.line,
            field: field.to_string(),
            value: value.to_string(),
            reason: reason.to_string(),
        });
    }

    pub(super) fn required(&mut self, i: usize, field: &str) -> String {
        let v = self.text(i).to_string();
        if v.is_empty() {
            self.fail(field, "", "is required");
        }
        v
    }

    pub(super) fn money(&mut self, i: usize, field: &str) -> Money {
        let v = self.text(i).to_string();
        match Money::parse(&v) {
            Ok(m) => m,
            Err(e) => {
                self.fail(field, &v, e);
                Money::ZERO
            }
        }
    }

    pub(super) fn count(&mut self, i: usize, field: &str) -> i64 {
        let v = self.text(i).to_string();
        if v.is_empty() {
            return 0;
        }
        match v.parse::<i64>() {
            Ok(n) if (0..=1_000_000_000).contains(&n) => n,
            _ => {
                self.fail(field, &v, "must be a whole number from 0 to 1,000,000,000");
                0
            }
        }
    }
}

/// The most characters a field of an import may hold: a description, a name, an address
/// fits; a file that puts megabytes in a field (copied into every invoice line) does not.
pub const MAX_FIELD_CHARS: usize = 200;

/// Why a field's text is refused, if it is: longer than [`MAX_FIELD_CHARS`], or holding a
/// control character (NUL, a line break, a tab...) or an invisible one that reorders or
/// hides text on a screen or a receipt (bidirectional overrides, zero-width characters).
fn hostile_text(value: &str) -> Option<String> {
    let chars = value.chars().count();
    if chars > MAX_FIELD_CHARS {
        return Some(format!(
            "is {chars} characters long; at most {MAX_FIELD_CHARS}"
        ));
    }
    value
        .chars()
        .find(|c| c.is_control() || invisible(*c))
        .map(|c| {
            format!(
                "holds the character U+{:04X}, which is not shown as text",
                u32::from(c)
            )
        })
}

/// Characters that change how the text around them is shown without being seen.
fn invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}')
}

/// A refused value as an error shows it: its first 40 characters, the controls escaped.
fn shown(value: &str) -> String {
    let head: String = value
        .chars()
        .take(40)
        .flat_map(char::escape_debug)
        .collect();
    if value.chars().count() > 40 {
        format!("{head}…")
    } else {
        head
    }
}

/// Opens the CSV and checks its header: exactly `header`, or `header` followed by the
/// `optional` columns. Returns the reader and how many columns the file has.
fn reader<R: Read>(
    input: R,
    header: &[&str],
    optional: &[&str],
) -> std::result::Result<(csv::Reader<R>, usize), RowError> {
    let mut rdr = csv::ReaderBuilder::new().flexible(true).from_reader(input);
    let found: Vec<String> = rdr
        .headers()
        .map_err(|e| header_error(&e.to_string()))?
        .iter()
        .map(|h| h.trim().to_ascii_lowercase())
        .collect();
    let full: Vec<&str> = header.iter().chain(optional).copied().collect();
    if found != header && (optional.is_empty() || found != full) {
        let expected = match optional.is_empty() {
            true => format!("'{}'", header.join(",")),
            false => format!(
                "'{}' (optionally followed by '{}')",
                header.join(","),
                optional.join(",")
            ),
        };
        return Err(header_error(&format!(
            "expected columns {expected}, found '{}'",
            found.join(",")
        )));
    }
    let columns = found.len();
    Ok((rdr, columns))
}

fn header_error(reason: &str) -> RowError {
    RowError {
        line: 1,
        field: "header".into(),
        value: String::new(),
        reason: reason.into(),
    }
}

/// Reads every record, giving each to `parse` with its line number; CSV errors become
/// row errors too.
pub(super) fn each_row<R: Read>(
    input: R,
    header: &[&str],
    optional: &[&str],
    errors: &mut Vec<RowError>,
    mut parse: impl FnMut(&mut Row<'_>),
) {
    let (mut rdr, columns) = match reader(input, header, optional) {
        Ok(r) => r,
        Err(e) => {
            errors.push(e);
            return;
        }
    };
    let mut record = csv::StringRecord::new();
    loop {
        match rdr.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let line = record.position().map_or(0, |p| p.line());
                if record.iter().all(|f| f.trim().is_empty()) {
                    continue;
                }
                if record.len() != columns {
                    errors.push(RowError {
                        line,
                        field: "row".into(),
                        value: record.iter().collect::<Vec<_>>().join(","),
                        reason: format!("has {} fields, expected {columns}", record.len()),
                    });
                    continue;
                }
                let names = header.iter().chain(optional);
                let hostile: Vec<RowError> = record
                    .iter()
                    .zip(names)
                    .filter_map(|(value, name)| {
                        hostile_text(value).map(|reason| RowError {
                            line,
                            field: (*name).to_string(),
                            value: shown(value),
                            reason,
                        })
                    })
                    .collect();
                if !hostile.is_empty() {
                    errors.extend(hostile);
                    continue;
                }
                parse(&mut Row {
                    line,
                    record: &record,
                    columns,
                    errors,
                });
            }
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                errors.push(RowError {
                    line,
                    field: "row".into(),
                    value: String::new(),
                    reason: e.to_string(),
                });
                if !matches!(e.kind(), csv::ErrorKind::Utf8 { .. }) {
                    break;
                }
            }
        }
    }
}

pub(super) fn is_sku(text: &str) -> bool {
    (1..=32).contains(&text.len())
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./".contains(c))
}
