#include "server/certificates/certificate_office.hpp"

#include "server/certificates/issuer.hpp"
#include "server/store/results.hpp"
#include "server/store/sitting_office.hpp"

#include <SQLiteCpp/Database.h>

namespace craftmark::certificates {

namespace {

/// Certificates are signed with the centre's keys: none yet is a refusal that says what to do.
void need_keys(issuer& i) {
    if (!i.keys().initialised())
        throw std::invalid_argument(
            "this centre has no signing keys yet: craftmark pki init on the server machine");
}

/// What the console is told of an issue: counts, and why each was refused.
protocol::certificate_issue_report reply_of(issue_report const& r) {
    return {static_cast<std::int64_t>(r.issued.size()), r.already_issued, r.refused};
}

} // namespace

void certificate_office::results(
    std::string sitting_id,
    core::sitting_filter may_act,
    std::function<void(std::string refusal, std::vector<core::result_row>)> done) {
    auto rows = std::make_shared<std::vector<core::result_row>>();
    worker_.submit(
        [=](SQLite::Database& db) {
            store::sitting_in_scope(db, sitting_id, may_act);
            *rows = store::sitting_results(db, sitting_id);
        },
        [rows, done = std::move(done)](std::string const& refusal) {
            done(refusal, std::move(*rows));
        });
}

void certificate_office::issue(
    std::string sitting_id,
    core::sitting_filter may_act,
    std::string actor,
    std::function<void(std::int64_t done, std::int64_t total)> progress,
    std::function<void(std::string refusal, protocol::certificate_issue_report)> done) {
    auto report = std::make_shared<protocol::certificate_issue_report>();
    worker_.submit(
        [=, this](SQLite::Database& db) {
            store::sitting_in_scope(db, sitting_id, may_act);
            issuer signer(db, data_dir_, clock_);
            need_keys(signer);
            auto issued = signer.issue(
                sitting_id, std::nullopt, actor, [&](std::size_t n, std::size_t total) {
                    progress(static_cast<std::int64_t>(n), static_cast<std::int64_t>(total));
                });
            *report = reply_of(issued);
        },
        [report, done = std::move(done)](std::string const& refusal) {
            done(refusal, std::move(*report));
        });
}

void certificate_office::list(
    std::string sitting_id,
    core::sitting_filter may_act,
    std::function<void(std::string refusal, protocol::certificate_list)> done) {
    auto out = std::make_shared<protocol::certificate_list>();
    worker_.submit(
        [=, this](SQLite::Database& db) {
            store::sitting_in_scope(db, sitting_id, may_act);
            issuer reader(db, data_dir_, clock_);
            auto profile = reader.keys().profile();
            auto base = profile ? profile->base_url : std::string();
            for (auto const& c : reader.list(sitting_id))
                out->certificates.push_back({.id = c.id,
                                             .number = c.number,
                                             .ticket = c.ticket,
                                             .name = c.holder,
                                             .status = c.status,
                                             .status_reason = c.status_reason,
                                             .issued_at = c.issued_at,
                                             .link = base + "/c/" + c.id});
        },
        [out, done = std::move(done)](std::string const& refusal) {
            done(refusal, std::move(*out));
        });
}

void certificate_office::set_status(protocol::certificate_status_change change,
                                    core::sitting_filter may_act,
                                    std::string actor,
                                    std::function<void(std::string refusal)> done) {
    worker_.submit(
        [=, this](SQLite::Database& db) {
            issuer signer(db, data_dir_, clock_);
            need_keys(signer);
            std::optional<std::string> sitting;
            for (auto const& c : signer.list(""))
                if (c.id == change.certificate || c.number == change.certificate)
                    sitting = c.sitting_id;
            if (!sitting) throw std::invalid_argument("no certificate " + change.certificate);
            // A competition's award belongs to no sitting, so no sitting scope covers it.
            if (sitting->empty())
                throw std::invalid_argument(
                    "an award certificate's state is changed with craftmark cert revoke or "
                    "suspend on the server machine");
            store::sitting_in_scope(db, *sitting, may_act);
            signer.set_status(change.certificate, change.status, change.reason, actor);
        },
        std::move(done));
}

void certificate_office::issue_awards(
    protocol::event_awards const& request,
    std::string const& actor,
    std::function<void(std::string refusal, protocol::certificate_issue_report)> done) {
    auto report = std::make_shared<protocol::certificate_issue_report>();
    worker_.submit(
        [=, this](SQLite::Database& db) {
            issuer signer(db, data_dir_, clock_);
            need_keys(signer);
            auto issued = signer.issue_awards(request.event, request.skill, actor);
            *report = reply_of(issued);
        },
        [report, done = std::move(done)](std::string const& refusal) {
            done(refusal, std::move(*report));
        });
}

} // namespace craftmark::certificates
