//! The KPI scorecard page's data: the scopes and periods the caller may pick,
//! and the scorecard of the chosen ones.

use super::model::*;
use crate::problem::Problem;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

#[cfg(feature = "ssr")]
use {super::support, crate::server};

/// The scorecard of `scope` (`company`, `region:<id>`, `team:<id>`,
/// `rep:<id>`) for `period` (a calendar period, or `custom` with `from` and
/// `to`); empty values mean the company and this quarter. A scorecard the
/// API refuses (a bad range, a scope a rep may not see) comes back as
/// `problem` beside the picker, not as an error of the page.
#[server(prefix = "/fn", input = GetUrl)]
pub async fn load_scorecard(
    scope: String,
    period: String,
    from: String,
    to: String,
) -> Result<KpiPage, Problem> {
    use attain_api::routes::{kpis::scorecard, teams};
    use attain_domain::Role;
    let (state, principal) = server::caller(None).await?;
    let people = support::everyone(&state, &principal).await?;
    let me = support::me(&people, &principal);
    let scopes = if principal.role == Role::Rep {
        let mut groups = vec![(
            "Company".to_owned(),
            vec![("company".to_owned(), "Whole company".to_owned())],
        )];
        if let Some(me) = me {
            groups.push((
                "You".to_owned(),
                vec![(format!("rep:{me}"), "My scorecard".to_owned())],
            ));
        }
        groups
    } else {
        let teams = teams::list::run(&state, &principal).await?;
        support::scope_groups(&teams, &people, me)
    };
    let (year, month, _) = support::today();
    let periods = scorecard_periods(year, month);
    let scope = if scope.trim().is_empty() {
        "company".to_owned()
    } else {
        scope.trim().to_owned()
    };
    let custom = period == "custom";
    let period = if period.trim().is_empty() {
        periods
            .get(2)
            .map(|(key, _)| key.clone())
            .unwrap_or_default()
    } else {
        period.trim().to_owned()
    };
    let mut page = KpiPage {
        scope_label: support::label_in(&scopes, &scope).unwrap_or_else(|| scope.clone()),
        period_label: if custom {
            "Custom range".to_owned()
        } else {
            period_label(&period)
        },
        scopes,
        periods,
        scope: scope.clone(),
        period: period.clone(),
        from: from.trim().to_owned(),
        to: to.trim().to_owned(),
        card: None,
        source: String::new(),
        computed_at: None,
        problem: None,
    };
    let query = if custom {
        let (from, to) = match (support::date(&from, "from"), support::date(&to, "to")) {
            (Ok(Some(from)), Ok(Some(to))) => (from, to),
            (Err(problem), _) | (_, Err(problem)) => {
                page.problem = Some(problem);
                return Ok(page);
            }
            (Ok(None), _) => {
                page.problem = Some(support::field("from", "choose the first day of the range"));
                return Ok(page);
            }
            (_, Ok(None)) => {
                page.problem = Some(support::field("to", "choose the last day of the range"));
                return Ok(page);
            }
        };
        scorecard::ScorecardQuery {
            scope: Some(scope),
            period: None,
            from: Some(from),
            to: Some(to),
            fresh: None,
        }
    } else {
        scorecard::ScorecardQuery {
            scope: Some(scope),
            period: Some(period),
            from: None,
            to: None,
            fresh: None,
        }
    };
    match scorecard::run(&state, &principal, query).await {
        Ok(view) => {
            let card: ScorecardData = serde_json::from_value(view.scorecard)
                .map_err(|e| Problem::from(attain_api::ApiError::internal(e)))?;
            if custom {
                page.period_label = period_label(&view.period);
            }
            page.source = view.source.to_owned();
            page.computed_at = view
                .computed_at
                .map(|at| at.format("%Y-%m-%d %H:%M UTC").to_string());
            page.card = Some(card);
        }
        Err(error) => page.problem = Some(Problem::from(error)),
    }
    Ok(page)
}
