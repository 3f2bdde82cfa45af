//! Golden tests: worked examples of the incentive-compensation engine, each
//! computed by hand in the comments above its asserts.
//!
//! Unless a test says otherwise: the tenant runs quarterly statements for
//! 2026, Ana (1) and Ben (2) are reps, Mia (3) manages them, deals are won
//! new-business deals in USD, and plans pay in USD.

mod common;

use attain_comp::{
    plan::{AttainmentBonus, Draw, Measure, Spiff},
    Line, LineKind, PlanRules,
};
use attain_domain::{deal::DealType, org::ProductPriority};
use common::*;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

const ANA: u128 = 1;
const BEN: u128 = 2;
const MIA: u128 = 3;
const DEE: u128 = 4;
const KEN: u128 = 5;

/// (tier, rate, base, amount) of a commission or roll-up line.
fn paid(line: &Line) -> (Option<u32>, Option<Decimal>, Option<Decimal>, Decimal) {
    (line.tier, line.rate, line.base, line.amount)
}

/// Attainment before and after a line, percent.
fn span(line: &Line) -> (Option<Decimal>, Option<Decimal>) {
    (line.attainment_from_pct, line.attainment_to_pct)
}

/// 0–50% at 5%, 50–100% at 10%, 100–150% at 15%, 150% and above at 20%.
fn four_tiers() -> Vec<attain_comp::Tier> {
    vec![
        tier(dec!(0), Some(dec!(50)), dec!(0.05)),
        tier(dec!(50), Some(dec!(100)), dec!(0.10)),
        tier(dec!(100), Some(dec!(150)), dec!(0.15)),
        tier(dec!(150), None, dec!(0.20)),
    ]
}

/// 0–100% at 10%, 100% and above at 15%.
fn two_tiers() -> Vec<attain_comp::Tier> {
    vec![
        tier(dec!(0), Some(dec!(100)), dec!(0.10)),
        tier(dec!(100), None, dec!(0.15)),
    ]
}

/// Ana alone on plan 100 with `rules`.
fn ana_on(rules: PlanRules) -> World {
    let mut w = World::quarterly();
    w.person(ANA, "Ana", None).plan(100, rules).assign(100, ANA);
    w
}

#[test]
fn marginal_tiers_with_deals_ending_exactly_at_50_100_and_150_percent() {
    let q1 = quarter(2026, 1);
    let mut w = ana_on(marginal(four_tiers()));
    w.quota(ANA, q1, dec!(100000))
        .deal(deal(1001, "Alpha", ANA, day(2026, 1, 10), dec!(50000)))
        .deal(deal(1002, "Bravo", ANA, day(2026, 2, 10), dec!(50000)))
        .deal(deal(1003, "Charlie", ANA, day(2026, 3, 10), dec!(50000)))
        .deal(deal(1004, "Delta", ANA, day(2026, 3, 20), dec!(10000)));
    let s = w.statement(ANA, q1);

    // Quota 100,000. Running credit 50,000 → 100,000 → 150,000 → 160,000.
    // A deal ending exactly on a boundary stays wholly in the tier below it:
    // no empty slice in the next tier.
    //   Alpha   0 – 50%   50,000 × 5%  = 2,500
    //   Bravo  50 – 100%  50,000 × 10% = 5,000
    //   Charlie 100 – 150% 50,000 × 15% = 7,500
    //   Delta 150 – 160%  10,000 × 20% = 2,000
    //   total 17,000; attainment 160,000 / 100,000 = 160%.
    assert_eq!(s.lines.len(), 4);
    assert_eq!(
        paid(&s.lines[0]),
        (Some(1), Some(dec!(0.05)), Some(dec!(50000)), dec!(2500))
    );
    assert_eq!(
        paid(&s.lines[1]),
        (Some(2), Some(dec!(0.10)), Some(dec!(50000)), dec!(5000))
    );
    assert_eq!(
        paid(&s.lines[2]),
        (Some(3), Some(dec!(0.15)), Some(dec!(50000)), dec!(7500))
    );
    assert_eq!(
        paid(&s.lines[3]),
        (Some(4), Some(dec!(0.20)), Some(dec!(10000)), dec!(2000))
    );
    assert_eq!(span(&s.lines[0]), (Some(dec!(0)), Some(dec!(50))));
    assert_eq!(span(&s.lines[1]), (Some(dec!(50)), Some(dec!(100))));
    assert_eq!(span(&s.lines[2]), (Some(dec!(100)), Some(dec!(150))));
    assert_eq!(span(&s.lines[3]), (Some(dec!(150)), Some(dec!(160))));
    assert_eq!(s.lines[0].rule, "Tier 1 (0–50%) at 5%, marginal");
    assert_eq!(s.lines[3].rule, "Tier 4 (150% and above) at 20%, marginal");
    assert_eq!(s.lines[1].deal_name.as_deref(), Some("Bravo"));
    assert_eq!(s.lines[1].credit_share_pct, Some(dec!(100)));
    assert_eq!(s.lines[1].weight, Some(dec!(1)));
    assert_eq!(s.lines[1].fx_rate, Some(dec!(1)));
    assert_eq!(s.credited, dec!(160000));
    assert_eq!(s.attainment_pct, Some(dec!(160.00)));
    assert_eq!(s.payout, dec!(17000));
    assert_eq!(s.earned, dec!(17000));
    assert!(s.warnings.is_empty(), "{:?}", s.warnings);
    assert_totals_add_up(&s);
}

#[test]
fn retroactive_tiers_at_exactly_50_100_and_150_percent_pay_the_tier_that_starts_there() {
    let quarters = [
        quarter(2026, 1),
        quarter(2026, 2),
        quarter(2026, 3),
        quarter(2026, 4),
    ];
    let mut w = ana_on(retroactive(four_tiers()));
    for q in quarters {
        w.quota(ANA, q, dec!(100000));
    }
    w.deal(deal(1001, "Q1 deal", ANA, day(2026, 2, 1), dec!(50000)))
        .deal(deal(1002, "Q2 deal", ANA, day(2026, 5, 1), dec!(100000)))
        .deal(deal(1003, "Q3 deal", ANA, day(2026, 8, 1), dec!(150000)))
        .deal(deal(1004, "Q4 deal", ANA, day(2026, 11, 1), dec!(149990)));
    let s = w.statements(ANA, &quarters);

    // Tier reached = the last tier whose from_pct ≤ attainment.
    // Q1: 50,000 = 50.00%      → tier 2 (50–100%) 10%:  50,000 × 10% =  5,000
    // Q2: 100,000 = 100.00%    → tier 3 (100–150%) 15%: 100,000 × 15% = 15,000
    // Q3: 150,000 = 150.00%    → tier 4 (150%+) 20%:    150,000 × 20% = 30,000
    // Q4: 149,990 = 149.99%    → tier 3 15%:            149,990 × 15% = 22,498.50
    let expected = [
        (2, dec!(0.10), dec!(5000), dec!(50.00)),
        (3, dec!(0.15), dec!(15000), dec!(100.00)),
        (4, dec!(0.20), dec!(30000), dec!(150.00)),
        (3, dec!(0.15), dec!(22498.50), dec!(149.99)),
    ];
    for (statement, (tier_no, rate, amount, pct)) in s.iter().zip(expected) {
        assert_eq!(statement.lines.len(), 1, "{}", statement.period);
        let line = &statement.lines[0];
        assert_eq!(
            (line.tier, line.rate, line.amount),
            (Some(tier_no), Some(rate), amount),
            "{}",
            statement.period
        );
        assert_eq!(statement.attainment_pct, Some(pct));
        assert_eq!(statement.payout, amount);
        assert!(
            line.rule
                .contains("retroactive: the whole period at the tier reached"),
            "{}",
            line.rule
        );
        assert_totals_add_up(statement);
    }
    assert_eq!(
        s[1].lines[0].rule,
        "Tier 3 (100–150%) at 15%, retroactive: the whole period at the tier reached"
    );
}

#[test]
fn marginal_and_retroactive_on_the_same_deals() {
    let q1 = quarter(2026, 1);
    let mut w = World::quarterly();
    w.person(ANA, "Ana", None)
        .person(BEN, "Ben", None)
        .plan(100, marginal(two_tiers()))
        .plan(101, retroactive(two_tiers()))
        .assign(100, ANA)
        .assign(101, BEN)
        .quota(ANA, q1, dec!(100000))
        .quota(BEN, q1, dec!(100000))
        .deal(deal(1001, "Acme", ANA, day(2026, 1, 10), dec!(40000)))
        .deal(deal(1002, "Globex", ANA, day(2026, 2, 10), dec!(80000)))
        .deal(deal(1003, "Acme", BEN, day(2026, 1, 10), dec!(40000)))
        .deal(deal(1004, "Globex", BEN, day(2026, 2, 10), dec!(80000)));

    // Quota 100,000; deals 40,000 then 80,000 → 120,000 = 120%.
    // Marginal (Ana):
    //   Acme    0 – 40%    40,000 × 10% = 4,000
    //   Globex 40 – 100%   60,000 × 10% = 6,000
    //   Globex 100 – 120%  20,000 × 15% = 3,000
    //   total 13,000
    let ana = w.statement(ANA, q1);
    assert_eq!(ana.lines.len(), 3);
    assert_eq!(
        paid(&ana.lines[0]),
        (Some(1), Some(dec!(0.10)), Some(dec!(40000)), dec!(4000))
    );
    assert_eq!(
        paid(&ana.lines[1]),
        (Some(1), Some(dec!(0.10)), Some(dec!(60000)), dec!(6000))
    );
    assert_eq!(
        paid(&ana.lines[2]),
        (Some(2), Some(dec!(0.15)), Some(dec!(20000)), dec!(3000))
    );
    assert_eq!(span(&ana.lines[1]), (Some(dec!(40)), Some(dec!(100))));
    assert_eq!(span(&ana.lines[2]), (Some(dec!(100)), Some(dec!(120))));
    assert_eq!(ana.payout, dec!(13000));

    // Retroactive (Ben): the period ends at 120% → tier 2 (15%) on everything:
    //   Acme   40,000 × 15% =  6,000
    //   Globex 80,000 × 15% = 12,000
    //   total 18,000 = 13,000 + 5 points on the first 100,000.
    let ben = w.statement(BEN, q1);
    assert_eq!(ben.lines.len(), 2);
    assert_eq!(
        paid(&ben.lines[0]),
        (Some(2), Some(dec!(0.15)), Some(dec!(40000)), dec!(6000))
    );
    assert_eq!(
        paid(&ben.lines[1]),
        (Some(2), Some(dec!(0.15)), Some(dec!(80000)), dec!(12000))
    );
    assert_eq!(ben.payout, dec!(18000));
    assert_eq!(ana.attainment_pct, ben.attainment_pct);
    assert_eq!(ben.attainment_pct, Some(dec!(120.00)));
    assert_totals_add_up(&ana);
    assert_totals_add_up(&ben);
}

#[test]
fn a_threshold_pays_nothing_below_it_and_everything_from_it() {
    let (q1, q2) = (quarter(2026, 1), quarter(2026, 2));
    let mut w = ana_on(PlanRules {
        threshold_pct: Some(dec!(50)),
        ..flat(dec!(0.10))
    });
    w.quota(ANA, q1, dec!(100000))
        .quota(ANA, q2, dec!(100000))
        .deal(deal(1001, "Short", ANA, day(2026, 3, 1), dec!(49990)))
        .deal(deal(1002, "Exactly", ANA, day(2026, 6, 1), dec!(50000)));

    // Threshold 50%. Q1: 49,990 / 100,000 = 49.99% < 50% → the line stays
    // (traceable) but pays 0.00 — rounded to cents like every other line.
    let s1 = w.statement(ANA, q1);
    assert_eq!(s1.lines.len(), 1);
    assert_eq!(s1.lines[0].amount.to_string(), "0.00");
    assert_eq!(s1.lines[0].base, Some(dec!(49990)));
    assert_eq!(
        s1.lines[0].rule,
        "Below the 50% threshold (attainment 49.99%): nothing paid"
    );
    assert_eq!(s1.attainment_pct, Some(dec!(49.99)));
    assert_eq!(s1.payout, dec!(0));

    // Q2: 50,000 = exactly 50% → not below → 50,000 × 10% = 5,000.
    let s2 = w.statement(ANA, q2);
    assert_eq!(
        paid(&s2.lines[0]),
        (Some(1), Some(dec!(0.10)), Some(dec!(50000)), dec!(5000))
    );
    assert_eq!(s2.lines[0].rule, "Tier 1 (0% and above) at 10%, marginal");
    assert_eq!(s2.payout, dec!(5000));
    assert_totals_add_up(&s1);
    assert_totals_add_up(&s2);
}

#[test]
fn a_per_deal_cap_cuts_only_the_deal_above_it() {
    let q1 = quarter(2026, 1);
    let mut w = ana_on(PlanRules {
        cap_per_deal: Some(dec!(5000)),
        ..flat(dec!(0.10))
    });
    w.quota(ANA, q1, dec!(200000))
        .deal(deal(1001, "Big", ANA, day(2026, 1, 10), dec!(80000)))
        .deal(deal(1002, "Small", ANA, day(2026, 2, 10), dec!(30000)));
    let s = w.statement(ANA, q1);

    // Big:   80,000 × 10% = 8,000 > cap 5,000 → cap line −3,000 → 5,000
    // Small: 30,000 × 10% = 3,000 ≤ cap       → no cap line
    // payout 5,000 + 3,000 = 8,000
    let big = lines_for(&s, 1001);
    assert_eq!(big.len(), 2);
    assert_eq!(big[0].amount, dec!(8000));
    assert_eq!(big[1].kind, LineKind::DealCap);
    assert_eq!(big[1].amount, dec!(-3000));
    assert_eq!(big[1].rule, "Cap of 5000 USD per deal");
    let small = lines_for(&s, 1002);
    assert_eq!(small.len(), 1);
    assert_eq!(small[0].amount, dec!(3000));
    assert_eq!(s.earned, dec!(8000));
    assert_eq!(s.payout, dec!(8000));
    assert_totals_add_up(&s);
}

#[test]
fn a_per_period_cap_and_a_later_clawback_of_a_capped_deal() {
    let (q1, q2) = (quarter(2026, 1), quarter(2026, 2));
    let mut w = ana_on(PlanRules {
        cap_per_period: Some(dec!(10000)),
        clawback_days: Some(120),
        ..flat(dec!(0.10))
    });
    let mut globex = deal(1002, "Globex", ANA, day(2026, 3, 10), dec!(70000));
    globex.reversed_on = Some(day(2026, 4, 5));
    w.quota(ANA, q1, dec!(100000))
        .deal(deal(1001, "Acme", ANA, day(2026, 1, 10), dec!(60000)))
        .deal(globex);

    // Q1: 60,000 × 10% = 6,000; 70,000 × 10% = 7,000; earned 13,000 > cap
    // 10,000 → period cap line −3,000; payout 10,000.
    let s1 = w.statement(ANA, q1);
    let caps = lines_of(&s1, LineKind::PeriodCap);
    assert_eq!(caps.len(), 1);
    assert_eq!(caps[0].amount, dec!(-3000));
    assert_eq!(caps[0].rule, "Cap of 10000 USD per period");
    assert_eq!(s1.payout, dec!(10000));

    // Q2: Globex reversed on 5 April, 26 days after closing (≤ 120). It was
    // paid its share of the capped period: 7,000 × 10,000 / 13,000
    // = 5,384.615… → 5,384.62, which is taken back.
    let s2 = w.statement(ANA, q2);
    let back = lines_of(&s2, LineKind::Clawback);
    assert_eq!(back.len(), 1);
    assert_eq!(back[0].amount, dec!(-5384.62));
    assert!(
        back[0].rule.contains("26 days after closing on 2026-03-10"),
        "{}",
        back[0].rule
    );
    assert_eq!(s2.payout, dec!(-5384.62));
    assert_totals_add_up(&s1);
    assert_totals_add_up(&s2);
}

#[test]
fn a_split_deal_credits_each_rep_their_share() {
    let q1 = quarter(2026, 1);
    let mut w = World::quarterly();
    let mut acme = deal(1001, "Acme", ANA, day(2026, 2, 2), dec!(100000));
    acme.splits = vec![split(ANA, dec!(60)), split(BEN, dec!(40))];
    w.person(ANA, "Ana", None)
        .person(BEN, "Ben", None)
        .plan(100, flat(dec!(0.10)))
        .assign(100, ANA)
        .assign(100, BEN)
        .quota(ANA, q1, dec!(100000))
        .quota(BEN, q1, dec!(100000))
        .deal(acme);

    // Acme 100,000 split 60/40.
    // Ana: 100,000 × 60% = 60,000 × 10% = 6,000 (60% attainment)
    // Ben: 100,000 × 40% = 40,000 × 10% = 4,000 (40% attainment)
    let ana = w.statement(ANA, q1);
    let ben = w.statement(BEN, q1);
    assert_eq!(
        paid(&ana.lines[0]),
        (Some(1), Some(dec!(0.10)), Some(dec!(60000)), dec!(6000))
    );
    assert_eq!(
        paid(&ben.lines[0]),
        (Some(1), Some(dec!(0.10)), Some(dec!(40000)), dec!(4000))
    );
    assert_eq!(ana.lines[0].credit_share_pct, Some(dec!(60)));
    assert_eq!(ben.lines[0].credit_share_pct, Some(dec!(40)));
    assert_eq!(ben.lines[0].credited_from, Some(id(BEN)));
    assert_eq!(ben.lines[0].kind, LineKind::Commission);
    assert_eq!((ana.credited, ben.credited), (dec!(60000), dec!(40000)));
    assert_eq!(
        (ana.attainment_pct, ben.attainment_pct),
        (Some(dec!(60.00)), Some(dec!(40.00)))
    );
    assert_eq!(ana.payout + ben.payout, dec!(10000));
}

#[test]
fn managers_are_credited_with_their_whole_team_once() {
    let q1 = quarter(2026, 1);
    let mut w = World::quarterly();
    let manager_rules = PlanRules {
        crediting: attain_comp::Crediting {
            manager_rollup: true,
            ..Default::default()
        },
        ..marginal(vec![
            tier(dec!(0), Some(dec!(100)), dec!(0.02)),
            tier(dec!(100), None, dec!(0.04)),
        ])
    };
    w.person(DEE, "Dee", None)
        .person(MIA, "Mia", Some(DEE))
        .person(ANA, "Ana", Some(MIA))
        .person(BEN, "Ben", Some(MIA))
        .plan(100, flat(dec!(0.10)))
        .plan(101, manager_rules)
        .assign(100, ANA)
        .assign(100, BEN)
        .assign(101, MIA)
        .assign(101, DEE)
        .quota(MIA, q1, dec!(120000))
        .quota(DEE, q1, dec!(300000))
        .deal(deal(1001, "Acme", ANA, day(2026, 1, 10), dec!(100000)))
        .deal(deal(1002, "Globex", BEN, day(2026, 2, 10), dec!(50000)));

    // Mia (quota 120,000) is credited 100,000 + 50,000 = 150,000 = 125%:
    //   Acme   (from Ana) 0 – 83.33%    100,000 × 2% = 2,000
    //   Globex (from Ben) 83.33 – 100%   20,000 × 2% =   400
    //   Globex (from Ben) 100 – 125%     30,000 × 4% = 1,200
    //   total 3,600
    let mia = w.statement(MIA, q1);
    assert!(mia.lines.iter().all(|l| l.kind == LineKind::RollUp));
    assert_eq!(mia.lines.len(), 3);
    assert_eq!(
        paid(&mia.lines[0]),
        (Some(1), Some(dec!(0.02)), Some(dec!(100000)), dec!(2000))
    );
    assert_eq!(
        paid(&mia.lines[1]),
        (Some(1), Some(dec!(0.02)), Some(dec!(20000)), dec!(400))
    );
    assert_eq!(
        paid(&mia.lines[2]),
        (Some(2), Some(dec!(0.04)), Some(dec!(30000)), dec!(1200))
    );
    assert_eq!(span(&mia.lines[0]), (Some(dec!(0)), Some(dec!(83.33))));
    assert_eq!(mia.lines[0].credited_from, Some(id(ANA)));
    assert_eq!(mia.lines[2].credited_from, Some(id(BEN)));
    assert_eq!(
        mia.lines[0].rule,
        "Tier 1 (0–100%) at 2%, marginal; roll-up from Ana"
    );
    assert!(mia.lines[2].rule.ends_with("roll-up from Ben"));
    assert_eq!(mia.credited, dec!(150000));
    assert_eq!(mia.attainment_pct, Some(dec!(125.00)));
    assert_eq!(mia.payout, dec!(3600));

    // Dee, Mia's manager, is credited the same two deals once each (not
    // again through Mia): 150,000 of 300,000 = 50% → 150,000 × 2% = 3,000.
    let dee = w.statement(DEE, q1);
    assert_eq!(dee.lines.len(), 2);
    assert_eq!(dee.credited, dec!(150000));
    assert_eq!(dee.attainment_pct, Some(dec!(50.00)));
    assert_eq!(dee.payout, dec!(3000));

    // The reps are paid as usual: 10,000 and 5,000.
    assert_eq!(w.statement(ANA, q1).payout, dec!(10000));
    assert_eq!(w.statement(BEN, q1).payout, dec!(5000));
    assert_totals_add_up(&mia);
    assert_totals_add_up(&dee);
}

#[test]
fn a_per_deal_cap_applies_to_the_whole_deal_for_a_manager_with_split_roll_ups() {
    let q1 = quarter(2026, 1);
    let mut w = World::quarterly();
    let rep_rules = PlanRules {
        cap_per_deal: Some(dec!(5000)),
        ..flat(dec!(0.10))
    };
    let manager_rules = PlanRules {
        crediting: attain_comp::Crediting {
            manager_rollup: true,
            ..Default::default()
        },
        ..rep_rules.clone()
    };
    let mut jumbo = deal(1001, "Jumbo", ANA, day(2026, 2, 1), dec!(200000));
    jumbo.splits = vec![split(ANA, dec!(50)), split(BEN, dec!(50))];
    w.person(MIA, "Mia", None)
        .person(ANA, "Ana", Some(MIA))
        .person(BEN, "Ben", Some(MIA))
        .plan(100, rep_rules)
        .plan(101, manager_rules)
        .assign(100, ANA)
        .assign(100, BEN)
        .assign(101, MIA)
        .quota(MIA, q1, dec!(500000))
        .deal(jumbo);

    // Each rep: 100,000 × 10% = 10,000 on Jumbo, capped at 5,000.
    assert_eq!(w.statement(ANA, q1).payout, dec!(5000));
    assert_eq!(w.statement(BEN, q1).payout, dec!(5000));

    // Mia: roll-ups from Ana 10,000 and from Ben 10,000 = 20,000 on ONE deal;
    // the cap is per deal → 5,000, the same as if Ana had closed it alone.
    // (Capping each roll-up separately would pay 10,000 for the same deal.)
    let mia = w.statement(MIA, q1);
    let rollups = lines_of(&mia, LineKind::RollUp);
    assert_eq!(
        rollups.iter().map(|l| l.amount).sum::<Decimal>(),
        dec!(20000)
    );
    let caps = lines_of(&mia, LineKind::DealCap);
    assert_eq!(caps.iter().map(|l| l.amount).sum::<Decimal>(), dec!(-15000));
    assert!(caps.iter().all(|l| l.deal_id == Some(id(1001))));
    assert_eq!(mia.payout, dec!(5000));
    assert_totals_add_up(&mia);
}

#[test]
fn a_deal_reversed_within_the_window_is_clawed_back_in_a_later_period() {
    let (jan, feb, mar, apr, may) = (
        month(2026, 1),
        month(2026, 2),
        month(2026, 3),
        month(2026, 4),
        month(2026, 5),
    );
    let mut w = World::monthly();
    let mut hooli = deal(1001, "Hooli", ANA, day(2026, 1, 2), dec!(10000));
    hooli.reversed_on = Some(day(2026, 4, 3));
    let mut acme = deal(1002, "Acme", ANA, day(2026, 1, 15), dec!(150000));
    acme.reversed_on = Some(day(2026, 2, 20));
    let mut initech = deal(1003, "Initech", ANA, day(2026, 1, 31), dec!(10000));
    initech.reversed_on = Some(day(2026, 5, 1));
    w.person(ANA, "Ana", None)
        .plan(
            100,
            PlanRules {
                clawback_days: Some(90),
                ..marginal(two_tiers())
            },
        )
        .assign(100, ANA)
        .quota(ANA, jan, dec!(100000))
        .quota(ANA, feb, dec!(100000))
        .deal(hooli)
        .deal(acme)
        .deal(initech)
        .deal(deal(1004, "Globex", ANA, day(2026, 2, 3), dec!(20000)));
    let s = w.statements(ANA, &[jan, feb, mar, apr, may]);

    // January (quota 100,000; reversals do not change the closing period):
    //   Hooli    0 – 10%    10,000 × 10% =  1,000
    //   Acme    10 – 100%   90,000 × 10% =  9,000
    //   Acme   100 – 160%   60,000 × 15% =  9,000   (Acme paid 18,000)
    //   Initech 160 – 170%  10,000 × 15% =  1,500
    //   total 20,500
    assert_eq!(s[0].payout, dec!(20500));
    assert_eq!(
        lines_for(&s[0], 1002)
            .iter()
            .map(|l| l.amount)
            .sum::<Decimal>(),
        dec!(18000)
    );

    // February: Globex 20,000 × 10% = 2,000; Acme reversed 20 Feb, 36 days
    // after 15 Jan (≤ 90) → −18,000. Payout 2,000 − 18,000 = −16,000.
    let back = lines_of(&s[1], LineKind::Clawback);
    assert_eq!(back.len(), 1);
    assert_eq!(back[0].deal_id, Some(id(1002)));
    assert_eq!(back[0].amount, dec!(-18000));
    assert_eq!(
        back[0].rule,
        "Clawback: Acme was reversed on 2026-02-20 (36 days after closing on 2026-01-15); its 2026-01 payout is taken back"
    );
    assert_eq!(s[1].earned, dec!(-16000));
    assert_eq!(s[1].payout, dec!(-16000));

    // March: nothing. April: Hooli reversed 3 Apr = 91 days after 2 Jan
    // (> 90) → no clawback.
    assert!(s[2].lines.is_empty());
    assert!(s[3].lines.is_empty());
    assert_eq!(s[3].payout, dec!(0));

    // May: Initech reversed 1 May = exactly 90 days after 31 Jan (the
    // window includes its last day) → its 1,500 is taken back.
    let back = lines_of(&s[4], LineKind::Clawback);
    assert_eq!(back.len(), 1);
    assert_eq!(back[0].amount, dec!(-1500));
    assert!(
        back[0]
            .rule
            .contains("(90 days after closing on 2026-01-31)"),
        "{}",
        back[0].rule
    );
    for statement in &s {
        assert_totals_add_up(statement);
    }
}

#[test]
fn a_recoverable_draw_is_recovered_from_later_periods() {
    let months = [
        month(2026, 1),
        month(2026, 2),
        month(2026, 3),
        month(2026, 4),
    ];
    let mut w = World::monthly();
    w.person(ANA, "Ana", None)
        .plan(
            100,
            PlanRules {
                draw: Some(Draw {
                    amount: dec!(5000),
                    recoverable: true,
                }),
                ..flat(dec!(0.10))
            },
        )
        .assign(100, ANA)
        .deal(deal(1001, "Jan deal", ANA, day(2026, 1, 20), dec!(20000)))
        .deal(deal(1002, "Feb deal", ANA, day(2026, 2, 20), dec!(40000)))
        .deal(deal(1003, "Mar deal", ANA, day(2026, 3, 20), dec!(75000)))
        .deal(deal(1004, "Apr deal", ANA, day(2026, 4, 20), dec!(100000)));
    for m in months {
        w.quota(ANA, m, dec!(100000));
    }
    let s = w.statements(ANA, &months);

    // Draw 5,000 a month, recoverable; 10% of each month's deal.
    //        earned  draw   recovered  payout  balance
    //   Jan  2,000   3,000      –      5,000   3,000
    //   Feb  4,000   1,000      –      5,000   4,000
    //   Mar  7,500     –    min(4,000, 7,500 − 5,000) = 2,500   5,000   1,500
    //   Apr 10,000     –    min(1,500, 10,000 − 5,000) = 1,500  8,500       0
    let expected = [
        (dec!(2000), dec!(3000), dec!(0), dec!(5000), dec!(3000)),
        (dec!(4000), dec!(1000), dec!(0), dec!(5000), dec!(4000)),
        (dec!(7500), dec!(0), dec!(2500), dec!(5000), dec!(1500)),
        (dec!(10000), dec!(0), dec!(1500), dec!(8500), dec!(0)),
    ];
    for (statement, (earned, draw, recovered, payout, balance)) in s.iter().zip(expected) {
        let got = (
            statement.earned,
            statement.draw,
            statement.recovered,
            statement.payout,
            statement.draw_balance,
        );
        assert_eq!(
            got,
            (earned, draw, recovered, payout, balance),
            "{}",
            statement.period
        );
        assert_totals_add_up(statement);
    }
    let top_up = lines_of(&s[0], LineKind::DrawTopUp);
    assert_eq!(top_up[0].amount, dec!(3000));
    assert_eq!(
        top_up[0].rule,
        "Draw of 5000 USD (recoverable): earnings topped up"
    );
    let recovery = lines_of(&s[2], LineKind::DrawRecovery);
    assert_eq!(recovery[0].amount, dec!(-2500));
    assert!(
        recovery[0].rule.contains("1500.00 left to recover"),
        "{}",
        recovery[0].rule
    );

    // Asking for March alone runs the balance from January all the same.
    let march = w.statement(ANA, months[2]);
    assert_eq!(
        (march.recovered, march.draw_balance),
        (dec!(2500), dec!(1500))
    );
}

#[test]
fn a_non_recoverable_draw_is_never_recovered() {
    let (jan, feb) = (month(2026, 1), month(2026, 2));
    let mut w = World::monthly();
    w.person(ANA, "Ana", None)
        .plan(
            100,
            PlanRules {
                draw: Some(Draw {
                    amount: dec!(5000),
                    recoverable: false,
                }),
                ..flat(dec!(0.10))
            },
        )
        .assign(100, ANA)
        .quota(ANA, jan, dec!(100000))
        .quota(ANA, feb, dec!(100000))
        .deal(deal(1001, "Jan deal", ANA, day(2026, 1, 20), dec!(20000)))
        .deal(deal(1002, "Feb deal", ANA, day(2026, 2, 20), dec!(90000)));
    let s = w.statements(ANA, &[jan, feb]);

    // Jan: earned 2,000 → topped up by 3,000 to 5,000; nothing owed.
    assert_eq!(
        (s[0].earned, s[0].draw, s[0].payout, s[0].draw_balance),
        (dec!(2000), dec!(3000), dec!(5000), dec!(0))
    );
    assert!(lines_of(&s[0], LineKind::DrawTopUp)[0]
        .rule
        .contains("(non-recoverable)"));
    // Feb: earned 9,000 ≥ 5,000 → paid in full, no recovery line.
    assert_eq!(
        (s[1].earned, s[1].draw, s[1].recovered, s[1].payout),
        (dec!(9000), dec!(0), dec!(0), dec!(9000))
    );
    assert!(lines_of(&s[1], LineKind::DrawRecovery).is_empty());
    assert_totals_add_up(&s[0]);
    assert_totals_add_up(&s[1]);
}

#[test]
fn deals_in_other_currencies_are_converted_at_the_periods_rate() {
    let (q1, q2) = (quarter(2026, 1), quarter(2026, 2));
    let mut w = ana_on(flat(dec!(0.10)));
    let euro = attain_comp::Deal {
        currency: "EUR".into(),
        ..deal(1001, "Euro deal", ANA, day(2026, 2, 1), dec!(50000))
    };
    let pound = attain_comp::Deal {
        currency: "GBP".into(),
        ..deal(1002, "Pound deal", ANA, day(2026, 3, 1), dec!(10000))
    };
    w.quota(ANA, q1, dec!(100000))
        .rate(q1, "EUR", "USD", dec!(1.0850))
        .rate(q2, "EUR", "USD", dec!(1.2000))
        .rate(q1, "USD", "GBP", dec!(0.80))
        .deal(euro)
        .deal(pound);
    let s = w.statement(ANA, q1);

    // Euro deal: 50,000 EUR × 1.0850 (Q1's rate, not Q2's 1.20) = 54,250 USD
    //            × 10% = 5,425.00
    // Pound deal: only USD→GBP 0.80 is known → GBP→USD = 1 / 0.80 = 1.25;
    //            10,000 GBP × 1.25 = 12,500 USD × 10% = 1,250.00
    // credited 66,750 of 100,000 = 66.75%; payout 6,675.00
    assert_eq!(s.lines[0].fx_rate, Some(dec!(1.0850)));
    assert_eq!(s.lines[0].base, Some(dec!(54250)));
    assert_eq!(s.lines[0].amount, dec!(5425.00));
    assert_eq!(s.lines[1].fx_rate, Some(dec!(1.25)));
    assert_eq!(s.lines[1].base, Some(dec!(12500)));
    assert_eq!(s.lines[1].amount, dec!(1250.00));
    assert_eq!(s.credited, dec!(66750));
    assert_eq!(s.attainment_pct, Some(dec!(66.75)));
    assert_eq!(s.currency, "USD");
    assert_eq!(s.payout, dec!(6675));
    assert!(s.warnings.is_empty(), "{:?}", s.warnings);
}

#[test]
fn a_deal_without_an_exchange_rate_is_held_back_with_a_warning() {
    let q1 = quarter(2026, 1);
    let mut w = ana_on(flat(dec!(0.10)));
    let franc = attain_comp::Deal {
        currency: "CHF".into(),
        ..deal(1001, "Zurich", ANA, day(2026, 2, 1), dec!(20000))
    };
    w.quota(ANA, q1, dec!(100000)).deal(franc).deal(deal(
        1002,
        "Boston",
        ANA,
        day(2026, 2, 2),
        dec!(10000),
    ));
    let s = w.statement(ANA, q1);

    // Zurich (CHF, no CHF↔USD rate) is neither credited nor paid until a
    // rate is added; Boston: 10,000 × 10% = 1,000; attainment 10%.
    assert!(lines_for(&s, 1001).is_empty());
    assert_eq!(s.credited, dec!(10000));
    assert_eq!(s.attainment_pct, Some(dec!(10.00)));
    assert_eq!(s.payout, dec!(1000));
    assert_eq!(
        s.warnings,
        vec!["Zurich is in CHF and there is no CHF→USD rate for 2026-Q1: it is not paid until one is added".to_owned()]
    );
}

#[test]
fn a_spiff_pays_deals_closed_on_its_first_and_last_days_only() {
    let q1 = quarter(2026, 1);
    let spiff = Spiff {
        name: "Feb push".into(),
        from: day(2026, 2, 1),
        to: day(2026, 2, 28),
        amount_per_deal: dec!(500),
        products: Vec::new(),
        deal_types: Vec::new(),
        min_amount: None,
    };
    let mut w = World::quarterly();
    let mut last_day = deal(1003, "Last day", ANA, day(2026, 2, 28), dec!(10000));
    last_day.splits = vec![split(ANA, dec!(50)), split(BEN, dec!(50))];
    w.person(ANA, "Ana", None)
        .person(BEN, "Ben", None)
        .plan(
            100,
            PlanRules {
                spiffs: vec![spiff],
                ..flat(dec!(0.10))
            },
        )
        .assign(100, ANA)
        .assign(100, BEN)
        .quota(ANA, q1, dec!(100000))
        .quota(BEN, q1, dec!(100000))
        .deal(deal(1001, "Day before", ANA, day(2026, 1, 31), dec!(10000)))
        .deal(deal(1002, "First day", ANA, day(2026, 2, 1), dec!(10000)))
        .deal(last_day)
        .deal(deal(1004, "Day after", ANA, day(2026, 3, 1), dec!(10000)));
    let ana = w.statement(ANA, q1);

    // SPIFF 1–28 Feb, both days included, 500 per deal × the rep's share:
    //   31 Jan no; 1 Feb 500 × 100% = 500; 28 Feb 500 × 50% = 250; 1 Mar no.
    // Commissions: 3 × 10,000 × 10% + 5,000 × 10% = 3,500. Payout 4,250.
    let spiffs = lines_of(&ana, LineKind::Spiff);
    assert_eq!(spiffs.len(), 2);
    assert_eq!(
        (spiffs[0].deal_id, spiffs[0].amount),
        (Some(id(1002)), dec!(500))
    );
    assert_eq!(
        (spiffs[1].deal_id, spiffs[1].amount),
        (Some(id(1003)), dec!(250))
    );
    assert_eq!(spiffs[1].credit_share_pct, Some(dec!(50)));
    assert_eq!(
        spiffs[0].rule,
        "SPIFF “Feb push” (2026-02-01 to 2026-02-28): 500 USD per deal"
    );
    assert_eq!(
        lines_of(&ana, LineKind::Commission)
            .iter()
            .map(|l| l.amount)
            .sum::<Decimal>(),
        dec!(3500)
    );
    assert_eq!(ana.payout, dec!(4250));

    // Ben: 5,000 × 10% = 500 plus his half of the SPIFF, 250 → 750.
    let ben = w.statement(BEN, q1);
    assert_eq!(lines_of(&ben, LineKind::Spiff)[0].amount, dec!(250));
    assert_eq!(ben.payout, dec!(750));
    assert_totals_add_up(&ana);
}

#[test]
fn weights_make_a_strategic_product_count_more_and_a_loss_leader_less() {
    let q1 = quarter(2026, 1);
    let rules = PlanRules {
        priority_weights: [
            (ProductPriority::Strategic, dec!(1.5)),
            (ProductPriority::LossLeader, dec!(0.5)),
        ]
        .into(),
        product_weights: [(id(7), dec!(2))].into(),
        ..flat(dec!(0.10))
    };
    let mut w = ana_on(rules);
    let with_lines = |n, name: &str, lines| attain_comp::Deal {
        lines,
        ..deal(n, name, ANA, day(2026, 2, n as u32 - 1000), dec!(0))
    };
    w.quota(ANA, q1, dec!(100000))
        .deal(with_lines(
            1001,
            "Strategic",
            vec![line(1, ProductPriority::Strategic, dec!(20000))],
        ))
        .deal(with_lines(
            1002,
            "Leader",
            vec![line(2, ProductPriority::LossLeader, dec!(20000))],
        ))
        .deal(with_lines(
            1003,
            "Mixed",
            vec![
                line(1, ProductPriority::Strategic, dec!(10000)),
                line(3, ProductPriority::Standard, dec!(10000)),
            ],
        ))
        .deal(with_lines(
            1004,
            "Override",
            vec![line(7, ProductPriority::Strategic, dec!(5000))],
        ));
    let s = w.statement(ANA, q1);

    //   Strategic 20,000 × 1.5 = 30,000 → 3,000  (weight 1.5)
    //   Leader    20,000 × 0.5 = 10,000 → 1,000  (weight 0.5)
    //   Mixed     10,000 × 1.5 + 10,000 × 1 = 25,000 → 2,500
    //             (weight shown 25,000 / 20,000 = 1.25)
    //   Override  product 7 weighs 2 (its own weight beats Strategic's 1.5):
    //             5,000 × 2 = 10,000 → 1,000
    //   credited 75,000 = 75%; payout 7,500
    let expected = [
        (dec!(1.5), dec!(30000), dec!(3000)),
        (dec!(0.5), dec!(10000), dec!(1000)),
        (dec!(1.25), dec!(25000), dec!(2500)),
        (dec!(2), dec!(10000), dec!(1000)),
    ];
    assert_eq!(s.lines.len(), 4);
    for (line, (weight, base, amount)) in s.lines.iter().zip(expected) {
        assert_eq!(
            (line.weight, line.base, line.amount),
            (Some(weight), Some(base), amount),
            "{:?}",
            line.deal_name
        );
    }
    assert_eq!(s.credited, dec!(75000));
    assert_eq!(s.attainment_pct, Some(dec!(75.00)));
    assert_eq!(s.payout, dec!(7500));
}

#[test]
fn a_mid_period_plan_change_pays_each_deal_under_the_version_in_force_when_it_closed() {
    let q1 = quarter(2026, 1);
    let v2 = PlanRules {
        bonuses: vec![AttainmentBonus {
            at_pct: dec!(100),
            amount: dec!(1000),
        }],
        ..marginal(vec![
            tier(dec!(0), Some(dec!(100)), dec!(0.12)),
            tier(dec!(100), None, dec!(0.20)),
        ])
    };
    let mut w = World::quarterly();
    w.person(ANA, "Ana", None)
        .plan_versions(
            100,
            vec![
                (day(2026, 1, 1), marginal(two_tiers())),
                (day(2026, 2, 15), v2),
            ],
        )
        .assign(100, ANA)
        .quota(ANA, q1, dec!(100000))
        .deal(deal(1001, "January", ANA, day(2026, 1, 20), dec!(60000)))
        .deal(deal(
            1002,
            "Eve of change",
            ANA,
            day(2026, 2, 14),
            dec!(10000),
        ))
        .deal(deal(
            1003,
            "Day of change",
            ANA,
            day(2026, 2, 15),
            dec!(50000),
        ));
    let s = w.statement(ANA, q1);

    // v1 (from 1 Jan): 0–100% 10%, 100%+ 15%. v2 (from 15 Feb): 12%, 20%
    // and a 1,000 bonus at 100%. Attainment runs across both versions.
    //   January        v1  0 – 60%    60,000 × 10% = 6,000
    //   Eve of change  v1  60 – 70%   10,000 × 10% = 1,000
    //   Day of change  v2  70 – 100%  30,000 × 12% = 3,600
    //   Day of change  v2  100 – 120% 20,000 × 20% = 4,000
    //   bonus (v2, the version in force at the period's end): 1,000
    //   total 15,600
    let commissions = lines_of(&s, LineKind::Commission);
    let got: Vec<_> = commissions
        .iter()
        .map(|l| (l.plan_version, l.tier, l.rate, l.amount))
        .collect();
    assert_eq!(
        got,
        vec![
            (Some(1), Some(1), Some(dec!(0.10)), dec!(6000)),
            (Some(1), Some(1), Some(dec!(0.10)), dec!(1000)),
            (Some(2), Some(1), Some(dec!(0.12)), dec!(3600)),
            (Some(2), Some(2), Some(dec!(0.20)), dec!(4000)),
        ]
    );
    assert_eq!(span(commissions[2]), (Some(dec!(70)), Some(dec!(100))));
    assert_eq!(
        commissions[3].rule,
        "Tier 2 (100% and above) at 20%, marginal"
    );
    let bonus = lines_of(&s, LineKind::Bonus);
    assert_eq!(
        (bonus.len(), bonus[0].amount, bonus[0].plan_version),
        (1, dec!(1000), Some(2))
    );
    assert_eq!(s.plan_ids, vec![id(100)]);
    assert_eq!(s.payout, dec!(15600));
    assert_totals_add_up(&s);
}

#[test]
fn attainment_bonuses_are_paid_at_each_level_reached() {
    let (q1, q2) = (quarter(2026, 1), quarter(2026, 2));
    let rules = PlanRules {
        bonuses: vec![
            AttainmentBonus {
                at_pct: dec!(100),
                amount: dec!(2000),
            },
            AttainmentBonus {
                at_pct: dec!(150),
                amount: dec!(5000),
            },
        ],
        ..flat(dec!(0.10))
    };
    let mut w = ana_on(rules);
    w.quota(ANA, q1, dec!(100000))
        .quota(ANA, q2, dec!(100000))
        .deal(deal(1001, "Q1", ANA, day(2026, 3, 1), dec!(120000)))
        .deal(deal(1002, "Q2", ANA, day(2026, 6, 1), dec!(150000)));
    let s = w.statements(ANA, &[q1, q2]);

    // Q1: 120,000 × 10% = 12,000; 120% ≥ 100% → +2,000 (150% not reached)
    //     payout 14,000.
    let bonus = lines_of(&s[0], LineKind::Bonus);
    assert_eq!(bonus.len(), 1);
    assert_eq!(bonus[0].amount, dec!(2000));
    assert_eq!(bonus[0].rule, "Attainment bonus at 100% (reached 120.00%)");
    assert_eq!(s[0].payout, dec!(14000));
    // Q2: exactly 150% → 15,000 + 2,000 + 5,000 = 22,000.
    let bonus = lines_of(&s[1], LineKind::Bonus);
    assert_eq!(
        bonus.iter().map(|l| l.amount).collect::<Vec<_>>(),
        vec![dec!(2000), dec!(5000)]
    );
    assert_eq!(bonus[1].rule, "Attainment bonus at 150% (reached 150.00%)");
    assert_eq!(s[1].payout, dec!(22000));
    assert_totals_add_up(&s[0]);
    assert_totals_add_up(&s[1]);
}

#[test]
fn new_logos_count_one_per_new_business_deal_paid_per_logo() {
    let q1 = quarter(2026, 1);
    let rules = PlanRules {
        measure: Measure::NewLogos,
        ..marginal(vec![
            tier(dec!(0), Some(dec!(100)), dec!(500)),
            tier(dec!(100), None, dec!(750)),
        ])
    };
    let mut w = World::quarterly();
    let euro = attain_comp::Deal {
        currency: "EUR".into(),
        ..deal(1002, "N2", ANA, day(2026, 1, 20), dec!(7000))
    };
    let expansion = attain_comp::Deal {
        deal_type: DealType::Expansion,
        ..deal(1005, "Upsell", ANA, day(2026, 3, 1), dec!(90000))
    };
    let mut shared = deal(1006, "N5", ANA, day(2026, 3, 10), dec!(1000));
    shared.splits = vec![split(ANA, dec!(50)), split(BEN, dec!(50))];
    w.person(ANA, "Ana", None)
        .person(BEN, "Ben", None)
        .plan(100, rules)
        .assign(100, ANA)
        .quota(ANA, q1, dec!(4))
        .deal(deal(1001, "N1", ANA, day(2026, 1, 5), dec!(5000)))
        .deal(euro)
        .deal(deal(1003, "N3", ANA, day(2026, 2, 5), dec!(250000)))
        .deal(deal(1004, "N4", ANA, day(2026, 2, 20), dec!(1)))
        .deal(expansion)
        .deal(shared);
    let s = w.statement(ANA, q1);

    // Quota 4 logos; 500 per logo to 100%, 750 above. Amounts, currencies
    // (N2 is in EUR with no rate: no FX needed) and expansions do not count.
    //   N1..N4  1 logo each, 0 → 100%     4 × 500 = 2,000
    //   N5      ½ logo (50% split), 100 → 112.5%  0.5 × 750 = 375
    //   Upsell  expansion: not a new logo
    //   credited 4.5 logos = 112.50%; payout 2,375
    assert_eq!(s.lines.len(), 5);
    for line in &s.lines[..4] {
        assert_eq!(
            paid(line),
            (Some(1), Some(dec!(500)), Some(dec!(1)), dec!(500))
        );
        assert_eq!(line.fx_rate, None);
        assert_eq!(line.rule, "Tier 1 (0–100%) at 500 per logo, marginal");
    }
    assert_eq!(
        paid(&s.lines[4]),
        (Some(2), Some(dec!(750)), Some(dec!(0.5)), dec!(375))
    );
    assert_eq!(s.lines[4].credit_share_pct, Some(dec!(50)));
    assert_eq!(span(&s.lines[4]), (Some(dec!(100)), Some(dec!(112.5))));
    assert!(lines_for(&s, 1005).is_empty());
    assert_eq!(s.credited, dec!(4.5));
    assert_eq!(s.attainment_pct, Some(dec!(112.50)));
    assert_eq!(s.payout, dec!(2375));
    assert!(s.warnings.is_empty(), "{:?}", s.warnings);
}

#[test]
fn new_logos_respect_the_plans_product_filter() {
    let q1 = quarter(2026, 1);
    let rules = PlanRules {
        measure: Measure::NewLogos,
        crediting: attain_comp::Crediting {
            products: vec![id(11)],
            ..Default::default()
        },
        ..flat(dec!(500))
    };
    let mut w = ana_on(rules);
    let with_lines = |n, lines| attain_comp::Deal {
        lines,
        ..deal(n, "Logo", ANA, day(2026, 2, 1), dec!(0))
    };
    w.quota(ANA, q1, dec!(2))
        .deal(with_lines(
            1001,
            vec![line(11, ProductPriority::Standard, dec!(100))],
        ))
        .deal(with_lines(
            1002,
            vec![line(12, ProductPriority::Standard, dec!(100))],
        ))
        .deal(with_lines(1003, Vec::new()));

    // Only product 11 counts: the first deal is a logo (500); the deal
    // selling only product 12 and the one with no lines are not.
    // 1 logo of 2 = 50%; payout 500.
    let s = w.statement(ANA, q1);
    assert_eq!(s.lines.len(), 1);
    assert_eq!(s.lines[0].deal_id, Some(id(1001)));
    assert_eq!(s.credited, dec!(1));
    assert_eq!(s.attainment_pct, Some(dec!(50.00)));
    assert_eq!(s.payout, dec!(500));
}

#[test]
fn arr_scales_a_24_month_deal_to_twelve_months() {
    let q1 = quarter(2026, 1);
    let mut w = ana_on(PlanRules {
        measure: Measure::Arr,
        ..flat(dec!(0.08))
    });
    let term = |n, name: &str, amount, months| attain_comp::Deal {
        term_months: months,
        ..deal(n, name, ANA, day(2026, 2, n as u32 - 1000), amount)
    };
    w.quota(ANA, q1, dec!(200000))
        .deal(term(1001, "Two years", dec!(240000), Some(24)))
        .deal(term(1002, "Unknown term", dec!(50000), None))
        .deal(term(1003, "Three years", dec!(90000), Some(36)));
    let s = w.statement(ANA, q1);

    //   Two years    240,000 × 12 / 24 = 120,000 × 8% = 9,600
    //   Unknown term  50,000 (twelve months assumed) × 8% = 4,000
    //   Three years   90,000 × 12 / 36 =  30,000 × 8% = 2,400
    //   credited 200,000 = 100%; payout 16,000
    let got: Vec<_> = s.lines.iter().map(|l| (l.base, l.amount)).collect();
    assert_eq!(
        got,
        vec![
            (Some(dec!(120000)), dec!(9600)),
            (Some(dec!(50000)), dec!(4000)),
            (Some(dec!(30000)), dec!(2400)),
        ]
    );
    assert_eq!(s.lines[0].weight, Some(dec!(1)));
    assert_eq!(s.credited, dec!(200000));
    assert_eq!(s.attainment_pct, Some(dec!(100.00)));
    assert_eq!(s.payout, dec!(16000));
}

#[test]
fn a_product_filter_counts_only_the_plans_product_lines() {
    let q1 = quarter(2026, 1);
    let rules = PlanRules {
        crediting: attain_comp::Crediting {
            products: vec![id(11)],
            ..Default::default()
        },
        ..flat(dec!(0.10))
    };
    let mut w = ana_on(rules);
    let bundle = attain_comp::Deal {
        lines: vec![
            line(11, ProductPriority::Standard, dec!(30000)),
            line(12, ProductPriority::Standard, dec!(20000)),
        ],
        ..deal(1001, "Bundle", ANA, day(2026, 1, 10), dec!(50000))
    };
    let other = attain_comp::Deal {
        lines: vec![line(12, ProductPriority::Standard, dec!(15000))],
        ..deal(1002, "Other product", ANA, day(2026, 1, 11), dec!(15000))
    };
    w.quota(ANA, q1, dec!(100000))
        .deal(bundle)
        .deal(other)
        .deal(deal(1003, "No lines", ANA, day(2026, 1, 12), dec!(40000)));
    let s = w.statement(ANA, q1);

    // Only product 11 counts:
    //   Bundle: 30,000 of its 50,000 → 30,000 × 10% = 3,000
    //   Other product (only 12) and No lines (no products): nothing
    //   credited 30,000 = 30%; payout 3,000
    assert_eq!(s.lines.len(), 1);
    assert_eq!(s.lines[0].deal_name.as_deref(), Some("Bundle"));
    assert_eq!(
        paid(&s.lines[0]),
        (Some(1), Some(dec!(0.10)), Some(dec!(30000)), dec!(3000))
    );
    assert_eq!(s.lines[0].weight, Some(dec!(1)));
    assert_eq!(s.credited, dec!(30000));
    assert_eq!(s.attainment_pct, Some(dec!(30.00)));
    assert_eq!(s.payout, dec!(3000));
}

#[test]
fn deal_type_filters_split_hunters_from_farmers() {
    let q1 = quarter(2026, 1);
    let only = |types: Vec<DealType>| PlanRules {
        crediting: attain_comp::Crediting {
            deal_types: types,
            ..Default::default()
        },
        ..flat(dec!(0.10))
    };
    let typed = |n, owner, deal_type, amount| attain_comp::Deal {
        deal_type,
        ..deal(n, "Deal", owner, day(2026, 2, n as u32 - 1000), amount)
    };
    let mut w = World::quarterly();
    w.person(ANA, "Ana the hunter", None)
        .person(BEN, "Ben the farmer", None)
        .plan(100, only(vec![DealType::NewBusiness]))
        .plan(101, only(vec![DealType::Expansion, DealType::Renewal]))
        .assign(100, ANA)
        .assign(101, BEN)
        .quota(ANA, q1, dec!(100000))
        .quota(BEN, q1, dec!(100000))
        .deal(typed(1001, ANA, DealType::NewBusiness, dec!(50000)))
        .deal(typed(1002, ANA, DealType::Expansion, dec!(30000)))
        .deal(typed(1003, BEN, DealType::Renewal, dec!(20000)))
        .deal(typed(1004, BEN, DealType::NewBusiness, dec!(10000)));

    // Ana (new business only): 50,000 × 10% = 5,000; her expansion is ignored.
    let ana = w.statement(ANA, q1);
    assert_eq!(ana.lines.len(), 1);
    assert_eq!(
        (ana.lines[0].deal_id, ana.lines[0].amount),
        (Some(id(1001)), dec!(5000))
    );
    assert_eq!(ana.credited, dec!(50000));
    // Ben (expansion and renewal): 20,000 × 10% = 2,000; his new logo is ignored.
    let ben = w.statement(BEN, q1);
    assert_eq!(ben.lines.len(), 1);
    assert_eq!(
        (ben.lines[0].deal_id, ben.lines[0].amount),
        (Some(id(1003)), dec!(2000))
    );
    assert_eq!(ben.credited, dec!(20000));
}

#[test]
fn each_line_is_rounded_half_away_from_zero_to_the_minor_unit() {
    let q1 = quarter(2026, 1);
    let mut w = World::quarterly();
    let yen = attain_comp::Deal {
        currency: "JPY".into(),
        ..deal(1003, "Tokyo", KEN, day(2026, 1, 10), dec!(1005))
    };
    w.person(ANA, "Ana", None)
        .person(KEN, "Ken", None)
        .plan(100, flat(dec!(0.10)))
        .plan(
            101,
            rules_in(
                "JPY",
                attain_comp::TierMethod::Marginal,
                vec![tier(dec!(0), None, dec!(0.10))],
            ),
        )
        .assign(100, ANA)
        .assign(101, KEN)
        .quota(ANA, q1, dec!(1000))
        .deal(deal(1001, "Odd", ANA, day(2026, 1, 10), dec!(100.05)))
        .deal(deal(1002, "Tiny", ANA, day(2026, 1, 11), dec!(0.15)))
        .adjustment(2001, ANA, q1, dec!(-2.345), "Correction")
        .quota(KEN, q1, dec!(100000))
        .deal(yen);

    // Ana (USD, two places):
    //   Odd   100.05 × 10% = 10.005  → 10.01 (half away from zero, not to even)
    //   Tiny    0.15 × 10% =  0.015  →  0.02
    //   Adjustment −2.345            → −2.35 (away from zero when negative)
    //   payout 10.01 + 0.02 − 2.35 = 7.68
    let ana = w.statement(ANA, q1);
    assert_eq!(ana.lines[0].base, Some(dec!(100.05)));
    assert_eq!(ana.lines[0].amount.to_string(), "10.01");
    assert_eq!(ana.lines[1].amount.to_string(), "0.02");
    let adjustment = lines_of(&ana, LineKind::Adjustment);
    assert_eq!(adjustment[0].amount.to_string(), "-2.35");
    assert_eq!(adjustment[0].rule, "Correction");
    assert_eq!(ana.adjustments, dec!(-2.35));
    assert_eq!(ana.payout.to_string(), "7.68");
    assert_totals_add_up(&ana);

    // Ken (JPY, no minor unit): 1,005 × 10% = 100.5 → 101.
    let ken = w.statement(KEN, q1);
    assert_eq!(ken.currency, "JPY");
    assert_eq!(ken.lines[0].amount.to_string(), "101");
    assert_eq!(ken.payout, dec!(101));
}

#[test]
fn a_month_asked_of_a_quarterly_company_is_skipped_not_looped_on() {
    // Asked for just before the company switched to quarters: skipped (the
    // switch recalculates everyone), where it once looped for ever.
    let w = ana_on(flat(dec!(0.10)));
    let statements = w.statements(ANA, &[month(2026, 2), quarter(2026, 1)]);
    assert_eq!(statements.len(), 1);
    assert_eq!(statements[0].period, quarter(2026, 1));
}
