// A full disk, for real: the data folder is a small tmpfs filled to the last byte. Saves must
// fail loudly ("not saved"), the server must carry on, and nothing acknowledged may be lost.
#include "server/store/audit_log.hpp"
#include "tests/integration/fixture.hpp"
#include "tests/integration/server_process.hpp"

#include <SQLiteCpp/Database.h>
#include <doctest/doctest.h>
#include <fstream>
#include <sched.h>
#include <sys/mount.h>
#include <unistd.h>

using namespace craftmark;
using namespace craftmark::testing;
using nlohmann::json;

namespace {

void write_file(char const* path, std::string const& text) {
    std::ofstream(path) << text;
}

/// Mounts a tmpfs of `bytes` on `dir` inside a mount namespace of this process's own, so no
/// one else ever sees it (as root a new mount namespace; otherwise within a user namespace).
/// ctest runs each test case in a process of its own, so this leaves other tests alone.
bool mount_small_filesystem(std::filesystem::path const& dir, std::size_t bytes) {
    if (::unshare(CLONE_NEWNS) != 0) {
        auto uid = std::to_string(::getuid()), gid = std::to_string(::getgid());
        if (::unshare(CLONE_NEWUSER | CLONE_NEWNS) != 0) return false;
        write_file("/proc/self/setgroups", "deny");
        write_file("/proc/self/uid_map", "0 " + uid + " 1");
        write_file("/proc/self/gid_map", "0 " + gid + " 1");
    }
    if (::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0) return false;
    auto size = "size=" + std::to_string(bytes);
    return ::mount("craftmark-full-disk", dir.c_str(), "tmpfs", 0, size.c_str()) == 0;
}

/// Writes to `file` until the filesystem refuses: from here on, only space freed counts.
void fill(std::filesystem::path const& file) {
    std::string block(64 * 1024, 'x');
    auto* f = std::fopen(file.c_str(), "wb");
    REQUIRE(f);
    while (std::fwrite(block.data(), 1, block.size(), f) == block.size()) {
    }
    for (std::size_t n = block.size() / 2; n > 0; n /= 2) // the last partial blocks too
        while (std::fwrite(block.data(), 1, n, f) == n) {
        }
    std::fclose(f);
}

} // namespace

TEST_CASE("on a full disk saves are refused as not saved, and everything acknowledged stays") {
    temp_dir dir;
    REQUIRE_MESSAGE(mount_small_filesystem(dir.path, 8 * 1024 * 1024),
                    "cannot mount a small tmpfs: needs root or unprivileged user namespaces");
    auto codes = seed_database(dir.path, util::system_clock().now() - 60'000);
    std::map<std::int64_t, std::string> acknowledged; // seq -> the essay text saved
    std::int64_t refused_seq = 0;
    std::string token;
    {
        server_process server(dir.path);
        auto c = client::connection::open(
            {"localhost", server.port(), dir.path / "pki" / "ca.pem", std::chrono::seconds(10)});
        auto in =
            c->call("auth.sign_in",
                    {{"ticket", "T001"}, {"access_code", codes["T001"]}, {"terminal_id", "t"}});
        REQUIRE(code_of(in) == "");
        token = in.body["resume_token"].get<std::string>();
        REQUIRE(code_of(c->call("paper.get", json::object())) == "");
        std::int64_t seq = 0;
        auto save = [&](std::size_t length) {
            ++seq;
            auto text =
                std::to_string(seq) + std::string(length, static_cast<char>('a' + seq % 26));
            auto reply = c->call(
                "answer.save", {{"item_id", "es1"}, {"seq", seq}, {"response", {{"text", text}}}});
            if (code_of(reply) == "") acknowledged[seq] = text;
            return reply;
        };
        for (int i = 0; i < 3; ++i) REQUIRE(code_of(save(100)) == "");

        fill(dir.path / "filler");
        // SQLite may still have room in pages it holds; large answers use that up quickly.
        protocol::incoming refusal;
        for (int i = 0; i < 150 && code_of(refusal) == ""; ++i) refusal = save(30'000);
        REQUIRE(code_of(refusal) == "storage_failed");
        CHECK(refusal.message.find("not saved") != std::string::npos);
        refused_seq = seq;
        CHECK(code_of(c->call("ping", json::object())) == ""); // the server carries on

        std::filesystem::remove(dir.path / "filler");
        auto after = save(100); // space again: saving works again without a restart
        CHECK(code_of(after) == "");
        server.kill_hard();
    }
    server_process again(dir.path);
    auto c = client::connection::open(
        {"localhost", again.port(), dir.path / "pki" / "ca.pem", std::chrono::seconds(10)});
    REQUIRE(code_of(c->call("auth.resume", {{"resume_token", token}, {"terminal_id", "t"}})) == "");
    auto paper = c->call("paper.get", json::object());
    REQUIRE(code_of(paper) == "");
    CHECK(paper.body["answers"]["es1"]["response"]["text"] == acknowledged.rbegin()->second);

    SQLite::Database db((dir.path / "craftmark.db").string(), SQLite::OPEN_READONLY);
    std::map<std::int64_t, std::string> stored;
    SQLite::Statement q(db, "SELECT seq, json_extract(response, '$.text') FROM answers");
    while (q.executeStep()) stored[q.getColumn(0).getInt64()] = q.getColumn(1).getString();
    for (auto const& [seq, text] : acknowledged)
        CHECK_MESSAGE(stored[seq] == text, "acknowledged save lost: " << seq);
    CHECK_MESSAGE(!stored.count(refused_seq), "a refused save was stored: " << refused_seq);
    CHECK(store::verify_audit(db).intact());
}
