#include "server/checks/checker.hpp"

#include <doctest/doctest.h>
#include <fstream>
#include <iterator>
#include <netinet/in.h>
#include <set>
#include <sstream>
#include <sys/socket.h>
#include <unistd.h>

using namespace craftmark::checks;
using craftmark::core::apply_check;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

// A candidate's work and a checker folder in a fresh temporary folder.
struct fixture {
    fs::path root = fs::temp_directory_path() / ("checker-test-" + std::to_string(getpid()));
    fs::path work = root / "work";
    fs::path checker = root / "checker";

    fixture() {
        fs::remove_all(root);
        fs::create_directories(work);
        fs::create_directories(checker);
        write(work / "part.nc", "O1000 (SHAFT)\nG0 X40 Z2\nM30\n");
    }
    ~fixture() { fs::remove_all(root); }

    static void write(fs::path const& p, std::string const& text) {
        std::ofstream(p, std::ios::binary) << text;
    }
    check_outcome run(std::string const& script, int wall_ms = 5'000) {
        write(checker / "check.sh", script);
        checker_spec spec{{"bash", "check.sh"}, checker, wall_ms, 5, 256, 32, 8, 16};
        return run_check(CRAFTMARK_SANDBOX, spec, work);
    }
    std::string work_file() const {
        std::ifstream in(work / "part.nc");
        std::stringstream s;
        s << in.rdbuf();
        return s.str();
    }
};

craftmark::core::marking_scheme worldskills() {
    std::ifstream in(std::string(CRAFTMARK_SOURCE_DIR) +
                     "/question-banks/cnc-turning-worldskills-scheme.json");
    std::stringstream text;
    text << in.rdbuf();
    return craftmark::core::marking_scheme_from_json(json::parse(text.str()));
}

// Processes whose command line holds `marker` (a runaway checker would still be listed).
int processes_with(std::string const& marker) {
    int n = 0;
    for (auto const& e : fs::directory_iterator("/proc")) {
        std::ifstream in(e.path() / "cmdline");
        std::string cmdline((std::istreambuf_iterator<char>(in)), {});
        if (cmdline.find(marker) != std::string::npos) ++n;
    }
    return n;
}

} // namespace

TEST_CASE("a checker reads the work and its results fill the scheme's measurement aspects") {
    fixture f;
    auto outcome = f.run(R"(grep -q M30 work/part.nc && ended=true || ended=false
echo "{\"results\": {\"runs_without_alarm\": {\"met\": $ended},
                     \"moves_outside_safe_zone\": {\"faults\": {\"outside\": 1}}}}")");
    REQUIRE(outcome.state == check_outcome::status::ok);
    auto applied = apply_check(worldskills(), outcome.results);
    CHECK(applied.problems.empty());
    CHECK(applied.measured.at("C1.1") == json{{"met", true}});
    CHECK(applied.measured.at("C1.2")["faults"]["outside"] == 1);
}

TEST_CASE("results that are missing or do not fit their aspect are reported, not scored") {
    auto applied = apply_check(worldskills(), {{"runs_without_alarm", {{"met", "yes"}}}});
    CHECK(applied.measured.empty());
    REQUIRE(applied.problems.size() == 2);
    CHECK(applied.problems[0] == "C1.1: \"met\" must be true or false");
    CHECK(applied.problems[1] == "C1.2: the checker reported no \"moves_outside_safe_zone\"");
}

TEST_CASE("a checker that loops is stopped at its time limit and reported") {
    fixture f;
    auto outcome = f.run("while :; do :; done", 800);
    CHECK(outcome.state == check_outcome::status::timed_out);
    CHECK(outcome.message == "the checker did not finish within 800 ms");
    CHECK(f.work_file().find("M30") != std::string::npos); // the work is still there
}

TEST_CASE("a checker that forks without end is contained and everything it started is gone") {
    fixture f;
    auto outcome = f.run("bomb_cm7f() { bomb_cm7f | bomb_cm7f & }; bomb_cm7f; sleep 30", 1'500);
    CHECK(outcome.state == check_outcome::status::timed_out);
    CHECK(processes_with("bomb_cm7f") == 0);
}

TEST_CASE("a checker that writes without end is stopped, the candidate's files are untouched") {
    fixture f;
    auto before = f.work_file();
    // A generous wall limit: what is tested is the size limit, not the speed of a busy machine.
    auto outcome = f.run("yes > work/part.nc", 30'000);
    CHECK(outcome.state == check_outcome::status::failed);
    CHECK(outcome.message == "the checker stopped: it wrote a file larger than allowed");
    CHECK(f.work_file() == before);
    outcome =
        f.run("for i in $(seq 100); do head -c 5M /dev/zero > fill$i || exit 9; done", 30'000);
    CHECK(outcome.state == check_outcome::status::failed); // the working folder is full
    CHECK(outcome.exit_code == 9);
}

TEST_CASE("a checker has no network, not even the server's own loopback") {
    int listener = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    REQUIRE(listen(listener, 1) == 0);
    socklen_t length = sizeof address;
    getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length);
    auto port = std::to_string(ntohs(address.sin_port));
    fixture f;
    auto outcome = f.run("if (exec 3<>/dev/tcp/127.0.0.1/" + port +
                         ") 2>/dev/null; then exit 7; fi; echo '{\"results\": {}}'");
    ::close(listener);
    CHECK(outcome.state == check_outcome::status::ok);
}

TEST_CASE("a checker sees none of the host: not /etc, the database, other uploads or processes") {
    fixture f;
    // What a venue's data folder holds beside the work being checked.
    fs::create_directories(f.root / "data/uploads/other-candidate");
    fixture::write(f.root / "data/craftmark.db", "SQLite format 3");
    fixture::write(f.root / "data/uploads/other-candidate/part.nc", "O2000 (THEIRS)");
    std::string secrets = "/etc/passwd /etc/craftmark " + (f.root / "data/craftmark.db").string() +
                          " " + (f.root / "data/uploads/other-candidate/part.nc").string() +
                          " /proc/" + std::to_string(getpid()) + "/environ";
    auto outcome = f.run("for f in " + secrets + R"(; do
  if cat "$f" >/dev/null 2>&1 || ls "$f" >/dev/null 2>&1; then echo "reached $f"; exit 7; fi
done
ls / /etc | tr '\n' ' ' >&2
echo '{"results": {}}')");
    CHECK(outcome.state == check_outcome::status::ok);
    std::istringstream top(outcome.diagnostics); // what is in the sandbox's / and /etc
    std::set<std::string> names{std::istream_iterator<std::string>(top), {}};
    CHECK(names.count("usr") == 1);
    CHECK(names.count("alternatives") == 1); // /etc holds how programs are found, nothing else
    CHECK(names.count("passwd") == 0);
    for (auto absent : {"home", "root", "var", "run", "srv", "mnt", "opt", "work", "craftmark"})
        CHECK_MESSAGE(names.count(absent) == 0, absent);
    CHECK(f.work_file().find("M30") != std::string::npos);
}

TEST_CASE("a checker that opens a network socket or a kernel interface is refused and reported") {
    fixture f;
    auto outcome = f.run("python3 -c 'import socket; socket.socket()'");
    CHECK(outcome.state == check_outcome::status::failed);
    CHECK(outcome.message == "the checker exited with code 1");
    CHECK(outcome.diagnostics.find("Address family not supported") != std::string::npos);
    outcome = f.run("unshare --user --map-root-user true");
    CHECK(outcome.state == check_outcome::status::failed);
    CHECK(outcome.diagnostics.find("Operation not permitted") != std::string::npos);
    outcome = f.run("mount -t tmpfs none work");
    CHECK(outcome.state == check_outcome::status::failed);
    CHECK(f.work_file().find("M30") != std::string::npos);
}

TEST_CASE("a checker folder holding a symbolic link is refused before anything runs") {
    fixture f;
    fs::create_symlink("/etc/passwd", f.checker / "accounts");
    auto outcome = f.run("cat accounts; echo '{\"results\": {}}'");
    CHECK(outcome.state == check_outcome::status::unavailable);
    CHECK(outcome.message == "the sandbox could not run the checker");
    CHECK(outcome.diagnostics.find("accounts is a symbolic link") != std::string::npos);
    CHECK(f.work_file().find("M30") != std::string::npos);
}

TEST_CASE("a checker's crash, bad exit or nonsense output each say what happened") {
    fixture f;
    auto outcome = f.run("kill -SEGV $$");
    CHECK(outcome.state == check_outcome::status::failed);
    CHECK(outcome.message == "the checker stopped: it crashed (segmentation fault)");
    outcome = f.run("echo 'cannot parse part.nc' >&2; exit 3");
    CHECK(outcome.message == "the checker exited with code 3");
    CHECK(outcome.diagnostics == "cannot parse part.nc\n");
    outcome = f.run("echo 'all good!'");
    CHECK(outcome.state == check_outcome::status::bad_output);
    outcome = f.run("yes");
    CHECK(outcome.state != check_outcome::status::ok);
}
