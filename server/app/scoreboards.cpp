#include "server/app/scoreboards.hpp"

#include "server/store/database.hpp"
#include "server/store/scoreboard.hpp"
#include "shared/protocol/envelope.hpp"
#include "shared/util/log.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

namespace craftmark::app {

using nlohmann::json;

scoreboards::scoreboards(std::filesystem::path const& db_file,
                         craftmark::server::net::session_registry& registry,
                         util::logger& log)
    : db_(store::open_database(db_file)), registry_(registry), log_(log) {}

scoreboards::~scoreboards() = default;

std::optional<protocol::scoreboard> scoreboards::board(std::string const& event_id, bool staff) {
    std::lock_guard lock(mutex_);
    SQLite::Statement known(*db_, "SELECT COUNT(*) FROM events WHERE id = ?");
    known.bind(1, event_id);
    known.executeStep();
    if (known.getColumn(0).getInt() == 0) return std::nullopt;
    return store::event_board(*db_, event_id, staff);
}

void scoreboards::refresh() {
    for (auto const& view : registry_.watched_boards()) {
        try {
            auto shown = board(view.event_id, view.staff);
            if (!shown) continue; // the event is gone
            auto frame = protocol::encode_push("scoreboard", protocol::board_update{*shown});
            {
                std::lock_guard lock(mutex_);
                auto& last = last_pushed_[view];
                if (last == frame) continue;
                last = frame;
            }
            registry_.to_board(view, std::move(frame));
        } catch (std::exception const& e) {
            log_.error("cannot build the board of " + view.event_id + ": " + e.what());
        }
    }
}

} // namespace craftmark::app
