// vitec-connect-stand-in: a local Vitec Connect for demos and manual tests. Runs until SIGINT or
// SIGTERM.
#include <signal.h>

#include <charconv>
#include <cstring>
#include <iomanip>
#include <iostream>
#include <string>
#include <string_view>

#include "orders.hpp"
#include "stand_in.hpp"

namespace {

constexpr const char* usage =
    "usage: vitec-connect-stand-in [--port N] [--user NAME:PASSWORD]... [--fault SPEC]... [--log]\n"
    "  --port N     port on 127.0.0.1 (default 8089; 0 = any free port)\n"
    "  --user U:P   an account to accept (repeatable; default demo:demo-password)\n"
    "  --fault SPEC a scripted fault for the next request(s) (repeatable), one of:\n"
    "               ";

/// `name` of `order`, or "-" when the order has none.
std::string field_of(const vitec::stand_in::detail::record& order, const char* name) {
  const auto found = order.find(name);
  return found == order.end() ? "-" : found->second;
}

/// The demo data, printed from the tables the server answers from, so that it cannot go stale.
void print_demo_data(std::ostream& out) {
  namespace si = vitec::stand_in;
  const si::ServerOptions defaults;
  const auto& orders = si::detail::demo_orders();
  out << "Demo data, the same for every customer id:\n  accounts (unless --user is given):";
  for (const auto& [name, password] : defaults.users) out << ' ' << name << ':' << password;
  out << "\n  answered 403 for any account:";
  for (const auto& customer : defaults.forbidden_customers) out << " customer id " << customer;
  out << "\n  GET Service/Order/{customerId} lists these orders (filters TargetId, MinValue,\n"
      << "  MaxValue on CreatedAt, Status):\n";
  for (const auto& order : orders) {
    out << "    " << order.at("Id") << "  created " << field_of(order, "CreatedAt") << "  updated "
        << field_of(order, "LastUpdatedAt") << "  status " << field_of(order, "Status")
        << "  target " << field_of(order, "TargetId") << "  user " << field_of(order, "UserId")
        << "  service " << field_of(order, "ServiceId") << "\n";
  }
  out << "  POST Service/Order/Token/{customerId} redeems these tokens:\n";
  const auto token_line = [&out](const std::string& token, const std::string& ticket) {
    out << "    " << std::left << std::setw(21) << token << ' ' << ticket << "\n";
  };
  for (const auto& order : orders)
    token_line(si::detail::demo_token(order), "a live ticket for " + order.at("Id"));
  token_line(std::string(si::detail::expired_token),
             "an expired ticket (hasExpired true) for " + orders.front().at("Id"));
  out << "  GET ViewingParticipant/{customerId}/{contactId}/{viewingId} reads back what was PUT.\n";
  out << "  Every other operation of spec/vitec-connect.json answers its page's sample with the\n"
      << "  request's ids; a GET on the path of a PUT or POST serves back what was written "
         "there.\n";
}

void print_usage(std::ostream& out) {
  out << usage << vitec::stand_in::fault_spec_help() << "\n"
      << "  --log        print one line per request, with its body (never a password or an\n"
      << "               order token)\n"
      << "On SIGINT or SIGTERM it stops and prints how many requests each endpoint got, by "
         "status.\n";
  print_demo_data(out);
}

int usage_error(const char* problem) {
  std::cerr << "vitec-connect-stand-in: " << problem << "\n";
  print_usage(std::cerr);
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  namespace si = vitec::stand_in;
  si::ServerOptions options;
  options.port = 8089;
  std::vector<si::FaultSpec> faults;
  bool users_given = false;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    const bool has_value = i + 1 < argc;
    if (arg == "--help" || arg == "-h") {
      print_usage(std::cout);
      return 0;
    } else if (arg == "--log") {
      options.log = &std::cout;
    } else if (arg == "--port" && has_value) {
      const std::string_view value = argv[++i];
      const auto [end, error] =
          std::from_chars(value.data(), value.data() + value.size(), options.port);
      if (error != std::errc() || end != value.data() + value.size() || options.port < 0 ||
          options.port > 65535) {
        return usage_error("--port needs a number from 0 to 65535");
      }
    } else if (arg == "--user" && has_value) {
      const std::string_view value = argv[++i];
      const auto colon = value.find(':');
      if (colon == std::string_view::npos || colon == 0)
        return usage_error("--user needs NAME:PASSWORD");
      if (!users_given) options.users.clear();
      users_given = true;
      options.users[std::string(value.substr(0, colon))] = std::string(value.substr(colon + 1));
    } else if (arg == "--fault" && has_value) {
      auto spec = si::parse_fault_spec(argv[++i]);
      if (!spec) return usage_error("unknown --fault");
      faults.push_back(std::move(*spec));
    } else {
      return usage_error("unknown or incomplete argument");
    }
  }

  // Block the stop signals before any server thread starts, so that only sigwait sees them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  try {
    si::Server server(options);
    for (auto& spec : faults) server.script(std::move(spec.fault), spec.times);
    std::cout << "listening on " << server.base_url() << "\n"
              << "raw faults on " << server.raw_base_url() << std::endl;
    int received = 0;
    sigwait(&stop_signals, &received);
    const auto requests = server.requests();
    std::cout << "stand-in: stopping after " << requests.size() << " request(s)\n"
              << si::summary(requests) << std::flush;
  } catch (const std::exception& e) {
    std::cerr << "vitec-connect-stand-in: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
