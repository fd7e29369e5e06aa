//! A slow link to a PostgreSQL server: a TCP relay on 127.0.0.1 that holds everything the
//! server sends for a fixed time, so every round trip costs at least that. The counter is
//! measured through it as it would run across a shop's network (about 1 ms) or a chain's
//! (20–50 ms), without the privileges `tc netem` needs (`ringup bench --delay-ms`, the
//! tests of the round-trip budget).

use std::io::{self, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream, ToSocketAddrs};
use std::str::FromStr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

/// A relay to a PostgreSQL server; connections made to [`SlowLink::url`] go through it.
/// Dropping it stops taking connections (those open run until their client closes them).
pub struct SlowLink {
    url: String,
    delay: Duration,
    stop: Arc<AtomicBool>,
    port: u16,
}

impl SlowLink {
    /// A relay to the server of the PostgreSQL URL `url` (`postgres://user@host:port/db`)
    /// that delays every round trip by `delay`.
    pub fn postgres(url: &str, delay: Duration) -> io::Result<SlowLink> {
        let bad = |why: &str| io::Error::new(io::ErrorKind::InvalidInput, why.to_string());
        let config = postgres::Config::from_str(url).map_err(|e| bad(&e.to_string()))?;
        let host = match config.get_hosts().first() {
            Some(postgres::config::Host::Tcp(host)) => host.clone(),
            _ => return Err(bad("a slow link needs a server reached over TCP")),
        };
        let port = config.get_ports().first().copied().unwrap_or(5432);
        let server = (host.as_str(), port)
            .to_socket_addrs()?
            .next()
            .ok_or_else(|| bad("the server's host has no address"))?;
        let listener = TcpListener::bind("127.0.0.1:0")?;
        let local = listener.local_addr()?.port();
        let relayed = through(url, &format!("127.0.0.1:{local}"))
            .ok_or_else(|| bad("a slow link needs a postgres:// URL"))?;
        let stop = Arc::new(AtomicBool::new(false));
        let stopped = stop.clone();
        thread::spawn(move || {
            for client in listener.incoming() {
                if stopped.load(Ordering::Relaxed) {
                    break;
                }
                let Ok(client) = client else { continue };
                if let Ok(upstream) = TcpStream::connect(server) {
                    relay(client, upstream, delay);
                }
            }
        });
        Ok(SlowLink {
            url: relayed,
            delay,
            stop,
            port: local,
        })
    }

    /// The URL that connects through the relay.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// What the relay adds to every round trip.
    pub fn delay(&self) -> Duration {
        self.delay
    }
}

impl Drop for SlowLink {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        // Wakes the accepting thread so that it sees the stop.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
    }
}

/// `url` with its host and port replaced by `address`; None when it is not a URL.
fn through(url: &str, address: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(end);
    let user = authority
        .rsplit_once('@')
        .map(|(user, _)| format!("{user}@"));
    Some(format!(
        "{scheme}://{}{address}{tail}",
        user.unwrap_or_default()
    ))
}

/// Relays one connection: what the client sends goes at once, what the server sends is
/// held for `delay` from when it arrived (so replies are never held twice).
fn relay(client: TcpStream, upstream: TcpStream, delay: Duration) {
    let _ = client.set_nodelay(true);
    let _ = upstream.set_nodelay(true);
    let (Ok(mut client_in), Ok(mut upstream_out)) = (client.try_clone(), upstream.try_clone())
    else {
        return;
    };
    thread::spawn(move || {
        let _ = io::copy(&mut client_in, &mut upstream_out);
        let _ = upstream_out.shutdown(Shutdown::Write);
    });
    let (send, held) = mpsc::channel::<(Instant, Vec<u8>)>();
    let mut upstream_in = upstream;
    thread::spawn(move || {
        let mut buffer = vec![0; 64 * 1024];
        while let Ok(n @ 1..) = upstream_in.read(&mut buffer) {
            if send
                .send((Instant::now() + delay, buffer[..n].to_vec()))
                .is_err()
            {
                break;
            }
        }
    });
    let mut client_out = client;
    thread::spawn(move || {
        for (due, bytes) in held {
            thread::sleep(due.saturating_duration_since(Instant::now()));
            if client_out.write_all(&bytes).is_err() {
                break;
            }
        }
        let _ = client_out.shutdown(Shutdown::Write);
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_url_keeps_everything_but_the_host_and_port() {
        assert_eq!(
            through(
                "postgres://ringup:pw@db.shop:5433/pos?sslmode=disable",
                "127.0.0.1:9"
            ),
            Some("postgres://ringup:pw@127.0.0.1:9/pos?sslmode=disable".into())
        );
        assert_eq!(
            through("postgresql://db/pos", "127.0.0.1:9"),
            Some("postgresql://127.0.0.1:9/pos".into())
        );
        assert_eq!(through("host=db user=ringup", "127.0.0.1:9"), None);
    }

    #[test]
    fn what_the_server_sends_is_held_and_what_the_client_sends_is_not() {
        let server = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = server.local_addr().unwrap().port();
        thread::spawn(move || {
            let (mut s, _) = server.accept().unwrap();
            let mut byte = [0];
            while s.read_exact(&mut byte).is_ok() {
                s.write_all(&byte).unwrap();
            }
        });
        let link = SlowLink::postgres(
            &format!("postgres://u@127.0.0.1:{port}/db"),
            Duration::from_millis(30),
        )
        .unwrap();
        let relayed = link
            .url()
            .split('@')
            .nth(1)
            .unwrap()
            .split('/')
            .next()
            .unwrap();
        let mut client = TcpStream::connect(relayed).unwrap();
        for round in 0..3u8 {
            let start = Instant::now();
            client.write_all(&[round]).unwrap();
            let mut back = [0];
            client.read_exact(&mut back).unwrap();
            assert_eq!(back, [round]);
            assert!(start.elapsed() >= Duration::from_millis(30));
        }
    }
}
