// api::download: any operation whose answer is a file, by its id; any other refused before
// anything is sent.
#include <catch2/catch.hpp>

#include <string>

#include <vitec/connect/api/all.hpp>

#include "download_server.hpp"

namespace vc = vitec::connect;

namespace api = vitec::connect::api;
using download_test::Server;

TEST_CASE("api::download streams any file operation by its id", "[generated][download]") {
  Server server;
  server.on([](const httplib::Request& req, httplib::Response& res, int) {
    CHECK(req.path == "/Advertising/File/M1/F1");
    res.set_content("%PDF-1.7 raw", "application/pdf");
  });
  const vc::Client client(server.options());
  std::string got;
  const auto download = api::download(client, "GET-Advertising-File-customerId-fileId",
                                      {{{"customerId", "M1"}, {"fileId", "F1"}}, {}},
                                      [&got](std::string_view c) { got += c; });
  CHECK(got == "%PDF-1.7 raw");
  CHECK(download.content_type == "application/pdf");
  CHECK(download.bytes == got.size());
}

TEST_CASE("api::download refuses an operation that does not answer a file, sending nothing",
          "[generated][download]") {
  Server server;
  const vc::Client client(server.options());
  const auto sink = [](std::string_view) { FAIL("nothing should arrive"); };
  CHECK_THROWS_AS(
      api::download(client, "GET-CRM-Image-GetImageCategories", {{}, {{"customerId", "M1"}}}, sink),
      vc::InvalidArgumentError);
  CHECK_THROWS_AS(api::download(client, "GET-No-Such-Operation", {}, sink),
                  vc::InvalidArgumentError);
  CHECK_THROWS_AS(api::download(client, "GET-Advertising-Image-customerId-imageId",
                                {{{"customerId", "M1"}}, {}}, sink),  // imageId missing
                  vc::InvalidArgumentError);
  CHECK(server.requests() == 0);
}
