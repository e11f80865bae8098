// Marking of practical work by examiners. Works are known by code only; a candidate's name,
// ticket or seat never goes into a marking reply.
#include "server/core/marking/marking_service.hpp"

#include "server/core/marking/essay_marking.hpp"
#include "server/core/qualification/qualification.hpp"
#include "shared/crypto/digest.hpp"
#include "shared/crypto/jws.hpp"
#include "shared/protocol/messages.hpp"

#include <fstream>

namespace craftmark::core {

using nlohmann::json;
using protocol::errc;

struct marking_service::context {
    sitting_record sitting;
    assessment assessment_;
    staff_record staff;
    std::optional<work_record> work;
    practical_task const* task = nullptr;
    std::optional<item> essay; // a written answer's item, for essay works
    std::optional<marking_scheme> scheme;
    std::vector<work_record> works; // every work of the sitting
};

namespace {

protocol::scheme_form scheme_view(marking_scheme const& s) {
    protocol::scheme_form form{.id = s.id, .title = s.title, .overtime = s.overtime.has_value()};
    for (auto const& c : s.criteria) {
        protocol::scheme_criterion criterion{
            .code = c.code, .name = c.name, .max_marks = c.max_marks};
        for (auto const& sub : c.sub_criteria)
            for (auto const& a : sub.aspects) {
                protocol::scheme_aspect v{
                    .code = a.code, .description = a.description, .max_mark = a.max_mark};
                if (a.type == aspect::kind::judgement) {
                    v.type = "judgement";
                    v.scale = a.descriptors;
                    v.judges = a.judges;
                } else {
                    v.type = "measurement";
                    v.rule = a.rule == measurement_kind::all_or_nothing ? "all_or_nothing"
                             : a.rule == measurement_kind::deductions   ? "deductions"
                                                                        : "bands";
                    for (auto const& d : a.deductions)
                        v.deductions.push_back({d.id, d.text, d.amount});
                    if (!a.bands.empty()) v.nominal = a.nominal, v.unit = a.unit;
                }
                criterion.aspects.push_back(std::move(v));
            }
        form.criteria.push_back(std::move(criterion));
    }
    for (auto const& v : s.veto) form.veto.push_back({v.id, v.text});
    return form;
}

// Why `entry` is not a valid mark for `aspect_code` of `scheme`, or empty.
std::string
entry_problem(marking_scheme const& scheme, std::string const& aspect_code, json const& entry) {
    if (!entry.is_object()) return "\"entry\" must be an object";
    if (aspect_code == "overtime") {
        auto m = entry.find("minutes");
        return m != entry.end() && m->is_number() && m->get<double>() >= 0 &&
                       m->get<double>() <= 600
                   ? ""
                   : "overtime needs {\"minutes\": 0..600}";
    }
    if (aspect_code.rfind("veto:", 0) == 0) {
        auto id = aspect_code.substr(5);
        bool known = std::any_of(scheme.veto.begin(), scheme.veto.end(),
                                 [&](veto_item const& v) { return v.id == id; });
        if (!known) return "no veto item \"" + id + "\"";
        return entry.contains("happened") && entry["happened"].is_boolean()
                   ? ""
                   : "a veto needs {\"happened\": true|false}";
    }
    auto const* a = scheme.find_aspect(aspect_code);
    if (!a) return "no aspect \"" + aspect_code + "\" in " + scheme.id;
    if (a->type == aspect::kind::measurement) return check_measurement(*a, entry).value_or("");
    auto s = entry.find("score");
    return s != entry.end() && s->is_number_integer() && s->get<int>() >= 0 && s->get<int>() <= 3
               ? ""
               : "a judgement needs {\"score\": 0, 1, 2 or 3}";
}

} // namespace

marking_service::marking_service(sitting_repository& sittings,
                                 attempt_repository& attempts,
                                 upload_repository& uploads,
                                 marking_repository& marking,
                                 util::clock const& clock,
                                 checker_runner run_checker,
                                 std::filesystem::path scratch)
    : sittings_(sittings), attempts_(attempts), uploads_(uploads), marking_(marking), clock_(clock),
      works_(sittings, attempts, marking),
      checker_(
          sittings, uploads, marking, works_, clock, std::move(run_checker), std::move(scratch)) {}

void marking_service::attempt_closed(std::int64_t attempt_id, std::string const& sitting_id) {
    checker_.attempt_closed(attempt_id, sitting_id);
}

void marking_service::wait_idle() {
    checker_.wait_idle();
}

void marking_service::prepare(session_context const& ctx,
                              std::string const& sitting_id,
                              std::string const& code,
                              reply_fn done,
                              then_fn then) {
    auto sitting = sittings_.find_sitting(sitting_id);
    if (!sitting) return done(outcome::fail(errc::invalid_field, "no sitting " + sitting_id));
    if (!ctx.staff || !in_scope(*ctx.staff, *sitting)) return done(outcome::fail(errc::forbidden));
    auto a = sittings_.find_assessment(sitting->assessment_id);
    if (!a) return done(outcome::fail(errc::internal_error, "the sitting's assessment is missing"));
    context c;
    c.sitting = *sitting;
    c.assessment_ = std::move(*a);
    c.staff = *ctx.staff;
    works_.with_works(sitting_id, [this, c = std::move(c), code, done = std::move(done),
                                   then = std::move(then)](auto works) mutable {
        if (!works) return done(outcome::fail(errc::storage_failed));
        c.works = std::move(*works);
        if (code.empty()) return then(c, std::move(done));
        for (auto const& w : c.works)
            if (w.code == code) c.work = w;
        if (!c.work) return done(outcome::fail(errc::invalid_field, "no work " + code));
        if (marked_before(*c.work, c.works, c.staff.username))
            return done(outcome::fail(errc::forbidden,
                                      "you marked this work the first time: the second "
                                      "marking after an appeal is by other examiners"));
        if (auto item_id = essay_item(c.work->task); !item_id.empty()) {
            auto items = works_.items_by_id(c.assessment_);
            if (auto it = items.find(item_id); it != items.end()) {
                c.essay = it->second;
                c.scheme = rubric_scheme(it->second);
            }
        } else {
            c.task = c.assessment_.find_task(c.work->task);
            if (c.task) c.scheme = marking_.find_scheme(c.task->marking_scheme);
        }
        if (!c.scheme)
            return done(outcome::fail(errc::internal_error, "the task's marking scheme is not "
                                                            "imported (craftmark scheme import)"));
        for (auto const& attempt : attempts_.attempts_of(c.sitting.id)) {
            if (attempt.id != c.work->attempt_id) continue;
            auto candidate = sittings_.find_candidate(attempt.ticket);
            if (candidate && !c.staff.organisation.empty() &&
                candidate->organisation == c.staff.organisation)
                return done(outcome::fail(errc::forbidden,
                                          "you share an organisation with this candidate: "
                                          "another examiner marks this work"));
        }
        then(c, std::move(done));
    });
}

bool marking_service::marked_before(work_record const& w,
                                    std::vector<work_record> const& works,
                                    std::string const& user) {
    for (auto const& earlier : works)
        if (earlier.attempt_id == w.attempt_id && earlier.task == w.task && earlier.round < w.round)
            for (auto const& m : marking_.marks(earlier.id))
                if (m.judge == user) return true;
    return false;
}

task_marks marking_service::marks_of(std::int64_t work_id) {
    task_marks m;
    std::map<std::string, util::millis> latest; // measured aspects: the latest entry counts
    for (auto const& mark : marking_.marks(work_id)) {
        if (mark.aspect == "overtime") {
            m.overtime_ms = static_cast<std::int64_t>(mark.entry.value("minutes", 0.0) * 60'000);
        } else if (mark.aspect.rfind("veto:", 0) == 0) {
            if (mark.entry.value("happened", false))
                m.vetoes.insert(mark.aspect.substr(5));
            else
                m.vetoes.erase(mark.aspect.substr(5));
        } else if (mark.entry.contains("score")) {
            m.judged[mark.aspect][mark.judge] = mark.entry["score"].get<int>();
        } else if (mark.entered_at >= latest[mark.aspect]) {
            latest[mark.aspect] = mark.entered_at;
            m.measured[mark.aspect] = mark.entry;
        }
    }
    return m;
}

void marking_service::queue(session_context const& ctx,
                            protocol::sitting_ref const& request,
                            reply_fn done) {
    prepare(ctx, request.sitting_id, {}, std::move(done),
            [this](context const& c, reply_fn answer) { list_queue(c, std::move(answer)); });
}

void marking_service::list_queue(context const& c, reply_fn done) {
    protocol::marking_queue queue{.sitting_id = c.sitting.id};
    std::map<std::string, std::optional<marking_scheme>> schemes;
    std::map<std::int64_t, std::string> organisation_of;
    for (auto const& attempt : attempts_.attempts_of(c.sitting.id))
        if (auto candidate = sittings_.find_candidate(attempt.ticket))
            organisation_of[attempt.id] = candidate->organisation;
    auto const& all = c.works;
    auto items = works_.items_by_id(c.assessment_);
    for (auto const& w : all) {
        if (!c.staff.organisation.empty() && organisation_of[w.attempt_id] == c.staff.organisation)
            continue; // excluded: not even listed
        if (marked_before(w, all, c.staff.username)) continue;
        std::optional<marking_scheme> scheme;
        if (auto item_id = essay_item(w.task); !item_id.empty()) {
            if (auto it = items.find(item_id); it != items.end())
                scheme = rubric_scheme(it->second);
        } else if (auto const* task = c.assessment_.find_task(w.task)) {
            auto& known = schemes[task->marking_scheme];
            if (!known) known = marking_.find_scheme(task->marking_scheme);
            scheme = known;
        }
        protocol::work_summary item{.code = w.code,
                                    .task = w.task,
                                    .state = w.state,
                                    .round = w.round,
                                    .checker = w.checker.is_null() ? "none"
                                                                   : w.checker.value("status", "")};
        if (scheme) {
            auto score = score_task(*scheme, marks_of(w.id));
            item.pending = static_cast<std::int64_t>(score.pending().size());
            item.reconcile = static_cast<std::int64_t>(score.to_reconcile().size());
        }
        queue.works.push_back(std::move(item));
    }
    done(outcome::ok(std::move(queue)));
}

void marking_service::work(session_context const& ctx,
                           protocol::work_ref const& request,
                           reply_fn done) {
    prepare(ctx, request.sitting_id, request.code, std::move(done),
            [this](context const& c, reply_fn answer) { show_work(c, std::move(answer)); });
}

void marking_service::show_work(context const& c, reply_fn done) {
    auto const& w = *c.work;
    auto marks = marking_.marks(w.id);
    protocol::work_form form{.code = w.code,
                             .state = w.state,
                             .task = {w.task, c.task ? c.task->title : c.essay->stem},
                             .scheme = scheme_view(*c.scheme),
                             .score = score_view(score_task(*c.scheme, marks_of(w.id)))};
    auto mine = [&](mark_record const& m) {
        return m.judge == c.staff.username ? m.entry : json();
    };
    for (auto const* a : c.scheme->aspects()) {
        protocol::aspect_entries view;
        std::map<std::string, json> scores;
        for (auto const& m : marks)
            if (m.aspect == a->code) {
                if (m.judge == c.staff.username) view.mine = m.entry;
                if (a->type == aspect::kind::judgement)
                    scores[m.judge] = m.entry["score"];
                else
                    view.entry = m.entry, view.by = m.judge;
            }
        if (a->type == aspect::kind::judgement) {
            view.entered = static_cast<std::int64_t>(scores.size());
            view.of = a->judges;
            // Judges see each other's scores only once all have entered theirs.
            if (static_cast<int>(scores.size()) >= a->judges) view.scores = std::move(scores);
        }
        form.marks[a->code] = std::move(view);
    }
    for (auto const& m : marks)
        if (m.aspect == "overtime" || m.aspect.rfind("veto:", 0) == 0)
            form.marks[m.aspect] = {.mine = mine(m), .entry = m.entry, .by = m.judge};
    for (auto const& u : uploads_.uploads(w.attempt_id))
        if (u.complete && u.task == w.task) form.files.push_back({u.name, u.size, u.sha256});
    if (c.essay) {
        // The latest saved answer is the one that counts.
        std::string text;
        for (auto const& answer : attempts_.answers(w.attempt_id))
            if (answer.item_id == c.essay->id && answer.response.contains("text"))
                text = answer.response["text"].get<std::string>();
        form.task.answer = text;
    }
    if (!w.checker.is_null()) form.checker = w.checker.get<protocol::check_report>();
    done(outcome::ok(std::move(form)));
}

void marking_service::enter(session_context const& ctx,
                            protocol::marking_enter const& request,
                            reply_fn done) {
    prepare(ctx, request.work.sitting_id, request.work.code, std::move(done),
            [this, request](context const& c, reply_fn answer) {
                enter_mark(c, request, std::move(answer));
            });
}

void marking_service::enter_mark(context const& c,
                                 protocol::marking_enter const& request,
                                 reply_fn done) {
    if (c.work->state == "locked") return done(outcome::fail(errc::marking_locked));
    auto const& aspect_code = request.aspect;
    auto const& entry = request.entry;
    if (auto why = entry_problem(*c.scheme, aspect_code, entry); !why.empty())
        return done(outcome::fail(errc::invalid_field, why));
    mark_record m{c.work->id, aspect_code, c.staff.username, entry, request.comment, clock_.now()};
    audit_event event{"staff:" + c.staff.username,
                      "marking.enter",
                      c.work->code,
                      {{"aspect", aspect_code}, {"entry", entry}}};
    auto work_id = c.work->id;
    auto scheme = *c.scheme;
    marking_.put_mark(
        m, std::move(event), [this, work_id, scheme, m, done = std::move(done)](write_status s) {
            if (s == write_status::failed) return done(outcome::fail(errc::storage_failed));
            auto score = score_task(scheme, marks_of(work_id));
            done(outcome::ok(
                protocol::mark_entered{m.aspect, m.entry, score.pending(), score.to_reconcile()}));
        });
}

void marking_service::lock(session_context const& ctx,
                           protocol::work_ref const& request,
                           reply_fn done) {
    prepare(ctx, request.sitting_id, request.code, std::move(done),
            [this](context const& c, reply_fn answer) { lock_work(c, std::move(answer)); });
}

void marking_service::lock_work(context const& c, reply_fn done) {
    if (!c.staff.chief())
        return done(outcome::fail(errc::forbidden, "only a chief examiner locks marking"));
    if (c.work->state == "locked") return done(outcome::fail(errc::marking_locked));
    auto score = score_task(*c.scheme, marks_of(c.work->id));
    if (!score.complete()) {
        std::string list;
        for (auto const& code : score.pending()) list += " " + code + " (pending)";
        for (auto const& code : score.to_reconcile()) list += " " + code + " (to reconcile)";
        return done(outcome::fail(errc::invalid_field, "not ready to lock:" + list));
    }
    auto w = *c.work;
    w.state = "locked";
    auto locked = score_view(score);
    locked.max = c.scheme->total_marks;
    w.score = locked;
    w.locked_by = c.staff.username;
    w.locked_at = clock_.now();
    audit_event event{"staff:" + c.staff.username,
                      "marking.lock",
                      w.code,
                      {{"total", score.total}, {"vetoed", score.vetoed}}};
    marking_.lock_work(w, std::move(event), [w, done = std::move(done)](write_status s) {
        if (s == write_status::failed) return done(outcome::fail(errc::storage_failed));
        done(outcome::ok(
            protocol::work_locked{w.code, w.state, w.score.get<protocol::work_score>()}));
    });
}

// Files go to examiners in pieces small enough for one message each, base64url in JSON.
constexpr std::int64_t file_piece = 96 * 1024;

void marking_service::file(session_context const& ctx,
                           protocol::marking_file const& request,
                           reply_fn done) {
    prepare(ctx, request.work.sitting_id, request.work.code, std::move(done),
            [this, request](context const& c, reply_fn answer) {
                send_file(c, request.name, request.offset, std::move(answer));
            });
}

void marking_service::send_file(context const& c,
                                std::string const& name,
                                std::int64_t offset,
                                reply_fn done) {
    for (auto const& u : uploads_.uploads(c.work->attempt_id)) {
        if (!u.complete || u.task != c.work->task || u.name != name) continue;
        if (offset < 0 || offset > u.size)
            return done(outcome::fail(errc::invalid_field, "\"offset\" is outside the file"));
        std::ifstream in(uploads_.upload_path(u), std::ios::binary);
        std::string piece(static_cast<std::size_t>(std::min(file_piece, u.size - offset)), '\0');
        in.seekg(offset);
        if (!in.read(piece.data(), static_cast<std::streamsize>(piece.size())))
            return done(outcome::fail(errc::internal_error, "the stored file cannot be read"));
        return done(outcome::ok(protocol::file_piece{
            .name = u.name,
            .size = u.size,
            .sha256 = u.sha256,
            .offset = offset,
            .data = crypto::base64url_encode(piece),
            .last = offset + static_cast<std::int64_t>(piece.size()) >= u.size}));
    }
    done(outcome::fail(errc::invalid_field, "the work has no file \"" + name + "\""));
}

json marking_service::practical_result(std::string const& sitting_id, std::int64_t attempt_id) {
    auto a = sittings_.find_assessment(sittings_.find_sitting(sitting_id)->assessment_id);
    std::vector<work_record> works;
    for (auto& w : marking_.works(sitting_id))
        if (w.attempt_id == attempt_id) works.push_back(std::move(w));
    return core::practical_result(*a, works, [this](std::string const& scheme_id) {
        auto scheme = marking_.find_scheme(scheme_id);
        return scheme ? scheme->total_marks : 0.0;
    });
}

json marking_service::current_result(attempt_record const& attempt, assessment const& a) {
    if (a.practical()) return practical_result(attempt.sitting_id, attempt.id);
    if (attempt.result.is_null() || attempt.result.value("pendingItems", 0) == 0 || !attempt.paper)
        return attempt.result;
    std::vector<work_record> works;
    for (auto& w : marking_.works(attempt.sitting_id))
        if (w.attempt_id == attempt.id) works.push_back(std::move(w));
    return apply_item_marks(attempt.result, *attempt.paper, marked_shares(works), a.pass_percent);
}

} // namespace craftmark::core
