//! Two years of deals up to today, plus the open pipeline for this quarter
//! and the next: seasonal (Q4 strongest, Q1 weakest, pushes at quarter end),
//! new business, expansion and renewal by role, amounts from product lines
//! by segment, some split deals, and a stage history per deal. Each seller's
//! skill drives their win rate, deal size, discounting and cycle length.

use super::{
    at,
    catalogue::{segment_index, Catalogue, Kind},
    derived_rng, new_id,
    org::{Focus, Org},
    weighted, Clock,
};
use attain_db::{
    schema::tenant::{deal_lines, deal_milestones, deal_splits, deals},
    TenantConn,
};
use attain_domain::{
    deal::DealType,
    org::{SalesRole, Segment},
    period::{Period, PeriodKind},
};
use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc, Weekday};
use diesel::prelude::*;
use rand::{rngs::StdRng, Rng};
use rust_decimal::Decimal;
use std::collections::HashMap;
use uuid::Uuid;

/// Deals planned to close between the start of the history and today; the
/// open pipeline comes on top.
const CLOSING_IN_HISTORY: f64 = 27_500.0;

/// New-business stages in order; won deals pass through all of them.
const NEW_BUSINESS_PATH: [&str; 5] = ["lead", "qualified", "meeting", "proposal", "negotiation"];

const LOSS_REASONS: [(&str, f64); 8] = [
    ("Lost to competitor", 25.0),
    ("Price too high", 20.0),
    ("No decision", 20.0),
    ("Timing: not a priority this year", 12.0),
    ("Missing feature", 9.0),
    ("Budget cut", 7.0),
    ("Champion left", 4.0),
    ("Built in-house", 3.0),
];

/// A deal as the activity and task generators see it.
#[derive(Debug, Clone, Copy)]
pub struct Span {
    pub deal: Uuid,
    pub account: usize,
    pub from: DateTime<Utc>,
    /// When it closed, or now for an open deal.
    pub to: DateTime<Utc>,
    pub open: bool,
}

#[derive(Debug, Default, Clone, Copy)]
pub struct Stats {
    pub deals: usize,
    pub won: usize,
    pub lost: usize,
    pub open: usize,
    pub lines: usize,
    pub split_deals: usize,
    pub milestones: usize,
}

pub struct History {
    pub stats: Stats,
    /// Per member (index into `Org::members`), oldest first.
    pub spans: Vec<Vec<Span>>,
    /// Won amount in dollars by `(member, year of closing)`.
    pub won_by_year: HashMap<(usize, i32), f64>,
    /// New-business deals won by year of closing.
    pub new_logos_by_year: HashMap<i32, usize>,
    /// The deal the single `deal.changed` event names.
    pub last_deal: Option<Uuid>,
}

#[derive(Insertable)]
#[diesel(table_name = deals, treat_none_as_default_value = false)]
struct DealRow {
    id: Uuid,
    name: String,
    owner_id: Uuid,
    amount: Decimal,
    currency: String,
    status: String,
    expected_close_date: Option<NaiveDate>,
    version: i32,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    external_id: Option<String>,
    account_id: Option<Uuid>,
    stage_id: Uuid,
    deal_type: String,
    closed_date: Option<NaiveDate>,
    loss_reason: Option<String>,
    stage_entered_at: DateTime<Utc>,
}

#[derive(Insertable)]
#[diesel(table_name = deal_lines, treat_none_as_default_value = false)]
struct Line {
    id: Uuid,
    deal_id: Uuid,
    product_id: Uuid,
    quantity: Decimal,
    unit_price: Decimal,
    position: i32,
}

#[derive(Insertable)]
#[diesel(table_name = deal_splits, treat_none_as_default_value = false)]
struct Split {
    deal_id: Uuid,
    person_id: Uuid,
    share: Decimal,
}

#[derive(Insertable)]
#[diesel(table_name = deal_milestones, treat_none_as_default_value = false)]
struct MilestoneRow {
    deal_id: Uuid,
    from_stage_id: Option<Uuid>,
    to_stage_id: Uuid,
    at: DateTime<Utc>,
    by_user_id: Option<Uuid>,
    source: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fate {
    Won,
    /// Dropped out after reaching this open stage (index into the path).
    Lost(usize),
}

struct Stages {
    new_business: Vec<Uuid>,
    renewal: Uuid,
    upsell: Uuid,
    won: Uuid,
    lost: Uuid,
}

impl Stages {
    fn path(&self, deal_type: DealType) -> Vec<Uuid> {
        match deal_type {
            DealType::NewBusiness => self.new_business.clone(),
            DealType::Expansion => vec![self.upsell],
            DealType::Renewal => vec![self.renewal],
        }
    }
}

/// Deals per seller per week before the team's volume and the global scale.
fn weekly_rate(role: SalesRole) -> f64 {
    match role {
        SalesRole::Hunter => 3.0,
        SalesRole::Ae => 3.2,
        SalesRole::Sdr => 0.8,
        SalesRole::Farmer | SalesRole::Am => 1.6,
        SalesRole::Manager => 0.4,
    }
}

fn type_mix(role: SalesRole) -> [(DealType, f64); 3] {
    use DealType::{Expansion, NewBusiness, Renewal};
    match role {
        SalesRole::Hunter => [(NewBusiness, 0.95), (Expansion, 0.05), (Renewal, 0.0)],
        SalesRole::Ae => [(NewBusiness, 0.80), (Expansion, 0.15), (Renewal, 0.05)],
        SalesRole::Sdr => [(NewBusiness, 1.0), (Expansion, 0.0), (Renewal, 0.0)],
        SalesRole::Farmer => [(NewBusiness, 0.05), (Expansion, 0.55), (Renewal, 0.40)],
        SalesRole::Am => [(NewBusiness, 0.05), (Expansion, 0.40), (Renewal, 0.55)],
        SalesRole::Manager => [(NewBusiness, 0.60), (Expansion, 0.30), (Renewal, 0.10)],
    }
}

/// How many deals close on `day` relative to an average day: Q4 strongest,
/// Q1 weakest, a push in the last two weeks of each quarter and a lull in
/// its first two.
pub fn season(day: NaiveDate) -> f64 {
    let quarter = Period::containing(PeriodKind::Quarter, day);
    let by_quarter = [0.78, 0.97, 0.94, 1.31][(day.month0() / 3) as usize];
    let to_end = (quarter.end_exclusive() - day).num_days();
    let from_start = (day - quarter.start).num_days();
    let push = if to_end <= 14 {
        1.7
    } else if from_start < 14 {
        0.75
    } else {
        1.0
    };
    by_quarter * push
}

fn is_weekday(day: NaiveDate) -> bool {
    !matches!(day.weekday(), Weekday::Sat | Weekday::Sun)
}

/// Yearly growth of each region's deal flow: EMEA grows fastest, APAC is
/// shrinking, so against goals set from last year EMEA is ahead and APAC behind.
const REGION_GROWTH: [f64; 3] = [0.20, 0.35, -0.02];

/// Deal flow on `day` relative to a year after the history starts.
fn growth(region: usize, day: NaiveDate, clock: Clock) -> f64 {
    let rate = REGION_GROWTH.get(region).copied().unwrap_or(0.15);
    let years = ((day - clock.start).num_days() as f64 - 365.0) / 365.0;
    (1.0 + rate).powf(years)
}

/// The last day of the quarter after the current one.
pub fn horizon(clock: Clock) -> NaiveDate {
    Period::containing(PeriodKind::Quarter, clock.today)
        .next()
        .end_exclusive()
        - Duration::days(1)
}

/// `(product index, quantity, unit price in cents)` per line.
fn lines(
    rng: &mut StdRng,
    catalogue: &Catalogue,
    deal_type: DealType,
    segment: Segment,
    skill: f64,
) -> Vec<(usize, i64, i64)> {
    let base = match segment {
        Segment::Smb => rng.gen_range(1..=2),
        Segment::MidMarket => rng.gen_range(2..=6),
        Segment::Enterprise => rng.gen_range(6..=20),
    } as f64;
    let size = (base * skill.sqrt() * rng.gen_range(0.8..1.25))
        .round()
        .max(1.0) as i64;
    let smb = segment == Segment::Smb;
    let is_service = |product: usize| {
        catalogue
            .products
            .get(product)
            .is_some_and(|p| p.kind == Kind::Service)
    };
    let mut picked: Vec<(usize, i64)> = Vec::new();
    let mut add = |rng: &mut StdRng, options: &[(usize, f64)], quantity: i64| {
        let open: Vec<(usize, f64)> = options
            .iter()
            .filter(|(p, _)| !picked.iter().any(|(q, _)| q == p))
            .copied()
            .collect();
        if let Some(product) = weighted(rng, &open) {
            picked.push((product, quantity.max(1)));
        }
    };
    let services = (size / 5).max(1);
    let extras: [(usize, f64); 7] = [
        (1, 3.0),
        (2, 2.0),
        (4, 3.0),
        (5, 3.0),
        (6, 2.0),
        (7, if smb { 0.0 } else { 2.0 }),
        (9, 2.0),
    ];
    match deal_type {
        DealType::NewBusiness => {
            let platform: &[(usize, f64)] = match segment {
                Segment::Smb => &[(8, 3.0), (3, 4.0), (0, 3.0)],
                Segment::MidMarket => &[(3, 3.0), (0, 6.0)],
                Segment::Enterprise => &[(0, 8.0), (3, 2.0)],
            };
            add(rng, platform, size);
            let more = match segment {
                Segment::Smb => rng.gen_range(0..=1),
                Segment::MidMarket => rng.gen_range(0..=2),
                Segment::Enterprise => rng.gen_range(1..=2),
            };
            for _ in 0..more {
                let product = weighted(rng, &extras).unwrap_or(4);
                let quantity = if is_service(product) { services } else { size };
                add(rng, &[(product, 1.0)], quantity);
            }
        }
        DealType::Expansion => {
            let options = [
                (0, 2.0),
                (1, 4.0),
                (2, 3.0),
                (4, 3.0),
                (5, 3.0),
                (6, 2.0),
                (9, 1.0),
            ];
            for _ in 0..rng.gen_range(1..=2) {
                let product = weighted(rng, &options).unwrap_or(1);
                let quantity = if is_service(product) {
                    services
                } else {
                    (size / 2).max(1)
                };
                add(rng, &[(product, 1.0)], quantity);
            }
        }
        DealType::Renewal => {
            add(
                rng,
                &[(0, 6.0), (3, 4.0), (8, if smb { 3.0 } else { 0.0 })],
                size,
            );
            if rng.gen_bool(0.5) {
                add(rng, &[(6, 1.0)], services);
            }
        }
    }
    // Strong sellers discount less.
    let discount = (rng.gen_range(0.0..0.22) * (1.35 - 0.35 * skill)).clamp(0.0, 0.35);
    picked
        .into_iter()
        .filter_map(|(product, quantity)| {
            let info = catalogue.products.get(product)?;
            let unit_dollars = (info.list_cents as f64 * (1.0 - discount) / 100.0).round() as i64;
            Some((product, quantity, unit_dollars * 100))
        })
        .collect()
}

fn win_probability(deal_type: DealType, skill: f64, icp_score: i32, segment: Segment) -> f64 {
    let fit = 0.75 + 0.5 * f64::from(icp_score) / 100.0;
    let size = match segment {
        Segment::Enterprise => 0.85,
        Segment::MidMarket => 1.0,
        Segment::Smb => 1.1,
    };
    let p = match deal_type {
        DealType::NewBusiness => 0.21 * skill.powf(1.2) * fit * size,
        DealType::Expansion => 0.36 * skill.powf(0.9) * fit,
        DealType::Renewal => 0.70 * skill.powf(0.4),
    };
    p.clamp(0.02, 0.97)
}

/// Spreads `count` milestone times from `from` over `span`, increasing,
/// the first at `from`, all before `from + span`.
fn spread(
    rng: &mut StdRng,
    from: DateTime<Utc>,
    span: Duration,
    count: usize,
) -> Vec<DateTime<Utc>> {
    let seconds = span.num_seconds().max(count as i64) as f64;
    (0..count)
        .map(|i| {
            let jitter = if i == 0 {
                1.0
            } else {
                rng.gen_range(0.85..1.0)
            };
            from + Duration::seconds((seconds * i as f64 / count as f64 * jitter) as i64)
        })
        .collect()
}

pub fn build(
    t: &mut TenantConn<'_>,
    seed: u64,
    org: &Org,
    catalogue: &Catalogue,
    stage_ids: &HashMap<String, Uuid>,
    clock: Clock,
) -> anyhow::Result<History> {
    let stage = |key: &str| {
        stage_ids
            .get(key)
            .copied()
            .ok_or_else(|| anyhow::anyhow!("the demo needs a stage '{key}'"))
    };
    let stages = Stages {
        new_business: NEW_BUSINESS_PATH
            .iter()
            .map(|key| stage(key))
            .collect::<anyhow::Result<_>>()?,
        renewal: stage("renewal_due")?,
        upsell: stage("upsell_proposed")?,
        won: stage("closed_won")?,
        lost: stage("closed_lost")?,
    };
    let horizon = horizon(clock);

    // Scale the rates so about CLOSING_IN_HISTORY deals were due to close in the history.
    let mut season_days = vec![0.0; org.regions.len()];
    let mut day = clock.start;
    while day <= clock.today {
        if is_weekday(day) {
            for (region, total) in season_days.iter_mut().enumerate() {
                *total += season(day) * growth(region, day, clock);
            }
        }
        day += Duration::days(1);
    }
    let unscaled: f64 = org
        .members
        .iter()
        .filter(|m| m.sells)
        .map(|m| {
            let focus = m
                .team
                .map_or(Focus::MidMarket, |team| org.teams[team].focus);
            let days = m
                .region
                .and_then(|r| season_days.get(r))
                .copied()
                .unwrap_or(0.0);
            weekly_rate(m.role) * focus.volume() / 5.0 * days
        })
        .sum();
    let scale = if unscaled > 0.0 {
        CLOSING_IN_HISTORY / unscaled
    } else {
        0.0
    };

    let mut deal_rows: Vec<DealRow> = Vec::new();
    let mut line_rows: Vec<Line> = Vec::new();
    let mut split_rows: Vec<Split> = Vec::new();
    let mut milestone_rows: Vec<MilestoneRow> = Vec::new();
    let mut stats = Stats::default();
    let mut spans: Vec<Vec<Span>> = vec![Vec::new(); org.members.len()];
    let mut won_by_year: HashMap<(usize, i32), f64> = HashMap::new();
    let mut new_logos_by_year: HashMap<i32, usize> = HashMap::new();
    let mut last_won: Option<(DateTime<Utc>, Uuid)> = None;

    for (member_index, member) in org.members.iter().enumerate() {
        if !member.sells {
            continue;
        }
        let (Some(team), Some(region)) = (member.team, member.region) else {
            continue;
        };
        let focus = org.teams[team].focus;
        let daily = weekly_rate(member.role) * focus.volume() * scale / 5.0;
        let teammates: Vec<usize> = org
            .team_reps(team)
            .filter(|&index| index != member_index)
            .collect();
        let sdrs: Vec<usize> = teammates
            .iter()
            .copied()
            .filter(|&index| org.members[index].role == SalesRole::Sdr)
            .collect();
        let owned = catalogue.owned.get(&member_index);
        let by_user = member.user_id();
        let mut day = clock.start;
        while day <= horizon {
            let today_day = day;
            day += Duration::days(1);
            if !is_weekday(today_day) {
                continue;
            }
            // The same seller on the same calendar day gets the same deals, whenever the demo runs.
            let rng = &mut derived_rng(
                seed,
                member_index as u64,
                today_day.num_days_from_ce() as u64,
            );
            let expected = daily * season(today_day) * growth(region, today_day, clock);
            let count =
                expected.floor() as usize + usize::from(rng.gen::<f64>() < expected.fract());
            for _ in 0..count {
                let deal_type =
                    weighted(rng, &type_mix(member.role)).unwrap_or(DealType::NewBusiness);
                let pick_new = |rng: &mut StdRng| {
                    let segment = weighted(rng, &focus.segment_mix()).unwrap_or(Segment::Smb);
                    let pool = &catalogue.by_region_segment[region][segment_index(segment)];
                    if pool.is_empty() {
                        rng.gen_range(0..catalogue.accounts.len())
                    } else {
                        pool[rng.gen_range(0..pool.len())]
                    }
                };
                let account_index = match (deal_type, owned) {
                    (DealType::NewBusiness, _) | (_, None) => pick_new(rng),
                    (_, Some(owned)) if owned.is_empty() => pick_new(rng),
                    (_, Some(owned)) => owned[rng.gen_range(0..owned.len())],
                };
                let Some(account) = catalogue.accounts.get(account_index) else {
                    continue;
                };
                let segment = account.segment;
                let cycle_days = match segment {
                    Segment::Smb => rng.gen_range(14.0..45.0),
                    Segment::MidMarket => rng.gen_range(30.0..90.0),
                    Segment::Enterprise => rng.gen_range(60.0..180.0),
                } * match deal_type {
                    DealType::NewBusiness => 1.0,
                    DealType::Expansion => 0.7,
                    DealType::Renewal => 0.5,
                } / member.skill.sqrt();
                let planned = at(today_day, rng.gen_range(9 * 3600..18 * 3600));
                let cycle = Duration::seconds((cycle_days * 86_400.0) as i64);
                let created = planned - cycle;
                if created > clock.now {
                    continue;
                }
                let path = stages.path(deal_type);
                let won = rng.gen::<f64>()
                    < win_probability(deal_type, member.skill, account.icp_score, segment);
                let fate = if won {
                    Fate::Won
                } else if path.len() == 1 {
                    Fate::Lost(0)
                } else {
                    let mut weights = [30.0, 25.0, 20.0, 15.0, 10.0];
                    if let Some(w) = weights.get_mut(member.weak_stage) {
                        *w *= 2.2;
                    }
                    let options: Vec<(usize, f64)> = weights.iter().copied().enumerate().collect();
                    Fate::Lost(weighted(rng, &options).unwrap_or(0).min(path.len() - 1))
                };
                let reach = match fate {
                    Fate::Won => path.len() - 1,
                    Fate::Lost(k) => k,
                };
                let close_at = match fate {
                    Fate::Won => planned,
                    Fate::Lost(k) => {
                        let share =
                            (k + 1) as f64 / (path.len() + 1) as f64 * rng.gen_range(0.85..1.15);
                        created
                            + Duration::seconds(
                                (cycle.num_seconds() as f64 * share.min(1.0)) as i64,
                            )
                    }
                };
                let slipped = close_at <= clock.now
                    && clock.now - close_at < Duration::days(30)
                    && rng.gen_bool(0.08);
                let closed = close_at <= clock.now && !slipped;
                if closed && close_at.date_naive() < clock.start {
                    // Decided before the history begins.
                    continue;
                }

                let id = new_id(rng);
                let chosen = lines(rng, catalogue, deal_type, segment, member.skill);
                let amount_cents: i64 = chosen.iter().map(|(_, q, unit)| q * unit).sum();
                for (position, (product, quantity, unit)) in chosen.iter().enumerate() {
                    line_rows.push(Line {
                        id: new_id(rng),
                        deal_id: id,
                        product_id: catalogue.products[*product].id,
                        quantity: Decimal::from(*quantity),
                        unit_price: Decimal::new(*unit, 2),
                        position: position as i32 + 1,
                    });
                }
                let first_product = chosen
                    .first()
                    .map(|(p, _, _)| catalogue.products[*p].name)
                    .unwrap_or("Platform");
                let name = match deal_type {
                    DealType::NewBusiness => format!("{} – {first_product}", account.name),
                    DealType::Expansion => {
                        format!("{} – {first_product} expansion", account.name)
                    }
                    DealType::Renewal => {
                        format!("{} – renewal {}", account.name, planned.year())
                    }
                };

                // The stage history.
                let (times, terminal) = if closed {
                    let times = spread(rng, created, close_at - created, reach + 1);
                    let terminal = match fate {
                        Fate::Won => stages.won,
                        Fate::Lost(_) => stages.lost,
                    };
                    (times, Some((terminal, close_at)))
                } else {
                    let elapsed = clock.now - created;
                    let progressed = (elapsed.num_seconds() as f64
                        / cycle.num_seconds().max(1) as f64
                        * path.len() as f64)
                        .floor() as usize;
                    let current = if slipped {
                        reach
                    } else {
                        progressed.min(reach)
                    };
                    let by_cycle = spread(rng, created, cycle, path.len());
                    let by_elapsed = spread(rng, created, elapsed, current + 1);
                    let times = (0..=current)
                        .map(|i| by_cycle[i.min(by_cycle.len() - 1)].min(by_elapsed[i]))
                        .collect();
                    (times, None)
                };
                let mut previous: Option<Uuid> = None;
                let mut last_at = created;
                for (index, time) in times.iter().enumerate() {
                    milestone_rows.push(MilestoneRow {
                        deal_id: id,
                        from_stage_id: previous,
                        to_stage_id: path[index],
                        at: *time,
                        by_user_id: by_user,
                        source: "demo".into(),
                    });
                    previous = Some(path[index]);
                    last_at = *time;
                }
                if let Some((terminal, when)) = terminal {
                    milestone_rows.push(MilestoneRow {
                        deal_id: id,
                        from_stage_id: previous,
                        to_stage_id: terminal,
                        at: when,
                        by_user_id: by_user,
                        source: "demo".into(),
                    });
                    previous = Some(terminal);
                    last_at = when;
                }
                let Some(stage_id) = previous else {
                    continue;
                };

                let (status, closed_date, expected, loss_reason) = if closed {
                    match fate {
                        Fate::Won => {
                            stats.won += 1;
                            *won_by_year
                                .entry((member_index, close_at.year()))
                                .or_default() += amount_cents as f64 / 100.0;
                            if deal_type == DealType::NewBusiness {
                                *new_logos_by_year.entry(close_at.year()).or_default() += 1;
                            }
                            if last_won.is_none_or(|(when, _)| when < close_at) {
                                last_won = Some((close_at, id));
                            }
                            (
                                "won",
                                Some(close_at.date_naive()),
                                close_at.date_naive(),
                                None,
                            )
                        }
                        Fate::Lost(_) => {
                            stats.lost += 1;
                            let reason = weighted(rng, &LOSS_REASONS).unwrap_or("No decision");
                            (
                                "lost",
                                Some(close_at.date_naive()),
                                planned.date_naive(),
                                Some(reason.to_owned()),
                            )
                        }
                    }
                } else {
                    stats.open += 1;
                    let expected = if slipped {
                        clock.today + Duration::days(rng.gen_range(3..45))
                    } else {
                        planned.date_naive()
                    };
                    ("open", None, expected.min(horizon), None)
                };

                // Some deals are shared with a teammate (an SDR who sourced it, or a co-seller).
                if !teammates.is_empty() && member.role != SalesRole::Manager && rng.gen_bool(0.10)
                {
                    let (partner, own_share) =
                        if member.role != SalesRole::Sdr && !sdrs.is_empty() && rng.gen_bool(0.4) {
                            (sdrs[rng.gen_range(0..sdrs.len())], 80)
                        } else {
                            (
                                teammates[rng.gen_range(0..teammates.len())],
                                [50, 60, 70][rng.gen_range(0..3)],
                            )
                        };
                    split_rows.push(Split {
                        deal_id: id,
                        person_id: member.id,
                        share: Decimal::from(own_share),
                    });
                    split_rows.push(Split {
                        deal_id: id,
                        person_id: org.members[partner].id,
                        share: Decimal::from(100 - own_share),
                    });
                    stats.split_deals += 1;
                }

                spans[member_index].push(Span {
                    deal: id,
                    account: account_index,
                    from: created,
                    to: if closed { close_at } else { clock.now },
                    open: !closed,
                });
                deal_rows.push(DealRow {
                    id,
                    name,
                    owner_id: member.id,
                    amount: Decimal::new(amount_cents, 2),
                    currency: "USD".into(),
                    status: status.into(),
                    expected_close_date: Some(expected),
                    version: 1,
                    created_at: created,
                    updated_at: last_at,
                    external_id: None,
                    account_id: Some(account.id),
                    stage_id,
                    deal_type: deal_type.as_str().into(),
                    closed_date,
                    loss_reason,
                    stage_entered_at: last_at,
                });
            }
        }
    }
    for list in &mut spans {
        list.sort_by_key(|span| span.from);
    }
    stats.deals = deal_rows.len();
    stats.lines = line_rows.len();
    stats.milestones = milestone_rows.len();

    diesel::copy_from(deals::table)
        .from_insertable(&deal_rows)
        .execute(t.conn())?;
    diesel::copy_from(deal_lines::table)
        .from_insertable(&line_rows)
        .execute(t.conn())?;
    diesel::copy_from(deal_splits::table)
        .from_insertable(&split_rows)
        .execute(t.conn())?;
    diesel::copy_from(deal_milestones::table)
        .from_insertable(&milestone_rows)
        .execute(t.conn())?;

    Ok(History {
        stats,
        spans,
        won_by_year,
        new_logos_by_year,
        last_deal: last_won.map(|(_, id)| id),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn q4_outsells_q1_and_quarter_ends_push() {
        assert!(season(day(2026, 11, 10)) > season(day(2026, 2, 10)));
        assert!(season(day(2026, 6, 25)) > season(day(2026, 5, 20)));
    }

    #[test]
    fn milestone_times_increase_within_the_span() {
        let mut rng = rand::SeedableRng::seed_from_u64(7);
        let from = Utc::now();
        let times = spread(&mut rng, from, Duration::days(30), 5);
        assert_eq!(times[0], from);
        assert!(times.windows(2).all(|w| w[0] < w[1]));
        assert!(times[4] < from + Duration::days(30));
    }
}
