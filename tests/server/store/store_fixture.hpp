#pragma once
// A database in a folder of its own, with one sitting of one candidate, for the store's tests.
#include "server/core/exam/ports.hpp"
#include "server/store/admin.hpp"
#include "server/store/database.hpp"
#include "shared/crypto/digest.hpp"

#include <SQLiteCpp/Database.h>
#include <filesystem>
#include <functional>
#include <future>

namespace craftmark::testing {

struct temp_db {
    std::filesystem::path dir =
        std::filesystem::temp_directory_path() / ("craftmark-store-" + crypto::random_hex(6));
    std::filesystem::path file = dir / "craftmark.db";
    temp_db() { std::filesystem::create_directories(dir); }
    ~temp_db() { std::filesystem::remove_all(dir); }
};

inline core::write_status wait_for(std::function<void(core::write_done)> start) {
    std::promise<core::write_status> p;
    start([&](core::write_status s) { p.set_value(s); });
    return p.get_future().get();
}

inline std::int64_t seed_attempt(std::filesystem::path const& file) {
    auto db = store::open_database(file);
    core::bank b{"b", "bank", "zh-CN", "", "", "", {}};
    core::item it;
    it.id = "q1";
    it.choices = {{"A", "a", 1, ""}, {"B", "b", 0, ""}};
    b.items = {it};
    store::import_bank(*db, b, "test");
    store::put_assessment(
        *db,
        core::assessment_from_json(nlohmann::json::parse(
            R"({"kind":"assessment","id":"a","durationMinutes":1,"sections":[{"id":"S","draw":[{"bank":"b","count":1}]}]})")),
        "test");
    store::create_sitting(*db, {"s", "a", "t", "v", "r", 0}, "test");
    std::vector<core::candidate_record> c{{"", "T1", "张三", "110", "1", "", ""}};
    store::register_candidates(*db, "s", c, "test");
    return db->execAndGet("SELECT id FROM attempts WHERE ticket = 'T1'").getInt64();
}

} // namespace craftmark::testing
