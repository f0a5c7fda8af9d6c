//! The list snapshot: every summary in one compact binary value, written at a clean exit and
//! read at start-up instead of scanning (and JSON-decoding) the `summaries` tree entry by entry.
//!
//! It is a cache of derived data: the first write of a session removes it, so it is only ever
//! present while it equals the `summaries` tree; anything unexpected in it makes the store fall
//! back to the scan. Layout (little-endian): magic, next_key at writing, count, then per case
//! its key and summary.

use super::CaseKey;
use crate::domain::case::Status;
use crate::domain::deadlines::DeadlineKind;
use crate::domain::provision::Provision;
use crate::domain::retention::{Einde, Klasse};
use crate::domain::segment::Route;
use crate::domain::summary::{Aanmelding, Summary, SummaryDeadline};
use chrono::{DateTime, Datelike, NaiveDate, Utc};

// LKL5: the traject's ends (retention) and the restriction flag; LKL4: the traject added the status `begeleiding` (it moved `afgesloten` one place in
// `Status::ALL`) and the meldingsdatum; LKL3: rules v2 added the aanmelding (route and
// referrer), the debt route is a one-byte code. A snapshot with another magic is rescanned.
const MAGIC: &[u8; 4] = b"LKL5";

pub(in crate::store) fn encode<'a>(
    next_key: u64,
    rows: impl ExactSizeIterator<Item = (CaseKey, &'a Summary)>,
) -> Vec<u8> {
    let mut out = Vec::with_capacity(16 + rows.len() * 96);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&next_key.to_le_bytes());
    out.extend_from_slice(&(rows.len() as u64).to_le_bytes());
    for (key, s) in rows {
        out.extend_from_slice(&key.0.to_le_bytes());
        summary(&mut out, s);
    }
    out
}

fn str_(out: &mut Vec<u8>, s: &str) {
    out.extend_from_slice(&(s.len() as u32).to_le_bytes());
    out.extend_from_slice(s.as_bytes());
}

fn time(out: &mut Vec<u8>, t: DateTime<Utc>) {
    out.extend_from_slice(&t.timestamp().to_le_bytes());
    out.extend_from_slice(&t.timestamp_subsec_nanos().to_le_bytes());
}

fn date(out: &mut Vec<u8>, d: Option<NaiveDate>) {
    let n = d.map_or(i32::MIN, |d| d.num_days_from_ce());
    out.extend_from_slice(&n.to_le_bytes());
}

fn provision(out: &mut Vec<u8>, p: Option<Provision>) {
    out.push(p.map_or(u8::MAX, |p| index_of(&Provision::ALL, p)));
}

fn summary(out: &mut Vec<u8>, s: &Summary) {
    str_(out, &s.case_id);
    str_(out, &s.name);
    out.push(index_of(&Status::ALL, s.status));
    time(out, s.created_at);
    time(out, s.updated_at);
    out.push(u8::from(s.crisis) | (u8::from(s.overridden) << 1) | (u8::from(s.beperkt) << 2));
    out.extend_from_slice(&(s.deadlines.len() as u32).to_le_bytes());
    for d in &s.deadlines {
        out.push(index_of(&DeadlineKind::ALL, d.kind));
        date(out, Some(d.due));
        date(out, d.met_on);
    }
    provision(out, s.proposed);
    provision(out, s.decided);
    out.push(s.debt_route.map_or(u8::MAX, |r| index_of(&Route::ALL, r)));
    match &s.aanmelding {
        Some(a) => {
            out.push(1);
            str_(out, &a.route);
            opt_str(out, a.verwijzer.as_deref());
        }
        None => out.push(0),
    }
    date(out, s.melding);
    out.push(s.einden.len().min(usize::from(u8::MAX)) as u8);
    for e in s.einden.iter().take(usize::from(u8::MAX)) {
        out.push(index_of(&Klasse::ALL, e.klasse));
        date(out, Some(e.datum));
    }
}

fn opt_str(out: &mut Vec<u8>, s: Option<&str>) {
    match s {
        Some(s) => {
            out.push(1);
            str_(out, s);
        }
        None => out.push(0),
    }
}

/// The position of a value in its enum's `ALL` list (fixed, so a stable one-byte code).
fn index_of<T: PartialEq>(all: &[T], v: T) -> u8 {
    all.iter().position(|x| *x == v).unwrap_or(0) as u8
}

struct Reader<'a> {
    b: &'a [u8],
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        if self.b.len() < n {
            return None;
        }
        let (head, tail) = self.b.split_at(n);
        self.b = tail;
        Some(head)
    }
    fn u8(&mut self) -> Option<u8> {
        self.take(1).map(|b| b[0])
    }
    fn u32(&mut self) -> Option<u32> {
        self.take(4)
            .map(|b| u32::from_le_bytes(b.try_into().unwrap_or_default()))
    }
    fn i32(&mut self) -> Option<i32> {
        self.take(4)
            .map(|b| i32::from_le_bytes(b.try_into().unwrap_or_default()))
    }
    fn u64(&mut self) -> Option<u64> {
        self.take(8)
            .map(|b| u64::from_le_bytes(b.try_into().unwrap_or_default()))
    }
    fn string(&mut self) -> Option<String> {
        let n = self.u32()? as usize;
        std::str::from_utf8(self.take(n)?).ok().map(str::to_string)
    }
    fn time(&mut self) -> Option<DateTime<Utc>> {
        let secs = self.u64()? as i64;
        DateTime::from_timestamp(secs, self.u32()?)
    }
    fn date(&mut self) -> Option<Option<NaiveDate>> {
        match self.i32()? {
            i32::MIN => Some(None),
            n => NaiveDate::from_num_days_from_ce_opt(n).map(Some),
        }
    }
    fn provision(&mut self) -> Option<Option<Provision>> {
        match self.u8()? {
            u8::MAX => Some(None),
            i => Provision::ALL.get(usize::from(i)).copied().map(Some),
        }
    }
    fn summary(&mut self) -> Option<Summary> {
        let case_id = self.string()?;
        let name = self.string()?;
        let status = *Status::ALL.get(usize::from(self.u8()?))?;
        let created_at = self.time()?;
        let updated_at = self.time()?;
        let flags = self.u8()?;
        let n = self.u32()? as usize;
        let mut deadlines = Vec::with_capacity(n.min(64));
        for _ in 0..n {
            deadlines.push(SummaryDeadline {
                kind: *DeadlineKind::ALL.get(usize::from(self.u8()?))?,
                due: self.date()??,
                met_on: self.date()?,
            });
        }
        let proposed = self.provision()?;
        let decided = self.provision()?;
        let debt_route = match self.u8()? {
            u8::MAX => None,
            i => Some(*Route::ALL.get(usize::from(i))?),
        };
        let aanmelding = match self.u8()? {
            0 => None,
            _ => Some(Aanmelding {
                route: self.string()?,
                verwijzer: match self.u8()? {
                    0 => None,
                    _ => Some(self.string()?),
                },
            }),
        };
        let melding = self.date()?;
        let n = usize::from(self.u8()?);
        let mut einden = Vec::with_capacity(n);
        for _ in 0..n {
            einden.push(Einde {
                klasse: *Klasse::ALL.get(usize::from(self.u8()?))?,
                datum: self.date()??,
            });
        }
        Some(Summary {
            case_id,
            name,
            status,
            created_at,
            updated_at,
            crisis: flags & 1 != 0,
            deadlines,
            proposed,
            decided,
            overridden: flags & 2 != 0,
            debt_route,
            aanmelding,
            melding,
            einden,
            beperkt: flags & 4 != 0,
        })
    }
}

/// Decodes a snapshot made when the key counter stood at `next_key`; None when it is of
/// another moment or not readable (the caller then scans).
pub(in crate::store) fn decode(bytes: &[u8], next_key: u64) -> Option<Vec<(CaseKey, Summary)>> {
    let mut r = Reader { b: bytes };
    if r.take(4)? != MAGIC || r.u64()? != next_key {
        return None;
    }
    let n = r.u64()? as usize;
    let mut rows = Vec::with_capacity(n.min(bytes.len() / 32));
    for _ in 0..n {
        let key = CaseKey(r.u64()?);
        rows.push((key, r.summary()?));
    }
    r.b.is_empty().then_some(rows)
}
