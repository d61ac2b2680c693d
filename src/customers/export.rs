//! What leaves the shop about customers, each time with an audit row: the list as CSV
//! (following its filter; one row per customer, the default shipping address flattened), and
//! one customer's data as a JSON document for a data-access request.

use actix_web::{HttpResponse, web};
use diesel::prelude::*;
use serde_json::json;

use super::filter::CustomerParams;
use super::models::{Address, Customer};
use super::notes::notes_of;
use super::queries;
use crate::app::AppState;
use crate::audit::{self, Entry};
use crate::auth::Actor;
use crate::db::schema::{customer_addresses, customers};
use crate::db::{self, DbConnection};
use crate::domain::ids::{AddressId, CustomerId};
use crate::domain::spreadsheet::SheetWriter;
use crate::error::AppError;
use crate::web::shell::Shell;

/// The export's columns, in order: the documented set an import will read back.
pub const COLUMNS: [&str; 20] = [
    "email",
    "first_name",
    "last_name",
    "phone",
    "company",
    "tags",
    "accepts_email",
    "tax_exempt",
    "language",
    "note",
    "address_name",
    "address_company",
    "address_line1",
    "address_line2",
    "address_city",
    "address_region",
    "address_postcode",
    "address_country",
    "address_phone",
    "created_at",
];

const CHUNK: i64 = 500;

fn attachment(name: &str, content_type: &str, body: Vec<u8>) -> HttpResponse {
    HttpResponse::Ok()
        .content_type(content_type)
        .insert_header((
            "Content-Disposition",
            format!("attachment; filename=\"{name}\""),
        ))
        .body(body)
}

fn row(out: &mut SheetWriter, c: &Customer, a: Option<&Address>) -> Result<(), csv::Error> {
    let field = |f: fn(&Address) -> &str| a.map_or("", f);
    let created = c.created_at.format("%Y-%m-%d %H:%M:%S").to_string();
    out.text_row([
        c.email.as_deref().unwrap_or(""),
        &c.first_name,
        &c.last_name,
        &c.phone,
        &c.company,
        &c.tags,
        if c.accepts_email { "true" } else { "false" },
        if c.tax_exempt { "true" } else { "false" },
        &c.language,
        &c.note,
        field(|a| &a.name),
        field(|a| &a.company),
        field(|a| &a.line1),
        field(|a| &a.line2),
        field(|a| &a.city),
        field(|a| &a.region),
        field(|a| &a.postcode),
        field(|a| &a.country),
        field(|a| &a.phone),
        &created,
    ])
}

/// Every customer matching the list's filter, a chunk at a time by id, with their default
/// shipping addresses.
fn write_matching(
    conn: &mut DbConnection,
    params: &CustomerParams,
    out: &mut SheetWriter,
) -> Result<i64, AppError> {
    let filter = params.filter();
    let failed = |e: csv::Error| AppError::Unexpected(format!("customer export: {e}"));
    let (mut after, mut written) = (0_i64, 0_i64);
    loop {
        let chunk: Vec<Customer> = queries::filtered(conn, &filter)
            .filter(customers::id.gt(after))
            .order(customers::id.asc())
            .limit(CHUNK)
            .select(Customer::as_select())
            .load(conn)?;
        let Some(last) = chunk.last().map(|c| c.id.get()) else {
            break;
        };
        let ids: Vec<AddressId> = chunk.iter().filter_map(|c| c.default_shipping_id).collect();
        let addresses: Vec<Address> = customer_addresses::table
            .filter(customer_addresses::id.eq_any(ids))
            .select(Address::as_select())
            .load(conn)?;
        for customer in &chunk {
            let address = customer
                .default_shipping_id
                .and_then(|id| addresses.iter().find(|a| a.id == id));
            row(out, customer, address).map_err(failed)?;
        }
        written += chunk.len() as i64;
        after = last;
    }
    Ok(written)
}

/// `GET /admin/customers/export.csv?<list filters>`
pub async fn export_customers(
    shell: Shell,
    state: web::Data<AppState>,
    actor: Actor,
    params: web::Query<CustomerParams>,
) -> Result<HttpResponse, AppError> {
    let params = params.into_inner();
    let body = db::run(&state.pool, move |conn| {
        let mut out = SheetWriter::new();
        out.text_row(COLUMNS)
            .map_err(|e| AppError::Unexpected(format!("customer export: {e}")))?;
        let written = write_matching(conn, &params, &mut out)?;
        db::write(conn, |c| {
            audit::record(
                c,
                &actor,
                Entry {
                    entity_type: "customer",
                    entity_id: None,
                    action: "customers.exported",
                    before: None,
                    after: Some(json!({ "filter": params.canonical().encode(), "rows": written })),
                },
            )
        })?;
        out.into_bytes()
            .map_err(|e| AppError::Unexpected(format!("customer export: {e}")))
    })
    .await?;
    let name = shell.shop.file_name(&["customers"], "csv");
    Ok(attachment(&name, "text/csv; charset=utf-8", body))
}

/// `GET /admin/customers/{id}/data.json`: everything the shop keeps about one customer, for
/// a data-access request (their orders join it once the shop takes orders).
pub async fn privacy_export(
    shell: Shell,
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<CustomerId>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let document = db::run(&state.pool, move |conn| {
        let customer = queries::find(conn, id)?.ok_or(AppError::NotFound)?;
        let addresses = queries::addresses_of(conn, id)?;
        let consents = queries::consents_of(conn, id)?;
        let notes = notes_of(conn, id)?;
        let document = json!({
            "exported_at": db::now(),
            "customer": {
                "id": customer.id,
                "first_name": customer.first_name,
                "last_name": customer.last_name,
                "email": customer.email,
                "phone": customer.phone,
                "company": customer.company,
                "tags": customer.tags,
                "note": customer.note,
                "accepts_email_marketing": customer.accepts_email,
                "tax_exempt": customer.tax_exempt,
                "language": customer.language,
                "created_at": customer.created_at,
                "updated_at": customer.updated_at,
            },
            "addresses": addresses.iter().map(|a| json!({
                "name": a.name, "company": a.company, "line1": a.line1, "line2": a.line2,
                "city": a.city, "region": a.region, "postcode": a.postcode,
                "country": a.country, "phone": a.phone,
                "default_shipping": customer.default_shipping_id == Some(a.id),
                "default_billing": customer.default_billing_id == Some(a.id),
            })).collect::<Vec<_>>(),
            "email_marketing_consent": consents.iter().map(|c| json!({
                "accepts": c.accepts, "source": c.source, "at": c.created_at,
            })).collect::<Vec<_>>(),
            "notes": notes.iter().map(|n| json!({
                "body": n.body, "at": n.created_at, "edited_at": n.edited_at,
            })).collect::<Vec<_>>(),
            "orders": [],
        });
        db::write(conn, |c| {
            audit::record(
                c,
                &actor,
                Entry {
                    entity_type: "customer",
                    entity_id: Some(id.to_string()),
                    action: "customers.data_exported",
                    before: None,
                    after: None,
                },
            )
        })?;
        serde_json::to_vec_pretty(&document)
            .map_err(|e| AppError::Unexpected(format!("privacy export: {e}")))
    })
    .await?;
    let name = shell
        .shop
        .file_name(&["customer", &id.to_string(), "data"], "json");
    Ok(attachment(&name, "application/json", document))
}
