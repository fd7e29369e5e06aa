//! The day's report as the command line, the screen and the printer show it: the X report
//! of the day still open and the Z report of a closed day, as a table, CSV (figure,value),
//! JSON, or the printed slip.

use std::io::Write;

use unicode_width::UnicodeWidthStr;

use super::receipt::{centered, row, text_line};
use super::reports::{Format, ReportError};
use jiff::tz::TimeZone;

use crate::config::StoreSection;
use crate::domain::calendar::iso_in_zone;
use crate::store::days::DayReport;

/// Every line of the report: (snake_case name, label, value), in the order shown. An
/// empty value is a figure the report does not have (nothing counted on an X report).
pub fn lines(report: &DayReport, zone: &TimeZone) -> Vec<(&'static str, &'static str, String)> {
    let f = &report.figures;
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    // When the day opened and closed, in the store's zone with its offset.
    let time = |v: &Option<String>| {
        v.as_deref()
            .map(|at| iso_in_zone(at, zone).unwrap_or_else(|| at.to_string()))
            .unwrap_or_default()
    };
    let number = |v: Option<i64>| v.map(|n| n.to_string()).unwrap_or_default();
    let mut out = vec![
        ("number", "Day", number(report.number)),
        ("location", "Location", report.location.clone()),
        ("opened_at", "Opened", time(&report.opened_at)),
        ("closed_at", "Closed", time(&report.closed_at)),
        ("closed_by", "Closed by", text(&report.closed_by)),
        ("invoices", "Invoices", f.invoices.to_string()),
        ("first_invoice", "First invoice", number(f.first_invoice)),
        ("last_invoice", "Last invoice", number(f.last_invoice)),
    ];
    // Sales and returns are counted beside their amounts; a day closed before the counts
    // were kept shows none of them, as it was printed.
    let counts = f.counts.as_ref();
    for (name, amount) in f.amounts() {
        match (name, counts) {
            ("sales", Some(c)) => out.push((
                "sales_count",
                label("sales_count"),
                c.sales_count.to_string(),
            )),
            ("returns", Some(c)) => out.push((
                "returns_count",
                label("returns_count"),
                c.returns_count.to_string(),
            )),
            _ => {}
        }
        out.push((name, label(name), amount.to_string()));
    }
    let money = |m: Option<crate::domain::Money>| m.map(|m| m.to_string()).unwrap_or_default();
    out.push(("counted_cash", "Counted cash", money(report.counted_cash)));
    out.push((
        "over_short",
        "Over (+) / short (-)",
        money(report.over_short),
    ));
    out.push(("no_sales", "No-sales", f.no_sales.to_string()));
    for (name, value) in counts.map(|c| c.exceptions()).unwrap_or_default() {
        out.push((name, label(name), value));
    }
    out
}

fn label(name: &str) -> &'static str {
    match name {
        "sales" => "Sales (tax included)",
        "tax" => "Tax",
        "returns" => "Returns",
        "deposits_taken" => "Deposits taken",
        "deposits_applied" => "Deposits applied",
        "refunds" => "Refunds",
        "payments_on_account" => "Payments on account",
        "cash" => "Cash (net of change)",
        "card" => "Card",
        "account" => "On account",
        "refund_tendered" => "Given back on final invoices",
        "opening_float" => "Opening float",
        "cash_in" => "Cash in",
        "cash_out" => "Cash out",
        "expected_cash" => "Expected cash",
        "sales_count" => "Sales (count)",
        "returns_count" => "Returns (count)",
        "voids_count" => "Voids (count)",
        "voids" => "Voids (what they came to)",
        "price_overrides_count" => "Price overrides (count)",
        "price_overrides" => "Price overrides (off list)",
        "discounts_count" => "Discounts (count)",
        "discounts" => "Discounts (off list)",
        _ => "",
    }
}

fn title(report: &DayReport) -> String {
    match report.number {
        Some(n) => format!("Z report: day {n}"),
        None => "X report: the day so far".to_string(),
    }
}

/// The report as an aligned table of label and value; times shown to the minute.
pub fn table(report: &DayReport, zone: &TimeZone) -> String {
    let rows: Vec<(&str, String)> = lines(report, zone)
        .into_iter()
        .filter(|(_, _, value)| !value.is_empty())
        .map(|(name, label, value)| (label, shown(name, value)))
        .collect();
    let left = rows.iter().map(|(l, _)| l.width()).max().unwrap_or(0);
    let right = rows.iter().map(|(_, v)| v.width()).max().unwrap_or(0);
    let mut out = format!("{}\n", title(report));
    for (label, value) in rows {
        let pad = left + 2 + right - label.width() - value.width();
        out += &format!("{label}{}{value}\n", " ".repeat(pad));
    }
    out
}

/// A local time as people read it: `2026-11-22 17:03`.
fn shown(name: &str, value: String) -> String {
    if name.ends_with("_at") {
        value.replace('T', " ").chars().take(16).collect()
    } else {
        value
    }
}

/// The report as CSV: a header, then one `figure,value` row per line.
pub fn csv(report: &DayReport, zone: &TimeZone) -> Result<String, ReportError> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(["figure", "value"])?;
    for (name, _, value) in lines(report, zone) {
        writer.write_record([name, value.as_str()])?;
    }
    let bytes = writer
        .into_inner()
        .map_err(|e| std::io::Error::other(e.to_string()))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// Writes the report in `format`; JSON is one object with the snake_case names.
pub fn write(
    out: &mut impl Write,
    format: Format,
    report: &DayReport,
    zone: &TimeZone,
) -> Result<(), ReportError> {
    match format {
        Format::Table => write!(out, "{}", table(report, zone))?,
        Format::Csv => write!(out, "{}", csv(report, zone)?)?,
        Format::Json => writeln!(out, "{}", super::json(report, zone)?)?,
    }
    Ok(())
}

/// The printed slip of the report, `width` columns wide (42 or 80): a figure is never cut.
pub fn slip(report: &DayReport, width: u16, store: &StoreSection) -> String {
    let w = usize::from(width.max(32));
    let rule = format!("{}\n", "-".repeat(w));
    let mut out = String::new();
    out += &centered(&store.name, w);
    out += &centered(&title(report), w);
    out += &rule;
    for (name, label, value) in lines(report, &store.time_zone) {
        if value.is_empty() || name == "number" {
            continue;
        }
        if matches!(
            name,
            "invoices" | "cash" | "opening_float" | "counted_cash" | "voids_count"
        ) {
            out += &rule;
        }
        out += &row(label, &shown(name, value), w);
    }
    out += &rule;
    if report.number.is_some() {
        out += "\n";
        out += &text_line("Counted by: ____________________", w);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Money;
    use crate::domain::day::{DayEvents, figures};

    fn la() -> TimeZone {
        TimeZone::get("America/Los_Angeles").unwrap()
    }

    fn closed() -> DayReport {
        let m = |s: &str| Money::parse(s).unwrap();
        let events = DayEvents {
            no_sales: 1,
            ..DayEvents::default()
        };
        let figures = figures(&[], &[], &events, m("150.00"));
        DayReport {
            number: Some(3),
            location: "MAIN".into(),
            opened_at: Some("2026-11-21T17:30:00.000Z".into()),
            closed_at: Some("2026-11-22T17:31:12.345Z".into()),
            closed_by: Some("morgan".into()),
            counted_cash: Some(m("149.50")),
            over_short: Some(Money::ZERO - m("0.50")),
            figures,
        }
    }

    #[test]
    fn the_slip_fits_its_width_and_keeps_every_figure_whole() {
        let store = StoreSection {
            name: "Main Street Hardware and Building Supplies Co-operative".into(),
            location: "MAIN".into(),
            currency: "USD".into(),
            minor_units: 2,
            time_zone: la(),
        };
        for width in [42u16, 80] {
            let text = slip(&closed(), width, &store);
            for line in text.lines() {
                assert!(line.width() <= usize::from(width), "{width}: '{line}'");
            }
            assert!(text.contains("Z report: day 3"), "{text}");
            // Opened and closed in the store's time, to the minute.
            assert!(text.contains("2026-11-21 09:30\n"), "{text}");
            assert!(text.contains("2026-11-22 09:31\n"), "{text}");
            let expected = text
                .lines()
                .find(|l| l.starts_with("Expected cash"))
                .unwrap();
            assert!(expected.ends_with("150.00"), "{expected}");
            let over = text.lines().find(|l| l.starts_with("Over")).unwrap();
            assert!(over.ends_with("-0.50"), "{over}");
        }
    }

    #[test]
    fn csv_names_every_figure_and_an_x_report_leaves_the_count_empty() {
        let mut open = closed();
        open.number = None;
        open.counted_cash = None;
        open.over_short = None;
        let text = csv(&open, &la()).unwrap();
        assert!(
            text.starts_with(
                "figure,value\nnumber,\nlocation,MAIN\nopened_at,2026-11-21T09:30:00.000-08:00\n"
            ),
            "{text}"
        );
        assert!(text.contains("\nexpected_cash,150.00\ncounted_cash,\nover_short,\nno_sales,1\n"));
        let table = table(&open, &la());
        assert!(table.starts_with("X report: the day so far\n"), "{table}");
        assert!(table.contains("Opened  "), "{table}");
        assert!(table.contains("2026-11-21 09:30"), "{table}");
    }
}
