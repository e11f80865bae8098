#include "shared/util/files.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <unistd.h>

namespace craftmark::util {

std::optional<std::string> try_read_file(std::filesystem::path const& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

std::string read_file(std::filesystem::path const& path) {
    auto bytes = try_read_file(path);
    if (!bytes) throw std::runtime_error("cannot read " + path.string());
    return *bytes;
}

void write_file_atomically(std::filesystem::path const& path,
                           std::string const& bytes,
                           file_kind kind) {
    auto temporary = path;
    temporary += ".tmp";
    int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
                    kind == file_kind::secret ? 0600 : 0644);
    if (fd < 0)
        throw std::runtime_error("cannot write " + temporary.string() + ": " +
                                 std::strerror(errno));
    std::size_t written = 0;
    while (written < bytes.size()) {
        ssize_t n = ::write(fd, bytes.data() + written, bytes.size() - written);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            int error = errno;
            ::close(fd);
            ::unlink(temporary.c_str());
            throw std::runtime_error("cannot write " + temporary.string() + ": " +
                                     std::strerror(error));
        }
        written += static_cast<std::size_t>(n);
    }
    bool synced = kind == file_kind::regenerable || ::fsync(fd) == 0;
    ::close(fd);
    if (!synced) {
        ::unlink(temporary.c_str());
        throw std::runtime_error("cannot sync " + temporary.string());
    }
    std::filesystem::rename(temporary, path);
}

} // namespace craftmark::util
