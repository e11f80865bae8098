#include "shared/credential/status_list.hpp"

#include <stdexcept>
#include <zlib.h>

namespace craftmark::credential {
namespace {

constexpr int gzip_window = 15 + 16; // zlib's way to ask for a gzip wrapper

} // namespace

status_list::status_list(std::size_t size) : bits_((size + 7) / 8, '\0') {}

status_list status_list::from_bytes(std::string bytes) {
    status_list list(0);
    list.bits_ = std::move(bytes);
    return list;
}

bool status_list::get(std::size_t index) const {
    if (index >= size()) throw std::out_of_range("status list index");
    return (static_cast<unsigned char>(bits_[index / 8]) >> (7 - index % 8)) & 1;
}

void status_list::set(std::size_t index, bool value) {
    if (index >= size()) throw std::out_of_range("status list index");
    auto mask = static_cast<unsigned char>(0x80u >> (index % 8));
    auto& byte = reinterpret_cast<unsigned char&>(bits_[index / 8]);
    byte = value ? (byte | mask) : (byte & ~mask);
}

unsigned status_list::entry(std::size_t index, unsigned bits) const {
    unsigned value = 0;
    for (unsigned b = 0; b < bits; ++b) value = (value << 1) | get(index * bits + b);
    return value;
}

void status_list::set_entry(std::size_t index, unsigned bits, unsigned value) {
    if (bits < 32 && value >> bits) throw std::out_of_range("status value wider than its entry");
    for (unsigned b = 0; b < bits; ++b) set(index * bits + b, (value >> (bits - 1 - b)) & 1);
}

std::string status_list::gzip() const {
    z_stream z{};
    if (deflateInit2(&z, Z_BEST_COMPRESSION, Z_DEFLATED, gzip_window, 9, Z_DEFAULT_STRATEGY) !=
        Z_OK)
        throw std::runtime_error("deflateInit2 failed");
    std::string out(deflateBound(&z, static_cast<uLong>(bits_.size())), '\0');
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bits_.data()));
    z.avail_in = static_cast<uInt>(bits_.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    int status = deflate(&z, Z_FINISH);
    out.resize(z.total_out);
    deflateEnd(&z);
    if (status != Z_STREAM_END) throw std::runtime_error("deflate failed");
    return out;
}

std::optional<status_list> status_list::from_gzip(std::string_view gzip, std::size_t max_entries) {
    z_stream z{};
    if (inflateInit2(&z, gzip_window) != Z_OK) return std::nullopt;
    std::string out;
    char chunk[16384];
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(gzip.data()));
    z.avail_in = static_cast<uInt>(gzip.size());
    int status = Z_OK;
    while (status == Z_OK) {
        z.next_out = reinterpret_cast<Bytef*>(chunk);
        z.avail_out = sizeof chunk;
        status = inflate(&z, Z_NO_FLUSH);
        out.append(chunk, sizeof chunk - z.avail_out);
        if (out.size() * 8 > max_entries) status = Z_MEM_ERROR; // a decompression bomb
        if (status == Z_OK && z.avail_in == 0 && z.avail_out != 0) status = Z_DATA_ERROR;
    }
    inflateEnd(&z);
    if (status != Z_STREAM_END || out.empty()) return std::nullopt;
    return from_bytes(std::move(out));
}

} // namespace craftmark::credential
