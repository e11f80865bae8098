#include "server/certificates/certificate_batch.hpp"

#include "server/certificates/time_zone.hpp"
#include "server/core/bank/assessment.hpp"
#include "server/store/audit_log.hpp"
#include "shared/credential/canonical_json.hpp"
#include "shared/credential/status_list.hpp"
#include "shared/crypto/digest.hpp"
#include "shared/util/time_text.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <cstdio>
#include <nlohmann/json.hpp>

namespace craftmark::certificates {

namespace {
struct slot {
    long list = 0;
    long index = 0;
    bool new_list = false;
};

} // namespace

/// Hands out status-list slots for one batch: a random free entry in the newest "message" list
/// (two bits an entry), or in a new list once half of it is used (random indexes keep neighbours
/// unrelated; a sparse list keeps herd privacy). Counts are read once per batch, not per
/// certificate.
class certificate_batch::slot_allocator {
  public:
    slot_allocator(SQLite::Database& db, std::string purpose)
        : db_(db), purpose_(std::move(purpose)),
          taken_(db,
                 "SELECT 1 FROM certificates WHERE " + purpose_ + "_list = ? AND " + purpose_ +
                     "_index = ?") {
        SQLite::Statement newest(
            db, "SELECT id FROM status_lists WHERE purpose = ? ORDER BY id DESC LIMIT 1");
        newest.bind(1, purpose_);
        if (!newest.executeStep()) return;
        list_ = newest.getColumn(0).getInt();
        SQLite::Statement used(db,
                               "SELECT COUNT(*) FROM certificates WHERE " + purpose_ + "_list = ?");
        used.bind(1, list_);
        used.executeStep();
        used_ = used.getColumn(0).getInt64();
    }

    slot next() {
        slot s;
        if (list_ == 0 || used_ >= size / 2) {
            credential::status_list empty(credential::status_list::default_size *
                                          credential::status_message_bits);
            SQLite::Statement create(db_, "INSERT INTO status_lists (purpose, bits) VALUES (?, ?)");
            create.bind(1, purpose_);
            create.bind(2, empty.bytes().data(), static_cast<int>(empty.bytes().size()));
            create.exec();
            list_ = static_cast<long>(db_.getLastInsertRowid());
            used_ = 0;
            s.new_list = true;
        }
        s.list = list_;
        do {
            std::string r = crypto::random_bytes(4);
            std::uint32_t value = 0;
            for (char c : r) value = (value << 8) | static_cast<unsigned char>(c);
            s.index = static_cast<long>(value % static_cast<std::uint32_t>(size));
            taken_.reset();
            taken_.bind(1, s.list);
            taken_.bind(2, s.index);
        } while (taken_.executeStep());
        ++used_;
        return s;
    }

  private:
    static constexpr long size = static_cast<long>(credential::status_list::default_size);
    SQLite::Database& db_;
    std::string purpose_;
    SQLite::Statement taken_;
    long list_ = 0;
    std::int64_t used_ = 0;
};

/// Certificate numbers: <prefix><year><6-digit sequence>, continuing the year's sequence.
class certificate_batch::number_sequence {
  public:
    /// Numbered by the year of the local date of issue.
    number_sequence(SQLite::Database& db, std::string const& prefix, std::string const& issued)
        : stem_(prefix + issued.substr(0, 4)) {
        SQLite::Statement q(db, "SELECT COUNT(*) FROM certificates WHERE number LIKE ?");
        q.bind(1, stem_ + "%");
        q.executeStep();
        last_ = q.getColumn(0).getInt64();
    }

    std::string next() {
        char digits[24];
        std::snprintf(digits, sizeof digits, "%06lld", static_cast<long long>(++last_));
        return stem_ + digits;
    }

  private:
    std::string stem_;
    std::int64_t last_ = 0;
};

certificate_batch::certificate_batch(SQLite::Database& db,
                                     issuer_profile const& profile,
                                     util::millis now)
    : db_(db), now_(now), valid_from_(iso8601_in(profile.time_zone, now)),
      status_slots_(std::make_unique<slot_allocator>(db, "message")),
      numbers_(std::make_unique<number_sequence>(db, profile.number_prefix, valid_from_)) {}

certificate_batch::~certificate_batch() = default;

std::string certificate_batch::record(credential::certificate_facts& f,
                                      std::string const& sitting_id,
                                      std::string const& ticket,
                                      std::string const& kind,
                                      std::string const& kid,
                                      std::string const& actor) {
    auto slot = status_slots_->next();
    if (slot.new_list) new_lists_.insert(slot.list);
    f.id = credential::new_certificate_id();
    f.number = numbers_->next();
    f.valid_from = valid_from_;
    f.status = {{.purpose = "message",
                 .list = slot.list,
                 .index = slot.index,
                 .size = credential::status_message_bits}};
    std::string document = credential::canonical_json(credential::open_badge_credential(f));
    SQLite::Statement insert(
        db_, "INSERT INTO certificates (id, number, sitting_id, ticket, kind, issued_at, kid, "
             "document, message_list, message_index) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    insert.bind(1, f.id);
    insert.bind(2, f.number);
    insert.bind(3, sitting_id);
    insert.bind(4, ticket);
    insert.bind(5, kind);
    insert.bind(6, static_cast<std::int64_t>(now_));
    insert.bind(7, kid);
    insert.bind(8, document);
    insert.bind(9, slot.list);
    insert.bind(10, slot.index);
    insert.exec();
    store::append_audit(
        db_,
        {actor,
         "certificate.issue",
         f.id,
         {{"sitting", sitting_id}, {"ticket", ticket}, {"number", f.number}, {"kind", kind}}},
        now_);
    return document;
}

core::assessment certified_assessment(SQLite::Database& db, std::string const& sitting_id) {
    SQLite::Statement q(db, "SELECT a.document FROM sittings s JOIN assessments a "
                            "ON a.id = s.assessment_id WHERE s.id = ?");
    q.bind(1, sitting_id);
    if (!q.executeStep()) throw std::invalid_argument("no sitting \"" + sitting_id + "\"");
    auto a = core::assessment_from_json(nlohmann::json::parse(q.getColumn(0).getString()));
    if (a.occupation_code.empty() || a.level.empty())
        throw std::invalid_argument("assessment \"" + a.id +
                                    "\" names no occupation code and level, "
                                    "which a certificate must carry");
    return a;
}

credential::certificate_facts
facts_of(issuer_profile const& profile, core::assessment const& a, std::string const& holder) {
    credential::certificate_facts f;
    f.base_url = profile.base_url;
    f.issuer_id = profile.issuer_id;
    f.issuer_name = profile.name;
    f.occupation_code = a.occupation_code;
    f.occupation_name = a.occupation_name;
    f.level = a.level;
    f.holder_name = holder;
    return f;
}

} // namespace craftmark::certificates
