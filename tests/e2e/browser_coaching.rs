//! The manager's team view in headless Chromium: Max Manager opens
//! Coaching, sees Wes on the leaderboard with his weakest stage and its
//! cost, opens him, reads why (his conversion against the team's), notes a
//! one-on-one on that stage and sees it listed. Screenshots at 1280 and
//! 390 px.

use crate::coaching::{coached_team, CoachedTeam};
use attain_test_support::{
    browser::{click, fill, launch, log_in, screenshot_both_widths, text_containing, within},
    TestApp,
};

#[tokio::test]
async fn a_manager_sees_a_reps_weakest_stage_and_notes_a_one_on_one() {
    within(async {
        let app = TestApp::spawn().await;
        let CoachedTeam {
            weak, first_stage, ..
        } = coached_team(&app, "coachview").await;
        let stage = first_stage["name"].as_str().unwrap_or_default().to_owned();
        let wes = weak.user_id().to_string();

        let client = launch(true).await;
        log_in(&client, &app, "max@coachview.example").await;
        click(&client, "nav a[href='/app/coaching']").await;
        text_containing(&client, "h1", "Coaching · Coached").await;
        let row = format!("[data-testid=leaderboard] tr[data-rep='{wes}']");
        text_containing(&client, &row, "Wes Weak").await;
        let weakest = text_containing(
            &client,
            &format!("{row} [data-testid=weakest-stage]"),
            &format!("{stage} →"),
        )
        .await;
        assert!(
            weakest.contains("15,000.00"),
            "the cost is shown: {weakest}"
        );
        text_containing(&client, &row, "No one-on-one noted yet.").await;
        screenshot_both_widths(&client, "coaching-team").await;

        click(&client, &format!("{row} a")).await;
        let why = text_containing(
            &client,
            "[data-testid=weakest-explanation]",
            &format!("Weakest stage: {stage} →"),
        )
        .await;
        assert!(why.contains("20%") && why.contains("50%"), "{why}");
        text_containing(&client, "[data-testid=rep-funnel]", "weakest").await;

        fill(
            &client,
            "#one-on-one-notes",
            "Went through the four deals stuck in the first stage.",
        )
        .await;
        fill(
            &client,
            "#one-on-one-next",
            "Book a discovery call on each by Friday.",
        )
        .await;
        click(&client, "[data-testid=one-on-one-form] button[type=submit]").await;
        text_containing(&client, "[data-testid=one-on-ones]", "four deals stuck").await;
        text_containing(&client, "[data-testid=one-on-ones]", "Max Manager").await;
        text_containing(&client, "[data-testid=one-on-ones]", &format!("{stage} →")).await;
        screenshot_both_widths(&client, "coaching-rep").await;
        let _ = client.close().await;
    })
    .await;
}
