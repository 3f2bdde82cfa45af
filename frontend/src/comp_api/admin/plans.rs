//! Server functions of the comp plans page: plans and a version as a form,
//! saving, copying and publishing versions, assigning plans.

#[cfg(feature = "ssr")]
use super::convert;
use super::*;
use crate::problem::Problem;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

/// Every plan; the version `plan` / `version` names (or the first plan's
/// latest draft, else its latest version) as a form; every assignment.
#[server(prefix = "/fn", input = GetUrl)]
pub async fn load_plans(plan: String, version: String) -> Result<PlansPage, Problem> {
    use attain_api::routes::comp::assignments_list;
    use attain_domain::Capability;
    let (state, principal) = crate::server::caller(None).await?;
    principal.require(Capability::ManageCompensation)?;
    let views = convert::plan_views(&state, &principal).await?;
    let assignments = assignments_list::run(&state, &principal).await?.items;
    let people = convert::everyone(&state, &principal).await?;
    let (year, month, day) = convert::today();
    let today = convert::day_text(year, month, day);
    let (next_year, next_month) = if month == 12 {
        (year + 1, 1)
    } else {
        (year, month + 1)
    };
    let wanted = convert::text(&plan).and_then(|p| p.parse::<uuid::Uuid>().ok());
    let chosen = match wanted {
        Some(id) => views.iter().find(|v| v.plan.id == id),
        None => views.first(),
    };
    let open = chosen.and_then(|view| {
        let wanted: Option<i32> = version.trim().parse().ok();
        let v = match wanted {
            Some(n) => view.versions.iter().find(|v| v.version == n),
            None => view
                .versions
                .iter()
                .rev()
                .find(|v| v.status == "draft")
                .or_else(|| view.versions.last()),
        }?;
        Some(OpenVersion {
            plan_id: view.plan.id.to_string(),
            plan_name: view.plan.name.clone(),
            version: v.version,
            status: v.status.clone(),
            effective_from: v.effective_from.to_string(),
            published: v
                .published_at
                .map(|a| a.format("%Y-%m-%d %H:%M").to_string()),
            rules: convert::rules_form(&v.rules),
            base_rules: v.rules.to_string(),
        })
    });
    let person_names: std::collections::HashMap<uuid::Uuid, String> =
        people.iter().map(|p| (p.id, p.name.clone())).collect();
    let plan_names: std::collections::HashMap<uuid::Uuid, String> = views
        .iter()
        .map(|v| (v.plan.id, v.plan.name.clone()))
        .collect();
    let plans = views
        .iter()
        .map(|view| PlanItem {
            id: view.plan.id.to_string(),
            name: view.plan.name.clone(),
            description: view.plan.description.clone(),
            versions: view
                .versions
                .iter()
                .map(|v| VersionItem {
                    version: v.version,
                    status: v.status.clone(),
                    effective_from: v.effective_from.to_string(),
                    published: v.published_at.map(|a| a.format("%Y-%m-%d").to_string()),
                })
                .collect(),
            assignments: assignments
                .iter()
                .filter(|a| a.plan_id == view.plan.id)
                .count(),
        })
        .collect();
    let assignments = assignments
        .into_iter()
        .map(|a| {
            let target = match (a.person_id, a.role.as_deref()) {
                (Some(person), _) => person_names
                    .get(&person)
                    .cloned()
                    .unwrap_or_else(|| "A removed person".into()),
                (None, Some(role)) => format!(
                    "Everyone in {}",
                    crate::sales_model::sales_role_label(role).to_lowercase()
                ),
                (None, None) => "Nobody".into(),
            };
            let starts_on = a.starts_on.to_string();
            let ends_on = a.ends_on.map(|d| d.to_string());
            let current =
                starts_on <= today && ends_on.as_deref().is_none_or(|end| end >= today.as_str());
            AssignmentItem {
                id: a.id.to_string(),
                plan_name: plan_names
                    .get(&a.plan_id)
                    .cloned()
                    .unwrap_or_else(|| "A removed plan".into()),
                target,
                starts_on,
                ends_on,
                current,
            }
        })
        .collect();
    let mut active: Vec<&attain_db::tenant::people::Person> =
        people.iter().filter(|p| p.active).collect();
    active.sort_by_key(|p| p.name.to_lowercase());
    let targets = vec![
        (
            "People".to_owned(),
            active
                .into_iter()
                .map(|p| (format!("person:{}", p.id), p.name.clone()))
                .collect(),
        ),
        (
            "Everyone in a sales role".to_owned(),
            crate::sales_model::SALES_ROLES
                .iter()
                .map(|(key, label)| (format!("role:{key}"), (*label).to_owned()))
                .collect(),
        ),
    ];
    Ok(PlansPage {
        plans,
        open,
        assignments,
        targets,
        today,
        month_start: convert::day_text(year, month, 1),
        next_month_start: convert::day_text(next_year, next_month, 1),
    })
}

/// Saves the editor: a new plan (no `plan_id`: its version 1), a new
/// version (`version` 0) or a draft's changes. Problems of the rules come
/// back in [`PlanSaved::problems`], each naming its input.
#[server(prefix = "/fn")]
pub async fn save_plan(
    csrf: String,
    plan_id: String,
    version: i32,
    #[server(default)] name: String,
    #[server(default)] description: String,
    effective_from: String,
    #[server(default)] base_rules: String,
    #[server(default)] rules: RulesForm,
) -> Result<PlanSaved, Problem> {
    form_call!(SavePlan, {
        use attain_api::routes::comp::{plans_create, versions_create, versions_update};
        let (state, principal) = crate::server::caller(Some(&csrf)).await?;
        let mut early = Vec::new();
        let effective = match effective_from.trim() {
            "" => {
                early.push(FieldProblem {
                    field: "effective_from".into(),
                    message: "Choose the first day this version applies to.".into(),
                });
                None
            }
            raw => match raw.parse() {
                Ok(day) => Some(day),
                Err(_) => {
                    early.push(FieldProblem {
                        field: "effective_from".into(),
                        message: "Enter a day such as 2026-01-01.".into(),
                    });
                    None
                }
            },
        };
        let new_plan = plan_id.trim().is_empty();
        if new_plan && name.trim().is_empty() {
            early.push(FieldProblem {
                field: "name".into(),
                message: "Name the plan, such as \"AE plan 2026\".".into(),
            });
        }
        let json = match convert::rules_json(&base_rules, &rules) {
            Ok(json) => Some(json),
            Err(problems) => {
                early.extend(problems);
                None
            }
        };
        let (Some(effective_from), Some(json), true) = (effective, json, early.is_empty()) else {
            return Ok(PlanSaved {
                plan_id,
                version,
                problems: early,
            });
        };
        let saved = if new_plan {
            plans_create::run(
                &state,
                &principal,
                plans_create::CreatePlan {
                    name,
                    description: convert::text(&description),
                    effective_from,
                    rules: json,
                },
            )
            .await
            .map(|view| (view.plan.id, 1))
        } else {
            let id = convert::uuid(&plan_id, "plan")?;
            let body = versions_create::VersionInput {
                effective_from,
                rules: json,
            };
            if version == 0 {
                versions_create::run(&state, &principal, id, body)
                    .await
                    .map(|v| (v.plan_id, v.version))
            } else {
                versions_update::run(&state, &principal, id, version, body)
                    .await
                    .map(|v| (v.plan_id, v.version))
            }
        };
        match saved {
            Ok((id, number)) => Ok(PlanSaved {
                plan_id: id.to_string(),
                version: number,
                problems: Vec::new(),
            }),
            Err(e) => Ok(PlanSaved {
                plan_id,
                version,
                problems: convert::plan_problems(e)?,
            }),
        }
    })
}

/// A new draft version of a plan, starting as a copy of `version`, from
/// `effective_from`.
#[server(prefix = "/fn")]
pub async fn copy_plan_version(
    csrf: String,
    plan_id: String,
    version: i32,
    effective_from: String,
) -> Result<PlanSaved, Problem> {
    form_call!(CopyPlanVersion, {
        use attain_api::routes::comp::{plans_get, versions_create};
        let (state, principal) = crate::server::caller(Some(&csrf)).await?;
        let id = convert::uuid(&plan_id, "plan")?;
        let effective = effective_from
            .trim()
            .parse()
            .map_err(|_| convert::at("copy_effective_from", "Enter a day such as 2026-01-01."))?;
        let view = plans_get::run(&state, &principal, id).await?;
        let source = view
            .versions
            .iter()
            .find(|v| v.version == version)
            .ok_or_else(|| Problem::from(attain_api::ApiError::not_found("plan version")))?;
        match versions_create::run(
            &state,
            &principal,
            id,
            versions_create::VersionInput {
                effective_from: effective,
                rules: source.rules.clone(),
            },
        )
        .await
        {
            Ok(created) => Ok(PlanSaved {
                plan_id,
                version: created.version,
                problems: Vec::new(),
            }),
            Err(e) => Ok(PlanSaved {
                plan_id,
                version,
                problems: convert::plan_problems(e)?,
            }),
        }
    })
}

/// Puts a draft in force from its effective date.
#[server(prefix = "/fn")]
pub async fn publish_plan_version(
    csrf: String,
    plan_id: String,
    version: i32,
) -> Result<PlanSaved, Problem> {
    form_call!(PublishPlanVersion, {
        use attain_api::routes::comp::versions_publish;
        let (state, principal) = crate::server::caller(Some(&csrf)).await?;
        let id = convert::uuid(&plan_id, "plan")?;
        match versions_publish::run(&state, &principal, id, version).await {
            Ok(published) => Ok(PlanSaved {
                plan_id,
                version: published.version,
                problems: Vec::new(),
            }),
            Err(e) => Ok(PlanSaved {
                plan_id,
                version,
                problems: convert::plan_problems(e)?,
            }),
        }
    })
}

/// Assigns a plan to `target` (`person:<id>` or `role:<key>`).
#[server(prefix = "/fn")]
pub async fn assign_plan(
    csrf: String,
    plan_id: String,
    target: String,
    starts_on: String,
    ends_on: String,
) -> Result<String, Problem> {
    form_call!(AssignPlan, {
        use attain_api::routes::comp::assignments_create::{run, CreateAssignment};
        let (state, principal) = crate::server::caller(Some(&csrf)).await?;
        let plan = plan_id
            .trim()
            .parse()
            .map_err(|_| convert::at("plan_id", "Choose a plan."))?;
        let (person_id, role) = match target.trim().split_once(':') {
            Some(("person", id)) => (
                Some(
                    id.parse()
                        .map_err(|_| convert::at("person_id", "Choose a person or a role."))?,
                ),
                None,
            ),
            Some(("role", role)) => (None, Some(role.to_owned())),
            _ => return Err(convert::at("person_id", "Choose a person or a role.")),
        };
        let starts = starts_on
            .trim()
            .parse()
            .map_err(|_| convert::at("starts_on", "Choose the first day of the assignment."))?;
        let ends = match ends_on.trim() {
            "" => None,
            raw => Some(
                raw.parse()
                    .map_err(|_| convert::at("ends_on", "Enter a day such as 2026-12-31."))?,
            ),
        };
        let row = run(
            &state,
            &principal,
            CreateAssignment {
                plan_id: plan,
                person_id,
                role,
                starts_on: starts,
                ends_on: ends,
            },
        )
        .await?;
        Ok(row.id.to_string())
    })
}

/// Removes an assignment.
#[server(prefix = "/fn")]
pub async fn unassign_plan(csrf: String, assignment_id: String) -> Result<(), Problem> {
    form_call!(UnassignPlan, {
        let (state, principal) = crate::server::caller(Some(&csrf)).await?;
        let id = convert::uuid(&assignment_id, "assignment")?;
        attain_api::routes::comp::assignments_delete::run(&state, &principal, id).await?;
        Ok(())
    })
}
