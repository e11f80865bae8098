#include "client/terminal/hand_in.hpp"
#include "shared/crypto/digest.hpp"

#include <doctest/doctest.h>
#include <fstream>
#include <unistd.h>

using namespace craftmark::client;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {
craftmark::protocol::task_sheet task() {
    return {.id = "T1",
            .hand_in = {.files = true, .types = {".nc", ".txt"}, .max_megabytes = 0.001}};
}
} // namespace

TEST_CASE("the hand-in folder shows each file against the server's receipts") {
    auto folder = fs::temp_directory_path() / ("hand-in-test-" + std::to_string(getpid()));
    fs::remove_all(folder);
    fs::create_directories(folder);
    std::ofstream(folder / "a.nc") << "G0 X0";
    std::ofstream(folder / "b.NC") << "G1 X1";
    std::ofstream(folder / "c.txt") << "edited after upload";
    std::ofstream(folder / "photo.jpg") << "jpeg";
    std::ofstream(folder / "big.txt") << std::string(2000, 'x');
    using craftmark::crypto::sha256_hex;
    std::vector<craftmark::protocol::upload_receipt> receipts = {
        {.task = "T1", .name = "a.nc", .sha256 = sha256_hex("G0 X0")},
        {.task = "T1", .name = "c.txt", .sha256 = sha256_hex("first")},
        {.task = "T2", .name = "b.NC", .sha256 = sha256_hex("G1 X1")}};
    auto files = hand_in_files(task(), receipts, folder);
    REQUIRE(files.size() == 5);
    using st = hand_in_file::state;
    CHECK(files[0].name == "a.nc");
    CHECK(files[0].status == st::received);
    CHECK(files[1].name == "b.NC"); // upper-case extension accepted; T2's receipt does not count
    CHECK(files[1].status == st::not_sent);
    CHECK(files[2].name == "big.txt");
    CHECK(files[2].status == st::not_accepted);
    CHECK(files[3].name == "c.txt");
    CHECK(files[3].status == st::changed);
    CHECK(files[4].name == "photo.jpg");
    CHECK(files[4].note == "不接受此类型 type not accepted");
    CHECK(hand_in_files(task(), receipts, folder / "missing").empty());
    CHECK(receipts_of_task(task(), receipts).size() == 2);
    fs::remove_all(folder);
}
