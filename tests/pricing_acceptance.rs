//! The price-break facts of SPEC section 4 (`tests/data/pricing.toml`, a copy of
//! `acceptance/pricing.toml`), checked against the pricing engine.

use std::str::FromStr;

use ringup::domain::Money;
use ringup::domain::pricing::{Basis, PriceList, charge_now, line_charge, parse_breaks};
use rust_decimal::Decimal;
use serde::Deserialize;

#[derive(Deserialize)]
struct Facts {
    #[serde(default)]
    case: Vec<Case>,
    #[serde(default)]
    fills: Vec<Fills>,
}

// Unknown fields are refused so a figure added to the fact file can't go unchecked.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    name: String,
    regular: String,
    breaks: String,
    #[serde(default)]
    special: Option<String>,
    #[serde(default)]
    level_pct: Option<String>,
    ordered: u32,
    delivered: u32,
    total: String,
    amounts: Option<Vec<String>>,
    split_delivered: Option<String>,
    split_backordered: Option<String>,
    order_delivered: Option<String>,
    order_backordered: Option<String>,
    shipped_delivered: Option<String>,
    shipped_backordered: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Fills {
    name: String,
    regular: String,
    breaks: String,
    #[serde(default)]
    special: Option<String>,
    #[serde(default)]
    level_pct: Option<String>,
    ordered: u32,
    deliveries: Vec<u32>,
    charges: Vec<String>,
}

fn price_list(
    regular: &str,
    breaks: &str,
    special: Option<&str>,
    level_pct: Option<&str>,
) -> Result<PriceList, String> {
    let money = |text: &str| Money::parse(text).map_err(|e| e.to_string());
    Ok(PriceList {
        regular: money(regular)?,
        special: special.map(money).transpose()?,
        level_pct: level_pct
            .map(Decimal::from_str)
            .transpose()
            .map_err(|e| e.to_string())?
            .unwrap_or_default(),
        breaks: parse_breaks(breaks).map_err(|e| e.to_string())?,
    })
}

/// Adds a failure to `failures` when `got`, written with the currency's places, is not `want`.
fn expect(failures: &mut Vec<String>, name: &str, what: &str, want: &str, got: Money) {
    if got.to_string() != want {
        failures.push(format!("{name}: {what} is {got}, expected {want}"));
    }
}

fn check_case(case: &Case, failures: &mut Vec<String>) {
    let name = &case.name;
    let prices = match price_list(
        &case.regular,
        &case.breaks,
        case.special.as_deref(),
        case.level_pct.as_deref(),
    ) {
        Ok(p) => p,
        Err(e) => return failures.push(format!("{name}: {e}")),
    };
    let (q, k) = (case.ordered, case.delivered);
    expect(failures, name, "T(ordered)", &case.total, prices.total(q));
    if let Some(want) = &case.amounts {
        let got: Vec<String> = prices
            .unit_amounts(q)
            .iter()
            .map(Money::to_string)
            .collect();
        if &got != want {
            failures.push(format!("{name}: amounts are {got:?}, expected {want:?}"));
        }
    }
    let figures = [
        (Basis::Split, &case.split_delivered, &case.split_backordered),
        (Basis::Order, &case.order_delivered, &case.order_backordered),
        (
            Basis::Shipped,
            &case.shipped_delivered,
            &case.shipped_backordered,
        ),
    ];
    for (basis, delivered, backordered) in figures {
        let charge = line_charge(&prices, basis, q, k);
        if let Some(want) = delivered {
            expect(
                failures,
                name,
                &format!("{basis} delivered"),
                want,
                charge.delivered,
            );
        }
        if let Some(want) = backordered {
            expect(
                failures,
                name,
                &format!("{basis} backordered"),
                want,
                charge.backordered,
            );
        }
    }
}

fn check_fills(fills: &Fills, failures: &mut Vec<String>) {
    let name = &fills.name;
    let prices = match price_list(
        &fills.regular,
        &fills.breaks,
        fills.special.as_deref(),
        fills.level_pct.as_deref(),
    ) {
        Ok(p) => p,
        Err(e) => return failures.push(format!("{name}: {e}")),
    };
    if fills.deliveries.len() != fills.charges.len() {
        return failures.push(format!("{name}: deliveries and charges differ in length"));
    }
    let mut delivered = 0;
    let mut charged = Money::ZERO;
    for (i, (&now, want)) in fills.deliveries.iter().zip(&fills.charges).enumerate() {
        let charge = charge_now(
            &prices,
            Basis::Split,
            fills.ordered,
            delivered,
            now,
            charged,
        );
        expect(
            failures,
            name,
            &format!("hand-over {} ({now} units)", i + 1),
            want,
            charge,
        );
        delivered += now;
        charged += charge;
    }
}

#[test]
fn pricing_facts_hold() {
    let text = include_str!("data/pricing.toml");
    let facts: Facts = toml::from_str(text).expect("pricing.toml parses");
    assert!(!facts.case.is_empty() && !facts.fills.is_empty());
    let mut failures = Vec::new();
    for case in &facts.case {
        check_case(case, &mut failures);
    }
    for fills in &facts.fills {
        check_fills(fills, &mut failures);
    }
    assert!(
        failures.is_empty(),
        "pricing facts that fail:\n{}",
        failures.join("\n")
    );
}
