//! The KPI scorecard of a scope (company, region, team or rep) over a range
//! of days: win rate, average deal size, stage-to-stage conversion, average
//! cycle length, pipeline coverage, quota attainment, ARR, ARPU, new logos and
//! activity counts against target.
//!
//! Definitions (one place, so the worker's snapshots and on-demand answers
//! agree):
//! - A deal counts for a scope when anyone credited on it is in the scope;
//!   amounts are credited by share (the owner has 100% when there are no splits).
//! - Won, lost, bookings, deal size, cycle length and new logos look at deals
//!   *closed* in the range; pipeline created at deals *created* in it.
//! - Open pipeline is open deals expected to close in the range (no date: counted).
//! - Win rate = won / (won + lost). Average deal size = bookings / won, per currency.
//! - Cycle length = mean days from creation to close of won deals.
//! - Conversion from stage *i* to the next = deals created in the range that
//!   reached the next open stage (or won) over those that reached stage *i*.
//! - ARR at the range's end = credited amounts of deals won in the twelve
//!   months up to it (annual contracts). ARPU = ARR / distinct accounts in it.
//! - New logos = distinct accounts whose first won deal closed in the range.
//! - Coverage = open pipeline / (quota − bookings), in the quota's currency.
//! - Activity target = weekly target per role × people of that role × weeks.
//!
//! Ratios have four decimals; money two (rounded half to even, per figure).

use crate::{activity::ActivityKind, deal::DealStatus, period::DateRange};
use chrono::NaiveDate;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use uuid::Uuid;

/// Whose scorecard: the company, a region or team (with the teams below it), or one person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Scope {
    Company,
    Team(Uuid),
    Rep(Uuid),
}

impl Scope {
    /// Parses `company`, `team:<id>`, `region:<id>` or `rep:<id>`.
    pub fn parse(raw: &str) -> Result<Self, crate::FieldError> {
        let bad = || {
            crate::FieldError::new(
                "scope",
                "must be company, region:<id>, team:<id> or rep:<id>",
            )
        };
        match raw.trim().split_once(':') {
            None if raw.trim() == "company" => Ok(Scope::Company),
            Some(("team" | "region", id)) => Ok(Scope::Team(id.parse().map_err(|_| bad())?)),
            Some(("rep", id)) => Ok(Scope::Rep(id.parse().map_err(|_| bad())?)),
            _ => Err(bad()),
        }
    }

    /// The canonical text (regions are written `team:`, as they are teams).
    pub fn key(&self) -> String {
        match self {
            Scope::Company => "company".into(),
            Scope::Team(id) => format!("team:{id}"),
            Scope::Rep(id) => format!("rep:{id}"),
        }
    }
}

/// What the scorecard needs to know about one deal.
#[derive(Debug, Clone, PartialEq)]
pub struct DealFact {
    pub id: Uuid,
    pub account_id: Option<Uuid>,
    /// (person, share in percent); the owner alone at 100 when not split.
    pub credits: Vec<(Uuid, Decimal)>,
    pub amount: Decimal,
    pub currency: String,
    pub status: DealStatus,
    pub created_on: NaiveDate,
    pub closed_on: Option<NaiveDate>,
    pub expected_close: Option<NaiveDate>,
    /// Highest position among open new-business stages the deal ever entered.
    pub furthest_open_position: i32,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ActivityFact {
    pub person_id: Uuid,
    pub kind: ActivityKind,
    pub on: NaiveDate,
    /// How many such activities that person logged that day.
    pub count: i64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct OpenStage {
    pub position: i32,
    pub key: String,
    pub name: String,
}

/// Who is in the scope, and the figures it is measured against.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ScopeFacts {
    /// `None` for the whole company.
    pub people: Option<BTreeSet<Uuid>>,
    /// Sales role of every person in the scope (for activity targets).
    pub roles: Vec<String>,
    /// Weekly target per (sales role, activity kind).
    pub weekly_targets: HashMap<(String, ActivityKind), i32>,
    /// The scope's revenue goal for the range, if one is set.
    pub quota: Option<(Decimal, String)>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Conversion {
    pub from_stage: String,
    pub to_stage: String,
    pub entered: i64,
    pub advanced: i64,
    pub rate: Option<Decimal>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ActivityCount {
    pub kind: ActivityKind,
    pub done: i64,
    pub target: i64,
    pub attainment: Option<Decimal>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Scorecard {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub won_count: i64,
    pub lost_count: i64,
    pub open_count: i64,
    pub win_rate: Option<Decimal>,
    pub bookings: BTreeMap<String, Decimal>,
    pub average_deal_size: BTreeMap<String, Decimal>,
    pub average_cycle_days: Option<Decimal>,
    pub pipeline_created: BTreeMap<String, Decimal>,
    pub open_pipeline: BTreeMap<String, Decimal>,
    pub conversions: Vec<Conversion>,
    pub arr: BTreeMap<String, Decimal>,
    pub arpu: BTreeMap<String, Decimal>,
    pub new_logos: i64,
    pub quota: Option<Decimal>,
    pub quota_currency: Option<String>,
    pub quota_attainment: Option<Decimal>,
    pub pipeline_coverage: Option<Decimal>,
    pub activities: Vec<ActivityCount>,
}

fn ratio(numerator: Decimal, denominator: Decimal) -> Option<Decimal> {
    (!denominator.is_zero()).then(|| {
        (numerator / denominator).round_dp_with_strategy(4, RoundingStrategy::MidpointNearestEven)
    })
}

fn money(value: Decimal) -> Decimal {
    value.round_dp_with_strategy(2, RoundingStrategy::MidpointNearestEven)
}

/// Activities done per person and kind in `range`, in one pass: for
/// scoring many scopes over the same range.
pub fn activities_by_person(
    range: DateRange,
    activities: &[ActivityFact],
) -> HashMap<(Uuid, ActivityKind), i64> {
    let mut done = HashMap::new();
    for activity in activities.iter().filter(|a| range.contains(a.on)) {
        *done.entry((activity.person_id, activity.kind)).or_default() += activity.count;
    }
    done
}

/// Each kind of activity the scope did (`done`) against its target for
/// `range`: the weekly targets of its people's sales roles times the weeks.
pub fn activity_counts(
    range: DateRange,
    scope: &ScopeFacts,
    done: impl Fn(ActivityKind) -> i64,
) -> Vec<ActivityCount> {
    let weeks = Decimal::from(range.days()) / Decimal::from(7);
    ActivityKind::ALL
        .iter()
        .map(|kind| {
            let done = done(*kind);
            let weekly: i64 = scope
                .roles
                .iter()
                .map(|role| {
                    *scope
                        .weekly_targets
                        .get(&(role.clone(), *kind))
                        .unwrap_or(&0) as i64
                })
                .sum();
            let target = (Decimal::from(weekly) * weeks)
                .round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero)
                .try_into()
                .unwrap_or(0i64);
            ActivityCount {
                kind: *kind,
                done,
                target,
                attainment: ratio(Decimal::from(done), Decimal::from(target)),
            }
        })
        .collect()
}

/// The share of `deal` credited to the scope (1 = all of it), or `None` when
/// nobody in the scope is credited.
pub fn scope_share(deal: &DealFact, people: Option<&BTreeSet<Uuid>>) -> Option<Decimal> {
    let Some(people) = people else {
        return Some(Decimal::ONE);
    };
    let percent: Decimal = deal
        .credits
        .iter()
        .filter(|(person, _)| people.contains(person))
        .map(|(_, share)| *share)
        .sum();
    (percent > Decimal::ZERO).then(|| percent / Decimal::ONE_HUNDRED)
}

/// The funnel of deals created in `range` and credited to the scope: how
/// many entered each open stage (in `open_stages` order), then how many
/// were won. A won deal counts as having entered every stage.
pub fn funnel_entered(
    range: DateRange,
    deals: &[DealFact],
    open_stages: &[OpenStage],
    people: Option<&BTreeSet<Uuid>>,
) -> Vec<u64> {
    let mut entered = vec![0_u64; open_stages.len() + 1];
    for deal in deals {
        if !range.contains(deal.created_on) || scope_share(deal, people).is_none() {
            continue;
        }
        let won = deal.status == DealStatus::Won;
        for (count, stage) in entered.iter_mut().zip(open_stages) {
            if won || deal.furthest_open_position >= stage.position {
                *count += 1;
            }
        }
        if won {
            entered[open_stages.len()] += 1;
        }
    }
    entered
}

pub fn compute(
    range: DateRange,
    deals: &[DealFact],
    activities: &[ActivityFact],
    open_stages: &[OpenStage],
    scope: &ScopeFacts,
) -> Scorecard {
    let people = scope.people.as_ref();
    let in_range = |day: NaiveDate| range.contains(day);
    let arr_window = DateRange {
        from: range.to_exclusive - chrono::Days::new(365),
        to_exclusive: range.to_exclusive,
    };
    let (mut won, mut lost, mut open) = (0i64, 0i64, 0i64);
    let mut bookings: BTreeMap<String, Decimal> = BTreeMap::new();
    let mut won_per_currency: BTreeMap<String, i64> = BTreeMap::new();
    let mut pipeline_created: BTreeMap<String, Decimal> = BTreeMap::new();
    let mut open_pipeline: BTreeMap<String, Decimal> = BTreeMap::new();
    let mut arr: BTreeMap<String, Decimal> = BTreeMap::new();
    let mut arr_accounts: BTreeMap<String, BTreeSet<Uuid>> = BTreeMap::new();
    let mut cycle_days = (0i64, 0i64);
    let mut first_win: HashMap<Uuid, NaiveDate> = HashMap::new();
    let mut reached: BTreeMap<i32, i64> = BTreeMap::new();
    let positions: Vec<i32> = open_stages.iter().map(|s| s.position).collect();

    for deal in deals {
        if deal.status == DealStatus::Won {
            if let (Some(account), Some(closed)) = (deal.account_id, deal.closed_on) {
                first_win
                    .entry(account)
                    .and_modify(|d| *d = (*d).min(closed))
                    .or_insert(closed);
            }
        }
        let Some(share) = scope_share(deal, people) else {
            continue;
        };
        let credited = deal.amount * share;
        let currency = deal.currency.clone();
        if in_range(deal.created_on) {
            *pipeline_created.entry(currency.clone()).or_default() += credited;
            for position in &positions {
                let got_there =
                    deal.status == DealStatus::Won || deal.furthest_open_position >= *position;
                if got_there {
                    *reached.entry(*position).or_default() += 1;
                }
            }
        }
        match (deal.status, deal.closed_on) {
            (DealStatus::Won, Some(closed)) => {
                if in_range(closed) {
                    won += 1;
                    *bookings.entry(currency.clone()).or_default() += credited;
                    *won_per_currency.entry(currency.clone()).or_default() += 1;
                    cycle_days.0 += (closed - deal.created_on).num_days().max(0);
                    cycle_days.1 += 1;
                }
                if arr_window.contains(closed) {
                    *arr.entry(currency.clone()).or_default() += credited;
                    if let Some(account) = deal.account_id {
                        arr_accounts.entry(currency).or_default().insert(account);
                    }
                }
            }
            (DealStatus::Lost, Some(closed)) if in_range(closed) => lost += 1,
            (DealStatus::Open, _) => {
                let due = deal.expected_close.is_none_or(in_range);
                if due {
                    open += 1;
                    *open_pipeline.entry(currency).or_default() += credited;
                }
            }
            _ => {}
        }
    }

    // New logos: accounts whose first win closed in the range and whose
    // winning deals credit the scope.
    let scoped_accounts: BTreeSet<Uuid> = deals
        .iter()
        .filter(|d| d.status == DealStatus::Won && scope_share(d, people).is_some())
        .filter_map(|d| {
            d.account_id
                .filter(|a| first_win.get(a) == d.closed_on.as_ref())
        })
        .collect();
    let new_logos = scoped_accounts
        .iter()
        .filter(|a| first_win.get(a).is_some_and(|d| in_range(*d)))
        .count() as i64;

    let conversions = open_stages
        .windows(2)
        .map(|pair| {
            let entered = reached.get(&pair[0].position).copied().unwrap_or(0);
            let advanced = reached.get(&pair[1].position).copied().unwrap_or(0);
            Conversion {
                from_stage: pair[0].name.clone(),
                to_stage: pair[1].name.clone(),
                entered,
                advanced,
                rate: ratio(Decimal::from(advanced), Decimal::from(entered)),
            }
        })
        .collect();

    let average_deal_size = bookings
        .iter()
        .filter_map(|(currency, total)| {
            let count = *won_per_currency.get(currency)?;
            Some((currency.clone(), money(*total / Decimal::from(count))))
        })
        .collect();
    let arpu = arr
        .iter()
        .filter_map(|(currency, total)| {
            let accounts = arr_accounts.get(currency)?.len();
            (accounts > 0).then(|| {
                (
                    currency.clone(),
                    money(*total / Decimal::from(accounts as i64)),
                )
            })
        })
        .collect();

    let (quota, quota_currency) = match &scope.quota {
        Some((amount, currency)) => (Some(*amount), Some(currency.clone())),
        None => (None, None),
    };
    let booked_in_quota_currency = quota_currency
        .as_ref()
        .and_then(|c| bookings.get(c))
        .copied()
        .unwrap_or_default();
    let quota_attainment = quota.and_then(|q| ratio(booked_in_quota_currency, q));
    let pipeline_coverage = match (quota, &quota_currency) {
        (Some(q), Some(currency)) => {
            let remaining = q - booked_in_quota_currency;
            let pipeline = open_pipeline.get(currency).copied().unwrap_or_default();
            (remaining > Decimal::ZERO)
                .then(|| ratio(pipeline, remaining))
                .flatten()
        }
        _ => None,
    };

    let mut done_per_kind: HashMap<ActivityKind, i64> = HashMap::new();
    for activity in activities {
        if in_range(activity.on) && people.is_none_or(|p| p.contains(&activity.person_id)) {
            *done_per_kind.entry(activity.kind).or_default() += activity.count;
        }
    }
    let activities = activity_counts(range, scope, |kind| {
        done_per_kind.get(&kind).copied().unwrap_or_default()
    });

    Scorecard {
        from: range.from,
        to: range.to_exclusive - chrono::Days::new(1),
        won_count: won,
        lost_count: lost,
        open_count: open,
        win_rate: ratio(Decimal::from(won), Decimal::from(won + lost)),
        bookings: bookings.into_iter().map(|(c, v)| (c, money(v))).collect(),
        average_deal_size,
        average_cycle_days: ratio(Decimal::from(cycle_days.0), Decimal::from(cycle_days.1))
            .map(|d| d.round_dp(1)),
        pipeline_created: pipeline_created
            .into_iter()
            .map(|(c, v)| (c, money(v)))
            .collect(),
        open_pipeline: open_pipeline
            .into_iter()
            .map(|(c, v)| (c, money(v)))
            .collect(),
        conversions,
        arr: arr.into_iter().map(|(c, v)| (c, money(v))).collect(),
        arpu,
        new_logos,
        quota,
        quota_currency,
        quota_attainment,
        pipeline_coverage,
        activities,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, d).unwrap()
    }

    fn id(n: u128) -> Uuid {
        Uuid::from_u128(n)
    }

    fn deal(
        n: u128,
        owner: u128,
        amount: i64,
        status: DealStatus,
        created: NaiveDate,
        closed: Option<NaiveDate>,
        furthest: i32,
    ) -> DealFact {
        DealFact {
            id: id(n),
            account_id: Some(id(1000 + n)),
            credits: vec![(id(owner), Decimal::ONE_HUNDRED)],
            amount: Decimal::from(amount),
            currency: "USD".into(),
            status,
            created_on: created,
            closed_on: closed,
            expected_close: None,
            furthest_open_position: furthest,
        }
    }

    fn stages() -> Vec<OpenStage> {
        (1..=3)
            .map(|p| OpenStage {
                position: p,
                key: format!("s{p}"),
                name: format!("Stage {p}"),
            })
            .collect()
    }

    #[test]
    fn the_funnel_counts_each_stage_entered_then_wins_for_the_scope_only() {
        let q3 = DateRange::inclusive(day(7, 1), day(9, 30)).unwrap();
        let deals = vec![
            deal(1, 1, 100, DealStatus::Won, day(7, 1), Some(day(8, 1)), 3),
            deal(2, 1, 100, DealStatus::Lost, day(7, 2), Some(day(8, 1)), 2),
            deal(3, 1, 100, DealStatus::Open, day(7, 3), None, 1),
            // Won having skipped the stages on its way: counted in each.
            deal(4, 1, 100, DealStatus::Won, day(7, 4), Some(day(8, 1)), 0),
            // Another rep's, and one created before the range.
            deal(5, 2, 100, DealStatus::Won, day(7, 5), Some(day(8, 1)), 3),
            deal(6, 1, 100, DealStatus::Won, day(6, 5), Some(day(8, 1)), 3),
        ];
        let rep: BTreeSet<Uuid> = [id(1)].into();
        assert_eq!(
            funnel_entered(q3, &deals, &stages(), Some(&rep)),
            vec![4, 3, 2, 2]
        );
        assert_eq!(
            funnel_entered(q3, &deals, &stages(), None),
            vec![5, 4, 3, 3]
        );
    }

    #[test]
    fn a_quarter_by_hand() {
        let q3 = DateRange::inclusive(day(7, 1), day(9, 30)).unwrap();
        let deals = vec![
            // Won in Q3 after 30 days: 10,000.
            deal(
                1,
                1,
                10_000,
                DealStatus::Won,
                day(7, 1),
                Some(day(7, 31)),
                3,
            ),
            // Won in Q3 after 60 days: 20,000, split 50/50 with rep 2.
            DealFact {
                credits: vec![(id(1), Decimal::from(50)), (id(2), Decimal::from(50))],
                ..deal(
                    2,
                    1,
                    20_000,
                    DealStatus::Won,
                    day(7, 2),
                    Some(day(8, 31)),
                    3,
                )
            },
            // Lost in Q3 at stage 2.
            deal(3, 1, 5_000, DealStatus::Lost, day(7, 3), Some(day(9, 1)), 2),
            // Open, created in Q3, at stage 1, expected in Q3.
            DealFact {
                expected_close: Some(day(9, 15)),
                ..deal(4, 2, 8_000, DealStatus::Open, day(8, 1), None, 1)
            },
            // Won last year: outside the range, outside ARR.
            deal(
                5,
                1,
                99_000,
                DealStatus::Won,
                day(1, 1) - chrono::Days::new(400),
                Some(day(1, 1) - chrono::Days::new(380)),
                3,
            ),
        ];
        let company = ScopeFacts {
            quota: Some((Decimal::from(60_000), "USD".into())),
            ..Default::default()
        };
        let card = compute(q3, &deals, &[], &stages(), &company);
        assert_eq!(
            (card.won_count, card.lost_count, card.open_count),
            (2, 1, 1)
        );
        assert_eq!(card.win_rate, Some(Decimal::new(6667, 4)));
        assert_eq!(card.bookings["USD"], Decimal::from(30_000));
        assert_eq!(card.average_deal_size["USD"], Decimal::from(15_000));
        // (30 + 60) / 2 days.
        assert_eq!(card.average_cycle_days, Some(Decimal::from(45)));
        assert_eq!(card.pipeline_created["USD"], Decimal::from(43_000));
        assert_eq!(card.new_logos, 2);
        // Reached stage 1: 4 deals; stage 2: 3 (two won, one lost there); stage 3: 2.
        assert_eq!(
            (card.conversions[0].entered, card.conversions[0].advanced),
            (4, 3)
        );
        assert_eq!(card.conversions[1].rate, Some(Decimal::new(6667, 4)));
        assert_eq!(card.quota_attainment, Some(Decimal::new(5, 1)));
        // 8,000 open against 30,000 still to book.
        assert_eq!(card.pipeline_coverage, Some(Decimal::new(2667, 4)));
        assert_eq!(card.arr["USD"], Decimal::from(30_000));
        assert_eq!(card.arpu["USD"], Decimal::from(15_000));

        // Rep 2 alone: half of deal 2 and all of deal 4.
        let rep2 = ScopeFacts {
            people: Some([id(2)].into()),
            ..Default::default()
        };
        let card = compute(q3, &deals, &[], &stages(), &rep2);
        assert_eq!(card.won_count, 1);
        assert_eq!(card.bookings["USD"], Decimal::from(10_000));
        assert_eq!(card.open_pipeline["USD"], Decimal::from(8_000));
        assert_eq!(card.win_rate, Some(Decimal::ONE));
    }

    #[test]
    fn activities_count_against_weekly_targets_per_role() {
        // Two full weeks.
        let range = DateRange::inclusive(day(6, 1), day(6, 14)).unwrap();
        let scope = ScopeFacts {
            people: Some([id(1), id(2)].into()),
            roles: vec!["ae".into(), "sdr".into()],
            weekly_targets: [
                (("ae".to_owned(), ActivityKind::Call), 10),
                (("sdr".to_owned(), ActivityKind::Call), 40),
            ]
            .into(),
            quota: None,
        };
        let calls: Vec<ActivityFact> = (0..50)
            .map(|n| ActivityFact {
                person_id: id(1 + n % 3),
                kind: ActivityKind::Call,
                on: day(6, 1 + (n % 14) as u32),
                count: 1,
            })
            .collect();
        let card = compute(range, &[], &calls, &stages(), &scope);
        let call = card
            .activities
            .iter()
            .find(|a| a.kind == ActivityKind::Call)
            .unwrap();
        // People 1 and 2 made 34 of the 50 (person 3 is outside); target (10 + 40) × 2 weeks.
        assert_eq!((call.done, call.target), (34, 100));
        assert_eq!(call.attainment, Some(Decimal::new(34, 2)));
        assert_eq!(card.win_rate, None);
        assert_eq!(card.quota_attainment, None);
    }
}
