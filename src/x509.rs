//! What an operator needs to know about a certificate: subject CN, DNS/IP names, and the
//! validity window, read with `x509-parser`. Verification itself is rustls's job; this only
//! reads.

use std::net::IpAddr;

use x509_parser::prelude::{FromDer, GeneralName, X509Certificate};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CertSummary {
    pub subject_cn: Option<String>,
    pub names: Vec<String>,
    /// Unix seconds.
    pub not_before: i64,
    pub not_after: i64,
}

/// Summarise a DER certificate; `None` when it is not one.
pub fn summarize(der: &[u8]) -> Option<CertSummary> {
    let (_, cert) = X509Certificate::from_der(der).ok()?;
    let subject_cn = cert.subject().iter_common_name().next().map(|cn| {
        cn.as_str().map_or_else(
            |_| String::from_utf8_lossy(cn.attr_value().data).into_owned(),
            str::to_string,
        )
    });
    let mut names = Vec::new();
    if let Ok(Some(san)) = cert.subject_alternative_name() {
        for name in &san.value.general_names {
            match name {
                GeneralName::DNSName(dns) => names.push((*dns).to_string()),
                GeneralName::IPAddress(bytes) => {
                    let ip = match bytes.len() {
                        4 => <[u8; 4]>::try_from(*bytes).ok().map(IpAddr::from),
                        16 => <[u8; 16]>::try_from(*bytes).ok().map(IpAddr::from),
                        _ => None,
                    };
                    names.extend(ip.map(|ip| ip.to_string()));
                }
                _ => {}
            }
        }
    }
    let validity = cert.validity();
    Some(CertSummary {
        subject_cn,
        names,
        not_before: validity.not_before.timestamp(),
        not_after: validity.not_after.timestamp(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn garbage_is_not_a_certificate() {
        assert!(summarize(b"").is_none());
        assert!(summarize(b"\x30\x03\x02\x01\x01").is_none());
        assert!(summarize(&[0x30, 0x84, 0xff, 0xff, 0xff, 0xff]).is_none());
    }

    #[test]
    fn reads_cn_names_and_validity_of_a_real_certificate() {
        let mut params =
            rcgen::CertificateParams::new(vec!["fleet.example".into(), "127.0.0.1".into()])
                .unwrap();
        params
            .distinguished_name
            .push(rcgen::DnType::CommonName, "Fleet lab");
        params.not_before = rcgen::date_time_ymd(2025, 1, 2);
        params.not_after = rcgen::date_time_ymd(2026, 1, 2);
        let key = rcgen::KeyPair::generate().unwrap();
        let cert = params.self_signed(&key).unwrap();
        let summary = summarize(cert.der()).unwrap();
        assert_eq!(summary.subject_cn.as_deref(), Some("Fleet lab"));
        assert_eq!(summary.names, vec!["fleet.example", "127.0.0.1"]);
        assert_eq!(summary.not_before, 1_735_776_000);
        assert_eq!(summary.not_after, 1_767_312_000);
        let mut truncated = cert.der().to_vec();
        truncated.truncate(truncated.len() / 2);
        assert!(summarize(&truncated).is_none());
    }
}
