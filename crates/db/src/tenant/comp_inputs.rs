//! Loads what the compensation engine needs from a tenant schema: people,
//! published plan versions, assignments, quotas, rates, adjustments and won
//! deals with their splits, lines and territories.

use crate::{
    schema::tenant::{
        accounts, comp_adjustments, comp_assignments, comp_plan_versions, comp_plans, comp_quotas,
        comp_settings, deal_lines, deal_splits, deals, fx_rates, people, products,
    },
    DbError, TenantConn,
};
use attain_comp::{
    Adjustment, Assignment, AssignmentTarget, Deal, DealLine, FxRate, Inputs, Person, Plan,
    PlanRules, PlanVersion, Quota, Split,
};
use attain_domain::{
    deal::DealType,
    org::ProductPriority,
    period::{Period, PeriodKind},
};
use chrono::NaiveDate;
use diesel::prelude::*;
use rust_decimal::Decimal;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use uuid::Uuid;

/// Which deals to load.
#[derive(Debug, Clone)]
pub enum DealScope {
    Everyone,
    /// Deals owned by or split with these people.
    People(Vec<Uuid>),
}

pub fn period_kind(t: &mut TenantConn<'_>) -> Result<PeriodKind, DbError> {
    let raw: Option<String> = comp_settings::table
        .select(comp_settings::period_kind)
        .first(t.conn())
        .optional()?;
    Ok(match raw.as_deref() {
        Some("quarter") => PeriodKind::Quarter,
        _ => PeriodKind::Month,
    })
}

pub fn people(t: &mut TenantConn<'_>) -> Result<Vec<Person>, DbError> {
    let rows: Vec<(Uuid, String, Option<Uuid>, String)> = people::table
        .select((
            people::id,
            people::name,
            people::manager_id,
            people::sales_role,
        ))
        .order(people::id)
        .load(t.conn())?;
    Ok(rows
        .into_iter()
        .map(|(id, name, manager_id, role)| Person {
            id,
            name,
            manager_id,
            role,
        })
        .collect())
}

/// Every plan with its published versions (drafts are not in force).
pub fn published_plans(t: &mut TenantConn<'_>) -> Result<Vec<Plan>, DbError> {
    plans_with(t, None)
}

/// Plans as they would be with `draft` (plan id, version) published too.
pub fn plans_with(
    t: &mut TenantConn<'_>,
    draft: Option<(Uuid, i32)>,
) -> Result<Vec<Plan>, DbError> {
    let plans: Vec<(Uuid, String)> = comp_plans::table
        .select((comp_plans::id, comp_plans::name))
        .order(comp_plans::id)
        .load(t.conn())?;
    let versions: Vec<(Uuid, i32, String, NaiveDate, serde_json::Value)> =
        comp_plan_versions::table
            .select((
                comp_plan_versions::plan_id,
                comp_plan_versions::version,
                comp_plan_versions::status,
                comp_plan_versions::effective_from,
                comp_plan_versions::rules,
            ))
            .order((comp_plan_versions::plan_id, comp_plan_versions::version))
            .load(t.conn())?;
    let mut by_plan: HashMap<Uuid, Vec<PlanVersion>> = HashMap::new();
    for (plan_id, version, status, effective_from, rules) in versions {
        let in_scenario = draft == Some((plan_id, version));
        if status != "published" && !in_scenario {
            continue;
        }
        let rules: PlanRules = serde_json::from_value(rules)
            .map_err(|e| DbError::Corrupt(format!("plan {plan_id} v{version}: {e}")))?;
        by_plan.entry(plan_id).or_default().push(PlanVersion {
            version,
            effective_from,
            rules,
        });
    }
    Ok(plans
        .into_iter()
        .map(|(id, name)| {
            let mut versions = by_plan.remove(&id).unwrap_or_default();
            if let Some((draft_plan, draft_version)) = draft {
                // The scenario's draft replaces whatever would be in force from its date.
                if draft_plan == id {
                    if let Some(from) = versions
                        .iter()
                        .find(|v| v.version == draft_version)
                        .map(|v| v.effective_from)
                    {
                        versions.retain(|v| v.version == draft_version || v.effective_from < from);
                    }
                }
            }
            versions.sort_by_key(|v| (v.effective_from, v.version));
            Plan { id, name, versions }
        })
        .collect())
}

pub fn assignments(t: &mut TenantConn<'_>) -> Result<Vec<Assignment>, DbError> {
    type Row = (
        Uuid,
        Uuid,
        Option<Uuid>,
        Option<String>,
        NaiveDate,
        Option<NaiveDate>,
    );
    let rows: Vec<Row> = comp_assignments::table
        .select((
            comp_assignments::id,
            comp_assignments::plan_id,
            comp_assignments::person_id,
            comp_assignments::role,
            comp_assignments::starts_on,
            comp_assignments::ends_on,
        ))
        .order(comp_assignments::id)
        .load(t.conn())?;
    rows.into_iter()
        .map(|(id, plan_id, person, role, from, to)| {
            let target = match (person, role) {
                (Some(person), _) => AssignmentTarget::Person(person),
                (None, Some(role)) => AssignmentTarget::Role(role),
                (None, None) => {
                    return Err(DbError::Corrupt(format!("assignment {id} has no target")))
                }
            };
            Ok(Assignment {
                id,
                plan_id,
                target,
                from,
                to,
            })
        })
        .collect()
}

/// Exchange rates of `kind` periods starting in `[from, to)`.
pub fn exchange_rates(
    t: &mut TenantConn<'_>,
    kind: PeriodKind,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<FxRate>, DbError> {
    let period =
        |start: NaiveDate| Period::starting(kind, start).map_err(|e| DbError::Corrupt(e.message));
    let rate_rows: Vec<(NaiveDate, String, String, Decimal)> = fx_rates::table
        .filter(fx_rates::period_kind.eq(kind.as_str()))
        .filter(
            fx_rates::period_start
                .ge(from)
                .and(fx_rates::period_start.lt(to)),
        )
        .select((
            fx_rates::period_start,
            fx_rates::from_currency,
            fx_rates::to_currency,
            fx_rates::rate,
        ))
        .load(t.conn())?;
    rate_rows
        .into_iter()
        .map(|(start, from, to, rate)| {
            Ok(FxRate {
                period: period(start)?,
                from,
                to,
                rate,
            })
        })
        .collect()
}

/// Quotas, rates and adjustments.
type PeriodRows = (Vec<Quota>, Vec<FxRate>, Vec<Adjustment>);

/// Quotas, rates and adjustments of periods starting in `[from, to)`.
fn period_rows(
    t: &mut TenantConn<'_>,
    kind: PeriodKind,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<PeriodRows, DbError> {
    let period =
        |start: NaiveDate| Period::starting(kind, start).map_err(|e| DbError::Corrupt(e.message));
    let quota_rows: Vec<(Uuid, NaiveDate, Decimal)> = comp_quotas::table
        .filter(comp_quotas::period_kind.eq(kind.as_str()))
        .filter(
            comp_quotas::period_start
                .ge(from)
                .and(comp_quotas::period_start.lt(to)),
        )
        .select((
            comp_quotas::person_id,
            comp_quotas::period_start,
            comp_quotas::amount,
        ))
        .load(t.conn())?;
    let quotas = quota_rows
        .into_iter()
        .map(|(person_id, start, amount)| {
            Ok(Quota {
                person_id,
                period: period(start)?,
                amount,
            })
        })
        .collect::<Result<_, DbError>>()?;
    let rates = exchange_rates(t, kind, from, to)?;
    let adjustment_rows: Vec<(Uuid, Uuid, NaiveDate, Decimal, String)> = comp_adjustments::table
        .filter(comp_adjustments::period_kind.eq(kind.as_str()))
        .filter(
            comp_adjustments::period_start
                .ge(from)
                .and(comp_adjustments::period_start.lt(to)),
        )
        .select((
            comp_adjustments::id,
            comp_adjustments::person_id,
            comp_adjustments::period_start,
            comp_adjustments::amount,
            comp_adjustments::reason,
        ))
        .load(t.conn())?;
    let adjustments = adjustment_rows
        .into_iter()
        .map(|(id, person_id, start, amount, reason)| {
            Ok(Adjustment {
                id,
                person_id,
                period: period(start)?,
                amount,
                reason,
            })
        })
        .collect::<Result<_, DbError>>()?;
    Ok((quotas, rates, adjustments))
}

/// Won deals closed (or reversed) in `[from, to)`.
pub fn won_deals(
    t: &mut TenantConn<'_>,
    scope: &DealScope,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<Deal>, DbError> {
    let closed_on = diesel::dsl::sql::<diesel::sql_types::Date>(
        "coalesce(deals.closed_date, deals.updated_at::date)",
    );
    let mut query = deals::table
        .left_join(accounts::table)
        .filter(deals::status.eq("won"))
        .filter(
            closed_on
                .clone()
                .ge(from)
                .and(closed_on.clone().lt(to))
                .or(deals::reversed_on.ge(from).and(deals::reversed_on.lt(to))),
        )
        .select((
            deals::id,
            deals::name,
            closed_on,
            deals::currency,
            deals::amount,
            deals::deal_type,
            accounts::territory_id.nullable(),
            deals::term_months,
            deals::owner_id,
            deals::reversed_on,
        ))
        .into_boxed();
    if let DealScope::People(ids) = scope {
        let split_deals = deal_splits::table
            .filter(deal_splits::person_id.eq_any(ids.clone()))
            .select(deal_splits::deal_id);
        query = query.filter(
            deals::owner_id
                .eq_any(ids.clone())
                .or(deals::id.eq_any(split_deals)),
        );
    }
    type Row = (
        Uuid,
        String,
        NaiveDate,
        String,
        Decimal,
        String,
        Option<Uuid>,
        Option<i32>,
        Uuid,
        Option<NaiveDate>,
    );
    let rows: Vec<Row> = query.load(t.conn())?;
    let ids: Vec<Uuid> = rows.iter().map(|r| r.0).collect();
    let mut splits: HashMap<Uuid, Vec<Split>> = HashMap::new();
    let mut lines: HashMap<Uuid, Vec<DealLine>> = HashMap::new();
    for chunk in ids.chunks(10_000) {
        let split_rows: Vec<(Uuid, Uuid, Decimal)> = deal_splits::table
            .filter(deal_splits::deal_id.eq_any(chunk))
            .select((
                deal_splits::deal_id,
                deal_splits::person_id,
                deal_splits::share,
            ))
            .order((deal_splits::deal_id, deal_splits::person_id))
            .load(t.conn())?;
        for (deal_id, person_id, share_pct) in split_rows {
            splits.entry(deal_id).or_default().push(Split {
                person_id,
                share_pct,
            });
        }
        let line_rows: Vec<(Uuid, Uuid, String, String, Decimal, Decimal)> = deal_lines::table
            .inner_join(products::table)
            .filter(deal_lines::deal_id.eq_any(chunk))
            .select((
                deal_lines::deal_id,
                deal_lines::product_id,
                products::name,
                products::priority,
                deal_lines::quantity,
                deal_lines::unit_price,
            ))
            .order((deal_lines::deal_id, deal_lines::position))
            .load(t.conn())?;
        for (deal_id, product_id, product_name, priority, quantity, unit_price) in line_rows {
            let priority: ProductPriority = priority
                .parse()
                .map_err(|e: attain_domain::FieldError| DbError::Corrupt(e.message))?;
            lines.entry(deal_id).or_default().push(DealLine {
                product_id,
                product_name,
                priority,
                amount: quantity * unit_price,
            });
        }
    }
    rows.into_iter()
        .map(
            |(
                id,
                name,
                closed_on,
                currency,
                amount,
                deal_type,
                territory,
                term,
                owner_id,
                reversed_on,
            )| {
                let deal_type: DealType = deal_type
                    .parse()
                    .map_err(|e: attain_domain::FieldError| DbError::Corrupt(e.message))?;
                Ok(Deal {
                    id,
                    name,
                    closed_on,
                    currency: currency.trim().to_owned(),
                    amount,
                    deal_type,
                    territory_id: territory,
                    term_months: term.and_then(|m| u32::try_from(m).ok()),
                    lines: lines.remove(&id).unwrap_or_default(),
                    splits: splits.remove(&id).unwrap_or_default(),
                    owner_id,
                    reversed_on,
                })
            },
        )
        .collect()
}

/// The people below `roots` in the reporting lines, and the roots.
pub fn with_reports(people: &[Person], roots: &BTreeSet<Uuid>) -> BTreeSet<Uuid> {
    let mut children: BTreeMap<Uuid, Vec<Uuid>> = BTreeMap::new();
    for p in people {
        if let Some(m) = p.manager_id {
            children.entry(m).or_default().push(p.id);
        }
    }
    let mut out = roots.clone();
    let mut stack: Vec<Uuid> = roots.iter().copied().collect();
    while let Some(id) = stack.pop() {
        for child in children.get(&id).into_iter().flatten() {
            if out.insert(*child) {
                stack.push(*child);
            }
        }
    }
    out
}

/// Everything the engine needs for statements in `[from, to)`: deals closed
/// in it (and a clawback window before it), for `scope`.
pub fn load(
    t: &mut TenantConn<'_>,
    scope: &DealScope,
    from: NaiveDate,
    to: NaiveDate,
    draft: Option<(Uuid, i32)>,
) -> Result<Inputs, DbError> {
    let mut inputs = load_rules(t, from, to, draft)?;
    // A deal reversed in range takes back what it paid in the period it
    // closed in, which needs that whole period's deals.
    let window = inputs
        .plans
        .iter()
        .flat_map(|p| &p.versions)
        .filter_map(|v| v.rules.clawback_days)
        .max()
        .unwrap_or(0);
    let earliest = Period::containing(
        inputs.period_kind,
        from - chrono::Days::new(u64::from(window)),
    )
    .start;
    inputs.deals = won_deals(t, scope, earliest.min(from), to)?;
    Ok(inputs)
}

/// Everything but the deals: people, plans, assignments, and the quotas,
/// rates and adjustments of the periods from `from` to `to`.
pub fn load_rules(
    t: &mut TenantConn<'_>,
    from: NaiveDate,
    to: NaiveDate,
    draft: Option<(Uuid, i32)>,
) -> Result<Inputs, DbError> {
    let kind = period_kind(t)?;
    let people = people(t)?;
    let plans = plans_with(t, draft)?;
    let assignments = assignments(t)?;
    let (quotas, rates, adjustments) = period_rows(t, kind, from - chrono::Days::new(400), to)?;
    Ok(Inputs {
        period_kind: kind,
        people,
        plans,
        assignments,
        quotas,
        rates,
        adjustments,
        deals: Vec::new(),
    })
}
