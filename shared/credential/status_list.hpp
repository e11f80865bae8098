#pragma once
// A W3C Bitstring Status List: bit i is byte i/8, mask 0x80 >> (i % 8) (index 0 is the left-most
// bit), published GZIP-compressed. The same bytes serve the openssl path (N.bits.gz + .p7s) and
// the Verifiable Credential path (encodedList = "u" + base64url(gzip)).
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace craftmark::credential {

/// How long a published status list is fresh after it is signed (its VC's validUntil). The
/// issuer re-signs every day, so a list older than this stopped being renewed, or is replayed.
inline constexpr std::int64_t status_list_fresh_seconds = 2 * 24 * 3600;

/// A certificate's one status entry (statusPurpose "message", statusSize 2): 0 valid,
/// 1 suspended, 2 revoked; the entry's statusMessage lists these words, by value.
inline constexpr unsigned status_message_bits = 2;
inline constexpr char const* status_messages[] = {"valid", "suspended", "revoked"};

class status_list {
  public:
    /// 131,072 entries: the specification's minimum, for herd privacy.
    static constexpr std::size_t default_size = 131072;

    explicit status_list(std::size_t size = default_size);
    /// From the raw bitstring (e.g. as stored); size = 8 × bytes.
    static status_list from_bytes(std::string bytes);
    /// From published GZIP bytes; nullopt when corrupt or larger than `max_entries` once inflated.
    static std::optional<status_list> from_gzip(std::string_view gzip,
                                                std::size_t max_entries = 16 * default_size);

    std::size_t size() const { return bits_.size() * 8; }
    bool get(std::size_t index) const;
    void set(std::size_t index, bool value);
    /// Entry `index` of `bits` bits (bits index×bits … , the first the most significant), as the
    /// specification's statusSize lays them out.
    unsigned entry(std::size_t index, unsigned bits) const;
    void set_entry(std::size_t index, unsigned bits, unsigned value);
    std::string const& bytes() const { return bits_; }
    /// Deterministic GZIP (no time stamp) of the bitstring.
    std::string gzip() const;

  private:
    std::string bits_;
};

} // namespace craftmark::credential
