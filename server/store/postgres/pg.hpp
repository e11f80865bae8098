#pragma once
// A thin RAII wrapper over libpq for the centre's store: a connection, its results and a
// transaction. Parameters go as text with PQexecParams (never spliced into SQL); errors throw
// pg::error with the server's SQLSTATE. No ORM: each store writes its own SQL.
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

struct pg_conn;
struct pg_result;

namespace craftmark::store::pg {

class error : public std::runtime_error {
  public:
    error(std::string const& message, std::string sqlstate)
        : std::runtime_error(message), sqlstate_(std::move(sqlstate)) {}
    /// Five characters, e.g. "23505" for a unique violation; "" when the connection failed.
    std::string const& sqlstate() const { return sqlstate_; }

  private:
    std::string sqlstate_;
};

/// One parameter: text, a number, or NULL.
class param {
  public:
    param(std::nullopt_t) {}
    param(std::string text) : text_(std::move(text)) {}
    param(std::string_view text) : text_(std::string(text)) {}
    param(char const* text) : text_(std::string(text)) {}
    param(std::int64_t n) : text_(std::to_string(n)) {}
    param(int n) : text_(std::to_string(n)) {}
    std::optional<std::string> const& text() const { return text_; }

  private:
    std::optional<std::string> text_;
};

class result {
  public:
    explicit result(pg_result* r);
    int rows() const;
    bool null(int row, int column) const;
    std::string text(int row, int column) const;
    std::int64_t integer(int row, int column) const;
    /// Rows a command changed ("INSERT 0 5" → 5).
    std::int64_t affected() const;

  private:
    std::shared_ptr<pg_result> result_;
};

class connection {
  public:
    /// `conninfo` as libpq takes it: "host=/run/postgresql dbname=craftmark" or a URI.
    explicit connection(std::string const& conninfo);
    connection(connection&&) noexcept = default;
    connection& operator=(connection&&) noexcept = default;

    result exec(std::string_view sql, std::vector<param> const& params = {});
    /// Several statements without parameters (a migration).
    void run_script(std::string const& sql);
    /// COPY `target` ("table (col, …)") FROM STDIN with `rows`, each a row of text fields:
    /// the fastest way into PostgreSQL. Returns the rows copied.
    std::int64_t copy_rows(std::string const& target,
                           std::vector<std::vector<std::string_view>> const& rows);

  private:
    struct closer {
        void operator()(pg_conn* c) const;
    };
    std::unique_ptr<pg_conn, closer> conn_;
};

/// BEGIN on construction; ROLLBACK unless commit() was called.
class transaction {
  public:
    explicit transaction(connection& c, std::string_view begin = "BEGIN");
    ~transaction();
    transaction(transaction const&) = delete;
    transaction& operator=(transaction const&) = delete;
    void commit();
    void rollback();

  private:
    connection& c_;
    bool open_ = true;
};

} // namespace craftmark::store::pg
