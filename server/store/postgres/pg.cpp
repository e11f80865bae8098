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
