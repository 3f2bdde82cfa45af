//! Which benchmark cohorts may be published: the privacy rules.
//!
//! A cohort is published only when
//! 1. at least [`MIN_COMPANIES`] (5) distinct companies are in it;
//! 2. no company holds more than [`MAX_WEIGHT_SHARE`] (25%) of its total
//!    weight, so no single contribution can carry the percentiles;
//! 3. its member set differs from every cohort already published for the
//!    period either not at all (the same figures again) or by at least
//!    [`MIN_MEMBER_DIFFERENCE`] (5) companies. Otherwise comparing the two,
//!    say an industry and the same industry without its one large company,
//!    would isolate that company's figures.
//!
//! Rule 3 depends on order, so the planner fixes one: **most specific
//! first** (industry and size, then industry only, then size only, then
//! everyone), then more companies first, then by key. The narrow cohorts
//! are the useful comparisons; the broad ones give way when they would
//! give a narrow one away. Only pairs of cohorts are compared: percentiles,
//! unlike sums, cannot be subtracted, so pairwise differencing is the
//! attack that matters.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use uuid::Uuid;

pub const MIN_COMPANIES: usize = 5;
pub const MAX_WEIGHT_SHARE: Decimal = Decimal::from_parts(25, 0, 0, false, 2);
pub const MIN_MEMBER_DIFFERENCE: usize = 5;

/// A cohort: an industry, a size band, both, or neither (everyone).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct CohortKey {
    pub industry: Option<String>,
    pub size_band: Option<String>,
}

impl CohortKey {
    /// Planner rank: industry and size 3, industry 2, size 1, everyone 0.
    fn specificity(&self) -> u8 {
        match (&self.industry, &self.size_band) {
            (Some(_), Some(_)) => 3,
            (Some(_), None) => 2,
            (None, Some(_)) => 1,
            (None, None) => 0,
        }
    }

    pub fn describe(&self) -> String {
        match (&self.industry, &self.size_band) {
            (Some(i), Some(s)) => format!("{i}, {s}"),
            (Some(i), None) => format!("{i}, all sizes"),
            (None, Some(s)) => format!("all industries, {s}"),
            (None, None) => "all companies".to_owned(),
        }
    }
}

/// A cohort before the rules: each member company with its weight.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CandidateCohort {
    pub key: CohortKey,
    pub members: BTreeMap<Uuid, Decimal>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum WithheldReason {
    TooFewCompanies {
        required: usize,
    },
    DominantCompany {
        max_share_pct: Decimal,
    },
    TooCloseToPublished {
        published: CohortKey,
        required_difference: usize,
    },
    /// A metric some member does not report (metric-level only).
    MetricNotReportedByAll,
}

impl WithheldReason {
    pub fn sentence(&self) -> String {
        match self {
            Self::TooFewCompanies { required } => {
                format!("Fewer than {required} companies are in this cohort.")
            }
            Self::DominantCompany { max_share_pct } => format!(
                "One company would carry more than {max_share_pct}% of this cohort."
            ),
            Self::TooCloseToPublished { published, required_difference } => format!(
                "It differs from the published cohort \"{}\" by fewer than {required_difference} companies; comparing the two could reveal a company.",
                published.describe()
            ),
            Self::MetricNotReportedByAll => {
                "Not every company in the cohort reports this figure.".to_owned()
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicationDecision {
    pub key: CohortKey,
    pub withheld: Option<WithheldReason>,
}

impl PublicationDecision {
    pub fn published(&self) -> bool {
        self.withheld.is_none()
    }
}

/// The first rule a cohort breaks on its own, if any.
fn basic_rules(members: &BTreeMap<Uuid, Decimal>) -> Option<WithheldReason> {
    if members.len() < MIN_COMPANIES {
        return Some(WithheldReason::TooFewCompanies {
            required: MIN_COMPANIES,
        });
    }
    let total: Decimal = members.values().sum();
    let largest = members.values().max().copied().unwrap_or_default();
    if total <= Decimal::ZERO || largest > total * MAX_WEIGHT_SHARE {
        return Some(WithheldReason::DominantCompany {
            max_share_pct: MAX_WEIGHT_SHARE * Decimal::ONE_HUNDRED,
        });
    }
    None
}

/// Decides every candidate of one period, in the planner's order.
pub fn plan_publication(candidates: &[CandidateCohort]) -> Vec<PublicationDecision> {
    let mut ordered: Vec<&CandidateCohort> = candidates.iter().collect();
    ordered.sort_by(|a, b| {
        b.key
            .specificity()
            .cmp(&a.key.specificity())
            .then(b.members.len().cmp(&a.members.len()))
            .then(a.key.cmp(&b.key))
    });
    let mut published: Vec<(&CohortKey, BTreeSet<Uuid>)> = Vec::new();
    ordered
        .into_iter()
        .map(|candidate| {
            let members: BTreeSet<Uuid> = candidate.members.keys().copied().collect();
            let withheld = basic_rules(&candidate.members).or_else(|| {
                published
                    .iter()
                    .find(|(_, other)| {
                        let difference = members.symmetric_difference(other).count();
                        (1..MIN_MEMBER_DIFFERENCE).contains(&difference)
                    })
                    .map(|(key, _)| WithheldReason::TooCloseToPublished {
                        published: (*key).clone(),
                        required_difference: MIN_MEMBER_DIFFERENCE,
                    })
            });
            if withheld.is_none() {
                published.push((&candidate.key, members));
            }
            PublicationDecision {
                key: candidate.key.clone(),
                withheld,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn cohort(industry: &str, ids: impl IntoIterator<Item = u128>) -> CandidateCohort {
        CandidateCohort {
            key: CohortKey {
                industry: Some(industry.to_owned()),
                size_band: None,
            },
            members: ids
                .into_iter()
                .map(|i| (Uuid::from_u128(i), dec!(1)))
                .collect(),
        }
    }

    #[test]
    fn four_companies_are_withheld_and_five_published() {
        let decisions = plan_publication(&[cohort("a", 1..=4), cohort("b", 11..=15)]);
        let a = decisions
            .iter()
            .find(|d| d.key.industry.as_deref() == Some("a"))
            .unwrap();
        let b = decisions
            .iter()
            .find(|d| d.key.industry.as_deref() == Some("b"))
            .unwrap();
        assert_eq!(
            a.withheld,
            Some(WithheldReason::TooFewCompanies { required: 5 })
        );
        assert!(b.published());
    }

    #[test]
    fn a_company_over_a_quarter_of_the_weight_withholds_the_cohort() {
        // 3 of 10 = 30%.
        let mut heavy = cohort("a", 1..=5);
        for weight in heavy.members.values_mut() {
            *weight = dec!(1.75);
        }
        heavy.members.insert(Uuid::from_u128(1), dec!(3));
        assert!(matches!(
            plan_publication(&[heavy])[0].withheld,
            Some(WithheldReason::DominantCompany { .. })
        ));
        // Exactly 25% is allowed: 2 of 8.
        let mut quarter = cohort("a", 1..=7);
        quarter.members.insert(Uuid::from_u128(1), dec!(2));
        assert!(plan_publication(&[quarter])[0].published());
    }

    #[test]
    fn two_cohorts_one_company_apart_publish_only_one() {
        let narrow = CandidateCohort {
            key: CohortKey {
                industry: Some("saas".to_owned()),
                size_band: Some("smb".to_owned()),
            },
            ..cohort("saas", 1..=6)
        };
        let broad = cohort("saas", 1..=7);
        let decisions = plan_publication(&[broad, narrow]);
        assert_eq!(decisions.iter().filter(|d| d.published()).count(), 1);
        // The more specific one goes first and wins.
        assert!(decisions[0].published() && decisions[0].key.size_band.is_some());
        assert!(matches!(
            &decisions[1].withheld,
            Some(WithheldReason::TooCloseToPublished {
                required_difference: 5,
                ..
            })
        ));
    }

    #[test]
    fn identical_or_distant_member_sets_may_both_be_published() {
        let same = plan_publication(&[cohort("a", 1..=6), cohort("b", 1..=6)]);
        assert!(same.iter().all(PublicationDecision::published));
        let apart = plan_publication(&[cohort("a", 1..=6), cohort("b", 1..=11)]);
        assert!(apart.iter().all(PublicationDecision::published));
        let close = plan_publication(&[cohort("a", 1..=6), cohort("b", 1..=10)]);
        assert_eq!(close.iter().filter(|d| d.published()).count(), 1);
    }
}
