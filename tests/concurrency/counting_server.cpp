#include "counting_server.hpp"

#include <httplib.h>

#include <chrono>
#include <stdexcept>

namespace concurrency {

CountingServer::CountingServer(Handler handler)
    : handler_(std::move(handler)), server_(std::make_unique<httplib::Server>()) {
  // One worker per open keep-alive connection: the default pool of 8 would leave a batch of 16
  // in flight waiting on idle connections it cannot serve.
  server_->new_task_queue = [] { return new httplib::ThreadPool(40); };
  server_->set_keep_alive_max_count(100000);  // the default 5 would hide connection reuse
  server_->set_keep_alive_timeout(5);         // idle connections must outlive a slow connect or two
  server_->set_tcp_nodelay(true);  // else Nagle and delayed ACKs add 40 ms to every answer
  server_->Put(".*", [this](const httplib::Request& request, httplib::Response& response) {
    ++requests_;
    {
      const std::lock_guard<std::mutex> lock(mutex_);
      ports_.insert(request.remote_port);
    }
    const Reply reply = handler_ ? handler_(Seen{request.path, request.body}) : Reply{};
    response.status = reply.status;
    for (const auto& [name, value] : reply.headers) response.set_header(name, value);
    response.set_content(reply.body, "application/json; charset=utf-8");
  });
  // The packaged library listens with a backlog of 5: more simultaneous connects than that may
  // wait for a SYN retransmit (1 s). Tests that bound a time keep their bursts smaller.
  port_ = server_->bind_to_any_port("127.0.0.1");
  if (port_ <= 0) throw std::runtime_error("cannot bind a loopback port");
  thread_ = std::thread([this] { server_->listen_after_bind(); });
  while (!server_->is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

CountingServer::~CountingServer() {
  server_->stop();
  thread_.join();
}

std::string CountingServer::base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }

std::size_t CountingServer::connections() const {
  const std::lock_guard<std::mutex> lock(mutex_);
  return ports_.size();
}

}  // namespace concurrency
