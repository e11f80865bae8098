#pragma once
#include <cstdint>
#include <utility>
#include <vector>

namespace craftmark::core {

/// A small deterministic generator (SplitMix64). Paper draws and option orders must be
/// reproducible from a recorded seed on any build, which the standard distributions do not
/// promise, so the arithmetic is spelled out here.
class seeded_random {
  public:
    explicit seeded_random(std::uint64_t seed) : state_(seed) {}

    std::uint64_t next() {
        std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }

    /// Uniform in [0, bound); bound > 0. The modulo bias is below 2^-40 for any paper size.
    std::uint64_t below(std::uint64_t bound) { return next() % bound; }

    /// Fisher-Yates shuffle.
    template <class T> void shuffle(std::vector<T>& v) {
        for (std::size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[below(i)]);
    }

  private:
    std::uint64_t state_;
};

/// Derives an independent seed for a sub-draw (for example, one item's option order).
inline std::uint64_t derive_seed(std::uint64_t seed, std::uint64_t salt) {
    return seeded_random(seed ^ (salt * 0xd1b54a32d192ed03ULL)).next();
}

} // namespace craftmark::core
