// A program that only reads and writes the models: it must build without libcurl.
#include <vitec/connect/models.hpp>

#ifdef CURLINC_CURL_H
#error vitec/connect/models.hpp pulled in libcurl
#endif

#include <iostream>

namespace vc = vitec::connect;

int main() {
  vc::OrderUserInteractionRequest request;
  request.id = "order";
  request.url = "https://example.com/interact";
  const auto xml = vc::serialize(request, vc::Format::xml);
  const bool ok =
      vc::deserialize<vc::OrderUserInteractionRequest>(xml, vc::Format::xml) == request &&
      vc::deserialize<bool>("true", vc::Format::json);
  std::cout << "models-only consumer: " << (ok ? "ok" : "WRONG") << '\n';
  return ok ? 0 : 1;
}
