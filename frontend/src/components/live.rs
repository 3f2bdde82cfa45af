//! Live updates in the browser: [`use_live_updates`] listens to the API's
//! server-sent events (`/api/v1/events`, the signed-in user's company only)
//! while the calling component is mounted, and counts the updates a page
//! cares about so it can refetch. Topics name what changed (`company`,
//! `scorecard:<scope>:<period>`, `statement:<person>:<period>`), never the
//! data itself.
//!
//! On the server, and before hydration, nothing listens and the count stays
//! at zero, so server-rendered and hydrated pages agree.

use leptos::prelude::*;

/// Where the event stream is served.
pub const EVENTS_PATH: &str = "/api/v1/events";

/// How long after a matching update the count goes up: one change touches
/// many scorecards (every period and scope it is in), and a burst should
/// cost one refetch, not one per topic.
pub const SETTLE_MS: u64 = 300;

/// Opens the event stream for as long as the calling component lives (in the
/// browser only) and returns a counter that goes up once per burst of
/// `update` events whose topic `matches`, and once when the stream comes
/// back after a drop (what changed meanwhile was missed). Make a refetch
/// depend on it.
pub fn use_live_updates(matches: impl Fn(&str) -> bool + 'static) -> ReadSignal<u64> {
    let (count, bump) = signal(0u64);
    #[cfg(feature = "hydrate")]
    browser::listen(matches, bump);
    #[cfg(not(feature = "hydrate"))]
    let _ = (matches, bump);
    count
}

#[cfg(feature = "hydrate")]
mod browser {
    use super::{EVENTS_PATH, SETTLE_MS};
    use leptos::prelude::*;
    use send_wrapper::SendWrapper;
    use std::{cell::Cell, rc::Rc, time::Duration};
    use wasm_bindgen::{closure::Closure, JsCast};
    use web_sys::{EventSource, MessageEvent};

    pub fn listen(matches: impl Fn(&str) -> bool + 'static, bump: WriteSignal<u64>) {
        let Ok(source) = EventSource::new(EVENTS_PATH) else {
            return;
        };
        let scheduled = Rc::new(Cell::new(false));
        let schedule = Rc::new(move || {
            if scheduled.replace(true) {
                return;
            }
            let scheduled = Rc::clone(&scheduled);
            set_timeout(
                move || {
                    scheduled.set(false);
                    bump.try_update(|n| *n += 1);
                },
                Duration::from_millis(SETTLE_MS),
            );
        });
        let on_update = {
            let schedule = Rc::clone(&schedule);
            Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
                if event
                    .data()
                    .as_string()
                    .is_some_and(|topic| matches(&topic))
                {
                    schedule();
                }
            })
        };
        // The browser reconnects by itself after a drop (not after a 401);
        // every open but the first may have missed updates.
        let opened_before = Cell::new(false);
        let on_open = Closure::<dyn Fn()>::new(move || {
            if opened_before.replace(true) {
                schedule();
            }
        });
        let _ =
            source.add_event_listener_with_callback("update", on_update.as_ref().unchecked_ref());
        source.set_onopen(Some(on_open.as_ref().unchecked_ref()));
        // The wasm app is single-threaded: the wrapper only satisfies
        // `on_cleanup`'s bounds. Closing first, then dropping the closures.
        let held = SendWrapper::new((source, on_update, on_open));
        on_cleanup(move || {
            let (source, on_update, on_open) = held.take();
            source.close();
            drop((on_update, on_open));
        });
    }
}
