#include "server/core/exam/centre_desk.hpp"

#include "shared/protocol/envelope.hpp"
#include "shared/protocol/exam_replies.hpp"

#include <algorithm>

namespace craftmark::core {

using protocol::errc;

centre_records* centre_desk::records_for(session_context const& ctx, reply_fn& done) const {
    auto* records = records_.load();
    if (!records) {
        done(outcome::fail(errc::unknown_type, "the centre's records are not kept here"));
        return nullptr;
    }
    if (!whole_centre(*ctx.staff)) {
        done(outcome::fail(errc::forbidden,
                           "staff accounts and the audit log are for an administrator of the "
                           "whole centre (scope *)"));
        return nullptr;
    }
    return records;
}

void centre_desk::list_staff(session_context const& ctx,
                             protocol::no_fields const&,
                             reply_fn done) {
    auto* records = records_for(ctx, done);
    if (!records) return;
    records->staff([done = std::move(done)](std::string const& refusal,
                                            std::vector<staff_record> const& all) {
        if (!refusal.empty()) return done(outcome::fail(errc::invalid_field, refusal));
        protocol::staff_list list;
        for (auto const& s : all)
            list.staff.push_back({s.username, s.display_name, s.role, s.scopes, s.organisation});
        done(outcome::ok(list));
    });
}

void centre_desk::put_staff(session_context const& ctx,
                            protocol::staff_put const& request,
                            reply_fn done) {
    auto* records = records_for(ctx, done);
    if (!records) return;
    auto const& a = request.account;
    // Nobody takes their own rights away by a slip, or widens them: another administrator does.
    if (a.username == ctx.staff->username)
        return done(
            outcome::fail(errc::forbidden, "your own account is changed by another administrator"));
    std::optional<std::string> password;
    if (!request.password.empty()) password = request.password;
    staff_record account{a.username, a.display_name, a.role, "", a.scopes, a.organisation};
    records->put_staff(
        std::move(account), std::move(password), staff_actor(ctx),
        [this, username = a.username, done = std::move(done)](std::string const& refusal) {
            if (!refusal.empty()) return done(outcome::fail(errc::invalid_field, refusal));
            // Its sessions end, and its open consoles are told and closed: it signs in again
            // as what it now is.
            sessions_.end_all(username);
            notify_.end_staff_sessions(
                username,
                protocol::encode_push("session.ended", protocol::session_ended{"account_changed"}));
            done(outcome::ok({{"username", username}, {"signed_out", true}}));
        });
}

void centre_desk::verify_audit(session_context const& ctx,
                               protocol::no_fields const&,
                               reply_fn done) {
    auto* records = records_for(ctx, done);
    if (!records) return;
    records->verify_audit(
        [done = std::move(done)](std::string const& refusal, protocol::audit_verdict const& v) {
            if (!refusal.empty()) return done(outcome::fail(errc::invalid_field, refusal));
            done(outcome::ok(v));
        });
}

} // namespace craftmark::core
