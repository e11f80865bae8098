#include "client/terminal/journal.hpp"
#include "shared/crypto/digest.hpp"

#include <doctest/doctest.h>

using namespace craftmark;
using nlohmann::json;

TEST_CASE("the journal keeps unacknowledged saves across a restart of the terminal") {
    auto dir =
        std::filesystem::temp_directory_path() / ("craftmark-journal-" + crypto::random_hex(6));
    {
        client::journal j(dir, "T1");
        j.set_resume_token("tok");
        CHECK(j.record_save("a", {{"choice", "A"}}).seq == 1);
        CHECK(j.record_save("b", {{"value", true}}).seq == 2);
        j.record_ack(1);
    }
    {
        client::journal j(dir, "T1");
        CHECK(j.resume_token() == "tok");
        auto pending = j.unacknowledged();
        REQUIRE(pending.size() == 1);
        CHECK(pending[0].item_id == "b");
        CHECK(j.record_save("a", {{"choice", "B"}}).seq == 3);
        CHECK(j.latest().at("a") == json{{"choice", "B"}});
        j.advance_seq(10);
        CHECK(j.record_save("c", json::object()).seq == 11);
    }
    {
        // A line torn by a crash mid-write is skipped, the rest still reads.
        std::ofstream(dir / "T1.journal", std::ios::app) << "{\"kind\":\"save\",\"item";
        client::journal j(dir, "T1");
        CHECK(j.unacknowledged().size() == 3);
    }
    CHECK(client::terminal_id(dir) == client::terminal_id(dir));
    std::filesystem::remove_all(dir);
}
