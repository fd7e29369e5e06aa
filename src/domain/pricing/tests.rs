use super::*;

fn m(s: &str) -> Money {
    Money::new(Decimal::from_str(s).unwrap())
}

fn list(regular: &str, breaks: &str) -> PriceList {
    PriceList::new(m(regular), parse_breaks(breaks).unwrap())
}

fn strings(amounts: &[Money]) -> Vec<String> {
    amounts.iter().map(Money::to_string).collect()
}

#[test]
fn worked_example() {
    let p = list("10.00", "3for25.00");
    assert_eq!(p.total(4).to_string(), "35.00");
    assert_eq!(
        strings(&p.unit_amounts(4)),
        ["10.00", "8.34", "8.33", "8.33"]
    );
    let c = line_charge(&p, Basis::Split, 4, 2);
    assert_eq!(c.delivered.to_string(), "18.34");
    assert_eq!(c.backordered.to_string(), "16.66");
    assert_eq!(
        charge_now(&p, Basis::Split, 4, 2, 1, m("18.34")).to_string(),
        "6.66"
    );
    assert_eq!(
        charge_now(&p, Basis::Split, 4, 3, 1, m("25.00")).to_string(),
        "10.00"
    );
}

#[test]
fn customer_special_price_beats_regular() {
    let mut p = list("10.00", "");
    p.special = Some(m("8.50"));
    assert_eq!(p.unit_price(1).to_string(), "8.50");
    assert_eq!(p.total(3).to_string(), "25.50");
    // A special price above the regular one is no special.
    p.special = Some(m("12.00"));
    assert_eq!(p.unit_price(1).to_string(), "10.00");
}

#[test]
fn level_discount_rounds_to_cents() {
    let mut p = list("9.99", "");
    p.level_pct = Decimal::from(5);
    assert_eq!(p.unit_price(1).to_string(), "9.49");
    assert_eq!(p.total(2).to_string(), "18.98");
}

#[test]
fn level_discount_applies_to_the_lowest_price() {
    let mut p = list("10.00", "5+@8.00");
    p.special = Some(m("9.00"));
    p.level_pct = Decimal::from(10);
    assert_eq!(p.unit_price(1).to_string(), "8.10");
    assert_eq!(p.unit_price(5).to_string(), "7.20");
}

#[test]
fn level_over_a_hundred_percent_is_free_not_negative() {
    let mut p = list("10.00", "");
    p.level_pct = Decimal::from(150);
    assert_eq!(p.unit_price(1).to_string(), "0.00");
}

#[test]
fn special_price_below_a_tier_wins() {
    let mut p = list("10.00", "3+@8.00");
    p.special = Some(m("7.00"));
    assert_eq!(p.unit_price(1).to_string(), "7.00");
    assert_eq!(p.unit_price(5).to_string(), "7.00");
    assert_eq!(p.total(5).to_string(), "35.00");
}

#[test]
fn best_tier_reached_is_the_lowest_price_not_the_largest_quantity() {
    let p = list("10.00", "3+@7.00 5+@8.00");
    assert_eq!(p.unit_price(2).to_string(), "10.00");
    assert_eq!(p.unit_price(3).to_string(), "7.00");
    assert_eq!(p.unit_price(6).to_string(), "7.00");
}

#[test]
fn set_not_used_when_discounted_unit_price_is_cheaper() {
    // 3for27.00 is 9.00 a unit; 15% off 10.00 is 8.50.
    let mut p = list("10.00", "3for27.00");
    assert_eq!(p.total(3).to_string(), "27.00");
    p.level_pct = Decimal::from(15);
    assert_eq!(p.total(3).to_string(), "25.50");
    assert_eq!(strings(&p.unit_amounts(3)), ["8.50", "8.50", "8.50"]);
}

#[test]
fn set_equal_to_the_unit_price_is_not_used() {
    let p = list("10.00", "3for30.00");
    assert_eq!(p.total(3).to_string(), "30.00");
    assert_eq!(strings(&p.unit_amounts(3)), ["10.00", "10.00", "10.00"]);
}

#[test]
fn set_is_not_discounted_by_the_level() {
    let mut p = list("10.00", "3for24.00");
    p.level_pct = Decimal::from(10);
    // Unit 9.00; the set is 8.00 a unit and stays 24.00.
    assert_eq!(p.total(4).to_string(), "33.00");
}

#[test]
fn larger_sets_first_greedily() {
    let p = list("4.00", "3for10.00 10for30.00");
    assert_eq!(p.total(14).to_string(), "44.00");
    assert_eq!(p.total(9).to_string(), "30.00");
    assert_eq!(p.total(10).to_string(), "30.00");
}

#[test]
fn set_of_one_is_a_unit_price_that_no_level_discounts() {
    let mut p = list("10.00", "1for9.00");
    p.level_pct = Decimal::from(5);
    assert_eq!(p.total(2).to_string(), "18.00");
    let p = list("10.00", "1+@9.00");
    assert_eq!(p.unit_price(1).to_string(), "9.00");
}

#[test]
fn zero_quantity_costs_nothing() {
    let p = list("10.00", "3for25.00");
    assert_eq!(p.total(0).to_string(), "0.00");
    assert!(p.unit_amounts(0).is_empty());
    let c = line_charge(&p, Basis::Split, 0, 0);
    assert_eq!(c.delivered.to_string(), "0.00");
    assert_eq!(c.backordered.to_string(), "0.00");
}

#[test]
fn order_basis_spreads_the_total_evenly() {
    let p = list("1.00", "3for2.00");
    assert_eq!(strings(&p.order_amounts(3)), ["0.67", "0.67", "0.66"]);
    assert_eq!(
        charge_now(&p, Basis::Order, 3, 0, 1, Money::ZERO).to_string(),
        "0.67"
    );
    assert_eq!(
        charge_now(&p, Basis::Order, 3, 1, 1, m("0.67")).to_string(),
        "0.67"
    );
    assert_eq!(
        charge_now(&p, Basis::Order, 3, 2, 1, m("1.34")).to_string(),
        "0.66"
    );
}

#[test]
fn shipped_basis_prices_each_delivery_alone() {
    let p = list("10.00", "3for25.00");
    let c = line_charge(&p, Basis::Shipped, 4, 2);
    assert_eq!(c.delivered.to_string(), "20.00");
    assert_eq!(c.backordered.to_string(), "20.00");
    assert_eq!(c.total.to_string(), "35.00");
}

#[test]
fn split_partial_fill_never_charges_back() {
    // T(4) = 40.00 but T(5) = 25.00: the fifth unit completes the tier.
    let p = list("10.00", "5+@5.00");
    assert_eq!(
        charge_now(&p, Basis::Split, 6, 0, 4, Money::ZERO).to_string(),
        "20.00"
    );
    assert_eq!(
        charge_now(&p, Basis::Split, 6, 4, 1, m("20.00")).to_string(),
        "5.00"
    );
    assert_eq!(
        charge_now(&p, Basis::Split, 6, 5, 1, m("25.00")).to_string(),
        "5.00"
    );
}

#[test]
fn basis_reads_and_writes_its_config_words() {
    for basis in [Basis::Split, Basis::Order, Basis::Shipped] {
        assert_eq!(basis.to_string().parse::<Basis>().unwrap(), basis);
    }
    assert_eq!(Basis::default(), Basis::Split);
    assert_eq!(
        "weekly".parse::<Basis>().unwrap_err().to_string(),
        "'weekly' is not a price break basis; use split, order or shipped"
    );
}

fn parse_err(text: &str) -> String {
    parse_breaks(text).unwrap_err().to_string()
}

#[test]
fn break_errors_name_the_token_and_the_fault() {
    assert_eq!(parse_err("3for"), "break '3for' has no price");
    assert_eq!(parse_err("3+@"), "break '3+@' has no price");
    assert_eq!(
        parse_err("0for5.00"),
        "'0for5.00': the quantity must be a whole number of at least 1"
    );
    assert_eq!(
        parse_err("for5.00"),
        "'for5.00': the quantity must be a whole number of at least 1"
    );
    assert_eq!(
        parse_err("1.5+@5.00"),
        "'1.5+@5.00': the quantity must be a whole number of at least 1"
    );
    assert_eq!(parse_err("3for-1"), "'3for-1': price must not be negative");
    assert_eq!(parse_err("2+@abc"), "'2+@abc': 'abc' is not a price");
    assert_eq!(
        parse_err("2+@1.005"),
        "'2+@1.005': price has more than 2 decimal places"
    );
    assert_eq!(
        parse_err("3for25.00 3for20.00"),
        "duplicate quantity 3 in '3for25.00 3for20.00'"
    );
    assert_eq!(
        parse_err("5+@8.00  10+@7  5+@7.50"),
        "duplicate quantity 5 in '5+@8.00 10+@7 5+@7.50'"
    );
    assert!(matches!(
        parse_breaks("half-price"),
        Err(BreakError::Unrecognised(_))
    ));
}

#[test]
fn breaks_parse_in_canonical_order() {
    assert_eq!(parse_breaks("").unwrap(), vec![]);
    assert_eq!(parse_breaks("   ").unwrap(), vec![]);
    let breaks = parse_breaks("10+@7.50 3FOR25 3+@9").unwrap();
    assert_eq!(
        breaks,
        vec![
            PriceBreak::Set {
                qty: 3,
                price: m("25.00")
            },
            PriceBreak::Tier {
                min_qty: 3,
                unit: m("9.00")
            },
            PriceBreak::Tier {
                min_qty: 10,
                unit: m("7.50")
            },
        ]
    );
    assert_eq!(format_breaks(&breaks), "3for25.00 3+@9.00 10+@7.50");
}

#[test]
fn format_round_trips() {
    for text in [
        "",
        "3for25.00 10+@7.50",
        "1for0.00 2for3.50 1+@0.01 100+@0.99",
    ] {
        let breaks = parse_breaks(text).unwrap();
        let written = format_breaks(&breaks);
        assert_eq!(written, text);
        assert_eq!(parse_breaks(&written).unwrap(), breaks);
    }
    Money::with_scale(0, || {
        let yen = parse_breaks("3for2500").unwrap();
        assert_eq!(format_breaks(&yen), "3for2500");
    });
}

#[test]
fn minor_units_other_than_cents() {
    Money::with_scale(0, || {
        let p = PriceList::new(m("100"), parse_breaks("3for250").unwrap());
        assert_eq!(strings(&p.unit_amounts(4)), ["100", "84", "83", "83"]);
    });
    Money::with_scale(3, || {
        let p = PriceList::new(m("1.000"), parse_breaks("3for2.000").unwrap());
        assert_eq!(strings(&p.unit_amounts(3)), ["0.667", "0.667", "0.666"]);
    });
}
