#pragma once
// Work a room hands off the exam's I/O threads: reading a file an administrator handed in (a
// bank package, a roster workbook) can take a second, and no candidate's save should wait
// behind it. The store's change worker runs it, one piece at a time.
#include <functional>

namespace craftmark::core {

class aside_work {
  public:
    virtual ~aside_work() = default;
    /// Runs `work` off the I/O threads. `work` answers its own failures and must not throw.
    virtual void aside(std::function<void()> work) = 0;
};

} // namespace craftmark::core
