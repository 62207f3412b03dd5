//! TLS trust for a context's `rootca`: the PEM's certificates are trust anchors, and a
//! certificate that is itself in the PEM is accepted as the server's own (pinned), even when it
//! is marked as a CA. `openssl req -x509` makes exactly such a self-signed CA:TRUE certificate,
//! the most common lab setup, which plain WebPKI refuses as `CaUsedAsEndEntity`. The host name
//! is still checked against a pinned certificate.

use std::sync::{Arc, Mutex};

use tokio_rustls::rustls::client::danger::{
    HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier,
};
use tokio_rustls::rustls::client::{WebPkiServerVerifier, verify_server_name};
use tokio_rustls::rustls::crypto::CryptoProvider;
use tokio_rustls::rustls::pki_types::pem::PemObject;
use tokio_rustls::rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use tokio_rustls::rustls::server::ParsedCertificate;
use tokio_rustls::rustls::{
    self, CertificateError, ClientConfig, DigitallySignedStruct, RootCertStore, SignatureScheme,
};

pub fn provider() -> Arc<CryptoProvider> {
    Arc::new(rustls::crypto::aws_lc_rs::default_provider())
}

/// The certificates of a PEM bundle; `None` when it holds none. The one PEM check, used by
/// `config set --rootca`, `debug connection --fleet-certificate` and every client.
pub fn certificates(pem: &[u8]) -> Option<Vec<CertificateDer<'static>>> {
    let certs: Vec<CertificateDer<'static>> =
        CertificateDer::pem_slice_iter(pem).flatten().collect();
    (!certs.is_empty()).then_some(certs)
}

/// A verifier trusting the certificates of a PEM bundle, or why it cannot be built.
pub fn rootca_verifier(pem: &[u8], provider: Arc<CryptoProvider>) -> Result<Arc<Verifier>, String> {
    let certs = certificates(pem).ok_or("it holds no PEM certificate")?;
    let mut roots = RootCertStore::empty();
    for cert in &certs {
        roots.add(cert.clone()).map_err(|e| e.to_string())?;
    }
    let webpki = WebPkiServerVerifier::builder_with_provider(Arc::new(roots), provider)
        .build()
        .map_err(|e| e.to_string())?;
    Ok(Arc::new(Verifier::new(webpki, certs)))
}

/// A verifier trusting the operating system's store, or why it cannot be loaded.
pub fn platform_verifier(provider: Arc<CryptoProvider>) -> Result<Arc<Verifier>, String> {
    let platform = rustls_platform_verifier::Verifier::new(provider).map_err(|e| e.to_string())?;
    Ok(Arc::new(Verifier::new(Arc::new(platform), Vec::new())))
}

/// A rustls client config (TLS 1.2 and 1.3, h2 and http/1.1) verifying with `verifier`.
pub fn client_config(
    verifier: Arc<dyn ServerCertVerifier>,
    provider: Arc<CryptoProvider>,
) -> Result<ClientConfig, String> {
    let mut config = ClientConfig::builder_with_provider(provider)
        .with_protocol_versions(&[&rustls::version::TLS13, &rustls::version::TLS12])
        .map_err(|e| e.to_string())?
        .dangerous()
        .with_custom_certificate_verifier(verifier)
        .with_no_client_auth();
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    Ok(config)
}

/// The one certificate verifier: `inner` (WebPKI over a rootca, or the system's store) decides,
/// except that a certificate that is itself in the rootca (`pinned`) is accepted as the
/// server's own, its name and dates checked. The chain the server presented is kept, for
/// `debug connection` to describe.
#[derive(Debug)]
pub struct Verifier {
    inner: Arc<dyn ServerCertVerifier>,
    pinned: Vec<CertificateDer<'static>>,
    chain: Mutex<Vec<Vec<u8>>>,
}

impl Verifier {
    fn new(inner: Arc<dyn ServerCertVerifier>, pinned: Vec<CertificateDer<'static>>) -> Self {
        Verifier {
            inner,
            pinned,
            chain: Mutex::new(Vec::new()),
        }
    }

    /// The certificates the server presented (DER), leaf first.
    pub fn chain(&self) -> Vec<Vec<u8>> {
        self.chain.lock().map(|c| c.clone()).unwrap_or_default()
    }

    /// The server's own certificate, given as rootca: its name and dates still count.
    fn verify_pinned(
        end_entity: &CertificateDer<'_>,
        server_name: &ServerName<'_>,
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        verify_server_name(&ParsedCertificate::try_from(end_entity)?, server_name)?;
        let summary =
            crate::x509::summarize(end_entity.as_ref()).ok_or(CertificateError::BadEncoding)?;
        let now = now.as_secs() as i64;
        if now > summary.not_after {
            return Err(CertificateError::Expired.into());
        }
        if now < summary.not_before {
            return Err(CertificateError::NotValidYet.into());
        }
        Ok(ServerCertVerified::assertion())
    }
}

impl ServerCertVerifier for Verifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        if let Ok(mut chain) = self.chain.lock() {
            chain.push(end_entity.to_vec());
            chain.extend(intermediates.iter().map(|c| c.to_vec()));
        }
        let verdict = self.inner.verify_server_cert(
            end_entity,
            intermediates,
            server_name,
            ocsp_response,
            now,
        );
        let pinned = self
            .pinned
            .iter()
            .any(|p| p.as_ref() == end_entity.as_ref());
        match verdict {
            Err(rustls::Error::InvalidCertificate(CertificateError::Other(_))) if pinned => {
                Self::verify_pinned(end_entity, server_name, now)
            }
            verdict => verdict,
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.inner.supported_verify_schemes()
    }
}
