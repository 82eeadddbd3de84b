//! Runs the built `callscore serve` on a free port and talks HTTP to it.
//!
//! The binary carries the page only when `scripts/build` made it before this binary was compiled
//! (scripts/test does); a binary without it must say how to build the page and exit.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};

/// Kills the server when the test ends, whatever happens.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn request(port: u16, head: &str) -> (String, Vec<u8>) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connects");
    stream.write_all(head.as_bytes()).expect("sends");
    let mut response = Vec::new();
    stream.read_to_end(&mut response).expect("reads");
    let split = response.windows(4).position(|w| w == b"\r\n\r\n").expect("a header") + 4;
    let body = response.split_off(split);
    (String::from_utf8(response).expect("ASCII headers"), body)
}

fn get(port: u16, path: &str) -> (String, Vec<u8>) {
    request(port, &format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n"))
}

#[test]
fn serves_the_page_it_carries_on_loopback_only() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_callscore"))
        .args(["serve", "--port", "0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the callscore binary runs");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout")).read_line(&mut line).expect("a line");
    if line.is_empty() {
        // Built before the page: it must say so, and fail.
        let output = child.wait_with_output().expect("exits");
        assert_eq!(output.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&output.stderr).contains("scripts/build"));
        eprintln!("skipped: this callscore was built without its page (run scripts/build first)");
        return;
    }
    let _server = Server(child);
    let port: u16 = line
        .trim()
        .strip_prefix("Callscore is served at http://127.0.0.1:")
        .and_then(|rest| rest.strip_suffix('/'))
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("unexpected first line {line:?}"));

    let (head, body) = get(port, "/");
    assert!(head.starts_with("HTTP/1.1 200 OK\r\n"), "{head}");
    assert!(head.contains("Content-Type: text/html; charset=utf-8\r\n"), "{head}");
    let html = String::from_utf8(body).expect("UTF-8");
    assert!(html.contains("Content-Security-Policy") && html.contains("app.js"), "the page's index.html");

    let (head, body) = get(port, "/pkg/callscore_bg.wasm");
    assert!(head.contains("Content-Type: application/wasm\r\n"), "{head}");
    assert_eq!(&body[..4], b"\0asm");
    let (head, _) = get(port, "/worker.js");
    assert!(head.contains("Content-Type: text/javascript; charset=utf-8\r\n"), "{head}");
    let (head, _) = get(port, "/Cargo.toml");
    assert!(head.starts_with("HTTP/1.1 404"), "{head}");
    // Another name for 127.0.0.1 (DNS rebinding) is refused.
    let (head, _) = request(port, "GET / HTTP/1.1\r\nHost: attacker.example\r\n\r\n");
    assert!(head.starts_with("HTTP/1.1 421"), "{head}");
}
