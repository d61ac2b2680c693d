//! Password hashing (argon2id) and the password policy. Hashing is CPU-heavy: run it through
//! [`off_thread`], never on an async worker, and never inside [`crate::db::run`] (which would
//! hold a pooled connection for the length of the hash, so a burst of sign-ins could occupy
//! the whole pool): read, then hash, then write.

use argon2::{Algorithm, Argon2, Params, PasswordHash, PasswordHasher, PasswordVerifier, Version};

use crate::error::AppError;

/// OWASP's argon2id baseline: 19 MiB, 2 passes, 1 lane. Changing these makes [`needs_rehash`]
/// true for older hashes, which are upgraded at the next successful sign-in.
const M_COST_KIB: u32 = 19_456;
const T_COST: u32 = 2;
const P_COST: u32 = 1;

/// Runs argon2 work on the blocking thread pool, holding no database connection.
pub async fn off_thread<T, F>(work: F) -> Result<T, AppError>
where
    F: FnOnce() -> T + Send + 'static,
    T: Send + 'static,
{
    actix_web::web::block(work)
        .await
        .map_err(|_| AppError::Unexpected("blocking task was cancelled".into()))
}

/// [`hash`] on the blocking thread pool.
pub async fn hash_off_thread(password: String) -> Result<String, AppError> {
    off_thread(move || hash(&password))
        .await?
        .map_err(AppError::Unexpected)
}

pub const MIN_LENGTH: usize = 12;
pub const MAX_LENGTH: usize = 128;

fn hasher() -> Result<Argon2<'static>, String> {
    let params =
        Params::new(M_COST_KIB, T_COST, P_COST, None).map_err(|e| format!("argon2 params: {e}"))?;
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

/// Hashes a password into a PHC string.
pub fn hash(password: &str) -> Result<String, String> {
    hasher()?
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| format!("argon2 hash: {e}"))
}

/// True when `password` matches `stored`. A malformed stored hash never matches.
pub fn verify(password: &str, stored: &str) -> bool {
    let Ok(parsed) = PasswordHash::new(stored) else {
        return false;
    };
    // Verify with the parameters recorded in the hash itself.
    Argon2::default()
        .verify_password(password.as_bytes(), &parsed)
        .is_ok()
}

/// True when `stored` was made with other parameters than today's.
pub fn needs_rehash(stored: &str) -> bool {
    let Ok(parsed) = PasswordHash::new(stored) else {
        return true;
    };
    if parsed.algorithm.as_str() != "argon2id" {
        return true;
    }
    match Params::try_from(&parsed) {
        Ok(params) => {
            params.m_cost() != M_COST_KIB || params.t_cost() != T_COST || params.p_cost() != P_COST
        }
        Err(_) => true,
    }
}

/// A hash of a random password, verified against when the account is unknown, so that unknown
/// and known accounts take the same time to answer.
pub fn decoy_hash() -> &'static str {
    static DECOY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DECOY.get_or_init(|| {
        let random: [u8; 24] = rand::random();
        hash(&hex::encode(random)).unwrap_or_default()
    })
}

/// Checks a new password against the policy: 12–128 characters and not guessable (zxcvbn score
/// of at least 3, counting the person's own name and email as known words).
pub fn check_policy(password: &str, known_words: &[&str]) -> Result<(), String> {
    let length = password.chars().count();
    if length < MIN_LENGTH {
        return Err(format!("Use at least {MIN_LENGTH} characters."));
    }
    if length > MAX_LENGTH {
        return Err(format!("Use at most {MAX_LENGTH} characters."));
    }
    let estimate = zxcvbn::zxcvbn(password, known_words);
    if (estimate.score() as u8) < 3 {
        let hint = estimate
            .feedback()
            .and_then(|f| f.warning().map(|w| w.to_string()))
            .filter(|w| !w.is_empty())
            .unwrap_or_else(|| "It is too common or too easy to guess.".into());
        return Err(format!(
            "Choose a stronger password. {hint} A few unrelated words work well."
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_verifies_only_its_password() {
        let stored = hash("tangerine walrus orbit 42").unwrap();
        assert!(stored.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(verify("tangerine walrus orbit 42", &stored));
        assert!(!verify("tangerine walrus orbit 43", &stored));
        assert!(!verify("anything", "not a hash"));
        assert!(!needs_rehash(&stored));
    }

    #[test]
    fn hashes_made_with_other_parameters_need_a_rehash() {
        let weak = Argon2::new(
            Algorithm::Argon2id,
            Version::V0x13,
            Params::new(8_192, 1, 1, None).unwrap(),
        )
        .hash_password(b"tangerine walrus orbit 42")
        .unwrap()
        .to_string();
        assert!(verify("tangerine walrus orbit 42", &weak));
        assert!(needs_rehash(&weak));
    }

    #[test]
    fn short_long_and_common_passwords_are_refused() {
        assert!(check_policy("short", &[]).is_err());
        assert!(check_policy(&"x".repeat(129), &[]).is_err());
        for common in [
            "password1234",
            "123456789012",
            "qwertyuiop123",
            "aaaaaaaaaaaa",
            "iloveyou2024!",
        ] {
            assert!(check_policy(common, &[]).is_err(), "{common}");
        }
        assert!(check_policy("ana.lima@example.com", &["ana.lima@example.com"]).is_err());
        assert!(check_policy("tangerine walrus orbit 42", &[]).is_ok());
    }
}
