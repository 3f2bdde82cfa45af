//! Server functions of the approvals page: a period's statements and one
//! statement line by line, approving (one or every draft), paying,
//! adjusting, and answering and settling disputes.

#[cfg(feature = "ssr")]
use super::convert;
use super::*;
use crate::problem::Problem;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

/// The statements of `period` (the current one when empty) the caller may
/// approve, the one of `person` line by line, and the open disputes.
#[server(prefix = "/fn", input = GetUrl)]
pub async fn load_approvals(period: String, person: String) -> Result<ApprovalsPage, Problem> {
    use attain_api::routes::{disputes, statements};
    use attain_domain::Capability;
    let (state, principal) = crate::server::caller(None).await?;
    principal.require(Capability::ApproveStatements)?;
    let list = statements::list::run(
        &state,
        &principal,
        statements::list::ListQuery {
            period: convert::text(&period),
            status: None,
        },
    )
    .await?;
    let current = statements::list::run(&state, &principal, Default::default())
        .await?
        .period;
    let mut periods = convert::period_choices(&current, 12, 0);
    if !periods.iter().any(|(k, _)| *k == list.period) {
        periods.push((
            list.period.clone(),
            crate::perf_api::model::period_label(&list.period),
        ));
    }
    let open = match convert::text(&person) {
        Some(raw) => {
            let id = convert::uuid(&raw, "statement")?;
            match statements::get::run(&state, &principal, id, list.period.clone()).await {
                Ok(view) => Some(convert::detail(view, &list.period)?),
                Err(e) if e.status.as_u16() == 404 => None,
                Err(e) => return Err(e.into()),
            }
        }
        None => None,
    };
    let open_disputes = disputes::list::run(
        &state,
        &principal,
        disputes::list::DisputeQuery {
            status: Some("open".into()),
        },
    )
    .await?;
    let authors = convert::member_names(&state, &principal).await?;
    let names: std::collections::HashMap<uuid::Uuid, String> = list
        .items
        .iter()
        .map(|i| (i.person_id, i.person_name.clone()))
        .collect();
    let currencies: std::collections::HashMap<String, String> = list
        .items
        .iter()
        .map(|i| (i.person_id.to_string(), i.currency.clone()))
        .collect();
    Ok(ApprovalsPage {
        period: list.period.clone(),
        periods,
        totals: convert::totals(list.totals),
        items: list
            .items
            .into_iter()
            .map(convert::statement_item)
            .collect(),
        open,
        disputes: open_disputes
            .into_iter()
            .map(|d| {
                let mut item = convert::dispute(d, &authors, &names);
                item.currency = currencies.get(&item.person_id).cloned().unwrap_or_default();
                item
            })
            .collect(),
        manages: principal.role.can(Capability::ManageCompensation),
        // A member's person has their user id.
        me: Some(principal.user_id.to_string()),
    })
}

/// Approves a statement at the version the page showed.
#[server(prefix = "/fn")]
pub async fn approve_statement(
    csrf: String,
    person_id: String,
    period: String,
    version: i32,
) -> Result<StepDone, Problem> {
    form_call!(ApproveStatement, {
        let (state, principal) = crate::server::caller(Some(&csrf)).await?;
        let person = convert::uuid(&person_id, "statement")?;
        let view = attain_api::routes::statements::approve::run(
            &state, &principal, person, period, version,
        )
        .await?;
        Ok(StepDone {
            person_name: view.person_name,
            status: view.row.status,
        })
    })
}

/// Marks an approved statement paid (owners and admins).
#[server(prefix = "/fn")]
pub async fn pay_statement(
    csrf: String,
    person_id: String,
    period: String,
    version: i32,
) -> Result<StepDone, Problem> {
    form_call!(PayStatement, {
        let (state, principal) = crate::server::caller(Some(&csrf)).await?;
        let person = convert::uuid(&person_id, "statement")?;
        let view =
            attain_api::routes::statements::pay::run(&state, &principal, person, period, version)
                .await?;
        Ok(StepDone {
            person_name: view.person_name,
            status: view.row.status,
        })
    })
}

/// Approves every listed draft (`drafts`: `<person id>:<version>` pairs,
/// comma-separated, as the page showed them); each that fails says why.
#[server(prefix = "/fn")]
pub async fn approve_drafts(
    csrf: String,
    period: String,
    drafts: String,
) -> Result<BulkApproved, Problem> {
    form_call!(ApproveDrafts, {
        let (state, principal) = crate::server::caller(Some(&csrf)).await?;
        let mut done = BulkApproved {
            approved: 0,
            refused: Vec::new(),
        };
        for pair in drafts.split(',').filter(|p| !p.trim().is_empty()) {
            let Some((person, version)) = pair.trim().split_once(':') else {
                continue;
            };
            let person = convert::uuid(person, "statement")?;
            let version: i32 = version.parse().unwrap_or(0);
            match attain_api::routes::statements::approve::run(
                &state,
                &principal,
                person,
                period.clone(),
                version,
            )
            .await
            {
                Ok(_) => done.approved += 1,
                Err(e) => {
                    let name = attain_api::routes::statements::get::run(
                        &state,
                        &principal,
                        person,
                        period.clone(),
                    )
                    .await
                    .map(|v| v.person_name)
                    .unwrap_or_else(|_| "A statement".into());
                    done.refused.push((name, e.message));
                }
            }
        }
        Ok(done)
    })
}

/// Adds a manual line to a statement that is not paid (owners and admins).
#[server(prefix = "/fn")]
pub async fn adjust_statement(
    csrf: String,
    person_id: String,
    period: String,
    amount: String,
    reason: String,
) -> Result<String, Problem> {
    form_call!(AdjustStatement, {
        use attain_api::routes::statements::adjust::{run, NewAdjustment};
        let (state, principal) = crate::server::caller(Some(&csrf)).await?;
        let person = convert::uuid(&person_id, "statement")?;
        if amount.trim().is_empty() {
            return Err(convert::at(
                "amount",
                "Enter an amount, such as 250 or -120.50.",
            ));
        }
        let amount = decimal_text(&amount)
            .ok_or_else(|| convert::at("amount", "Enter an amount, such as 250 or -120.50."))?;
        let row = run(
            &state,
            &principal,
            person,
            period,
            NewAdjustment {
                amount: serde_json::Value::String(amount),
                reason,
            },
        )
        .await?;
        Ok(row.amount.to_string())
    })
}

/// Adds a reply to a dispute's thread.
#[server(prefix = "/fn")]
pub async fn answer_dispute(csrf: String, dispute_id: String, body: String) -> Result<(), Problem> {
    form_call!(AnswerDispute, {
        use attain_api::routes::disputes::reply::{run, NewMessage};
        let (state, principal) = crate::server::caller(Some(&csrf)).await?;
        let id = convert::uuid(&dispute_id, "dispute")?;
        run(&state, &principal, id, NewMessage { body }).await?;
        Ok(())
    })
}

/// Resolves (optionally paying an adjustment) or rejects a dispute.
#[server(prefix = "/fn")]
pub async fn settle_dispute(
    csrf: String,
    dispute_id: String,
    version: i32,
    status: String,
    resolution: String,
    adjustment: String,
) -> Result<String, Problem> {
    form_call!(SettleDispute, {
        use attain_api::routes::disputes::resolve::{run, Resolution};
        let (state, principal) = crate::server::caller(Some(&csrf)).await?;
        let id = convert::uuid(&dispute_id, "dispute")?;
        let adjustment = match adjustment.trim() {
            "" => None,
            raw => Some(serde_json::Value::String(decimal_text(raw).ok_or_else(
                || {
                    convert::at(
                        "adjustment",
                        "Enter an amount, such as 500, or leave it empty.",
                    )
                },
            )?)),
        };
        let closed = run(
            &state,
            &principal,
            id,
            Resolution {
                version,
                status,
                resolution,
                adjustment,
            },
        )
        .await?;
        Ok(closed.dispute.status)
    })
}
