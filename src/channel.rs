//! The input channel: the one road from the sources (a live connection, a
//! stats poller, the simulator) to a consumer (the dashboard, the headless
//! printer, the recorder's tee). Its own layer, so neither side imports the
//! other.

use journeytop_engine::Stamped;
use tokio::sync::mpsc::{Receiver, Sender};

/// Inputs waiting for their consumer (the dashboard, the headless printer,
/// the recorder's tee) at most. Every source sends with backpressure: when
/// the consumer is behind, the websocket reader waits instead of piling
/// inputs up in memory. A consumer that stops reading for more than a
/// second gets the socket dropped by the server (§2.5 send timeout); that
/// is a reconnect like any other, counted and paced. The consumers drain a
/// bounded number of inputs per turn, so they never stop reading for long.
pub const INPUT_CAPACITY: usize = 1024;

/// The sending end of the input channel.
pub type InputSender = Sender<Stamped>;
/// The receiving end of the input channel.
pub type InputReceiver = Receiver<Stamped>;

/// A bounded input channel of [`INPUT_CAPACITY`].
pub fn input_channel() -> (InputSender, InputReceiver) {
    tokio::sync::mpsc::channel(INPUT_CAPACITY)
}
