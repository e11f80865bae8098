#include "shared/sheet/zip_archive.hpp"

#include <stdexcept>
#include <zip.h>

namespace craftmark::sheet {
namespace {

[[noreturn]] void refuse(std::string const& why) {
    throw std::invalid_argument(why);
}

std::string mib(std::size_t bytes) {
    return std::to_string(bytes >> 20) + " MiB";
}

// Discarded, not closed: the archive was opened read-only from memory, so there is nothing to
// write back.
int discard(zip_t* archive) {
    zip_discard(archive);
    return 0;
}

} // namespace

zip_archive::zip_archive(std::string_view bytes, zip_limits const& limits, std::string what)
    : limits_(limits), what_(std::move(what)), archive_(nullptr, &discard) {
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
    zip_t* opened =
        source ? zip_open_from_source(source, ZIP_RDONLY | ZIP_CHECKCONS, &error) : nullptr;
    if (!opened) {
        std::string why = zip_error_strerror(&error);
        if (source) zip_source_free(source);
        zip_error_fini(&error);
        refuse("not " + what_ + " (" + why + ")");
    }
    zip_error_fini(&error);
    archive_.reset(opened);
    if (static_cast<std::size_t>(zip_get_num_entries(opened, 0)) > limits_.entries)
        refuse("not " + what_ + " (more than " + std::to_string(limits_.entries) + " entries)");
}

zip_archive::~zip_archive() = default;

bool zip_archive::has(std::string const& name) const {
    return zip_name_locate(archive_.get(), name.c_str(), ZIP_FL_NOCASE) >= 0;
}

std::string zip_archive::read(std::string const& name) {
    auto index = zip_name_locate(archive_.get(), name.c_str(), ZIP_FL_NOCASE);
    if (index < 0) refuse("not " + what_ + " (no " + name + ")");
    std::unique_ptr<zip_file_t, decltype(&zip_fclose)> file(
        zip_fopen_index(archive_.get(), static_cast<zip_uint64_t>(index), 0), &zip_fclose);
    if (!file) refuse(name + " cannot be read: " + zip_strerror(archive_.get()));
    std::string bytes;
    char chunk[65536];
    for (;;) {
        auto n = zip_fread(file.get(), chunk, sizeof chunk);
        if (n < 0) refuse(name + " is damaged: " + zip_file_strerror(file.get()));
        if (n == 0) break;
        bytes.append(chunk, static_cast<std::size_t>(n));
        read_ += static_cast<std::size_t>(n);
        if (bytes.size() > limits_.entry_bytes)
            refuse(name + " is larger than " + mib(limits_.entry_bytes) + " uncompressed");
        if (read_ > limits_.total_bytes)
            refuse(name + ": the files read add up to more than " + mib(limits_.total_bytes) +
                   " uncompressed");
    }
    return bytes;
}

std::vector<std::string> zip_archive::names() const {
    std::vector<std::string> out;
    auto count = zip_get_num_entries(archive_.get(), 0);
    for (zip_int64_t i = 0; i < count; ++i)
        if (auto const* name = zip_get_name(archive_.get(), static_cast<zip_uint64_t>(i), 0))
            out.emplace_back(name);
    return out;
}

} // namespace craftmark::sheet
