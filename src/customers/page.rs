//! A customer's page as every handler that answers with it renders it: the page itself, and
//! after a refused address or note, the page again with that form as typed and its problem.

use actix_web::HttpResponse;
use actix_web::http::StatusCode;

use super::forms::AddressForm;
use super::notes::notes_of;
use super::queries;
use super::views::{Contact, CustomerPage};
use crate::app::AppState;
use crate::auth::Permission;
use crate::db;
use crate::domain::ids::CustomerId;
use crate::domain::problems::FieldErrors;
use crate::error::AppError;
use crate::web::render;
use crate::web::shell::Shell;

/// The page's forms: blank, or one of them refused.
pub struct PageForms {
    pub status: StatusCode,
    pub address_form: AddressForm,
    pub address_errors: FieldErrors,
    /// The note as typed, and why it was refused.
    pub note: (String, Option<String>),
}

impl Default for PageForms {
    fn default() -> PageForms {
        PageForms {
            status: StatusCode::OK,
            address_form: AddressForm::default(),
            address_errors: FieldErrors::new(),
            note: (String::new(), None),
        }
    }
}

impl PageForms {
    pub fn address(form: AddressForm, errors: FieldErrors) -> PageForms {
        PageForms {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            address_form: form,
            address_errors: errors,
            ..PageForms::default()
        }
    }

    pub fn note(typed: String, problem: String) -> PageForms {
        PageForms {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            note: (typed, Some(problem)),
            ..PageForms::default()
        }
    }
}

pub async fn customer_page(
    shell: Shell,
    state: &AppState,
    id: CustomerId,
    forms: PageForms,
) -> Result<HttpResponse, AppError> {
    let (customer, addresses, consents, notes, changed_by) = db::run(&state.pool, move |conn| {
        let customer = queries::find(conn, id)?.ok_or(AppError::NotFound)?;
        let addresses = queries::addresses_of(conn, id)?;
        let mut consents = queries::consents_of(conn, id)?;
        let mut notes = notes_of(conn, id)?;
        // People by name, not by the sign-in email a row keeps.
        let labels: Vec<String> = consents
            .iter()
            .map(|c| c.recorded_by.clone())
            .chain(notes.iter().map(|n| n.author.clone()))
            .collect();
        let mut names = std::collections::HashMap::new();
        for label in labels {
            if let std::collections::hash_map::Entry::Vacant(slot) = names.entry(label) {
                let name = crate::audit::person_named(conn, slot.key())?;
                slot.insert(name);
            }
        }
        for consent in &mut consents {
            if let Some(name) = names.get(&consent.recorded_by) {
                consent.recorded_by = name.clone();
            }
        }
        for note in &mut notes {
            if let Some(name) = names.get(&note.author) {
                note.author = name.clone();
            }
        }
        let changed_by = crate::audit::person_named(conn, &customer.updated_by)?;
        Ok((customer, addresses, consents, notes, changed_by))
    })
    .await?;
    let contact = Contact {
        visible: shell.can(Permission::CustomersContact),
    };
    let address_form = AddressForm {
        version: customer.version.to_string(),
        ..forms.address_form
    };
    render(
        forms.status,
        &CustomerPage {
            name: customer.display_name(),
            email: contact.email(customer.email.as_deref()),
            phone: contact.phone((&customer.phone, &customer.phone_display)),
            can_edit: shell.can(Permission::CustomersEdit),
            can_manage: shell.can(Permission::CustomersManage),
            shell,
            customer,
            addresses,
            consents,
            notes,
            changed_by,
            address_form,
            address_errors: forms.address_errors,
            note: forms.note,
        },
    )
}
