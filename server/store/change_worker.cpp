#include "server/store/change_worker.hpp"

#include "server/store/admin.hpp"
#include "server/store/competitions.hpp"
#include "server/store/database.hpp"
#include "server/store/scoreboard.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

namespace craftmark::store {

change_worker::change_worker(std::filesystem::path db_file, util::clock const& clock)
    : db_file_(std::move(db_file)), clock_(clock), thread_([this] { run(); }) {}

change_worker::~change_worker() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    ready_.notify_one();
    thread_.join();
}

void change_worker::submit(std::function<void(SQLite::Database&)> change,
                           std::function<void(std::string refusal)> done) {
    {
        std::lock_guard lock(mutex_);
        jobs_.push_back([this, change = std::move(change), done = std::move(done)] {
            try {
                change(database());
                done("");
            } catch (std::invalid_argument const& e) {
                done(e.what());
            } catch (std::exception const& e) {
                done(std::string("the change could not be stored: ") + e.what());
            }
        });
    }
    ready_.notify_one();
}

void change_worker::reveal(protocol::event_reveal const& request,
                           std::string const& chief,
                           std::function<void(std::string refusal)> done) {
    submit(
        [this, request, chief](SQLite::Database& db) {
            reveal_module(db, load_event(db, request.event), request.skill, request.module, chief,
                          request.password, clock_.now());
        },
        std::move(done));
}

void change_worker::draw(protocol::event_draw const& request,
                         std::string const& actor,
                         std::function<void(std::string refusal)> done) {
    submit(
        [this, request, actor](SQLite::Database& db) {
            auto e = load_event(db, request.event);
            if (request.round == "numbers")
                draw_numbers(db, e, request.skill, actor, clock_.now(), secure_random);
            else
                draw_workstations(db, e, request.skill, actor, clock_.now(), secure_random);
        },
        std::move(done));
}

void change_worker::freeze(protocol::event_freeze const& request,
                           std::string const& actor,
                           std::function<void(std::string refusal)> done) {
    submit(
        [this, request, actor](SQLite::Database& db) {
            load_event(db, request.event); // refuses an unknown event
            if (request.frozen)
                freeze_board(db, request.event, live_public_board(db, request.event), actor,
                             clock_.now());
            else
                unfreeze_board(db, request.event, actor, clock_.now());
        },
        std::move(done));
}

void change_worker::put_event(
    nlohmann::json document,
    std::string const& actor,
    std::function<void(std::string refusal, protocol::event_defined)> done) {
    auto defined = std::make_shared<protocol::event_defined>();
    submit(
        [this, document = std::move(document), actor, defined](SQLite::Database& db) {
            auto e = add_event(db, document, actor, clock_.now());
            *defined = {e.id, static_cast<std::int64_t>(e.skills.size())};
        },
        [defined, done = std::move(done)](std::string const& refusal) { done(refusal, *defined); });
}

void change_worker::import_bank(core::bank b,
                                std::vector<core::item_figure> figures,
                                std::string actor,
                                std::function<void(std::string refusal)> done) {
    submit([b = std::move(b), figures = std::move(figures), actor = std::move(actor)](
               SQLite::Database& db) { store::import_bank(db, b, actor, figures); },
           std::move(done));
}

void change_worker::aside(std::function<void()> work) {
    {
        std::lock_guard lock(mutex_);
        jobs_.push_back([work = std::move(work)] {
            try {
                work();
            } catch (...) { // the work answers its own failures; the worker carries on
            }
        });
    }
    ready_.notify_one();
}

void change_worker::banks(std::function<void(std::string refusal, std::vector<core::bank>)> done) {
    auto all = std::make_shared<std::vector<core::bank>>();
    submit(
        [all](SQLite::Database& db) {
            SQLite::Statement q(db, "SELECT id FROM banks ORDER BY id");
            while (q.executeStep())
                if (auto b = load_bank(db, q.getColumn(0).getString()))
                    all->push_back(std::move(*b));
        },
        [all, done = std::move(done)](std::string const& refusal) {
            done(refusal, std::move(*all));
        });
}

void change_worker::put_assessment(core::assessment a,
                                   std::string actor,
                                   std::function<void(std::string refusal)> done) {
    submit(
        [a = std::move(a), actor = std::move(actor),
         installed = db_file_.parent_path() / "checkers"](SQLite::Database& db) {
            // A checker is a folder of programs: it is installed on the server machine (craftmark
            // assessment add --checkers), never handed in over the socket. The marking scheme
            // must be there too, or the task's works could never be marked.
            SQLite::Statement scheme(db, "SELECT 1 FROM marking_schemes WHERE id = ?");
            for (auto const& t : a.tasks) {
                if (!t.checker_folder.empty() &&
                    !std::filesystem::is_directory(installed / t.checker_folder))
                    throw std::invalid_argument(
                        "task " + t.id + " names the checker \"" + t.checker_folder +
                        "\", which is not installed at the server: craftmark assessment add "
                        "--checkers DIR on the server machine installs it");
                scheme.reset();
                scheme.bind(1, t.marking_scheme);
                if (!scheme.executeStep())
                    throw std::invalid_argument("task " + t.id + " names the marking scheme \"" +
                                                t.marking_scheme +
                                                "\", which is not imported: craftmark scheme "
                                                "import FILE imports it");
            }
            scheme.reset(); // before the write transaction: no read snapshot left open
            store::put_assessment(db, a, actor);
        },
        std::move(done));
}

// Opened on first use: most servers never make such a change.
SQLite::Database& change_worker::database() {
    if (!db_) db_ = open_database(db_file_);
    return *db_;
}

void change_worker::run() {
    for (;;) {
        std::function<void()> job;
        {
            std::unique_lock lock(mutex_);
            ready_.wait(lock, [&] { return stopping_ || !jobs_.empty(); });
            if (jobs_.empty()) return; // stopping, and nothing left to do
            job = std::move(jobs_.front());
            jobs_.pop_front();
        }
        job();
    }
}

} // namespace craftmark::store
