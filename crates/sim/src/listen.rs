//! The simulator's accept loop, its guard against hostile clients: a cap
//! on connections held at once (one more is answered 503 and closed) and a
//! deadline for each request head (a half-sent request is dropped). The
//! body's size and read deadline are [`super::http::read_body`]'s.

use super::timings::Timings;
use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// Connections being turned away at once (each gets its 503); beyond it a
/// connection is closed without a word.
const REFUSING: usize = 64;
/// How long turning one connection away may take.
const REFUSE_TIME: Duration = Duration::from_secs(1);

/// A connection together with its place under the connection cap: the
/// place is given back when the connection is dropped, also after it was
/// upgraded to a websocket (the upgraded socket holds this).
struct Held {
    stream: TcpStream,
    _slot: OwnedSemaphorePermit,
}

impl AsyncRead for Held {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.stream).poll_read(cx, buf)
    }
}

impl AsyncWrite for Held {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        Pin::new(&mut self.stream).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.stream).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.stream).poll_shutdown(cx)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[std::io::IoSlice<'_>],
    ) -> Poll<std::io::Result<usize>> {
        Pin::new(&mut self.stream).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }
}

/// The accept loop: at most `max_connections` held at once (one more is
/// answered 503 and closed), each request head read within
/// `header_read_timeout` or the connection is dropped. Stopping drops every
/// HTTP connection; the hubs drop the websockets.
pub(crate) async fn accept_loop(
    listener: TcpListener,
    app: Router,
    timings: Timings,
    stopped: tokio::sync::oneshot::Receiver<()>,
) {
    let slots = Arc::new(Semaphore::new(timings.max_connections.max(1)));
    let refusing = Arc::new(Semaphore::new(REFUSING));
    let mut connections = tokio::task::JoinSet::new();
    tokio::pin!(stopped);
    loop {
        tokio::select! {
            _ = &mut stopped => break,
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
            accepted = listener.accept() => {
                let stream = match accepted {
                    Ok((stream, _)) => stream,
                    Err(e) => {
                        // Out of file descriptors, most likely: wait for
                        // some to be given back instead of spinning.
                        tracing::warn!(error = %e, "simulator accept failed");
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        continue;
                    }
                };
                match slots.clone().try_acquire_owned() {
                    Ok(slot) => {
                        let held = Held { stream, _slot: slot };
                        connections.spawn(serve_connection(held, app.clone(), timings));
                    }
                    Err(_) => {
                        if let Ok(turn) = refusing.clone().try_acquire_owned() {
                            connections.spawn(refuse(stream, turn, timings.max_connections));
                        }
                    }
                }
            }
        }
    }
}

async fn serve_connection(held: Held, app: Router, timings: Timings) {
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(timings.header_read_timeout);
    let connection = builder
        .serve_connection(TokioIo::new(held), TowerToHyperService::new(app))
        .with_upgrades();
    if let Err(e) = connection.await {
        tracing::debug!(error = %e, "simulator connection ended");
    }
}

/// The 503 for a connection over the cap: a short HTTP/1.1 answer with a
/// JSON body in the backend's error shape, then the connection is closed
/// (what the client sent is read and thrown away first, so the close does
/// not reset the answer away).
async fn refuse(mut stream: TcpStream, _turn: OwnedSemaphorePermit, cap: usize) {
    let message = format!("the simulator holds {cap} connections, its most; try again shortly");
    let body = serde_json::json!({
        "type": "too_many_connections",
        "message": message,
        "markdown": message,
    })
    .to_string();
    let answer = format!(
        "HTTP/1.1 503 Service Unavailable\r\ncontent-type: application/json\r\n\
         content-length: {}\r\nretry-after: 1\r\nconnection: close\r\n\r\n{body}",
        body.len()
    );
    let _ = tokio::time::timeout(REFUSE_TIME, async {
        stream.write_all(answer.as_bytes()).await?;
        stream.shutdown().await?;
        let mut sink = [0u8; 4096];
        let mut left: usize = 64 * 1024;
        while left > 0 {
            let n = stream.read(&mut sink).await?;
            if n == 0 {
                break;
            }
            left = left.saturating_sub(n);
        }
        Ok::<(), std::io::Error>(())
    })
    .await;
}
