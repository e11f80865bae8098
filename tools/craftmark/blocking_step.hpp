#pragma once
// The CLI's HTTPS calls (`verify`'s downloads, the outbox upload) are blocking, but Beast's
// timeouts (tcp_stream::expires_after) apply only to asynchronous operations: each step is
// started asynchronously and its context run until the step ends, so a cut link fails at the
// deadline, not after the kernel's minutes.
#include <boost/asio/io_context.hpp>
#include <boost/system/system_error.hpp>

namespace craftmark::cli {

/// Runs the asynchronous operation `start` begins (given a completion handler) to its end;
/// throws boost::system::system_error when it fails.
template <class Initiation> void run_step(boost::asio::io_context& ioc, Initiation&& start) {
    boost::system::error_code result;
    start([&result](boost::system::error_code ec, auto&&...) { result = ec; });
    ioc.restart();
    ioc.run();
    if (result) throw boost::system::system_error(result);
}

} // namespace craftmark::cli
