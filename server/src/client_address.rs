//! Whose request this is, for the per-address limits: the TCP peer, or, when the peer is one of
//! the deployment's own proxies (`TRUSTED_PROXIES`), the address those proxies say they were asked
//! by. `X-Forwarded-For` is read right to left, as each proxy appends the address it was asked
//! by: the first address that is not a trusted proxy is the client. Anyone can send the header,
//! so it is ignored when the peer is not trusted, and entries left of the client (written by the
//! client itself) are never believed.

use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, Request, State};
use axum::http::HeaderMap;
use axum::middleware::Next;
use axum::response::Response;
use ipnet::IpNet;

use app::context::ClientAddress;

/// The proxies (CIDR blocks, or single addresses) whose `X-Forwarded-For` is believed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedProxies(Vec<IpNet>);

impl TrustedProxies {
    /// A list separated by commas or spaces: `10.0.0.0/8, 192.168.1.7, ::1`. The entry that
    /// does not parse is named.
    pub fn parse(list: &str) -> Result<Self, String> {
        list.split([',', ' '])
            .map(str::trim)
            .filter(|entry| !entry.is_empty())
            .map(|entry| {
                entry
                    .parse::<IpNet>()
                    .or_else(|_| entry.parse::<IpAddr>().map(IpNet::from))
                    .map_err(|_| {
                        format!("{entry:?} is not an address or a CIDR block like 10.0.0.0/8")
                    })
            })
            .collect::<Result<Vec<_>, _>>()
            .map(Self)
    }

    fn trusts(&self, address: IpAddr) -> bool {
        let address = canonical(address);
        self.0.iter().any(|net| net.contains(&address))
    }

    /// The client's address, given the TCP peer and the `X-Forwarded-For` values in order.
    pub fn client<'a>(
        &self,
        peer: IpAddr,
        forwarded_for: impl IntoIterator<Item = &'a str>,
    ) -> IpAddr {
        let peer = canonical(peer);
        if !self.trusts(peer) {
            return peer;
        }
        let hops: Vec<&str> = forwarded_for
            .into_iter()
            .flat_map(|value| value.split(','))
            .map(str::trim)
            .collect();
        // Every hop examined was written by a trusted proxy (the peer, then each trusted hop).
        let mut client = peer;
        for hop in hops.iter().rev() {
            let Some(address) = parse_hop(hop) else {
                // A proxy of ours wrote something unreadable: go no further than that proxy.
                return client;
            };
            client = address;
            if !self.trusts(address) {
                return address;
            }
        }
        client
    }
}

/// `203.0.113.5`, `203.0.113.5:4711`, `2001:db8::1` or `[2001:db8::1]:4711`.
fn parse_hop(hop: &str) -> Option<IpAddr> {
    hop.parse::<IpAddr>()
        .or_else(|_| hop.parse::<SocketAddr>().map(|socket| socket.ip()))
        .ok()
        .map(canonical)
}

/// An IPv4 address seen through an IPv6 socket (`::ffff:203.0.113.5`) is that IPv4 address.
fn canonical(address: IpAddr) -> IpAddr {
    match address {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(IpAddr::V6(v6), IpAddr::V4),
        v4 => v4,
    }
}

fn forwarded_for(headers: &HeaderMap) -> Vec<&str> {
    headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .collect()
}

/// Works out the request's [`ClientAddress`] for everything below (server functions read it
/// through `app::context::client_address`).
pub async fn find_client(
    State(proxies): State<TrustedProxies>,
    mut request: Request,
    next: Next,
) -> Response {
    if let Some(ConnectInfo(peer)) = request.extensions().get::<ConnectInfo<SocketAddr>>() {
        let client = proxies.client(peer.ip(), forwarded_for(request.headers()));
        request.extensions_mut().insert(ClientAddress(client));
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    fn behind(list: &str) -> TrustedProxies {
        TrustedProxies::parse(list).unwrap()
    }

    #[test]
    fn forwarded_for_from_an_untrusted_peer_is_ignored() {
        let none = TrustedProxies::default();
        let other = behind("10.0.0.0/8");

        assert_eq!(
            none.client(ip("198.51.100.9"), ["203.0.113.5"]),
            ip("198.51.100.9")
        );
        assert_eq!(
            other.client(ip("198.51.100.9"), ["203.0.113.5"]),
            ip("198.51.100.9")
        );
    }

    #[test]
    fn behind_a_trusted_proxy_the_address_it_was_asked_by_is_the_client() {
        let proxies = behind("10.0.0.0/8");

        assert_eq!(
            proxies.client(ip("10.1.2.3"), ["203.0.113.5"]),
            ip("203.0.113.5")
        );
        assert_eq!(
            proxies.client(ip("10.1.2.3"), ["203.0.113.5:4711"]),
            ip("203.0.113.5")
        );
    }

    #[test]
    fn addresses_a_client_wrote_itself_left_of_the_proxies_are_not_believed() {
        let proxies = behind("10.0.0.0/8, 192.168.0.1");

        // The client sent "1.2.3.4" itself; the proxies appended what they saw.
        let chain = ["1.2.3.4, 203.0.113.5", "10.0.0.2"];
        assert_eq!(proxies.client(ip("192.168.0.1"), chain), ip("203.0.113.5"));
    }

    #[test]
    fn a_chain_of_trusted_proxies_only_gives_its_left_most_hop() {
        let proxies = behind("10.0.0.0/8");

        assert_eq!(
            proxies.client(ip("10.0.0.1"), ["10.0.0.3, 10.0.0.2"]),
            ip("10.0.0.3")
        );
        assert_eq!(proxies.client(ip("10.0.0.1"), []), ip("10.0.0.1"));
        assert_eq!(
            proxies.client(ip("10.0.0.1"), ["not an address"]),
            ip("10.0.0.1")
        );
    }

    #[test]
    fn ipv6_and_mapped_ipv4_addresses_are_matched() {
        let proxies = behind("::1 127.0.0.0/8");

        assert_eq!(
            proxies.client(ip("::1"), ["[2001:db8::7]:443"]),
            ip("2001:db8::7")
        );
        assert_eq!(
            proxies.client(ip("::ffff:127.0.0.1"), ["203.0.113.5"]),
            ip("203.0.113.5")
        );
    }

    #[test]
    fn a_bad_entry_in_the_list_is_named() {
        let error = TrustedProxies::parse("10.0.0.0/8, proxy.internal").unwrap_err();

        assert!(error.contains("\"proxy.internal\""), "{error}");
    }
}
