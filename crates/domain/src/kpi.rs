//! KPI arithmetic for a snapshot: totals per currency (amounts in different
//! currencies are never added together), counts and the win rate.

use crate::deal::{Currency, DealStatus};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One group of deals as the database aggregates them.
#[derive(Debug, Clone, PartialEq)]
pub struct DealAggregate {
    pub status: DealStatus,
    pub currency: Currency,
    pub count: i64,
    pub amount: Decimal,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct KpiFigures {
    /// Won amount per currency code.
    pub won_amount: BTreeMap<String, Decimal>,
    /// Open pipeline per currency code.
    pub open_pipeline: BTreeMap<String, Decimal>,
    pub deal_count: i64,
    pub open_count: i64,
    pub won_count: i64,
    pub lost_count: i64,
    /// Won deals over closed deals, 0..=1 with four decimals; `None` before any deal closes.
    pub win_rate: Option<Decimal>,
}

impl KpiFigures {
    pub fn from_aggregates(rows: &[DealAggregate]) -> Self {
        let mut figures = KpiFigures {
            won_amount: BTreeMap::new(),
            open_pipeline: BTreeMap::new(),
            deal_count: 0,
            open_count: 0,
            won_count: 0,
            lost_count: 0,
            win_rate: None,
        };
        for row in rows {
            figures.deal_count += row.count;
            let currency = row.currency.as_str().to_owned();
            match row.status {
                DealStatus::Open => {
                    figures.open_count += row.count;
                    *figures.open_pipeline.entry(currency).or_default() += row.amount;
                }
                DealStatus::Won => {
                    figures.won_count += row.count;
                    *figures.won_amount.entry(currency).or_default() += row.amount;
                }
                DealStatus::Lost => figures.lost_count += row.count,
            }
        }
        figures.win_rate = win_rate(figures.won_count, figures.lost_count);
        figures
    }
}

pub fn win_rate(won: i64, lost: i64) -> Option<Decimal> {
    let closed = won + lost;
    (closed > 0).then(|| (Decimal::from(won) / Decimal::from(closed)).round_dp(4))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(status: DealStatus, currency: &str, count: i64, amount: i64) -> DealAggregate {
        DealAggregate {
            status,
            currency: Currency::parse(currency).expect("currency"),
            count,
            amount: Decimal::from(amount),
        }
    }

    #[test]
    fn currencies_are_kept_apart_and_win_rate_counts_closed_deals_only() {
        let figures = KpiFigures::from_aggregates(&[
            row(DealStatus::Won, "USD", 2, 1000),
            row(DealStatus::Won, "EUR", 1, 500),
            row(DealStatus::Lost, "USD", 3, 9000),
            row(DealStatus::Open, "USD", 4, 2500),
        ]);
        assert_eq!(figures.won_amount["USD"], Decimal::from(1000));
        assert_eq!(figures.won_amount["EUR"], Decimal::from(500));
        assert_eq!(figures.open_pipeline["USD"], Decimal::from(2500));
        assert_eq!(figures.deal_count, 10);
        assert_eq!(figures.win_rate, Some(Decimal::new(5, 1)));
    }

    #[test]
    fn no_closed_deals_means_no_win_rate() {
        assert_eq!(win_rate(0, 0), None);
        assert_eq!(win_rate(1, 2), Some(Decimal::new(3333, 4)));
    }
}
