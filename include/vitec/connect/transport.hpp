#pragma once

#include <chrono>
#include <string>
#include <utility>
#include <vector>

namespace vitec::connect {

using Headers = std::vector<std::pair<std::string, std::string>>;

/// One HTTP exchange as the client hands it to a Transport. `headers` already holds
/// Authorization, Content-Type, Accept and User-Agent.
struct HttpRequest {
  std::string method, url;
  Headers headers;
  std::string body;
  std::chrono::milliseconds connect_timeout{10000}, timeout{30000};
};

struct HttpResponse {
  int status = 0;
  Headers headers;
  std::string body;
};

/// Sends one request and returns whatever status came back. Implementations signal a failure
/// to get any answer by throwing TransportError (or TimeoutError); a non-permanent one is retried.
/// Replace it in ClientOptions to mock the network or to use another HTTP stack.
class Transport {
 public:
  virtual ~Transport() = default;
  virtual HttpResponse send(const HttpRequest& request) = 0;
};

}  // namespace vitec::connect
