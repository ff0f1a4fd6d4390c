#include <httplib.h>
#include <sys/socket.h>

#include <atomic>
#include <condition_variable>
#include <ctime>
#include <deque>
#include <functional>
#include <list>
#include <mutex>
#include <set>
#include <stdexcept>
#include <thread>

#include "http_text.hpp"
#include "models.hpp"
#include "raw_listener.hpp"
#include "stand_in.hpp"

namespace vitec::stand_in {

namespace {

using detail::endpoint_kind;

constexpr std::size_t chunk_bytes = 64 * 1024;

/// Body bytes a log line shows: a whole follow-up in either format; a long order comment is cut.
constexpr std::size_t logged_body_bytes = 400;

/// Serves each connection on a thread of its own. httplib keeps a worker busy for as long as its
/// connection stays open, so a fixed pool smaller than a batch's connections parks the rest for
/// the keep-alive timeout; and a pool big enough for --max-in-flight 256 takes long to start and
/// stop for each short-lived test server, under valgrind above all.
class thread_per_connection final : public httplib::TaskQueue {
 public:
  void enqueue(std::function<void()> task) override {
    const std::lock_guard<std::mutex> lock(mutex_);
    reap();
    auto& worker = workers_.emplace_back();
    worker.thread = std::thread([task = std::move(task), &done = worker.done] {
      task();
      done = true;
    });
  }

  void shutdown() override {
    std::list<worker> workers;
    {
      const std::lock_guard<std::mutex> lock(mutex_);
      workers.swap(workers_);
    }
    for (auto& worker : workers) worker.thread.join();
  }

 private:
  struct worker {
    std::atomic<bool> done{false};
    std::thread thread;
  };

  void reap() {  // joins the threads whose connection closed; the caller holds mutex_
    workers_.remove_if([](worker& worker) {
      if (!worker.done) return false;
      worker.thread.join();
      return true;
    });
  }

  std::mutex mutex_;
  std::list<worker> workers_;  // a list: a running thread holds a reference to its `done`
};

bool wants_xml(const httplib::Request& request) {
  return request.get_header_value("Accept").find("xml") != std::string::npos;
}

std::string http_date(std::chrono::system_clock::time_point when) {
  const std::time_t seconds = std::chrono::system_clock::to_time_t(when);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[40];
  std::strftime(text, sizeof text, "%a, %d %b %Y %H:%M:%S GMT", &utc);
  return text;
}

}  // namespace

std::string RecordedRequest::header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (detail::iequals(key, name)) return value;
  }
  return "";
}

struct Server::impl {
  explicit impl(ServerOptions options) : options_(std::move(options)) {}

  ServerOptions options_;
  std::unique_ptr<httplib::Server> http_;
  std::unique_ptr<detail::raw_listener> raw_;
  std::thread thread_;
  int port_ = 0;
  socket_t listen_socket_ = INVALID_SOCKET;

  mutable std::mutex mutex_;
  std::condition_variable stopped_;
  bool stopping_ = false;
  std::deque<Fault> http_script_, raw_script_;
  std::vector<RecordedRequest> requests_;
  std::set<std::string> peers_;

  void start();
  void stop();

  std::optional<Fault> next(std::deque<Fault>& script) {
    const std::lock_guard<std::mutex> lock(mutex_);
    if (script.empty()) return std::nullopt;
    Fault fault = std::move(script.front());
    script.pop_front();
    return fault;
  }

  /// Keeps `request` as it arrived, so that a test sees it even while its answer is stalled.
  std::size_t arrived(RecordedRequest request) {
    const std::lock_guard<std::mutex> lock(mutex_);
    requests_.push_back(std::move(request));
    return requests_.size() - 1;
  }

  /// Completes the record of an answered request and logs it.
  void answered(std::size_t index, int status, std::map<std::string, std::string> fields) {
    const std::lock_guard<std::mutex> lock(mutex_);
    RecordedRequest& request = requests_.at(index);
    request.status = status;
    request.fields = std::move(fields);
    if (options_.log) {
      // The body is what the client got wrong or right; the Authorization value is never shown.
      *options_.log << "stand-in: " << request.method << ' ' << request.target
                    << " user=" << (request.user.empty() ? "-" : request.user) << " -> "
                    << (status ? std::to_string(status) : "no answer") << " body="
                    << (request.body.empty() ? "-"
                                             : detail::log_excerpt(request.body, logged_body_bytes))
                    << std::endl;
    }
  }

  bool stopping() const {
    const std::lock_guard<std::mutex> lock(mutex_);
    return stopping_;
  }

  /// Waits `delay` or until the server shuts down, whichever comes first.
  void pause(std::chrono::milliseconds delay) {
    std::unique_lock<std::mutex> lock(mutex_);
    stopped_.wait_for(lock, delay, [this] { return stopping_; });
  }

  void handle(endpoint_kind endpoint, const httplib::Request& request, httplib::Response& response);
  bool play(const Fault& fault, const httplib::Request& request, httplib::Response& response);
  void serve(endpoint_kind endpoint, const httplib::Request& request, httplib::Response& response,
             std::map<std::string, std::string>& fields);
};

void Server::impl::start() {
  if (options_.cert_file.empty() != options_.key_file.empty()) {
    throw std::invalid_argument("stand-in: a certificate needs its key and the other way round");
  }
  if (options_.cert_file.empty()) {
    http_ = std::make_unique<httplib::Server>();
  } else {
    http_ =
        std::make_unique<httplib::SSLServer>(options_.cert_file.c_str(), options_.key_file.c_str());
  }
  if (!http_->is_valid()) throw std::runtime_error("stand-in: cannot use the certificate or key");
  // Short enough that shutting down never waits long on an idle keep-alive connection.
  http_->set_read_timeout(std::chrono::seconds(2));
  http_->set_keep_alive_timeout(2);
  // As in tests/concurrency/counting_server.cpp: without TCP_NODELAY, Nagle and delayed ACKs add
  // ~40 ms to every answer on a reused connection, and httplib's default closes a connection
  // after 5 requests.
  http_->set_tcp_nodelay(true);
  http_->set_keep_alive_max_count(100000);
  http_->new_task_queue = [] { return new thread_per_connection; };
  // httplib's default SO_REUSEPORT would let a second stand-in share a busy port and take half
  // of its requests; SO_REUSEADDR only allows a restart while the old port is in TIME_WAIT.
  http_->set_socket_options([this](socket_t socket) {
    const int yes = 1;
    ::setsockopt(socket, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    listen_socket_ = socket;
  });
  // The customer id is one segment on the wire, but may hold an encoded '/' once decoded.
  http_->Put(R"(/ViewingParticipant/(.+))", [this](const auto& request, auto& response) {
    handle(endpoint_kind::viewing_participant, request, response);
  });
  http_->Put(R"(/Service/Order/UserInteraction/(.+))", [this](const auto& request, auto& response) {
    handle(endpoint_kind::order_user_interaction, request, response);
  });
  port_ = options_.port == 0
              ? http_->bind_to_any_port(options_.host)
              : (http_->bind_to_port(options_.host, options_.port) ? options_.port : -1);
  if (port_ <= 0) {
    throw std::runtime_error("stand-in: cannot listen on " + options_.host + ":" +
                             std::to_string(options_.port));
  }
  // The packaged httplib listens with a backlog of 5: a batch opening 16 connections at once
  // overflows it, and a dropped SYN costs its client a 1 s retransmit. Linux lets listen() on a
  // listening socket change the backlog.
  ::listen(listen_socket_, SOMAXCONN);
  thread_ = std::thread([this] { http_->listen_after_bind(); });
  // stop() is ignored until the listen loop runs, so do not hand out a server before it does.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (!http_->is_running() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  raw_ = std::make_unique<detail::raw_listener>(
      options_.host, [this] { return next(raw_script_); },
      [this](RecordedRequest request) {
        const int status = request.status;
        answered(arrived(std::move(request)), status, {});
      });
}

void Server::impl::stop() {
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  stopped_.notify_all();
  raw_.reset();
  if (http_) http_->stop();
  if (thread_.joinable()) thread_.join();
}

void Server::impl::handle(endpoint_kind endpoint, const httplib::Request& request,
                          httplib::Response& response) {
  RecordedRequest seen;
  seen.method = request.method;
  seen.path = request.path;
  seen.target = request.target;
  seen.headers.assign(request.headers.begin(), request.headers.end());
  seen.body = request.body;
  const auto credentials = detail::basic_credentials(request.get_header_value("Authorization"));
  if (credentials) seen.user = credentials->first;
  const std::size_t index = arrived(std::move(seen));
  std::map<std::string, std::string> fields;
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    peers_.insert(request.remote_addr + ":" + std::to_string(request.remote_port));
  }

  const auto fault = next(http_script_);
  if (!fault || !play(*fault, request, response)) {
    const auto known = options_.users.find(credentials ? credentials->first : "");
    if (!credentials || known == options_.users.end() || known->second != credentials->second) {
      response.status = 401;
      response.set_header("WWW-Authenticate", "Basic realm=\"Vitec Connect stand-in\"");
      response.set_content(detail::error_answer("Authorization has been denied for this request.",
                                                {}, wants_xml(request)),
                           wants_xml(request) ? "application/xml; charset=utf-8"
                                              : "application/json; charset=utf-8");
    } else {
      serve(endpoint, request, response, fields);
    }
  }
  answered(index, response.status, std::move(fields));
}

bool Server::impl::play(const Fault& fault, const httplib::Request& request,
                        httplib::Response& response) {
  switch (fault.kind) {
    case Fault::Kind::answer:
      response.status = fault.status;
      if (fault.retry_after_seconds) {
        response.set_header("Retry-After", std::to_string(*fault.retry_after_seconds));
      }
      response.set_content(fault.body, fault.content_type.c_str());
      return true;
    case Fault::Kind::retry_after_date:
      response.status = fault.status;
      response.set_header("Retry-After", http_date(std::chrono::system_clock::now() + fault.delay));
      response.set_content("rate limited", "text/plain");
      return true;
    case Fault::Kind::stall:
      pause(fault.delay);
      return false;  // then serve as usual, to whoever is still listening
    case Fault::Kind::huge_body: {
      const std::size_t total = fault.bytes;
      const auto provide = [this, total](std::size_t offset, httplib::DataSink& sink) {
        if (offset >= total || stopping()) {
          if (offset >= total) sink.done();
          return offset >= total;
        }
        const std::string chunk(std::min(chunk_bytes, total - offset), 'x');
        return sink.write(chunk.data(), chunk.size());
      };
      response.status = 200;
      if (fault.chunked) {
        response.set_chunked_content_provider("application/json", provide);
      } else {
        response.set_content_provider(
            total, "application/json",
            [provide](std::size_t offset, std::size_t, httplib::DataSink& sink) {
              return provide(offset, sink);
            });
      }
      return true;
    }
    case Fault::Kind::redirect:
      response.status = fault.status;
      response.set_header("Location", fault.location);
      return true;
    case Fault::Kind::echo_credentials:
      response.status = fault.status;
      response.set_content("you sent " + request.get_header_value("Authorization"), "text/plain");
      return true;
    default:  // a raw fault never reaches this listener
      return false;
  }
}

void Server::impl::serve(endpoint_kind endpoint, const httplib::Request& request,
                         httplib::Response& response, std::map<std::string, std::string>& fields) {
  const bool xml = wants_xml(request);
  const char* answer_type =
      xml ? "application/xml; charset=utf-8" : "application/json; charset=utf-8";
  const std::string customer = request.matches[1];
  if (options_.forbidden_customers.count(customer)) {
    response.status = 403;
    response.set_content(
        detail::error_answer("Access to customer " + customer + " is denied.", {}, xml),
        answer_type);
    return;
  }
  const auto format = detail::format_of(request.get_header_value("Content-Type"));
  if (format == detail::body_format::unsupported) {
    response.status = 415;
    response.set_content(
        detail::error_answer("The request entity's media type is not supported.", {}, xml),
        answer_type);
    return;
  }
  auto bound = detail::bind(endpoint, format, request.body);
  fields = std::move(bound.fields);
  if (!bound.valid()) {
    response.status = 400;
    response.set_content(detail::error_answer("The request is invalid.", bound.model_state, xml),
                         answer_type);
    return;
  }
  response.status = 200;
  response.set_content(detail::boolean_answer(true, xml), answer_type);
}

Server::Server(ServerOptions options) : impl_(std::make_unique<impl>(std::move(options))) {
  try {
    impl_->start();
  } catch (...) {
    impl_->stop();
    throw;
  }
}

Server::~Server() { impl_->stop(); }

int Server::port() const noexcept { return impl_->port_; }

std::string Server::base_url() const {
  const char* scheme = impl_->options_.cert_file.empty() ? "http://" : "https://";
  return scheme + impl_->options_.host + ":" + std::to_string(impl_->port_);
}

int Server::raw_port() const noexcept { return impl_->raw_->port(); }

std::string Server::raw_base_url() const {
  return "http://" + impl_->options_.host + ":" + std::to_string(raw_port());
}

Server& Server::script(Fault fault, int times) {
  const std::lock_guard<std::mutex> lock(impl_->mutex_);
  auto& script = fault.raw() ? impl_->raw_script_ : impl_->http_script_;
  for (int i = 0; i < times; ++i) script.push_back(fault);
  return *this;
}

std::size_t Server::pending_faults() const {
  const std::lock_guard<std::mutex> lock(impl_->mutex_);
  return impl_->http_script_.size() + impl_->raw_script_.size();
}

std::vector<RecordedRequest> Server::requests() const {
  const std::lock_guard<std::mutex> lock(impl_->mutex_);
  return impl_->requests_;
}

std::size_t Server::connections() const {
  const std::lock_guard<std::mutex> lock(impl_->mutex_);
  return impl_->peers_.size();
}

std::size_t Server::raw_connections() const { return impl_->raw_->connections(); }

}  // namespace vitec::stand_in
