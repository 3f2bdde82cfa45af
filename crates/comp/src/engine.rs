//! The calculation: crediting, tiers, caps, bonuses, SPIFFs, clawbacks,
//! adjustments and draws (see the crate docs for the order and the rules).

use crate::{
    inputs::{Adjustment, Assignment, AssignmentTarget, Deal, Inputs, Person},
    money::{pct_of, round_line, round_pct, Rates},
    plan::{Measure, Plan, PlanRules, PlanVersion, TierMethod},
    statement::{Line, LineKind, Statement},
    text::Text,
};
use attain_domain::{deal::DealType, org::ProductPriority, period::Period};
use chrono::{Datelike, NaiveDate};
use rayon::prelude::*;
use rust_decimal::Decimal;
use std::{
    cell::RefCell,
    collections::{BTreeMap, BTreeSet, HashMap, HashSet},
    hash::{BuildHasherDefault, Hasher},
};
use uuid::Uuid;

/// Every statement of every person for `periods`, ordered by person then
/// period. Draw balances run from January of each period's year.
pub fn compute(inputs: &Inputs, periods: &[Period]) -> Vec<Statement> {
    on_engine_threads(|| Engine::new(inputs).all_statements(periods))
}

/// Runs `work` on the engine's threads (rayon's pool) and waits for it.
/// An engine used from another thread hands each of its parallel steps to
/// the pool and waits, waking the pool's threads a dozen times for one
/// statement; run inside, those steps start on threads already awake.
pub fn on_engine_threads<R: Send>(work: impl FnOnce() -> R + Send) -> R {
    rayon::scope(|_| work())
}

/// One deal credited to one person: directly (a split or ownership) or as
/// roll-up from someone who reports to them.
#[derive(Debug, Clone, Copy)]
struct Credit {
    /// Index into `Engine::deals`.
    deal: u32,
    /// Whose split this is, as a slot (the person themselves unless a roll-up).
    from: u32,
    share: Decimal,
    rollup: bool,
}

/// Someone credited with deals: a person, or an id only deals or managers name.
struct Slot<'a> {
    id: Uuid,
    name: Option<&'a str>,
    /// In deal order, so by close date; a deal's credits are adjacent.
    credits: Vec<Credit>,
    /// Positions in `credits` of reversed deals, for clawbacks.
    reversed: Vec<u32>,
}

/// A plan version with its rule texts, built once.
struct VersionInfo<'a> {
    valuing: Valuing,
    plan: &'a Plan,
    version: &'a PlanVersion,
    tier_texts: Vec<Text>,
    deal_cap_text: Text,
    period_cap_text: Text,
    spiff_texts: Vec<Text>,
}

/// What valuing and describing a credit needs of its deal, stored in deal
/// order so a person's credits read memory forwards.
#[derive(Clone)]
struct Facts {
    closed_on: NaiveDate,
    id: Uuid,
    /// Shared by every line on the deal.
    name: Text,
    deal_type: DealType,
    /// Index into `Engine::currencies`.
    currency: u16,
    /// (raw, weighted) under a plan with no weights or product filter.
    plain: (Decimal, Decimal),
    /// Line amounts by product priority, for plans weighting by priority alone.
    by_priority: PrioritySums,
    owner: Uuid,
    split: bool,
    reversed: bool,
    /// Whether some reversed deal has this id (what clawbacks read).
    id_reversed: bool,
}

impl Facts {
    /// Whether what this deal pays a person is kept: a per-deal cap reads
    /// it, and a clawback of the deal takes it back.
    fn pay_is_tracked(&self, deal_cap: bool) -> bool {
        deal_cap || self.id_reversed
    }
}

/// What every statement reads of a deal, read once: its close date, id,
/// name, type, currency, value per product priority, owner, and whether it
/// is split or reversed. A caller that keeps deals in memory keeps each
/// one's digest beside it, makes it again when the deal changes, and builds
/// engines with [`Engine::with_digested_deals`], which then reads each
/// deal's digest instead of the deal's name, currency and lines, scattered
/// through memory.
#[derive(Clone)]
pub struct DealDigest {
    facts: Facts,
    /// See [`currency_code`].
    currency: u64,
}

impl DealDigest {
    pub fn of(deal: &Deal) -> Self {
        let sums = PrioritySums::of(deal);
        Self {
            facts: Facts {
                closed_on: deal.closed_on,
                id: deal.id,
                name: Text::from(deal.name.as_str()),
                deal_type: deal.deal_type,
                currency: 0,
                plain: sums.plain(deal),
                by_priority: sums,
                owner: deal.owner_id,
                split: !deal.splits.is_empty(),
                reversed: deal.reversed_on.is_some(),
                id_reversed: false,
            },
            currency: currency_code(&deal.currency),
        }
    }

    /// The id of the deal this digests, to check it is kept beside the right one.
    pub fn deal_id(&self) -> Uuid {
        self.facts.id
    }
}

/// Whom a deal credits.
enum Credited {
    /// Its owner, a person, all of it: their slot.
    Owner(u32),
    /// (person, share percent), as [`Deal::credit_shares`].
    Shares(Vec<(Uuid, Decimal)>),
}

/// An engine's deals' digests, by position.
enum Digests<'d> {
    /// Made for the engine: facts and currency codes.
    Made(Vec<Facts>, Vec<u64>),
    /// Kept by the caller beside its deals.
    Kept(&'d [(&'d Deal, &'d DealDigest)]),
}

impl Digests<'_> {
    fn get(&self, deal: usize) -> (&Facts, u64) {
        match self {
            Self::Made(facts, codes) => (&facts[deal], codes[deal]),
            Self::Kept(deals) => (&deals[deal].1.facts, deals[deal].1.currency),
        }
    }
}

/// A deal's line amounts summed per product priority (strategic, standard,
/// loss leader), and which priorities it has lines of.
#[derive(Clone, Copy, Default)]
struct PrioritySums {
    sums: [Decimal; 3],
    present: u8,
}

impl PrioritySums {
    fn of(deal: &Deal) -> Self {
        let mut out = Self::default();
        for line in &deal.lines {
            let at = priority_slot(line.priority);
            out.sums[at] += line.amount;
            out.present |= 1 << at;
        }
        out
    }

    /// (raw, weighted) exactly as `weighted_value` gives them under rules
    /// with no weights, filters or ARR: every line's amount (the deal's
    /// without lines), summed per priority first, the same value and scale.
    fn plain(&self, deal: &Deal) -> (Decimal, Decimal) {
        if deal.lines.is_empty() {
            return (deal.amount, deal.amount);
        }
        let mut total = Decimal::ZERO;
        for (at, sum) in self.sums.iter().enumerate() {
            if self.present & (1 << at) != 0 {
                total += sum;
            }
        }
        (total, total)
    }

    /// (raw, weighted) exactly as `weighted_value` gives them under rules
    /// with these priority weights and no product filter or product weights:
    /// each priority's sum weighted once instead of each line, the same
    /// value and scale since decimal sums and products are exact.
    fn weighted(&self, plain: (Decimal, Decimal), weights: &[Decimal; 3]) -> (Decimal, Decimal) {
        if self.present == 0 {
            return plain;
        }
        let mut weighted = Decimal::ZERO;
        for (at, weight) in weights.iter().enumerate() {
            if self.present & (1 << at) != 0 {
                weighted += self.sums[at] * weight;
            }
        }
        (plain.0, weighted)
    }
}

/// `currency_code` of a currency too long to pack.
const LONG_CURRENCY: u64 = u64::MAX;

/// A currency's bytes (up to seven) and length packed into a number, so
/// equal codes compare as equal numbers.
fn currency_code(currency: &str) -> u64 {
    let bytes = currency.as_bytes();
    if bytes.len() > 7 {
        return LONG_CURRENCY;
    }
    let mut packed = [0u8; 8];
    packed[..bytes.len()].copy_from_slice(bytes);
    packed[7] = bytes.len() as u8;
    u64::from_le_bytes(packed)
}

fn priority_slot(priority: ProductPriority) -> usize {
    match priority {
        ProductPriority::Strategic => 0,
        ProductPriority::Standard => 1,
        ProductPriority::LossLeader => 2,
    }
}

/// Hashes ids (random already) cheaply.
#[derive(Default)]
struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(word))
                .wrapping_mul(0x517c_c1b7_2722_0a95);
        }
    }
}

type IdMap<V> = HashMap<Uuid, V, BuildHasherDefault<IdHasher>>;

/// Each tier's lower and upper edge in credited value.
type Bounds = Vec<(Decimal, Option<Decimal>)>;

/// Indexed inputs, built once and shared by every statement.
pub struct Engine<'a> {
    inputs: &'a Inputs,
    people: BTreeMap<Uuid, &'a Person>,
    /// Plan id to the plan and the index of its first version in `versions`.
    plans: HashMap<Uuid, (&'a Plan, usize)>,
    versions: Vec<VersionInfo<'a>>,
    person_assignments: HashMap<Uuid, Vec<&'a Assignment>>,
    role_assignments: HashMap<&'a str, Vec<&'a Assignment>>,
    quotas: IdMap<Vec<(Period, Decimal)>>,
    rates: Rates,
    adjustments: HashMap<(Uuid, Period), Vec<&'a Adjustment>>,
    /// Won deals by (close date, id).
    deals: Vec<&'a Deal>,
    facts: Vec<Facts>,
    currencies: Vec<&'a str>,
    slot_of: IdMap<u32>,
    slots: Vec<Slot<'a>>,
    /// See [`LINES_PER_TASK`].
    lines_per_task: usize,
}

/// The plan version in force, by day, for one person.
struct Timeline {
    /// (first day, version index), sorted; the first starts at `NaiveDate::MIN`.
    segments: Vec<(NaiveDate, Option<usize>)>,
}

impl Timeline {
    fn at(&self, day: NaiveDate) -> Option<usize> {
        let i = self.segments.partition_point(|(from, _)| *from <= day);
        self.segments.get(i.wrapping_sub(1)).and_then(|s| s.1)
    }
}

/// What every statement of one person needs.
struct PersonCtx<'e, 'a> {
    id: Uuid,
    slot: Option<&'e Slot<'a>>,
    timeline: Timeline,
    /// Whether a version this person can be on caps per deal or takes roll-ups.
    deal_cap: bool,
    rollup: bool,
    /// Tier rule texts, and roll-up ones ("<tier>; roll-up from <name>"),
    /// by [`rule_key`]: this person's own copies, built once rather than
    /// once per line, and not shared with the other threads (lines would
    /// all bump the same few reference counts).
    rule_texts: RefCell<RuleTexts>,
}

/// What each deal paid a person in a period, after caps: only for the deals
/// something reads it for.
type PerDeal = IdMap<Decimal>;

/// Rule texts by [`rule_key`].
type RuleTexts = HashMap<u64, Text, BuildHasherDefault<IdHasher>>;

/// Credits valued at or above this many are turned into lines in runs of
/// this many at once, on as many threads as are free.
const LINES_PER_TASK: usize = 2048;

/// Who is paid and against what, for turning valued credits into lines.
#[derive(Clone, Copy)]
struct Paying {
    person: Uuid,
    /// Whether a version this person can be on caps per deal.
    deal_cap: bool,
    quota: Option<Decimal>,
    final_pct: Option<Decimal>,
}

/// The commission part of one period, before clawbacks, adjustments and draws.
struct Core {
    lines: Vec<Line>,
    currency: Option<String>,
    plan_ids: Vec<Uuid>,
    quota: Option<Decimal>,
    credited: Decimal,
    attainment_pct: Option<Decimal>,
    per_deal: PerDeal,
    warnings: Vec<String>,
}

/// A credit valued under the plan in force on its close date.
struct Valued<'a> {
    credit: Credit,
    facts: &'a Facts,
    deal: &'a Deal,
    version: usize,
    weight: Decimal,
    fx_rate: Option<Decimal>,
    /// Credited value in the payout currency (logos for new-logo plans).
    value: Decimal,
}

/// The same digits and scale, not only the same value.
fn same(a: Decimal, b: Decimal) -> bool {
    a.serialize() == b.serialize()
}

/// `weighted / raw`, skipping the division when it is `x / x` (always 1).
fn ratio(weighted: Decimal, raw: Decimal) -> Decimal {
    if same(weighted, raw) && raw.mantissa().unsigned_abs() <= u128::from(u32::MAX) {
        Decimal::ONE
    } else {
        weighted / raw
    }
}

impl<'a> Engine<'a> {
    pub fn new(inputs: &'a Inputs) -> Self {
        let deals: Vec<&Deal> = inputs.deals.iter().collect();
        Self::with_deals(inputs, &deals)
    }

    /// An engine over `inputs`' people, plans, assignments, quotas, rates and
    /// adjustments, with `deals` in place of `inputs.deals`: for a caller
    /// that holds deals elsewhere (an in-memory store, real deals beside
    /// hypothetical ones) and picks some without copying them.
    pub fn with_deals(inputs: &'a Inputs, deals: &[&'a Deal]) -> Self {
        // Deals are read once, in memory order.
        let (facts, codes): (Vec<Facts>, Vec<u64>) = deals
            .par_iter()
            .map(|d| {
                let digest = DealDigest::of(d);
                (digest.facts, digest.currency)
            })
            .unzip();
        Self::indexed(inputs, deals, Digests::Made(facts, codes))
    }

    /// As [`Self::with_deals`], each deal with its [`DealDigest`] (which
    /// must be of that deal as it is now).
    pub fn with_digested_deals(inputs: &'a Inputs, deals: &[(&'a Deal, &DealDigest)]) -> Self {
        debug_assert!(deals.iter().all(|(d, digest)| d.id == digest.deal_id()));
        let only_deals: Vec<&Deal> = deals.iter().map(|(d, _)| *d).collect();
        // The names are the caller's, scattered and cold, and each is about
        // to be shared: a locked increment that stalls until its memory
        // arrives, one at a time. Plain reads of them first overlap.
        let touched: usize = deals
            .par_iter()
            .map(|(_, digest)| {
                usize::from(digest.facts.name.as_bytes().first().copied().unwrap_or(0))
            })
            .sum();
        std::hint::black_box(touched);
        Self::indexed(inputs, &only_deals, Digests::Kept(deals))
    }

    /// The engine over `deals`, with their digests in the same order.
    fn indexed(inputs: &'a Inputs, deals: &[&'a Deal], digests: Digests) -> Self {
        let digest = |i: usize| digests.get(i);
        let people: BTreeMap<Uuid, &Person> = inputs.people.iter().map(|p| (p.id, p)).collect();
        let mut plans = HashMap::new();
        let mut versions = Vec::new();
        for plan in &inputs.plans {
            plans.insert(plan.id, (plan, versions.len()));
            versions.extend(
                plan.versions
                    .iter()
                    .map(|version| version_info(plan, version)),
            );
        }
        let mut person_assignments: HashMap<Uuid, Vec<&Assignment>> = HashMap::new();
        let mut role_assignments: HashMap<&str, Vec<&Assignment>> = HashMap::new();
        for a in &inputs.assignments {
            match &a.target {
                AssignmentTarget::Person(id) => person_assignments.entry(*id).or_default().push(a),
                AssignmentTarget::Role(role) => role_assignments.entry(role).or_default().push(a),
            }
        }
        for list in person_assignments
            .values_mut()
            .chain(role_assignments.values_mut())
        {
            list.sort_by_key(|a| (a.from, a.id));
        }
        let mut quotas: IdMap<Vec<(Period, Decimal)>> = IdMap::default();
        for q in &inputs.quotas {
            let list = quotas.entry(q.person_id).or_default();
            // The last one for a period wins.
            match list.iter_mut().find(|(p, _)| *p == q.period) {
                Some(entry) => entry.1 = q.amount,
                None => list.push((q.period, q.amount)),
            }
        }
        let mut adjustments: HashMap<(Uuid, Period), Vec<&Adjustment>> = HashMap::new();
        for adj in &inputs.adjustments {
            adjustments
                .entry((adj.person_id, adj.period))
                .or_default()
                .push(adj);
        }
        for list in adjustments.values_mut() {
            list.sort_by_key(|a| a.id);
        }
        let codes: Vec<u64> = (0..deals.len()).map(|i| digest(i).1).collect();
        // The distinct currencies, found from the codes rather than by
        // reading every deal again; a code too long to pack is compared as text.
        let mut first_of_code: Vec<(u64, u32)> = Vec::new();
        for (i, code) in codes.iter().enumerate() {
            let seen = first_of_code.iter().any(|(c, j)| {
                c == code
                    && (*code != LONG_CURRENCY || deals[*j as usize].currency == deals[i].currency)
            });
            if !seen {
                first_of_code.push((*code, i as u32));
            }
        }
        let mut currencies: Vec<&str> = first_of_code
            .iter()
            .map(|(_, i)| deals[*i as usize].currency.as_str())
            .collect();
        currencies.sort_unstable();
        currencies.dedup();
        let index_by_code: Vec<(u64, u16)> = first_of_code
            .iter()
            .filter(|(code, _)| *code != LONG_CURRENCY)
            .map(|(code, i)| {
                let text = deals[*i as usize].currency.as_str();
                let index = currencies
                    .iter()
                    .position(|c| *c == text)
                    .unwrap_or_default();
                (*code, index as u16)
            })
            .collect();
        let currency_index = |deal: usize| -> u16 {
            match index_by_code.iter().find(|(code, _)| *code == codes[deal]) {
                Some((_, index)) => *index,
                None => currencies
                    .iter()
                    .position(|c| *c == deals[deal].currency)
                    .unwrap_or_default() as u16,
            }
        };
        // Facts are put in (close date, id) order; the position breaks ties
        // as a stable sort.
        let mut keys: Vec<(NaiveDate, u128, u32)> = (0..deals.len())
            .into_par_iter()
            .map(|i| {
                let facts = digest(i).0;
                (facts.closed_on, facts.id.as_u128(), i as u32)
            })
            .collect();
        keys.par_sort_unstable();
        let deals: Vec<&Deal> = keys.par_iter().map(|k| deals[k.2 as usize]).collect();
        let mut facts: Vec<Facts> = keys
            .par_iter()
            .map(|k| {
                let mut facts = digest(k.2 as usize).0.clone();
                facts.currency = currency_index(k.2 as usize);
                facts
            })
            .collect();
        drop(codes);
        drop(keys);
        drop(digests);
        let reversed_ids: HashSet<Uuid, BuildHasherDefault<IdHasher>> =
            facts.iter().filter(|f| f.reversed).map(|f| f.id).collect();
        if !reversed_ids.is_empty() {
            facts
                .par_iter_mut()
                .for_each(|f| f.id_reversed = reversed_ids.contains(&f.id));
        }

        let mut slot_of: IdMap<u32> = IdMap::default();
        let mut slots: Vec<Slot> = Vec::with_capacity(people.len());
        for (id, person) in &people {
            slot_of.insert(*id, slots.len() as u32);
            slots.push(Slot {
                id: *id,
                name: Some(person.name.as_str()),
                credits: Vec::new(),
                reversed: Vec::new(),
            });
        }
        let known = slots.len();
        // Who each deal credits: a known owner's slot, else its shares (read
        // here, on both threads, rather than one deal at a time below).
        let credited: Vec<Credited> = facts
            .par_iter()
            .zip(&deals)
            .map(|(f, deal)| match (f.split, slot_of.get(&f.owner)) {
                (false, Some(slot)) => Credited::Owner(*slot),
                _ => Credited::Shares(deal.credit_shares()),
            })
            .collect();
        let mut slot_for = |id: Uuid, slots: &mut Vec<Slot>| -> u32 {
            *slot_of.entry(id).or_insert_with(|| {
                slots.push(Slot {
                    id,
                    name: None,
                    credits: Vec::new(),
                    reversed: Vec::new(),
                });
                (slots.len() - 1) as u32
            })
        };
        let ancestors: Vec<Vec<u32>> = ancestor_chains(&people)
            .into_iter()
            .map(|chain| chain.into_iter().map(|m| slot_for(m, &mut slots)).collect())
            .collect();
        // (deal, slot credited, share) in deal then share order.
        let mut entries: Vec<(u32, u32, Decimal)> =
            Vec::with_capacity(deals.len() + deals.len() / 8);
        for (index, whom) in credited.into_iter().enumerate() {
            match whom {
                Credited::Owner(slot) => entries.push((index as u32, slot, Decimal::ONE_HUNDRED)),
                Credited::Shares(shares) => {
                    for (person, share) in shares {
                        entries.push((index as u32, slot_for(person, &mut slots), share));
                    }
                }
            }
        }
        let chain_of = |from: u32| {
            ancestors
                .get(from as usize)
                .filter(|_| (from as usize) < known)
                .map_or(&[][..], Vec::as_slice)
        };
        let mut counts = vec![0usize; slots.len()];
        for (_, from, _) in &entries {
            counts[*from as usize] += 1;
            for manager in chain_of(*from) {
                counts[*manager as usize] += 1;
            }
        }
        for (slot, count) in slots.iter_mut().zip(counts) {
            slot.credits.reserve_exact(count);
        }
        for &(index, from, share) in &entries {
            let reversed = facts[index as usize].reversed;
            for (to, rollup) in
                std::iter::once((from, false)).chain(chain_of(from).iter().map(|m| (*m, true)))
            {
                let slot = &mut slots[to as usize];
                if reversed {
                    slot.reversed.push(slot.credits.len() as u32);
                }
                slot.credits.push(Credit {
                    deal: index,
                    from,
                    share,
                    rollup,
                });
            }
        }
        Self {
            inputs,
            people,
            plans,
            versions,
            person_assignments,
            role_assignments,
            quotas,
            rates: Rates::new(&inputs.rates),
            adjustments,
            deals,
            facts,
            currencies,
            slot_of,
            slots,
            lines_per_task: LINES_PER_TASK,
        }
    }

    /// Credits turned into lines per task when a month has at least twice
    /// as many (normally [`LINES_PER_TASK`]): for tests that check runs
    /// give what one pass gives.
    #[doc(hidden)]
    pub fn lines_per_task(mut self, credits: usize) -> Self {
        self.lines_per_task = credits.max(1);
        self
    }

    /// Everyone whose statements a deal can change: its split people and
    /// everyone above them. What an incremental recalculation recomputes.
    pub fn people_touched_by(&self, deal: &Deal) -> BTreeSet<Uuid> {
        let mut touched = BTreeSet::new();
        for (person, _) in deal.credit_shares() {
            let mut current = Some(person);
            while let Some(id) = current {
                if !touched.insert(id) {
                    break;
                }
                current = self.people.get(&id).and_then(|p| p.manager_id);
            }
        }
        touched
    }

    /// The earliest close date of the deals `person`'s statements from
    /// `period` on read, so a caller can load no more than those (with the
    /// deals reversed since then): `period`'s start, or January when a draw
    /// before it carries a balance in; then back to the start of the period
    /// the person's longest clawback window reaches. Needs no deals.
    pub fn reads_deals_from(&self, person: Uuid, period: Period) -> NaiveDate {
        let ctx = self.person_ctx(person);
        let january = NaiveDate::from_ymd_opt(period.start.year(), 1, 1).unwrap_or(period.start);
        let mut from = period.start;
        let mut earlier = Period::containing(period.kind, january);
        while earlier < period {
            if self.draw_on(&ctx, earlier).is_some() {
                from = earlier.start;
                break;
            }
            earlier = earlier.next();
        }
        let window = ctx
            .timeline
            .segments
            .iter()
            .filter_map(|(_, v)| *v)
            .filter_map(|v| self.versions[v].version.rules.clawback_days)
            .max()
            .unwrap_or(0);
        if window == 0 {
            return from;
        }
        let reach = from - chrono::Days::new(u64::from(window));
        Period::containing(period.kind, reach).start.min(from)
    }

    /// `people` grouped by the first close date their statements from
    /// `period` on read ([`Self::reads_deals_from`]), so a caller loads each
    /// group's deals once and no more of them.
    pub fn by_first_deal_day(
        &self,
        people: impl IntoIterator<Item = Uuid>,
        period: Period,
    ) -> BTreeMap<NaiveDate, BTreeSet<Uuid>> {
        let mut groups: BTreeMap<NaiveDate, BTreeSet<Uuid>> = BTreeMap::new();
        for person in people {
            groups
                .entry(self.reads_deals_from(person, period))
                .or_default()
                .insert(person);
        }
        groups
    }

    /// Every person's statements for `periods`, in (person, period) order.
    pub fn all_statements(&self, periods: &[Period]) -> Vec<Statement> {
        let people: Vec<Uuid> = self.people.keys().copied().collect();
        people
            .par_iter()
            .with_max_len(16)
            .map(|person| self.statements_for(*person, periods))
            .collect::<Vec<_>>()
            .into_iter()
            .flatten()
            .collect()
    }

    /// One person's statements for `periods` (any order; returned sorted).
    /// Draw balances are carried from January of each period's year. A
    /// period of another length than the company's statements is skipped:
    /// it was asked for before the length changed, and that change
    /// recalculates everyone.
    pub fn statements_for(&self, person: Uuid, periods: &[Period]) -> Vec<Statement> {
        let mut by_year: BTreeMap<i32, BTreeSet<Period>> = BTreeMap::new();
        for period in periods
            .iter()
            .filter(|period| period.kind == self.inputs.period_kind)
        {
            by_year
                .entry(period.start.year())
                .or_default()
                .insert(*period);
        }
        let ctx = self.person_ctx(person);
        let mut out = Vec::with_capacity(periods.len());
        for (year, wanted) in by_year {
            let Some(last) = wanted.last().copied() else {
                continue;
            };
            let first_day = NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(last.start);
            let mut period = Period::containing(self.inputs.period_kind, first_day);
            let mut balance = Decimal::ZERO;
            let mut paid: HashMap<Period, PerDeal> = HashMap::new();
            while period <= last {
                let want = wanted.contains(&period);
                // Only a period with a draw can change the balance carried on.
                if want || self.draw_on(&ctx, period).is_some() {
                    let statement = self.statement_with_balance(&ctx, period, balance, &mut paid);
                    balance = statement.draw_balance;
                    if want {
                        out.push(statement);
                    }
                }
                period = period.next();
            }
        }
        out
    }

    fn person_ctx(&self, person: Uuid) -> PersonCtx<'_, 'a> {
        let slot = self
            .slot_of
            .get(&person)
            .and_then(|s| self.slots.get(*s as usize));
        let own = self.person_assignments.get(&person);
        let role = self
            .people
            .get(&person)
            .and_then(|p| self.role_assignments.get(p.role.as_str()));
        let mut days = vec![NaiveDate::MIN];
        for a in own.into_iter().chain(role).flatten() {
            days.push(a.from);
            if let Some(next) = a.to.and_then(|to| to.succ_opt()) {
                days.push(next);
            }
            if let Some((plan, _)) = self.plans.get(&a.plan_id) {
                days.extend(plan.versions.iter().map(|v| v.effective_from));
            }
        }
        days.sort_unstable();
        days.dedup();
        let mut segments: Vec<(NaiveDate, Option<usize>)> = Vec::with_capacity(days.len());
        for day in days {
            let version = self.rules_on(person, day);
            if segments.last().is_none_or(|(_, v)| *v != version) {
                segments.push((day, version));
            }
        }
        let in_force = || {
            segments
                .iter()
                .filter_map(|(_, v)| *v)
                .map(|v| &self.versions[v].version.rules)
        };
        let deal_cap = in_force().any(|r| r.cap_per_deal.is_some());
        let rollup = in_force().any(|r| r.crediting.manager_rollup);
        PersonCtx {
            id: person,
            slot,
            deal_cap,
            rollup,
            timeline: Timeline { segments },
            rule_texts: RefCell::default(),
        }
    }

    fn draw_on(&self, ctx: &PersonCtx, period: Period) -> Option<&'a crate::plan::Draw> {
        ctx.timeline
            .at(last_day(period))
            .and_then(|v| self.versions[v].version.rules.draw.as_ref())
    }

    /// One statement, carrying in the recoverable draw still owed.
    fn statement_with_balance(
        &self,
        ctx: &PersonCtx,
        period: Period,
        opening: Decimal,
        paid: &mut HashMap<Period, PerDeal>,
    ) -> Statement {
        let mut core = self.core(ctx, period);
        let person = ctx.id;
        let period_version = ctx.timeline.at(last_day(period));
        let currency = core
            .currency
            .clone()
            .or_else(|| period_version.map(|v| self.versions[v].version.rules.currency.clone()))
            .unwrap_or_else(|| "USD".to_owned());
        if ctx.slot.is_some_and(|s| !s.reversed.is_empty()) {
            paid.entry(period)
                .or_insert_with(|| std::mem::take(&mut core.per_deal));
        }
        let mut lines = core.lines;
        let mut warnings = core.warnings;
        self.clawbacks(ctx, period, &mut lines, paid);
        for adj in self
            .adjustments
            .get(&(person, period))
            .into_iter()
            .flatten()
        {
            lines.push(Line::plain(
                LineKind::Adjustment,
                adj.reason.as_str().into(),
                round_line(adj.amount, &currency),
            ));
        }
        let earned_kinds = |k: LineKind| {
            !matches!(
                k,
                LineKind::Adjustment | LineKind::DrawTopUp | LineKind::DrawRecovery
            )
        };
        let earned: Decimal = lines
            .iter()
            .filter(|l| earned_kinds(l.kind))
            .map(|l| l.amount)
            .sum();
        let adjustments: Decimal = lines
            .iter()
            .filter(|l| l.kind == LineKind::Adjustment)
            .map(|l| l.amount)
            .sum();
        let before_draw = earned + adjustments;
        let mut balance = opening;
        let (mut draw, mut recovered) = (Decimal::ZERO, Decimal::ZERO);
        match period_version.and_then(|v| self.versions[v].version.rules.draw.as_ref()) {
            Some(d) if before_draw < d.amount => {
                draw = round_line(d.amount - before_draw.max(Decimal::ZERO), &currency);
                if !draw.is_zero() {
                    let kind = if d.recoverable {
                        "recoverable"
                    } else {
                        "non-recoverable"
                    };
                    lines.push(Line::plain(
                        LineKind::DrawTopUp,
                        format!(
                            "Draw of {} {currency} ({kind}): earnings topped up",
                            d.amount
                        )
                        .into(),
                        draw,
                    ));
                    if d.recoverable {
                        balance += draw;
                    }
                }
            }
            Some(d) if balance > Decimal::ZERO => {
                recovered = round_line(balance.min(before_draw - d.amount), &currency);
                if !recovered.is_zero() {
                    lines.push(Line::plain(
                        LineKind::DrawRecovery,
                        format!("Recovery of earlier draws above the {} {currency} draw; {} left to recover", d.amount, balance - recovered).into(),
                        -recovered,
                    ));
                    balance -= recovered;
                }
            }
            None if opening > Decimal::ZERO => {
                warnings.push(format!("{opening} {currency} of draws left to recover, but no draw applies this period"));
            }
            _ => {}
        }
        let payout = lines.iter().map(|l| l.amount).sum();
        if lines.capacity() > lines.len() + lines.len() / 8 + 4 {
            lines.shrink_to_fit();
        }
        Statement {
            person_id: person,
            period,
            currency,
            plan_ids: core.plan_ids,
            quota: core.quota,
            credited: core.credited,
            attainment_pct: core.attainment_pct,
            lines,
            earned,
            adjustments,
            draw,
            recovered,
            payout,
            draw_balance: balance,
            warnings,
        }
    }

    /// Deals reversed this period within their plan's window take back what
    /// they paid this person in the period they closed.
    fn clawbacks(
        &self,
        ctx: &PersonCtx,
        period: Period,
        lines: &mut Vec<Line>,
        paid: &mut HashMap<Period, PerDeal>,
    ) {
        let Some(slot) = ctx.slot else { return };
        let mut reversed: Vec<&Deal> = Vec::new();
        for &position in &slot.reversed {
            let credit = slot.credits[position as usize];
            let deal = self.deals[credit.deal as usize];
            let Some(on) = deal.reversed_on else { continue };
            if !period.contains(on) || reversed.iter().any(|d| d.id == deal.id) {
                continue;
            }
            let Some(version) = ctx.timeline.at(deal.closed_on) else {
                continue;
            };
            let Some(days) = self.versions[version].version.rules.clawback_days else {
                continue;
            };
            if (on - deal.closed_on).num_days() > i64::from(days) {
                continue;
            }
            reversed.push(deal);
        }
        for deal in reversed {
            let closed_in = Period::containing(self.inputs.period_kind, deal.closed_on);
            let per_deal = paid
                .entry(closed_in)
                .or_insert_with(|| self.core(ctx, closed_in).per_deal);
            let paid = per_deal.get(&deal.id).copied().unwrap_or_default();
            if paid.is_zero() {
                continue;
            }
            let mut line = Line::plain(
                LineKind::Clawback,
                format!(
                    "Clawback: {} was reversed on {} ({} days after closing on {}); its {} payout is taken back",
                    deal.name,
                    deal.reversed_on.unwrap_or(deal.closed_on),
                    (deal.reversed_on.unwrap_or(deal.closed_on) - deal.closed_on).num_days(),
                    deal.closed_on,
                    closed_in,
                )
                .into(),
                -paid,
            );
            line.deal_id = Some(deal.id);
            line.deal_name = Some(deal.name.as_str().into());
            lines.push(line);
        }
    }

    /// The plan version in force for a person on a day (an index into
    /// `versions`): their own assignment first, then their role's.
    fn rules_on(&self, person: Uuid, day: NaiveDate) -> Option<usize> {
        let own = self
            .person_assignments
            .get(&person)
            .and_then(|list| list.iter().rev().find(|a| a.covers(day)));
        let assignment = own.or_else(|| {
            let role = self.people.get(&person)?.role.as_str();
            self.role_assignments
                .get(role)
                .and_then(|list| list.iter().rev().find(|a| a.covers(day)))
        })?;
        let (plan, first) = *self.plans.get(&assignment.plan_id)?;
        // As `Plan::version_on`, by position.
        let (index, _) = plan
            .versions
            .iter()
            .enumerate()
            .filter(|(_, v)| v.effective_from <= day)
            .max_by_key(|(_, v)| (v.effective_from, v.version))?;
        Some(first + index)
    }

    /// The person's credits on deals closed in `period`.
    fn credits_in<'s>(&self, slot: Option<&'s Slot>, period: Period) -> &'s [Credit] {
        let Some(slot) = slot else { return &[] };
        let day = |c: &Credit| self.facts[c.deal as usize].closed_on;
        let end = period.end_exclusive();
        let from = slot.credits.partition_point(|c| day(c) < period.start);
        let to = from + slot.credits[from..].partition_point(|c| day(c) < end);
        &slot.credits[from..to]
    }

    fn core(&self, ctx: &PersonCtx, period: Period) -> Core {
        let person = ctx.id;
        let quota = self
            .quotas
            .get(&person)
            .and_then(|list| list.iter().find(|(p, _)| *p == period))
            .map(|(_, q)| *q)
            .filter(|q| *q > Decimal::ZERO);
        let mut warnings = Vec::new();
        let credits = self.credits_in(ctx.slot, period);
        let mut valued: Vec<Valued> = Vec::with_capacity(credits.len());
        let mut unplanned = 0usize;
        let mut fx_seen: Vec<(u16, usize, Option<Decimal>)> = Vec::new();
        let mut last_share: Option<(Decimal, Decimal)> = None;
        for credit in credits {
            if credit.rollup && !ctx.rollup {
                continue;
            }
            let facts = &self.facts[credit.deal as usize];
            let deal = self.deals[credit.deal as usize];
            let Some(version) = ctx.timeline.at(facts.closed_on) else {
                if !credit.rollup {
                    unplanned += 1;
                }
                continue;
            };
            let info = &self.versions[version];
            let rules = &info.version.rules;
            if credit.rollup && !rules.crediting.manager_rollup {
                continue;
            }
            let counted = if rules.crediting.territories.is_empty() {
                counts_type(rules, facts.deal_type)
            } else {
                counts(rules, deal)
            };
            if !counted {
                continue;
            }
            let (raw, weighted) = match info.valuing {
                Valuing::Plain => facts.plain,
                Valuing::Logo => (Decimal::ONE, Decimal::ONE),
                Valuing::Priority(weights) => facts.by_priority.weighted(facts.plain, &weights),
                Valuing::Lines => weighted_value(rules, deal),
            };
            if raw.is_zero() {
                continue;
            }
            let weight = ratio(weighted, raw);
            let share = match last_share {
                Some((from, to)) if same(from, credit.share) => to,
                _ => {
                    let to = credit.share / Decimal::ONE_HUNDRED;
                    last_share = Some((credit.share, to));
                    to
                }
            };
            let fx_rate = if rules.measure == Measure::NewLogos {
                None
            } else {
                let known = fx_seen
                    .iter()
                    .find(|(from, to, _)| *from == facts.currency && *to == version);
                let rate = match known {
                    Some((_, _, rate)) => *rate,
                    None => {
                        let from = self.currencies.get(usize::from(facts.currency));
                        let rate =
                            from.and_then(|from| self.rates.rate(period, from, &rules.currency));
                        fx_seen.push((facts.currency, version, rate));
                        rate
                    }
                };
                match rate {
                    Some(rate) => Some(rate),
                    None => {
                        warnings.push(format!(
                            "{} is in {} and there is no {}→{} rate for {period}: it is not paid until one is added",
                            deal.name, deal.currency, deal.currency, rules.currency
                        ));
                        continue;
                    }
                }
            };
            let value = weighted * share * fx_rate.unwrap_or(Decimal::ONE);
            valued.push(Valued {
                credit: *credit,
                facts,
                deal,
                version,
                weight,
                fx_rate,
                value,
            });
        }
        if unplanned > 0 {
            warnings.push(format!(
                "{unplanned} deal(s) closed in {period} with no plan assigned on their close date"
            ));
        }
        let credited: Decimal = valued.iter().map(|v| v.value).sum();
        if quota.is_none() && !valued.is_empty() {
            warnings.push(format!(
                "No quota for {period}: every deal is paid at the first tier's rate"
            ));
        }
        let pct_of = |value: Decimal| quota.map(|q| value * Decimal::ONE_HUNDRED / q);
        let final_pct = pct_of(credited);
        let mut plan_ids: Vec<Uuid> = Vec::new();
        let mut currency: Option<String> = None;
        // A version's plan and currency are checked once per run of its
        // credits; the warning still names every credit paid in another currency.
        let mut last: Option<(usize, bool)> = None;
        for v in &valued {
            let other_currency = match last {
                Some((version, other)) if version == v.version => other,
                _ => {
                    let info = &self.versions[v.version];
                    let rules = &info.version.rules;
                    if !plan_ids.contains(&info.plan.id) {
                        plan_ids.push(info.plan.id);
                    }
                    let first = currency.get_or_insert_with(|| rules.currency.clone());
                    let other = *first != rules.currency;
                    last = Some((v.version, other));
                    other
                }
            };
            if other_currency {
                let info = &self.versions[v.version];
                warnings.push(format!(
                    "{} pays in {}, not {}: its lines are in its own currency",
                    info.plan.name,
                    info.version.rules.currency,
                    currency.as_deref().unwrap_or_default()
                ));
            }
        }
        let paying = Paying {
            person,
            deal_cap: ctx.deal_cap,
            quota,
            final_pct,
        };
        let mut lines = Vec::with_capacity(valued.len() + valued.len() / 8 + 4);
        let mut per_deal = PerDeal::default();
        if ctx.deal_cap || valued.len() < self.lines_per_task.saturating_mul(2) {
            let mut texts = ctx.rule_texts.borrow_mut();
            self.credit_lines(
                &paying,
                &valued,
                Decimal::ZERO,
                &mut texts,
                &mut lines,
                &mut per_deal,
            );
        } else {
            // A second-level manager's month: thousands of roll-up lines,
            // cut into runs that start at the running total before them.
            // Without per-deal caps no line reads another run's lines.
            let runs: Vec<&[Valued]> = valued.chunks(self.lines_per_task).collect();
            let mut running = Decimal::ZERO;
            let starts: Vec<Decimal> = runs
                .iter()
                .map(|run| {
                    let start = running;
                    running += run.iter().map(|v| v.value).sum::<Decimal>();
                    start
                })
                .collect();
            let parts: Vec<(Vec<Line>, PerDeal)> = runs
                .par_iter()
                .zip(starts)
                .map(|(run, start)| {
                    let mut lines = Vec::with_capacity(run.len() + run.len() / 8);
                    let mut per_deal = PerDeal::default();
                    let mut texts = RuleTexts::default();
                    self.credit_lines(&paying, run, start, &mut texts, &mut lines, &mut per_deal);
                    (lines, per_deal)
                })
                .collect();
            for (part, paid) in parts {
                lines.extend(part);
                for (deal, amount) in paid {
                    *per_deal.entry(deal).or_default() += amount;
                }
            }
        }

        let period_rules = ctx
            .timeline
            .at(last_day(period))
            .or_else(|| valued.last().map(|v| v.version));
        if let Some(index) = period_rules {
            let info = &self.versions[index];
            let rules = &info.version.rules;
            let currency = currency
                .get_or_insert_with(|| rules.currency.clone())
                .clone();
            if !plan_ids.contains(&info.plan.id) {
                plan_ids.push(info.plan.id);
            }
            if let Some(pct) = final_pct {
                for bonus in &rules.bonuses {
                    if pct >= bonus.at_pct {
                        let mut line = Line::plain(
                            LineKind::Bonus,
                            format!(
                                "Attainment bonus at {}% (reached {}%)",
                                bonus.at_pct,
                                round_pct(pct)
                            )
                            .into(),
                            round_line(bonus.amount, &currency),
                        );
                        line.plan_id = Some(info.plan.id);
                        line.plan_version = Some(info.version.version);
                        lines.push(line);
                    }
                }
            }
        }
        for v in valued.iter().filter(|v| !v.credit.rollup) {
            let info = &self.versions[v.version];
            let rules = &info.version.rules;
            for (spiff, text) in rules.spiffs.iter().zip(&info.spiff_texts) {
                // The window first, from the facts: most deals fall outside it.
                if v.facts.closed_on < spiff.from || v.facts.closed_on > spiff.to {
                    continue;
                }
                if !spiff_applies(spiff, v.deal, |amount| {
                    self.rates
                        .rate(period, &v.deal.currency, &rules.currency)
                        .map(|r| amount * r)
                }) {
                    continue;
                }
                let amount = round_line(
                    spiff.amount_per_deal * v.credit.share / Decimal::ONE_HUNDRED,
                    &rules.currency,
                );
                let mut line = Line::plain(LineKind::Spiff, text.clone(), amount);
                line.deal_id = Some(v.deal.id);
                line.deal_name = Some(v.facts.name.clone());
                line.plan_id = Some(info.plan.id);
                line.plan_version = Some(info.version.version);
                line.credit_share_pct = Some(v.credit.share);
                lines.push(line);
                if v.facts.pay_is_tracked(ctx.deal_cap) {
                    *per_deal.entry(v.deal.id).or_default() += amount;
                }
            }
        }
        if let Some(index) = period_rules {
            let info = &self.versions[index];
            let rules = &info.version.rules;
            if let Some(cap) = rules.cap_per_period {
                let earned: Decimal = lines.iter().map(|l| l.amount).sum();
                if earned > cap {
                    let cut = round_line(cap - earned, &rules.currency);
                    let mut line =
                        Line::plain(LineKind::PeriodCap, info.period_cap_text.clone(), cut);
                    line.plan_id = Some(info.plan.id);
                    line.plan_version = Some(info.version.version);
                    lines.push(line);
                    // A clawback takes back the deal's share of what was paid.
                    let factor = cap / earned;
                    for paid in per_deal.values_mut() {
                        *paid = round_line(*paid * factor, &rules.currency);
                    }
                }
            }
        }
        Core {
            lines,
            currency,
            plan_ids,
            quota,
            credited,
            attainment_pct: final_pct.map(round_pct),
            per_deal,
            warnings,
        }
    }

    /// The lines of `valued` credits (consecutive, the first starting at
    /// `start` of running credited value), and what each deal paid when
    /// something reads it (`per_deal`).
    fn credit_lines(
        &self,
        paying: &Paying,
        valued: &[Valued],
        start: Decimal,
        texts: &mut RuleTexts,
        lines: &mut Vec<Line>,
        per_deal: &mut PerDeal,
    ) {
        let Paying {
            quota, final_pct, ..
        } = *paying;
        // A line's starting attainment is the previous line's end: divide once.
        let mut last_pct: Option<(Decimal, Decimal)> = None;
        let mut shown_pct = |value: Decimal| -> Option<Decimal> {
            let q = quota?;
            if let Some((from, to)) = last_pct {
                if same(from, value) {
                    return Some(to);
                }
            }
            let pct = pct_of(value, q);
            last_pct = Some((value, pct));
            Some(pct)
        };
        // Per version seen: its tier bounds in credited value, and the text
        // of a line below its threshold.
        let mut fixed: Vec<(usize, Bounds, Text)> = Vec::new();
        let mut slices: Vec<Slice> = Vec::new();
        let mut running = start;
        for v in valued {
            let info = &self.versions[v.version];
            let rules = &info.version.rules;
            let below_threshold = match (rules.threshold_pct, final_pct) {
                (Some(threshold), Some(pct)) => pct < threshold,
                (Some(_), None) => false,
                _ => false,
            };
            let position = match fixed.iter().position(|(f, _, _)| *f == v.version) {
                Some(i) => i,
                None => {
                    let at = |pct: Decimal| quota.map(|q| pct * q / Decimal::ONE_HUNDRED);
                    let bounds = rules
                        .rate_table
                        .tiers
                        .iter()
                        .map(|t| (at(t.from_pct).unwrap_or_default(), t.to_pct.and_then(at)))
                        .collect();
                    let below = if rules.threshold_pct.is_some() {
                        format!(
                            "Below the {}% threshold (attainment {}%): nothing paid",
                            rules.threshold_pct.unwrap_or_default(),
                            final_pct.map(round_pct).unwrap_or_default()
                        )
                        .into()
                    } else {
                        Text::default()
                    };
                    fixed.push((v.version, bounds, below));
                    fixed.len() - 1
                }
            };
            let (_, bounds, below_text) = &fixed[position];
            let start = running;
            running += v.value;
            tier_slices(rules, bounds, quota, start, v.value, final_pct, &mut slices);
            let from_name = if v.credit.rollup {
                self.slots
                    .get(v.credit.from as usize)
                    .and_then(|s| s.name)
                    .unwrap_or("someone who has left")
            } else {
                ""
            };
            let from_id = self
                .slots
                .get(v.credit.from as usize)
                .map_or(paying.person, |s| s.id);
            let mut deal_total = Decimal::ZERO;
            for slice in slices.drain(..) {
                let tier = &rules.rate_table.tiers[slice.tier];
                let (amount, text) = if below_threshold {
                    (round_line(Decimal::ZERO, &rules.currency), below_text)
                } else {
                    (
                        round_line(slice.base * tier.rate, &rules.currency),
                        &info.tier_texts[slice.tier],
                    )
                };
                let rule = match (v.credit.rollup, below_threshold) {
                    (false, true) => text.clone(),
                    (true, true) => rollup_text(text, from_name),
                    (rollup, false) => {
                        let from = if rollup { v.credit.from } else { u32::MAX };
                        texts
                            .entry(rule_key(from, v.version, slice.tier))
                            .or_insert_with(|| {
                                if rollup {
                                    rollup_text(text, from_name)
                                } else {
                                    Text::from(&**text)
                                }
                            })
                            .clone()
                    }
                };
                deal_total += amount;
                lines.push(Line {
                    kind: if v.credit.rollup {
                        LineKind::RollUp
                    } else {
                        LineKind::Commission
                    },
                    deal_id: Some(v.facts.id),
                    deal_name: Some(v.facts.name.clone()),
                    plan_id: Some(info.plan.id),
                    plan_version: Some(info.version.version),
                    credited_from: Some(from_id),
                    credit_share_pct: Some(v.credit.share),
                    weight: Some(v.weight),
                    fx_rate: v.fx_rate,
                    base: Some(slice.base),
                    tier: Some(slice.tier as u32 + 1),
                    rate: Some(tier.rate),
                    attainment_from_pct: shown_pct(slice.from),
                    attainment_to_pct: shown_pct(slice.to),
                    rule,
                    amount,
                });
            }
            if rules.cap_per_deal.is_some() {
                let paid_before = per_deal.get(&v.facts.id).copied().unwrap_or_default();
                if let Some((_, cut)) =
                    deal_cap_cut(rules.cap_per_deal, paid_before, deal_total, &rules.currency)
                {
                    let mut line = Line::plain(LineKind::DealCap, info.deal_cap_text.clone(), cut);
                    line.deal_id = Some(v.deal.id);
                    line.deal_name = Some(v.facts.name.clone());
                    line.plan_id = Some(info.plan.id);
                    line.plan_version = Some(info.version.version);
                    lines.push(line);
                    deal_total += cut;
                }
            }
            if v.facts.pay_is_tracked(paying.deal_cap) {
                *per_deal.entry(v.facts.id).or_default() += deal_total;
            }
        }
    }
}

fn version_info<'a>(plan: &'a Plan, version: &'a PlanVersion) -> VersionInfo<'a> {
    let rules = &version.rules;
    let plain = rules.crediting.products.is_empty()
        && rules.product_weights.is_empty()
        && rules.priority_weights.is_empty();
    VersionInfo {
        valuing: match rules.measure {
            Measure::Bookings if plain => Valuing::Plain,
            Measure::Bookings
                if rules.crediting.products.is_empty() && rules.product_weights.is_empty() =>
            {
                let weight = |p| {
                    rules
                        .priority_weights
                        .get(&p)
                        .copied()
                        .unwrap_or(Decimal::ONE)
                };
                Valuing::Priority([
                    weight(ProductPriority::Strategic),
                    weight(ProductPriority::Standard),
                    weight(ProductPriority::LossLeader),
                ])
            }
            Measure::NewLogos if rules.crediting.products.is_empty() => Valuing::Logo,
            _ => Valuing::Lines,
        },
        plan,
        version,
        tier_texts: rules
            .rate_table
            .tiers
            .iter()
            .enumerate()
            .map(|(i, tier)| describe_tier(i, tier, rules.rate_table.method, rules.measure).into())
            .collect(),
        deal_cap_text: rules
            .cap_per_deal
            .map(|cap| format!("Cap of {cap} {} per deal", rules.currency).into())
            .unwrap_or_default(),
        period_cap_text: rules
            .cap_per_period
            .map(|cap| format!("Cap of {cap} {} per period", rules.currency).into())
            .unwrap_or_default(),
        spiff_texts: rules
            .spiffs
            .iter()
            .map(|spiff| {
                format!(
                    "SPIFF “{}” ({} to {}): {} {} per deal",
                    spiff.name, spiff.from, spiff.to, spiff.amount_per_deal, rules.currency
                )
                .into()
            })
            .collect(),
    }
}

/// How a version values a deal: as `weighted_value` would, some without
/// reading the deal's lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Valuing {
    /// No weights or product filter: the deal's plain value.
    Plain,
    /// New logos, any product: one.
    Logo,
    /// Bookings weighted by product priority alone (strategic, standard,
    /// loss leader), from the deal's sums per priority.
    Priority([Decimal; 3]),
    Lines,
}

/// `counts` for a plan with no territory filter.
fn counts_type(rules: &PlanRules, deal_type: DealType) -> bool {
    let crediting = &rules.crediting;
    if !crediting.deal_types.is_empty() && !crediting.deal_types.contains(&deal_type) {
        return false;
    }
    !(rules.measure == Measure::NewLogos && deal_type != DealType::NewBusiness)
}

/// Whether a deal passes the plan's deal-type and territory filters.
fn counts(rules: &PlanRules, deal: &Deal) -> bool {
    let crediting = &rules.crediting;
    if !crediting.deal_types.is_empty() && !crediting.deal_types.contains(&deal.deal_type) {
        return false;
    }
    if !crediting.territories.is_empty()
        && !deal
            .territory_id
            .is_some_and(|t| crediting.territories.contains(&t))
    {
        return false;
    }
    if rules.measure == Measure::NewLogos && deal.deal_type != DealType::NewBusiness {
        return false;
    }
    true
}

/// (raw, weighted) value of a deal in its own currency (logos for new-logo
/// plans), counting only the plan's products when it names some: a deal
/// selling none of them is worth nothing, not even a logo.
fn weighted_value(rules: &PlanRules, deal: &Deal) -> (Decimal, Decimal) {
    let products = &rules.crediting.products;
    if rules.measure == Measure::NewLogos {
        let sells_one =
            products.is_empty() || deal.lines.iter().any(|l| products.contains(&l.product_id));
        let logo = if sells_one {
            Decimal::ONE
        } else {
            Decimal::ZERO
        };
        return (logo, logo);
    }
    let (raw, weighted) = if deal.lines.is_empty() {
        if products.is_empty() {
            (deal.amount, deal.amount)
        } else {
            (Decimal::ZERO, Decimal::ZERO)
        }
    } else {
        deal.lines
            .iter()
            .filter(|l| products.is_empty() || products.contains(&l.product_id))
            .fold((Decimal::ZERO, Decimal::ZERO), |(raw, weighted), line| {
                let weight = rules
                    .product_weights
                    .get(&line.product_id)
                    .or_else(|| rules.priority_weights.get(&line.priority))
                    .copied()
                    .unwrap_or(Decimal::ONE);
                (raw + line.amount, weighted + line.amount * weight)
            })
    };
    match rules.measure {
        Measure::Arr => {
            let term = Decimal::from(deal.term_months.filter(|m| *m > 0).unwrap_or(12));
            let twelve = Decimal::from(12);
            (raw * twelve / term, weighted * twelve / term)
        }
        _ => (raw, weighted),
    }
}

/// The cap and the (negative) cut a per-deal cap makes to one credit's
/// commission, if it bites. The cap is per deal, not per credit: what the
/// deal already paid the person through other credits on it (a manager's
/// roll-ups from each rep on a split deal) counts against it.
fn deal_cap_cut(
    cap: Option<Decimal>,
    paid_before: Decimal,
    commission: Decimal,
    currency: &str,
) -> Option<(Decimal, Decimal)> {
    let cap = cap?;
    let room = (cap - paid_before).max(Decimal::ZERO);
    (commission > room).then(|| (cap, round_line(room - commission, currency)))
}

/// A roll-up line's rule: the tier's, and whose credit it is.
fn rollup_text(tier_text: &str, from_name: &str) -> Text {
    const ROLLUP: &str = "; roll-up from ";
    let mut rule = String::with_capacity(tier_text.len() + ROLLUP.len() + from_name.len());
    rule.push_str(tier_text);
    rule.push_str(ROLLUP);
    rule.push_str(from_name);
    rule.into()
}

/// One key for (whose roll-up credit, or `u32::MAX` for one's own; plan
/// version; tier).
fn rule_key(from: u32, version: usize, tier: usize) -> u64 {
    (u64::from(from) << 32) | ((version as u64 & 0xffff) << 16) | (tier as u64 & 0xffff)
}

/// A slice of one credit's value paid at one tier.
struct Slice {
    tier: usize,
    base: Decimal,
    /// Running credited value before and after the slice.
    from: Decimal,
    to: Decimal,
}

/// Cuts the value credited from `start` to `start + value` into tier
/// slices, into `out`. `bounds` are the tiers' edges in credited value.
fn tier_slices(
    rules: &PlanRules,
    bounds: &[(Decimal, Option<Decimal>)],
    quota: Option<Decimal>,
    start: Decimal,
    value: Decimal,
    final_pct: Option<Decimal>,
    out: &mut Vec<Slice>,
) {
    let tiers = &rules.rate_table.tiers;
    let end = start + value;
    let whole = |tier: usize| Slice {
        tier,
        base: value,
        from: start,
        to: end,
    };
    if quota.is_none() || tiers.is_empty() {
        out.push(whole(0));
        return;
    }
    match rules.rate_table.method {
        TierMethod::Retroactive => {
            let pct = final_pct.unwrap_or_default();
            let tier = tiers.iter().rposition(|t| t.from_pct <= pct).unwrap_or(0);
            out.push(whole(tier));
        }
        TierMethod::Marginal => {
            let before = out.len();
            for (index, &(lower_at, upper_at)) in bounds.iter().enumerate() {
                let lower = lower_at.max(start);
                let upper = upper_at.map_or(end, |u| u.min(end));
                if upper > lower {
                    out.push(Slice {
                        tier: index,
                        base: upper - lower,
                        from: lower,
                        to: upper,
                    });
                }
            }
            if out.len() == before {
                out.push(whole(0));
            }
        }
    }
}

fn describe_tier(
    index: usize,
    tier: &crate::plan::Tier,
    method: TierMethod,
    measure: Measure,
) -> String {
    let range = match tier.to_pct {
        Some(to) => format!("{}–{}%", tier.from_pct.normalize(), to.normalize()),
        None => format!("{}% and above", tier.from_pct.normalize()),
    };
    let rate = match measure {
        Measure::NewLogos => format!("{} per logo", tier.rate.normalize()),
        _ => format!("{}%", (tier.rate * Decimal::ONE_HUNDRED).normalize()),
    };
    let method = match method {
        TierMethod::Marginal => "marginal",
        TierMethod::Retroactive => "retroactive: the whole period at the tier reached",
    };
    format!("Tier {} ({range}) at {rate}, {method}", index + 1)
}

fn spiff_applies(
    spiff: &crate::plan::Spiff,
    deal: &Deal,
    convert: impl Fn(Decimal) -> Option<Decimal>,
) -> bool {
    if deal.closed_on < spiff.from || deal.closed_on > spiff.to {
        return false;
    }
    if !spiff.deal_types.is_empty() && !spiff.deal_types.contains(&deal.deal_type) {
        return false;
    }
    if !spiff.products.is_empty()
        && !deal
            .lines
            .iter()
            .any(|l| spiff.products.contains(&l.product_id))
    {
        return false;
    }
    match spiff.min_amount {
        Some(min) => convert(deal.amount).is_some_and(|amount| amount >= min),
        None => true,
    }
}

/// Each person's managers, nearest first, in the order of `people`; a loop
/// in the data stops the walk.
fn ancestor_chains(people: &BTreeMap<Uuid, &Person>) -> Vec<Vec<Uuid>> {
    people
        .keys()
        .map(|id| {
            let mut chain = Vec::new();
            let mut current = people.get(id).and_then(|p| p.manager_id);
            while let Some(manager) = current {
                if manager == *id || chain.contains(&manager) {
                    break;
                }
                chain.push(manager);
                current = people.get(&manager).and_then(|p| p.manager_id);
            }
            chain
        })
        .collect()
}

fn last_day(period: Period) -> NaiveDate {
    period.end_exclusive().pred_opt().unwrap_or(period.start)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ratio_of_equal_values_is_the_division() {
        for (units, scale) in [
            (1i64, 0u32),
            (123_456, 2),
            (-98_765, 3),
            (4_294_967_295, 2),
            (7, 28),
            (100, 2),
            (5, 1),
        ] {
            let x = Decimal::new(units, scale);
            assert_eq!(ratio(x, x).serialize(), (x / x).serialize(), "{x}");
        }
        let big = Decimal::new(9_999_999_999_999, 2);
        assert_eq!(ratio(big, big).serialize(), (big / big).serialize());
    }
}
