//! The ideal customer profile: weighted criteria an admin edits, and the fit
//! score (0–100) of an account against them.
//!
//! The score is the matched weight over the total weight, in percent, rounded
//! half up. Criteria on the same attribute are alternatives (an account has one
//! industry), so per attribute only the best-matching weight counts, and only
//! the largest weight of that attribute counts towards the total.

use crate::{org::Segment, validation::FieldError};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

crate::org::text_enum!(
    /// Which account attribute a criterion tests.
    IcpAttribute, "attribute",
    Industry = "industry", Segment = "segment", Region = "region",
    EmployeesMin = "employees_min", EmployeesMax = "employees_max"
);

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IcpCriterion {
    pub attribute: IcpAttribute,
    /// An industry name, a segment, a region id, or a headcount.
    pub value: String,
    /// 1 to 100.
    pub weight: i32,
}

/// What the score looks at on an account.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AccountProfile {
    pub industry: String,
    pub segment: Option<Segment>,
    pub region_id: Option<String>,
    pub employees: Option<i32>,
}

/// Checks a whole profile as the admin saves it.
pub fn validate(criteria: &[IcpCriterion]) -> Result<(), FieldError> {
    if criteria.len() > 50 {
        return Err(FieldError::new("criteria", "at most 50 criteria"));
    }
    for criterion in criteria {
        if !(1..=100).contains(&criterion.weight) {
            return Err(FieldError::new("weight", "must be between 1 and 100"));
        }
        let value = criterion.value.trim();
        if value.is_empty() || value.chars().count() > 120 {
            return Err(FieldError::new("value", "must be 1 to 120 characters"));
        }
        match criterion.attribute {
            IcpAttribute::Segment => {
                value
                    .parse::<Segment>()
                    .map_err(|e| FieldError::new("value", e.message))?;
            }
            IcpAttribute::EmployeesMin | IcpAttribute::EmployeesMax => {
                value.parse::<u32>().map_err(|_| {
                    FieldError::new(
                        "value",
                        "a headcount criterion needs a whole number of employees",
                    )
                })?;
            }
            IcpAttribute::Industry | IcpAttribute::Region => {}
        }
    }
    Ok(())
}

fn matches(criterion: &IcpCriterion, account: &AccountProfile) -> bool {
    let value = criterion.value.trim();
    let headcount = || value.parse::<i32>().ok();
    match criterion.attribute {
        IcpAttribute::Industry => account.industry.trim().eq_ignore_ascii_case(value),
        IcpAttribute::Segment => account.segment.is_some_and(|s| s.as_str() == value),
        IcpAttribute::Region => account.region_id.as_deref() == Some(value),
        IcpAttribute::EmployeesMin => {
            matches!((account.employees, headcount()), (Some(n), Some(min)) if n >= min)
        }
        IcpAttribute::EmployeesMax => {
            matches!((account.employees, headcount()), (Some(n), Some(max)) if n <= max)
        }
    }
}

/// The account's fit, 0 to 100. An empty profile scores everyone 0.
pub fn score(criteria: &[IcpCriterion], account: &AccountProfile) -> i32 {
    let mut best: BTreeMap<IcpAttribute, (i32, i32)> = BTreeMap::new();
    for criterion in criteria {
        let matched = if matches(criterion, account) {
            criterion.weight
        } else {
            0
        };
        let entry = best.entry(criterion.attribute).or_insert((0, 0));
        entry.0 = entry.0.max(matched);
        entry.1 = entry.1.max(criterion.weight);
    }
    let (matched, total) = best
        .values()
        .fold((0i64, 0i64), |(m, t), (matched, weight)| {
            (m + *matched as i64, t + *weight as i64)
        });
    if total == 0 {
        return 0;
    }
    ((matched * 200 + total) / (total * 2)) as i32
}

#[cfg(test)]
mod tests {
    use super::*;

    fn criterion(attribute: IcpAttribute, value: &str, weight: i32) -> IcpCriterion {
        IcpCriterion {
            attribute,
            value: value.into(),
            weight,
        }
    }

    fn profile() -> Vec<IcpCriterion> {
        vec![
            criterion(IcpAttribute::Industry, "Software", 40),
            criterion(IcpAttribute::Industry, "Healthcare", 30),
            criterion(IcpAttribute::Segment, "mid_market", 30),
            criterion(IcpAttribute::EmployeesMin, "100", 30),
        ]
    }

    #[test]
    fn a_perfect_fit_scores_one_hundred_and_alternatives_do_not_inflate_the_total() {
        let account = AccountProfile {
            industry: "software".into(),
            segment: Some(Segment::MidMarket),
            region_id: None,
            employees: Some(450),
        };
        // Total = 40 (best industry weight) + 30 + 30 = 100; all matched.
        assert_eq!(score(&profile(), &account), 100);
    }

    #[test]
    fn partial_fits_score_their_share_rounded_half_up() {
        let healthcare_small = AccountProfile {
            industry: "Healthcare".into(),
            segment: Some(Segment::Smb),
            region_id: None,
            employees: Some(40),
        };
        // 30 of 100.
        assert_eq!(score(&profile(), &healthcare_small), 30);
        let odd = vec![
            criterion(IcpAttribute::Industry, "Retail", 1),
            criterion(IcpAttribute::Segment, "smb", 2),
        ];
        // 1 of 3 = 33.3 → 33; 2 of 3 = 66.7 → 67.
        let retail = AccountProfile {
            industry: "Retail".into(),
            ..Default::default()
        };
        assert_eq!(score(&odd, &retail), 33);
        let smb = AccountProfile {
            segment: Some(Segment::Smb),
            ..Default::default()
        };
        assert_eq!(score(&odd, &smb), 67);
        assert_eq!(score(&[], &smb), 0);
    }

    #[test]
    fn bad_criteria_name_the_field() {
        assert_eq!(
            validate(&[criterion(IcpAttribute::Segment, "huge", 10)])
                .unwrap_err()
                .field,
            "value"
        );
        assert_eq!(
            validate(&[criterion(IcpAttribute::Industry, "Software", 0)])
                .unwrap_err()
                .field,
            "weight"
        );
        assert_eq!(
            validate(&[criterion(IcpAttribute::EmployeesMin, "many", 5)])
                .unwrap_err()
                .field,
            "value"
        );
    }
}
