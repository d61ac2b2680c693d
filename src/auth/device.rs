//! Device cookies (OWASP "Slow down online guessing attacks with device cookies"): a browser
//! that has signed in to an account gets a signed cookie naming a random device id for that
//! account. Failed attempts lock an account for browsers without one, but a browser with a
//! valid one keeps signing in — until that device itself has failed too often. So anyone who
//! knows an email can slow guessing down, but cannot keep its owner out.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use subtle::ConstantTimeEq;

/// The cookie's name.
pub const COOKIE: &str = "backroom_device";
/// How long a device stays known without signing in again.
pub const DAYS: i64 = 365;

fn mac(key: &[u8], email_key: &str, device: &str) -> Vec<u8> {
    // HMAC takes keys of any length, so this cannot fail.
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(key) else {
        return Vec::new();
    };
    mac.update(b"backroom-device-v1:");
    mac.update(email_key.as_bytes());
    mac.update(b":");
    mac.update(device.as_bytes());
    mac.finalize().into_bytes().to_vec()
}

/// A new device id for the account and the cookie value that proves it: (id, value).
pub fn issue(key: &[u8], email_key: &str) -> (String, String) {
    let device = URL_SAFE_NO_PAD.encode(rand::random::<[u8; 18]>());
    let value = format!(
        "{device}.{}",
        URL_SAFE_NO_PAD.encode(mac(key, email_key, &device))
    );
    (device, value)
}

/// The device id in `value` when the cookie was issued for this account by this server.
pub fn verify(key: &[u8], email_key: &str, value: &str) -> Option<String> {
    let (device, signature) = value.split_once('.')?;
    if device.len() != 24 {
        return None;
    }
    let given = URL_SAFE_NO_PAD.decode(signature).ok()?;
    let expected = mac(key, email_key, device);
    bool::from(given.ct_eq(&expected)).then(|| device.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_device_cookie_holds_only_for_its_account_and_key() {
        let key = [7_u8; 32];
        let (device, value) = issue(&key, "ana@shop.test");
        assert_eq!(verify(&key, "ana@shop.test", &value), Some(device));
        assert_eq!(verify(&key, "bo@shop.test", &value), None);
        assert_eq!(verify(&[8_u8; 32], "ana@shop.test", &value), None);
        let forged = format!("{}.{}", "A".repeat(24), value.split_once('.').unwrap().1);
        assert_eq!(verify(&key, "ana@shop.test", &forged), None);
        assert_eq!(verify(&key, "ana@shop.test", "garbage"), None);
    }
}
