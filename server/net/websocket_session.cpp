#include "server/net/websocket_session.hpp"

#include "shared/protocol/envelope.hpp"
#include "shared/protocol/exam_replies.hpp"
#include "shared/protocol/upload_frame.hpp"

#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <deque>
#include <memory>
#include <variant>

namespace craftmark::server::net {
namespace {

namespace beast = boost::beast;
namespace websocket = beast::websocket;
namespace asio = boost::asio;
using protocol::errc;

class websocket_session final : public push_target,
                                public std::enable_shared_from_this<websocket_session> {
  public:
    websocket_session(connection_slot slot, connection_stream&& stream, session_deps deps)
        : slot_(std::move(slot)), ws_(std::move(stream)), deps_(std::move(deps)),
          tokens_(deps_.adjustable.message_burst()), refilled_(std::chrono::steady_clock::now()),
          staff_idle_timer_(ws_.get_executor()) {
        count_as("not_signed_in");
    }

    // The seat map shows a candidate as missing once their last connection is gone.
    ~websocket_session() override {
        if (ctx_.attempt_id) deps_.sign_in.session_closed(ctx_.attempt_id);
        counted_->add(-1);
    }

    void run(beast::http::request<beast::http::string_body> upgrade) {
        ctx_.push = [weak = weak_from_this()](std::string frame) {
            if (auto self = weak.lock())
                self->send(std::make_shared<std::string const>(std::move(frame)));
        };
        auto timeouts = websocket::stream_base::timeout::suggested(beast::role_type::server);
        timeouts.idle_timeout = deps_.limits.idle_timeout;
        timeouts.keep_alive_pings = true; // a live client's pong keeps it in
        ws_.set_option(timeouts);
        ws_.read_message_max(deps_.limits.max_message);
        ws_.async_accept(
            upgrade, beast::bind_front_handler(&websocket_session::on_accept, shared_from_this()));
    }

    // Any thread: hop onto the strand.
    void send(std::shared_ptr<std::string const> frame) override {
        asio::post(ws_.get_executor(),
                   beast::bind_front_handler(&websocket_session::on_send, shared_from_this(),
                                             std::move(frame)));
    }

    void close_for_shutdown() override {
        asio::post(ws_.get_executor(), [self = shared_from_this()] {
            if (self->closing_) return;
            self->closing_ = true;
            self->ws_.async_close(
                websocket::close_reason(websocket::close_code::going_away, "server restarting"),
                [self](beast::error_code) {});
        });
    }

    void end_session(std::shared_ptr<std::string const> frame) override {
        asio::post(ws_.get_executor(), [self = shared_from_this(), frame = std::move(frame)] {
            self->deps_.log.info("session ended" + self->who());
            self->on_send(frame);
            self->close_when_sent();
        });
    }

  private:
    void on_accept(beast::error_code ec) {
        if (ec) return;
        deps_.registry.add(shared_from_this());
        do_read();
    }

    void do_read() {
        ws_.async_read(buffer_,
                       beast::bind_front_handler(&websocket_session::on_read, shared_from_this()));
    }

    void on_read(beast::error_code ec, std::size_t) {
        if (ec == websocket::error::message_too_big) {
            // Beast has already failed the connection with close code 1009 (too big).
            deps_.log.info("refused frame_too_large" + who());
            return;
        }
        if (ec) return; // closed, timed out or reset: the attempt waits for a resume
        std::string frame = beast::buffers_to_string(buffer_.data());
        buffer_.consume(buffer_.size());
        handle(frame, ws_.got_binary());
        do_read();
    }

    // One catch per message: a handler never lets an exception reach Asio. Binary frames are
    // upload chunks; they pass the same role check as every other message.
    void handle(std::string const& frame, bool binary) {
        std::optional<std::int64_t> id;
        try {
            auto req = binary ? protocol::parse_upload_chunk(frame, id)
                              : protocol::parse_request(frame, id);
            if (!within_rate()) {
                // Logged once per flood, not once per message.
                if (!flooding_) deps_.log.info("refused rate_limited: message flood" + who());
                flooding_ = true;
                deps_.metrics.refusals["rate_limited"].add();
                on_send(std::make_shared<std::string const>(protocol::encode_error(
                    id, errc::rate_limited, "too many messages; wait a moment and send again")));
                return;
            }
            flooding_ = false;
            // Only the protocol's own types: made-up ones must not grow the metrics without end.
            if (protocol::find_message(req.type)) deps_.metrics.messages[req.type].add();
            deps_.dispatcher.handle(
                ctx_, req,
                [self = shared_from_this(), id = req.id, type = req.type](core::outcome o) {
                    asio::post(self->ws_.get_executor(),
                               [self, id, type, o = std::move(o)]() mutable {
                                   self->on_outcome(id, type, std::move(o));
                               });
                });
        } catch (protocol::protocol_error const& e) {
            reply_error(id, e.code(), e.what());
        } catch (std::exception const& e) {
            deps_.log.error(std::string("internal error: ") + e.what() + who());
            reply_error(id, errc::internal_error, protocol::default_message(errc::internal_error));
        }
    }

    void on_outcome(std::int64_t id, std::string const& type, core::outcome o) {
        if (o.error) return reply_error(id, *o.error, o.message, type);
        std::visit([&](auto& e) { apply(e, type); }, o.effect);
        if (std::holds_alternative<std::monostate>(o.effect) &&
            (type == "attempt.submit" || ctx_.staff))
            deps_.log.info(type + who()); // every staff action is logged, with who did it
        on_send(std::make_shared<std::string const>(
            o.body_text.empty() ? protocol::encode_reply(id, o.body)
                                : protocol::encode_reply_text(id, o.body_text)));
        if (std::holds_alternative<core::effect::staff_signed_out>(o.effect)) close_when_sent();
    }

    // The reply's session effect, on the strand, before the reply is queued.
    void apply(std::monostate, std::string const&) {}
    void apply(core::effect::candidate_signed_in& e, std::string const& type) {
        ctx_.role = protocol::role::candidate;
        count_as("candidate");
        ctx_.attempt_id = e.attempt_id;
        ctx_.ticket = e.ticket;
        ctx_.credential = std::move(e.credential);
        deps_.registry.attach(e.attempt_id, e.sitting_id, shared_from_this());
        who_ = " ticket=" + e.ticket;
        deps_.log.info(type + who());
    }
    void apply(core::effect::staff_signed_in& e, std::string const& type) {
        auto const& r = e.staff.role;
        ctx_.role = r == "admin"      ? protocol::role::admin
                    : r == "examiner" ? protocol::role::examiner
                                      : protocol::role::proctor;
        ctx_.staff = std::move(e.staff);
        if (ctx_.role == protocol::role::admin)
            ws_.read_message_max(deps_.limits.max_admin_message);
        count_as(std::string(protocol::role_name(ctx_.role)));
        ctx_.staff_session = std::move(e.session);
        who_ = " staff=" + ctx_.staff->username;
        deps_.registry.attach_staff(ctx_.staff->username, shared_from_this());
        deps_.log.info(type + who());
        watch_staff_idleness();
    }
    void apply(core::effect::staff_signed_out& e, std::string const& type) {
        deps_.log.info(type + (e.everywhere ? " everywhere" : "") + who());
        if (e.everywhere)
            deps_.registry.end_staff_sessions(
                ctx_.staff->username, this,
                protocol::encode_push("session.ended",
                                      protocol::session_ended{"signed_out_everywhere"}));
    }

    // On the strand: a staff connection whose session has gone without a request for the
    // configured time is told so and closed (the console shows its sign-in again). The timer
    // holds no strong reference, so a closed connection goes at once.
    void watch_staff_idleness() {
        auto left = deps_.staff_sessions.left(ctx_.staff_session);
        if (left <= std::chrono::milliseconds(0)) {
            deps_.log.info("staff session ended: inactive" + who());
            on_send(std::make_shared<std::string const>(
                protocol::encode_push("session.ended", protocol::session_ended{"inactive"})));
            close_when_sent();
            return;
        }
        staff_idle_timer_.expires_after(left + std::chrono::milliseconds(10));
        staff_idle_timer_.async_wait([weak = weak_from_this()](beast::error_code ec) {
            if (auto self = weak.lock(); self && !ec && !self->closing_)
                self->watch_staff_idleness();
        });
    }
    void apply(core::effect::watching_room& e, std::string const&) {
        deps_.registry.watch(e.sitting_id, shared_from_this());
    }
    void apply(core::effect::watching_board& e, std::string const&) {
        deps_.registry.watch_board({e.event_id, e.staff}, shared_from_this());
    }

    void reply_error(std::optional<std::int64_t> id,
                     errc code,
                     std::string_view message,
                     std::string const& type = {}) {
        deps_.metrics.refusals[std::string(protocol::code_name(code))].add();
        deps_.log.info("refused " + std::string(protocol::code_name(code)) +
                       (type.empty() ? "" : " " + type) + who());
        on_send(std::make_shared<std::string const>(protocol::encode_error(id, code, message)));
        if (code == errc::session_ended) close_when_sent();
    }

    // On the strand: the connection closes once the queued frames are written (a close may
    // not overlap a write).
    void close_when_sent() {
        close_when_sent_ = true;
        if (queue_.empty()) close_now();
    }

    void close_now() {
        if (closing_) return;
        closing_ = true;
        ws_.async_close(
            websocket::close_reason(websocket::close_code::policy_error, "session ended"),
            [self = shared_from_this()](beast::error_code) {});
    }

    // The connection counts under its role in /metrics: moved there at sign-in.
    void count_as(std::string const& role) {
        if (counted_) counted_->add(-1);
        counted_ = &deps_.metrics.connections[role];
        counted_->add(1);
    }

    std::string who() const { return who_.empty() ? std::string(" (not signed in)") : who_; }

    // On the strand. front() is the write in flight; it is popped only when that write ends.
    void on_send(std::shared_ptr<std::string const> frame) {
        if (closing_) return;
        queued_bytes_ += frame->size();
        queue_.push_back(std::move(frame));
        if (queued_bytes_ > deps_.limits.max_queued_bytes) {
            // A client that does not read its replies is dropped, never allowed to grow memory.
            deps_.log.info("dropping a slow client" + who());
            closing_ = true;
            beast::get_lowest_layer(ws_).close();
            return;
        }
        if (queue_.size() > 1) return;
        do_write();
    }

    void do_write() {
        ws_.text(true);
        ws_.async_write(
            asio::buffer(*queue_.front()),
            beast::bind_front_handler(&websocket_session::on_write, shared_from_this()));
    }

    void on_write(beast::error_code ec, std::size_t) {
        if (ec) return;
        queued_bytes_ -= queue_.front()->size();
        queue_.pop_front();
        if (!queue_.empty())
            do_write();
        else if (close_when_sent_)
            close_now();
    }

    /// Token bucket of messages (real time, not the exam clock): false when this one is over
    /// the connection's rate.
    bool within_rate() {
        auto now = std::chrono::steady_clock::now();
        std::chrono::duration<double> elapsed = now - refilled_;
        refilled_ = now;
        tokens_ = std::min(deps_.adjustable.message_burst(),
                           tokens_ + elapsed.count() * deps_.adjustable.messages_per_second());
        if (tokens_ < 1) return false;
        tokens_ -= 1;
        return true;
    }

    connection_slot slot_;
    websocket::stream<connection_stream> ws_;
    beast::flat_buffer buffer_;
    session_deps deps_;
    observe::gauge* counted_ = nullptr;
    core::session_context ctx_;
    std::string who_; // " ticket=…" or " staff=…", for log lines
    std::deque<std::shared_ptr<std::string const>> queue_;
    std::size_t queued_bytes_ = 0;
    bool closing_ = false;
    bool close_when_sent_ = false;
    double tokens_;
    bool flooding_ = false;
    std::chrono::steady_clock::time_point refilled_;
    asio::steady_timer staff_idle_timer_;
};

} // namespace

void run_websocket_session(connection_slot slot,
                           connection_stream&& stream,
                           beast::http::request<beast::http::string_body>&& upgrade,
                           session_deps const& deps) {
    std::make_shared<websocket_session>(std::move(slot), std::move(stream), deps)
        ->run(std::move(upgrade));
}

} // namespace craftmark::server::net
