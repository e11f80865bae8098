#include "server/store/checkpointer.hpp"
#include "server/store/database.hpp"
#include "tests/server/store/store_fixture.hpp"

#include <SQLiteCpp/Database.h>
#include <chrono>
#include <doctest/doctest.h>
#include <fstream>
#include <thread>

using namespace craftmark;
using namespace craftmark::testing;

namespace {

constexpr std::uintmax_t wal_frame = 4096 + 24; // a page and its frame header

// The WAL header's checkpoint sequence: SQLite adds one each time the WAL starts again from
// its beginning, which it does only once every frame in it was copied into the database.
std::uint32_t wal_restarts(std::filesystem::path const& wal) {
    std::ifstream in(wal, std::ios::binary);
    unsigned char header[16] = {};
    in.read(reinterpret_cast<char*>(header), sizeof header);
    return std::uint32_t{header[12]} << 24 | std::uint32_t{header[13]} << 16 |
           std::uint32_t{header[14]} << 8 | header[15];
}

bool within(std::chrono::seconds limit, auto condition) {
    auto deadline = std::chrono::steady_clock::now() + limit;
    while (!condition()) {
        if (std::chrono::steady_clock::now() > deadline) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    return true;
}

} // namespace

TEST_CASE("the checkpoint thread copies the WAL back and the writer then starts it again") {
    temp_db t;
    auto wal = t.file;
    wal += "-wal";
    auto db = store::open_database(t.file);
    db->exec("CREATE TABLE filler (x BLOB)");
    db->exec("PRAGMA wal_checkpoint(TRUNCATE)"); // an empty WAL: its size counts the frames
    int const mark = 20;
    store::checkpointer checkpoints(t.file, *db, mark);
    // A commit of a page or more at a time, until the WAL passes the mark and wakes the thread.
    int rows = 0;
    for (; std::filesystem::file_size(wal) < mark * wal_frame; ++rows)
        db->exec("INSERT INTO filler VALUES (randomblob(3000))");
    REQUIRE(std::filesystem::file_size(wal) < mark * 16 * wal_frame); // never checkpointed inline
    auto before = wal_restarts(wal);
    CHECK(within(std::chrono::seconds(30), [&] { return checkpoints.passes() > 0; }));
    db->exec("INSERT INTO filler VALUES (randomblob(3000))");
    CHECK(wal_restarts(wal) == before + 1);
    CHECK(db->execAndGet("SELECT count(*) FROM filler").getInt() == rows + 1);
}
