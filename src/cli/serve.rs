//! `callscore serve`: the page, carried inside this binary, served on 127.0.0.1 only.
//!
//! The files of the built `www/` are included at compile time (`target/page/www.bin`, written by
//! `scripts/build`; see `build.rs`), so the command needs no network, no folder of files and no
//! other program. Nothing is ever uploaded: the page reads the user's files in the browser, and
//! this server only answers GET and HEAD for its own files. Plain `std::net`, one thread per
//! connection, one request per connection.

use std::io::{self, Read, Write};
use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::sync::Arc;
use std::time::Duration;

/// The built page: an empty file when `scripts/build` has not made the page yet (see `build.rs`).
static ARCHIVE: &[u8] = include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/target/page/www.bin"));

/// First bytes of the archive; `build/page.mjs` writes the same.
const MAGIC: &[u8] = b"CALLSCORE-WWW 1\n";

/// The port tried first when `--port` is not given (then any free one).
const DEFAULT_PORT: u16 = 8000;

/// The longest request head read (request line and headers).
const MAX_HEAD: usize = 16 * 1024;

/// Options of `callscore serve`.
#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// Port on 127.0.0.1; 0 picks a free one. Default: 8000, or a free port when 8000 is taken.
    #[arg(long)]
    port: Option<u16>,
    /// Also open the page in the default browser.
    #[arg(long)]
    open: bool,
}

/// The page's files: (path inside `www/`, contents), all borrowed from the archive.
type Files = Vec<(&'static str, &'static [u8])>;

/// Reads the archive: `MAGIC`, then per file a little-endian u32 length and the UTF-8 path, a u32
/// length and the contents. An empty archive is a binary built without its page.
fn unpack(archive: &'static [u8]) -> Result<Files, String> {
    if archive.is_empty() {
        return Ok(Vec::new());
    }
    let bad = || "the page inside this binary is damaged: rebuild it with scripts/build".to_string();
    let mut rest = archive.strip_prefix(MAGIC).ok_or_else(bad)?;
    let take = |rest: &mut &'static [u8], n: usize| -> Result<&'static [u8], String> {
        if rest.len() < n {
            return Err(bad());
        }
        let (head, tail) = rest.split_at(n);
        *rest = tail;
        Ok(head)
    };
    let mut files = Vec::new();
    while !rest.is_empty() {
        let len = u32::from_le_bytes(take(&mut rest, 4)?.try_into().expect("4 bytes")) as usize;
        let name = std::str::from_utf8(take(&mut rest, len)?).map_err(|_| bad())?;
        let size = u32::from_le_bytes(take(&mut rest, 4)?.try_into().expect("4 bytes")) as usize;
        files.push((name, take(&mut rest, size)?));
    }
    if files.is_empty() {
        return Err(bad());
    }
    Ok(files)
}

/// Runs the server until the process is stopped.
pub fn run(args: &ServeArgs) -> Result<(), String> {
    let files = unpack(ARCHIVE)?;
    if files.is_empty() {
        return Err("this callscore was built without its page. Build the page first and then this binary \
                    (scripts/build does both), or open the single file dist/callscore.html instead"
            .into());
    }
    let listener = match args.port {
        Some(port) => TcpListener::bind((Ipv4Addr::LOCALHOST, port))
            .map_err(|e| format!("cannot listen on 127.0.0.1:{port}: {e}"))?,
        None => TcpListener::bind((Ipv4Addr::LOCALHOST, DEFAULT_PORT))
            .or_else(|_| TcpListener::bind((Ipv4Addr::LOCALHOST, 0)))
            .map_err(|e| format!("cannot listen on 127.0.0.1: {e}"))?,
    };
    let port = listener.local_addr().map_err(|e| e.to_string())?.port();
    let url = format!("http://127.0.0.1:{port}/");
    println!("Callscore is served at {url}");
    let _ = io::stdout().flush();
    eprintln!("Only this computer can open it; your files are read in the browser and never sent. Ctrl-C stops.");
    if args.open && !open_browser(&url) {
        eprintln!("could not open a browser: open {url} yourself");
    }
    let files = Arc::new(files);
    for stream in listener.incoming() {
        let Ok(stream) = stream else { continue };
        let files = Arc::clone(&files);
        std::thread::spawn(move || {
            let _ = handle(stream, &files, port);
        });
    }
    Ok(())
}

/// Opens `url` in the default browser, best effort.
fn open_browser(url: &str) -> bool {
    use std::process::{Command, Stdio};
    let mut cmd = if cfg!(target_os = "macos") {
        Command::new("open")
    } else if cfg!(windows) {
        let mut c = Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else {
        Command::new("xdg-open")
    };
    cmd.arg(url).stdin(Stdio::null()).stdout(Stdio::null()).stderr(Stdio::null());
    match cmd.spawn() {
        Ok(mut child) => {
            // Reap it when it ends (xdg-open returns at once; the browser lives on).
            std::thread::spawn(move || child.wait());
            true
        }
        Err(_) => false,
    }
}

/// Answers one request on `stream`, then closes it.
fn handle(mut stream: TcpStream, files: &Files, port: u16) -> io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    stream.set_write_timeout(Some(Duration::from_secs(30)))?;
    let mut head = Vec::new();
    let mut buf = [0u8; 2048];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        if head.len() > MAX_HEAD {
            break;
        }
        let n = stream.read(&mut buf)?;
        if n == 0 {
            break;
        }
        head.extend_from_slice(&buf[..n]);
    }
    let response = respond(&head, files, port);
    stream.write_all(&response.head())?;
    if let Some(body) = response.body {
        stream.write_all(body)?;
    }
    stream.flush()
}

/// A response: status, content type and the body (`None` for HEAD, whose length is still sent).
#[derive(Debug)]
struct Response {
    status: &'static str,
    content_type: &'static str,
    length: usize,
    body: Option<&'static [u8]>,
    allow: bool,
}

impl Response {
    fn error(status: &'static str) -> Response {
        let body: &'static [u8] = match status {
            "404 Not Found" => b"not found\n",
            "405 Method Not Allowed" => b"only GET and HEAD\n",
            "421 Misdirected Request" => b"this server answers only to 127.0.0.1 and localhost\n",
            _ => b"bad request\n",
        };
        Response {
            status,
            content_type: "text/plain; charset=utf-8",
            length: body.len(),
            body: Some(body),
            allow: status.starts_with("405"),
        }
    }

    /// The status line and headers.
    fn head(&self) -> Vec<u8> {
        let mut h = format!(
            "HTTP/1.1 {}\r\nContent-Type: {}\r\nContent-Length: {}\r\nCache-Control: no-cache\r\n\
             X-Content-Type-Options: nosniff\r\nReferrer-Policy: no-referrer\r\n\
             Cross-Origin-Resource-Policy: same-origin\r\nConnection: close\r\n",
            self.status, self.content_type, self.length
        );
        if self.allow {
            h.push_str("Allow: GET, HEAD\r\n");
        }
        h.push_str("\r\n");
        h.into_bytes()
    }
}

/// The response to a request head (bytes up to the blank line).
fn respond(head: &[u8], files: &Files, port: u16) -> Response {
    let Ok(head) = std::str::from_utf8(head) else { return Response::error("400 Bad Request") };
    let mut lines = head.split("\r\n");
    let mut parts = lines.next().unwrap_or("").split(' ');
    let (Some(method), Some(target), Some(version)) = (parts.next(), parts.next(), parts.next()) else {
        return Response::error("400 Bad Request");
    };
    if !version.starts_with("HTTP/1.") {
        return Response::error("400 Bad Request");
    }
    // Another site's name pointed at 127.0.0.1 (DNS rebinding) gets nothing.
    let host = lines
        .take_while(|l| !l.is_empty())
        .filter_map(|l| l.split_once(':'))
        .find(|(k, _)| k.trim().eq_ignore_ascii_case("host"))
        .map(|(_, v)| v.trim().to_ascii_lowercase());
    if let Some(host) = host {
        if host != format!("127.0.0.1:{port}") && host != format!("localhost:{port}") {
            return Response::error("421 Misdirected Request");
        }
    }
    if method != "GET" && method != "HEAD" {
        return Response::error("405 Method Not Allowed");
    }
    let Some(path) = file_path(target) else { return Response::error("400 Bad Request") };
    let Some(&(name, body)) = files.iter().find(|(name, _)| *name == path) else {
        return Response::error("404 Not Found");
    };
    Response {
        status: "200 OK",
        content_type: content_type(name),
        length: body.len(),
        body: (method == "GET").then_some(body),
        allow: false,
    }
}

/// The file a request target names: query and fragment dropped, percent-escapes decoded, a folder
/// meaning its `index.html`. `None` for what is not an absolute path.
fn file_path(target: &str) -> Option<String> {
    let path = target.split(['?', '#']).next()?;
    let path = path.strip_prefix('/')?;
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    let mut path = String::from_utf8(out).ok()?;
    if path.is_empty() || path.ends_with('/') {
        path.push_str("index.html");
    }
    Some(path)
}

/// The MIME type of a file of the page, by its extension.
fn content_type(name: &str) -> &'static str {
    match name.rsplit_once('.').map(|(_, ext)| ext) {
        Some("html") => "text/html; charset=utf-8",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("wasm") => "application/wasm",
        Some("json") => "application/json",
        Some("webmanifest") => "application/manifest+json",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("csv") => "text/csv; charset=utf-8",
        Some("txt" | "md" | "LICENSE") => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files() -> Files {
        vec![("index.html", b"<!doctype html>"), ("pkg/callscore_bg.wasm", b"\0asm"), ("js/a b.js", b"1")]
    }

    fn get(target: &str, host: &str) -> Response {
        let head = format!("GET {target} HTTP/1.1\r\nHost: {host}\r\nAccept: */*\r\n\r\n");
        respond(head.as_bytes(), &files(), 8123)
    }

    #[test]
    fn serves_the_page_files_with_their_types() {
        let r = get("/", "127.0.0.1:8123");
        assert_eq!((r.status, r.content_type), ("200 OK", "text/html; charset=utf-8"));
        assert_eq!(r.body, Some(&b"<!doctype html>"[..]));
        let r = get("/pkg/callscore_bg.wasm?v=1", "localhost:8123");
        assert_eq!((r.status, r.content_type), ("200 OK", "application/wasm"));
        assert_eq!(get("/js/a%20b.js", "127.0.0.1:8123").content_type, "text/javascript; charset=utf-8");
        let head = String::from_utf8(get("/", "127.0.0.1:8123").head()).unwrap();
        assert!(head.starts_with("HTTP/1.1 200 OK\r\n") && head.contains("Content-Length: 15\r\n"), "{head}");
        assert!(head.contains("X-Content-Type-Options: nosniff\r\n") && head.ends_with("\r\n\r\n"));
    }

    #[test]
    fn refuses_what_is_not_a_page_file() {
        assert_eq!(get("/../Cargo.toml", "127.0.0.1:8123").status, "404 Not Found");
        assert_eq!(get("/nothing.js", "127.0.0.1:8123").status, "404 Not Found");
        assert_eq!(get("/", "evil.example:8123").status, "421 Misdirected Request");
        assert_eq!(get("/", "127.0.0.1:9999").status, "421 Misdirected Request");
        assert_eq!(get("http://x/", "127.0.0.1:8123").status, "400 Bad Request");
        let post = respond(b"POST / HTTP/1.1\r\nHost: 127.0.0.1:8123\r\n\r\n", &files(), 8123);
        assert_eq!(post.status, "405 Method Not Allowed");
        assert!(String::from_utf8(post.head()).unwrap().contains("Allow: GET, HEAD"));
        assert_eq!(respond(b"\xff\xfe", &files(), 8123).status, "400 Bad Request");
    }

    #[test]
    fn head_sends_the_length_without_the_body() {
        let r = respond(b"HEAD /index.html HTTP/1.1\r\nHost: 127.0.0.1:8123\r\n\r\n", &files(), 8123);
        assert_eq!((r.status, r.length, r.body), ("200 OK", 15, None));
    }

    #[test]
    fn unpacks_the_archive_format() {
        assert_eq!(unpack(b"").unwrap(), Vec::new());
        let mut a = MAGIC.to_vec();
        for (name, data) in [("index.html", &b"hi"[..]), ("pkg/x.wasm", &b""[..])] {
            a.extend((name.len() as u32).to_le_bytes());
            a.extend(name.as_bytes());
            a.extend((data.len() as u32).to_le_bytes());
            a.extend(data);
        }
        let a: &'static [u8] = Box::leak(a.into_boxed_slice());
        assert_eq!(unpack(a).unwrap(), vec![("index.html", &b"hi"[..]), ("pkg/x.wasm", &b""[..])]);
        assert!(unpack(&a[..a.len() - 3]).is_err());
        assert!(unpack(b"not an archive").is_err());
    }
}
