#pragma once
#include "server/net/listener.hpp"

#include <functional>
#include <string>

namespace craftmark::server::net {

/// Serves `GET /metrics` in plain HTTP on an address of its own (loopback, or the monitoring
/// network; never the candidates' port), one request per connection: Prometheus scrapes every
/// few seconds, so nothing is gained by keeping connections. `page` builds the text per scrape.
std::shared_ptr<listener_handle> start_metrics_listener(boost::asio::io_context& ioc,
                                                        boost::asio::ip::tcp::endpoint endpoint,
                                                        std::function<std::string()> page);

} // namespace craftmark::server::net
