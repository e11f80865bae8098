#pragma once
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <utility>
#include <vector>

namespace craftmark::store {

/// An answer's key: (attempt, seq).
using answer_key = std::pair<std::int64_t, std::int64_t>;

/// What answer_log holds and answers_kept does not yet: each attempt's (seq, rowid) in the
/// order they were logged, which is rowid order, and the attempts in order, which is the order
/// a fold moves them in. Kept per attempt: one ordered map of the cycle's 32,768 keys, walked
/// twice for every save, cost a save as much as its SQLite insert.
class logged_answers {
  public:
    struct row {
        std::int64_t seq;
        std::int64_t rowid;
    };
    struct attempt_rows {
        std::vector<row> rows;
        std::int64_t highest_seq = 0; // of every row added: a save above it is new
    };
    using by_attempt = std::map<std::int64_t, attempt_rows>;

    /// The rowid of `k`, if the log holds it.
    std::optional<std::int64_t> rowid_of(answer_key k) const {
        auto a = attempts_.find(k.first);
        if (a == attempts_.end() || k.second > a->second.highest_seq) return std::nullopt;
        for (auto const& r : a->second.rows)
            if (r.seq == k.second) return r.rowid;
        return std::nullopt;
    }

    /// A row just logged: its rowid is above every row held.
    void add(answer_key k, std::int64_t rowid) {
        auto& a = attempts_[k.first];
        a.rows.push_back({k.second, rowid});
        a.highest_seq = std::max(a.highest_seq, k.second);
        ++size_;
    }

    /// Forgets the rows a fold moved: each attempt's first rows, as many as it moved.
    void forget(std::vector<answer_key> const& moved) {
        for (std::size_t i = 0; i < moved.size();) {
            auto attempt = moved[i].first;
            std::size_t n = 0;
            for (; i < moved.size() && moved[i].first == attempt; ++i) ++n;
            auto a = attempts_.find(attempt);
            if (a == attempts_.end()) continue;
            n = std::min(n, a->second.rows.size());
            a->second.rows.erase(a->second.rows.begin(), a->second.rows.begin() + n);
            size_ -= n;
            if (a->second.rows.empty()) attempts_.erase(a);
        }
    }

    void clear() {
        attempts_.clear();
        size_ = 0;
    }
    std::size_t size() const { return size_; }
    /// The attempts after `attempt`, in order.
    by_attempt::const_iterator after(std::int64_t attempt) const {
        return attempts_.upper_bound(attempt);
    }
    by_attempt::const_iterator end() const { return attempts_.end(); }

  private:
    by_attempt attempts_;
    std::size_t size_ = 0;
};

} // namespace craftmark::store
