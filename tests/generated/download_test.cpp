// Files and images over real loopback HTTP, through the area clients' `_stream` and `_to_file`
// members: raw bytes and base64 in JSON alike, byte-exact across odd chunk boundaries; the size
// cap; a sink that throws; the retry rule (before the first byte, not after); bad base64; a
// transport that does not stream; the try_ forms.
#include <dirent.h>
#include <sys/stat.h>

#include <catch2/catch.hpp>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

#include <vitec/connect/api/advertising.hpp>
#include <vitec/connect/api/crm.hpp>

#include "download_server.hpp"

namespace vc = vitec::connect;

namespace {

/// Whether a download's temporary file (`path`.part-XXXXXX) is left in the working directory.
bool part_file_left(const std::string& path) {
  const std::string prefix = path + ".part-";
  DIR* dir = ::opendir(".");
  if (dir == nullptr) throw std::runtime_error("cannot read the working directory");
  bool found = false;
  while (const dirent* entry = ::readdir(dir)) {
    found = found || std::string(entry->d_name).rfind(prefix, 0) == 0;
  }
  ::closedir(dir);
  return found;
}

namespace api = vitec::connect::api;
using download_test::random_bytes;
using download_test::Server;
using download_test::stream;

api::advertising::GetImageParams image_params() {
  api::advertising::GetImageParams params;
  params.customer_id = "M1";
  params.image_id = "IMG 1";
  return params;
}

/// What a sink received: every chunk appended, and the largest chunk.
struct Collected {
  std::string bytes;
  std::size_t chunks = 0;
  std::size_t largest = 0;
  std::function<void(std::string_view)> sink() {
    return [this](std::string_view chunk) {
      bytes.append(chunk);
      ++chunks;
      largest = std::max(largest, chunk.size());
    };
  }
};

const std::string file = random_bytes(3 * 1024 * 1024 + 1);  // not a multiple of 3

}  // namespace

TEST_CASE("an image's raw bytes arrive byte-exact, chunk by chunk", "[generated][download]") {
  Server server;
  server.on([](const httplib::Request& req, httplib::Response& res, int) {
    CHECK(req.path == "/Advertising/Image/M1/IMG 1");  // as the server decodes it
    stream(res, file, "image/jpeg", 7919);
  });
  const api::AdvertisingClient advertising{vc::Client(server.options())};
  Collected got;
  const auto download = advertising.get_image_stream(image_params(), got.sink());
  CHECK(download.content_type == "image/jpeg");
  CHECK(download.bytes == file.size());
  CHECK(got.bytes == file);
  CHECK(got.chunks > 10);
  CHECK(got.largest <= 1024 * 1024);  // streamed, not held whole
  CHECK(server.last_accept().find("application/json") != std::string::npos);
}

TEST_CASE("a file sent as a JSON base64 string is decoded as it streams", "[generated][download]") {
  Server server;
  // Pieces of 4099 characters: every group of four digits is split somewhere sooner or later.
  const std::string body = "\"" + vc::detail::base64(file) + "\"\r\n";
  server.on([&body](const httplib::Request&, httplib::Response& res, int) {
    stream(res, body, "application/json; charset=utf-8", 4099);
  });
  const api::AdvertisingClient advertising{vc::Client(server.options())};
  api::advertising::GetFileParams params;
  params.customer_id = "M1";
  params.file_id = "F1";
  Collected got;
  const auto download = advertising.get_file_stream(params, got.sink());
  CHECK(download.content_type == "application/json; charset=utf-8");
  CHECK(download.bytes == file.size());
  CHECK(got.bytes == file);
  CHECK(got.largest <= 1024 * 1024);

  SECTION("with '/' escaped as JSON allows") {
    std::string escaped;
    for (const char c : body) escaped += c == '/' ? std::string("\\/") : std::string(1, c);
    server.on([&escaped](const httplib::Request&, httplib::Response& res, int) {
      stream(res, escaped, "application/json", 333);
    });
    Collected again;
    advertising.get_file_stream(params, again.sink());
    CHECK(again.bytes == file);
  }
}

TEST_CASE("CRM/Image/GetImage goes to a file of mode 0600", "[generated][download]") {
  Server server;
  server.on([](const httplib::Request& req, httplib::Response& res, int) {
    CHECK(req.get_param_value("customerId") == "M1");
    CHECK(req.get_param_value("imageId") == "I2");
    stream(res, file, "image/png", 65536);
  });
  const api::CrmClient crm{vc::Client(server.options())};
  api::crm::GetImageGetImageParams params;
  params.customer_id = "M1";
  params.image_id = "I2";
  const std::string path = "download_test_image.png";
  std::remove(path.c_str());
  const auto download = crm.get_image_get_image_to_file(params, path);
  CHECK(download.bytes == file.size());
  std::ifstream in(path, std::ios::binary);
  std::stringstream read;
  read << in.rdbuf();
  CHECK(read.str() == file);
  struct stat info {};
  REQUIRE(::stat(path.c_str(), &info) == 0);
  CHECK((info.st_mode & 0777) == 0600);
  CHECK_FALSE(part_file_left(path));

  SECTION("a failed download leaves no file behind") {
    server.on([](const httplib::Request&, httplib::Response& res, int) {
      stream(res, "\"not base64!\"", "application/json");
    });
    const std::string other = "download_test_failed.png";
    std::remove(other.c_str());
    CHECK_THROWS_AS(crm.get_image_get_image_to_file(params, other), vc::ProtocolError);
    CHECK(::stat(other.c_str(), &info) != 0);
    CHECK_FALSE(part_file_left(other));
  }
  std::remove(path.c_str());
}

TEST_CASE("a file over max_download_bytes stops the transfer with a ProtocolError",
          "[generated][download]") {
  Server server;
  auto options = server.options();
  options.max_download_bytes = 1024 * 1024;
  const api::AdvertisingClient advertising{vc::Client(options)};
  Collected got;

  SECTION("raw, its length said up front: refused before any byte") {
    server.on([](const httplib::Request&, httplib::Response& res, int) {
      res.set_content(file, "application/octet-stream");
    });
    try {
      advertising.get_image_stream(image_params(), got.sink());
      FAIL("no error");
    } catch (const vc::ProtocolError& e) {
      CHECK(std::string(e.what()).find("max_download_bytes (1048576 bytes)") != std::string::npos);
    }
    CHECK(got.bytes.empty());
  }
  SECTION("base64, counted as it is decoded") {
    server.on([](const httplib::Request&, httplib::Response& res, int) {
      stream(res, "\"" + vc::detail::base64(file) + "\"", "application/json");
    });
    CHECK_THROWS_AS(advertising.get_image_stream(image_params(), got.sink()), vc::ProtocolError);
    CHECK(got.bytes == file.substr(0, got.bytes.size()));
    CHECK(got.bytes.size() <= options.max_download_bytes);
  }
  CHECK(server.requests() == 1);  // not retried
}

TEST_CASE("a sink that throws stops the transfer; the client stays usable",
          "[generated][download]") {
  Server server;
  server.on([](const httplib::Request&, httplib::Response& res, int) {
    stream(res, file, "image/jpeg", 8192);
  });
  const api::AdvertisingClient advertising{vc::Client(server.options())};
  std::size_t seen = 0;
  struct Full : std::runtime_error {
    using std::runtime_error::runtime_error;
  };
  CHECK_THROWS_AS(advertising.get_image_stream(image_params(),
                                               [&seen](std::string_view chunk) {
                                                 seen += chunk.size();
                                                 throw Full("disk full");
                                               }),
                  Full);
  CHECK(seen > 0);
  CHECK(seen < file.size());
  CHECK(server.requests() == 1);

  for (int i = 0; i < 3; ++i) {  // the pool's handle is sound: every later call works
    Collected got;
    advertising.get_image_stream(image_params(), got.sink());
    CHECK(got.bytes == file);
  }
  CHECK(server.requests() == 4);
}

TEST_CASE("a download is retried until its first byte reached the sink, never after",
          "[generated][download]") {
  Server server;
  const api::AdvertisingClient advertising{vc::Client(server.options())};
  Collected got;

  SECTION("a 503 before any byte is retried") {
    server.on([](const httplib::Request&, httplib::Response& res, int n) {
      if (n == 1) {
        res.status = 503;
        res.set_content("busy", "text/plain");
        return;
      }
      stream(res, file, "image/jpeg");
    });
    advertising.get_image_stream(image_params(), got.sink());
    CHECK(got.bytes == file);  // the 503's body never reached the sink
    CHECK(server.requests() == 2);
  }
  SECTION("a connection dropped after bytes were delivered is not") {
    server.on([](const httplib::Request&, httplib::Response& res, int) {
      stream(res, file, "image/jpeg", 4096, 100000);
    });
    try {
      advertising.get_image_stream(image_params(), got.sink());
      FAIL("no error");
    } catch (const vc::TransportError& e) {
      CHECK(e.attempts() == 1);
    }
    CHECK(!got.bytes.empty());
    CHECK(server.requests() == 1);
  }
  SECTION("a 404 is reported as any read's") {
    server.on([](const httplib::Request&, httplib::Response& res, int) { res.status = 404; });
    CHECK_THROWS_AS(advertising.get_image_stream(image_params(), got.sink()), vc::NotFoundError);
    CHECK(server.requests() == 1);
  }
}

TEST_CASE("an answer that is not a file is a ProtocolError", "[generated][download]") {
  Server server;
  const api::AdvertisingClient advertising{vc::Client(server.options())};
  for (const std::string body : {"\"AQID*AAA\"", "\"AQI\"", "\"AQ==AQID\"", "\"AQID",
                                 "{\"data\":\"AQID\"}", "\"AQID\" x", "", "null"}) {
    INFO(body);
    server.on([body](const httplib::Request&, httplib::Response& res, int) {
      stream(res, body, "application/json", 1);
    });
    Collected got;
    CHECK_THROWS_AS(advertising.get_image_stream(image_params(), got.sink()), vc::ProtocolError);
  }
  server.on([](const httplib::Request&, httplib::Response& res, int) {
    stream(res, " \"AQID\"\n", "application/json", 1);
  });
  Collected got;
  advertising.get_image_stream(image_params(), got.sink());
  CHECK(got.bytes == "\x01\x02\x03");
}

namespace {
/// A transport written before HttpRequest::body_sink: it returns the body whole.
class BufferingTransport final : public vc::Transport {
 public:
  vc::HttpResponse send(const vc::HttpRequest& request) override {
    vc::HttpRequest copy = request;
    copy.body_sink = nullptr;
    copy.max_response_bytes = 16 << 20;
    return inner_.send(copy);
  }

 private:
  vc::CurlTransport inner_;
};
}  // namespace

TEST_CASE("a transport that does not stream still downloads", "[generated][download]") {
  Server server;
  const std::string body = "\"" + vc::detail::base64(file) + "\"";
  server.on([&body](const httplib::Request&, httplib::Response& res, int) {
    res.set_content(body, "application/json");
  });
  auto options = server.options();
  options.transport = std::make_shared<BufferingTransport>();
  const api::AdvertisingClient advertising{vc::Client(options)};
  Collected got;
  CHECK(advertising.get_image_stream(image_params(), got.sink()).bytes == file.size());
  CHECK(got.bytes == file);
}

TEST_CASE("the try_ forms: a failure is a value, what the sink throws is the caller's",
          "[generated][download]") {
  Server server;
  server.on([](const httplib::Request&, httplib::Response& res, int n) {
    if (n == 1) {
      res.status = 404;
      return;
    }
    stream(res, file, "image/jpeg", 65536);
  });
  const api::AdvertisingClient advertising{vc::Client(server.options())};
  Collected got;
  const auto missing = advertising.try_get_image_stream(image_params(), got.sink());
  REQUIRE(!missing.ok());
  CHECK(missing.error().kind() == vc::ErrorKind::not_found);
  CHECK(got.bytes.empty());

  const auto found = advertising.try_get_image_stream(image_params(), got.sink());
  REQUIRE(found.ok());
  CHECK(found.value().bytes == file.size());
  CHECK(got.bytes == file);

  const auto throwing = [](std::string_view) { throw std::runtime_error("disk on fire"); };
  CHECK_THROWS_WITH(advertising.try_get_image_stream(image_params(), throwing), "disk on fire");
  const auto empty_sink = advertising.try_get_image_stream(image_params(), {});
  REQUIRE(!empty_sink.ok());
  CHECK(empty_sink.error().kind() == vc::ErrorKind::invalid_argument);
  CHECK(server.requests() == 3);  // the empty sink sent nothing
}

TEST_CASE("try_..._to_file writes the file, and says why it could not as a value",
          "[generated][download]") {
  Server server;
  server.on([](const httplib::Request&, httplib::Response& res, int) {
    stream(res, file, "image/jpeg", 65536);
  });
  const api::AdvertisingClient advertising{vc::Client(server.options())};
  const std::string path = "try_download_test.jpg";
  std::remove(path.c_str());
  const auto written = advertising.try_get_image_to_file(image_params(), path);
  REQUIRE(written.ok());
  CHECK(written.value().bytes == file.size());
  std::ifstream in(path, std::ios::binary);
  std::stringstream read;
  read << in.rdbuf();
  CHECK(read.str() == file);
  std::remove(path.c_str());

  const auto nowhere = advertising.try_get_image_to_file(image_params(), "no/such/dir/image.jpg");
  REQUIRE(!nowhere.ok());
  CHECK(nowhere.error().kind() == vc::ErrorKind::invalid_argument);
  CHECK(server.requests() == 1);  // nothing was sent for a file that could not be created

  api::advertising::GetImageParams no_id = image_params();
  no_id.image_id = "";
  const auto invalid = advertising.try_get_image_to_file(no_id, path);
  REQUIRE(!invalid.ok());
  CHECK(invalid.error().kind() == vc::ErrorKind::invalid_argument);
  CHECK_FALSE(part_file_left(path));
}
