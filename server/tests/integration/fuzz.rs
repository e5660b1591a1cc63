//! Malformed requests of every kind, against the server binary on a seeded year, as each kind of
//! viewer: every form found on every page with each field in turn made empty, huge, garbled,
//! invalid UTF-8, a wrong number, missing or repeated; every server function with bodies that are
//! empty, garbage, of the wrong type or a multipart without its boundary; every route with odd
//! ids; and request targets no browser sends. None may get a 5xx or a dropped connection, the
//! server must log nothing at ERROR, and it must be healthy afterwards.

use std::collections::BTreeSet;

use futures::StreamExt;
use reqwest::header::{ACCEPT, CONTENT_TYPE, ORIGIN, REFERER};
use scraper::{Html, Selector};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::helpers::{Engine, TestApp};
use crate::on_both_engines;
use crate::stress::seeded;

on_both_engines!(no_malformed_request_gets_a_server_error_or_a_dropped_connection);

/// Requests under way at once.
const AT_ONCE: usize = 8;

/// Server functions that end the viewer's session: fuzzed signed out only, so that the signed-in
/// viewers stay signed in for the rest of the run.
const ENDS_THE_SESSION: [&str; 1] = ["/api/sign_out"];

/// One form on a page: where it posts, and the fields a browser would send.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct FoundForm {
    page: String,
    action: String,
    multipart: bool,
    fields: Vec<(String, String)>,
}

/// What a field is replaced by.
#[derive(Debug, Clone, Copy)]
enum Mutation {
    Empty,
    Huge,
    ControlCharacters,
    InvalidUtf8,
    Number(&'static str),
    Missing,
    Repeated,
}

const MUTATIONS: [Mutation; 10] = [
    Mutation::Empty,
    Mutation::Huge,
    Mutation::ControlCharacters,
    Mutation::InvalidUtf8,
    Mutation::Number("-1"),
    Mutation::Number("2147483648"),
    Mutation::Number("abc"),
    Mutation::Number("999999"),
    Mutation::Missing,
    Mutation::Repeated,
];

/// One malformed request.
#[derive(Debug, Clone)]
enum Case {
    /// A form posted with a urlencoded body (bytes, so invalid UTF-8 can be sent), as a plain form
    /// post from its page (`as_form_post`) or as the hydrated app's call.
    Form {
        action: String,
        referer: String,
        body: Vec<u8>,
        as_form_post: bool,
        what: String,
    },
    /// A whole body of the wrong kind.
    Body {
        path: String,
        content_type: Option<&'static str>,
        body: Vec<u8>,
        what: &'static str,
    },
    /// A GET of an address.
    Get { path: String },
}

fn percent_encode(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|&byte| match byte {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'*' => {
                (byte as char).to_string()
            }
            _ => format!("%{byte:02X}"),
        })
        .collect()
}

fn urlencoded(fields: &[(String, Vec<u8>)]) -> Vec<u8> {
    fields
        .iter()
        .map(|(name, value)| {
            format!(
                "{}={}",
                percent_encode(name.as_bytes()),
                percent_encode(value)
            )
        })
        .collect::<Vec<_>>()
        .join("&")
        .into_bytes()
}

/// The forms of one page that post to a server function, with what a browser would send.
fn forms_on(page: &str, html: &str) -> Vec<FoundForm> {
    let document = Html::parse_document(html);
    let forms = Selector::parse("form[action^='/api/']").unwrap();
    let controls = Selector::parse("input[name], select[name], textarea[name]").unwrap();
    let option = Selector::parse("option").unwrap();
    document
        .select(&forms)
        .map(|form| {
            let mut fields = Vec::new();
            for control in form.select(&controls) {
                let element = control.value();
                let name = element.attr("name").unwrap().to_owned();
                let value = match element.name() {
                    "select" => control
                        .select(&option)
                        .filter_map(|option| option.value().attr("value"))
                        .find(|value| !value.is_empty())
                        .unwrap_or_default()
                        .to_owned(),
                    "textarea" => "Some words.".to_owned(),
                    _ => match element.attr("type").unwrap_or("text") {
                        "checkbox" | "radio" if element.attr("checked").is_none() => continue,
                        "file" => continue,
                        _ => element
                            .attr("value")
                            .filter(|value| !value.is_empty())
                            .unwrap_or("Some words")
                            .to_owned(),
                    },
                };
                fields.push((name, value));
            }
            FoundForm {
                page: page.to_owned(),
                action: form.value().attr("action").unwrap().to_owned(),
                multipart: form
                    .value()
                    .attr("enctype")
                    .is_some_and(|enctype| enctype.contains("multipart")),
                fields,
            }
        })
        .collect()
}

/// Each field of the form in turn replaced by each mutation, plus an unknown field added.
fn form_cases(form: &FoundForm) -> Vec<Case> {
    let baseline: Vec<(String, Vec<u8>)> = form
        .fields
        .iter()
        .map(|(name, value)| (name.clone(), value.as_bytes().to_vec()))
        .collect();
    let mut bodies = Vec::new();
    let mut extra = baseline.clone();
    extra.push(("not_a_field".to_owned(), b"1".to_vec()));
    bodies.push(("an unknown field added".to_owned(), extra));
    let names: BTreeSet<&String> = form.fields.iter().map(|(name, _)| name).collect();
    for name in names {
        for mutation in MUTATIONS {
            let mut fields = Vec::new();
            for (field, value) in &baseline {
                if field != name {
                    fields.push((field.clone(), value.clone()));
                    continue;
                }
                match mutation {
                    Mutation::Empty => fields.push((field.clone(), Vec::new())),
                    Mutation::Huge => fields.push((field.clone(), vec![b'x'; 20_000])),
                    Mutation::ControlCharacters => {
                        fields.push((field.clone(), "\u{1}\u{7}\u{1b}".repeat(1_000).into_bytes()))
                    }
                    Mutation::InvalidUtf8 => fields.push((field.clone(), vec![0xFF, 0xFE, b'a'])),
                    Mutation::Number(number) => {
                        fields.push((field.clone(), number.as_bytes().to_vec()))
                    }
                    Mutation::Missing => {}
                    Mutation::Repeated => {
                        fields.extend(std::iter::repeat_n((field.clone(), value.clone()), 500))
                    }
                }
            }
            bodies.push((format!("{name}: {mutation:?}"), fields));
        }
    }
    bodies
        .into_iter()
        .enumerate()
        .map(|(index, (what, fields))| Case::Form {
            action: form.action.clone(),
            referer: form.page.clone(),
            body: urlencoded(&fields),
            // Both ways a form reaches the server: without JavaScript, and from the hydrated app.
            as_form_post: index % 2 == 0,
            what,
        })
        .collect()
}

/// Every server function with bodies no form of ours sends.
fn body_cases(paths: &[String]) -> Vec<Case> {
    let garbage: Vec<u8> = (0..=255).cycle().take(4_000).collect();
    let many_fields: Vec<u8> = (0..2_000)
        .map(|n| format!("f{n}=1"))
        .collect::<Vec<_>>()
        .join("&")
        .into_bytes();
    let bodies: [(Option<&'static str>, Vec<u8>, &'static str); 9] = [
        (None, Vec::new(), "no body, no type"),
        (
            Some("application/x-www-form-urlencoded"),
            Vec::new(),
            "an empty form",
        ),
        (
            Some("application/x-www-form-urlencoded"),
            garbage.clone(),
            "bytes as a form",
        ),
        (
            Some("application/x-www-form-urlencoded"),
            many_fields,
            "2,000 unknown fields",
        ),
        (Some("application/json"), b"{\"a\": [1, 2".to_vec(), "broken JSON"),
        (Some("text/plain"), b"hello".to_vec(), "plain text"),
        (Some("multipart/form-data"), garbage.clone(), "multipart without a boundary"),
        (
            Some("multipart/form-data; boundary=XYZ"),
            garbage,
            "multipart with garbage",
        ),
        (
            Some("multipart/form-data; boundary=XYZ"),
            b"--XYZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n\r\nemail,role\r\nnot-an-email,mentee\r\n--XYZ--\r\n".to_vec(),
            "a multipart file",
        ),
    ];
    paths
        .iter()
        .flat_map(|path| {
            bodies
                .iter()
                .map(move |(content_type, body, what)| Case::Body {
                    path: path.clone(),
                    content_type: *content_type,
                    body: body.clone(),
                    what,
                })
                .chain(std::iter::once(Case::Get { path: path.clone() }))
        })
        .collect()
}

/// The axum routes outside the app's pages, with ids that do not exist or do not parse.
fn route_cases(world_pair_id: i32, year_id: i32) -> Vec<Case> {
    let mut paths = Vec::new();
    for id in [
        world_pair_id.to_string(),
        year_id.to_string(),
        "999999".to_owned(),
        "abc".to_owned(),
        "-1".to_owned(),
        "9".repeat(40),
    ] {
        paths.push(format!("/meetings/{id}/calendar.ics"));
        paths.push(format!("/calendar/{id}.ics"));
        for file in ["pairs.csv", "applications.csv", "nothing.csv", "x"] {
            paths.push(format!("/program/years/{id}/exports/{file}"));
        }
    }
    paths.extend(
        [
            "/healthz",
            "/pkg/none.wasm",
            "/no/such/page",
            "/api/",
            "/api/no_such_function",
            "/pairs/",
            "/directory/%00",
            "/%FF%FE",
            "/program?year=abc&page=-1",
            "/directory?page=99999999999999999999&q=%FF",
        ]
        .map(str::to_owned),
    );
    paths.push(format!("/{}", "a".repeat(10_000)));
    paths.into_iter().map(|path| Case::Get { path }).collect()
}

impl Case {
    /// Sends the case; the answer's status, or what went wrong with the connection.
    async fn send(&self, client: &TestApp) -> Result<u16, String> {
        let request = match self {
            Self::Form {
                action,
                referer,
                body,
                as_form_post,
                ..
            } => client
                .client
                .post(client.url(action))
                .header(ORIGIN, client.origin())
                .header(REFERER, client.url(referer))
                .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
                .header(
                    ACCEPT,
                    if *as_form_post {
                        "text/html"
                    } else {
                        "application/json"
                    },
                )
                .body(body.clone()),
            Self::Body {
                path,
                content_type,
                body,
                ..
            } => {
                let request = client
                    .client
                    .post(client.url(path))
                    .header(ORIGIN, client.origin())
                    .body(body.clone());
                match content_type {
                    Some(content_type) => request.header(CONTENT_TYPE, *content_type),
                    None => request,
                }
            }
            Self::Get { path } => client.client.get(client.url(path)),
        };
        let response = request.send().await.map_err(|err| format!("{err:?}"))?;
        let status = response.status().as_u16();
        response
            .bytes()
            .await
            .map_err(|err| format!("the body broke off: {err:?}"))?;
        Ok(status)
    }

    fn describe(&self) -> String {
        match self {
            Self::Form {
                action,
                what,
                as_form_post,
                ..
            } => {
                format!("{action} ({what}, form post: {as_form_post})")
            }
            Self::Body { path, what, .. } => format!("{path} ({what})"),
            Self::Get { path } => format!("GET {}", path.chars().take(80).collect::<String>()),
        }
    }
}

/// Request targets no browser sends, written on the socket as they are.
const ODD_TARGETS: [&[u8]; 12] = [
    b"GET sign-in HTTP/1.1\r\n",
    b"OPTIONS * HTTP/1.1\r\n",
    b"GET /. HTTP/1.1\r\n",
    b"GET /.. HTTP/1.1\r\n",
    b"GET /%2e%2e HTTP/1.1\r\n",
    b"GET /%2E%2e/%2e%2e/etc/passwd HTTP/1.1\r\n",
    b"GET /program/. HTTP/1.1\r\n",
    b"GET /pkg/../Cargo.toml HTTP/1.1\r\n",
    b"GET http://127.0.0.1/ HTTP/1.1\r\n",
    b"POST /api/sign_in HTTP/1.1\r\nContent-Length: 5\r\n",
    b"GET /\xff\xfe HTTP/1.1\r\n",
    b"CONNECT 127.0.0.1:443 HTTP/1.1\r\n",
];

/// Sends one raw request and reads the status line of the answer.
async fn raw_status(address: &str, request_line: &[u8]) -> Result<u16, String> {
    let host = address.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(host)
        .await
        .map_err(|err| err.to_string())?;
    let mut request = request_line.to_vec();
    request.extend_from_slice(format!("Host: {host}\r\nConnection: close\r\n\r\n").as_bytes());
    stream
        .write_all(&request)
        .await
        .map_err(|err| err.to_string())?;
    let mut answer = Vec::new();
    tokio::time::timeout(
        std::time::Duration::from_secs(30),
        stream.read_to_end(&mut answer),
    )
    .await
    .map_err(|_| "no answer in 30 s".to_owned())?
    .map_err(|err| err.to_string())?;
    let text = String::from_utf8_lossy(&answer);
    text.strip_prefix("HTTP/1.1 ")
        .and_then(|rest| rest.get(..3))
        .and_then(|code| code.parse().ok())
        .ok_or_else(|| {
            format!(
                "no status line in {:?}",
                text.chars().take(200).collect::<String>()
            )
        })
}

async fn no_malformed_request_gets_a_server_error_or_a_dropped_connection(engine: Engine) {
    let seeded = seeded(engine).await;
    let pages = seeded.pages();
    let function_paths: Vec<String> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, _)| path.to_owned())
        .collect();
    let mut failures = Vec::new();
    let mut sent = 0;

    // Signed out first, the organizer last: what each viewer's forms change (an organizer ending a
    // pair, say) then never takes away another viewer's pages before they are tried.
    for (viewer, client) in seeded.viewers() {
        let signed_in = viewer != "signed out";
        let mut forms = BTreeSet::new();
        for page in &pages {
            let response = client.get(page).await;
            let html = response.text().await.unwrap_or_default();
            forms.extend(forms_on(page, &html));
        }
        // One of each kind of form (the same form on several pages, or per row, once).
        let mut seen = BTreeSet::new();
        let forms: Vec<FoundForm> = forms
            .into_iter()
            .filter(|form| !form.multipart)
            .filter(|form| !(signed_in && ENDS_THE_SESSION.contains(&form.action.as_str())))
            .filter(|form| {
                seen.insert((
                    form.action.clone(),
                    form.fields
                        .iter()
                        .map(|(name, _)| name.clone())
                        .collect::<Vec<_>>(),
                ))
            })
            .collect();
        let mut cases: Vec<Case> = forms.iter().flat_map(form_cases).collect();
        if matches!(viewer, "signed out" | "mentee in the pair" | "organizer") {
            let paths: Vec<String> = function_paths
                .iter()
                .filter(|path| !(signed_in && ENDS_THE_SESSION.contains(&path.as_str())))
                .cloned()
                .collect();
            cases.extend(body_cases(&paths));
            cases.extend(route_cases(seeded.world.pair_id, seeded.year_id));
        }
        sent += cases.len();
        let answers: Vec<(Case, Result<u16, String>)> = futures::stream::iter(cases)
            .map(|case| {
                let client = client.clone();
                async move {
                    let answer = case.send(&client).await;
                    (case, answer)
                }
            })
            .buffer_unordered(AT_ONCE)
            .collect()
            .await;
        for (case, answer) in answers {
            match answer {
                Ok(status) if status < 500 => {}
                Ok(status) => failures.push(format!("{viewer}: {} → {status}", case.describe())),
                Err(err) => failures.push(format!("{viewer}: {} → {err}", case.describe())),
            }
        }
    }
    for request_line in ODD_TARGETS {
        sent += 1;
        match raw_status(&seeded.server.address, request_line).await {
            Ok(status) if status < 500 => {}
            answer => failures.push(format!(
                "{:?} → {answer:?}",
                String::from_utf8_lossy(request_line)
            )),
        }
    }

    let health = seeded
        .world
        .anonymous
        .on(&seeded.server.address)
        .get("/healthz")
        .await;
    assert_eq!(health.status(), 200, "the server is unwell after the run");
    assert!(
        failures.is_empty(),
        "{} of {sent} malformed requests got a server error or no answer:\n{}\nThe server logged:\n{}",
        failures.len(),
        failures.join("\n"),
        seeded.server.error_lines().join("\n")
    );
    assert_eq!(seeded.server.error_lines(), Vec::<String>::new());
    eprintln!("{sent} malformed requests, none answered with a server error");
}
