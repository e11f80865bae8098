#include "server/core/exam/sitting_desk.hpp"

#include "server/core/proctoring/roster.hpp"
#include "server/core/qualification/qualification.hpp"
#include "shared/crypto/base64.hpp"
#include "shared/sheet/xlsx.hpp"
#include "shared/text/text_encoding.hpp"

#include <algorithm>

namespace craftmark::core {

using protocol::errc;

namespace {

std::string codes_at(sitting_record const& s) {
    return s.checkin == "not_required" ? "registration" : "check_in";
}

/// The roster file's rows, read as the CLI reads them: a workbook (by its name or its first
/// bytes) or CSV in the encoding given. Throws std::invalid_argument saying what is wrong.
roster_reading read_roster_file(protocol::roster_import const& request, std::string& unit) {
    auto bytes = crypto::base64_decode(request.data);
    if (!bytes) throw std::invalid_argument("the file did not arrive whole (its base64 is broken)");
    bool workbook = request.name.ends_with(".xlsx") || bytes->starts_with("PK\x03\x04");
    if (!workbook) {
        unit = "line";
        return read_roster_rows(roster_csv_rows(text::as_utf8(*bytes, request.encoding)), unit);
    }
    unit = "row";
    for (auto const& t : sheet::read_xlsx(*bytes))
        if (request.sheet.empty() || t.name == request.sheet) return read_roster_rows(t.rows, unit);
    throw std::invalid_argument(request.name + " has no sheet " + request.sheet);
}

} // namespace

sitting_filter scope_of(session_context const& ctx) {
    return [staff = *ctx.staff](sitting_record const& s) { return in_scope(staff, s); };
}

void sitting_desk::assessments(session_context const&, protocol::no_fields const&, reply_fn done) {
    auto* changes = changes_.load();
    if (!changes) return done(outcome::fail(errc::unknown_type, "sittings are not made here"));
    changes->assessments(
        [done = std::move(done)](std::string const& refusal, std::vector<assessment> const& all) {
            if (!refusal.empty()) return done(outcome::fail(errc::invalid_field, refusal));
            protocol::assessment_list list;
            for (auto const& a : all)
                list.assessments.push_back({.id = a.id,
                                            .title = a.title,
                                            .component = component_of(a),
                                            .minutes = a.duration_ms / 60'000,
                                            .review = std::string(review_name(a.review))});
            done(outcome::ok(list));
        });
}

void sitting_desk::create(session_context const& ctx,
                          protocol::sitting_create const& request,
                          reply_fn done) {
    auto* changes = changes_.load();
    if (!changes) return done(outcome::fail(errc::unknown_type, "sittings are not made here"));
    sitting_record s{.id = request.sitting_id,
                     .assessment_id = request.assessment,
                     .title = request.title,
                     .venue = request.venue,
                     .room = request.room,
                     .starts_at = request.starts_at,
                     .duration_ms = request.duration_minutes * 60'000,
                     .review = request.review,
                     .checkin = request.checkin,
                     .delivery = request.delivery};
    // An account scoped to a venue schedules sittings there and nowhere else.
    if (!in_scope(*ctx.staff, s))
        return done(outcome::fail(errc::forbidden, "this account's scopes do not include venue \"" +
                                                       s.venue + "\""));
    protocol::sitting_created created{
        .sitting_id = s.id, .starts_at = s.starts_at, .codes_at = codes_at(s)};
    changes->create_sitting(
        std::move(s), staff_actor(ctx),
        [created, done = std::move(done)](std::string const& refusal, int figures) mutable {
            if (!refusal.empty()) return done(outcome::fail(errc::invalid_field, refusal));
            created.figures = figures;
            done(outcome::ok(created));
        });
}

void sitting_desk::register_roster(session_context const& ctx,
                                   protocol::roster_import const& request,
                                   reply_fn done) {
    auto* changes = changes_.load();
    if (!changes) return done(outcome::fail(errc::unknown_type, "sittings are not made here"));
    // The file is read on the change worker: a workbook of several megabytes takes a while.
    changes->aside([changes, request, actor = staff_actor(ctx), may_act = scope_of(ctx),
                    done = std::move(done)]() mutable {
        protocol::roster_report report{.sitting_id = request.sitting_id};
        roster_reading read;
        try {
            read = read_roster_file(request, report.unit);
        } catch (std::exception const& e) {
            return done(outcome::fail(errc::invalid_field, e.what()));
        }
        if (read.candidates.empty() && read.problems.empty())
            return done(outcome::fail(errc::invalid_field, "no candidates in the file"));
        for (auto const& p : read.problems) report.problems.push_back({p.row, p.message});
        for (std::size_t i = 0; i < read.candidates.size(); ++i) {
            auto const& c = read.candidates[i];
            report.preview.push_back({.row = read.rows[i],
                                      .ticket = c.ticket,
                                      .name = c.name,
                                      .seat = c.seat,
                                      .organisation = c.organisation});
        }
        report.candidates = static_cast<std::int64_t>(read.candidates.size());
        bool rows_in_error = !report.problems.empty();
        if (!request.dry_run && rows_in_error)
            return done(outcome::fail(errc::invalid_field,
                                      "not registered: " + std::to_string(report.problems.size()) +
                                          " row(s) in error; correct the file and send it again"));
        // The tickets already registered are problems of their rows too: ask the store, which
        // registers everyone only if it finds none.
        changes->register_candidates(
            request.sitting_id, std::move(read.candidates), actor, request.dry_run || rows_in_error,
            std::move(may_act),
            [report, dry_run = request.dry_run,
             done = std::move(done)](std::string const& refusal, sitting_record const& sitting,
                                     std::vector<std::string> const& taken) mutable {
                if (!refusal.empty()) return done(outcome::fail(errc::invalid_field, refusal));
                report.codes_at = codes_at(sitting);
                for (auto const& ticket : taken)
                    for (auto const& line : report.preview)
                        if (line.ticket == ticket)
                            report.problems.push_back({line.row, report.unit + " " +
                                                                     std::to_string(line.row) +
                                                                     ": 准考证号 ticket " + ticket +
                                                                     " is already registered"});
                std::sort(report.problems.begin(), report.problems.end(),
                          [](auto const& a, auto const& b) { return a.row < b.row; });
                if (!dry_run && !taken.empty())
                    return done(outcome::fail(errc::invalid_field,
                                              "not registered: " + std::to_string(taken.size()) +
                                                  " ticket(s) already registered"));
                report.registered = !dry_run;
                done(outcome::ok(report));
            });
    });
}

} // namespace craftmark::core
