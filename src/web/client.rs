//! Facts about the caller: address and request id, for throttling, audit and logs. Both are
//! worked out once per request by `web::request_log` and kept in the request's extensions.

use std::net::IpAddr;

use actix_web::{HttpMessage, HttpRequest};

use crate::config::{ProxyHeader, TrustedProxy};

/// The id of the current request, shown on error pages and in the `X-Request-Id` header.
#[derive(Debug, Clone)]
pub struct RequestId(pub String);

/// The client's address for this request (see [`ip`]), for throttling and audit.
#[derive(Debug, Clone)]
pub struct ClientAddress(pub String);

/// The client's IP address: the connection's, or with a trusted proxy (`--trust-proxy`) the
/// one the proxy appended to its header (see [`from_proxy_header`]).
pub fn ip(req: &HttpRequest, proxy: Option<TrustedProxy>) -> String {
    let peer = req.peer_addr().map(|socket| socket.ip());
    let chosen = match proxy {
        // The socket's address: no header parsing, which every request would otherwise pay for.
        None => peer,
        Some(proxy) => {
            let name = match proxy.header {
                ProxyHeader::XForwardedFor => "x-forwarded-for",
                ProxyHeader::Forwarded => "forwarded",
            };
            let values = req
                .headers()
                .get_all(name)
                .filter_map(|value| value.to_str().ok());
            from_proxy_header(values, proxy).or(peer)
        }
    };
    chosen.map_or_else(|| "unknown".to_owned(), |ip| ip.to_string())
}

/// The client address in a trusted proxy's header: each proxy appends the address it was
/// reached from, so the client is the `hops`-th entry from the right. Entries to the left of
/// it were sent by the client and can say anything; they are never read. None when the header
/// has fewer entries than hops (the request did not come through every proxy) or the entry is
/// not an address.
pub fn from_proxy_header<'a>(
    values: impl Iterator<Item = &'a str>,
    proxy: TrustedProxy,
) -> Option<IpAddr> {
    // Several header lines are one list, in order (RFC 9110 §5.3).
    let mut entries: Vec<&str> = Vec::new();
    for value in values {
        for element in value.split(',') {
            match proxy.header {
                ProxyHeader::XForwardedFor => entries.push(element.trim()),
                ProxyHeader::Forwarded => {
                    let node = element.split(';').find_map(|pair| {
                        let (key, value) = pair.split_once('=')?;
                        key.trim().eq_ignore_ascii_case("for").then(|| value.trim())
                    });
                    entries.push(node.unwrap_or(""));
                }
            }
        }
    }
    let index = entries.len().checked_sub(proxy.hops)?;
    parse_address(entries[index])
}

/// "1.2.3.4", "1.2.3.4:5678", "2001:db8::1", "[2001:db8::1]:443", quoted or not.
fn parse_address(entry: &str) -> Option<IpAddr> {
    let entry = entry.trim().trim_matches('"');
    if let Ok(ip) = entry.parse::<IpAddr>() {
        return Some(ip);
    }
    if let Ok(socket) = entry.parse::<std::net::SocketAddr>() {
        return Some(socket.ip());
    }
    entry
        .strip_prefix('[')
        .and_then(|rest| rest.split(']').next())
        .and_then(|inner| inner.parse().ok())
}

/// The client address recorded for this request by the request logger.
pub fn address(req: &HttpRequest) -> String {
    match req.extensions().get::<ClientAddress>() {
        Some(address) => address.0.clone(),
        None => ip(req, None),
    }
}

pub fn request_id(req: &HttpRequest) -> Option<String> {
    req.extensions().get::<RequestId>().map(|id| id.0.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn xff(hops: usize) -> TrustedProxy {
        TrustedProxy {
            hops,
            header: ProxyHeader::XForwardedFor,
        }
    }

    fn choose(values: &[&str], proxy: TrustedProxy) -> Option<String> {
        from_proxy_header(values.iter().copied(), proxy).map(|ip| ip.to_string())
    }

    #[test]
    fn the_address_the_proxy_appended_wins_over_forged_ones() {
        // The client sent "6.6.6.6, 7.7.7.7"; nginx appended the real 203.0.113.9.
        let forged = ["6.6.6.6, 7.7.7.7, 203.0.113.9"];
        assert_eq!(choose(&forged, xff(1)).as_deref(), Some("203.0.113.9"));
        // Behind a CDN and nginx: the CDN appended the client, nginx the CDN.
        let two = ["6.6.6.6, 203.0.113.9, 198.51.100.1"];
        assert_eq!(choose(&two, xff(2)).as_deref(), Some("203.0.113.9"));
        // Header lines are one list.
        assert_eq!(
            choose(&["6.6.6.6", "203.0.113.9"], xff(1)).as_deref(),
            Some("203.0.113.9")
        );
        // Fewer entries than proxies: not through every proxy, so not believed.
        assert_eq!(choose(&["203.0.113.9"], xff(2)), None);
        assert_eq!(choose(&[], xff(1)), None);
        assert_eq!(choose(&["not-an-address"], xff(1)), None);
    }

    #[test]
    fn forwarded_is_read_only_when_it_is_the_configured_header() {
        let forwarded = TrustedProxy {
            hops: 1,
            header: ProxyHeader::Forwarded,
        };
        let value = [r#"for=6.6.6.6;proto=https, for="[2001:db8::7]:4711";by=10.0.0.1"#];
        assert_eq!(choose(&value, forwarded).as_deref(), Some("2001:db8::7"));
        assert_eq!(
            choose(&["for=203.0.113.9:80"], forwarded).as_deref(),
            Some("203.0.113.9")
        );
        assert_eq!(choose(&["by=10.0.0.1"], forwarded), None);
    }
}
