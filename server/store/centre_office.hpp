#pragma once
// The console's staff accounts and audit verdict (core::centre_records), on the change worker's
// connection, as `craftmark staff` and `craftmark audit verify` do them.
#include "server/core/exam/centre_desk.hpp"
#include "server/store/change_worker.hpp"

namespace craftmark::store {

class centre_office final : public core::centre_records {
  public:
    explicit centre_office(change_worker& worker) : worker_(worker) {}

    void
    staff(std::function<void(std::string refusal, std::vector<core::staff_record>)> done) override;
    void put_staff(core::staff_record account,
                   std::optional<std::string> password,
                   std::string actor,
                   std::function<void(std::string refusal)> done) override;
    void
    verify_audit(std::function<void(std::string refusal, protocol::audit_verdict)> done) override;

  private:
    change_worker& worker_;
};

} // namespace craftmark::store
