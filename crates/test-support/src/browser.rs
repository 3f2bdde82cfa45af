//! Headless Chromium through chromedriver (Debian's `chromium` and
//! `chromium-driver`), for tests that use the pages as a person would.

use fantoccini::{wd::TimeoutConfiguration, Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::json;
use std::{
    net::TcpStream,
    path::PathBuf,
    process::{Command, Stdio},
    sync::OnceLock,
    time::Duration,
};

pub const WAIT: Duration = Duration::from_secs(60);

/// The chromedriver to use: `ATTAIN_WEBDRIVER_URL` (the test script starts
/// one), else one on port 9515, else one started here for this process.
fn webdriver_url() -> String {
    static URL: OnceLock<String> = OnceLock::new();
    URL.get_or_init(|| {
        if let Ok(url) = std::env::var("ATTAIN_WEBDRIVER_URL") {
            return url;
        }
        if TcpStream::connect("127.0.0.1:9515").is_err() {
            let _ = Command::new("chromedriver")
                .arg("--port=9515")
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn();
            for _ in 0..50 {
                if TcpStream::connect("127.0.0.1:9515").is_ok() {
                    break;
                }
                std::thread::sleep(Duration::from_millis(100));
            }
        }
        "http://127.0.0.1:9515".to_owned()
    })
    .clone()
}

/// A fresh browser (its own profile, so its own cookies).
pub async fn launch(javascript: bool) -> Client {
    let profile =
        std::env::temp_dir().join(format!("attain-chrome-{}", uuid::Uuid::new_v4().simple()));
    let mut args = vec![
        "--headless=new".to_owned(),
        "--no-sandbox".into(),
        "--disable-gpu".into(),
        "--disable-quic".into(),
        "--no-first-run".into(),
        "--disable-background-networking".into(),
        "--disable-component-update".into(),
        "--disable-sync".into(),
        "--disable-dev-shm-usage".into(),
        "--window-size=1280,900".into(),
        format!("--user-data-dir={}", profile.display()),
    ];
    if !javascript {
        args.push("--blink-settings=scriptEnabled=false".into());
    }
    let mut capabilities = serde_json::Map::new();
    capabilities.insert(
        "goog:chromeOptions".into(),
        json!({ "args": args, "binary": "/usr/bin/chromium" }),
    );
    // Chromium's first start on a machine (font caches, profile) can stall;
    // a second try starts from a warm disk cache.
    let mut last_error = String::new();
    let url = webdriver_url();
    for _ in 0..2 {
        let mut builder = ClientBuilder::new(HttpConnector::new());
        builder.capabilities(capabilities.clone());
        match tokio::time::timeout(LAUNCH, builder.connect(&url)).await {
            Ok(Ok(client)) => {
                // chromedriver waits 300 s for a page load by default: as long
                // as a whole test may take, so a stalled load would read as a
                // hung test instead of naming the page.
                let timeouts = TimeoutConfiguration::new(Some(WAIT), Some(WAIT), None);
                if let Err(e) = client.update_timeouts(timeouts).await {
                    panic!("cannot set the browser's timeouts: {e}");
                }
                return client;
            }
            Ok(Err(e)) => last_error = e.to_string(),
            Err(_) => last_error = format!("no answer within {} s", LAUNCH.as_secs()),
        }
    }
    panic!("cannot start Chromium through chromedriver: {last_error}")
}

/// How long starting a browser may take.
const LAUNCH: Duration = Duration::from_secs(90);

/// Waits until the wasm has hydrated the page (the app marks `<body>`).
pub async fn wait_hydrated(client: &Client) {
    client
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css("body[data-hydrated='true']"))
        .await
        .unwrap_or_else(|e| panic!("the page never hydrated: {e}"));
}

pub async fn find(client: &Client, css: &str) -> fantoccini::elements::Element {
    client
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css} never appeared: {e}"))
}

pub async fn fill(client: &Client, css: &str, text: &str) {
    let field = find(client, css).await;
    field
        .clear()
        .await
        .unwrap_or_else(|e| panic!("clear {css}: {e}"));
    field
        .send_keys(text)
        .await
        .unwrap_or_else(|e| panic!("type into {css}: {e}"));
}

pub async fn click(client: &Client, css: &str) {
    find(client, css)
        .await
        .click()
        .await
        .unwrap_or_else(|e| panic!("click {css}: {e}"));
}

/// Waits until the path of the current URL is `path`.
pub async fn wait_for_path(client: &Client, path: &str) {
    let deadline = tokio::time::Instant::now() + WAIT;
    loop {
        let current = client
            .current_url()
            .await
            .map(|u| u.path().to_owned())
            .unwrap_or_default();
        if current == path {
            return;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "expected to reach {path}, still at {current}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Where screenshots go: `ATTAIN_SCREENSHOT_DIR`, else `target/screenshots`.
pub fn screenshot_dir() -> PathBuf {
    std::env::var("ATTAIN_SCREENSHOT_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|_| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/screenshots")
        })
}

/// Saves the page at 1280 and 390 pixels wide as `<name>-1280.png` and `<name>-390.png`.
pub async fn screenshot_both_widths(client: &Client, name: &str) {
    let dir = screenshot_dir();
    let _ = std::fs::create_dir_all(&dir);
    for (width, height) in [(1280, 900), (390, 844)] {
        let _ = client.set_window_size(width, height).await;
        tokio::time::sleep(Duration::from_millis(300)).await;
        if let Ok(png) = client.screenshot().await {
            let _ = std::fs::write(dir.join(format!("{name}-{width}.png")), png);
        }
    }
    let _ = client.set_window_size(1280, 900).await;
}

/// The text of `css` once it has some, finding the element afresh each try
/// (a re-render may replace the element between finding and reading it).
pub async fn text_of(client: &Client, css: &str) -> String {
    let deadline = tokio::time::Instant::now() + WAIT;
    loop {
        if let Ok(element) = client.find(Locator::Css(css)).await {
            if let Ok(text) = element.text().await {
                if !text.trim().is_empty() {
                    return text;
                }
            }
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "{css} never showed any text"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Runs a browser test body, failing it (instead of hanging the suite) if the
/// browser or driver stops answering.
pub async fn within<F: std::future::Future>(body: F) -> F::Output {
    tokio::time::timeout(Duration::from_secs(300), body)
        .await
        .unwrap_or_else(|_| panic!("the browser test did not finish within 300 s"))
}

/// Signs in through the login page and waits for the home page.
pub async fn log_in(client: &Client, app: &crate::TestApp, email: &str) {
    client
        .goto(&app.url("/login"))
        .await
        .unwrap_or_else(|e| panic!("open /login: {e}"));
    wait_hydrated(client).await;
    fill(client, "#email", email).await;
    fill(client, "#password", crate::PASSWORD).await;
    click(client, "button[type=submit]").await;
    wait_for_path(client, "/app").await;
}

/// Opens one of the app's pages and waits until it is interactive.
pub async fn open(client: &Client, app: &crate::TestApp, path: &str) {
    client
        .goto(&app.url(path))
        .await
        .unwrap_or_else(|e| panic!("open {path}: {e}"));
    wait_hydrated(client).await;
}

/// The text of `css` once it contains `needle`, finding the element afresh
/// each try.
pub async fn text_containing(client: &Client, css: &str, needle: &str) -> String {
    let deadline = tokio::time::Instant::now() + WAIT;
    loop {
        let text = match client.find(Locator::Css(css)).await {
            Ok(element) => element.text().await.unwrap_or_default(),
            Err(_) => String::new(),
        };
        if text.contains(needle) {
            return text;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "{css} never showed {needle:?}; last: {text:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}
