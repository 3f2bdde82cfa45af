//! Goals per period and scope, and the cascade from the company down to reps.
//!
//! The rules that need no database live here: scope levels and metrics, what
//! a target may be, which goal may be another's parent, and the coverage
//! check of a goal by its children (`children_total`, `coverage`, `gap`,
//! `status`). [`progress`] is also what activity counts are measured with
//! against their weekly targets.

use crate::{deal::parse_amount, period::Period, validation::FieldError};
use rust_decimal::Decimal;
use serde::Serialize;

crate::org::text_enum!(
    /// Whose goal it is. A level's parent may sit at the same or any higher level.
    ScopeKind, "scope_kind", Company = "company", Region = "region", Team = "team", Rep = "rep"
);

crate::org::text_enum!(
    /// What a goal counts.
    GoalMetric, "metric",
    Revenue = "revenue", NewLogos = "new_logos", PipelineCreated = "pipeline_created", Activities = "activities"
);

impl ScopeKind {
    /// 0 for the company, growing towards reps.
    pub fn level(self) -> u8 {
        match self {
            ScopeKind::Company => 0,
            ScopeKind::Region => 1,
            ScopeKind::Team => 2,
            ScopeKind::Rep => 3,
        }
    }
}

impl GoalMetric {
    /// Money metrics carry a currency; counts must not.
    pub fn is_money(self) -> bool {
        matches!(self, GoalMetric::Revenue | GoalMetric::PipelineCreated)
    }
}

/// Children may add up to this much above their parent and still count as covering it.
pub const OVER_TOLERANCE_PERCENT: i64 = 10;

/// A target: not negative, a whole number for counts, at most two decimal
/// places (and within `numeric(18,2)`) for money; always written to two places.
pub fn parse_target(metric: GoalMetric, value: Decimal) -> Result<Decimal, FieldError> {
    let mut amount = parse_amount(value).map_err(|e| FieldError::new("target", e.message))?;
    if !metric.is_money() && amount.fract() != Decimal::ZERO {
        return Err(FieldError::new(
            "target",
            "must be a whole number for this metric",
        ));
    }
    // Two places, as the column stores it, so a new goal reads the same as a loaded one.
    amount.rescale(2);
    Ok(amount)
}

/// `done / target` to four decimal places; `None` when there is no target to measure against.
pub fn progress(done: Decimal, target: Decimal) -> Option<Decimal> {
    if target <= Decimal::ZERO {
        return None;
    }
    let mut ratio = (done / target).round_dp(4);
    ratio.rescale(4);
    Some(ratio)
}

/// The facts about a goal that decide whether it may be another's parent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoalShape<'a> {
    pub scope_kind: ScopeKind,
    pub metric: GoalMetric,
    pub currency: Option<&'a str>,
    pub period: Period,
}

/// Checks that `parent` may hold `child` in the cascade: same metric and
/// currency, a period that covers the child's, and the same or a higher
/// scope level. Errors name `parent_id`.
pub fn check_parent(child: &GoalShape<'_>, parent: &GoalShape<'_>) -> Result<(), FieldError> {
    let refuse = |message: String| Err(FieldError::new("parent_id", message));
    if parent.metric != child.metric {
        return refuse(format!(
            "is a {} goal; this goal counts {}",
            parent.metric.as_str(),
            child.metric.as_str()
        ));
    }
    if parent.currency != child.currency {
        return refuse(format!(
            "is in {}; this goal is in {}",
            parent.currency.unwrap_or("no currency"),
            child.currency.unwrap_or("no currency")
        ));
    }
    if !parent.period.covers(&child.period) {
        return refuse(format!(
            "covers {}, which does not include {}",
            parent.period, child.period
        ));
    }
    if parent.scope_kind.level() > child.scope_kind.level() {
        return refuse(format!(
            "is a {} goal, below a {} goal in the cascade",
            parent.scope_kind.as_str(),
            child.scope_kind.as_str()
        ));
    }
    Ok(())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CoverageStatus {
    /// The children add up to the target, or up to 10% more.
    Covered,
    /// The children add up to less than the target.
    Short,
    /// The children exceed the target by more than 10%.
    Over,
    /// Nothing below this goal yet.
    NoChildren,
}

/// How well a goal's children add up to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Coverage {
    pub children_total: Decimal,
    /// `children_total / target` to four places; `None` without children or with a zero target.
    pub coverage: Option<Decimal>,
    /// `target - children_total`: negative when the children exceed the target.
    pub gap: Decimal,
    pub status: CoverageStatus,
}

/// A child's target as the coverage check sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChildTarget<'a> {
    pub target: Decimal,
    pub currency: Option<&'a str>,
}

/// Sums the children (across their periods: three monthly goals under a
/// quarterly one add up) and compares them with `target`. Money in different
/// currencies is never added: such a child is an error, not a number.
pub fn coverage(
    target: Decimal,
    currency: Option<&str>,
    children: &[ChildTarget<'_>],
) -> Result<Coverage, FieldError> {
    if children.iter().any(|child| child.currency != currency) {
        return Err(FieldError::new(
            "currency",
            "a child goal is in another currency than its parent",
        ));
    }
    let children_total: Decimal = children.iter().map(|child| child.target).sum();
    let gap = target - children_total;
    if children.is_empty() {
        return Ok(Coverage {
            children_total,
            coverage: None,
            gap,
            status: CoverageStatus::NoChildren,
        });
    }
    let tolerance = target * Decimal::new(100 + OVER_TOLERANCE_PERCENT, 2);
    let status = if children_total < target {
        CoverageStatus::Short
    } else if children_total > tolerance {
        CoverageStatus::Over
    } else {
        CoverageStatus::Covered
    };
    Ok(Coverage {
        children_total,
        coverage: progress(children_total, target),
        gap,
        status,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn usd(target: i64) -> ChildTarget<'static> {
        ChildTarget {
            target: Decimal::from(target),
            currency: Some("USD"),
        }
    }

    fn shape(scope_kind: ScopeKind, period: &str) -> GoalShape<'static> {
        GoalShape {
            scope_kind,
            metric: GoalMetric::Revenue,
            currency: Some("USD"),
            period: period.parse().unwrap(),
        }
    }

    #[test]
    fn two_regions_short_of_the_company_goal() {
        let result = coverage(
            Decimal::from(1_000_000),
            Some("USD"),
            &[usd(600_000), usd(300_000)],
        )
        .unwrap();
        assert_eq!(result.children_total, Decimal::from(900_000));
        assert_eq!(result.coverage.unwrap().to_string(), "0.9000");
        assert_eq!(result.gap, Decimal::from(100_000));
        assert_eq!(result.status, CoverageStatus::Short);
    }

    #[test]
    fn up_to_ten_percent_over_still_covers_and_beyond_is_over() {
        let target = Decimal::from(1000);
        assert_eq!(
            coverage(target, Some("USD"), &[usd(1000)]).unwrap().status,
            CoverageStatus::Covered
        );
        assert_eq!(
            coverage(target, Some("USD"), &[usd(1100)]).unwrap().status,
            CoverageStatus::Covered
        );
        let over = coverage(target, Some("USD"), &[usd(600), usd(501)]).unwrap();
        assert_eq!(over.status, CoverageStatus::Over);
        assert_eq!(over.gap, Decimal::from(-101));
        assert_eq!(over.coverage.unwrap().to_string(), "1.1010");
    }

    #[test]
    fn monthly_children_add_up_under_a_quarterly_parent() {
        let months = [usd(100), usd(100), usd(100)];
        let result = coverage(Decimal::from(300), Some("USD"), &months).unwrap();
        assert_eq!(result.status, CoverageStatus::Covered);
        assert_eq!(result.coverage.unwrap().to_string(), "1.0000");
    }

    #[test]
    fn a_goal_without_children_or_with_a_zero_target() {
        let alone = coverage(Decimal::from(500), Some("USD"), &[]).unwrap();
        assert_eq!(alone.status, CoverageStatus::NoChildren);
        assert_eq!((alone.coverage, alone.gap), (None, Decimal::from(500)));
        let zero = coverage(Decimal::ZERO, Some("USD"), &[usd(0)]).unwrap();
        assert_eq!(
            (zero.status, zero.coverage),
            (CoverageStatus::Covered, None)
        );
        let zero_over = coverage(Decimal::ZERO, Some("USD"), &[usd(10)]).unwrap();
        assert_eq!(zero_over.status, CoverageStatus::Over);
    }

    #[test]
    fn money_in_two_currencies_is_never_added() {
        let eur = ChildTarget {
            target: Decimal::from(10),
            currency: Some("EUR"),
        };
        assert_eq!(
            coverage(Decimal::from(10), Some("USD"), &[eur])
                .unwrap_err()
                .field,
            "currency"
        );
        let mut child = shape(ScopeKind::Region, "2026-Q3");
        child.currency = Some("EUR");
        let error = check_parent(&child, &shape(ScopeKind::Company, "2026-Q3")).unwrap_err();
        assert_eq!(error.field, "parent_id");
    }

    #[test]
    fn parents_share_the_metric_cover_the_period_and_sit_at_or_above() {
        let company_q3 = shape(ScopeKind::Company, "2026-Q3");
        assert!(check_parent(&shape(ScopeKind::Region, "2026-Q3"), &company_q3).is_ok());
        assert!(
            check_parent(&shape(ScopeKind::Team, "2026-Q3"), &company_q3).is_ok(),
            "a team may skip the region"
        );
        assert!(check_parent(
            &shape(ScopeKind::Rep, "2026-08"),
            &shape(ScopeKind::Team, "2026-Q3")
        )
        .is_ok());
        assert!(check_parent(
            &shape(ScopeKind::Team, "2026-08"),
            &shape(ScopeKind::Team, "2026-Q3")
        )
        .is_ok());
        assert!(
            check_parent(&shape(ScopeKind::Region, "2026-Q4"), &company_q3).is_err(),
            "another quarter"
        );
        assert!(
            check_parent(&shape(ScopeKind::Region, "2026"), &company_q3).is_err(),
            "a longer child"
        );
        assert!(
            check_parent(&company_q3, &shape(ScopeKind::Region, "2026")).is_err(),
            "upside down"
        );
        let mut logos = shape(ScopeKind::Region, "2026-Q3");
        logos.metric = GoalMetric::NewLogos;
        logos.currency = None;
        assert!(check_parent(&logos, &company_q3).is_err());
    }

    #[test]
    fn targets_are_non_negative_and_whole_for_counts() {
        assert_eq!(
            parse_target(GoalMetric::Revenue, Decimal::new(12345, 2)).unwrap(),
            Decimal::new(12345, 2)
        );
        assert_eq!(
            parse_target(GoalMetric::Revenue, Decimal::from(5))
                .unwrap()
                .to_string(),
            "5.00"
        );
        assert_eq!(
            parse_target(GoalMetric::Revenue, Decimal::from(-1))
                .unwrap_err()
                .field,
            "target"
        );
        assert_eq!(
            parse_target(GoalMetric::Revenue, Decimal::new(1, 3))
                .unwrap_err()
                .field,
            "target"
        );
        assert_eq!(
            parse_target(GoalMetric::NewLogos, Decimal::new(15, 1))
                .unwrap_err()
                .field,
            "target"
        );
        assert!(parse_target(GoalMetric::Activities, Decimal::from(40)).is_ok());
    }

    #[test]
    fn progress_is_a_ratio_to_four_places_and_absent_without_a_target() {
        assert_eq!(
            progress(Decimal::from(3), Decimal::from(10))
                .unwrap()
                .to_string(),
            "0.3000"
        );
        assert_eq!(
            progress(Decimal::from(2), Decimal::from(3))
                .unwrap()
                .to_string(),
            "0.6667"
        );
        assert_eq!(progress(Decimal::from(5), Decimal::ZERO), None);
    }
}
