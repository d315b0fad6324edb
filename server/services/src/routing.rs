//! Travel times and distances between points, behind one trait so that the
//! planner works offline (straight-line estimate) and with a road-routing
//! service (OSRM's table API) when one is configured by URL.

use crate::ServiceError;
use std::future::Future;
use std::pin::Pin;

/// A point as latitude and longitude in degrees.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Point {
    pub lat: f64,
    pub lng: f64,
}

/// Travel between every pair of points, row-major (`from * n + to`):
/// seconds and metres.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Matrix {
    pub n: usize,
    pub seconds: Vec<i64>,
    pub metres: Vec<i64>,
}

impl Matrix {
    pub fn seconds(&self, from: usize, to: usize) -> i64 {
        self.seconds[from * self.n + to]
    }

    pub fn metres(&self, from: usize, to: usize) -> i64 {
        self.metres[from * self.n + to]
    }
}

pub type MatrixFuture<'a> = Pin<Box<dyn Future<Output = Result<Matrix, ServiceError>> + Send + 'a>>;

/// Where travel times come from.
pub trait TravelTimes: Send + Sync {
    fn matrix<'a>(&'a self, points: &'a [Point]) -> MatrixFuture<'a>;
    /// For the plan preview: which provider made the figures.
    fn name(&self) -> &'static str;
}

/// Whole minutes of travel for `seconds`, rounded up: how the board and
/// the customer's slot search time a leg.
pub fn travel_minutes(seconds: i64) -> i32 {
    ((seconds + 59) / 60) as i32
}

/// Straight-line distance on the earth's surface, in metres.
pub fn haversine_metres(a: Point, b: Point) -> f64 {
    const R: f64 = 6_371_000.0;
    let (la1, la2) = (a.lat.to_radians(), b.lat.to_radians());
    let dlat = la2 - la1;
    let dlng = (b.lng - a.lng).to_radians();
    let h = (dlat / 2.0).sin().powi(2) + la1.cos() * la2.cos() * (dlng / 2.0).sin().powi(2);
    2.0 * R * h.sqrt().asin()
}

/// The default: straight line × 1.3 for the roads, at 60 km/h.
#[derive(Clone, Copy, Debug)]
pub struct Haversine {
    pub detour: f64,
    pub kmh: f64,
}

impl Default for Haversine {
    fn default() -> Self {
        Haversine {
            detour: 1.3,
            kmh: 60.0,
        }
    }
}

impl Haversine {
    pub fn compute(&self, points: &[Point]) -> Matrix {
        let n = points.len();
        let mut seconds = Vec::with_capacity(n * n);
        let mut metres = Vec::with_capacity(n * n);
        for a in points {
            for b in points {
                let m = haversine_metres(*a, *b) * self.detour;
                metres.push(m.round() as i64);
                seconds.push((m / (self.kmh / 3.6)).round() as i64);
            }
        }
        Matrix { n, seconds, metres }
    }
}

impl TravelTimes for Haversine {
    fn matrix<'a>(&'a self, points: &'a [Point]) -> MatrixFuture<'a> {
        Box::pin(async move { Ok(self.compute(points)) })
    }

    fn name(&self) -> &'static str {
        "haversine"
    }
}

/// OSRM's table service (`/table/v1/driving/…?annotations=duration,distance`)
/// at a base URL such as `http://osrm.internal:5000` or `https://…`.
#[derive(Clone, Debug)]
pub struct Osrm {
    pub base_url: String,
}

/// One pooled HTTP client for every routing request (connections and TLS
/// sessions are reused), with timeouts so a slow server cannot hold a plan.
fn http_client() -> &'static reqwest::Client {
    static CLIENT: std::sync::OnceLock<reqwest::Client> = std::sync::OnceLock::new();
    CLIENT.get_or_init(|| {
        reqwest::Client::builder()
            .connect_timeout(std::time::Duration::from_secs(5))
            .timeout(std::time::Duration::from_secs(20))
            .build()
            .expect("an HTTP client with rustls")
    })
}

impl Osrm {
    fn url(&self, points: &[Point]) -> String {
        let coords: Vec<String> = points
            .iter()
            .map(|p| format!("{:.6},{:.6}", p.lng, p.lat))
            .collect();
        format!(
            "{}/table/v1/driving/{}?annotations=duration,distance",
            self.base_url.trim_end_matches('/'),
            coords.join(";")
        )
    }

    /// A failure of the routing service is the service being unavailable
    /// (503), never the planner's input being wrong.
    async fn fetch(&self, points: &[Point]) -> Result<Matrix, ServiceError> {
        let unavailable =
            |e: &dyn std::fmt::Display| ServiceError::Unavailable(format!("routing service: {e}"));
        let res = http_client()
            .get(self.url(points))
            .send()
            .await
            .map_err(|e| unavailable(&e))?;
        if !res.status().is_success() {
            return Err(unavailable(&res.status()));
        }
        let body = res.bytes().await.map_err(|e| unavailable(&e))?;
        parse_osrm_table(&body, points.len())
    }
}

/// Reads an OSRM table answer. A malformed answer or a refusal is the
/// service failing (503); an unreachable pair (`null`) is refused as
/// invalid input: a plan cannot be made over that address.
pub fn parse_osrm_table(body: &[u8], n: usize) -> Result<Matrix, ServiceError> {
    let v: serde_json::Value = serde_json::from_slice(body)
        .map_err(|e| ServiceError::Unavailable(format!("routing answer is not JSON: {e}")))?;
    if v.get("code").and_then(|c| c.as_str()) != Some("Ok") {
        return Err(ServiceError::Unavailable(format!(
            "routing service refused: {}",
            v.get("message")
                .and_then(|m| m.as_str())
                .unwrap_or("no message")
        )));
    }
    let read = |key: &str| -> Result<Vec<i64>, ServiceError> {
        let rows = v
            .get(key)
            .and_then(|r| r.as_array())
            .filter(|r| r.len() == n)
            .ok_or_else(|| ServiceError::Unavailable(format!("routing answer lacks {key}")))?;
        let mut out = Vec::with_capacity(n * n);
        for row in rows {
            let row = row.as_array().filter(|r| r.len() == n).ok_or_else(|| {
                ServiceError::Unavailable(format!("routing answer: bad {key} row"))
            })?;
            for cell in row {
                let x = cell.as_f64().ok_or_else(|| {
                    ServiceError::Invalid("routing answer: a point is unreachable".into())
                })?;
                out.push(x.round() as i64);
            }
        }
        Ok(out)
    };
    Ok(Matrix {
        n,
        seconds: read("durations")?,
        metres: read("distances")?,
    })
}

impl TravelTimes for Osrm {
    fn matrix<'a>(&'a self, points: &'a [Point]) -> MatrixFuture<'a> {
        Box::pin(self.fetch(points))
    }

    fn name(&self) -> &'static str {
        "osrm"
    }
}

/// The provider configured by `OSRM_URL`, else the straight-line estimate.
pub fn configured() -> Box<dyn TravelTimes> {
    match &crate::runtime::get().osrm_url {
        Some(u) => Box::new(Osrm {
            base_url: u.clone(),
        }),
        None => Box::new(Haversine::default()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NIJKERK: Point = Point {
        lat: 52.2200,
        lng: 5.4860,
    };
    const AMERSFOORT: Point = Point {
        lat: 52.1561,
        lng: 5.3878,
    };

    #[test]
    fn the_straight_line_estimate_is_plausible_for_dutch_towns() {
        let straight = haversine_metres(NIJKERK, AMERSFOORT);
        assert!((9_000.0..10_500.0).contains(&straight), "{straight}");
        let m = Haversine::default().compute(&[NIJKERK, AMERSFOORT]);
        assert_eq!(m.metres(0, 0), 0);
        assert_eq!(m.metres(0, 1), m.metres(1, 0));
        assert_eq!(m.metres(0, 1), (straight * 1.3).round() as i64);
        // 60 km/h is 16.67 m/s.
        assert_eq!(
            m.seconds(0, 1),
            (straight * 1.3 / (60.0 / 3.6)).round() as i64
        );
    }

    #[test]
    fn osrm_answers_are_read_and_bad_ones_refused() {
        let ok =
            br#"{"code":"Ok","durations":[[0,600.4],[610,0]],"distances":[[0,9800],[9900.6,0]]}"#;
        let m = parse_osrm_table(ok, 2).unwrap();
        assert_eq!(m.seconds, [0, 600, 610, 0]);
        assert_eq!(m.metres(1, 0), 9901);
        assert!(parse_osrm_table(br#"{"code":"InvalidQuery","message":"bad"}"#, 2).is_err());
        let hole = br#"{"code":"Ok","durations":[[0,null],[1,0]],"distances":[[0,1],[1,0]]}"#;
        assert!(parse_osrm_table(hole, 2).is_err());
        assert!(parse_osrm_table(ok, 3).is_err(), "size mismatch");
    }

    /// The adapter against a real HTTP server that we run here, speaking
    /// OSRM's table protocol.
    #[tokio::test]
    async fn the_osrm_adapter_asks_the_table_service_over_http() {
        use axum::extract::Path;
        use axum::routing::get;
        let seen = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
        let log = seen.clone();
        let app = axum::Router::new().route(
            "/osrm/table/v1/driving/{coords}",
            get(move |Path(coords): Path<String>| {
                let log = log.clone();
                async move {
                    *log.lock().unwrap() = coords.clone();
                    let n = coords.split(';').count();
                    let row = |i: usize| (0..n).map(move |j| if i == j { 0 } else { 100 * (i + j) });
                    axum::Json(serde_json::json!({
                        "code": "Ok",
                        "durations": (0..n).map(|i| row(i).collect::<Vec<_>>()).collect::<Vec<_>>(),
                        "distances": (0..n).map(|i| row(i).map(|x| x * 15).collect::<Vec<_>>()).collect::<Vec<_>>(),
                    }))
                }
            }),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });

        let osrm = Osrm {
            base_url: format!("http://{addr}/osrm/"),
        };
        let m = osrm.matrix(&[NIJKERK, AMERSFOORT]).await.unwrap();
        assert_eq!(m.seconds, [0, 100, 100, 0]);
        assert_eq!(m.metres(0, 1), 1_500);
        // Longitude first, as OSRM wants it.
        assert_eq!(
            *seen.lock().unwrap(),
            "5.486000,52.220000;5.387800,52.156100"
        );

        // A server that is not there, or that fails, makes the routing
        // service unavailable (503), not the request invalid (400).
        let gone = Osrm {
            base_url: "http://127.0.0.1:9".into(),
        };
        match gone.matrix(&[NIJKERK]).await {
            Err(ServiceError::Unavailable(m)) => assert!(m.contains("routing"), "{m}"),
            other => panic!("{other:?}"),
        }
        let broken = Osrm {
            base_url: format!("http://{addr}/missing"),
        };
        match broken.matrix(&[NIJKERK, AMERSFOORT]).await {
            Err(ServiceError::Unavailable(m)) => assert!(m.contains("404"), "{m}"),
            other => panic!("{other:?}"),
        }
    }
}
