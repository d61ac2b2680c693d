//! Facts about the caller: address and request id, for throttling, audit and logs.

use actix_web::{HttpMessage, HttpRequest};

use crate::web::request_log::RequestId;

/// The client's IP address. `X-Forwarded-For` is honoured only with `--trust-proxy`, since
/// anyone can send the header.
pub fn ip(req: &HttpRequest, trust_proxy: bool) -> String {
    let info = req.connection_info();
    let address = if trust_proxy {
        info.realip_remote_addr()
    } else {
        info.peer_addr()
    };
    let address = address.unwrap_or("unknown");
    // Strip the port from "1.2.3.4:5678" and "[::1]:5678".
    match address.parse::<std::net::SocketAddr>() {
        Ok(socket) => socket.ip().to_string(),
        Err(_) => address.to_owned(),
    }
}

pub fn request_id(req: &HttpRequest) -> Option<String> {
    req.extensions().get::<RequestId>().map(|id| id.0.clone())
}
