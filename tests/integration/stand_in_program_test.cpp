// The vitec-connect-stand-in program as the demo and the CLI tests start it: its flags, what it
// prints, and its exit codes. The other tests use the stand-in library in-process, which never
// reads a command line.

#include <regex>
#include <string>
#include <vector>

#include "child_process.hpp"
#include "support.hpp"

namespace integration {
namespace {

/// The stand-in program, started with `args`.
class StandInProgram : public ChildProcess {
 public:
  explicit StandInProgram(const std::vector<std::string>& args)
      : ChildProcess(with_program(args)) {}

  /// The port of the printed "listening on http://127.0.0.1:PORT"; 0 when it never came.
  int port() {
    std::smatch match;
    if (!wait_for("raw faults on") ||
        !std::regex_search(out(), match,
                           std::regex("listening on http://127\\.0\\.0\\.1:(\\d+)"))) {
      return 0;
    }
    return std::stoi(match[1]);
  }

 private:
  static std::vector<std::string> with_program(const std::vector<std::string>& args) {
    std::vector<std::string> argv{VITEC_CONNECT_STAND_IN_PROGRAM};
    argv.insert(argv.end(), args.begin(), args.end());
    return argv;
  }
};

vc::ClientOptions client_options(int port, const std::string& name, const std::string& secret) {
  vc::ClientOptions options;
  options.base_url = "http://127.0.0.1:" + std::to_string(port);
  options.username = name;
  options.password = secret;
  options.connect_timeout = milliseconds(2000);
  options.request_timeout = milliseconds(5000);
  options.retry.max_attempts = 1;
  return options;
}

TEST_CASE("stand-in program: --user replaces the default account, --port 0 prints the port",
          "[integration][stand-in]") {
  StandInProgram program(
      {"--port", "0", "--user", "alice:s3cret-1", "--user", "bob:pw:2", "--log"});
  const int port = program.port();
  REQUIRE(port > 0);

  CHECK(vc::Client(client_options(port, "alice", "s3cret-1"))
            .update_viewing_participant("M-1", sample_follow_up()));
  CHECK(vc::Client(client_options(port, "bob", "pw:2"))  // only the first ':' splits
            .update_viewing_participant("M-1", sample_follow_up()));
  const auto wrong = failure_of(vc::Client(client_options(port, "alice", "wrong-password"))
                                    .try_update_viewing_participant("M-1", sample_follow_up()));
  CHECK(wrong.kind() == vc::ErrorKind::unauthorized);
  CHECK(wrong.status() == 401);
  const auto by_default =
      failure_of(vc::Client(client_options(port, "demo", "demo-password"))
                     .try_update_viewing_participant("M-1", sample_follow_up()));
  CHECK(by_default.status() == 401);

  CHECK(program.finish() == 0);
  const std::string& log = program.out();
  INFO("stdout: " << log);
  CHECK(log.find("stand-in: PUT /ViewingParticipant/M-1 user=alice -> 200 body={\"") !=
        std::string::npos);
  CHECK(log.find("user=bob -> 200") != std::string::npos);
  CHECK(log.find("user=alice -> 401") != std::string::npos);
  CHECK(log.find("user=demo -> 401") != std::string::npos);
  CHECK(log.find("stand-in: stopping after 4 request(s)\n"
                 "      2 x 200  PUT ViewingParticipant/{customerId}\n"
                 "      2 x 401  PUT ViewingParticipant/{customerId}\n") != std::string::npos);
  for (const char* secret : {"s3cret", "pw:2", "wrong-password", "demo-password", "Basic"}) {
    CHECK(log.find(secret) == std::string::npos);
  }
}

TEST_CASE("stand-in program: --port N listens there, and fails on a port in use",
          "[integration][stand-in]") {
  int port = 0;
  {
    StandInProgram first({"--port", "0"});
    port = first.port();
    REQUIRE(port > 0);

    // httplib's default SO_REUSEPORT would let this one start too, and take half the requests.
    StandInProgram second({"--port", std::to_string(port)});
    CHECK(second.finish(false) == 1);
    CHECK(second.err().find("cannot listen on 127.0.0.1:" + std::to_string(port)) !=
          std::string::npos);
    CHECK(first.finish() == 0);
  }

  StandInProgram again({"--port", std::to_string(port)});  // free again, though in TIME_WAIT
  REQUIRE(again.port() == port);
  CHECK(vc::Client(client_options(port, "demo", "demo-password"))
            .update_viewing_participant("M-1", sample_follow_up()));
  CHECK(again.finish() == 0);
}

TEST_CASE("stand-in program: a bad flag exits 2 with the problem and the usage",
          "[integration][stand-in]") {
  struct Case {
    std::vector<std::string> args;
    std::string problem;
  };
  const auto bad = GENERATE(values<Case>({
      {{"--bogus"}, "unknown or incomplete argument"},
      {{"--port"}, "unknown or incomplete argument"},
      {{"--port", "65536"}, "--port needs a number from 0 to 65535"},
      {{"--port", "80x"}, "--port needs a number from 0 to 65535"},
      {{"--port", "-1"}, "--port needs a number from 0 to 65535"},
      {{"--user", "no-colon"}, "--user needs NAME:PASSWORD"},
      {{"--user", ":no-name"}, "--user needs NAME:PASSWORD"},
      {{"--fault", "explode"}, "unknown --fault"},
  }));
  StandInProgram program(bad.args);
  CHECK(program.finish(false) == 2);
  INFO("stderr: " << program.err());
  CHECK(program.err().find("vitec-connect-stand-in: " + bad.problem + "\n") != std::string::npos);
  CHECK(program.err().find("usage: vitec-connect-stand-in") != std::string::npos);
  CHECK(program.out().empty());
}

TEST_CASE("stand-in program: --help prints the usage and exits 0", "[integration][stand-in]") {
  StandInProgram program({"--help"});
  CHECK(program.finish(false) == 0);
  CHECK(program.out().find("--user U:P") != std::string::npos);
  CHECK(program.out().find("demo-token-ORD-1001") != std::string::npos);
  CHECK(program.err().empty());
}

}  // namespace
}  // namespace integration
