//! Reading an import's CSV: its header, each record with its line number, and the checks
//! every field gets whatever the file (its length, no hidden characters).

use std::io::{BufRead, BufReader, Read};

use super::RowError;
use crate::domain::Money;
use crate::domain::text::{MAX_TEXT_CHARS, check_text, excerpt, excerpt_of};

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
            Ok(m) if m > most_money() => {
                self.fail(field, &v, MOST_MONEY_TOLD);
                Money::ZERO
            }
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
        match whole_number(&v) {
            Some(n) if n <= 1_000_000_000 => n,
            _ => {
                self.fail(field, &v, "must be a whole number from 0 to 1,000,000,000");
                0
            }
        }
    }
}

/// The largest price, cost or credit limit an import takes: far beyond any real one, and far
/// from where a line's quantity times its price could overflow.
pub(super) fn most_money() -> Money {
    Money::new(rust_decimal::Decimal::from(1_000_000_000))
}

pub(super) const MOST_MONEY_TOLD: &str = "at most 1000000000";

/// The most characters a field of an import may hold (the rule of all free text).
pub const MAX_FIELD_CHARS: usize = MAX_TEXT_CHARS;

/// Opens the CSV and checks its header: exactly `header`, or `header` followed by the
/// `optional` columns. A UTF-8 byte order mark before it (as spreadsheets write) is skipped;
/// a file in UTF-16 is refused as such. Returns the reader and how many columns the file has.
fn reader<R: Read>(
    input: R,
    header: &[&str],
    optional: &[&str],
) -> std::result::Result<(csv::Reader<BufReader<R>>, usize), RowError> {
    let mut input = BufReader::new(input);
    let start = input
        .fill_buf()
        .map_err(|e| header_error(&format!("cannot be read: {e}")))?;
    if start.starts_with(&[0xFF, 0xFE]) || start.starts_with(&[0xFE, 0xFF]) {
        return Err(header_error(
            "the file is UTF-16 text; save it as CSV in UTF-8 (\"CSV UTF-8\")",
        ));
    }
    if start.starts_with(b"\xEF\xBB\xBF") {
        input.consume(3);
    }
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
            excerpt_of(&found.join(","), MAX_FIELD_CHARS)
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
                        value: excerpt_of(
                            &record.iter().collect::<Vec<_>>().join(","),
                            MAX_FIELD_CHARS,
                        ),
                        reason: format!("has {} fields, expected {columns}", record.len()),
                    });
                    continue;
                }
                let names = header.iter().chain(optional);
                let hostile: Vec<RowError> = record
                    .iter()
                    .zip(names)
                    .filter_map(|(value, name)| {
                        check_text(value, MAX_FIELD_CHARS)
                            .err()
                            .map(|reason| RowError {
                                line,
                                field: (*name).to_string(),
                                value: excerpt(value),
                                reason: reason.to_string(),
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
                // Bytes that are not UTF-8 are named by their field.
                let field = match e.kind() {
                    csv::ErrorKind::Utf8 { err, .. } => header
                        .iter()
                        .chain(optional)
                        .nth(err.field())
                        .map_or("row", |name| name),
                    _ => "row",
                };
                let reason = match e.kind() {
                    csv::ErrorKind::Utf8 { .. } => {
                        "is not UTF-8 text (save the file as CSV in UTF-8)".to_string()
                    }
                    _ => e.to_string(),
                };
                errors.push(RowError {
                    line,
                    field: field.to_string(),
                    value: String::new(),
                    reason,
                });
                if !matches!(e.kind(), csv::ErrorKind::Utf8 { .. }) {
                    break;
                }
            }
        }
    }
}

/// A whole number as a file writes it: digits only (no sign, no separators).
pub(super) fn whole_number(text: &str) -> Option<i64> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

pub(super) fn is_sku(text: &str) -> bool {
    (1..=32).contains(&text.len())
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./".contains(c))
}
