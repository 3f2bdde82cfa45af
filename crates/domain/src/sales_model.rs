//! Sales-model templates a tenant starts from at onboarding. Each sets up
//! ordered pipeline stages with win probabilities, the KPIs its dashboards
//! lead with, weekly activity targets per sales role, and the roles it uses.
//! Everything a template creates stays editable afterwards.

use crate::{activity::ActivityKind, deal::PipelineKind, org::SalesRole, validation::FieldError};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct StageTemplate {
    pub key: &'static str,
    pub name: &'static str,
    pub probability: i32,
    /// open, won or lost.
    pub kind: &'static str,
    pub pipeline: PipelineKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct ActivityTarget {
    pub sales_role: SalesRole,
    pub kind: ActivityKind,
    pub per_week: i32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct SalesModel {
    pub key: &'static str,
    pub name: &'static str,
    pub summary: &'static str,
    pub stages: Vec<StageTemplate>,
    pub kpis: Vec<&'static str>,
    pub activity_targets: Vec<ActivityTarget>,
    pub roles: Vec<SalesRole>,
}

pub const TEMPLATE_KEYS: [&str; 5] = [
    "hunter_farmer",
    "solution_selling",
    "inbound",
    "account_based",
    "sales_performance",
];

const fn stage(key: &'static str, name: &'static str, probability: i32) -> StageTemplate {
    StageTemplate {
        key,
        name,
        probability,
        kind: "open",
        pipeline: PipelineKind::NewBusiness,
    }
}

const fn retention(key: &'static str, name: &'static str, probability: i32) -> StageTemplate {
    StageTemplate {
        key,
        name,
        probability,
        kind: "open",
        pipeline: PipelineKind::Retention,
    }
}

const WON: StageTemplate = StageTemplate {
    key: "closed_won",
    name: "Closed won",
    probability: 100,
    kind: "won",
    pipeline: PipelineKind::NewBusiness,
};
const LOST: StageTemplate = StageTemplate {
    key: "closed_lost",
    name: "Closed lost",
    probability: 0,
    kind: "lost",
    pipeline: PipelineKind::NewBusiness,
};

fn targets(rows: &[(SalesRole, ActivityKind, i32)]) -> Vec<ActivityTarget> {
    rows.iter()
        .map(|&(sales_role, kind, per_week)| ActivityTarget {
            sales_role,
            kind,
            per_week,
        })
        .collect()
}

/// The template named `key`.
pub fn template(key: &str) -> Result<SalesModel, FieldError> {
    use ActivityKind::{Call, Demo, Email, Meeting};
    use SalesRole::{Ae, Am, Farmer, Hunter, Manager, Sdr};
    let model = match key {
        "hunter_farmer" => SalesModel {
            key: "hunter_farmer",
            name: "Hunter–Farmer",
            summary: "Hunters win new logos; farmers grow and renew existing customers.",
            stages: vec![
                stage("lead", "Lead", 5),
                stage("qualified", "Qualified", 15),
                stage("meeting", "Meeting held", 30),
                stage("proposal", "Proposal", 55),
                stage("negotiation", "Negotiation", 75),
                WON,
                LOST,
                retention("renewal_due", "Renewal due", 70),
                retention("upsell_proposed", "Upsell or cross-sell proposed", 40),
            ],
            kpis: vec![
                "new_logos",
                "win_rate",
                "average_deal_size",
                "arr",
                "pipeline_coverage",
                "quota_attainment",
            ],
            activity_targets: targets(&[
                (Hunter, Call, 60),
                (Hunter, Meeting, 8),
                (Hunter, Demo, 4),
                (Hunter, Email, 80),
                (Farmer, Call, 30),
                (Farmer, Meeting, 10),
                (Farmer, Demo, 2),
                (Farmer, Email, 50),
                (Manager, Meeting, 6),
            ]),
            roles: vec![Hunter, Farmer, Manager],
        },
        "solution_selling" => SalesModel {
            key: "solution_selling",
            name: "Solution selling",
            summary:
                "Diagnose the customer's pain, design the solution with them, prove its value.",
            stages: vec![
                stage("lead", "Lead", 5),
                stage("qualified", "Pain qualified", 15),
                stage("discovery", "Discovery", 25),
                stage("solution_design", "Solution design", 40),
                stage("proof", "Proof of value", 60),
                stage("proposal", "Proposal", 75),
                WON,
                LOST,
                retention("renewal_due", "Renewal due", 70),
            ],
            kpis: vec![
                "win_rate",
                "average_deal_size",
                "cycle_length",
                "stage_conversion",
                "quota_attainment",
            ],
            activity_targets: targets(&[
                (Ae, Call, 25),
                (Ae, Meeting, 8),
                (Ae, Demo, 5),
                (Ae, Email, 40),
                (Sdr, Call, 80),
                (Sdr, Email, 120),
                (Sdr, Meeting, 6),
                (Manager, Meeting, 6),
            ]),
            roles: vec![Sdr, Ae, Manager],
        },
        "inbound" => SalesModel {
            key: "inbound",
            name: "Inbound",
            summary: "Marketing brings leads; SDRs qualify them fast, AEs close.",
            stages: vec![
                stage("lead", "Inbound lead", 3),
                stage("mql", "Marketing qualified", 8),
                stage("sql", "Sales qualified", 20),
                stage("demo", "Demo", 40),
                stage("trial", "Trial", 60),
                stage("proposal", "Proposal", 75),
                WON,
                LOST,
                retention("renewal_due", "Renewal due", 75),
                retention("upsell_proposed", "Upgrade proposed", 45),
            ],
            kpis: vec![
                "new_logos",
                "win_rate",
                "cycle_length",
                "activity_counts",
                "arpu",
            ],
            activity_targets: targets(&[
                (Sdr, Call, 100),
                (Sdr, Email, 150),
                (Sdr, Meeting, 10),
                (Ae, Demo, 10),
                (Ae, Meeting, 6),
                (Ae, Call, 20),
                (Ae, Email, 40),
                (Am, Call, 20),
                (Am, Meeting, 8),
            ]),
            roles: vec![Sdr, Ae, Am, Manager],
        },
        "account_based" => SalesModel {
            key: "account_based",
            name: "Account-based selling",
            summary: "A named list of target accounts, worked by a team across many contacts.",
            stages: vec![
                stage("target", "Target account", 5),
                stage("engaged", "Engaged", 15),
                stage("meeting", "Executive meeting", 30),
                stage("business_case", "Business case", 50),
                stage("proposal", "Proposal", 70),
                stage("negotiation", "Negotiation", 85),
                WON,
                LOST,
                retention("renewal_due", "Renewal due", 80),
                retention("expansion", "Expansion proposed", 40),
            ],
            kpis: vec![
                "pipeline_coverage",
                "average_deal_size",
                "win_rate",
                "arr",
                "cycle_length",
            ],
            activity_targets: targets(&[
                (Ae, Meeting, 6),
                (Ae, Call, 15),
                (Ae, Email, 30),
                (Ae, Demo, 2),
                (Am, Meeting, 8),
                (Am, Call, 15),
                (Sdr, Call, 60),
                (Sdr, Email, 90),
            ]),
            roles: vec![Sdr, Ae, Am, Manager],
        },
        "sales_performance" => SalesModel {
            key: "sales_performance",
            name: "Sales performance management",
            summary: "Run the team on metrics, incentives and coaching: every stage measured.",
            stages: vec![
                stage("lead", "Lead", 5),
                stage("qualified", "Qualified", 15),
                stage("meeting", "Meeting", 30),
                stage("proposal", "Proposal", 55),
                stage("negotiation", "Negotiation", 75),
                WON,
                LOST,
                retention("renewal_due", "Renewal due", 70),
                retention("upsell_proposed", "Upsell or cross-sell proposed", 40),
            ],
            kpis: vec![
                "win_rate",
                "average_deal_size",
                "stage_conversion",
                "cycle_length",
                "pipeline_coverage",
                "quota_attainment",
                "arr",
                "arpu",
                "new_logos",
                "activity_counts",
            ],
            activity_targets: targets(&[
                (Ae, Call, 30),
                (Ae, Meeting, 8),
                (Ae, Demo, 4),
                (Ae, Email, 50),
                (Sdr, Call, 80),
                (Sdr, Email, 120),
                (Am, Call, 20),
                (Am, Meeting, 8),
                (Hunter, Call, 50),
                (Hunter, Meeting, 8),
                (Farmer, Call, 25),
                (Farmer, Meeting, 10),
                (Manager, Meeting, 6),
            ]),
            roles: vec![Hunter, Farmer, Sdr, Ae, Am, Manager],
        },
        _ => {
            return Err(FieldError::new(
                "template",
                format!("must be one of: {}", TEMPLATE_KEYS.join(", ")),
            ))
        }
    };
    Ok(model)
}

/// Every template, in the order onboarding offers them.
pub fn all() -> Vec<SalesModel> {
    TEMPLATE_KEYS
        .iter()
        .filter_map(|key| template(key).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_template_has_one_won_and_one_lost_stage_and_rising_probabilities() {
        for model in all() {
            let won = model.stages.iter().filter(|s| s.kind == "won").count();
            let lost = model.stages.iter().filter(|s| s.kind == "lost").count();
            assert_eq!((won, lost), (1, 1), "{}", model.key);
            let open: Vec<i32> = model
                .stages
                .iter()
                .filter(|s| s.kind == "open" && s.pipeline == PipelineKind::NewBusiness)
                .map(|s| s.probability)
                .collect();
            assert!(
                open.windows(2).all(|w| w[0] < w[1]),
                "{}: {open:?}",
                model.key
            );
            let mut keys: Vec<_> = model.stages.iter().map(|s| s.key).collect();
            keys.sort_unstable();
            keys.dedup();
            assert_eq!(keys.len(), model.stages.len(), "{}", model.key);
            assert!(!model.activity_targets.is_empty());
            assert!(model
                .stages
                .iter()
                .any(|s| s.pipeline == PipelineKind::Retention));
        }
        assert_eq!(all().len(), 5);
        assert_eq!(template("waterfall").unwrap_err().field, "template");
    }
}
