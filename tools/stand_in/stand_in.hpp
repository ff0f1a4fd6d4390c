#pragma once

#include <chrono>
#include <cstddef>
#include <map>
#include <memory>
#include <ostream>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fault.hpp"

namespace vitec::stand_in {

/// How a Server is set up. The defaults are what the demo and most tests want.
struct ServerOptions {
  std::string host = "127.0.0.1";  ///< loopback only: this is a test server
  int port = 0;                    ///< 0 = an ephemeral port, see Server::port()
  std::map<std::string, std::string> users{{"demo", "demo-password"}};  ///< name -> password
  std::set<std::string> forbidden_customers{"forbidden"};  ///< answered 403 for any user
  /// One line per request, with its body; never a password or an order token.
  std::ostream* log = nullptr;
  std::string cert_file, key_file;  ///< PEM files; both set = serve HTTPS instead of HTTP
};

/// One request as the server received it.
struct RecordedRequest {
  std::string method;
  std::string endpoint;  ///< what it asked for, e.g. "PUT ViewingParticipant/{customerId}";
                         ///< "" when no endpoint has that path (answered 404), or on the raw
                         ///< listener
  std::string path;      ///< percent-decoded
  std::string target;    ///< as sent on the request line
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::string user;  ///< from Basic auth; "" when there was none or it did not decode
  /// What the server understood, by DataContract name: the body's members ("ViewingId",
  /// "Url", "Data"...), the ids of a GET ViewingParticipant path ("ContactId", "ViewingId"), or
  /// the filters of a GET Service/Order query ("TargetId", "MinValue", "MaxValue", "Status").
  std::map<std::string, std::string> fields;
  int status = 0;  ///< what the server answered; 0 when a fault gave no status

  /// The first value of a header, matched case-insensitively; "" when absent.
  std::string header(std::string_view name) const;
};

/// A local stand-in of Vitec Connect for tests and demos: the five endpoints, Basic auth, JSON
/// and DataContract XML, and scripted faults. It remembers the follow-ups PUT to it, so that GET
/// ViewingParticipant reads them back (each with a TimeSlotId), and serves fixed demo orders and
/// order tokens (orders.hpp: "demo-token-ORD-1001" and the like, and "expired"). It listens on
/// loopback from construction to destruction; a second, raw TCP listener serves the faults that
/// need control of the socket. Every accessor is thread-safe.
class Server {
 public:
  explicit Server(ServerOptions options = {});
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  int port() const noexcept;
  std::string base_url() const;  ///< "http://127.0.0.1:PORT" (https with a certificate)

  /// The raw listener: it plays the next raw fault to each connection, and answers `true` once
  /// none is left.
  int raw_port() const noexcept;
  std::string raw_base_url() const;

  /// Appends `fault` to the script `times` times: each request (on the raw listener for a raw
  /// fault) consumes the next step before being served. Returns *this to chain.
  Server& script(Fault fault, int times = 1);
  std::size_t pending_faults() const;

  std::vector<RecordedRequest> requests() const;  ///< both listeners, in arrival order
  std::size_t connections() const;      ///< distinct TCP connections the HTTP listener saw
  std::size_t raw_connections() const;  ///< connections the raw listener accepted

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

/// A few lines for the end of a demo: how many requests each endpoint got with each status, in
/// order of first arrival, e.g. "    212 x 200  PUT ViewingParticipant/{customerId}".
std::string summary(const std::vector<RecordedRequest>& requests);

}  // namespace vitec::stand_in
