//! A stats endpoint with a script: it answers each request for a bin with
//! the status the test chooses, and remembers when each request came.

use std::sync::{Arc, Mutex};
// tokio's Instant: the same as std's, but it follows paused time in tests.
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::time::Instant;

/// (bin, how many times it was asked before) → HTTP status.
pub(crate) type Script = fn(usize, usize) -> u16;

pub(crate) struct StatsServer {
    pub addr: std::net::SocketAddr,
    requests: Arc<Mutex<Vec<(usize, Instant)>>>,
}

impl StatsServer {
    pub(crate) fn api(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Every request so far: the bin and when it arrived.
    pub(crate) fn requests(&self) -> Vec<(usize, Instant)> {
        self.requests.lock().unwrap().clone()
    }

    pub(crate) fn requests_for(&self, bin: usize) -> Vec<Instant> {
        self.requests()
            .into_iter()
            .filter(|(b, _)| *b == bin)
            .map(|(_, t)| t)
            .collect()
    }
}

const BODY: &str = r#"{"journey_time":0.0,"bin_width":0.645,"users":3,"likes":1,"numeric_active":null,"press_active":null,"press":null,"color_active":null,"word_active":[1,2,0]}"#;

pub(crate) async fn stats_server(script: Script) -> StatsServer {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let requests = Arc::new(Mutex::new(Vec::new()));
    let log = requests.clone();
    tokio::spawn(async move {
        while let Ok((mut tcp, _)) = listener.accept().await {
            let log = log.clone();
            tokio::spawn(async move {
                let mut buf = Vec::new();
                let mut chunk = [0u8; 1024];
                while !buf.windows(4).any(|w| w == b"\r\n\r\n") {
                    match tcp.read(&mut chunk).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => buf.extend_from_slice(&chunk[..n]),
                    }
                }
                let head = String::from_utf8_lossy(&buf);
                let bin: usize = head
                    .split("bin=")
                    .nth(1)
                    .and_then(|r| r.split(|c: char| !c.is_ascii_digit()).next())
                    .and_then(|n| n.parse().ok())
                    .unwrap_or(usize::MAX);
                let asked_before = {
                    let mut log = log.lock().unwrap();
                    let n = log.iter().filter(|(b, _)| *b == bin).count();
                    log.push((bin, Instant::now()));
                    n
                };
                let status = script(bin, asked_before);
                let body = if status == 200 {
                    BODY
                } else {
                    r#"{"type":"x"}"#
                };
                let reply = format!(
                    "HTTP/1.1 {status} S\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                    body.len()
                );
                let _ = tcp.write_all(reply.as_bytes()).await;
            });
        }
    });
    StatsServer { addr, requests }
}

/// How a hostile stats endpoint sends a 200's body.
#[derive(Debug, Clone, Copy)]
pub(crate) enum HugeBody {
    /// Chunked, never ending: a valid response, then spaces forever.
    Endless,
    /// A `content-length` of this many bytes (the body is then sent, too).
    Declared(u64),
    /// `content-length` left out and this many bytes sent, then closed.
    Undeclared(usize),
}

/// A stats endpoint whose every answer is a 200 with a huge body; the
/// returned counter is how many body bytes it managed to write.
pub(crate) async fn huge_body_server(
    mode: HugeBody,
) -> (std::net::SocketAddr, Arc<std::sync::atomic::AtomicU64>) {
    use std::sync::atomic::{AtomicU64, Ordering};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let sent = Arc::new(AtomicU64::new(0));
    let count = sent.clone();
    tokio::spawn(async move {
        while let Ok((mut tcp, _)) = listener.accept().await {
            let count = count.clone();
            tokio::spawn(async move {
                let mut buf = Vec::new();
                let mut chunk = [0u8; 1024];
                while !buf.windows(4).any(|w| w == b"\r\n\r\n") {
                    match tcp.read(&mut chunk).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => buf.extend_from_slice(&chunk[..n]),
                    }
                }
                let head = match mode {
                    HugeBody::Endless => {
                        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n".to_string()
                    }
                    HugeBody::Declared(n) => format!(
                        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {n}\r\n\r\n"
                    ),
                    HugeBody::Undeclared(_) => {
                        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nconnection: close\r\n\r\n".to_string()
                    }
                };
                if tcp.write_all(head.as_bytes()).await.is_err() {
                    return;
                }
                let piece = vec![b' '; 64 * 1024];
                let total = match mode {
                    HugeBody::Endless => u64::MAX,
                    HugeBody::Declared(n) => n,
                    HugeBody::Undeclared(n) => n as u64,
                };
                let mut written = 0u64;
                let mut first = true;
                while written < total {
                    let mut data = piece.clone();
                    if first {
                        data[..BODY.len()].copy_from_slice(BODY.as_bytes());
                        first = false;
                    }
                    let n = data.len().min((total - written) as usize);
                    let frame = match mode {
                        HugeBody::Endless => {
                            let mut f = format!("{n:x}\r\n").into_bytes();
                            f.extend_from_slice(&data[..n]);
                            f.extend_from_slice(b"\r\n");
                            f
                        }
                        _ => data[..n].to_vec(),
                    };
                    if tcp.write_all(&frame).await.is_err() {
                        return;
                    }
                    written += n as u64;
                    count.fetch_add(n as u64, Ordering::SeqCst);
                }
            });
        }
    });
    (addr, sent)
}
