//! Compensation set-up: plans and their effective-dated versions,
//! assignments of plans to people or sales roles, quotas, exchange rates and
//! the statement period length (month or quarter).
//!
//! Owners and admins (`ManageCompensation`) change all of it. Everyone who
//! reads statements reads plans, assignments and rates (reps see the rules
//! they are paid by); quotas are read only by those who manage compensation
//! or approve statements.
//!
//! A version is a draft until published; a published version never changes
//! again, a new version replaces it from its own date. Rules are checked on
//! every save and on publishing: a type error names its JSON path
//! (`rules.rate_table.tiers[1].rate`), and the engine's checks
//! ([`attain_comp::validate_plan`]) against the company's deal currencies
//! and exchange rates answer 422 `invalid_plan` with every problem in
//! `error.errors` and the first in `error.field`.
//!
//! Every change that moves statements (publishing, assignments, quotas,
//! rates, the period length) enqueues a `comp.recalculate` event in its own
//! transaction, so the worker recomputes exactly when the change commits.

pub mod assignments_create;
pub mod assignments_delete;
pub mod assignments_list;
pub mod plans_create;
pub mod plans_get;
pub mod plans_list;
pub mod quotas_get;
pub mod quotas_put;
pub mod rates_get;
pub mod rates_put;
pub mod settings_get;
pub mod settings_put;
pub mod versions_create;
pub mod versions_publish;
pub mod versions_update;

use crate::error::ApiError;
use actix_web::http::StatusCode;
use attain_comp::{validate_plan, FxRate, PlanError, PlanRules};
use attain_db::{
    tenant::{
        comp_inputs,
        comp_plans::{self, PlanRow, VersionRow},
    },
    DbError, TenantConn,
};
use attain_domain::period::{Period, PeriodKind};
use attain_jobs::envelope::{enqueue, kinds, CompRecalculate};
use chrono::NaiveDate;
use serde::Serialize;
use serde_json::Value;
use uuid::Uuid;

/// A plan with every version and its rules.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PlanView {
    #[serde(flatten)]
    pub plan: PlanRow,
    /// Oldest first.
    pub versions: Vec<VersionRow>,
}

/// A version without its rules, for lists.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct VersionSummary {
    pub version: i32,
    /// draft or published.
    pub status: String,
    pub effective_from: NaiveDate,
    pub published_at: Option<chrono::DateTime<chrono::Utc>>,
}

/// A plan with a summary of its versions.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PlanSummary {
    #[serde(flatten)]
    pub plan: PlanRow,
    /// Oldest first.
    pub versions: Vec<VersionSummary>,
}

impl From<&VersionRow> for VersionSummary {
    fn from(v: &VersionRow) -> Self {
        Self {
            version: v.version,
            status: v.status.clone(),
            effective_from: v.effective_from,
            published_at: v.published_at,
        }
    }
}

/// One problem with a plan's rules.
#[derive(Debug, Clone, Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct PlanProblem {
    /// A JSON path into the request, such as `rules.rate_table.tiers[1].from_pct`.
    pub field: String,
    pub message: String,
}

/// An error about a plan: the usual error object, with every problem of the
/// rules in `errors` when the code is `invalid_plan`.
#[derive(Debug, Serialize, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PlanErrorBody {
    pub error: PlanErrorDetail,
}

#[derive(Debug, Serialize, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PlanErrorDetail {
    /// `invalid_plan`, or the usual codes (`invalid_field`, `unknown_field`, ...).
    pub code: String,
    pub message: String,
    /// The (first) field at fault.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// With `invalid_plan`: every problem, in the order of the rules.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub errors: Option<Vec<PlanProblem>>,
}

/// 422 `invalid_field` naming a field that a `FieldError` cannot (an index
/// into a list, such as `quotas[3].person_id`).
pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> ApiError {
    let field = field.into();
    ApiError::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_field",
        format!("{field} {}", message.into()),
    )
    .with_field(field)
}

/// A value as JSON for the audit log.
pub fn to_json(value: &impl Serialize) -> Result<Value, ApiError> {
    serde_json::to_value(value).map_err(|e| DbError::Corrupt(e.to_string()).into())
}

/// 422 `invalid_plan` with every problem; `field` names the first.
pub fn invalid_plan(problems: Vec<PlanProblem>) -> ApiError {
    let (field, message) = match problems.first() {
        Some(first) => (first.field.clone(), first.message.clone()),
        None => ("rules".to_owned(), "is invalid".to_owned()),
    };
    let more = match problems.len() {
        0 | 1 => String::new(),
        n => format!(" ({} more problems: see `errors`)", n - 1),
    };
    let errors = serde_json::to_value(&problems).unwrap_or(Value::Null);
    ApiError::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_plan",
        format!("{field}: {message}{more}"),
    )
    .with_field(field)
    .with_detail("errors", errors)
}

/// Reads a version's rules, naming the JSON path of a type error or of a
/// key the rules do not have (which would otherwise be dropped silently: a
/// misspelt cap must not become no cap). Returns the rules and their
/// canonical JSON, which is what is stored.
pub fn parse_rules(raw: &Value) -> Result<(PlanRules, Value), ApiError> {
    let rules: PlanRules = serde_path_to_error::deserialize(raw.clone()).map_err(|e| {
        let path = e.path().to_string();
        let message = e.into_inner().to_string();
        let mut field = if path == "." {
            "rules".to_owned()
        } else {
            format!("rules.{path}")
        };
        if let Some(missing) = message
            .strip_prefix("missing field `")
            .and_then(|rest| rest.split('`').next())
        {
            field = format!("{field}.{missing}");
        }
        invalid_plan(vec![PlanProblem { field, message }])
    })?;
    let canonical = to_json(&rules)?;
    if let Some(field) = unknown_key(raw, &canonical, "rules") {
        return Err(invalid_plan(vec![PlanProblem {
            field,
            message: "is not part of a plan's rules; check its spelling".to_owned(),
        }]));
    }
    Ok((rules, canonical))
}

/// The first key of `input` that the rules read back as `canonical` lack.
/// Maps keyed by data (weights per priority or product) are checked by
/// deserialisation instead.
fn unknown_key(input: &Value, canonical: &Value, path: &str) -> Option<String> {
    match (input, canonical) {
        (Value::Object(given), Value::Object(known)) => {
            if path.ends_with("priority_weights") || path.ends_with("product_weights") {
                return None;
            }
            given.iter().find_map(|(key, value)| match known.get(key) {
                Some(inner) => unknown_key(value, inner, &format!("{path}.{key}")),
                None => Some(format!("{path}.{key}")),
            })
        }
        (Value::Array(given), Value::Array(known)) => given
            .iter()
            .zip(known)
            .enumerate()
            .find_map(|(i, (value, inner))| unknown_key(value, inner, &format!("{path}[{i}]"))),
        _ => None,
    }
}

/// The company's exchange rates for its period length, as the engine reads them.
pub fn fx_rates(t: &mut TenantConn<'_>, kind: PeriodKind) -> Result<Vec<FxRate>, ApiError> {
    comp_plans::rates(t, kind.as_str())?
        .into_iter()
        .map(|r| {
            let period = Period::starting(kind, r.period_start)
                .map_err(|e| DbError::Corrupt(e.to_string()))?;
            Ok(FxRate {
                period,
                from: r.from_currency.trim().to_owned(),
                to: r.to_currency.trim().to_owned(),
                rate: r.rate,
            })
        })
        .collect()
}

/// Runs the engine's checks on `rules` against the company's deal
/// currencies and every exchange rate it has.
pub fn check_rules(t: &mut TenantConn<'_>, rules: &PlanRules) -> Result<(), ApiError> {
    let currencies = comp_plans::deal_currencies(t)?;
    let kind = comp_inputs::period_kind(t)?;
    let rates = fx_rates(t, kind)?;
    let problems: Vec<PlanProblem> = validate_plan(rules, &currencies, &rates)
        .into_iter()
        .map(|PlanError { field, message }| PlanProblem {
            field: format!("rules.{field}"),
            message,
        })
        .collect();
    if problems.is_empty() {
        Ok(())
    } else {
        Err(invalid_plan(problems))
    }
}

/// Parses `raw` as a period of the company's statement length (`field`
/// names it in errors).
pub fn tenant_period(
    raw: &str,
    kind: PeriodKind,
    field: impl Into<String>,
) -> Result<Period, ApiError> {
    let field = field.into();
    let period: Period = raw
        .parse()
        .map_err(|e: attain_domain::FieldError| invalid(field.clone(), e.message))?;
    if period.kind != kind {
        let example = Period::containing(kind, chrono::Utc::now().date_naive());
        return Err(invalid(
            field,
            format!(
                "must be a {} (statements here are by {}), such as {example}",
                kind.as_str(),
                kind.as_str()
            ),
        ));
    }
    Ok(period)
}

/// Enqueues a recalculation of `people` (everyone when `None`) from the
/// statement period containing `from`, in the caller's transaction.
pub fn recalculate(
    t: &mut TenantConn<'_>,
    people: Option<Vec<Uuid>>,
    from: NaiveDate,
    reason: String,
) -> Result<(), ApiError> {
    let kind = comp_inputs::period_kind(t)?;
    let from = Period::containing(kind, from).start;
    let tenant_id = t.tenant_id();
    enqueue(
        t.conn(),
        tenant_id,
        kinds::COMP_RECALCULATE,
        CompRecalculate {
            people,
            from,
            run_id: None,
            reason,
        },
    )?;
    Ok(())
}

/// The plan locked for a change to its versions, or 404.
pub fn lock_plan(t: &mut TenantConn<'_>, plan_id: Uuid) -> Result<PlanRow, ApiError> {
    comp_plans::lock_plan(t, plan_id)?.ok_or_else(|| ApiError::not_found("plan"))
}

/// A version of a plan, or 404.
pub fn find_version(
    t: &mut TenantConn<'_>,
    plan_id: Uuid,
    version: i32,
) -> Result<VersionRow, ApiError> {
    comp_plans::find_version(t, plan_id, version)?
        .ok_or_else(|| ApiError::not_found("plan version"))
}

pub fn version_published(version: i32) -> ApiError {
    ApiError::conflict(
        "version_published",
        format!("Version {version} is published and can no longer change; add a new version with its own effective date instead."),
    )
    .with_field("version")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn rules() -> Value {
        json!({
            "currency": "USD",
            "rate_table": { "method": "marginal", "tiers": [
                { "from_pct": "0", "to_pct": "100", "rate": "0.10" },
                { "from_pct": "100", "rate": "0.15" },
            ]},
            "priority_weights": { "strategic": "1.5" },
        })
    }

    fn error_of(raw: &Value) -> (Option<String>, String) {
        match parse_rules(raw) {
            Ok(_) => (None, String::new()),
            Err(e) => (e.field, e.code.to_owned()),
        }
    }

    #[test]
    fn valid_rules_read_back_canonically() {
        let (parsed, canonical) = parse_rules(&rules()).unwrap();
        assert_eq!(parsed.rate_table.tiers.len(), 2);
        assert_eq!(canonical["rate_table"]["tiers"][1]["rate"], json!("0.15"));
    }

    #[test]
    fn type_errors_and_unknown_keys_name_the_path() {
        let mut wrong = rules();
        wrong["rate_table"]["tiers"][1]["rate"] = json!("lots");
        assert_eq!(
            error_of(&wrong),
            (
                Some("rules.rate_table.tiers[1].rate".into()),
                "invalid_plan".into()
            )
        );
        let mut missing = rules();
        missing["rate_table"]["tiers"][0]
            .as_object_mut()
            .map(|t| t.remove("rate"));
        assert_eq!(
            error_of(&missing).0.as_deref(),
            Some("rules.rate_table.tiers[0].rate")
        );
        let mut typo = rules();
        typo["cap_per_perod"] = json!("100");
        assert_eq!(error_of(&typo).0.as_deref(), Some("rules.cap_per_perod"));
        let mut nested = rules();
        nested["rate_table"]["tiers"][0]["rates"] = json!("1");
        assert_eq!(
            error_of(&nested).0.as_deref(),
            Some("rules.rate_table.tiers[0].rates")
        );
        assert_eq!(error_of(&json!(null)).0.as_deref(), Some("rules"));
    }

    #[test]
    fn invalid_plan_lists_every_problem() {
        let error = invalid_plan(vec![
            PlanProblem {
                field: "rules.a".into(),
                message: "x".into(),
            },
            PlanProblem {
                field: "rules.b".into(),
                message: "y".into(),
            },
        ]);
        assert_eq!(error.field.as_deref(), Some("rules.a"));
        let errors = error
            .details
            .as_ref()
            .and_then(|d| d.get("errors"))
            .cloned();
        assert_eq!(
            errors,
            Some(
                json!([{"field": "rules.a", "message": "x"}, {"field": "rules.b", "message": "y"}])
            )
        );
    }
}
