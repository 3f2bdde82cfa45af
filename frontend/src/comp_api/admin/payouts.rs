//! Server functions of the payouts page: totals by status, runs with
//! progress (recalculations and scenarios), quotas and exchange rates.

#[cfg(feature = "ssr")]
use super::convert;
use super::*;
use crate::problem::Problem;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

/// Totals of `period` by status, its statements, runs (the one `run`
/// names open), plan versions for scenarios, quotas and exchange rates.
#[server(prefix = "/fn", input = GetUrl)]
pub async fn load_payouts(period: String, run: String) -> Result<PayoutsPage, Problem> {
    use attain_api::routes::{comp, comp_runs, statements};
    use attain_domain::Capability;
    let (state, principal) = crate::server::caller(None).await?;
    principal.require(Capability::ManageCompensation)?;
    let kind = comp::settings_get::run(&state, &principal)
        .await?
        .period_kind;
    let current = convert::current_period(&kind);
    let list = statements::list::run(
        &state,
        &principal,
        statements::list::ListQuery {
            period: convert::text(&period),
            status: None,
        },
    )
    .await?;
    let period = list.period.clone();
    let mut by_status = Vec::new();
    for (status, _) in STATUSES {
        let items: Vec<_> = list.items.iter().filter(|i| i.status == status).collect();
        let of_status = statements::list::run(
            &state,
            &principal,
            statements::list::ListQuery {
                period: Some(period.clone()),
                status: Some(status.to_owned()),
            },
        )
        .await?;
        by_status.push(StatusTotal {
            status: status.to_owned(),
            count: items.len(),
            totals: convert::totals(of_status.totals),
        });
    }
    let mut periods = convert::period_choices(&current, 11, 1);
    if !periods.iter().any(|(k, _)| *k == period) {
        periods.push((
            period.clone(),
            crate::perf_api::model::period_label(&period),
        ));
    }
    let past_periods = convert::period_choices(&current, 11, 0);
    let views = convert::plan_views(&state, &principal).await?;
    let facts = convert::plan_facts(&views);
    let mut versions: Vec<ChoiceGroup> = Vec::new();
    let mut default_version = String::new();
    for view in &views {
        let mut choices: Vec<Choice> = view
            .versions
            .iter()
            .rev()
            .map(|v| {
                let label = format!(
                    "{} · v{} · {} from {}",
                    view.plan.name,
                    v.version,
                    if v.status == "draft" {
                        "draft"
                    } else {
                        "published"
                    },
                    v.effective_from
                );
                (format!("{}:{}", view.plan.id, v.version), label)
            })
            .collect();
        if default_version.is_empty() {
            if let Some(draft) = view.versions.iter().rev().find(|v| v.status == "draft") {
                default_version = format!("{}:{}", view.plan.id, draft.version);
            }
        }
        choices.sort_by_key(|(value, label)| (!label.contains("draft"), value.clone()));
        versions.push((view.plan.name.clone(), choices));
    }
    if default_version.is_empty() {
        default_version = versions
            .first()
            .and_then(|(_, c)| c.first())
            .map(|(v, _)| v.clone())
            .unwrap_or_default();
    }
    let runs: Vec<RunItem> = comp_runs::list::run(
        &state,
        &principal,
        comp_runs::list::RunQuery {
            kind: Some("scenario".into()),
        },
    )
    .await?
    .into_iter()
    .map(|r| convert::run_item(r, &facts))
    .collect();
    let open_run = match convert::text(&run) {
        Some(raw) => {
            let id = convert::uuid(&raw, "run")?;
            Some(convert::run_item(
                comp_runs::get::run(&state, &principal, id).await?,
                &facts,
            ))
        }
        None => None,
    };
    let recalculation = comp_runs::list::run(
        &state,
        &principal,
        comp_runs::list::RunQuery {
            kind: Some("recalculation".into()),
        },
    )
    .await?
    .into_iter()
    .next()
    .map(|r| convert::run_item(r, &facts));
    let people = convert::everyone(&state, &principal).await?;
    let quotas = comp::quotas_get::run(
        &state,
        &principal,
        comp::quotas_get::QuotaQuery {
            period: Some(period.clone()),
        },
    )
    .await?;
    let amounts: std::collections::HashMap<uuid::Uuid, String> = quotas
        .items
        .into_iter()
        .map(|q| (q.person_id, q.amount.to_string()))
        .collect();
    let mut active: Vec<&attain_db::tenant::people::Person> = people
        .iter()
        .filter(|p| p.active || amounts.contains_key(&p.id))
        .collect();
    active.sort_by_key(|p| p.name.to_lowercase());
    let quotas = active
        .into_iter()
        .map(|p| QuotaItem {
            person_id: p.id.to_string(),
            name: p.name.clone(),
            role: crate::sales_model::sales_role_label(&p.sales_role).to_owned(),
            amount: amounts.get(&p.id).cloned().unwrap_or_default(),
        })
        .collect();
    let rates = comp::rates_get::run(&state, &principal)
        .await?
        .items
        .into_iter()
        .map(|r| RateItem {
            period: r.period,
            from: r.from,
            to: r.to,
            rate: crate::perf_api::model::trim_decimal(&r.rate.to_string()),
        })
        .collect();
    Ok(PayoutsPage {
        period,
        period_kind: kind,
        periods,
        past_periods,
        by_status,
        totals: convert::totals(list.totals),
        items: list
            .items
            .into_iter()
            .map(convert::statement_item)
            .collect(),
        versions,
        default_version,
        runs,
        open_run,
        recalculation,
        quotas,
        rates,
    })
}

/// A run's status and progress (and, once done, a scenario's result).
#[server(prefix = "/fn", input = GetUrl)]
pub async fn payouts_run(id: String) -> Result<RunItem, Problem> {
    let (state, principal) = crate::server::caller(None).await?;
    let id = convert::uuid(&id, "run")?;
    let run = attain_api::routes::comp_runs::get::run(&state, &principal, id).await?;
    let views = match run.plan_id {
        Some(plan) => {
            vec![attain_api::routes::comp::plans_get::run(&state, &principal, plan).await?]
        }
        None => Vec::new(),
    };
    Ok(convert::run_item(run, &convert::plan_facts(&views)))
}

/// Recomputes every statement from `from` (a period) to now, in the background.
#[server(prefix = "/fn")]
pub async fn start_recalculation(csrf: String, from: String) -> Result<RunItem, Problem> {
    form_call!(StartRecalculation, {
        use attain_api::routes::comp_runs::recalculate::{run, RecalculationInput};
        let (state, principal) = crate::server::caller(Some(&csrf)).await?;
        let row = run(
            &state,
            &principal,
            RecalculationInput {
                from: convert::text(&from),
            },
        )
        .await?;
        Ok(convert::run_item(row, &convert::plan_facts(&[])))
    })
}

/// Replays `plan_version` (`<plan id>:<version>`) over `period`'s deals.
#[server(prefix = "/fn")]
pub async fn start_scenario(
    csrf: String,
    plan_version: String,
    period: String,
) -> Result<RunItem, Problem> {
    form_call!(StartScenario, {
        use attain_api::routes::comp_runs::scenario::{run, ScenarioInput};
        let (state, principal) = crate::server::caller(Some(&csrf)).await?;
        let (plan, version) = plan_version
            .trim()
            .split_once(':')
            .and_then(|(p, v)| Some((p.parse::<uuid::Uuid>().ok()?, v.parse::<i32>().ok()?)))
            .ok_or_else(|| convert::at("version", "Choose a plan version to model."))?;
        let row = run(
            &state,
            &principal,
            ScenarioInput {
                plan_id: plan,
                version,
                period,
            },
        )
        .await?;
        let view = attain_api::routes::comp::plans_get::run(&state, &principal, plan).await?;
        Ok(convert::run_item(row, &convert::plan_facts(&[view])))
    })
}

/// Sets the typed quotas of `period`; an empty amount leaves a quota as it
/// is. Answers how many were set.
#[server(prefix = "/fn")]
pub async fn save_period_quotas(
    csrf: String,
    period: String,
    #[server(default)] quotas: Vec<QuotaArg>,
) -> Result<usize, Problem> {
    form_call!(SavePeriodQuotas, {
        use attain_api::routes::comp::quotas_put::{run, PutQuotas, QuotaInput};
        let (state, principal) = crate::server::caller(Some(&csrf)).await?;
        let mut sent = Vec::new();
        let mut positions = Vec::new();
        for (i, q) in quotas.iter().enumerate() {
            if q.amount.trim().is_empty() {
                continue;
            }
            let amount = decimal_text(&q.amount).ok_or_else(|| {
                convert::at(
                    format!("quotas[{i}].amount"),
                    "Enter an amount such as 100000.",
                )
            })?;
            let person_id = q
                .person_id
                .parse()
                .map_err(|_| convert::at(format!("quotas[{i}].amount"), "Unknown person."))?;
            sent.push(QuotaInput {
                person_id,
                amount: serde_json::Value::String(amount),
            });
            positions.push(i);
        }
        let count = sent.len();
        match run(
            &state,
            &principal,
            PutQuotas {
                period,
                quotas: sent,
            },
        )
        .await
        {
            Ok(_) => Ok(count),
            Err(mut e) => {
                // `quotas[j]` of what was sent is row `positions[j]` of the form.
                if let Some(field) = e.field.clone() {
                    if let Some(rest) = field.strip_prefix("quotas[") {
                        if let Some((j, tail)) = rest.split_once(']') {
                            if let Some(row) =
                                j.parse::<usize>().ok().and_then(|j| positions.get(j))
                            {
                                let tail = if tail == ".person_id" {
                                    ".amount"
                                } else {
                                    tail
                                };
                                e.field = Some(format!("quotas[{row}]{tail}"));
                            }
                        }
                    }
                }
                Err(e.into())
            }
        }
    })
}

/// Adds (or replaces) one exchange rate: `1 from = rate to` in `period`.
#[server(prefix = "/fn")]
pub async fn add_fx_rate(
    csrf: String,
    period: String,
    from: String,
    to: String,
    rate: String,
) -> Result<(), Problem> {
    form_call!(AddFxRate, {
        use attain_api::routes::comp::rates_put::{run, PutRates, RateInput};
        let (state, principal) = crate::server::caller(Some(&csrf)).await?;
        let value = decimal_text(&rate)
            .ok_or_else(|| convert::at("rate", "Enter a rate such as 1.085."))?;
        let result = run(
            &state,
            &principal,
            PutRates {
                rates: vec![RateInput {
                    period,
                    from: from.trim().to_uppercase(),
                    to: to.trim().to_uppercase(),
                    rate: serde_json::Value::String(value),
                }],
            },
        )
        .await;
        match result {
            Ok(_) => Ok(()),
            Err(mut e) => {
                e.field = e
                    .field
                    .map(|f| f.strip_prefix("rates[0].").map(str::to_owned).unwrap_or(f));
                Err(e.into())
            }
        }
    })
}
