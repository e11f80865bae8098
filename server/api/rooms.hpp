#pragma once
// Every room of the core, built once on the ports: what the dispatcher routes to.
#include "server/core/bank/bank_desk.hpp"
#include "server/core/bank/statistics_desk.hpp"
#include "server/core/competition/board_desk.hpp"
#include "server/core/competition/event_desk.hpp"
#include "server/core/competition/reveal_desk.hpp"
#include "server/core/exam/attempt_desk.hpp"
#include "server/core/exam/centre_desk.hpp"
#include "server/core/exam/figure_desk.hpp"
#include "server/core/exam/live_sittings.hpp"
#include "server/core/exam/sign_in_desk.hpp"
#include "server/core/exam/sitting_desk.hpp"
#include "server/core/exam/upload_desk.hpp"
#include "server/core/proctoring/incident_desk.hpp"
#include "server/core/proctoring/proctor_desk.hpp"
#include "server/core/proctoring/room_directory.hpp"
#include "server/core/proctoring/room_talk.hpp"
#include "server/core/qualification/certificate_desk.hpp"

namespace craftmark::core {
class marking_service;
}

namespace craftmark::api {

struct rooms {
    rooms(core::sitting_repository& sitting_store,
          core::attempt_repository& attempt_store,
          core::room_repository& room_store,
          core::upload_repository& upload_store,
          util::clock const& clock,
          core::notifier& notify,
          std::chrono::seconds staff_idle = std::chrono::minutes(30))
        : throttle(clock), staff_sessions(clock, staff_idle),
          live(sitting_store, attempt_store, room_store, upload_store, throttle, clock, notify),
          sign_in(live, sitting_store, throttle, staff_sessions, clock),
          attempts(live, attempt_store), figures(live, sitting_store), uploads(live, upload_store),
          directory(sitting_store), proctor(live, room_store, throttle), talk(live, room_store),
          incidents(live, room_store), statistics(sitting_store), centre(staff_sessions, notify) {}

    /// Marking (examiners' messages, and what happens when a practical attempt closes).
    void set_marking(core::marking_service* m) { live.set_marking(m); }

    core::sign_in_throttle throttle;
    core::staff_sessions staff_sessions;
    core::live_sittings live;
    core::sign_in_desk sign_in;
    core::attempt_desk attempts;
    core::figure_desk figures;
    core::upload_desk uploads;
    core::room_directory directory;
    core::proctor_desk proctor;
    core::room_talk talk;
    core::incident_desk incidents;
    core::board_desk boards;
    core::reveal_desk reveals;
    core::event_desk events;
    core::bank_desk banks;
    core::statistics_desk statistics;
    core::sitting_desk sittings;
    core::certificate_desk certificates;
    core::centre_desk centre;
};

} // namespace craftmark::api
