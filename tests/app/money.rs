//! The rounding rule, parsing and formatting of money (`src/domain/money.rs`), checked through
//! its public API.

use backroom::domain::money::{Currency, MAX_UNITS, Money, MoneyError};
use rust_decimal_macros::dec;

fn usd() -> Currency {
    Currency::from_code("USD").unwrap()
}

#[test]
fn currencies_know_their_minor_unit() {
    assert_eq!(usd().exponent(), 2);
    assert_eq!(Currency::from_code("jpy").unwrap().exponent(), 0);
    assert_eq!(Currency::from_code("KWD").unwrap().exponent(), 3);
    assert!(matches!(
        Currency::from_code("XXY"),
        Err(MoneyError::UnknownCurrency(_))
    ));
}

#[test]
fn typed_amounts_parse_exactly() {
    let usd = usd();
    assert_eq!(Money::parse("12", &usd).unwrap().amount(), dec!(12));
    assert_eq!(
        Money::parse("12.5", &usd).unwrap().to_minor(&usd).unwrap(),
        1250
    );
    assert_eq!(
        Money::parse(" 1,234.50 ", &usd)
            .unwrap()
            .to_minor(&usd)
            .unwrap(),
        123_450
    );
    assert_eq!(
        Money::parse("$0.10", &usd).unwrap().to_minor(&usd).unwrap(),
        10
    );
    assert_eq!(
        Money::parse(".99", &usd).unwrap().to_minor(&usd).unwrap(),
        99
    );
    assert_eq!(
        Money::parse("12.500", &usd)
            .unwrap()
            .to_minor(&usd)
            .unwrap(),
        1250
    );
    assert_eq!(
        Money::parse_signed("-3.25", &usd)
            .unwrap()
            .to_minor(&usd)
            .unwrap(),
        -325
    );
}

#[test]
fn sub_minor_unit_amounts_are_rejected() {
    let usd = usd();
    assert_eq!(Money::parse("0.001", &usd), Err(MoneyError::TooPrecise(2)));
    assert_eq!(Money::parse("12.345", &usd), Err(MoneyError::TooPrecise(2)));
    let jpy = Currency::from_code("JPY").unwrap();
    assert_eq!(Money::parse("100.5", &jpy), Err(MoneyError::TooPrecise(0)));
    assert_eq!(
        Money::parse("100", &jpy).unwrap().to_minor(&jpy).unwrap(),
        100
    );
}

#[test]
fn malformed_and_negative_amounts_are_rejected() {
    let usd = usd();
    for bad in [
        "abc", "1.2.3", "12,34", ",123", "1e5", "NaN", "--1", "1 000", "½", ".", "$",
    ] {
        assert_eq!(Money::parse(bad, &usd), Err(MoneyError::Malformed), "{bad}");
    }
    assert_eq!(Money::parse("", &usd), Err(MoneyError::Empty));
    assert_eq!(Money::parse("   ", &usd), Err(MoneyError::Empty));
    assert_eq!(Money::parse("-1", &usd), Err(MoneyError::Negative));
    assert!(Money::parse("-0", &usd).is_ok());
}

#[test]
fn overflowing_amounts_are_rejected() {
    let usd = usd();
    assert_eq!(
        Money::parse("99999999999999999999999999", &usd),
        Err(MoneyError::OutOfRange)
    );
    assert_eq!(
        Money::parse("1000000000001", &usd),
        Err(MoneyError::OutOfRange)
    );
    assert!(Money::parse("1000000000000", &usd).is_ok());
    let big = Money::parse("1000000000000", &usd).unwrap();
    assert_eq!(
        big.checked_add(Money::parse("1", &usd).unwrap()),
        Err(MoneyError::OutOfRange)
    );
    assert_eq!(big.times(2), Err(MoneyError::OutOfRange));
}

#[test]
fn minor_units_round_trip() {
    let usd = usd();
    for minor in [0_i64, 1, 99, 100, 123_456_789, -5] {
        assert_eq!(
            Money::from_minor(minor, &usd).to_minor(&usd).unwrap(),
            minor
        );
    }
}

#[test]
fn computed_amounts_round_half_away_from_zero() {
    let usd = usd();
    assert_eq!(
        Money::round(dec!(2.345), &usd)
            .unwrap()
            .to_minor(&usd)
            .unwrap(),
        235
    );
    assert_eq!(
        Money::round(dec!(2.344), &usd)
            .unwrap()
            .to_minor(&usd)
            .unwrap(),
        234
    );
    assert_eq!(
        Money::round(dec!(-2.345), &usd)
            .unwrap()
            .to_minor(&usd)
            .unwrap(),
        -235
    );
    assert_eq!(
        Money::round(dec!(0.005), &usd)
            .unwrap()
            .to_minor(&usd)
            .unwrap(),
        1
    );
    // 10% off 19.99 = 17.991 -> 17.99
    let price = Money::parse("19.99", &usd).unwrap();
    assert_eq!(
        Money::round(price.amount() * dec!(0.9), &usd)
            .unwrap()
            .to_minor(&usd)
            .unwrap(),
        1799
    );
}

#[test]
fn amounts_format_with_the_currency() {
    let usd = usd();
    assert_eq!(Money::from_minor(123_450, &usd).format(&usd), "$1,234.50");
    assert_eq!(Money::from_minor(-5, &usd).format(&usd), "-$0.05");
    assert_eq!(
        Money::from_minor(100_000_000, &usd).plain(&usd),
        "1,000,000.00"
    );
    assert_eq!(
        Money::from_minor(123_450, &usd).input_value(&usd),
        "1234.50"
    );
    let jpy = Currency::from_code("JPY").unwrap();
    assert_eq!(Money::from_minor(1200, &jpy).plain(&jpy), "1,200");
    let kwd = Currency::from_code("KWD").unwrap();
    assert_eq!(Money::from_minor(1_234, &kwd).plain(&kwd), "1.234");
}

#[test]
fn minor_units_format_exactly_as_decimals_do() {
    for code in ["USD", "EUR", "JPY", "KWD", "CHF", "GBP"] {
        let currency = Currency::from_code(code).unwrap();
        let mut samples = vec![0, 1, -1, 9, 10, 99, 100, 101, -100, 999_999, 1_000_000];
        samples.extend([12_345_678_901, -98_765_432_109, MAX_UNITS, -MAX_UNITS]);
        samples.extend((0..2_000).map(|i| i * 7_919 - 5_000_000));
        for minor in samples {
            assert_eq!(
                Money::format_minor(minor, &currency),
                Money::from_minor(minor, &currency).format(&currency),
                "{minor} {code}"
            );
        }
    }
}

#[test]
fn formatted_amounts_parse_back_to_the_same_value() {
    let usd = usd();
    for minor in [0_i64, 7, 1999, 123_456_789] {
        let money = Money::from_minor(minor, &usd);
        assert_eq!(Money::parse(&money.format(&usd), &usd).unwrap(), money);
        assert_eq!(Money::parse(&money.input_value(&usd), &usd).unwrap(), money);
    }
}
