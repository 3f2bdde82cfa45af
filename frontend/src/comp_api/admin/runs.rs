//! Background runs (recalculations and scenarios) and the plans they name,
//! as the payouts page shows them (server only).

use super::convert::string_of;
use super::*;
use crate::problem::Problem;
use attain_api::{auth::Principal, AppState};
use serde_json::Value;
use std::collections::HashMap;
use uuid::Uuid;

fn count(value: &Value) -> usize {
    value.as_u64().unwrap_or(0) as usize
}

pub fn scenario(result: &Value) -> Option<ScenarioResult> {
    let text = |v: &Value| string_of(Some(v));
    let optional = |v: &Value| match v {
        Value::Null => None,
        other => Some(text(other)),
    };
    Some(ScenarioResult {
        period: text(&result["period"]),
        people: count(&result["people"]),
        current_total: text(&result["current_total"]),
        scenario_total: text(&result["scenario_total"]),
        delta: text(&result["delta"]),
        better_off: count(&result["counts"]["better_off"]),
        worse_off: count(&result["counts"]["worse_off"]),
        unchanged: count(&result["counts"]["unchanged"]),
        bands: result["distribution"]
            .as_array()?
            .iter()
            .map(|b| BandItem {
                from: text(&b["from"]),
                to: text(&b["to"]),
                current: count(&b["current"]),
                scenario: count(&b["scenario"]),
            })
            .collect(),
        rows: result["rows"]
            .as_array()?
            .iter()
            .map(|r| ScenarioPerson {
                name: text(&r["name"]),
                current: text(&r["current"]),
                scenario: text(&r["scenario"]),
                delta: text(&r["delta"]),
                attainment_pct: optional(&r["attainment_pct"]),
            })
            .collect(),
        elapsed_ms: result["elapsed_ms"].as_u64().unwrap_or(0),
    })
}

/// Plan names and each version's currency, by plan id.
pub struct PlanFacts {
    pub names: HashMap<Uuid, String>,
    pub currencies: HashMap<(Uuid, i32), String>,
}

pub fn run_item(run: attain_db::tenant::comp_statements::RunRow, facts: &PlanFacts) -> RunItem {
    use attain_domain::period::{Period, PeriodKind};
    let period = run
        .period_kind
        .parse::<PeriodKind>()
        .ok()
        .and_then(|kind| Period::starting(kind, run.period_start).ok())
        .map(|p| p.to_string())
        .unwrap_or_else(|| run.period_start.to_string());
    let currency = run
        .plan_id
        .zip(run.plan_version)
        .and_then(|key| facts.currencies.get(&key).cloned())
        .unwrap_or_else(|| "USD".into());
    let scenario = match (run.kind.as_str(), &run.result) {
        ("scenario", Some(result)) => scenario(result),
        _ => None,
    };
    RunItem {
        id: run.id.to_string(),
        kind: run.kind,
        status: run.status,
        done: run.done,
        total: run.total,
        period,
        plan_name: run.plan_id.and_then(|id| facts.names.get(&id).cloned()),
        version: run.plan_version,
        currency,
        created: run.created_at.format("%Y-%m-%d %H:%M").to_string(),
        error: run.error,
        scenario,
    }
}

/// Every plan with its versions' rules (a company has a handful).
pub async fn plan_views(
    state: &AppState,
    principal: &Principal,
) -> Result<Vec<attain_api::routes::comp::PlanView>, Problem> {
    use attain_api::routes::comp::{plans_get, plans_list};
    let list = plans_list::run(state, principal).await?;
    let mut views = Vec::with_capacity(list.items.len());
    for plan in list.items {
        views.push(plans_get::run(state, principal, plan.plan.id).await?);
    }
    Ok(views)
}

pub fn plan_facts(views: &[attain_api::routes::comp::PlanView]) -> PlanFacts {
    let mut facts = PlanFacts {
        names: HashMap::new(),
        currencies: HashMap::new(),
    };
    for view in views {
        facts.names.insert(view.plan.id, view.plan.name.clone());
        for v in &view.versions {
            let currency = v.rules["currency"].as_str().unwrap_or("USD").to_owned();
            facts.currencies.insert((view.plan.id, v.version), currency);
        }
    }
    facts
}
