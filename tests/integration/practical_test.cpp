// Practical tasks over the real server: the task view, uploads in chunks, resume, refusals.
#include "client/terminal/exam_client.hpp"
#include "shared/crypto/digest.hpp"
#include "shared/protocol/upload_frame.hpp"
#include "tests/integration/fixture.hpp"

#include <SQLiteCpp/Database.h>
#include <doctest/doctest.h>
#include <fstream>
#include <future>
#include <sstream>
#include <thread>

using namespace craftmark;
using namespace craftmark::testing;
using nlohmann::json;

namespace {

struct practical_server : test_server {
    std::map<std::string, std::string> practical_codes =
        seed_practical(dir.path, clock.now() - 60'000);

    std::unique_ptr<client::connection> candidate(std::string const& ticket) {
        auto c = connect();
        auto reply = c->call("auth.sign_in", {{"ticket", ticket},
                                              {"access_code", practical_codes.at(ticket)},
                                              {"terminal_id", "ws-" + ticket}});
        REQUIRE(code_of(reply) == "");
        REQUIRE(code_of(c->call("paper.get", json::object())) == "");
        return c;
    }
};

// A file's worth of bytes that differ along the way, so that a misplaced chunk shows.
std::string program(std::size_t size) {
    std::string text;
    for (int line = 0; text.size() < size; ++line)
        text += "N" + std::to_string(line) + " G1 X" + std::to_string(line % 97) + " Z-0.5\n";
    text.resize(size);
    return text;
}

json declare(std::string const& name, std::string const& bytes, std::string const& task = "T1") {
    return {{"task", task},
            {"name", name},
            {"size", bytes.size()},
            {"sha256", crypto::sha256_hex(bytes)}};
}

protocol::incoming send_chunk(client::connection& c,
                              std::int64_t upload,
                              std::int64_t offset,
                              std::string_view bytes) {
    return c.call_binary(
        [&](std::int64_t id) { return protocol::encode_upload_chunk(id, upload, offset, bytes); });
}

std::string stored_bytes(test_server& s, std::int64_t upload) {
    std::ifstream in(s.dir.path / "uploads" / std::to_string(upload), std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

std::string upload_state(test_server& s, std::int64_t upload) {
    SQLite::Database db(s.database().string(), SQLite::OPEN_READONLY);
    SQLite::Statement q(db, "SELECT state FROM uploads WHERE id = ?");
    q.bind(1, upload);
    return q.executeStep() ? q.getColumn(0).getString() : "none";
}

} // namespace

TEST_CASE("a practical paper shows the task sheets and hand-in rules, never the marking scheme") {
    practical_server s;
    auto c = s.connect();
    c->call("auth.sign_in", {{"ticket", "P001"},
                             {"access_code", s.practical_codes["P001"]},
                             {"terminal_id", "ws-P001"}});
    auto paper = c->call("paper.get", json::object()).body;
    REQUIRE(paper["tasks"].size() == 2);
    auto const& t1 = paper["tasks"][0];
    CHECK(t1["sheet"] == "Write the NC program for shaft.pdf.");
    CHECK(t1["handIn"]["types"] == json{".nc", ".txt"});
    CHECK(t1["handIn"]["maxMegabytes"] == 1);
    CHECK(paper["tasks"][1]["handIn"] == json{{"files", false}});
    CHECK(paper["receipts"] == json::array());
    auto text = paper.dump();
    CHECK(text.find("markingScheme") == std::string::npos);
    CHECK(text.find("check.sh") == std::string::npos);
}

TEST_CASE("an upload dropped half way resumes where the server's bytes end, the receipt is kept") {
    practical_server s;
    auto bytes = program(300'000); // three chunks
    auto chunk = protocol::upload_chunk_size;
    std::int64_t upload = 0;
    {
        auto c = s.candidate("P001");
        auto begun = c->call("upload.begin", declare("O1000.nc", bytes));
        REQUIRE(code_of(begun) == "");
        upload = begun.body["upload"].get<std::int64_t>();
        CHECK(begun.body["received"] == 0);
        CHECK(
            send_chunk(*c, upload, 0, std::string_view(bytes).substr(0, chunk)).body["received"] ==
            chunk);
        CHECK(code_of(send_chunk(*c, upload, 0, "again")) == "upload_offset"); // not at the end
        c->close();                                                            // the network drops
    }
    auto c = s.candidate("P001");
    auto resumed = c->call("upload.begin", declare("O1000.nc", bytes));
    CHECK(resumed.body["upload"] == upload);
    CHECK(resumed.body["received"] == chunk);
    for (std::size_t at = chunk; at < bytes.size(); at += chunk)
        REQUIRE(code_of(send_chunk(*c, upload, static_cast<std::int64_t>(at),
                                   std::string_view(bytes).substr(at, chunk))) == "");
    auto finished = c->call("upload.finish", {{"upload", upload}});
    REQUIRE(code_of(finished) == "");
    auto receipt = finished.body["receipt"];
    CHECK(receipt["name"] == "O1000.nc");
    CHECK(receipt["size"] == bytes.size());
    CHECK(receipt["sha256"] == crypto::sha256_hex(bytes));
    CHECK(stored_bytes(s, upload) == bytes);
    CHECK(upload_state(s, upload) == "complete");
    // The paper lists the same receipt, and so does a repeated begin.
    CHECK(c->call("paper.get", json::object()).body["receipts"] == json::array({receipt}));
    CHECK(c->call("upload.begin", declare("O1000.nc", bytes)).body["receipt"] == receipt);
}

TEST_CASE("bytes that do not match the declared SHA-256 are refused and discarded") {
    practical_server s;
    auto c = s.candidate("P001");
    auto bytes = program(5'000);
    auto declared = declare("O2000.nc", bytes);
    declared["sha256"] = crypto::sha256_hex("something else entirely");
    auto upload = c->call("upload.begin", declared).body["upload"].get<std::int64_t>();
    REQUIRE(code_of(send_chunk(*c, upload, 0, bytes)) == "");
    auto finished = c->call("upload.finish", {{"upload", upload}});
    CHECK(code_of(finished) == "upload_mismatch");
    CHECK(finished.message.find("SHA-256") != std::string::npos);
    CHECK(c->call("upload.begin", declared).body["received"] == 0); // starts again from 0
    CHECK(upload_state(s, upload) == "partial");
    CHECK(c->call("paper.get", json::object()).body["receipts"] == json::array());
    // Finishing before every byte arrived is refused too.
    CHECK(code_of(c->call("upload.finish", {{"upload", upload}})) == "upload_mismatch");
}

TEST_CASE("oversized, wrong-type, surplus and malformed uploads are refused and change nothing") {
    practical_server s;
    auto c = s.candidate("P001");
    auto small = program(100);
    auto huge = declare("big.nc", small);
    huge["size"] = 2 << 20;
    CHECK(code_of(c->call("upload.begin", huge)) == "upload_too_large");
    CHECK(code_of(c->call("upload.begin", declare("tool.exe", small))) == "upload_refused");
    CHECK(code_of(c->call("upload.begin", declare("notes.txt", small, "T2"))) == "upload_refused");
    CHECK(code_of(c->call("upload.begin", declare("x.nc", small, "T9"))) == "invalid_field");
    CHECK(code_of(c->call("upload.begin", declare("../../etc/x.nc", small))) == "invalid_field");
    auto no_hash = declare("x.nc", small);
    no_hash["sha256"] = "ABC";
    CHECK(code_of(c->call("upload.begin", no_hash)) == "invalid_field");
    // A third file for a task that takes two.
    for (auto name : {"a.nc", "b.txt"}) {
        auto id = c->call("upload.begin", declare(name, small)).body["upload"].get<std::int64_t>();
        REQUIRE(code_of(send_chunk(*c, id, 0, small)) == "");
        REQUIRE(code_of(c->call("upload.finish", {{"upload", id}})) == "");
    }
    CHECK(code_of(c->call("upload.begin", declare("c.nc", small))) == "upload_refused");
    // A chunk past the declared size; a chunk sent as text; a binary frame that is no chunk.
    auto id =
        c->call("upload.begin", declare("a.nc", program(10))).body["upload"].get<std::int64_t>();
    CHECK(code_of(send_chunk(*c, id, 0, program(11))) == "upload_mismatch");
    CHECK(stored_bytes(s, id).empty());
    CHECK(code_of(c->call("upload.chunk", {{"upload", id}, {"offset", 0}})) == "bad_request");
    c->send_raw("not a chunk at all", true);
    auto reply = c->next_message(std::chrono::seconds(5));
    while (reply && reply->what == protocol::incoming::kind::push) // a time push may come first
        reply = c->next_message(std::chrono::seconds(5));
    REQUIRE(reply);
    CHECK(reply->code == "bad_request");
    CHECK(c->call("paper.get", json::object()).body["receipts"].size() == 2);
    // Another candidate's upload is not theirs to continue.
    auto other = s.candidate("P002");
    CHECK(code_of(send_chunk(*other, id, 0, program(10))) == "unknown_upload");
}

TEST_CASE("files still uploading count toward the task's limit, so no one holds more disk") {
    practical_server s;
    auto c = s.candidate("P001");
    auto bytes = program(1000);
    // Two uploads begun and left unfinished fill the task's two places ...
    std::vector<std::int64_t> begun;
    for (auto name : {"a.nc", "b.nc"}) {
        auto reply = c->call("upload.begin", declare(name, bytes));
        REQUIRE(code_of(reply) == "");
        begun.push_back(reply.body["upload"].get<std::int64_t>());
        REQUIRE(code_of(send_chunk(*c, begun.back(), 0, bytes.substr(0, 100))) == "");
    }
    // ... so a third name is refused and nothing is recorded for it,
    auto third = c->call("upload.begin", declare("c.nc", bytes));
    CHECK(code_of(third) == "upload_refused");
    CHECK(third.message.find("at most 2 files") != std::string::npos);
    SQLite::Database db(s.database().string(), SQLite::OPEN_READONLY);
    CHECK(db.execAndGet("SELECT COUNT(*) FROM uploads").getInt() == 2);
    // while the files begun resume and finish as before.
    auto again = c->call("upload.begin", declare("a.nc", bytes));
    REQUIRE(code_of(again) == "");
    CHECK(again.body["upload"] == begun[0]);
    CHECK(again.body["received"] == 100);
    REQUIRE(code_of(send_chunk(*c, begun[0], 100, bytes.substr(100))) == "");
    CHECK(code_of(c->call("upload.finish", {{"upload", begun[0]}})) == "");
    CHECK(stored_bytes(s, begun[0]) == bytes);
}

TEST_CASE("after the deadline every upload step is refused") {
    practical_server s;
    auto c = s.candidate("P001");
    auto bytes = program(1'000);
    auto upload =
        c->call("upload.begin", declare("late.nc", bytes)).body["upload"].get<std::int64_t>();
    s.clock.advance(61 * 60'000);
    CHECK(code_of(send_chunk(*c, upload, 0, bytes)) == "attempt_closed");
    CHECK(code_of(c->call("upload.begin", declare("late2.nc", bytes))) == "attempt_closed");
    CHECK(code_of(c->call("upload.finish", {{"upload", upload}})) == "attempt_closed");
    CHECK(stored_bytes(s, upload).empty());
}

TEST_CASE("the terminal's upload survives a server restart and resumes, never starting over") {
    temp_dir data, journal, work;
    util::manual_clock clock(util::system_clock().now());
    seed_database(data.path, clock.now() - 60'000);
    auto codes = seed_practical(data.path, clock.now() - 60'000);
    auto first = std::make_unique<app::server>(
        app::server_settings{data.path, "127.0.0.1", 0, {}, {}, 1, false, {}}, clock);
    first->start();
    auto port = first->port();
    auto file = work.path / "O3000.nc";
    auto bytes = program(900'000);
    std::ofstream(file, std::ios::binary) << bytes;
    client::exam_client exam(
        {{"localhost", port, data.path / "pki" / "ca.pem", std::chrono::seconds(5)},
         journal.path,
         "P002",
         codes["P002"]});
    exam.start();
    REQUIRE(exam.open_paper());
    // The server goes down right after the first chunk is acknowledged (from inside the
    // progress callback, so the upload is certainly half way), and comes back a moment later.
    std::vector<std::int64_t> progress;
    std::promise<void> server_down;
    json receipt;
    std::thread uploading([&] {
        receipt = exam.upload("T1", file, [&](std::int64_t sent, std::int64_t) {
            progress.push_back(sent);
            if (progress.size() == 1) {
                first->stop();
                server_down.set_value();
            }
        });
    });
    server_down.get_future().wait();
    first.reset();
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    app::server second({data.path, "127.0.0.1", port, {}, {}, 1, false, {}}, clock);
    second.start();
    uploading.join();
    CHECK(receipt["sha256"] == crypto::sha256_hex(bytes));
    CHECK(receipt["size"] == bytes.size());
    REQUIRE(progress.size() > 2);
    CHECK(progress[0] == static_cast<std::int64_t>(protocol::upload_chunk_size));
    CHECK(std::is_sorted(progress.begin(), progress.end())); // resumed, not restarted
    CHECK(progress.back() == static_cast<std::int64_t>(bytes.size()));
}
