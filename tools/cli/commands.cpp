#include "commands.hpp"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <mutex>
#include <set>
#include <stdexcept>
#include <vector>

#include <vitec/connect.hpp>

#include "csv_table.hpp"
#include "exit_codes.hpp"
#include "output.hpp"
#include "rows.hpp"

namespace vitec::cli {

namespace {

namespace vc = vitec::connect;

/// The Transport behind --dry-run: it prints each request the SDK built and answers `true`
/// without sending it, so what is printed is exactly what would have been sent, and the rows
/// that fail are exactly those the SDK or the CLI refuse before sending.
class RecordingTransport : public vc::Transport {
 public:
  RecordingTransport(std::ostream& out, std::string authorization)
      : out_(out), authorization_(std::move(authorization)) {}

  vc::HttpResponse send(const vc::HttpRequest& request) override {
    const std::lock_guard<std::mutex> lock(mutex_);
    print_request(out_, request, authorization_);
    ++count_;
    return {200, {}, "true"};
  }

  std::size_t count() {
    const std::lock_guard<std::mutex> lock(mutex_);
    return count_;
  }

 private:
  std::mutex mutex_;
  std::ostream& out_;
  const std::string authorization_;
  std::size_t count_ = 0;
};

/// What --dry-run shows for Authorization: never the credentials, and never a redacted value
/// that passes for credentials that were not set.
std::string shown_authorization(const vc::ClientOptions& options) {
  if (options.username.empty() && options.password.empty()) return "(none: no credentials set)";
  if (options.username.empty()) return "Basic <redacted> (no username set)";
  if (options.password.empty()) return "Basic <redacted> (no password set)";
  return "Basic <redacted>";
}

struct usage_error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

std::string read_password(const Settings& settings) {
  if (!settings.password_file.empty()) {
    std::ifstream in(settings.password_file);
    std::string line;
    if (!in || !std::getline(in, line))
      throw usage_error("cannot read a password from --password-file");
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) throw usage_error("--password-file starts with an empty line");
    return line;
  }
  if (const char* password = std::getenv("VITEC_CONNECT_PASSWORD")) {
    if (*password != '\0') return password;
    throw usage_error("VITEC_CONNECT_PASSWORD is empty");
  }
  throw usage_error("no password: set VITEC_CONNECT_PASSWORD or give --password-file");
}

vc::ClientOptions client_options(const Settings& settings) {
  // A dry run sends nothing and prints Authorization redacted: it needs no credentials.
  if (settings.username.empty() && !settings.dry_run)
    throw usage_error("no username: set VITEC_CONNECT_USERNAME or give --username");
  vc::ClientOptions options;
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

vc::ParticipantFollowUp follow_up_from(const Settings& settings) {
  vc::ParticipantFollowUp follow_up;
  follow_up.contact_id = settings.contact;
  follow_up.viewing_id = settings.viewing;
  follow_up.participated = settings.participated;
  if (settings.contacted) follow_up.contacted = vc::Contacted(*settings.contacted);
  return follow_up;
}

vc::OrderUserInteractionRequest order_request_from(const Settings& settings) {
  vc::OrderUserInteractionRequest request;
  request.id = settings.id;
  request.url = settings.url;
  request.comment = settings.comment;
  return request;
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

/// Why one row failed, and the exit code that failure alone would give.
struct row_failure {
  std::string text;
  int code = exit_ok;
};

/// Sends the rows that became models through the batch API; the others fail without a request.
/// Progress counts those as done at once, so that it runs over the rows the user sees.
template <class Model, class Send>
std::vector<row_failure> send_rows(const std::vector<RowModel<Model>>& rows,
                                   const vc::BatchOptions& options, Send&& send) {
  std::vector<Model> models;
  std::vector<std::size_t> row_of;
  std::vector<row_failure> failures(rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (const auto* model = std::get_if<Model>(&rows[i])) {
      models.push_back(*model);
      row_of.push_back(i);
    } else {
      failures[i] = {"invalid row: " + std::get<std::string>(rows[i]), exit_invalid_argument};
    }
  }
  vc::BatchOptions batch = options;
  if (options.on_progress) {
    batch.on_progress = [skipped = rows.size() - models.size(), report = options.on_progress](
                            std::size_t done, std::size_t total) {
      report(done + skipped, total + skipped);
    };
  }
  const std::vector<vc::Result<bool>> results = send(models, batch);
  for (std::size_t j = 0; j < results.size(); ++j) {
    if (!results[j]) {
      failures[row_of[j]] = {describe(results[j].error()),
                             exit_code_for(results[j].error().kind())};
    } else if (!results[j].value()) {
      failures[row_of[j]] = {"the server answered false", exit_answered_false};
    }
  }
  return failures;
}

/// The failed rows as they were read, with the reason in a last `error` column (replacing the
/// one a fed-back failed-rows file already has), so that the file can be fed back unchanged.
CsvTable failed_rows(const CsvTable& table, const std::vector<row_failure>& failures) {
  CsvTable failed;
  failed.line_end = table.line_end;
  const int old_error_column = table.column("error");
  for (std::size_t c = 0; c < table.header.size(); ++c) {
    if (static_cast<int>(c) != old_error_column) failed.header.push_back(table.header[c]);
  }
  failed.header.push_back("error");
  for (std::size_t i = 0; i < failures.size(); ++i) {
    if (failures[i].code == exit_ok) continue;
    std::vector<std::string> row;
    for (std::size_t c = 0; c < table.header.size(); ++c) {
      if (static_cast<int>(c) != old_error_column) row.push_back(table.rows[i][c]);
    }
    row.push_back(failures[i].text);
    failed.rows.push_back(std::move(row));
  }
  return failed;
}

/// Fails before anything is sent when the failed-rows file could not be written afterwards,
/// leaving no new file behind. Returns whether it already holds rows of an earlier run.
bool check_failed_file(const std::string& path) {
  std::error_code error;
  const bool existed = std::filesystem::exists(path, error);
  const bool earlier = existed && std::filesystem::file_size(path, error) > 0 && !error;
  if (!std::ofstream(path, std::ios::binary | std::ios::app))  // creates, never truncates
    throw usage_error(path + ": cannot write the failed-rows file; nothing was sent");
  // Written only once a row failed: a run that stops before must not leave an empty file.
  if (!existed) std::filesystem::remove(path, error);
  return earlier;
}

int run_bulk(const Settings& settings, vc::Client& client, RecordingTransport* recorder) {
  const CsvTable table = read_csv(settings.csv);
  // A dry run leaves the failed-rows file alone: nothing is sent, so nothing is new to record.
  const bool earlier_failures = !recorder && check_failed_file(settings.failed);
  Progress progress(std::cerr, isatty(STDERR_FILENO) == 1);
  vc::BatchOptions batch;
  batch.max_in_flight = settings.max_in_flight;
  if (!recorder) {
    batch.on_progress = [&progress](std::size_t done, std::size_t total) {
      progress.update(done, total);
    };
  }

  const std::vector<row_failure> failures =
      settings.what == command::viewing_participant
          ? send_rows(follow_ups_from(table), batch,
                      [&](const auto& models, const vc::BatchOptions& options) {
                        return client.update_viewing_participants(settings.customer, models,
                                                                  options);
                      })
          : send_rows(order_requests_from(table), batch,
                      [&](const auto& models, const vc::BatchOptions& options) {
                        return client.request_order_user_interactions(settings.customer, models,
                                                                      options);
                      });

  std::set<int> codes;
  for (std::size_t i = 0; i < failures.size(); ++i) {
    if (failures[i].code == exit_ok) continue;
    codes.insert(failures[i].code);
    std::cerr << settings.csv << ":" << table.lines[i] << ": " << failures[i].text << '\n';
  }
  const int code = codes.empty()       ? exit_ok
                   : codes.size() == 1 ? *codes.begin()
                                       : int{exit_rows_failed};
  // A dry run gives the code the real run would give for the rows refused before sending.
  if (recorder) return code;

  const CsvTable failed = failed_rows(table, failures);
  const std::size_t total = table.rows.size();
  std::cout << "sent " << total << " row(s): " << total - failed.rows.size() << " succeeded, "
            << failed.rows.size() << " failed\n";
  if (failed.rows.empty()) {
    // What the file held would otherwise pass for failures of this run.
    std::filesystem::remove(settings.failed);
    if (earlier_failures) std::cout << "removed " << settings.failed << " of an earlier run\n";
    return exit_ok;
  }
  write_csv(settings.failed, failed);
  std::cout << "failed rows written to " << settings.failed
            << " (fix them, then run again with --csv " << settings.failed << ")\n";
  return code;
}

}  // namespace

int run(const Settings& settings) {
  try {
    vc::ClientOptions options = client_options(settings);
    std::shared_ptr<RecordingTransport> recorder;
    if (settings.dry_run) {
      recorder = std::make_shared<RecordingTransport>(std::cout, shown_authorization(options));
      options.transport = recorder;
    }
    vc::Client client(std::move(options));
    return settings.csv.empty() ? run_single(settings, client, recorder.get())
                                : run_bulk(settings, client, recorder.get());
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
