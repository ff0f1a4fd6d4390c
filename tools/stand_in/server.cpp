#include <httplib.h>
#include <sys/socket.h>

#include <nlohmann/json.hpp>

#include <algorithm>
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
#include <tuple>

#include "catalogue.hpp"
#include "http_text.hpp"
#include "models.hpp"
#include "orders.hpp"
#include "raw_listener.hpp"
#include "redaction.hpp"
#include "stand_in.hpp"
#include "validation.hpp"

namespace vitec::stand_in {

namespace {

using detail::model;

enum class route_kind { put_follow_up, get_follow_ups, put_interaction, post_token, get_orders };

/// The endpoint whose body is an order token: a credential, as whoever holds it reads the
/// order's ticket, so the log never shows that body.
constexpr const char* token_endpoint = "POST Service/Order/Token/{customerId}";

/// One of the five hand-written endpoints: httplib dispatches on method and path prefix, and
/// the raw path must then hold exactly `ids` segments (the customer id first). Every other
/// operation is served from the description's table (catalogue.hpp).
struct route {
  route_kind kind;
  const char* method;
  const char* prefix;
  std::size_t ids;
  const char* endpoint;   // RecordedRequest::endpoint
  const char* operation;  // the description's operation id, which a fault may target
};

constexpr route routes[] = {
    {route_kind::put_follow_up, "PUT", "/ViewingParticipant/", 1,
     "PUT ViewingParticipant/{customerId}", "PUT-ViewingParticipant-customerId"},
    {route_kind::get_follow_ups, "GET", "/ViewingParticipant/", 3,
     "GET ViewingParticipant/{customerId}/{contactId}/{viewingId}",
     "GET-ViewingParticipant-customerId-contactId-viewingId"},
    {route_kind::put_interaction, "PUT", "/Service/Order/UserInteraction/", 1,
     "PUT Service/Order/UserInteraction/{customerId}",
     "PUT-Service-Order-UserInteraction-customerId"},
    {route_kind::post_token, "POST", "/Service/Order/Token/", 1, token_endpoint,
     "POST-Service-Order-Token-customerId"},
    {route_kind::get_orders, "GET", "/Service/Order/", 1, "GET Service/Order/{customerId}",
     "GET-Service-Order-customerId"},
};

/// The key under which the stand-in keeps a follow-up: customer, contact and viewing.
using follow_up_key = std::tuple<std::string, std::string, std::string>;

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

const char* answer_type(bool xml) {
  return xml ? "application/xml; charset=utf-8" : "application/json; charset=utf-8";
}

std::string http_date(std::chrono::system_clock::time_point when) {
  const std::time_t seconds = std::chrono::system_clock::to_time_t(when);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[40];
  std::strftime(text, sizeof text, "%a, %d %b %Y %H:%M:%S GMT", &utc);
  return text;
}

/// Where a write leaves its body and a read finds it: the path template with the ids in it.
std::string resource_of(const detail::operation_spec& op,
                        const std::map<std::string, std::string>& path) {
  std::string out = op.path;
  for (const auto& param : op.params) {
    const auto value = path.find(param.name);  // an optional last segment may be left out
    if (value != path.end()) out += "\n" + value->second;
  }
  return out;
}

/// The operation's answer with the request's ids put in: a member named like a path parameter
/// (`contactId`, `estateId`, `customerId`) of the answer, or of each item of a list answer,
/// takes the value the request gave; so does `id`, from the parameter the path ends with when
/// none is named `id` (`CRM/Contact/{customerId}/Person/{contactId}` names that contact). A list
/// of ids (`contactIds`) puts in nothing.
nlohmann::json with_ids(const detail::operation_spec& op,
                        const std::map<std::string, std::string>& path) {
  std::map<std::string, std::string> ids;  // member name -> value
  for (const auto& param : op.params) {
    const auto value = path.find(param.name);  // an optional last segment may be left out
    if (!param.list && value != path.end()) ids[param.name] = value->second;
  }
  const std::string& last = op.segments.back();
  if (!ids.count("id") && last.front() == '{') {
    const std::string name = last.substr(1, last.size() - 2);
    if (ids.count(name)) ids["id"] = ids[name];
  }
  nlohmann::json answer = op.answer;
  const auto put = [&](nlohmann::json& object) {
    if (!object.is_object()) return;
    for (auto& [key, value] : object.items()) {
      for (const auto& [name, id] : ids) {
        if (value.is_string() && detail::iequals(key, name)) value = id;
      }
    }
  };
  if (answer.is_array()) {
    for (auto& item : answer) put(item);
  } else {
    put(answer);
  }
  return answer;
}

/// Puts into `answer` what the write `op` reads back left: each member the answer's model shares
/// with the write's body model, under the same JSON name and of the same type.
void read_back(const detail::operation_spec& op, const nlohmann::json& written,
               nlohmann::json& answer) {
  const auto& models = detail::the_catalogue().models;
  const auto* write = detail::the_catalogue().operation(op.reads_back);
  const auto& body_fields = models.at(write->body).fields;
  if (!answer.is_object()) answer = nlohmann::json::object();
  for (const auto& field : models.at(op.answer_model).fields) {
    const bool shared = std::any_of(body_fields.begin(), body_fields.end(), [&](const auto& f) {
      return f.json == field.json && f.type == field.type;
    });
    if (!shared) continue;
    for (const auto& [key, value] : written.items()) {
      if (detail::iequals(key, field.json)) answer[field.json] = value;
    }
  }
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
  std::map<follow_up_key, detail::record> follow_ups_;  // what GET ViewingParticipant reads back
  std::map<std::string, nlohmann::json> written_;       // by resource path: what a read serves back
  std::size_t time_slots_ = 0;

  void start();
  void stop();

  std::optional<Fault> next(std::deque<Fault>& script) {
    const std::lock_guard<std::mutex> lock(mutex_);
    if (script.empty()) return std::nullopt;
    Fault fault = std::move(script.front());
    script.pop_front();
    return fault;
  }

  /// The first HTTP step that a request for `operation` plays ("" when no operation has the
  /// path: only a step for any request applies).
  std::optional<Fault> next_for(const std::string& operation) {
    const std::lock_guard<std::mutex> lock(mutex_);
    const auto found = std::find_if(http_script_.begin(), http_script_.end(), [&](const Fault& f) {
      return f.operation.empty() || f.operation == operation;
    });
    if (found == http_script_.end()) return std::nullopt;
    Fault fault = std::move(*found);
    http_script_.erase(found);
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
      // The body is what the client got wrong or right; the Authorization value is never shown,
      // and neither is an order token or a personal identity number.
      const std::string body = request.body.empty() ? "-"
                               : request.endpoint == token_endpoint
                                   ? "<withheld: an order token>"
                                   : detail::logged_body(request.body, logged_body_bytes);
      *options_.log << "stand-in: " << request.method << ' '
                    << detail::logged_target(request.target)
                    << " user=" << (request.user.empty() ? "-" : request.user) << " -> "
                    << (status ? std::to_string(status) : "no answer") << " body=" << body
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

  void handle(const route& route, const httplib::Request& request, httplib::Response& response);
  void handle_operation(const httplib::Request& request, httplib::Response& response);
  void serve_operation(const detail::route_match& match, const httplib::Request& request,
                       httplib::Response& response);
  std::size_t arrived(const httplib::Request& request, std::string endpoint);
  bool authorized(const httplib::Request& request, httplib::Response& response);
  bool play(const Fault& fault, const httplib::Request& request, httplib::Response& response);
  void serve(const route& route, const std::vector<std::string>& ids,
             const httplib::Request& request, httplib::Response& response, detail::record& fields);
  std::set<std::string> read_back_ = [] {  // the writes a read serves back
    std::set<std::string> out;
    for (const auto& op : detail::the_catalogue().operations) {
      if (!op.reads_back.empty()) out.insert(op.reads_back);
    }
    return out;
  }();
  void remember(const std::string& customer, const detail::record& follow_up);
  std::vector<detail::record> follow_ups(const follow_up_key& key) const;
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
  for (const route& route : routes) {
    const std::string pattern = std::string(route.prefix) + "(.+)";
    const auto handler = [this, &route](const httplib::Request& request,
                                        httplib::Response& response) {
      handle(route, request, response);
    };
    const std::string_view method = route.method;
    if (method == "PUT") {
      http_->Put(pattern, handler);
    } else if (method == "POST") {
      http_->Post(pattern, handler);
    } else {
      http_->Get(pattern, handler);
    }
  }
  // Every other documented operation, routed by the description's table.
  const auto generic = [this](const httplib::Request& request, httplib::Response& response) {
    handle_operation(request, response);
  };
  http_->Get(".*", generic);
  http_->Post(".*", generic);
  http_->Put(".*", generic);
  http_->Delete(".*", generic);
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

std::size_t Server::impl::arrived(const httplib::Request& request, std::string endpoint) {
  RecordedRequest seen;
  seen.method = request.method;
  seen.endpoint = std::move(endpoint);
  seen.path = request.path;
  seen.target = request.target;
  seen.headers.assign(request.headers.begin(), request.headers.end());
  seen.body = request.body;
  const auto credentials = detail::basic_credentials(request.get_header_value("Authorization"));
  if (credentials) seen.user = credentials->first;
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    peers_.insert(request.remote_addr + ":" + std::to_string(request.remote_port));
  }
  return arrived(std::move(seen));
}

bool Server::impl::authorized(const httplib::Request& request, httplib::Response& response) {
  const auto credentials = detail::basic_credentials(request.get_header_value("Authorization"));
  const auto known = options_.users.find(credentials ? credentials->first : "");
  if (credentials && known != options_.users.end() && known->second == credentials->second) {
    return true;
  }
  const bool xml = wants_xml(request);
  response.status = 401;
  response.set_header("WWW-Authenticate", "Basic realm=\"Vitec Connect stand-in\"");
  response.set_content(
      detail::error_answer("Authorization has been denied for this request.", {}, xml),
      answer_type(xml));
  return false;
}

void Server::impl::handle(const route& route, const httplib::Request& request,
                          httplib::Response& response) {
  // Ids are split on the raw path: an id may hold an encoded '/', one segment on the wire.
  auto ids = detail::path_segments(request.target, route.prefix);
  const bool routed = ids && ids->size() == route.ids &&
                      std::none_of(ids->begin(), ids->end(), std::mem_fn(&std::string::empty));
  const std::size_t index = arrived(request, routed ? route.endpoint : "");
  detail::record fields;

  const auto fault = next_for(routed ? route.operation : "");
  if (!fault || !play(*fault, request, response)) {
    const bool xml = wants_xml(request);
    if (!routed) {  // Web API routes before it authorizes
      response.status = 404;
      response.set_content(
          detail::error_answer("No HTTP resource was found that matches the request URI.", {}, xml),
          answer_type(xml));
    } else if (authorized(request, response)) {
      serve(route, *ids, request, response, fields);
    }
  }
  answered(index, response.status, std::move(fields));
}

void Server::impl::handle_operation(const httplib::Request& request, httplib::Response& response) {
  const auto match = detail::route(request.method, request.target);
  const std::size_t index =
      arrived(request, match ? match->operation->method + " " + match->operation->path : "");
  const auto fault = next_for(match ? match->operation->id : "");
  if (!fault || !play(*fault, request, response)) {
    if (!match) {
      const bool xml = wants_xml(request);
      response.status = 404;
      response.set_content(
          detail::error_answer("No HTTP resource was found that matches the request URI.", {}, xml),
          answer_type(xml));
    } else if (authorized(request, response)) {
      serve_operation(*match, request, response);
    }
  }
  answered(index, response.status, match ? match->path : detail::record{});
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

void Server::impl::serve(const route& route, const std::vector<std::string>& ids,
                         const httplib::Request& request, httplib::Response& response,
                         detail::record& fields) {
  const bool xml = wants_xml(request);
  const auto answer = [&](int status, std::string body) {
    response.status = status;
    response.set_content(std::move(body), answer_type(xml));
  };
  const auto invalid = [&](const std::string& message, const auto& model_state) {
    answer(400, detail::error_answer(message, model_state, xml));
  };
  const std::string& customer = ids.front();
  if (options_.forbidden_customers.count(customer)) {
    return answer(403,
                  detail::error_answer("Access to customer " + customer + " is denied.", {}, xml));
  }

  if (route.kind == route_kind::get_follow_ups) {
    fields = {{"ContactId", ids[1]}, {"ViewingId", ids[2]}};
    return answer(200, detail::list_answer(model::participant_follow_up,
                                           follow_ups({customer, ids[1], ids[2]}), xml));
  }
  if (route.kind == route_kind::get_orders) {
    auto query = detail::bind_order_query(request.params);
    fields = query.fields;
    if (!query.valid()) return invalid("The request is invalid.", query.model_state);
    return answer(
        200, detail::list_answer(model::order_entry, detail::matching_orders(query.fields), xml));
  }

  const auto format = detail::format_of(request.get_header_value("Content-Type"));
  if (format == detail::body_format::unsupported) {
    return answer(
        415, detail::error_answer("The request entity's media type is not supported.", {}, xml));
  }
  const model body_model = route.kind == route_kind::put_follow_up ? model::participant_follow_up
                           : route.kind == route_kind::put_interaction
                               ? model::order_user_interaction_request
                               : model::order_token;
  auto bound = detail::bind(body_model, format, request.body);
  fields = bound.fields;
  if (!bound.valid()) return invalid("The request is invalid.", bound.model_state);

  if (route.kind == route_kind::post_token) {
    const auto ticket = detail::redeem_token(bound.fields.at("Data"), customer);
    if (!ticket) {
      return invalid("The token is not valid.",
                     std::map<std::string, std::vector<std::string>>{
                         {"token.Data", {"The token is unknown or malformed."}}});
    }
    return answer(200, detail::object_answer(model::order_ticket, *ticket, xml));
  }
  if (route.kind == route_kind::put_follow_up) remember(customer, bound.fields);
  answer(200, detail::boolean_answer(true, xml));
}

void Server::impl::serve_operation(const detail::route_match& match,
                                   const httplib::Request& request, httplib::Response& response) {
  const detail::operation_spec& op = *match.operation;
  const bool xml = wants_xml(request);
  const auto answer = [&](int status, std::string body, const char* type) {
    response.status = status;
    response.set_content(std::move(body), type);
  };
  const auto invalid = [&](const detail::model_state& state) {
    answer(400, detail::error_answer("The request is invalid.", state, xml), answer_type(xml));
  };
  for (const auto& [name, value] : match.path) {
    if (detail::iequals(name, "customerId") && options_.forbidden_customers.count(value)) {
      return answer(403,
                    detail::error_answer("Access to customer " + value + " is denied.", {}, xml),
                    answer_type(xml));
    }
  }
  if (auto state = detail::check_parameters(op, match.path, request.params); !state.empty()) {
    return invalid(state);
  }

  const std::string resource = resource_of(op, match.path);
  if (!op.body.empty()) {
    const auto format = detail::format_of(request.get_header_value("Content-Type"));
    if (format == detail::body_format::unsupported) {
      return answer(
          415, detail::error_answer("The request entity's media type is not supported.", {}, xml),
          answer_type(xml));
    }
    // An XML body is taken as it comes: the table describes members by their JSON names.
    if (format == detail::body_format::json) {
      const auto body = nlohmann::json::parse(request.body, nullptr, false);
      const std::string& model_name = detail::the_catalogue().models.at(op.body).name;
      if (body.is_discarded() || !body.is_object()) {
        return invalid({{model_name, {"The body is not a JSON object of " + model_name + "."}}});
      }
      if (auto state = detail::check_body(op.body, body); !state.empty()) return invalid(state);
      if (read_back_.count(op.id)) {
        const std::lock_guard<std::mutex> lock(mutex_);
        written_[resource] = body;
      }
    }
  }
  if (op.no_content) return answer(204, "", "text/plain");
  auto body = with_ids(op, match.path);
  if (!op.reads_back.empty()) {
    const std::lock_guard<std::mutex> lock(mutex_);
    if (const auto found = written_.find(resource); found != written_.end()) {
      read_back(op, found->second, body);
    }
  }
  answer(200, body.dump(), "application/json; charset=utf-8");
}

void Server::impl::remember(const std::string& customer, const detail::record& follow_up) {
  detail::record stored = follow_up;
  stored.emplace("Participated", "false");  // what .NET binds when the member is left out
  const std::lock_guard<std::mutex> lock(mutex_);
  detail::record& slot =
      follow_ups_[{customer, follow_up.at("ContactId"), follow_up.at("ViewingId")}];
  // A participant keeps the time slot of the first report; a later one replaces the rest.
  const auto time_slot = slot.find("TimeSlotId");
  stored["TimeSlotId"] =
      time_slot != slot.end() ? time_slot->second : "TS-" + std::to_string(++time_slots_);
  slot = std::move(stored);
}

std::vector<detail::record> Server::impl::follow_ups(const follow_up_key& key) const {
  const std::lock_guard<std::mutex> lock(mutex_);
  const auto found = follow_ups_.find(key);
  if (found == follow_ups_.end()) return {};
  return {found->second};
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
