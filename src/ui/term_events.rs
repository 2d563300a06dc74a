//! Terminal events for the dashboard loops, polled only when there may be
//! one.
//!
//! crossterm's `EventStream` answers every poll by trying to take its
//! reader's lock, which its own waiting thread holds while no key comes: the
//! attempt spins (`sched_yield`) before it gives up. The loops poll their
//! terminal branch first on every turn — a frame, an input, a tick — so at
//! 5,000 events/s that spin was a noticeable share of the dashboard's CPU.
//! [`TerminalEvents`] polls the inner stream only after it has woken us
//! (or returned an event), which is the only time it can have news.
//!
//! It also notes resizes for [`super::terminal`]'s size cache, so a frame
//! does not ask the terminal for its size: every loop reads its events here.

use crossterm::event::{Event, EventStream};
use futures_util::Stream;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Wake, Waker};

/// The terminal's events, for the dashboard loops.
pub(crate) type TerminalEvents = WakeGated<EventStream>;

/// A new stream of the terminal's events.
pub(crate) fn terminal_events() -> TerminalEvents {
    WakeGated::new(EventStream::new())
}

/// Polls `inner` only when it may be ready: at first, after it yielded an
/// item, and after it woke us. Between those it has promised to wake us, so
/// polling it again could only repeat `Pending`, at its cost.
pub(crate) struct WakeGated<S> {
    inner: S,
    /// The waker `inner` is always polled with: it flags `woken` and wakes
    /// whoever polled us last.
    relay: Arc<Relay>,
    relay_waker: Waker,
    /// `inner` said `Pending` and has not woken us since.
    waiting: bool,
}

#[derive(Default)]
struct Relay {
    woken: AtomicBool,
    outer: Mutex<Option<Waker>>,
}

impl Wake for Relay {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        self.woken.store(true, Ordering::SeqCst);
        // A poisoned lock only means a panic elsewhere; the waker is fine.
        let outer = match self.outer.lock() {
            Ok(g) => g.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        };
        if let Some(w) = outer {
            w.wake();
        }
    }
}

impl<S> WakeGated<S> {
    pub(crate) fn new(inner: S) -> WakeGated<S> {
        let relay = Arc::new(Relay::default());
        let relay_waker = Waker::from(relay.clone());
        WakeGated {
            inner,
            relay,
            relay_waker,
            waiting: false,
        }
    }

    /// Remembers who to wake when `inner` wakes the relay.
    fn remember(&self, waker: &Waker) {
        let mut outer = match self.relay.outer.lock() {
            Ok(g) => g,
            Err(poisoned) => poisoned.into_inner(),
        };
        match outer.as_ref() {
            Some(w) if w.will_wake(waker) => {}
            _ => *outer = Some(waker.clone()),
        }
    }
}

impl<S> Stream for WakeGated<S>
where
    S: Stream<Item = std::io::Result<Event>> + Unpin,
{
    type Item = S::Item;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        this.remember(cx.waker());
        // Taken before the poll: a wake during the poll is not lost.
        let woken = this.relay.woken.swap(false, Ordering::SeqCst);
        if this.waiting && !woken {
            return Poll::Pending;
        }
        let mut relayed = Context::from_waker(&this.relay_waker);
        match Pin::new(&mut this.inner).poll_next(&mut relayed) {
            Poll::Pending => {
                this.waiting = true;
                Poll::Pending
            }
            Poll::Ready(item) => {
                this.waiting = false;
                if let Some(Ok(Event::Resize(..))) = &item {
                    super::terminal::note_resize();
                }
                Poll::Ready(item)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures_util::StreamExt;
    use std::sync::atomic::AtomicUsize;

    /// A stream that counts its polls and is ready only when the test says.
    struct Counted {
        polls: Arc<AtomicUsize>,
        ready: Arc<Mutex<Vec<Event>>>,
        waker: Arc<Mutex<Option<Waker>>>,
    }

    impl Stream for Counted {
        type Item = std::io::Result<Event>;

        fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
            self.polls.fetch_add(1, Ordering::SeqCst);
            match self.ready.lock().unwrap().pop() {
                Some(e) => Poll::Ready(Some(Ok(e))),
                None => {
                    *self.waker.lock().unwrap() = Some(cx.waker().clone());
                    Poll::Pending
                }
            }
        }
    }

    /// Polled a hundred times with nothing to read, the inner stream is
    /// polled once; after it wakes us it is polled again and its event
    /// comes through.
    #[test]
    fn the_inner_stream_is_polled_only_after_it_wakes_us() {
        let polls = Arc::new(AtomicUsize::new(0));
        let ready = Arc::new(Mutex::new(Vec::new()));
        let inner_waker = Arc::new(Mutex::new(None::<Waker>));
        let mut gated = WakeGated::new(Counted {
            polls: polls.clone(),
            ready: ready.clone(),
            waker: inner_waker.clone(),
        });
        let mut cx = Context::from_waker(Waker::noop());
        for _ in 0..100 {
            assert!(gated.poll_next_unpin(&mut cx).is_pending());
        }
        assert_eq!(polls.load(Ordering::SeqCst), 1);

        ready.lock().unwrap().push(Event::FocusGained);
        let wake = inner_waker.lock().unwrap().take().unwrap();
        wake.wake();
        match gated.poll_next_unpin(&mut cx) {
            Poll::Ready(Some(Ok(Event::FocusGained))) => {}
            other => panic!("expected the event, got {other:?}"),
        }
        // After an event the stream may hold more: it is asked again.
        assert!(gated.poll_next_unpin(&mut cx).is_pending());
        assert_eq!(polls.load(Ordering::SeqCst), 3);
    }

    /// The inner stream's wake reaches the task that polled us last.
    #[test]
    fn the_inner_wake_reaches_the_outer_task() {
        struct Flag(AtomicBool);
        impl Wake for Flag {
            fn wake(self: Arc<Self>) {
                self.0.store(true, Ordering::SeqCst);
            }
        }
        let inner_waker = Arc::new(Mutex::new(None::<Waker>));
        let mut gated = WakeGated::new(Counted {
            polls: Arc::default(),
            ready: Arc::default(),
            waker: inner_waker.clone(),
        });
        let flag = Arc::new(Flag(AtomicBool::new(false)));
        let outer = Waker::from(flag.clone());
        assert!(
            gated
                .poll_next_unpin(&mut Context::from_waker(&outer))
                .is_pending()
        );
        inner_waker.lock().unwrap().take().unwrap().wake();
        assert!(flag.0.load(Ordering::SeqCst));
    }
}
