#include "shared/protocol/catalog.hpp"

#include <algorithm>

namespace craftmark::protocol {

namespace {
constexpr unsigned anyone = role::none | role::candidate | role::proctor | role::examiner |
                            static_cast<unsigned>(role::admin);
constexpr unsigned candidate_only = static_cast<unsigned>(role::candidate);

constexpr unsigned staff = role::proctor | role::examiner | role::admin;
constexpr unsigned room_staff = role::proctor | role::admin;
constexpr unsigned markers = role::examiner | role::admin;

constexpr message_spec table[] = {
    {"ping", anyone, "liveness check; replies with the server time"},
    {"auth.sign_in", static_cast<unsigned>(role::none),
     "candidate signs in with ticket and access code"},
    {"auth.resume", static_cast<unsigned>(role::none),
     "continue a signed-in attempt after a reconnect"},
    {"auth.staff_sign_in", static_cast<unsigned>(role::none),
     "staff sign in with user name and password"},
    {"auth.staff_resume", static_cast<unsigned>(role::none),
     "continue a staff session after a reconnect, with its token"},
    {"auth.sign_out", staff, "end this staff session, or every session of the account"},
    {"lobby.status", candidate_only, "sitting and attempt state, for the waiting room"},
    {"paper.get", candidate_only,
     "the candidate's paper (starts the attempt once the sitting is open)"},
    {"answer.save", candidate_only, "save one answer durably"},
    {"item.flag", candidate_only, "flag or unflag an item for review"},
    {"figure.get", candidate_only, "a figure an item of the paper shows"},
    {"time.sync", candidate_only, "the attempt's clock now"},
    {"attempt.submit", candidate_only, "hand in the paper"},
    {"result.get", candidate_only, "the result as far as the review policy releases it"},
    {"hand.raise", candidate_only, "ask the proctor for help"},
    {"terminal.focus", candidate_only, "the terminal lost or regained focus"},
    {"upload.begin", candidate_only,
     "start or resume uploading a file for a practical task; says how much has arrived"},
    {"upload.chunk", candidate_only,
     "the next bytes of an upload (a binary frame, see Uploads); replied once on disk"},
    {"upload.finish", candidate_only,
     "check the upload's size and SHA-256 and keep it; replies with the receipt"},
    {"room.list", staff, "the sittings this account may act on, the latest first"},
    {"room.watch", room_staff, "the room's seat map now, then a push for every change"},
    {"candidate.check_in", room_staff,
     "record check-in, late arrival, no-show or check-out; issues or kills the access code"},
    {"candidate.photo", room_staff,
     "the candidate's photo from the roster, to compare with the face at check-in"},
    {"candidate.unlock", room_staff, "lift the lock on a ticket after five wrong access codes"},
    {"attempt.pause", room_staff, "stop the clock for candidates"},
    {"attempt.resume", room_staff, "restart the clock with the same time left"},
    {"attempt.extra_time", room_staff, "add minutes to candidates' time"},
    {"attempt.terminate", room_staff, "close candidates' attempts now"},
    {"attempt.reopen", room_staff, "reopen attempts closed by mistake, with minutes to finish"},
    {"terminal.approve", room_staff, "let a candidate continue on another terminal"},
    {"candidate.move", room_staff, "move a candidate to another seat"},
    {"room.announce", room_staff, "an announcement to every candidate of the room"},
    {"candidate.message", room_staff, "a private message to one candidate"},
    {"incident.open", room_staff, "record an incident, linked to the seats involved"},
    {"incident.close", room_staff, "close an incident with its resolution"},
    {"incident.list", room_staff, "the sitting's incidents"},
    {"marking.queue", markers, "the practical works to mark, by code, with what is left to do"},
    {"marking.work", markers,
     "one work: the marking form, the files, the automatic check, the entries so far"},
    {"marking.enter", markers, "this examiner's entry for one aspect, veto or overtime"},
    {"marking.lock", markers, "a chief examiner locks and signs off a fully marked work"},
    {"marking.file", markers, "a piece of one of a work's files, to download it"},
    {"bank.import", static_cast<unsigned>(role::admin),
     "read a question bank file, report its problems by line, and store it unless a preview"},
    {"event.reveal", markers,
     "the skill's chief judge releases a locked module's results to the board, with their "
     "password"},
    {"event.draw", static_cast<unsigned>(role::admin),
     "draw a skill's competitor numbers (round one) or workstations (round two)"},
    {"event.freeze", static_cast<unsigned>(role::admin),
     "keep a competition's public board as it stands, or show the live one again"},
    {"event.awards", static_cast<unsigned>(role::admin),
     "sign the award certificates of a skill's medallists"},
    {"event.put", static_cast<unsigned>(role::admin),
     "define a competition (or replace it before any draw) from its document"},
    {"stats.sitting", markers,
     "item statistics of a scored sitting: facility, discrimination, distractors, reliability"},
    {"bank.blueprint", static_cast<unsigned>(role::admin),
     "the banks stored, with how many items each type × knowledge point × difficulty has"},
    {"assessment.put", static_cast<unsigned>(role::admin),
     "define (or replace) an assessment: theory checked against its banks, a practical's "
     "checkers installed"},
    {"assessment.list", static_cast<unsigned>(role::admin),
     "the assessments defined, to make sittings of"},
    {"sitting.create", static_cast<unsigned>(role::admin),
     "schedule a sitting of an assessment in a room"},
    {"sitting.register", static_cast<unsigned>(role::admin),
     "read a roster file (CSV or Excel), report it row by row, and register its candidates "
     "unless a preview"},
    {"results.export", static_cast<unsigned>(role::admin),
     "a sitting's results as CSV, Excel or JSON"},
    {"certificate.issue", static_cast<unsigned>(role::admin),
     "sign certificates for a sitting's passing candidates, with progress pushes"},
    {"certificate.list", static_cast<unsigned>(role::admin),
     "a sitting's certificates with their state and verification link"},
    {"certificate.status", static_cast<unsigned>(role::admin),
     "revoke, suspend or reinstate a certificate, with the reason"},
    {"staff.list", static_cast<unsigned>(role::admin), "the staff accounts with their scopes"},
    {"staff.put", static_cast<unsigned>(role::admin),
     "create or change a staff account; its sessions end"},
    {"audit.verify", static_cast<unsigned>(role::admin),
     "check the audit log's hash chain and the answers it covers"},
    {"scoreboard.watch", anyone,
     "a competition's scoreboard now (staff: live; others: released results only), then a "
     "push whenever it changes"},
};

constexpr std::string_view pushes[] = {
    "time.changed", "attempt.closed", "announcement",        "message",
    "room.seat",    "scoreboard",     "certificate.progress"};
} // namespace

std::string_view role_name(role r) {
    switch (r) {
    case role::none: return "none";
    case role::candidate: return "candidate";
    case role::proctor: return "proctor";
    case role::examiner: return "examiner";
    case role::admin: return "admin";
    }
    return "none";
}

std::span<message_spec const> client_messages() {
    return table;
}

message_spec const* find_message(std::string_view type) {
    auto it = std::find_if(std::begin(table), std::end(table),
                           [&](message_spec const& m) { return m.type == type; });
    return it == std::end(table) ? nullptr : it;
}

std::span<std::string_view const> push_types() {
    return pushes;
}

std::span<std::string_view const> incident_categories() {
    static constexpr std::string_view categories[] = {
        "environment.noise",   "environment.power_outage",
        "environment.other",   "examinee.illness",
        "examinee.misconduct", "examinee.identity",
        "examinee.other",      "technical.terminal_failure",
        "technical.network",   "technical.other",
        "staff.error",         "staff.other"};
    return categories;
}

} // namespace craftmark::protocol
