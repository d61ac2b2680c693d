//! Facts about the caller: address and request id, for throttling, audit and logs. Both are
//! worked out once per request by `web::request_log` and kept in the request's extensions.

use actix_web::{HttpMessage, HttpRequest};

/// The id of the current request, shown on error pages and in the `X-Request-Id` header.
#[derive(Debug, Clone)]
pub struct RequestId(pub String);

/// The client's address for this request (see [`ip`]), for throttling and audit.
#[derive(Debug, Clone)]
pub struct ClientAddress(pub String);

/// The client's IP address as seen on the connection or, with `--trust-proxy`, as the proxy
/// reported it. `X-Forwarded-For` is honoured only then, since anyone can send the header.
pub fn ip(req: &HttpRequest, trust_proxy: bool) -> String {
    if !trust_proxy {
        // The socket's address: no header parsing, which every request would otherwise pay for.
        return req
            .peer_addr()
            .map_or_else(|| "unknown".to_owned(), |socket| socket.ip().to_string());
    }
    let info = req.connection_info();
    let address = info.realip_remote_addr().unwrap_or("unknown");
    // Strip the port from "1.2.3.4:5678" and "[::1]:5678".
    match address.parse::<std::net::SocketAddr>() {
        Ok(socket) => socket.ip().to_string(),
        Err(_) => address.to_owned(),
    }
}

/// The client address recorded for this request by the request logger.
pub fn address(req: &HttpRequest) -> String {
    match req.extensions().get::<ClientAddress>() {
        Some(address) => address.0.clone(),
        None => ip(req, false),
    }
}

pub fn request_id(req: &HttpRequest) -> Option<String> {
    req.extensions().get::<RequestId>().map(|id| id.0.clone())
}
