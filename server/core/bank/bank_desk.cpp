#include "server/core/bank/bank_desk.hpp"

#include <algorithm>

namespace craftmark::core {

using protocol::errc;

namespace {

/// A bank from the console brings no files: items showing figures are left out with an error
/// (`craftmark bank import --media` imports them).
package_files no_files() {
    return {[](std::string const&) { return false; },
            [](std::string const& path) -> std::string {
                throw std::invalid_argument(path + " is not in the file handed in");
            }};
}

/// The first `n` characters (not bytes) of UTF-8 `text`.
std::string first_characters(std::string const& text, std::size_t n) {
    std::size_t at = 0;
    for (std::size_t count = 0; at < text.size() && count < n; ++count) do
            ++at;
        while (at < text.size() && (static_cast<unsigned char>(text[at]) & 0xC0) == 0x80);
    return at < text.size() ? text.substr(0, at) + "…" : text;
}

protocol::bank_report report_of(text_bank const& t) {
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
        r.diagnostics.push_back({.line = d.line, .severity = d.severity, .message = d.message});
    r.problems = validate_bank(t.b);
    return r;
}

} // namespace

void bank_desk::import(session_context const& ctx,
                       protocol::bank_import const& request,
                       reply_fn done) {
    auto* changes = changes_.load();
    if (!changes) return done(outcome::fail(errc::unknown_type, "banks are not imported here"));
    text_bank read;
    try {
        read =
            read_text_bank(request.content, request.name, request.format, request.id, no_files());
    } catch (std::invalid_argument const& e) {
        return done(outcome::fail(errc::invalid_field, e.what()));
    }
    auto report = report_of(read);
    if (request.dry_run) return done(outcome::ok(report));
    auto in_error = std::count_if(report.diagnostics.begin(), report.diagnostics.end(),
                                  [](auto const& d) { return d.severity == "error"; });
    if (!report.problems.empty() || report.items == 0 || (in_error > 0 && !request.skip_bad_rows))
        return done(outcome::fail(
            errc::invalid_field,
            report.items == 0 ? "not imported: the file holds no question"
            : report.problems.empty()
                ? "not imported: " + std::to_string(in_error) +
                      " item(s) in error; correct them, or import the rest (skip_bad_rows)"
                : "not imported: " + report.problems.front()));
    changes->import_bank(std::move(read.b), std::move(read.figures), staff_actor(ctx),
                         [report, done = std::move(done)](std::string const& refusal) mutable {
                             if (!refusal.empty())
                                 return done(outcome::fail(errc::invalid_field, refusal));
                             report.stored = true;
                             done(outcome::ok(report));
                         });
}

} // namespace craftmark::core
