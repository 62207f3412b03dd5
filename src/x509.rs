//! Just enough DER to describe a certificate to an operator: subject CN, DNS/IP names, and the
//! validity window. Verification itself is rustls's job; this only reads.

use std::net::IpAddr;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CertSummary {
    pub subject_cn: Option<String>,
    pub names: Vec<String>,
    /// Unix seconds.
    pub not_before: i64,
    pub not_after: i64,
}

struct Tlv<'a> {
    tag: u8,
    body: &'a [u8],
    rest: &'a [u8],
}

fn read_tlv(data: &[u8]) -> Option<Tlv<'_>> {
    let (&tag, data) = data.split_first()?;
    let (&first, mut data) = data.split_first()?;
    let len = if first < 0x80 {
        first as usize
    } else {
        let count = (first & 0x7f) as usize;
        if count == 0 || count > 4 || data.len() < count {
            return None;
        }
        let mut len = 0usize;
        for &b in &data[..count] {
            len = (len << 8) | b as usize;
        }
        data = &data[count..];
        len
    };
    if data.len() < len {
        return None;
    }
    Some(Tlv {
        tag,
        body: &data[..len],
        rest: &data[len..],
    })
}

fn children(mut data: &[u8]) -> Vec<Tlv<'_>> {
    let mut out = Vec::new();
    while let Some(tlv) = read_tlv(data) {
        data = tlv.rest;
        out.push(tlv);
    }
    out
}

const OID_SAN: &[u8] = &[0x55, 0x1d, 0x11];
const OID_CN: &[u8] = &[0x55, 0x04, 0x03];

/// Summarise a DER certificate; `None` when it is not one.
pub fn summarize(der: &[u8]) -> Option<CertSummary> {
    let cert = read_tlv(der).filter(|t| t.tag == 0x30)?;
    let tbs = read_tlv(cert.body).filter(|t| t.tag == 0x30)?;
    let mut fields = children(tbs.body).into_iter().peekable();
    if fields.peek().is_some_and(|f| f.tag == 0xa0) {
        fields.next();
    }
    let _serial = fields.next()?;
    let _signature = fields.next()?;
    let _issuer = fields.next()?;
    let validity = fields.next().filter(|t| t.tag == 0x30)?;
    let times = children(validity.body);
    let not_before = parse_time(times.first()?)?;
    let not_after = parse_time(times.get(1)?)?;
    let subject = fields.next()?;
    let mut summary = CertSummary {
        not_before,
        not_after,
        ..Default::default()
    };
    for set in children(subject.body) {
        for attr in children(set.body) {
            let parts = children(attr.body);
            if parts.len() == 2 && parts[0].tag == 0x06 && parts[0].body == OID_CN {
                summary.subject_cn = Some(String::from_utf8_lossy(parts[1].body).into_owned());
            }
        }
    }
    for field in fields {
        if field.tag != 0xa3 {
            continue;
        }
        let Some(extensions) = read_tlv(field.body) else {
            continue;
        };
        for ext in children(extensions.body) {
            let parts = children(ext.body);
            let is_san = parts
                .first()
                .is_some_and(|p| p.tag == 0x06 && p.body == OID_SAN);
            let Some(value) = parts.last().filter(|p| p.tag == 0x04) else {
                continue;
            };
            if !is_san {
                continue;
            }
            let Some(names) = read_tlv(value.body) else {
                continue;
            };
            for name in children(names.body) {
                match name.tag {
                    0x82 => summary
                        .names
                        .push(String::from_utf8_lossy(name.body).into_owned()),
                    0x87 => {
                        let ip = match name.body.len() {
                            4 => <[u8; 4]>::try_from(name.body).ok().map(IpAddr::from),
                            16 => <[u8; 16]>::try_from(name.body).ok().map(IpAddr::from),
                            _ => None,
                        };
                        if let Some(ip) = ip {
                            summary.names.push(ip.to_string());
                        }
                    }
                    _ => {}
                }
            }
        }
    }
    Some(summary)
}

/// UTCTime (YYMMDDHHMMSSZ) or GeneralizedTime (YYYYMMDDHHMMSSZ) to Unix seconds.
fn parse_time(tlv: &Tlv<'_>) -> Option<i64> {
    let text = std::str::from_utf8(tlv.body).ok()?.strip_suffix('Z')?;
    let (year, rest) = match tlv.tag {
        0x17 => {
            let yy: i64 = text.get(..2)?.parse().ok()?;
            (if yy >= 50 { 1900 + yy } else { 2000 + yy }, text.get(2..)?)
        }
        0x18 => (text.get(..4)?.parse().ok()?, text.get(4..)?),
        _ => return None,
    };
    let num = |range: std::ops::Range<usize>| -> Option<i64> { rest.get(range)?.parse().ok() };
    let (month, day, hour, minute, second) =
        (num(0..2)?, num(2..4)?, num(4..6)?, num(6..8)?, num(8..10)?);
    let days = crate::timefmt::days_from_civil(year, month, day);
    Some(days * 86_400 + hour * 3600 + minute * 60 + second)
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
}
