#include <CLI/CLI.hpp>

#include <cmath>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "api_arguments.hpp"
#include "exit_codes.hpp"
#include "outbox.hpp"
#include "settings.hpp"

namespace vitec::cli {

namespace {

constexpr const char* environment_help =
    "Environment:\n"
    "  VITEC_CONNECT_USERNAME  the account name (or --username)\n"
    "  VITEC_CONNECT_PASSWORD  the password (or --password-file); never given as an argument,\n"
    "                          so that it does not show in a process listing\n"
    "  VITEC_CONNECT_BASE_URL  the default for --base-url\n";

/// --timeout's ceiling: a day is already far beyond any answer worth waiting for, and it keeps
/// the conversion to milliseconds far from overflowing.
constexpr double max_timeout_seconds = 24 * 60 * 60;

constexpr const char* output_help =
    "Output: an aligned table on a terminal; tab-separated lines without a header when piped\n"
    "(the same columns; tabs and line breaks inside values become spaces, an absent value is\n"
    "empty); --json: one JSON document, absent values null.\n";

/// Copies an option's value into `target` only when it was given, so that absent stays absent.
void keep_if_given(const CLI::Option* option, const std::string& value,
                   std::optional<std::string>& target) {
  if (option->count() > 0) target = value;
}

/// The options of the reading subcommands, kept until parsing is over.
struct read_options {
  CLI::App* get_follow_up = nullptr;
  CLI::App* ticket = nullptr;
  CLI::App* orders = nullptr;
  CLI::Option* token = nullptr;
  CLI::Option* token_file = nullptr;
  std::string contact, viewing, token_value, target, status, from, to;
};

void add_read_commands(CLI::App& app, Settings& settings, read_options& options) {
  options.get_follow_up = app.add_subcommand(
      "get-viewing-participant",
      "GET ViewingParticipant/{customer}/{contact}/{viewing}: read back the follow-ups Vitec "
      "holds.\nColumns: contactId, viewingId, participated, contacted, timeSlotId");
  options.get_follow_up->add_option("--customer", settings.customer, "Customer id")->required();
  options.get_follow_up->add_option("--contact", options.contact, "Contact id")->required();
  options.get_follow_up->add_option("--viewing", options.viewing, "Viewing id")->required();

  options.ticket = app.add_subcommand(
      "order-ticket",
      "POST Service/Order/Token/{customer}: redeem the token a service provider was opened "
      "with.\nThe token is a credential: prefer --token-file (or --token-file - to read it from "
      "standard input) to --token, which any user of this machine can see in a process "
      "listing. --dry-run shows it as (redacted).\nFields: orderId, userId, orderUserId, "
      "targetId, targetType, tenantId, chainId, customerId, hasExpired");
  options.ticket->add_option("--customer", settings.customer, "Customer id")->required();
  options.token = options.ticket->add_option("--token", options.token_value, "The order token");
  options.token_file = options.ticket->add_option(
      "--token-file", settings.token_file,
      "File whose first line is the token; - reads it from standard input");
  options.token->excludes(options.token_file);

  options.orders = app.add_subcommand(
      "list-orders",
      "GET Service/Order/{customer}: list the orders, filtered.\nDates as Vitec writes them: "
      "2026-01-15T09:30:00,\nwith fractions of a second, Z or an offset such as +01:00.\n"
      "Columns: id, createdAt, lastUpdatedAt, status, targetId, userId, serviceId");
  options.orders->add_option("--customer", settings.customer, "Customer id")->required();
  options.orders->add_option("--target", options.target, "Only orders for this target (estate)");
  options.orders->add_option("--from", options.from, "Only orders created at or after this");
  options.orders->add_option("--to", options.to, "Only orders created at or before this");
  options.orders->add_option("--status", options.status, "Only orders in this status, e.g. Error");

  for (CLI::App* command : {options.get_follow_up, options.ticket, options.orders}) {
    command->add_flag("--json", settings.json, "Print one JSON document instead of a table");
    command->footer(std::string(output_help) +
                    "\nThe common options (--base-url, --allow-insecure-http, --format, "
                    "--timeout, --retries,\n--username, --password-file, --dry-run) may also "
                    "follow the subcommand; see vitec-connect --help.\n\n" +
                    environment_help + "\n" + exit_code_help());
  }
}

/// A --from or --to value, checked before anything is sent.
connect::DateTime date_option(const char* name, const std::string& text) {
  try {
    return connect::DateTime::parse(text);
  } catch (const connect::Error& e) {
    throw CLI::ValidationError(std::string(name) + ": \"" + text +
                               "\" is not a date-time such as 2026-01-15T09:30:00, "
                               "2026-01-15T09:30:00Z or 2026-01-15T09:30:00+01:00 (" +
                               e.what() + ")");
  }
}

/// Settings of the reading subcommands that need more than CLI11's checks; throws
/// CLI::ValidationError with the message for the user.
void finish_read_command(const read_options& options, Settings& settings) {
  if (options.get_follow_up->parsed()) {
    settings.what = command::get_viewing_participant;
    settings.contact = options.contact;
    settings.viewing = options.viewing;
  } else if (options.ticket->parsed()) {
    settings.what = command::order_ticket;
    if (options.token->count() + options.token_file->count() == 0)
      throw CLI::ValidationError("order-ticket needs --token-file (or --token)");
    if (options.token->count() > 0) {
      if (options.token_value.empty()) throw CLI::ValidationError("--token is empty");
      settings.token = options.token_value;
    }
  } else {
    settings.what = command::list_orders;
    // Given empty is not the same as absent: the SDK refuses an empty target or status.
    const auto given = [&options](const char* name) { return options.orders->count(name) > 0; };
    auto& query = settings.order_query;
    if (given("--target")) query.target_id = options.target;
    if (given("--status")) query.status = connect::OrderEntryStatus(options.status);
    if (given("--from")) query.created_from = date_option("--from", options.from);
    if (given("--to")) query.created_to = date_option("--to", options.to);
  }
}

/// `outbox add` passes every word after it to a parser of its own (CLI11's prefix command), so
/// CLI11 knows no option of it: its --help lists the options of the item's command lines instead,
/// taken from those subcommands so that the two never disagree.
void describe_outbox_items(CLI::App& app, const std::vector<const CLI::App*>& items) {
  const auto adds = app.get_subcommand("outbox")->get_subcommands(
      [](const CLI::App* sub) { return sub->get_name() == "add"; });
  if (adds.empty()) return;  // a build without SQLite has no `outbox add`
  const CLI::Formatter formatter;
  std::string text =
      "The item: viewing-participant or order-interaction, then that subcommand's options\n"
      "(below), as when it is sent at once; or --customer and --csv FILE, one item per row.\n";
  for (const CLI::App* item : items) {
    text += formatter.make_group(item->get_name() + " options", false,
                                 item->get_options([item](const CLI::Option* option) {
                                   return option != item->get_help_ptr();
                                 }));
  }
  adds.front()->footer(text + "\n" + app.get_footer());
}

}  // namespace

ParseOutcome parse_arguments(int argc, char** argv) {
  CLI::App app{
      "vitec-connect: calls Vitec Connect from the shell: one request or a whole CSV file, and\n"
      "reads back follow-ups, order tickets and orders; any documented operation by its id.\n"
      "Example:\n"
      "  VITEC_CONNECT_USERNAME=demo VITEC_CONNECT_PASSWORD=demo-password \\\n"
      "    vitec-connect viewing-participant --base-url http://127.0.0.1:8089 \\\n"
      "      --customer M1 --viewing V1 --contact C1 --participated\n",
      "vitec-connect"};
  app.footer(std::string(environment_help) + "\n" + exit_code_help());
  app.require_subcommand(1);
  app.fallthrough();  // lets the common options follow the subcommand too

  Settings settings;
  settings.base_url = "https://connect.maklare.vitec.net";
  std::string format_name = "json";
  double timeout_seconds = 30;

  app.add_option("--base-url", settings.base_url, "Vitec Connect's address")
      ->envname("VITEC_CONNECT_BASE_URL")
      ->capture_default_str();
  app.add_flag("--allow-insecure-http", settings.allow_insecure_http,
               "Allow a plain http:// base URL to a host other than this machine (the password "
               "then crosses the network readable)");
  app.add_option("--format", format_name, "Wire format of the request and the answer")
      ->check(CLI::IsMember({"json", "xml"}))
      ->capture_default_str();
  app.add_option("--timeout", timeout_seconds,
                 "Seconds allowed per attempt, 0.001 to 86400 (24 h); fractions are fine")
      ->capture_default_str();
  app.add_option("--retries", settings.retries,
                 "Retries after a 408, 429, 500, 502, 503, 504 or a network failure (0 = none)")
      ->check(CLI::Range(0, 10))
      ->capture_default_str();
  app.add_option("--username", settings.username, "Account name")
      ->envname("VITEC_CONNECT_USERNAME");
  app.add_option("--password-file", settings.password_file,
                 "File whose first line is the password (instead of VITEC_CONNECT_PASSWORD)")
      ->check(CLI::ExistingFile);
  app.add_flag("--dry-run", settings.dry_run,
               "Print the exact request(s) instead of sending; Authorization is redacted. Bulk: "
               "rows that cannot become a request are reported, with the real run's exit code");
  auto* csv_option =
      app.add_option("--csv", settings.csv,
                     "Bulk: send one request per row of this CSV file (header row = JSON field "
                     "names, any order; for api also parameter names, and dotted names of "
                     "nested members)")
          ->check(CLI::ExistingFile);
  app.add_option("--failed", settings.failed,
                 "Bulk: where to write the rows that failed, with an error column, in input "
                 "order as they fail (the file is read row by row, never held whole); feed it "
                 "back with --csv [default: CSV.failed.csv]")
      ->needs(csv_option);
  app.add_option("--max-in-flight", settings.max_in_flight, "Bulk: requests in flight at once")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();

  auto* viewing = app.add_subcommand(
      "viewing-participant",
      "PUT ViewingParticipant/{customer}: report whether a contact took part in a viewing.\n"
      "CSV columns: contactId,viewingId,participated,contacted");
  std::string contact, viewing_id, contacted;
  viewing->add_option("--customer", settings.customer, "Customer id (the broker office)")
      ->required();
  auto* contact_option = viewing->add_option("--contact", contact, "Contact id");
  auto* viewing_option = viewing->add_option("--viewing", viewing_id, "Viewing id");
  viewing->add_flag("--participated,!--no-participated", settings.participated,
                    "Whether the contact took part [default: --no-participated]");
  auto* contacted_option =
      viewing->add_option("--contacted", contacted, "How the contact was followed up, e.g. No");

  auto* order = app.add_subcommand(
      "order-interaction",
      "PUT Service/Order/UserInteraction/{customer}: ask a user to act on an order.\n"
      "CSV columns: id,url,comment");
  std::string id, url, comment;
  order->add_option("--customer", settings.customer, "Customer id (the broker office)")->required();
  auto* id_option = order->add_option("--id", id, "Order id");
  auto* url_option = order->add_option("--url", url, "Absolute URL the user should open");
  auto* comment_option = order->add_option("--comment", comment, "Text shown to the user");

  const OutboxCommand outbox_command(app, settings.outbox);
  read_options reads;
  add_read_commands(app, settings, reads);
  const ApiCommands api_commands(app, settings,
                                 std::string(environment_help) + "\n" + exit_code_help());

  const std::string sub_footer =
      "The common options (--base-url, --allow-insecure-http, --format, --timeout, --retries,\n"
      "--username, --password-file, --dry-run, --csv, --failed, --max-in-flight) may also\n"
      "follow the subcommand; see vitec-connect --help.\n\n" +
      std::string(environment_help) + "\n" + exit_code_help();
  viewing->footer(sub_footer);
  order->footer(sub_footer);
  describe_outbox_items(app, {viewing, order});

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return {std::nullopt, code == 0 ? exit_ok : exit_usage};
  }

  const bool reading = !viewing->parsed() && !order->parsed() && !api_commands.takes_csv();
  if (reading) {
    for (const char* bulk_only : {"--csv", "--failed", "--max-in-flight"}) {
      if (app.count(bulk_only) > 0) {
        std::cerr << "vitec-connect: " << bulk_only
                  << " is for viewing-participant, order-interaction and api\n";
        return {std::nullopt, exit_usage};
      }
    }
    try {
      if (!api_commands.parsed()) finish_read_command(reads, settings);
    } catch (const CLI::ValidationError& e) {
      std::cerr << "vitec-connect: " << e.what() << '\n';
      return {std::nullopt, exit_usage};
    }
  }
  const bool single_fields_given =
      viewing->parsed()
          ? contact_option->count() + viewing_option->count() + contacted_option->count() +
                    viewing->count("--participated") + viewing->count("--no-participated") >
                0
          : id_option->count() + url_option->count() + comment_option->count() > 0;
  if (!settings.csv.empty() && single_fields_given) {
    std::cerr << "vitec-connect: with --csv the fields come from the file; give only --customer\n";
    return {std::nullopt, exit_usage};
  }

  // The SDK takes whole milliseconds: refuse what would round to 0 ms or overflow (NaN and
  // infinity fail both comparisons).
  if (!(timeout_seconds >= 0.001 && timeout_seconds <= max_timeout_seconds)) {
    std::cerr
        << "vitec-connect: --timeout must be a number of seconds from 0.001 to 86400 (24 h)\n";
    return {std::nullopt, exit_usage};
  }
  settings.format = format_name == "xml" ? connect::Format::xml : connect::Format::json;
  settings.timeout = std::chrono::milliseconds(std::llround(timeout_seconds * 1000));
  if (outbox_command.parsed()) return outbox_command.finish(std::move(settings));
  if (viewing->parsed()) {
    settings.what = command::viewing_participant;
    keep_if_given(contact_option, contact, settings.contact);
    keep_if_given(viewing_option, viewing_id, settings.viewing);
    keep_if_given(contacted_option, contacted, settings.contacted);
  } else if (order->parsed()) {
    settings.what = command::order_interaction;
    keep_if_given(id_option, id, settings.id);
    keep_if_given(url_option, url, settings.url);
    keep_if_given(comment_option, comment, settings.comment);
  }
  if (!settings.csv.empty() && settings.failed.empty())
    settings.failed = settings.csv + ".failed.csv";
  // A run without failures removes the failed-rows file: that would delete the input. Any
  // spelling of the same file counts (./x.csv, an absolute path, a link).
  std::error_code same_error;
  if (!settings.csv.empty() &&
      std::filesystem::equivalent(settings.csv, settings.failed, same_error)) {
    std::cerr << "vitec-connect: --failed " << settings.failed << " is the --csv file itself\n";
    return {std::nullopt, exit_usage};
  }
  if (api_commands.parsed()) return api_commands.finish(std::move(settings));
  return {std::move(settings), exit_ok};
}

}  // namespace vitec::cli
