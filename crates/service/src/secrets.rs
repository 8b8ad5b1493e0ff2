//! Random secrets and their stored hashes.

use base64::Engine as _;
use rand::RngCore as _;
use sha2::{Digest as _, Sha256};

/// A random URL-safe secret with a short prefix naming its use (`cft_` tokens,
/// `cfl_` login links, `cfs_` sessions).
pub fn generate(prefix: &str) -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    format!("{prefix}{}", base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes))
}

/// The SHA-256 hash stored in place of a high-entropy secret (hex).
pub fn hash(secret: &str) -> String {
    let digest = Sha256::digest(secret.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// How long a form token made before login stays good.
pub const FORM_TOKEN_LIFETIME: std::time::Duration = std::time::Duration::from_secs(24 * 3600);

fn form_mac(server_secret: &str, message: &str) -> String {
    let key = aws_lc_rs::hmac::Key::new(aws_lc_rs::hmac::HMAC_SHA256, server_secret.as_bytes());
    let tag = aws_lc_rs::hmac::sign(&key, message.as_bytes());
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(tag.as_ref())
}

/// A CSRF token for a form shown before login: `ISSUED.NONCE.MAC`, where the
/// MAC (HMAC-SHA256 with the instance's secret) shows this server made it.
pub fn form_token(server_secret: &str, issued_unix: u64) -> String {
    let message = format!("{issued_unix}.{}", generate(""));
    let mac = form_mac(server_secret, &message);
    format!("{message}.{mac}")
}

/// Did this server make `token`, within [`FORM_TOKEN_LIFETIME`] before `now_unix`?
pub fn check_form_token(server_secret: &str, token: &str, now_unix: u64) -> bool {
    let Some((message, mac)) = token.rsplit_once('.') else { return false };
    let Some(issued) = message.split_once('.').and_then(|(issued, _)| issued.parse::<u64>().ok()) else {
        return false;
    };
    let fresh =
        issued <= now_unix.saturating_add(60) && now_unix.saturating_sub(issued) <= FORM_TOKEN_LIFETIME.as_secs();
    let key = aws_lc_rs::hmac::Key::new(aws_lc_rs::hmac::HMAC_SHA256, server_secret.as_bytes());
    let Ok(tag) = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(mac) else { return false };
    fresh && aws_lc_rs::hmac::verify(&key, message.as_bytes(), &tag).is_ok()
}

#[cfg(test)]
#[expect(clippy::unwrap_used, reason = "tests")]
mod tests {
    use super::*;

    #[test]
    fn form_tokens_are_made_here_and_expire() {
        let secret = generate("");
        let now = 1_800_000_000;
        let token = form_token(&secret, now);
        assert!(check_form_token(&secret, &token, now));
        assert!(check_form_token(&secret, &token, now + 3600));
        assert!(!check_form_token(&secret, &token, now + FORM_TOKEN_LIFETIME.as_secs() + 1), "expired");
        assert!(!check_form_token(&generate(""), &token, now), "another server's secret");
        for forged in ["x", "", "1.2.3", &token.replace('.', "-"), &format!("{token}x")] {
            assert!(!check_form_token(&secret, forged, now), "{forged}");
        }
        let (message, _) = token.rsplit_once('.').unwrap();
        assert!(!check_form_token(&secret, &format!("{message}.AAAA"), now));
    }

    #[test]
    fn secrets_are_random_and_hashed() {
        let a = generate("cft_");
        let b = generate("cft_");
        assert_ne!(a, b);
        assert!(a.starts_with("cft_"));
        assert_eq!(a.len(), 4 + 43);
        assert_eq!(hash(&a).len(), 64);
        assert_eq!(hash(&a), hash(&a));
    }
}
