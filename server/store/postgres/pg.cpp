#include "server/store/postgres/pg.hpp"

#include <libpq-fe.h>

namespace craftmark::store::pg {
namespace {

[[noreturn]] void fail(PGconn* conn, PGresult* r) {
    std::string state;
    if (char const* s = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr) state = s;
    std::string message = r ? PQresultErrorMessage(r) : PQerrorMessage(conn);
    if (!message.empty() && message.back() == '\n') message.pop_back();
    if (r) PQclear(r);
    throw error("PostgreSQL: " + message, std::move(state));
}

} // namespace

result::result(PGresult* r) : result_(r, PQclear) {}

int result::rows() const {
    return PQntuples(result_.get());
}

bool result::null(int row, int column) const {
    return PQgetisnull(result_.get(), row, column) != 0;
}

std::string result::text(int row, int column) const {
    return {PQgetvalue(result_.get(), row, column),
            static_cast<std::size_t>(PQgetlength(result_.get(), row, column))};
}

std::int64_t result::integer(int row, int column) const {
    return std::stoll(text(row, column));
}

std::int64_t result::affected() const {
    std::string n = PQcmdTuples(result_.get());
    return n.empty() ? 0 : std::stoll(n);
}

void connection::closer::operator()(PGconn* c) const {
    PQfinish(c);
}

connection::connection(std::string const& conninfo) : conn_(PQconnectdb(conninfo.c_str())) {
    if (!conn_) throw error("PostgreSQL: out of memory", "");
    if (PQstatus(conn_.get()) != CONNECTION_OK) fail(conn_.get(), nullptr);
    // Quiet NOTICEs ("relation already exists, skipping") stay out of the programs' output.
    PQsetNoticeProcessor(
        conn_.get(), [](void*, char const*) {}, nullptr);
}

result connection::exec(std::string_view sql, std::vector<param> const& params) {
    std::vector<char const*> values;
    values.reserve(params.size());
    for (auto const& p : params) values.push_back(p.text() ? p.text()->c_str() : nullptr);
    std::string statement(sql);
    PGresult* r = PQexecParams(conn_.get(), statement.c_str(), static_cast<int>(values.size()),
                               nullptr, values.data(), nullptr, nullptr, 0);
    auto status = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) fail(conn_.get(), r);
    return result(r);
}

void connection::run_script(std::string const& sql) {
    PGresult* r = PQexec(conn_.get(), sql.c_str());
    auto status = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) fail(conn_.get(), r);
    PQclear(r);
}

namespace {

/// A field in COPY's text format: backslash, tab, newline and carriage return escaped.
void append_copy_field(std::string& line, std::string_view field) {
    for (;;) {
        auto special = field.find_first_of("\\\t\n\r");
        line.append(field.substr(0, special));
        if (special == std::string_view::npos) return;
        switch (field[special]) {
        case '\\': line += "\\\\"; break;
        case '\t': line += "\\t"; break;
        case '\n': line += "\\n"; break;
        default: line += "\\r";
        }
        field.remove_prefix(special + 1);
    }
}

} // namespace

std::int64_t connection::copy_rows(std::string const& target,
                                   std::vector<std::vector<std::string_view>> const& rows) {
    auto sql = "COPY " + target + " FROM STDIN";
    PGresult* started = PQexec(conn_.get(), sql.c_str());
    if (!started || PQresultStatus(started) != PGRES_COPY_IN) fail(conn_.get(), started);
    PQclear(started);
    constexpr std::size_t chunk_bytes = 1 << 20;
    std::string chunk;
    chunk.reserve(chunk_bytes + (64 << 10));
    auto flush = [&] {
        if (PQputCopyData(conn_.get(), chunk.data(), static_cast<int>(chunk.size())) != 1)
            fail(conn_.get(), nullptr);
        chunk.clear();
    };
    for (auto const& row : rows) {
        for (std::size_t i = 0; i < row.size(); ++i) {
            if (i) chunk += '\t';
            append_copy_field(chunk, row[i]);
        }
        chunk += '\n';
        if (chunk.size() > chunk_bytes) flush();
    }
    if (!chunk.empty()) flush();
    if (PQputCopyEnd(conn_.get(), nullptr) != 1) fail(conn_.get(), nullptr);
    PGresult* done = PQgetResult(conn_.get());
    if (!done || PQresultStatus(done) != PGRES_COMMAND_OK) fail(conn_.get(), done);
    result copied(done);
    while (PGresult* more = PQgetResult(conn_.get())) PQclear(more);
    return copied.affected();
}

transaction::transaction(connection& c, std::string_view begin) : c_(c) {
    c_.exec(begin);
}

transaction::~transaction() {
    if (!open_) return;
    try {
        c_.exec("ROLLBACK");
    } catch (...) {
        // The connection is gone; the server rolled the transaction back itself.
    }
}

void transaction::commit() {
    c_.exec("COMMIT");
    open_ = false;
}

void transaction::rollback() {
    c_.exec("ROLLBACK");
    open_ = false;
}

} // namespace craftmark::store::pg
