// exam_client::upload: a practical task's file, in chunks, resumed after any drop.
#include "client/terminal/exam_client.hpp"
#include "shared/crypto/digest.hpp"
#include "shared/protocol/messages.hpp"
#include "shared/protocol/upload_frame.hpp"

#include <fstream>
#include <thread>

namespace craftmark::client {

namespace {

constexpr auto reply_timeout = std::chrono::seconds(10);

// The reply as its protocol struct; raises the server's refusal as exam_error.
template <class Reply> Reply reply_of(protocol::incoming const& reply) {
    if (reply.what == protocol::incoming::kind::error) throw exam_error(reply.code, reply.message);
    return reply.body.get<Reply>();
}

} // namespace

protocol::upload_receipt
exam_client::upload(std::string const& task,
                    std::filesystem::path const& file,
                    std::function<void(std::int64_t, std::int64_t)> const& progress,
                    std::chrono::milliseconds patience) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + file.string());
    auto size = static_cast<std::int64_t>(std::filesystem::file_size(file));
    protocol::upload_begin declaration{task, file.filename().string(), size,
                                       crypto::sha256_file_hex(file)};
    auto last_progress = std::chrono::steady_clock::now();
    for (;;) {
        try {
            auto c = online_connection();
            auto begun = reply_of<protocol::upload_progress>(
                c->call("upload.begin", declaration, reply_timeout));
            if (begun.complete && begun.receipt) return *begun.receipt;
            auto id = begun.upload;
            auto received = begun.received;
            auto chunk = std::min<std::int64_t>(begun.chunk > 0 ? begun.chunk : 65536,
                                                protocol::upload_chunk_size);
            std::string bytes;
            while (received < size) {
                bytes.resize(static_cast<std::size_t>(std::min(chunk, size - received)));
                in.clear();
                in.seekg(received);
                if (!in.read(bytes.data(), static_cast<std::streamsize>(bytes.size())))
                    throw std::runtime_error(file.string() + " changed while it was uploading");
                received =
                    reply_of<protocol::upload_received>(
                        c->call_binary([&](std::int64_t request_id) {
                            return protocol::encode_upload_chunk(request_id, id, received, bytes);
                        }))
                        .received;
                last_progress = std::chrono::steady_clock::now();
                if (progress) progress(received, size);
            }
            return reply_of<protocol::upload_kept>(
                       c->call("upload.finish", protocol::upload_finish{id}, reply_timeout))
                .receipt;
        } catch (connection_error const&) {
            // Dropped: the background thread reconnects and resumes; then continue from
            // whatever the server has.
        } catch (exam_error const& e) {
            if (e.code() != "upload_offset") throw; // anything else is the server's answer
        }
        if (std::chrono::steady_clock::now() - last_progress > patience)
            throw connection_error("the upload of " + file.filename().string() +
                                   " made no progress; it will resume when you try again");
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
}

} // namespace craftmark::client
