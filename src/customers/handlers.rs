//! Customer handlers: extract → parse → command or query → view.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};

use super::addresses::{remove_address, save_address};
use super::commands;
use super::duplicates;
use super::filter::CustomerParams;
use super::forms::{AddressForm, CustomerForm};
use super::models::{Customer, CustomerChanges};
use super::page::{PageForms, customer_page};
use super::queries;
use super::state::CustomerState;
use super::views::{
    AddressPage, Contact, CustomerFormPage, CustomerListPage, CustomerResults, CustomerRow,
    DuplicatesPage,
};
use crate::app::AppState;
use crate::auth::{Actor, Permission};
use crate::db;
use crate::domain::ids::{AddressId, CustomerId};
use crate::domain::problems::{FieldErrors, SaveResult};
use crate::error::AppError;
use crate::web::crud::{Filled, Finder, RecordForm, Saver};
use crate::web::flash::{self, FlashMessage};
use crate::web::pagination::{Cursor, PageLinks, page_url};
use crate::web::shell::Shell;
use crate::web::{htmx, render};

const LIST: &str = "/admin/customers";

fn customers_state(req: &HttpRequest) -> Result<&CustomerState, AppError> {
    req.app_data::<web::Data<CustomerState>>()
        .map(|data| data.get_ref())
        .ok_or_else(|| AppError::Unexpected("customer state not registered".into()))
}

/// After a save: the list's menus are read afresh.
fn forget_menus(req: &HttpRequest) {
    if let Ok(state) = customers_state(req) {
        state.forget();
    }
}

fn contact_of(shell: &Shell) -> Contact {
    Contact {
        visible: shell.can(Permission::CustomersContact),
    }
}

/// `GET /admin/customers`: the list, searched, filtered, sorted and paged from its URL.
pub async fn list_customers(
    req: HttpRequest,
    shell: Shell,
    state: web::Data<AppState>,
    params: web::Query<CustomerParams>,
) -> Result<HttpResponse, AppError> {
    let params = params.into_inner();
    let (filter, sort, size) = (params.filter(), params.sort(), params.size());
    let cursor = Cursor::from_params(&params.after, &params.before);
    let results_only = htmx::targets(&req, "customer-results");
    let reading = cursor.clone();
    let (rows, more, matched) = db::run(&state.pool, move |conn| {
        let (rows, more) = queries::page(conn, &filter, sort, reading.as_ref(), size)?;
        let matched = queries::count(conn, &filter)?;
        Ok((rows, more, matched))
    })
    .await?;
    // The filter menus change rarely: kept a few seconds (the results alone need none).
    let menus = match results_only {
        true => None,
        false => Some(customers_state(&req)?.menus(&state.pool).await?),
    };
    let query = params.canonical().encode();
    let links = PageLinks::new(LIST, &query, &rows, cursor.as_ref(), more, |c| {
        queries::cursor_of(c, sort)
    });
    let contact = contact_of(&shell);
    let rows: Vec<CustomerRow> = rows.iter().map(|c| CustomerRow::of(c, contact)).collect();
    let can_edit = shell.can(Permission::CustomersEdit);
    let shell_can_manage = shell.can(Permission::CustomersManage);
    let bad_day = params.bad_day();
    let here = page_url(LIST, &query, cursor.as_ref());
    let mut response = match menus {
        None => render(
            StatusCode::OK,
            &CustomerResults {
                params,
                rows,
                links,
                matched,
                can_edit,
                bad_day,
            },
        )?,
        Some(menus) => render(
            StatusCode::OK,
            &CustomerListPage {
                shell,
                params,
                rows,
                links,
                matched,
                menus,
                can_edit,
                can_manage: shell_can_manage,
                bad_day,
            },
        )?,
    };
    if results_only {
        htmx::push_url(&mut response, &here);
    }
    Ok(response)
}

/// `GET /admin/customers/{id}`: a customer's profile, addresses, tags, note and consent.
pub async fn show_customer(
    shell: Shell,
    state: web::Data<AppState>,
    id: web::Path<CustomerId>,
) -> Result<HttpResponse, AppError> {
    customer_page(shell, &state, id.into_inner(), PageForms::default()).await
}

impl RecordForm for CustomerForm {
    type Id = CustomerId;
    type Record = Customer;
    type Checked = CustomerChanges;
    type Page = CustomerFormPage;
    type Extra = ();
    const LIST: &'static str = LIST;
    const BLANK: fn() -> Self = CustomerForm::default;
    const OF: fn(&Customer) -> Self = CustomerForm::of;
    const PARSE: fn(&Self) -> Result<CustomerChanges, FieldErrors> = CustomerForm::parse;
    const FIND: Finder<Self> = queries::find;
    const SAVE: Saver<Self> = commands::save_customer;

    fn saved_message(&self) -> String {
        "Customer saved.".into()
    }

    fn saved_to(id: CustomerId) -> String {
        format!("{LIST}/{id}")
    }

    fn saved(req: &HttpRequest) {
        forget_menus(req);
    }

    async fn extra(_: &HttpRequest, _: &AppState) -> Result<(), AppError> {
        Ok(())
    }

    fn page(shell: Shell, _: (), f: Filled<Self>) -> CustomerFormPage {
        CustomerFormPage {
            shell,
            customer: f.record,
            form: f.form,
            errors: f.errors,
            conflict: f.conflict,
        }
    }
}

/// `POST /admin/customers/{id}/addresses`: adds an address; a refusal shows the customer's
/// page again with the form as typed.
pub async fn add_address(
    req: HttpRequest,
    shell: Shell,
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<CustomerId>,
    form: web::Form<AddressForm>,
) -> Result<HttpResponse, AppError> {
    let (id, form) = (id.into_inner(), form.into_inner());
    let checked = match form.parse() {
        Ok(checked) => checked,
        Err(errors) => {
            return customer_page(shell, &state, id, PageForms::address(form, errors)).await;
        }
    };
    let (shop, seen) = (shell.shop.clone(), form.version.trim().parse().ok());
    let saved = db::run(&state.pool, move |conn| {
        save_address(conn, &actor, (id, None), seen, &checked, &shop)
    })
    .await?;
    let page = format!("{LIST}/{id}");
    forget_menus(&req);
    match saved {
        SaveResult::Saved(_) => Ok(flash::redirect(
            &req,
            &page,
            FlashMessage::success("Address added."),
        )),
        SaveResult::Invalid(errors) => {
            customer_page(shell, &state, id, PageForms::address(form, errors)).await
        }
        SaveResult::Stale(message) => Ok(flash::redirect(
            &req,
            &page,
            FlashMessage::error(format!("{message} The address was not added.")),
        )),
    }
}

async fn address_page(
    shell: Shell,
    state: &AppState,
    (id, address_id): (CustomerId, AddressId),
    filled: Option<(AddressForm, FieldErrors, Option<String>)>,
) -> Result<HttpResponse, AppError> {
    let (customer, address) = db::run(&state.pool, move |conn| {
        let customer = queries::find(conn, id)?.ok_or(AppError::NotFound)?;
        let address = queries::addresses_of(conn, id)?
            .into_iter()
            .find(|a| a.id == address_id)
            .ok_or(AppError::NotFound)?;
        Ok((customer, address))
    })
    .await?;
    let status = match &filled {
        None => StatusCode::OK,
        Some((_, _, Some(_))) => StatusCode::CONFLICT,
        Some(_) => StatusCode::UNPROCESSABLE_ENTITY,
    };
    let (form, errors, conflict) = match filled {
        Some((form, errors, None)) => (form, errors, None),
        // Stale: the address as it is now, on the customer's current version.
        Some((_, errors, conflict)) => (AddressForm::of(&address, &customer), errors, conflict),
        None => (
            AddressForm::of(&address, &customer),
            FieldErrors::new(),
            None,
        ),
    };
    render(
        status,
        &AddressPage {
            name: customer.display_name(),
            shell,
            customer,
            address,
            form,
            errors,
            conflict,
        },
    )
}

/// `GET /admin/customers/{id}/addresses/{address}`: an address's form.
pub async fn edit_address(
    shell: Shell,
    state: web::Data<AppState>,
    path: web::Path<(CustomerId, AddressId)>,
) -> Result<HttpResponse, AppError> {
    address_page(shell, &state, path.into_inner(), None).await
}

/// `POST /admin/customers/{id}/addresses/{address}`: changes an address.
pub async fn update_address(
    req: HttpRequest,
    shell: Shell,
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<(CustomerId, AddressId)>,
    form: web::Form<AddressForm>,
) -> Result<HttpResponse, AppError> {
    let ((id, address_id), form) = (path.into_inner(), form.into_inner());
    let checked = match form.parse() {
        Ok(checked) => checked,
        Err(errors) => {
            return address_page(shell, &state, (id, address_id), Some((form, errors, None))).await;
        }
    };
    let (shop, seen) = (shell.shop.clone(), form.version.trim().parse().ok());
    let saved = db::run(&state.pool, move |conn| {
        save_address(conn, &actor, (id, Some(address_id)), seen, &checked, &shop)
    })
    .await?;
    forget_menus(&req);
    match saved {
        SaveResult::Saved(_) => Ok(flash::redirect(
            &req,
            &format!("{LIST}/{id}"),
            FlashMessage::success("Address saved."),
        )),
        SaveResult::Invalid(errors) => {
            address_page(shell, &state, (id, address_id), Some((form, errors, None))).await
        }
        SaveResult::Stale(message) => {
            let filled = Some((form, FieldErrors::new(), Some(message)));
            address_page(shell, &state, (id, address_id), filled).await
        }
    }
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct VersionForm {
    version: String,
}

/// `POST /admin/customers/{id}/addresses/{address}/remove`: removes an address.
pub async fn delete_address(
    req: HttpRequest,
    shell: Shell,
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<(CustomerId, AddressId)>,
    form: web::Form<VersionForm>,
) -> Result<HttpResponse, AppError> {
    let (id, address_id) = path.into_inner();
    let (shop, seen) = (shell.shop.clone(), form.version.trim().parse().ok());
    let removed = db::run(&state.pool, move |conn| {
        remove_address(conn, &actor, (id, address_id), seen, &shop)
    })
    .await?;
    forget_menus(&req);
    let message = match removed {
        SaveResult::Saved(()) => FlashMessage::success("Address removed."),
        SaveResult::Invalid(_) => FlashMessage::error("The address was not removed."),
        SaveResult::Stale(message) => {
            FlashMessage::error(format!("{message} The address was not removed."))
        }
    };
    Ok(flash::redirect(&req, &format!("{LIST}/{id}"), message))
}

/// `GET /admin/customers/duplicates`: customers who look like the same person.
pub async fn possible_duplicates(
    shell: Shell,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let found = db::run(&state.pool, |conn| {
        Ok(duplicates::possible_duplicates(conn)?)
    })
    .await?;
    let contact = contact_of(&shell);
    let groups = found
        .into_iter()
        .map(|group| {
            // What a phone or email group shares is contact detail: masked as the rows are.
            let shared = match group.reason {
                "Same name and postcode" => group.shared,
                _ if contact.visible => group.shared,
                _ => String::from("•••"),
            };
            let rows = group
                .customers
                .iter()
                .map(|c| CustomerRow::of(c, contact))
                .collect();
            (group.reason, shared, rows)
        })
        .collect();
    let can_manage = shell.can(Permission::CustomersManage);
    render(
        StatusCode::OK,
        &DuplicatesPage {
            shell,
            groups,
            can_manage,
        },
    )
}
