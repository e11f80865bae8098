#include "server/web/published_cache.hpp"

#include "shared/crypto/cms.hpp"
#include "shared/util/files.hpp"

namespace craftmark::web {
namespace {

namespace fs = std::filesystem;

fs::file_time_type modified(fs::path const& path) {
    std::error_code ec;
    auto t = fs::last_write_time(path, ec);
    return ec ? fs::file_time_type{} : t;
}

} // namespace

published_cache::published_cache(fs::path public_dir) : public_dir_(std::move(public_dir)) {}

std::shared_ptr<crypto::cms_verifier> published_cache::verifier() {
    auto path = public_dir_ / "pki" / "trust.pem";
    auto time = modified(path);
    std::lock_guard lock(mutex_);
    if (verifier_ && time == trust_time_) return verifier_;
    auto pem = util::try_read_file(path);
    if (!pem) return nullptr;
    verifier_ = std::make_shared<crypto::cms_verifier>(crypto::trust_store(*pem, true));
    trust_time_ = time;
    return verifier_;
}

std::shared_ptr<credential::status_list const>
published_cache::list(long number,
                      std::shared_ptr<crypto::cms_verifier const> const& checked_with) {
    auto name = std::to_string(number) + ".bits.gz";
    auto bits_path = public_dir_ / "status" / name;
    auto signature_path = public_dir_ / "status" / (name + ".p7s");
    auto bits_time = modified(bits_path);
    auto signature_time = modified(signature_path);
    {
        std::lock_guard lock(mutex_);
        auto it = lists_.find(number);
        if (it != lists_.end() && it->second.bits_time == bits_time &&
            it->second.signature_time == signature_time && it->second.checked_with == checked_with)
            return it->second.list;
    }
    std::shared_ptr<credential::status_list const> list;
    if (auto read =
            credential::read_status_list(public_dir_ / "status", number, checked_with->store()))
        list = std::make_shared<credential::status_list const>(std::move(*read));
    std::lock_guard lock(mutex_);
    lists_[number] = {bits_time, signature_time, checked_with, list};
    return list;
}

credential::status_lookup
published_cache::status_lookup(std::shared_ptr<crypto::cms_verifier const> checked_with) {
    return [this, checked_with = std::move(checked_with),
            seen = std::map<long, std::shared_ptr<credential::status_list const>>()](
               credential::status_entry const& entry) mutable -> std::optional<unsigned> {
        auto [it, first] = seen.try_emplace(entry.list);
        if (first) it->second = list(entry.list, checked_with);
        return it->second ? credential::status_value(*it->second, entry) : std::nullopt;
    };
}

} // namespace craftmark::web
