#include "server/core/qualification/certificate_desk.hpp"

#include "server/core/qualification/results_sheet.hpp"
#include "shared/crypto/base64.hpp"
#include "shared/protocol/envelope.hpp"
#include "shared/sheet/csv.hpp"
#include "shared/sheet/xlsx.hpp"

namespace craftmark::core {

using protocol::errc;

namespace {

/// The results as the file the browser saves.
protocol::export_file results_file(std::string const& sitting,
                                   std::string const& format,
                                   std::vector<result_row> const& rows) {
    protocol::export_file file{.name = sitting + "-results." + format,
                               .rows = static_cast<std::int64_t>(rows.size())};
    if (format == "json") {
        file.mime = "application/json";
        file.data = crypto::base64_encode(results_json(sitting, rows).dump(2) + "\n");
    } else if (format == "xlsx") {
        file.mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
        file.data = crypto::base64_encode(sheet::xlsx_bytes({results_table(rows)}));
    } else {
        file.mime = "text/csv; charset=utf-8";
        file.data = crypto::base64_encode(sheet::csv_text(results_table(rows)));
    }
    return file;
}

} // namespace

void certificate_desk::export_results(session_context const& ctx,
                                      protocol::results_export const& request,
                                      reply_fn done) {
    auto* changes = changes_.load();
    if (!changes) return done(outcome::fail(errc::unknown_type, "results are not kept here"));
    changes->results(
        request.sitting_id, scope_of(ctx),
        [request, done = std::move(done)](std::string const& refusal,
                                          std::vector<result_row> const& rows) {
            if (!refusal.empty()) return done(outcome::fail(errc::invalid_field, refusal));
            if (rows.empty())
                return done(outcome::fail(errc::invalid_field,
                                          "no candidates registered for " + request.sitting_id));
            try {
                done(outcome::ok(results_file(request.sitting_id, request.format, rows)));
            } catch (std::exception const& e) {
                done(outcome::fail(errc::internal_error, e.what()));
            }
        });
}

void certificate_desk::issue(session_context const& ctx,
                             protocol::certificate_issue const& request,
                             reply_fn done) {
    auto* changes = changes_.load();
    if (!changes)
        return done(outcome::fail(errc::unknown_type, "certificates are not issued here"));
    // A push per whole percent at most: a sitting of 2,000 sends a hundred, not two thousand.
    auto progress = [push = ctx.push, sitting = request.sitting_id,
                     last = std::int64_t{-1}](std::int64_t signed_, std::int64_t total) mutable {
        auto percent = total ? 100 * signed_ / total : 100;
        if (!push || (percent == last && signed_ != total)) return;
        last = percent;
        push(protocol::encode_push("certificate.progress",
                                   protocol::certificate_progress{sitting, signed_, total}));
    };
    changes->issue(request.sitting_id, scope_of(ctx), staff_actor(ctx), std::move(progress),
                   [done = std::move(done)](std::string const& refusal,
                                            protocol::certificate_issue_report const& report) {
                       if (!refusal.empty())
                           return done(outcome::fail(errc::invalid_field, refusal));
                       done(outcome::ok(report));
                   });
}

void certificate_desk::list(session_context const& ctx,
                            protocol::sitting_ref const& request,
                            reply_fn done) {
    auto* changes = changes_.load();
    if (!changes)
        return done(outcome::fail(errc::unknown_type, "certificates are not issued here"));
    changes->list(request.sitting_id, scope_of(ctx),
                  [done = std::move(done)](std::string const& refusal,
                                           protocol::certificate_list const& list) {
                      if (!refusal.empty())
                          return done(outcome::fail(errc::invalid_field, refusal));
                      done(outcome::ok(list));
                  });
}

void certificate_desk::set_status(session_context const& ctx,
                                  protocol::certificate_status_change const& request,
                                  reply_fn done) {
    auto* changes = changes_.load();
    if (!changes)
        return done(outcome::fail(errc::unknown_type, "certificates are not issued here"));
    changes->set_status(
        request, scope_of(ctx), staff_actor(ctx),
        [request, done = std::move(done)](std::string const& refusal) {
            if (!refusal.empty()) return done(outcome::fail(errc::invalid_field, refusal));
            done(outcome::ok({{"certificate", request.certificate}, {"status", request.status}}));
        });
}

} // namespace craftmark::core
