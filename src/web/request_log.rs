//! Gives every request an id and writes one log line per request: id, method, path, status,
//! latency. Never the query string, the body or cookies, which can hold secrets.

use std::time::Instant;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::HeaderValue;
use actix_web::middleware::Next;
use actix_web::{HttpMessage, web};
use tracing::Instrument;

use crate::app::AppState;
use crate::web::client::{self, ClientAddress, RequestId};

pub async fn log(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let started = Instant::now();
    let id = format!("{:016x}", rand::random::<u64>());
    let proxy = req
        .app_data::<web::Data<AppState>>()
        .and_then(|state| state.settings.proxy);
    let address = client::ip(req.request(), proxy);
    req.extensions_mut().insert(RequestId(id.clone()));
    req.extensions_mut().insert(ClientAddress(address));
    let method = req.method().clone();
    let path = req.path().to_owned();
    let span = tracing::info_span!("request", id = %id);
    let result = next.call(req).instrument(span.clone()).await;
    let _entered = span.enter();
    let latency_ms = started.elapsed().as_secs_f64() * 1000.0;
    match result {
        Ok(mut response) => {
            let status = response.status().as_u16();
            if let Ok(value) = HeaderValue::from_str(&id) {
                response.headers_mut().insert(
                    actix_web::http::header::HeaderName::from_static("x-request-id"),
                    value,
                );
            }
            if status >= 500 {
                tracing::error!(%method, %path, status, latency_ms, "request");
            } else {
                tracing::info!(%method, %path, status, latency_ms, "request");
            }
            Ok(response)
        }
        Err(error) => {
            tracing::error!(%method, %path, %error, latency_ms, "request failed");
            Err(error)
        }
    }
}
