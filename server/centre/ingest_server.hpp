#pragma once
// The centre's door for venues: HTTPS with mutual TLS, where a venue's client certificate must
// come from the centre's venue authority.
// - POST /outbox carries one sealed segment (the body, with its seal base64 in the
//   Craftmark-Seal header) and is answered with what the centre did (centre/delivery.hpp): the
//   same checks as a file from a USB stick.
// - GET /package answers the asking venue's package, and GET /paper-key/SITTING a sitting's
//   paper key from its start (425 Too Early before, saying when): the same letters as the files
//   `craftmark-centre package make` and `package key` write, their seal in Craftmark-Seal.
//
// Blocking, one thread and one PostgreSQL connection per venue connection: a centre serves tens
// of venues, each keeping one connection open and sending a batch at a time, so a thread each is
// simpler than an event loop and costs nothing that matters.
#include "server/centre/venue_authority.hpp"

#include <functional>
#include <string>

namespace craftmark::centre {

struct ingest_server_options {
    std::string database; // libpq connection string
    std::string host = "0.0.0.0";
    unsigned short port = 9443;
    std::size_t max_connections = 256;
    std::size_t max_segment_bytes = 64 << 20;
};

/// Serves until the process ends; `listening` is called with the bound port (0 asks the
/// system for one). Throws when it cannot listen.
void run_ingest_server(ingest_server_options const& options,
                       venue_authority const& authority,
                       std::function<void(unsigned short)> const& listening);

} // namespace craftmark::centre
