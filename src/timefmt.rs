//! UTC timestamps without a date-time dependency.

use std::time::{SystemTime, UNIX_EPOCH};

// Howard Hinnant's civil-date algorithms, both directions: years counted from March (so the
// leap day ends the year) in 400-year eras of 146,097 days.

const DAYS_PER_ERA: i64 = 146_097;
/// Days from 0000-03-01 to 1970-01-01.
const EPOCH_SHIFT: i64 = 719_468;

/// Days from the start of an era to the start of its year `yoe` (0..400).
fn days_before_year(yoe: i64) -> i64 {
    365 * yoe + yoe / 4 - yoe / 100
}

/// Days from March 1 to the start of month `mp` (0 = March .. 11 = February).
fn days_before_month(mp: i64) -> i64 {
    (153 * mp + 2) / 5
}

/// Days since 1970-01-01 of a date (month 1..=12, day 1..=31).
pub fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = year - i64::from(month <= 2);
    let era = year.div_euclid(400);
    let yoe = year - era * 400;
    let mp = (month + 9) % 12;
    let doe = days_before_year(yoe) + days_before_month(mp) + day - 1;
    era * DAYS_PER_ERA + doe - EPOCH_SHIFT
}

/// The date (year, month, day) `days` after 1970-01-01.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + EPOCH_SHIFT;
    let era = z.div_euclid(DAYS_PER_ERA);
    let doe = z.rem_euclid(DAYS_PER_ERA);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - days_before_year(yoe);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - days_before_month(mp) + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(month <= 2), month, day)
}

/// (year, month, day, hour, minute, second) in UTC.
fn civil(time: SystemTime) -> (i64, u32, u32, u32, u32, u32) {
    let secs = time
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    let (year, month, day) = civil_from_days(secs.div_euclid(86_400));
    let rem = secs.rem_euclid(86_400);
    (
        year,
        month,
        day,
        (rem / 3600) as u32,
        (rem % 3600 / 60) as u32,
        (rem % 60) as u32,
    )
}

/// `YYYYMMDDhhmmss`, as in the Go client's archive names.
pub fn compact(time: SystemTime) -> String {
    let (y, mo, d, h, mi, s) = civil(time);
    format!("{y:04}{mo:02}{d:02}{h:02}{mi:02}{s:02}")
}

/// RFC 3339 with millisecond precision, e.g. `2026-11-25T02:00:00.123Z`.
pub fn rfc3339(time: SystemTime) -> String {
    let (y, mo, d, h, mi, s) = civil(time);
    let millis = time
        .duration_since(UNIX_EPOCH)
        .map(|d| d.subsec_millis())
        .unwrap_or(0);
    format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}.{millis:03}Z")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn formats_known_instants() {
        let t = UNIX_EPOCH + Duration::from_millis(1_795_573_845_042);
        assert_eq!(compact(t), "20261125023045");
        assert_eq!(rfc3339(t), "2026-11-25T02:30:45.042Z");
        assert_eq!(compact(UNIX_EPOCH), "19700101000000");
        // A leap day.
        let leap = UNIX_EPOCH + Duration::from_secs(951_782_400);
        assert_eq!(compact(leap), "20000229000000");
    }

    #[test]
    fn civil_days() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 2, 29), 11_016);
        assert_eq!(days_from_civil(2026, 11, 25), 20_782);
        assert_eq!(days_from_civil(1969, 12, 31), -1);
    }

    #[test]
    fn both_directions_agree() {
        // About 1600 to 2400: every leap-year rule, both sides of the epoch.
        for days in -135_080..157_134 {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m.into(), d.into()), days, "{y}-{m}-{d}");
        }
    }
}
