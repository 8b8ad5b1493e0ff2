//! RSA key pairs for actors, generated with aws-lc-rs (native code).

use aws_lc_rs::{
    encoding::AsDer,
    rsa::{KeyPair, KeySize},
    signature::KeyPair as _,
};
use base64::Engine as _;

use crate::ServiceError;

/// A freshly generated key pair in PEM form.
pub struct ActorKeys {
    /// `-----BEGIN PUBLIC KEY-----` (SubjectPublicKeyInfo), as ActivityPub's `publicKeyPem`.
    pub public_pem: String,
    /// `-----BEGIN PRIVATE KEY-----` (PKCS#8). Stays in the database.
    pub private_pem: String,
}

impl std::fmt::Debug for ActorKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ActorKeys").field("public_pem", &self.public_pem).finish_non_exhaustive()
    }
}

/// Generates an RSA-2048 key pair.
pub fn generate() -> Result<ActorKeys, ServiceError> {
    let crypto = |what: &str| ServiceError::Crypto(what.to_owned());
    let pair = KeyPair::generate(KeySize::Rsa2048).map_err(|_| crypto("RSA key generation"))?;
    let private = pair.as_der().map_err(|_| crypto("private key encoding"))?;
    let public = pair.public_key().as_der().map_err(|_| crypto("public key encoding"))?;
    Ok(ActorKeys { public_pem: pem("PUBLIC KEY", public.as_ref()), private_pem: pem("PRIVATE KEY", private.as_ref()) })
}

fn pem(label: &str, der: &[u8]) -> String {
    let body = base64::engine::general_purpose::STANDARD.encode(der);
    let mut out = format!("-----BEGIN {label}-----\n");
    for line in body.as_bytes().chunks(64) {
        out.push_str(&String::from_utf8_lossy(line));
        out.push('\n');
    }
    out.push_str(&format!("-----END {label}-----\n"));
    out
}

#[cfg(test)]
#[expect(clippy::unwrap_used, reason = "tests")]
mod tests {
    use super::*;

    #[test]
    fn generates_pem_pairs() {
        let keys = generate().unwrap();
        assert!(keys.public_pem.starts_with("-----BEGIN PUBLIC KEY-----\n"));
        assert!(keys.public_pem.ends_with("-----END PUBLIC KEY-----\n"));
        assert!(keys.private_pem.starts_with("-----BEGIN PRIVATE KEY-----\n"));
        // An RSA-2048 SubjectPublicKeyInfo is 294 bytes: 392 base64 characters.
        let b64: String = keys.public_pem.lines().filter(|l| !l.starts_with("-----")).collect();
        assert_eq!(b64.len(), 392);
        assert!(!format!("{keys:?}").contains("PRIVATE"));
    }
}
