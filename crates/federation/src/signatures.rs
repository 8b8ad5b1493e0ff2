//! HTTP signatures (draft-cavage, `rsa-sha256` / `hs2019`) with the `Digest`
//! header, as Mastodon, Lemmy, Mobilizon, GoToSocial and Fedify use them.
//! The signing string is built by `http-signature-normalization`; RSA runs in
//! aws-lc-rs.

use std::{
    collections::BTreeMap,
    time::{Duration, SystemTime},
};

use aws_lc_rs::{
    rand::SystemRandom,
    rsa::KeyPair,
    signature::{RSA_PKCS1_2048_8192_SHA256, RSA_PKCS1_SHA256, UnparsedPublicKey},
};
use base64::{Engine as _, engine::general_purpose::STANDARD};
use http_signature_normalization::Config;
use sha2::{Digest as _, Sha256};

/// Why a request's signature was not accepted. Every variant answers 401.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignatureError {
    #[error("the request is not signed (no Signature header)")]
    Missing,
    #[error("the Signature header is malformed: {0}")]
    Malformed(String),
    #[error("the Date header is missing or malformed")]
    BadDate,
    #[error("the Date header is outside the accepted window")]
    StaleDate,
    #[error("the Digest header is missing")]
    MissingDigest,
    #[error("the Digest header does not match the body")]
    WrongDigest,
    #[error("the signature does not cover the headers {0}")]
    UnsignedHeaders(String),
    #[error("unsupported signature algorithm `{0}`")]
    UnsupportedAlgorithm(String),
    #[error("the signature does not verify with the key {0}")]
    Invalid(String),
    #[error("the signing key could not be used: {0}")]
    BadKey(String),
    #[error("the request is signed for another host")]
    WrongHost,
}

/// The body's `Digest` header value: `SHA-256=<base64>`.
pub fn digest_header(body: &[u8]) -> String {
    format!("SHA-256={}", STANDARD.encode(Sha256::digest(body)))
}

/// Decodes the base64 body of a PEM document (any label).
pub fn pem_to_der(pem: &str) -> Option<Vec<u8>> {
    let body: String = pem.lines().map(str::trim).filter(|l| !l.starts_with("-----") && !l.is_empty()).collect();
    STANDARD.decode(body).ok()
}

/// A local actor's private key, ready to sign.
pub struct SigningKey {
    key_id: String,
    pair: KeyPair,
}

impl std::fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SigningKey").field("key_id", &self.key_id).finish_non_exhaustive()
    }
}

impl SigningKey {
    /// From a PKCS#8 PEM private key and the `publicKey.id` it answers to.
    pub fn from_pem(key_id: String, private_pem: &str) -> Result<Self, SignatureError> {
        let der = pem_to_der(private_pem).ok_or_else(|| SignatureError::BadKey("not PEM".into()))?;
        let pair = KeyPair::from_pkcs8(&der).map_err(|e| SignatureError::BadKey(e.to_string()))?;
        Ok(Self { key_id, pair })
    }

    pub fn key_id(&self) -> &str {
        &self.key_id
    }

    fn sign(&self, data: &[u8]) -> Result<String, SignatureError> {
        let mut signature = vec![0; self.pair.public_modulus_len()];
        self.pair
            .sign(&RSA_PKCS1_SHA256, &SystemRandom::new(), data, &mut signature)
            .map_err(|_| SignatureError::BadKey("RSA signing failed".into()))?;
        Ok(STANDARD.encode(signature))
    }

    /// The headers to add to a request: `Host`, `Date`, `Digest` (when there is a
    /// body) and `Signature` over `(request-target) host date [digest]`.
    /// `host` is the `Host` header value (with the port when not the default).
    pub fn sign_request(
        &self,
        method: &str,
        path_and_query: &str,
        host: &str,
        body: Option<&[u8]>,
        now: SystemTime,
    ) -> Result<Vec<(&'static str, String)>, SignatureError> {
        let mut headers = BTreeMap::new();
        let date = httpdate::fmt_http_date(now);
        headers.insert("host".to_owned(), host.to_owned());
        headers.insert("date".to_owned(), date.clone());
        let digest = body.map(digest_header);
        if let Some(digest) = &digest {
            headers.insert("digest".to_owned(), digest.clone());
        }
        let unsigned = Config::default()
            .mastodon_compat()
            .begin_sign(method, path_and_query, headers)
            .map_err(|e| SignatureError::Malformed(e.to_string()))?;
        let signed = unsigned.sign(self.key_id.clone(), |signing_string| self.sign(signing_string.as_bytes()))?;
        // Announce the algorithm Mastodon and older servers look for.
        let signature = signed.signature_header().replacen("algorithm=\"hs2019\"", "algorithm=\"rsa-sha256\"", 1);
        let mut out = vec![("Host", host.to_owned()), ("Date", date)];
        if let Some(digest) = digest {
            out.push(("Digest", digest));
        }
        out.push(("Signature", signature));
        Ok(out)
    }
}

/// How much clock difference is tolerated in `Date` (like Mastodon: 12 hours
/// into the past, 1 hour into the future).
#[derive(Debug, Clone, Copy)]
pub struct DateWindow {
    pub past: Duration,
    pub future: Duration,
}

impl Default for DateWindow {
    fn default() -> Self {
        Self { past: Duration::from_secs(12 * 3600), future: Duration::from_secs(3600) }
    }
}

/// A parsed, date- and digest-checked signature, waiting for its key.
#[derive(Debug)]
pub struct PendingSignature {
    key_id: String,
    signing_string: String,
    signature: String,
}

impl PendingSignature {
    /// The key the signer claims; its document says which actor owns it.
    pub fn key_id(&self) -> &str {
        &self.key_id
    }

    /// Checks the signature against a public key in PEM (SPKI or PKCS#1).
    pub fn verify(&self, public_key_pem: &str) -> Result<(), SignatureError> {
        let der = pem_to_der(public_key_pem).ok_or_else(|| SignatureError::BadKey("public key is not PEM".into()))?;
        let signature = STANDARD
            .decode(self.signature.trim())
            .map_err(|_| SignatureError::Malformed("signature is not base64".into()))?;
        UnparsedPublicKey::new(&RSA_PKCS1_2048_8192_SHA256, der)
            .verify(self.signing_string.as_bytes(), &signature)
            .map_err(|_| SignatureError::Invalid(self.key_id.clone()))
    }
}

/// Is a `Host` header value this server's `host[:port]`? Case, a trailing
/// dot and a default port (80, 443) do not matter.
pub fn is_host(value: &str, ours: &str) -> bool {
    let normal = |host: &str| {
        let host = host.trim().to_ascii_lowercase();
        let host = host.strip_suffix(":443").or_else(|| host.strip_suffix(":80")).unwrap_or(&host).to_owned();
        host.trim_end_matches('.').to_owned()
    };
    normal(value) == normal(ours)
}

/// Checks everything about an incoming request's signature that needs no key:
/// the `Date` window, the `Digest` of the body (required when there is a body),
/// that the signature covers `(request-target)`, `host`, `date` and `digest`,
/// and that the signed `Host` is `our_host` (a signature made for another
/// server is not replayed here).
///
/// `headers` are the request's headers as (lower-case name, value).
pub fn prepare_verification(
    method: &str,
    path_and_query: &str,
    headers: &BTreeMap<String, String>,
    body: Option<&[u8]>,
    our_host: &str,
    window: DateWindow,
    now: SystemTime,
) -> Result<PendingSignature, SignatureError> {
    if !headers.contains_key("signature") {
        return Err(SignatureError::Missing);
    }
    if !headers.get("host").is_some_and(|host| is_host(host, our_host)) {
        return Err(SignatureError::WrongHost);
    }
    let date = headers.get("date").ok_or(SignatureError::BadDate)?;
    let date = httpdate::parse_http_date(date).map_err(|_| SignatureError::BadDate)?;
    let too_old = now.duration_since(date).is_ok_and(|age| age > window.past);
    let too_new = date.duration_since(now).is_ok_and(|ahead| ahead > window.future);
    if too_old || too_new {
        return Err(SignatureError::StaleDate);
    }
    let mut config = Config::default()
        .mastodon_compat()
        .require_header("(request-target)")
        .require_header("date")
        .set_expiration(window.past + window.future);
    if let Some(body) = body {
        let digest = headers.get("digest").ok_or(SignatureError::MissingDigest)?;
        if !digest_matches(digest, body) {
            return Err(SignatureError::WrongDigest);
        }
        config = config.require_digest();
    }
    // Only the Signature header counts; an Authorization header is ours (bearer tokens).
    let headers: BTreeMap<String, String> = headers
        .iter()
        .filter(|(name, _)| name.as_str() != "authorization")
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let unverified = config.begin_verify(method, path_and_query, headers).map_err(|e| {
        use http_signature_normalization::PrepareVerifyError;
        match e {
            PrepareVerifyError::Required(required) => {
                let mut names: Vec<_> = required.headers().iter().cloned().collect();
                names.sort();
                SignatureError::UnsignedHeaders(names.join(", "))
            }
            other => SignatureError::Malformed(other.to_string()),
        }
    })?;
    if let Some(algorithm) = unverified.algorithm() {
        use http_signature_normalization::verify::{Algorithm, DeprecatedAlgorithm};
        match algorithm {
            Algorithm::Hs2019 | Algorithm::Deprecated(DeprecatedAlgorithm::RsaSha256) => {}
            other => return Err(SignatureError::UnsupportedAlgorithm(format!("{other:?}"))),
        }
    }
    Ok(PendingSignature {
        key_id: unverified.key_id().to_owned(),
        signing_string: unverified.signing_string().to_owned(),
        signature: unverified.signature().to_owned(),
    })
}

/// `Digest` may list several digests (`SHA-256=…,SHA-512=…`); a SHA-256 one must match.
fn digest_matches(header: &str, body: &[u8]) -> bool {
    let expected = STANDARD.encode(Sha256::digest(body));
    header
        .split(',')
        .filter_map(|part| part.trim().split_once('='))
        .any(|(algorithm, value)| algorithm.trim().eq_ignore_ascii_case("sha-256") && value.trim() == expected)
}

#[cfg(test)]
#[expect(clippy::unwrap_used, reason = "tests")]
mod tests {
    use super::*;

    fn key() -> (SigningKey, String) {
        let pair = KeyPair::generate(aws_lc_rs::rsa::KeySize::Rsa2048).unwrap();
        use aws_lc_rs::{encoding::AsDer, signature::KeyPair as _};
        let private = pair.as_der().unwrap();
        let public = pair.public_key().as_der().unwrap();
        let private_pem =
            format!("-----BEGIN PRIVATE KEY-----\n{}\n-----END PRIVATE KEY-----\n", STANDARD.encode(private.as_ref()));
        let public_pem =
            format!("-----BEGIN PUBLIC KEY-----\n{}\n-----END PUBLIC KEY-----\n", STANDARD.encode(public.as_ref()));
        (SigningKey::from_pem("https://a.test/actor#main-key".into(), &private_pem).unwrap(), public_pem)
    }

    fn as_map(headers: &[(&str, String)]) -> BTreeMap<String, String> {
        headers.iter().map(|(k, v)| (k.to_lowercase(), v.clone())).collect()
    }

    #[test]
    fn signed_posts_verify_and_tampering_fails() {
        let (key, public_pem) = key();
        let now = SystemTime::now();
        let body = br#"{"type":"Follow"}"#;
        let headers = key.sign_request("POST", "/inbox", "b.test", Some(body), now).unwrap();
        let signature = &headers.iter().find(|(k, _)| *k == "Signature").unwrap().1;
        assert!(signature.contains("headers=\"(request-target) date digest host\""), "{signature}");
        assert!(signature.contains("algorithm=\"rsa-sha256\""), "{signature}");
        let map = as_map(&headers);
        let window = DateWindow::default();
        let pending = prepare_verification("POST", "/inbox", &map, Some(body), "b.test", window, now).unwrap();
        assert_eq!(pending.key_id(), "https://a.test/actor#main-key");
        pending.verify(&public_pem).unwrap();

        // Another body: the digest no longer matches.
        let err = prepare_verification("POST", "/inbox", &map, Some(b"{}"), "b.test", window, now).unwrap_err();
        assert_eq!(err, SignatureError::WrongDigest);
        // Another path: the signature no longer matches.
        let pending = prepare_verification("POST", "/other", &map, Some(body), "b.test", window, now).unwrap();
        assert!(matches!(pending.verify(&public_pem), Err(SignatureError::Invalid(_))));
        // Another key.
        let (_, other_pem) = self::key();
        let pending = prepare_verification("POST", "/inbox", &map, Some(body), "b.test", window, now).unwrap();
        assert!(pending.verify(&other_pem).is_err());
        // Too old, too new.
        let later = now + Duration::from_secs(13 * 3600);
        assert_eq!(
            prepare_verification("POST", "/inbox", &map, Some(body), "b.test", window, later).unwrap_err(),
            SignatureError::StaleDate
        );
        let earlier = now - Duration::from_secs(2 * 3600);
        assert_eq!(
            prepare_verification("POST", "/inbox", &map, Some(body), "b.test", window, earlier).unwrap_err(),
            SignatureError::StaleDate
        );
        // Unsigned.
        let mut unsigned = map.clone();
        unsigned.remove("signature");
        assert_eq!(
            prepare_verification("POST", "/inbox", &unsigned, Some(body), "b.test", window, now).unwrap_err(),
            SignatureError::Missing
        );
        let mut no_digest = map;
        no_digest.remove("digest");
        assert_eq!(
            prepare_verification("POST", "/inbox", &no_digest, Some(body), "b.test", window, now).unwrap_err(),
            SignatureError::MissingDigest
        );
    }

    #[test]
    fn signatures_must_cover_the_digest() {
        let (key, _) = key();
        let now = SystemTime::now();
        // A GET signature (no digest) replayed as a POST with a body.
        let headers = key.sign_request("POST", "/inbox", "b.test", None, now).unwrap();
        let mut map = as_map(&headers);
        let body = b"{}";
        map.insert("digest".into(), digest_header(body));
        let err =
            prepare_verification("POST", "/inbox", &map, Some(body), "b.test", DateWindow::default(), now).unwrap_err();
        assert_eq!(err, SignatureError::UnsignedHeaders("digest".into()));
    }

    #[test]
    fn signatures_are_bound_to_this_host_and_target() {
        let (key, public_pem) = key();
        let now = SystemTime::now();
        let body = br#"{"type":"Follow"}"#;
        let map = as_map(&key.sign_request("POST", "/inbox", "b.test", Some(body), now).unwrap());
        let window = DateWindow::default();
        // Made for another server: refused before any key is fetched.
        let err = prepare_verification("POST", "/inbox", &map, Some(body), "c.test", window, now).unwrap_err();
        assert_eq!(err, SignatureError::WrongHost);
        for ours in ["B.test", "b.test.", "b.test:443"] {
            assert!(prepare_verification("POST", "/inbox", &map, Some(body), ours, window, now).is_ok(), "{ours}");
        }
        // A signature that leaves out (request-target) could be replayed on any path.
        let mut forged = map.clone();
        let header = forged["signature"].replace("(request-target) ", "");
        forged.insert("signature".to_owned(), header);
        let err = prepare_verification("POST", "/inbox", &forged, Some(body), "b.test", window, now).unwrap_err();
        assert_eq!(err, SignatureError::UnsignedHeaders("(request-target)".into()));
        // The untouched signature verifies.
        let pending = prepare_verification("POST", "/inbox", &map, Some(body), "b.test", window, now).unwrap();
        pending.verify(&public_pem).unwrap();
    }

    #[test]
    fn digests_with_several_algorithms() {
        let body = b"hello";
        let ours = digest_header(body);
        assert!(digest_matches(&ours, body));
        assert!(digest_matches(&format!("SHA-512=abc,{}", ours.replace("SHA-256", "sha-256")), body));
        assert!(!digest_matches("SHA-512=abc", body));
    }
}
