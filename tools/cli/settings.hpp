// What the command line asked for, parsed by parse_arguments.
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>

#include <vitec/connect/format.hpp>
#include <vitec/connect/models.hpp>

#include "api_settings.hpp"
#include "outbox_settings.hpp"

namespace vitec::cli {

enum class command {
  viewing_participant,
  order_interaction,
  get_viewing_participant,
  order_ticket,
  list_orders,
  outbox,
  operations,
  api,
  describe,
  completion,
};

struct Settings {
  command what = command::viewing_participant;
  std::string base_url;
  bool allow_insecure_http = false;
  connect::Format format = connect::Format::json;
  std::chrono::milliseconds timeout{30000};
  int retries = 2;
  std::string username;
  std::string password_file;
  bool dry_run = false;
  std::string customer;

  // viewing-participant, get-viewing-participant
  std::optional<std::string> contact;
  std::optional<std::string> viewing;
  bool participated = false;
  std::optional<std::string> contacted;

  // order-interaction
  std::optional<std::string> id;
  std::optional<std::string> url;
  std::optional<std::string> comment;

  // order-ticket: the token itself, or the file holding it ("-": standard input)
  std::optional<std::string> token;
  std::string token_file;

  // list-orders
  connect::OrderQuery order_query;

  // the reading commands, operations, api and describe: JSON instead of a table
  bool json = false;

  // bulk
  std::string csv;
  std::string failed;  ///< empty until resolved: csv + ".failed.csv"
  std::size_t max_in_flight = 16;

  OutboxSettings outbox;
  ApiSettings api;
};

/// Either the settings, or the code to exit with (after --help, or a usage error already printed).
struct ParseOutcome {
  std::optional<Settings> settings;
  int exit_code = 0;
};

ParseOutcome parse_arguments(int argc, char** argv);

}  // namespace vitec::cli
