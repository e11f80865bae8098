#include "server/app/server.hpp"

#include "server/api/dispatcher.hpp"
#include "server/app/scoreboards.hpp"
#include "server/certificates/certificate_office.hpp"
#include "server/certificates/issuer.hpp"
#include "server/checks/sandboxed_runner.hpp"
#include "server/net/listener.hpp"
#include "server/net/metrics_listener.hpp"
#include "server/net/tls.hpp"
#include "server/observe/metrics.hpp"
#include "server/store/census.hpp"
#include "server/store/centre_office.hpp"
#include "server/store/change_worker.hpp"
#include "server/store/database.hpp"
#include "server/store/sitting_office.hpp"
#include "server/store/sqlite_store.hpp"
#include "shared/crypto/dev_pki.hpp"

#include <SQLiteCpp/Database.h>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <condition_variable>
#include <optional>
#include <sstream>
#include <thread>

namespace craftmark::app {

namespace asio = boost::asio;
namespace net = craftmark::server::net;
using util::logger;

namespace {
constexpr auto tick_interval = std::chrono::milliseconds(250);
constexpr auto alive_interval = std::chrono::seconds(2);
constexpr auto status_check_interval = std::chrono::hours(1);
constexpr auto board_interval = std::chrono::seconds(1);

// Repeats `action` every `interval` on the io_context until the timer is cancelled.
void repeat(asio::steady_timer& timer,
            std::chrono::milliseconds interval,
            std::function<void()> action) {
    timer.expires_after(interval);
    timer.async_wait([&timer, interval, action = std::move(action)](boost::system::error_code ec) {
        if (ec) return;
        action();
        repeat(timer, interval, action);
    });
}
/// Status lists carry their signing time; verifiers trust a recent one. Lists not re-signed for a
/// day (no revocation happened) are re-signed here, so a quiet week still yields fresh lists.
void resign_stale_status_lists(std::filesystem::path const& data_dir,
                               util::clock const& clock,
                               logger& log) {
    try {
        auto db = store::open_database(data_dir / "craftmark.db");
        certificates::issuer issuer(*db, data_dir, clock);
        if (!issuer.keys().initialised()) return;
        if (auto count = issuer.publish_status_lists(certificates::status_list_max_age))
            log.info("re-signed " + std::to_string(count) + " certificate status list(s)");
    } catch (std::exception const& e) {
        log.error(std::string("cannot re-sign certificate status lists: ") + e.what());
    }
}

/// The names a development TLS certificate is made for: the listen address and, when the
/// certificate PKI exists, the portal's public host, so that the addresses printed in
/// certificates (status lists, keys) answer from this server where DNS points that name here.
std::vector<std::string> development_tls_names(std::filesystem::path const& data_dir,
                                               util::clock const& clock,
                                               std::string const& listen_host) {
    std::vector<std::string> names{listen_host};
    auto db = store::open_database(data_dir / "craftmark.db");
    auto profile = certificates::pki(*db, data_dir, clock).profile();
    if (profile && profile->base_url.starts_with("https://")) {
        auto host = profile->base_url.substr(8);
        names.push_back(host.substr(0, host.find_first_of(":/")));
    }
    return names;
}

std::pair<std::string, std::uint16_t> split_host_port(std::string const& text) {
    auto colon = text.rfind(':');
    if (colon == std::string::npos)
        throw std::runtime_error("metrics-listen must be HOST:PORT, for example 127.0.0.1:9464");
    return {text.substr(0, colon), static_cast<std::uint16_t>(std::stoi(text.substr(colon + 1)))};
}

/// One scrape: what the server counted as it went, the writer's queue, and the counts the
/// database holds (read on a connection of its own, never the writer's).
std::string metrics_page(observe::server_metrics const& metrics,
                         store::writer& writer,
                         net::session_registry& registry,
                         std::filesystem::path const& db_file) {
    observe::exposition out;
    observe::write_server_metrics(out, metrics);
    out.describe("craftmark_writer_queue_depth", "gauge", "writes waiting for the writer thread");
    out.sample("craftmark_writer_queue_depth", static_cast<double>(writer.queue_depth()));
    out.describe("craftmark_sessions", "gauge", "live sessions, WebSocket and HTTP");
    out.sample("craftmark_sessions", static_cast<double>(registry.live_sessions()));
    auto census = store::take_census(*store::open_reader(db_file));
    out.describe("craftmark_attempts", "gauge", "attempts by state");
    for (auto const& [state, count] : census.attempts_by_state)
        out.sample("craftmark_attempts", static_cast<double>(count),
                   observe::exposition::label("state", state));
    out.describe("craftmark_certificates", "gauge", "certificates issued, by status");
    for (auto const& [status, count] : census.certificates_by_status)
        out.sample("craftmark_certificates", static_cast<double>(count),
                   observe::exposition::label("status", status));
    out.describe("craftmark_uploads", "gauge", "handed-in files stored whole");
    out.sample("craftmark_uploads", static_cast<double>(census.uploads_complete));
    out.describe("craftmark_upload_bytes", "gauge", "bytes of handed-in files stored");
    out.sample("craftmark_upload_bytes", static_cast<double>(census.upload_bytes));
    return out.text();
}

} // namespace

struct server::impl {
    server_settings settings;
    util::clock const& clock;
    logger log;
    crypto::tls_files tls_files;
    std::optional<store::writer> writer;
    std::optional<store::sqlite_store> store;
    net::session_registry registry;
    std::optional<api::rooms> rooms;
    std::optional<api::dispatcher> dispatcher;
    std::optional<core::marking_service> marking;
    // The console's changes, one at a time; the offices that send it work are declared first
    // so that it finishes their jobs before they go.
    std::optional<store::sitting_office> sitting_office;
    std::optional<certificates::certificate_office> certificate_office;
    std::optional<store::centre_office> centre_office;
    std::optional<store::change_worker> changes;
    std::optional<scoreboards> boards;
    std::optional<web::portal> portal;
    asio::io_context ioc;
    std::optional<net::tls_contexts> tls;
    std::filesystem::path configured_certificate; // before a development PKI fills it in
    std::shared_ptr<net::listener_handle> listener;
    std::optional<net::adjustable_limits> limits; // what a reload changes without a restart
    observe::server_metrics metrics;
    std::shared_ptr<net::listener_handle> metrics_listener;
    asio::steady_timer tick_timer{ioc};
    asio::steady_timer alive_timer{ioc};
    asio::steady_timer status_timer{ioc};
    asio::steady_timer board_timer{ioc};
    std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work;
    std::vector<std::thread> threads;
    std::mutex mutex;
    std::condition_variable stopped_cv;
    bool stopped = false;

    impl(server_settings s, util::clock const& c)
        : settings(std::move(s)), clock(c),
          log(settings.log_file.empty() ? settings.data_dir / "craftmark-server.log"
                                        : settings.log_file,
              settings.log_to_stderr),
          configured_certificate(settings.certificate) {}
};

server::server(server_settings settings, util::clock const& clock) {
    std::filesystem::create_directories(settings.data_dir);
    impl_ = std::make_unique<impl>(std::move(settings), clock);
}

server::~server() {
    stop();
}

void server::start() {
    auto& m = *impl_;
    auto db_file = m.settings.data_dir / "craftmark.db";
    m.writer.emplace(db_file);
    m.writer->observe_commits([&metrics = m.metrics](std::size_t jobs, double seconds) {
        metrics.writer_jobs.add(jobs);
        metrics.commit_batch_jobs.observe(static_cast<double>(jobs));
        metrics.commit_seconds.observe(seconds);
    });
    m.store.emplace(db_file, *m.writer, m.clock);
    m.rooms.emplace(*m.store, *m.store, *m.store, *m.store, m.clock, m.registry,
                    m.settings.staff_idle);
    m.dispatcher.emplace(*m.rooms);
    m.marking.emplace(*m.store, *m.store, *m.store, *m.store, m.clock,
                      checks::sandboxed_runner(m.settings.data_dir / "checkers",
                                               checks::find_sandbox(m.settings.sandbox_program)),
                      m.settings.data_dir / "checking");
    m.rooms->set_marking(&*m.marking);
    m.boards.emplace(db_file, m.registry, m.log);
    m.rooms->boards.set_source(&*m.boards);
    m.rooms->statistics.set_source(&*m.store);
    m.changes.emplace(db_file, m.clock);
    m.rooms->reveals.set_changes(&*m.changes);
    m.rooms->events.set_changes(&*m.changes);
    m.rooms->banks.set_changes(&*m.changes);
    m.rooms->statistics.set_aside(&*m.changes);
    m.sitting_office.emplace(*m.changes);
    m.rooms->sittings.set_changes(&*m.sitting_office);
    m.certificate_office.emplace(*m.changes, m.settings.data_dir, m.clock);
    m.rooms->certificates.set_changes(&*m.certificate_office);
    m.rooms->events.set_signing(&*m.certificate_office);
    m.centre_office.emplace(*m.changes);
    m.rooms->centre.set_records(&*m.centre_office);
    if (auto last = m.store->last_alive(); last > 0) {
        m.rooms->attempts.recover(last);
        m.log.info("recovered: downtime since the last heartbeat credited to running attempts");
    }
    m.store->record_alive([](core::write_status) {});

    if (m.settings.certificate.empty()) {
        m.tls_files = crypto::ensure_dev_pki(
            m.settings.data_dir / "pki",
            development_tls_names(m.settings.data_dir, m.clock, m.settings.host));
        m.settings.certificate = m.tls_files.server_certificate;
        m.settings.private_key = m.tls_files.server_key;
    }
    m.tls.emplace(m.settings.certificate, m.settings.private_key);
    m.portal.emplace(m.settings.data_dir / "public", m.clock, m.settings.portal_rate);
    m.limits.emplace(m.settings.limits);
    net::session_deps deps{
        *m.dispatcher, m.rooms->sign_in, m.rooms->staff_sessions, m.registry, m.log,
        m.clock,       *m.portal,        m.settings.limits,       *m.limits,  m.metrics};
    asio::ip::tcp::endpoint endpoint(asio::ip::make_address(m.settings.host), m.settings.port);
    m.listener = net::start_listener(m.ioc, *m.tls, endpoint, deps);
    m.log.info("listening on https://" + m.settings.host + ":" + std::to_string(port()) +
               " (WebSocket at /ws)");
    if (!m.settings.metrics_listen.empty()) {
        auto [host, metrics_port] = split_host_port(m.settings.metrics_listen);
        m.metrics_listener = net::start_metrics_listener(
            m.ioc, {asio::ip::make_address(host), metrics_port},
            [&m, db_file] { return metrics_page(m.metrics, *m.writer, m.registry, db_file); });
        m.log.info("metrics on http://" + host + ":" + std::to_string(m.metrics_listener->port()) +
                   "/metrics");
    }

    repeat(m.tick_timer, tick_interval, [&m] { m.rooms->attempts.tick(); });
    repeat(m.alive_timer, alive_interval,
           [&m] { m.store->record_alive([](core::write_status) {}); });
    repeat(m.board_timer, board_interval, [&m] { m.boards->refresh(); });
    resign_stale_status_lists(m.settings.data_dir, m.clock, m.log);
    repeat(m.status_timer, status_check_interval,
           [&m] { resign_stale_status_lists(m.settings.data_dir, m.clock, m.log); });
    m.work.emplace(m.ioc.get_executor());
    for (unsigned i = 0; i < std::max(1u, m.settings.threads); ++i)
        m.threads.emplace_back([&m] { m.ioc.run(); });
}

void server::stop() {
    auto& m = *impl_;
    {
        std::lock_guard lock(m.mutex);
        if (m.stopped || m.threads.empty()) {
            m.stopped = true;
            m.stopped_cv.notify_all();
            return;
        }
    }
    m.log.info("stopping: closing sessions and finishing queued writes");
    if (m.listener) m.listener->stop();
    if (m.metrics_listener) m.metrics_listener->stop();
    asio::post(m.ioc, [&m] {
        m.tick_timer.cancel();
        m.alive_timer.cancel();
        m.status_timer.cancel();
        m.board_timer.cancel();
    });
    m.registry.close_all();
    m.work.reset();
    // Give sessions a moment to send their close frames, then stop the loop.
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
    while (m.registry.live_sessions() > 0 && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    m.ioc.stop();
    for (auto& t : m.threads) t.join();
    m.threads.clear();
    m.rooms->set_marking(nullptr);
    m.rooms->boards.set_source(nullptr);
    m.marking.reset(); // lets a running check finish; its marks still reach the writer
    m.rooms->reveals.set_changes(nullptr);
    m.rooms->events.set_changes(nullptr);
    m.rooms->events.set_signing(nullptr);
    m.rooms->banks.set_changes(nullptr);
    m.rooms->statistics.set_aside(nullptr);
    m.rooms->sittings.set_changes(nullptr);
    m.rooms->certificates.set_changes(nullptr);
    m.rooms->centre.set_records(nullptr);
    m.changes.reset(); // finishes a reveal under way
    m.writer->stop();
    m.log.info("stopped");
    std::lock_guard lock(m.mutex);
    m.stopped = true;
    m.stopped_cv.notify_all();
}

void server::wait() {
    std::unique_lock lock(impl_->mutex);
    impl_->stopped_cv.wait(lock, [this] { return impl_->stopped; });
}

std::string server::reload(server_settings const& fresh) {
    auto& m = *impl_;
    m.log.reopen();
    std::vector<std::string> for_restart;
    auto differs = [&](char const* name, bool changed) {
        if (changed) for_restart.emplace_back(name);
    };
    auto const& now = m.settings;
    differs("data", fresh.data_dir != now.data_dir);
    differs("listen", fresh.host != now.host || fresh.port != now.port);
    differs("threads", fresh.threads != now.threads);
    differs("log-file", fresh.log_file != now.log_file);
    differs("metrics-listen", fresh.metrics_listen != now.metrics_listen);
    differs("portal-rate", fresh.portal_rate.per_second != now.portal_rate.per_second);
    differs("idle-timeout", fresh.limits.idle_timeout != now.limits.idle_timeout);
    // Without --cert the development certificate is the one to read again.
    bool own_certificate = !fresh.certificate.empty();
    differs("cert", own_certificate != !m.configured_certificate.empty());
    if (own_certificate && !m.configured_certificate.empty()) {
        m.tls->reload(fresh.certificate, fresh.private_key);
        m.settings.certificate = m.configured_certificate = fresh.certificate;
        m.settings.private_key = fresh.private_key;
    } else {
        m.tls->reload(m.settings.certificate, m.settings.private_key);
    }
    // The connection limit and the message rate hold for connections already open as well.
    m.settings.limits.max_connections = fresh.limits.max_connections;
    m.settings.limits.messages_per_second = fresh.limits.messages_per_second;
    m.settings.limits.message_burst = fresh.limits.message_burst;
    m.limits->set(m.settings.limits);
    if (m.listener) m.listener->limits_changed();
    std::ostringstream rate;
    rate << m.settings.limits.messages_per_second;
    std::string summary = "reloaded: log reopened, TLS certificate " +
                          m.settings.certificate.string() +
                          " loaded for new connections, max-connections " +
                          std::to_string(m.settings.limits.max_connections) + " and message-rate " +
                          rate.str() + " in force";
    if (!for_restart.empty()) {
        summary += "; changed, and used only after a restart:";
        for (auto const& name : for_restart) summary += " " + name;
    }
    m.log.info(summary);
    return summary;
}

std::uint16_t server::port() const {
    return impl_->listener ? impl_->listener->port() : 0;
}

std::uint16_t server::metrics_port() const {
    return impl_->metrics_listener ? impl_->metrics_listener->port() : 0;
}

std::filesystem::path server::ca_certificate() const {
    return impl_->tls_files.ca_certificate;
}

core::marking_service& server::marking() {
    return *impl_->marking;
}

store::writer& server::writer() {
    return *impl_->writer;
}

} // namespace craftmark::app
