#pragma once
#include <SQLiteCpp/Statement.h>
#include <memory>
#include <string>
#include <unordered_map>

namespace craftmark::store {

/// Prepared statements kept by their SQL text for the life of a connection. Preparing a
/// statement costs more than running the small inserts of an answer save, and the writer
/// runs the same few thousands of times a second. One thread only.
class statement_cache {
  public:
    explicit statement_cache(SQLite::Database& db) : db_(db) {}

    /// A statement in use: reset, bindings cleared, when it goes out of scope, so it holds no
    /// read lock and is ready for the next use.
    class lease {
      public:
        explicit lease(SQLite::Statement& s) : s_(s) {}
        ~lease() {
            s_.tryReset();
            s_.clearBindings();
        }
        lease(lease const&) = delete;
        lease& operator=(lease const&) = delete;
        SQLite::Statement* operator->() { return &s_; }
        SQLite::Statement& operator*() { return s_; }

      private:
        SQLite::Statement& s_;
    };

    lease operator()(std::string const& sql) {
        auto& s = statements_[sql];
        if (!s) s = std::make_unique<SQLite::Statement>(db_, sql);
        return lease(*s);
    }

  private:
    SQLite::Database& db_;
    std::unordered_map<std::string, std::unique_ptr<SQLite::Statement>> statements_;
};

} // namespace craftmark::store
