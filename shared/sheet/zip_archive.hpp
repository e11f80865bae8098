#pragma once
// A zip archive from anyone (a workbook, a QTI content package), read with libzip through caps:
// an entry is inflated in chunks and abandoned at its cap, so an entry that claims 1 KB and
// inflates to 1 GB costs at most the cap, whatever the central directory says.
#include <memory>
#include <string>
#include <string_view>
#include <vector>

struct zip;

namespace craftmark::sheet {

struct zip_limits {
    std::size_t entry_bytes = 64u << 20;  // one entry, uncompressed
    std::size_t total_bytes = 256u << 20; // all entries read
    std::size_t entries = 20'000;         // the central directory's length
};

class zip_archive {
  public:
    /// Opens the archive held in `bytes` (which must outlive it). `what` names the kind of file
    /// in messages ("an .xlsx workbook"). Throws std::invalid_argument: "not <what> (<why>)".
    zip_archive(std::string_view bytes, zip_limits const& limits, std::string what);
    ~zip_archive();
    zip_archive(zip_archive const&) = delete;
    zip_archive& operator=(zip_archive const&) = delete;

    /// Whether the archive holds `name` (compared without case, as Windows tools write them).
    bool has(std::string const& name) const;
    /// The entry's bytes. Throws std::invalid_argument naming the entry when it is missing,
    /// damaged or over a cap.
    std::string read(std::string const& name);
    /// Every entry's name, folders included, in the central directory's order.
    std::vector<std::string> names() const;

  private:
    zip_limits limits_;
    std::string what_;
    std::size_t read_ = 0;
    std::unique_ptr<::zip, int (*)(::zip*)> archive_;
};

} // namespace craftmark::sheet
