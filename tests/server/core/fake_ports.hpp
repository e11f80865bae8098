#pragma once
// In-memory fakes of the rooms' ports: sittings, attempts, uploads, marking and the pushes to
// sessions. Every write is "durable" at once and answered on the caller's thread, so a doctest
// case drives a whole sitting through the core in microseconds, with the clock in its hand.
#include "server/core/exam/ports.hpp"
#include "server/core/marking/marking_service.hpp"
#include "server/core/proctoring/room_repository.hpp"

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace craftmark::testing {

struct fake_sittings final : core::sitting_repository {
    std::map<std::string, core::sitting_record> sittings;
    std::map<std::string, core::candidate_record> candidates;
    std::map<std::string, core::assessment> assessments;
    core::item_pool pool;
    std::map<std::string, core::figure> figures; // by "bank/item/name"
    std::map<std::string, core::staff_record> staff;

    std::optional<core::sitting_record> find_sitting(std::string const& id) override {
        return find(sittings, id);
    }
    std::vector<core::sitting_record> all_sittings() override {
        std::vector<core::sitting_record> out;
        for (auto const& [id, s] : sittings) out.push_back(s);
        return out;
    }
    std::optional<core::candidate_record> find_candidate(std::string const& ticket) override {
        return find(candidates, ticket);
    }
    std::optional<core::assessment> find_assessment(std::string const& id) override {
        return find(assessments, id);
    }
    core::item_pool items_for(core::assessment const&) override { return pool; }
    std::optional<core::figure> find_figure(std::string const& bank_id,
                                            std::string const& item_id,
                                            std::string const& name) override {
        auto f = figures.find(bank_id + "/" + item_id + "/" + name);
        if (f == figures.end()) return std::nullopt;
        return f->second;
    }
    std::optional<core::staff_record> find_staff(std::string const& username) override {
        return find(staff, username);
    }

  private:
    template <class Map>
    static std::optional<typename Map::mapped_type> find(Map const& m, std::string const& k) {
        auto it = m.find(k);
        if (it == m.end()) return std::nullopt;
        return it->second;
    }
};

struct fake_attempts final : core::attempt_repository, core::room_repository {
    std::map<std::int64_t, core::attempt_record> attempts;
    std::map<std::int64_t, std::vector<core::answer_record>> saved; // by attempt, in order
    std::vector<core::audit_event> audit;
    fake_sittings* sittings = nullptr; // check-ins and seats are written back to the roster

    std::optional<core::attempt_record> find_attempt(std::string const& ticket) override {
        for (auto const& [id, a] : attempts)
            if (a.ticket == ticket) return a;
        return std::nullopt;
    }
    std::optional<core::attempt_record> find_by_token(std::string const& token_hash) override {
        for (auto const& [id, a] : attempts)
            if (!token_hash.empty() && a.resume_token_hash == token_hash) return a;
        return std::nullopt;
    }
    std::vector<core::attempt_record> open_attempts() override {
        std::vector<core::attempt_record> out;
        for (auto const& [id, a] : attempts)
            if (a.state != core::attempt_state::closed) out.push_back(a);
        return out;
    }
    std::vector<core::attempt_record> attempts_of(std::string const& sitting_id) override {
        std::vector<core::attempt_record> out;
        for (auto const& [id, a] : attempts)
            if (a.sitting_id == sitting_id) out.push_back(a);
        return out;
    }
    std::vector<core::answer_record> answers(std::int64_t attempt_id) override {
        return saved[attempt_id];
    }
    std::vector<std::string> flags(std::int64_t) override { return {}; }

    /// While set, attempt updates wait, as a commit in flight does, until `release_updates`.
    bool hold_updates = false;
    std::vector<core::write_done> held_updates;

    void update_attempt(core::attempt_record const& a,
                        core::audit_event e,
                        core::write_done done) override {
        attempts[a.id] = a;
        if (hold_updates) {
            audit.push_back(std::move(e));
            return held_updates.push_back(std::move(done));
        }
        stored(std::move(e), done);
    }
    void release_updates(core::write_status as = core::write_status::stored) {
        hold_updates = false;
        for (auto& done : std::exchange(held_updates, {})) done(as);
    }
    void save_answer(core::answer_record const& a, core::write_done done) override {
        for (auto const& s : saved[a.attempt_id])
            if (s.seq == a.seq)
                return done(s.item_id == a.item_id && s.response == a.response
                                ? core::write_status::duplicate
                                : core::write_status::conflict);
        saved[a.attempt_id].push_back(a);
        // As the SQLite store does: the store, not the room, puts the save in the audit chain.
        stored({"server", "answer.save", std::to_string(a.attempt_id), {{"seq", a.seq}}}, done);
    }
    void set_flag(std::int64_t,
                  std::string const&,
                  bool,
                  core::audit_event e,
                  core::write_done done) override {
        stored(std::move(e), done);
    }
    void set_checkin(core::candidate_record const& c,
                     core::audit_event e,
                     core::write_done done) override {
        if (sittings) sittings->candidates[c.ticket] = c;
        stored(std::move(e), done);
    }
    void set_seat(std::string const& ticket,
                  std::string const& seat,
                  core::audit_event e,
                  core::write_done done) override {
        if (sittings) sittings->candidates[ticket].seat = seat;
        stored(std::move(e), done);
    }
    void record(core::audit_event e, core::write_done done) override { stored(std::move(e), done); }
    void open_incident(core::incident_record const&,
                       core::audit_event e,
                       std::function<void(std::int64_t)> done) override {
        audit.push_back(std::move(e));
        done(static_cast<std::int64_t>(audit.size()));
    }
    void close_incident(std::int64_t,
                        std::string const&,
                        std::string const&,
                        util::millis,
                        core::audit_event e,
                        core::write_done done) override {
        stored(std::move(e), done);
    }
    std::vector<core::incident_record> incidents(std::string const&) override { return {}; }
    bool has_photo(std::string const&) override { return false; }
    std::optional<core::photo_record> photo(std::string const&) override { return {}; }

    /// The actions written to the audit log, in order.
    std::vector<std::string> actions() const {
        std::vector<std::string> out;
        for (auto const& e : audit) out.push_back(e.action);
        return out;
    }

  private:
    void stored(core::audit_event e, core::write_done const& done) {
        audit.push_back(std::move(e));
        done(core::write_status::stored);
    }
};

struct fake_uploads final : core::upload_repository {
    std::vector<core::upload_record> uploads(std::int64_t) override { return {}; }
    void begin_upload(core::upload_record const&,
                      core::audit_event,
                      std::function<void(std::int64_t)> done) override {
        done(0);
    }
    bool append_upload(core::upload_record const&, std::string_view) override { return false; }
    std::string upload_digest(core::upload_record const&) override { return {}; }
    void
    complete_upload(core::upload_record const&, core::audit_event, core::write_done done) override {
        done(core::write_status::failed);
    }
    std::filesystem::path upload_path(core::upload_record const&) const override { return {}; }
    void discard_upload_bytes(core::upload_record const&) override {}
};

/// What the core pushed: frames per attempt and per watched sitting, and ended sessions.
struct fake_notifier final : core::notifier {
    std::map<std::int64_t, std::vector<std::string>> to_attempts;
    std::map<std::string, std::vector<std::string>> to_staffs;
    std::vector<std::int64_t> ended;
    std::set<std::string> watching;

    void to_attempt(std::int64_t id, std::string frame) override {
        to_attempts[id].push_back(std::move(frame));
    }
    void to_sitting(std::string const&, std::string) override {}
    void to_staff(std::string const& sitting, std::string frame) override {
        to_staffs[sitting].push_back(std::move(frame));
    }
    bool watched(std::string const& sitting) override { return watching.count(sitting) > 0; }
    void end_attempt_sessions(std::int64_t id, std::string frame) override {
        ended.push_back(id);
        to_attempts[id].push_back(std::move(frame));
    }
    void end_staff_sessions(std::string const& username, std::string) override {
        staff_ended.push_back(username);
    }
    std::vector<std::string> staff_ended;
};

/// Works, marks and schemes of the marking room, in memory.
struct fake_marking final : core::marking_repository {
    std::map<std::string, core::marking_scheme> schemes;
    std::vector<core::work_record> all_works;
    std::vector<core::mark_record> all_marks;
    std::vector<core::audit_event> audit;

    std::optional<core::marking_scheme> find_scheme(std::string const& id) override {
        auto it = schemes.find(id);
        if (it == schemes.end()) return std::nullopt;
        return it->second;
    }
    std::vector<core::work_record> works(std::string const& sitting_id) override {
        std::vector<core::work_record> out;
        for (auto const& w : all_works)
            if (w.sitting_id == sitting_id) out.push_back(w);
        return out;
    }
    void add_works(std::vector<core::work_record> const& works, core::write_done done) override {
        for (auto w : works) {
            w.id = static_cast<std::int64_t>(all_works.size()) + 1;
            all_works.push_back(std::move(w));
        }
        done(core::write_status::stored);
    }
    std::vector<core::mark_record> marks(std::int64_t work_id) override {
        std::vector<core::mark_record> out;
        for (auto const& m : all_marks)
            if (m.work_id == work_id) out.push_back(m);
        return out;
    }
    void put_mark(core::mark_record const& m, core::audit_event e, core::write_done done) override {
        std::erase_if(all_marks, [&](core::mark_record const& old) {
            return old.work_id == m.work_id && old.aspect == m.aspect && old.judge == m.judge;
        });
        all_marks.push_back(m);
        audit.push_back(std::move(e));
        done(core::write_status::stored);
    }
    void set_checker(std::int64_t work_id,
                     nlohmann::json const& outcome,
                     core::write_done done) override {
        all_works.at(static_cast<std::size_t>(work_id - 1)).checker = outcome;
        done(core::write_status::stored);
    }
    void
    lock_work(core::work_record const& w, core::audit_event e, core::write_done done) override {
        all_works.at(static_cast<std::size_t>(w.id - 1)) = w;
        audit.push_back(std::move(e));
        done(core::write_status::stored);
    }
};

} // namespace craftmark::testing
