#include "commands.hpp"

#include <cstdlib>
#include <iostream>
#include <memory>

#include <vitec/connect.hpp>

#include "api_command.hpp"
#include "bulk.hpp"
#include "completion.hpp"
#include "describe.hpp"
#include "dry_run.hpp"
#include "exit_codes.hpp"
#include "outbox.hpp"
#include "output.hpp"
#include "reads.hpp"
#include "secrets.hpp"

namespace vitec::cli {

namespace {

namespace vc = vitec::connect;

/// What --dry-run shows for Authorization: never the credentials, and never a redacted value
/// that passes for credentials that were not set.
std::string shown_authorization(const vc::ClientOptions& options) {
  if (options.username.empty() && options.password.empty()) return "(none: no credentials set)";
  if (options.username.empty()) return "Basic <redacted> (no username set)";
  if (options.password.empty()) return "Basic <redacted> (no password set)";
  return "Basic <redacted>";
}

int run_single(const Settings& settings, vc::Client& client, RecordingTransport* recorder) {
  const vc::Result<bool> result =
      settings.what == command::viewing_participant
          ? client.try_update_viewing_participant(settings.customer, follow_up_from(settings))
          : client.try_request_order_user_interaction(settings.customer,
                                                      order_request_from(settings));
  if (recorder && recorder->count() > 0) return exit_ok;
  if (!result) {
    std::cerr << "vitec-connect: " << describe(result.error()) << '\n';
    return exit_code_for(result.error().kind());
  }
  std::cout << (result.value() ? "true" : "false") << '\n';
  return result.value() ? exit_ok : exit_answered_false;
}

int run_command(const Settings& settings, vc::Client& client, RecordingTransport* recorder) {
  switch (settings.what) {
    case command::viewing_participant:
    case command::order_interaction:
      return settings.csv.empty() ? run_single(settings, client, recorder)
                                  : run_bulk(settings, client, recorder != nullptr);
    case command::get_viewing_participant:
    case command::order_ticket:
    case command::list_orders:
      return run_read(settings, client, recorder);
    case command::api:
      return run_api(settings, client, recorder);
    case command::outbox:
    case command::operations:
    case command::describe:
    case command::completion:
      break;  // run() runs them before any Client exists
  }
  return exit_usage;
}

}  // namespace

connect::ClientOptions client_options(const Settings& settings) {
  // A dry run sends nothing and prints Authorization redacted: it needs no credentials.
  if (settings.username.empty() && !settings.dry_run)
    throw usage_error("no username: set VITEC_CONNECT_USERNAME or give --username");
  connect::ClientOptions options;
  options.base_url = settings.base_url;
  options.allow_insecure_http = settings.allow_insecure_http;
  options.username = settings.username;
  const bool has_password =
      !settings.password_file.empty() || std::getenv("VITEC_CONNECT_PASSWORD") != nullptr;
  if (!settings.dry_run || has_password) options.password = read_password(settings);
  options.format = settings.format;
  options.request_timeout = settings.timeout;
  options.retry.max_attempts = settings.retries + 1;
  return options;
}

connect::ParticipantFollowUp follow_up_from(const Settings& settings) {
  connect::ParticipantFollowUp follow_up;
  follow_up.contact_id = settings.contact;
  follow_up.viewing_id = settings.viewing;
  follow_up.participated = settings.participated;
  if (settings.contacted) follow_up.contacted = connect::Contacted(*settings.contacted);
  return follow_up;
}

connect::OrderUserInteractionRequest order_request_from(const Settings& settings) {
  connect::OrderUserInteractionRequest request;
  request.id = settings.id;
  request.url = settings.url;
  request.comment = settings.comment;
  return request;
}

int run(const Settings& settings) {
  try {
    if (settings.what == command::outbox) return run_outbox(settings);
    // They read only the description built into the program: no credentials needed.
    if (settings.what == command::operations) return run_operations(settings);
    if (settings.what == command::describe) return run_describe(settings);
    if (settings.what == command::completion) return run_completion(settings.api.words);
    vc::ClientOptions options = client_options(settings);
    std::shared_ptr<RecordingTransport> recorder;
    if (settings.dry_run) {
      recorder = std::make_shared<RecordingTransport>(std::cout, shown_authorization(options));
      options.transport = recorder;
    }
    vc::Client client(std::move(options));
    return run_command(settings, client, recorder.get());
  } catch (const usage_error& e) {
    std::cerr << "vitec-connect: " << e.what() << '\n';
    return exit_usage;
  } catch (const vc::Error& e) {
    std::cerr << "vitec-connect: " << describe(e) << '\n';
    return exit_code_for(e.kind());
  } catch (const std::runtime_error& e) {
    // An unreadable CSV file, or a failed-rows file that cannot be written.
    std::cerr << "vitec-connect: " << e.what() << '\n';
    return exit_usage;
  }
}

}  // namespace vitec::cli
