#pragma once
#include "server/api/rooms.hpp"
#include "shared/protocol/envelope.hpp"

#include <functional>
#include <string_view>
#include <unordered_map>

namespace craftmark::api {

/// The one table of requests: each message type of the protocol's catalog (which says who may
/// send it) is bound here to its typed request, decoded once, and to the handler in its room.
class dispatcher {
  public:
    explicit dispatcher(rooms& r);

    /// Checks the sender's role against the catalog, decodes the body (a malformed one throws
    /// protocol_error, answered by the session) and hands it to its room.
    void handle(core::session_context const& ctx,
                protocol::request const& req,
                core::reply_fn done) const;

    /// The types routed (every type of protocol::client_messages(), and no other).
    std::vector<std::string_view> types() const;

  private:
    using handler =
        std::function<void(core::session_context const&, protocol::request const&, core::reply_fn)>;
    struct route {
        protocol::message_spec const* spec;
        handler call;
    };
    void add(std::string_view type, handler call);

    std::unordered_map<std::string_view, route> routes_;
    core::staff_sessions& sessions_;
};

} // namespace craftmark::api
