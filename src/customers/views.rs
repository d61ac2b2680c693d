//! The customer pages: the list (and its results block), a customer, and the forms.

use askama::Template;

use super::filter::{CustomerParams, CustomerSort};
use super::forms::{AddressForm, CustomerForm};
use super::models::{Address, Consent, Customer, CustomerListRow, full_name};
use super::notes::Note;
use super::privacy::{mask_email, mask_phone};
use super::queries::COUNT_CAP;
use crate::domain::country;
use crate::domain::ids::{AddressId, CustomerId};
use crate::domain::phone;
use crate::domain::problems::FieldErrors;
use crate::domain::words::count;
use crate::web::filters;
use crate::web::pagination::{PAGE_SIZES, PageLinks};
use crate::web::shell::Shell;

/// What the list shows of one customer, contact details masked for those who may not see them.
pub struct CustomerRow {
    pub id: CustomerId,
    pub name: String,
    pub email: String,
    pub phone: String,
    pub company: String,
    pub place: String,
    pub tags: String,
    pub accepts_email: bool,
}

/// How contact details are shown to this person: whole, or masked.
#[derive(Clone, Copy)]
pub struct Contact {
    pub visible: bool,
}

impl Contact {
    pub fn email(self, email: Option<&str>) -> String {
        match email {
            Some(email) if self.visible => email.to_owned(),
            Some(email) => mask_email(email),
            None => String::new(),
        }
    }

    /// A customer's phone: as stored for display, or masked.
    pub fn phone(self, (e164, display): (&str, &str)) -> String {
        match e164 {
            "" => String::new(),
            _ if self.visible => display.to_owned(),
            e164 => mask_phone(e164),
        }
    }
}

impl CustomerRow {
    pub fn of(customer: &CustomerListRow, contact: Contact) -> CustomerRow {
        let place = match (customer.city.as_str(), customer.country.as_str()) {
            ("", "") => String::new(),
            (city, "") => city.to_owned(),
            ("", code) => country::name(code).to_owned(),
            (city, code) => format!("{city}, {code}"),
        };
        CustomerRow {
            id: customer.id,
            name: full_name(&customer.first_name, &customer.last_name),
            email: contact.email(customer.email.as_deref()),
            phone: contact.phone((&customer.phone, &customer.phone_display)),
            company: customer.company.clone(),
            place,
            tags: customer.tags.clone(),
            accepts_email: customer.accepts_email,
        }
    }
}

#[derive(Template)]
#[template(path = "customers/list.html")]
pub struct CustomerListPage {
    pub shell: Shell,
    pub params: CustomerParams,
    pub rows: Vec<CustomerRow>,
    pub links: PageLinks,
    pub matched: i64,
    /// The tags in use (with counts) and the countries customers are in.
    pub menus: std::sync::Arc<super::state::Menus>,
    pub can_edit: bool,
    /// Exports (and later imports, merges and erasures) are for managers and owners.
    pub can_manage: bool,
    pub bad_day: Option<&'static str>,
}

/// The list's results alone, for htmx's live search and paging.
#[derive(Template)]
#[template(path = "customers/list.html", block = "results")]
pub struct CustomerResults {
    pub params: CustomerParams,
    pub rows: Vec<CustomerRow>,
    pub links: PageLinks,
    pub matched: i64,
    pub can_edit: bool,
    pub bad_day: Option<&'static str>,
}

/// "1,234 customers", "1,000+ customers".
pub fn count_label(matched: i64) -> String {
    if matched > COUNT_CAP {
        format!("{}+ customers", crate::domain::words::grouped(COUNT_CAP))
    } else {
        count(matched, "customer", "customers")
    }
}

impl CustomerListPage {
    pub fn count_label(&self) -> String {
        count_label(self.matched)
    }

    pub fn sorts(&self) -> &'static [CustomerSort] {
        CustomerSort::ALL
    }

    pub fn page_sizes(&self) -> &'static [i64] {
        &PAGE_SIZES
    }

    pub fn country_name(&self, code: &str) -> String {
        country::name(code).to_owned()
    }
}

impl CustomerResults {
    pub fn count_label(&self) -> String {
        count_label(self.matched)
    }
}

/// A customer's page.
#[derive(Template)]
#[template(path = "customers/show.html")]
pub struct CustomerPage {
    pub shell: Shell,
    pub customer: Customer,
    pub name: String,
    pub email: String,
    pub phone: String,
    pub addresses: Vec<Address>,
    pub consents: Vec<Consent>,
    /// Staff notes, newest first, their authors by name.
    pub notes: Vec<Note>,
    /// Who last changed the customer, by name.
    pub changed_by: String,
    pub can_edit: bool,
    pub can_manage: bool,
    /// The add-address form, with its problems after a refused save.
    pub address_form: AddressForm,
    pub address_errors: FieldErrors,
    /// The note form as typed, and its problem.
    pub note: (String, Option<String>),
}

impl CustomerPage {
    pub fn countries(&self) -> &'static [(&'static str, &'static str)] {
        country::all()
    }

    pub fn is_default(&self, id: &AddressId) -> (bool, bool) {
        (
            self.customer.default_shipping_id == Some(*id),
            self.customer.default_billing_id == Some(*id),
        )
    }

    /// An address's phone (one page's few, formatted as shown).
    pub fn address_phone(&self, e164: &str) -> String {
        let display = phone::display(e164);
        Contact {
            visible: self.shell.can(crate::auth::Permission::CustomersContact),
        }
        .phone((e164, &display))
    }
}

/// The customer form (new or edit).
#[derive(Template)]
#[template(path = "customers/form.html")]
pub struct CustomerFormPage {
    pub shell: Shell,
    pub customer: Option<Customer>,
    pub form: CustomerForm,
    pub errors: FieldErrors,
    pub conflict: Option<String>,
}

impl CustomerFormPage {
    pub fn action(&self) -> String {
        match &self.customer {
            Some(c) => format!("/admin/customers/{}", c.id),
            None => "/admin/customers".into(),
        }
    }

    pub fn title(&self) -> String {
        match &self.customer {
            Some(c) => format!("Edit {}", c.display_name()),
            None => "Add customer".into(),
        }
    }
}

/// One address's form page (editing an address).
#[derive(Template)]
#[template(path = "customers/address.html")]
pub struct AddressPage {
    pub shell: Shell,
    pub customer: Customer,
    pub name: String,
    pub address: Address,
    pub form: AddressForm,
    pub errors: FieldErrors,
    pub conflict: Option<String>,
}

impl AddressPage {
    pub fn countries(&self) -> &'static [(&'static str, &'static str)] {
        country::all()
    }
}

/// Possible duplicates, grouped by what they share.
#[derive(Template)]
#[template(path = "customers/duplicates.html")]
pub struct DuplicatesPage {
    pub shell: Shell,
    /// Each group: why, what they share (masked for those who may not see contact details),
    /// and its customers as the list shows them.
    pub groups: Vec<(&'static str, String, Vec<CustomerRow>)>,
    pub can_manage: bool,
}
