//! Schedule: when each round starts, fixed from the run's start (a slow item never shifts the
//! next round), and how long a capture may wait for the same item of the previous round before
//! it is skipped for its round.

use std::time::{Duration, Instant, SystemTime};

use crate::error::{Error, Result};

/// At most this many rounds in one timeline.
pub const MAX_ROUNDS: u64 = 1000;
/// The shortest interval.
pub const MIN_INTERVAL_SECS: u64 = 1;
/// A capture waits at most this long for its item's previous round (a CPU profile as long as
/// the interval ends a little after the next round is due); longer, it is skipped.
const MAX_GRACE: Duration = Duration::from_secs(2);

#[derive(Debug, Clone)]
pub struct Schedule {
    /// 1 for a snapshot.
    pub rounds: u32,
    /// None for a snapshot.
    pub interval: Option<Duration>,
    pub duration: Duration,
    /// When round 0 is due (set by [`Schedule::start_now`]).
    pub start: Instant,
    pub start_wall: SystemTime,
}

impl Schedule {
    /// One round, now.
    pub fn snapshot() -> Self {
        Schedule {
            rounds: 1,
            interval: None,
            duration: Duration::ZERO,
            start: Instant::now(),
            start_wall: SystemTime::now(),
        }
    }

    /// `duration / interval` rounds, `interval` apart; refused when the interval is under a
    /// second, longer than the duration, or makes more than [`MAX_ROUNDS`] rounds.
    pub fn timeline(duration: Duration, interval: Duration) -> Result<Self> {
        if interval < Duration::from_secs(MIN_INTERVAL_SECS) {
            return Err(Error::usage("--interval must be at least 1s")
                .with_hint("give --interval 1s or longer (e.g. 30s)"));
        }
        if duration < interval {
            return Err(Error::usage(format!(
                "--duration {} is shorter than --interval {}",
                human(duration),
                human(interval)
            ))
            .with_hint("give a --duration of at least one --interval"));
        }
        let rounds = duration.as_millis() / interval.as_millis();
        if rounds > u128::from(MAX_ROUNDS) {
            return Err(Error::usage(format!(
                "--duration {} at --interval {} is {rounds} intervals; at most {MAX_ROUNDS}",
                human(duration),
                human(interval)
            ))
            .with_hint("give a longer --interval or a shorter --duration"));
        }
        Ok(Schedule {
            rounds: u32::try_from(rounds).unwrap_or(1),
            interval: Some(interval),
            duration,
            ..Schedule::snapshot()
        })
    }

    /// Round 0 is due now.
    pub fn start_now(&mut self) {
        self.start = Instant::now();
        self.start_wall = SystemTime::now();
    }

    pub fn is_timeline(&self) -> bool {
        self.interval.is_some()
    }

    /// When `round` is due.
    pub fn round_start(&self, round: u32) -> Instant {
        self.start + self.offset(round)
    }

    /// When `round` is due, on the wall clock.
    pub fn round_start_wall(&self, round: u32) -> SystemTime {
        self.start_wall + self.offset(round)
    }

    fn offset(&self, round: u32) -> Duration {
        self.interval.unwrap_or_default() * round
    }

    /// How long a capture waits for the same item of the previous round: half the
    /// interval, at most 2 s (unbounded in a snapshot, where every item runs once).
    pub fn grace(&self) -> Option<Duration> {
        self.interval.map(|interval| (interval / 2).min(MAX_GRACE))
    }

    /// The CPU profile's length in each round: `min(--profile-seconds, interval)`, so CPU
    /// coverage is continuous by default.
    pub fn profile_seconds(&self, asked: u64) -> u64 {
        match self.interval {
            Some(interval) => asked.min(interval.as_secs().max(1)),
            None => asked,
        }
    }
}

/// `90s`, `5m`, `1h`, `1h30m`, `2m30s` or a number of seconds.
pub fn parse_duration(text: &str) -> std::result::Result<Duration, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err("empty duration; give e.g. 90s, 5m or 1h".into());
    }
    if let Ok(seconds) = text.parse::<u64>() {
        return Ok(Duration::from_secs(seconds));
    }
    let mut total: u64 = 0;
    let mut number = String::new();
    for c in text.chars() {
        if c.is_ascii_digit() {
            number.push(c);
            continue;
        }
        let unit = match c {
            's' => 1,
            'm' => 60,
            'h' => 3600,
            'd' => 86_400,
            _ => {
                return Err(format!(
                    "`{text}` is not a duration; give e.g. 90s, 5m or 1h"
                ));
            }
        };
        let value: u64 = number
            .parse()
            .map_err(|_| format!("`{text}` is not a duration; give e.g. 90s, 5m or 1h"))?;
        number.clear();
        total = value
            .checked_mul(unit)
            .and_then(|v| total.checked_add(v))
            .filter(|v| *v <= 366 * 86_400)
            .ok_or_else(|| format!("`{text}` is longer than a year"))?;
    }
    if !number.is_empty() {
        return Err(format!(
            "`{text}` has a number without a unit at its end; give e.g. 90s, 5m or 1h"
        ));
    }
    Ok(Duration::from_secs(total))
}

/// A duration as a person writes it: `90s`, `5m`, `1h30m`.
pub fn human(duration: Duration) -> String {
    let secs = duration.as_secs();
    let (h, m, s) = (secs / 3600, secs % 3600 / 60, secs % 60);
    let mut out = String::new();
    if h > 0 {
        out.push_str(&format!("{h}h"));
    }
    if m > 0 {
        out.push_str(&format!("{m}m"));
    }
    if s > 0 || out.is_empty() {
        out.push_str(&format!("{s}s"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_as_people_write_them() {
        let secs = |t: &str| parse_duration(t).map(|d| d.as_secs());
        assert_eq!(secs("90s"), Ok(90));
        assert_eq!(secs("5m"), Ok(300));
        assert_eq!(secs("1h"), Ok(3600));
        assert_eq!(secs("1h30m"), Ok(5400));
        assert_eq!(secs("45"), Ok(45));
        assert!(parse_duration("5x").is_err());
        assert!(parse_duration("5m3").is_err());
        assert!(parse_duration("").is_err());
        assert!(parse_duration("99999999999h").is_err());
        assert_eq!(human(Duration::from_secs(5400)), "1h30m");
        assert_eq!(human(Duration::from_secs(90)), "1m30s");
    }

    #[test]
    fn bounds_are_refused_with_the_flag_named() {
        let t = |d: u64, i: u64| Schedule::timeline(Duration::from_secs(d), Duration::from_secs(i));
        assert_eq!(t(300, 30).unwrap().rounds, 10);
        assert!(t(10, 0).unwrap_err().message.contains("--interval"));
        assert!(t(5, 10).unwrap_err().message.contains("shorter"));
        assert!(t(1001, 1).unwrap_err().message.contains("at most 1000"));
        assert_eq!(t(1000, 1).unwrap().rounds, 1000);
        let s = t(60, 10).unwrap();
        assert_eq!(s.profile_seconds(30), 10);
        assert_eq!(s.grace(), Some(Duration::from_secs(2)));
        assert_eq!(s.round_start(3) - s.start, Duration::from_secs(30));
    }
}
