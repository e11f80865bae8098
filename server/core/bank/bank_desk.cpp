#include "server/core/bank/bank_desk.hpp"

#include "server/core/bank/bank_file.hpp"
#include "shared/crypto/base64.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <tuple>

namespace craftmark::core {

using protocol::errc;

namespace {

/// The first `n` characters (not bytes) of UTF-8 `text`.
std::string first_characters(std::string const& text, std::size_t n) {
    std::size_t at = 0;
    for (std::size_t count = 0; at < text.size() && count < n; ++count) do
            ++at;
        while (at < text.size() && (static_cast<unsigned char>(text[at]) & 0xC0) == 0x80);
    return at < text.size() ? text.substr(0, at) + "…" : text;
}

protocol::bank_report report_of(bank_file const& t) {
    protocol::bank_report r{.bank = t.b.id, .format = t.format};
    for (auto const& it : t.b.items) {
        if (it.type == item_type::description) continue;
        ++r.items;
        ++r.by_type[std::string(type_name(it.type))];
        r.preview.push_back({.id = it.id,
                             .type = std::string(type_name(it.type)),
                             .stem = first_characters(it.stem, 120)});
    }
    for (auto const& d : t.diagnostics)
        r.diagnostics.push_back({.line = d.line,
                                 .column = d.column,
                                 .file = d.file,
                                 .severity = d.severity,
                                 .message = d.message});
    r.problems = validate_bank(t.b);
    return r;
}

/// The file handed in, read with the figures given with it; throws std::invalid_argument saying
/// what is wrong.
bank_file read_handed_in(protocol::bank_import const& request) {
    auto decoded = [](std::string const& base64, char const* what) {
        auto bytes = crypto::base64_decode(base64);
        if (!bytes)
            throw std::invalid_argument(std::string(what) +
                                        " did not arrive whole (its base64 is broken)");
        return std::move(*bytes);
    };
    auto bytes = request.data.empty() ? request.content : decoded(request.data, "the file");
    std::optional<package_files> figures;
    if (!request.figures.empty())
        figures = zip_files(decoded(request.figures, "the figures' zip"), "a zip of figures");
    return read_bank_file(bytes, request.name, {request.format, request.id, request.sheet},
                          no_files(), figures ? &*figures : nullptr);
}

} // namespace

void bank_desk::import(session_context const& ctx,
                       protocol::bank_import const& request,
                       reply_fn done) {
    auto* changes = changes_.load();
    if (!changes) return done(outcome::fail(errc::unknown_type, "banks are not imported here"));
    changes->aside([changes, request, actor = staff_actor(ctx), done = std::move(done)]() mutable {
        bank_file read;
        try {
            read = read_handed_in(request);
        } catch (std::exception const& e) { // a sentence, or JSON of the wrong shape
            return done(outcome::fail(errc::invalid_field, e.what()));
        }
        auto report = report_of(read);
        if (request.dry_run) return done(outcome::ok(report));
        auto in_error = std::count_if(report.diagnostics.begin(), report.diagnostics.end(),
                                      [](auto const& d) { return d.severity == "error"; });
        if (!report.problems.empty() || report.items == 0 ||
            (in_error > 0 && !request.skip_bad_rows))
            return done(outcome::fail(
                errc::invalid_field,
                report.items == 0 ? "not imported: the file holds no question"
                : report.problems.empty()
                    ? "not imported: " + std::to_string(in_error) +
                          " item(s) in error; correct them, or import the rest (skip_bad_rows)"
                    : "not imported: " + report.problems.front()));
        changes->import_bank(std::move(read.b), std::move(read.figures), actor,
                             [report, done = std::move(done)](std::string const& refusal) mutable {
                                 if (!refusal.empty())
                                     return done(outcome::fail(errc::invalid_field, refusal));
                                 report.stored = true;
                                 done(outcome::ok(report));
                             });
    });
}

void bank_desk::blueprint(session_context const&, protocol::no_fields const&, reply_fn done) {
    auto* changes = changes_.load();
    if (!changes) return done(outcome::fail(errc::unknown_type, "banks are not kept here"));
    changes->banks(
        [done = std::move(done)](std::string const& refusal, std::vector<bank> const& all) {
            if (!refusal.empty()) return done(outcome::fail(errc::invalid_field, refusal));
            protocol::blueprint_sources sources;
            for (auto const& b : all) {
                std::map<std::tuple<std::string, std::string, std::string>, std::int64_t> cells;
                std::int64_t items = 0;
                for (auto const& it : b.items) {
                    if (it.type == item_type::description) continue;
                    ++items;
                    ++cells[{std::string(type_name(it.type)), it.knowledge_point, it.difficulty}];
                }
                sources.banks.push_back({b.id, b.title, items});
                for (auto const& [cell, n] : cells)
                    sources.cells.push_back({.bank = b.id,
                                             .type = std::get<0>(cell),
                                             .knowledge_point = std::get<1>(cell),
                                             .difficulty = std::get<2>(cell),
                                             .items = n});
            }
            done(outcome::ok(sources));
        });
}

void bank_desk::define(session_context const& ctx,
                       protocol::assessment_put const& request,
                       reply_fn done) {
    auto* changes = changes_.load();
    if (!changes) return done(outcome::fail(errc::unknown_type, "banks are not kept here"));
    if (!whole_centre(*ctx.staff))
        return done(outcome::fail(errc::forbidden, "an assessment is the whole centre's: it is "
                                                   "defined by an administrator of scope *"));
    assessment a;
    try {
        a = assessment_from_json(request.assessment);
    } catch (std::exception const& e) {
        return done(outcome::fail(errc::invalid_field, e.what()));
    }
    protocol::assessment_defined defined{.id = a.id};
    for (auto const& s : a.sections)
        for (auto const& d : s.draws) defined.items += d.count;
    defined.tasks = static_cast<std::int64_t>(a.tasks.size());
    changes->put_assessment(std::move(a), staff_actor(ctx),
                            [defined, done = std::move(done)](std::string const& refusal) {
                                if (!refusal.empty())
                                    return done(outcome::fail(errc::invalid_field, refusal));
                                done(outcome::ok(defined));
                            });
}

} // namespace craftmark::core
