#pragma once
#include "server/core/exam/live_sittings.hpp"

namespace craftmark::core {

/// The figures of a candidate's paper. A figure goes only to a candidate whose paper holds an
/// item that shows it, and only while the attempt runs, or after it where the assessment lets
/// candidates review their items: the paper's figures are as confidential as its text.
class figure_desk {
  public:
    figure_desk(live_sittings& live, sitting_repository& banks);

    void get(session_context const& ctx, protocol::figure_request const& request, reply_fn done);

  private:
    live_sittings& live_;
    sitting_repository& banks_;
};

} // namespace craftmark::core
