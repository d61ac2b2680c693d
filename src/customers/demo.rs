//! Demo customers: realistic names, addresses in several countries, tags, consents and notes,
//! and a few duplicates to merge. Written in bulk (a transaction per 500), each with its tags,
//! consent row and search entry as the writer keeps them.

use diesel::prelude::*;
use rand::Rng;
use rand::rngs::StdRng;
use rand::seq::IndexedRandom;

use super::queries::name_key;
use super::search;
use crate::db::schema::{customer_addresses, customer_consents, customer_tags, customers};
use crate::db::{self, DbConnection};
use crate::domain::ids::{AddressId, CustomerId};
use crate::domain::phone::Phone;
use crate::error::AppError;

const FIRST: &[&str] = &[
    "Ada", "Alan", "Grace", "Maya", "Noah", "Olivia", "Liam", "Emma", "Lucas", "Chloé", "Hugo",
    "Léa", "Finn", "Mia", "Jonas", "Sofia", "Aoife", "Seán", "Isla", "Jack", "Amelia", "Oscar",
    "Zoe", "Ethan", "Hannah", "Ravi", "Priya", "Mateo", "Lena", "Tom",
];
const LAST: &[&str] = &[
    "Lovelace", "Turing", "Hopper", "Smith", "Jones", "Taylor", "Brown", "Martin", "Bernard",
    "Dubois", "Müller", "Schmidt", "de Vries", "Jansen", "Murphy", "O'Brien", "Walsh", "Wilson",
    "Nguyen", "Patel", "García", "López", "Rossi", "Russo", "Kowalski", "Novak", "Andersen",
    "Berg", "Evans", "Clarke",
];
const TAGS: &[&str] = &[
    "vip",
    "wholesale",
    "newsletter",
    "trade",
    "local",
    "press",
    "returning",
];
const SOURCES: &[&str] = &[
    "At checkout",
    "In person at the shop",
    "Newsletter form",
    "By email",
];

/// A country: code, cities with postcodes, a street, and a phone prefix that dials a valid
/// number when four digits follow (none: no demo phone there).
struct Place {
    country: &'static str,
    cities: &'static [(&'static str, &'static str)],
    street: &'static str,
    phone: Option<&'static str>,
}

const PLACES: &[Place] = &[
    Place {
        country: "GB",
        cities: &[
            ("London", "EC1A 1BB"),
            ("Bristol", "BS1 4QA"),
            ("Leeds", "LS1 4AP"),
        ],
        street: "Harbour Row",
        phone: Some("+44 20 7946 "),
    },
    Place {
        country: "US",
        cities: &[
            ("San Francisco", "94103"),
            ("Portland", "97205"),
            ("Boston", "02110"),
        ],
        street: "Market Street",
        phone: Some("+1 415 555 "),
    },
    Place {
        country: "FR",
        cities: &[("Lyon", "69002"), ("Paris", "75011"), ("Nantes", "44000")],
        street: "Rue Neuve",
        phone: Some("+33 4 72 00 "),
    },
    Place {
        country: "DE",
        cities: &[("Berlin", "10115"), ("Hamburg", "20095")],
        street: "Hafenstraße",
        phone: None,
    },
    Place {
        country: "NL",
        cities: &[("Amsterdam", "1012 AB"), ("Utrecht", "3511 AA")],
        street: "Havenweg",
        phone: None,
    },
    Place {
        country: "IE",
        cities: &[("Dublin", "D02 X285"), ("Cork", "T12 W8KX")],
        street: "Quay Street",
        phone: None,
    },
];

const BATCH: usize = 500;

pub fn generate(
    conn: &mut DbConnection,
    rng: &mut StdRng,
    count: usize,
) -> Result<String, AppError> {
    let existing: i64 = customers::table.count().get_result(conn)?;
    if existing > 0 {
        return Ok(format!(
            "the shop has {existing} customers already; none added"
        ));
    }
    let now = db::now();
    let mut start = 0;
    let mut duplicates = 0;
    while start < count {
        let end = (start + BATCH).min(count);
        duplicates += db::write(conn, |c| {
            let mut duplicates = 0;
            for n in start..end {
                // Every 400th customer has a near-twin: the same person with a dotted
                // Gmail address, as duplicate accounts arise.
                let twin = n % 400 == 399;
                insert_customer(c, rng, n, twin, now)?;
                duplicates += usize::from(twin);
            }
            Ok(duplicates)
        })?;
        start = end;
    }
    db::write(conn, |c| Ok(search::tidy(c)?))?;
    Ok(format!(
        "{count} customers ({duplicates} of them likely duplicates)"
    ))
}

fn insert_customer(
    c: &mut DbConnection,
    rng: &mut StdRng,
    n: usize,
    twin: bool,
    now: chrono::NaiveDateTime,
) -> Result<(), AppError> {
    // A twin repeats the customer before it (same seed position), with another address form.
    let index = if twin { n - 1 } else { n };
    let first = FIRST[index % FIRST.len()];
    let last = LAST[(index / FIRST.len()) % LAST.len()];
    let local = format!("{}.{}{index}", ascii(first), ascii(last));
    let email = match twin {
        true => format!("{}@gmail.com", local.replace('.', "")),
        false if index % 7 == 0 => format!("{local}@gmail.com"),
        false => format!("{local}@example.com"),
    };
    let place = &PLACES[index % PLACES.len()];
    let (city, postcode) = place.cities[index % place.cities.len()];
    let phone = place
        .phone
        .filter(|_| rng.random_bool(0.6))
        .and_then(|prefix| {
            Phone::parse(&format!("{prefix}{:04}", rng.random_range(0..10_000)), None).ok()
        })
        .map(Phone::into_string)
        .unwrap_or_default();
    let tag_count = rng.random_range(0..=2);
    let tags: Vec<&str> = TAGS.choose_multiple(rng, tag_count).copied().collect();
    let tags: Vec<String> = tags.iter().map(|t| (*t).to_owned()).collect();
    let accepts = rng.random_bool(0.45);
    let created = now - chrono::Duration::minutes(rng.random_range(0..(60 * 24 * 720)));
    let source = SOURCES.choose(rng).copied().unwrap_or("At checkout");
    let company = if index % 9 == 0 {
        format!("{last} & Co")
    } else {
        String::new()
    };
    let note = if index % 13 == 0 {
        "Prefers delivery after 5 pm."
    } else {
        ""
    };
    let id: CustomerId = diesel::insert_into(customers::table)
        .values((
            customers::first_name.eq(first),
            customers::last_name.eq(last),
            customers::name_key.eq(name_key(first, last, &email)),
            customers::email.eq(Some(&email)),
            customers::email_key.eq(Some(email.to_lowercase())),
            customers::email_match.eq(Some(crate::domain::email::match_key(&email))),
            customers::phone.eq(&phone),
            customers::phone_display.eq(crate::domain::phone::display(&phone)),
            customers::company.eq(&company),
            customers::note.eq(note),
            customers::tags.eq(tags.join(", ")),
            customers::accepts_email.eq(accepts),
            customers::consent_at.eq(accepts.then_some(created)),
            customers::consent_source.eq(if accepts { source } else { "" }),
            customers::country.eq(place.country),
            customers::city.eq(city),
            customers::updated_by.eq("Backroom demo"),
            customers::created_at.eq(created),
            customers::updated_at.eq(created),
        ))
        .returning(customers::id)
        .get_result(c)?;
    let address: AddressId = diesel::insert_into(customer_addresses::table)
        .values((
            customer_addresses::customer_id.eq(id),
            customer_addresses::name.eq(format!("{first} {last}")),
            customer_addresses::line1.eq(format!("{} {}", 1 + index % 120, place.street)),
            customer_addresses::city.eq(city),
            customer_addresses::postcode.eq(postcode),
            customer_addresses::country.eq(place.country),
            customer_addresses::created_at.eq(created),
        ))
        .returning(customer_addresses::id)
        .get_result(c)?;
    diesel::update(customers::table.find(id))
        .set((
            customers::default_shipping_id.eq(Some(address)),
            customers::default_billing_id.eq(Some(address)),
        ))
        .execute(c)?;
    for tag in &tags {
        diesel::insert_into(customer_tags::table)
            .values((
                customer_tags::tag.eq(tag),
                customer_tags::customer_id.eq(id),
            ))
            .execute(c)?;
    }
    if accepts {
        diesel::insert_into(customer_consents::table)
            .values((
                customer_consents::customer_id.eq(id),
                customer_consents::accepts.eq(true),
                customer_consents::source.eq(source),
                customer_consents::recorded_by.eq("Backroom demo"),
                customer_consents::created_at.eq(created),
            ))
            .execute(c)?;
    }
    super::commands::reindex(c, id)?;
    Ok(())
}

/// A name as an email's local part: letters only, accents dropped ("Chloé" → "chloe").
fn ascii(name: &str) -> String {
    name.chars()
        .filter_map(|c| match c {
            'é' | 'è' | 'ê' => Some('e'),
            'á' | 'à' => Some('a'),
            'í' => Some('i'),
            'ó' | 'ö' => Some('o'),
            'ü' | 'ú' => Some('u'),
            c if c.is_ascii_alphabetic() => Some(c.to_ascii_lowercase()),
            _ => None,
        })
        .collect()
}
