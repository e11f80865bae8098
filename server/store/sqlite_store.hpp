#pragma once
#include "server/core/bank/statistics_desk.hpp"
#include "server/core/exam/ports.hpp"
#include "server/core/marking/marking_service.hpp"
#include "server/core/proctoring/room_repository.hpp"
#include "server/store/answer_log.hpp"
#include "server/store/writer.hpp"

#include <filesystem>
#include <memory>
#include <mutex>

namespace craftmark::store {

/// The SQLite implementation of the core's repositories: reads on a reader connection of its
/// own (guarded by a mutex, since a SQLite connection is not to be shared between threads),
/// writes through the group-commit writer, each with its audit entry in the same transaction.
/// Every incident of a sitting, oldest first (also used by the CLI's export).
std::vector<core::incident_record> read_incidents(SQLite::Database& db,
                                                  std::string const& sitting_id);

class sqlite_store final : public core::sitting_repository,
                           public core::attempt_repository,
                           public core::room_repository,
                           public core::upload_repository,
                           public core::marking_repository,
                           public core::scored_papers_source {
  public:
    sqlite_store(std::filesystem::path const& file, writer& w, util::clock const& clock);
    ~sqlite_store() override;

    std::optional<core::sitting_record> find_sitting(std::string const& id) override;
    std::vector<core::sitting_record> all_sittings() override;
    core::scored_sitting scored_papers(std::string const& sitting_id) override;
    std::optional<core::candidate_record> find_candidate(std::string const& ticket) override;
    std::optional<core::assessment> find_assessment(std::string const& id) override;
    core::item_pool items_for(core::assessment const& a) override;
    std::optional<core::staff_record> find_staff(std::string const& username) override;
    std::optional<core::figure> find_figure(std::string const& bank_id,
                                            std::string const& item_id,
                                            std::string const& name) override;

    std::optional<core::attempt_record> find_attempt(std::string const& ticket) override;
    std::optional<core::attempt_record> find_by_token(std::string const& token_hash) override;
    std::vector<core::attempt_record> open_attempts() override;
    std::vector<core::attempt_record> attempts_of(std::string const& sitting_id) override;
    std::vector<core::answer_record> answers(std::int64_t attempt_id) override;
    std::vector<std::string> flags(std::int64_t attempt_id) override;

    void update_attempt(core::attempt_record const& a,
                        core::audit_event e,
                        core::write_done done) override;
    void save_answer(core::answer_record const& a, core::write_done done) override;
    void set_flag(std::int64_t attempt_id,
                  std::string const& item_id,
                  bool flagged,
                  core::audit_event e,
                  core::write_done done) override;
    void set_checkin(core::candidate_record const& c,
                     core::audit_event e,
                     core::write_done done) override;
    void set_seat(std::string const& ticket,
                  std::string const& seat,
                  core::audit_event e,
                  core::write_done done) override;
    void record(core::audit_event e, core::write_done done) override;
    void open_incident(core::incident_record const& i,
                       core::audit_event e,
                       std::function<void(std::int64_t)> done) override;
    void close_incident(std::int64_t id,
                        std::string const& by,
                        std::string const& resolution,
                        util::millis at,
                        core::audit_event e,
                        core::write_done done) override;
    std::vector<core::incident_record> incidents(std::string const& sitting_id) override;
    bool has_photo(std::string const& national_id) override;
    std::optional<core::photo_record> photo(std::string const& national_id) override;

    // Uploads (sqlite_uploads.cpp). The bytes live in <data>/uploads/<id>, named by number so
    // that no name a candidate chose ever reaches the file system.
    std::vector<core::upload_record> uploads(std::int64_t attempt_id) override;
    void begin_upload(core::upload_record const& u,
                      core::audit_event e,
                      std::function<void(std::int64_t)> done) override;
    bool append_upload(core::upload_record const& u, std::string_view bytes) override;
    std::string upload_digest(core::upload_record const& u) override;
    void complete_upload(core::upload_record const& u,
                         core::audit_event e,
                         core::write_done done) override;
    void discard_upload_bytes(core::upload_record const& u) override;
    std::filesystem::path upload_path(core::upload_record const& u) const override {
        return upload_file(u.id);
    }
    std::filesystem::path upload_file(std::int64_t upload_id) const;

    // Marking (sqlite_marking.cpp).
    std::optional<core::marking_scheme> find_scheme(std::string const& id) override;
    std::vector<core::work_record> works(std::string const& sitting_id) override;
    void add_works(std::vector<core::work_record> const& works, core::write_done done) override;
    std::vector<core::mark_record> marks(std::int64_t work_id) override;
    void put_mark(core::mark_record const& m, core::audit_event e, core::write_done done) override;
    void set_checker(std::int64_t work_id,
                     nlohmann::json const& outcome,
                     core::write_done done) override;
    void lock_work(core::work_record const& w, core::audit_event e, core::write_done done) override;

    /// When the server was last known to be running (0 if never); see record_alive.
    util::millis last_alive();
    /// Records that the server is running now, so that a crash's outage can be credited back.
    void record_alive(core::write_done done);

  private:
    void update_candidate(char const* sql,
                          std::string const& value,
                          std::string const& ticket,
                          core::audit_event e,
                          core::write_done done);
    std::vector<core::attempt_record> query_attempts(std::string const& where,
                                                     std::string const& value);
    std::filesystem::path uploads_dir_;
    std::unique_ptr<SQLite::Database> reader_;
    std::mutex reader_mutex_;
    writer& writer_;
    answer_log answer_log_;
    util::clock const& clock_;
};

} // namespace craftmark::store
