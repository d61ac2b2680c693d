//! Value types shared by every area. Once a value of one of these types exists it has been
//! checked; nothing downstream re-validates it.

pub mod country;
pub mod email;
pub mod ids;
pub mod money;
pub mod phone;
pub mod problems;
pub mod spreadsheet;
pub mod words;
