#include "outbox.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <iostream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <vitec/connect/outbox.hpp>

#include "api_command.hpp"
#include "csv_file.hpp"
#include "exit_codes.hpp"
#include "output.hpp"
#include "rows.hpp"

namespace vitec::cli {

namespace {

namespace vc = vitec::connect;

volatile std::sig_atomic_t stop_requested = 0;

extern "C" void request_stop(int /*signal*/) { stop_requested = 1; }

/// Thrown from the progress callback to end a drain early: the outbox then puts back what it
/// held, so nothing is lost and nothing waits for a lease.
struct interrupted {};

/// The Client is only needed to send: adding and inspecting work without credentials. Its
/// format is the one the items will be sent in, so that adding refuses what it cannot carry.
vc::Outbox open_offline(const Settings& settings, vc::Format format = vc::Format::json) {
  vc::ClientOptions options;
  options.format = format;
  return vc::Outbox(vc::Client(options), {settings.outbox.db});
}

void require_existing(const Settings& settings) {
  if (!std::filesystem::exists(settings.outbox.db))
    throw std::runtime_error(settings.outbox.db + ": no such outbox (`outbox add` creates one)");
}

template <class Model>
bool enqueue_row(vc::Outbox& outbox, const std::string& customer, const Model& model,
                 const std::string& where) {
  try {
    outbox.enqueue(customer, model);
    return true;
  } catch (const vc::InvalidArgumentError& e) {
    std::cerr << where << ": " << describe(e) << '\n';
    return false;
  }
}

/// Queues each row of item.csv that becomes a request and reports the others; returns how many
/// were queued.
std::size_t enqueue_rows(vc::Outbox& outbox, const Settings& item) {
  CsvReader reader(item.csv);
  const RowReader to_model(item.what, reader.header());
  std::size_t queued = 0;
  while (const auto row = reader.next()) {
    const auto where = item.csv + ":" + std::to_string(row->line);
    RowModel model = to_model(row->fields);
    if (!model.model) {
      std::cerr << where << ": invalid row: " << model.error << '\n';
      continue;
    }
    const bool ok = std::visit(
        [&](const auto& request) { return enqueue_row(outbox, item.customer, request, where); },
        *model.model);
    queued += ok ? 1 : 0;
  }
  return queued;
}

/// The column of `name` in `header`, or -1.
int column_of(const std::vector<std::string>& header, const std::string& name) {
  const auto found = std::find(header.begin(), header.end(), name);
  return found == header.end() ? -1 : static_cast<int>(found - header.begin());
}

/// `outbox add --csv FILE` with a dead-letters export, fixed by hand: each row's body goes back
/// in its dead letter's place, through the operation's model (so a misspelt member or a wrong
/// type is refused, naming it). Every row is checked first and then all are requeued in one
/// transaction, or none; a row whose id is no longer a dead letter (fed back before) is skipped.
int add_exported(const Settings& settings, const std::string& path) {
  CsvReader reader(path);
  const int operation = column_of(reader.header(), "operation_id");
  const int customer = column_of(reader.header(), "customer_id");
  const int body = column_of(reader.header(), "body");
  const int id = column_of(reader.header(), "id");
  if (operation < 0 || customer < 0 || body < 0 || id < 0) {
    throw std::runtime_error(path +
                             ": needs the columns id, operation_id, customer_id and body (as "
                             "`outbox dead-letters --csv` writes them)");
  }
  std::vector<vc::DeadLetterFix> fixes;
  std::size_t bad = 0;
  while (const auto row = reader.next()) {
    const auto& fields = row->fields;
    const auto where = path + ":" + std::to_string(row->line);
    vc::DeadLetterFix fix{0, fields[customer], fields[body]};
    const auto& text = fields[id];
    const auto parsed = std::from_chars(text.data(), text.data() + text.size(), fix.id);
    const auto* known = vc::detail::find_outbox_operation(fields[operation]);
    try {
      if (parsed.ec != std::errc() || parsed.ptr != text.data() + text.size())
        throw vc::InvalidArgumentError("id must be a dead letter's number");
      if (known == nullptr) {
        throw vc::InvalidArgumentError(
            "operation \"" + fields[operation] +
            (vc::detail::find_outbox_write(fields[operation])
                 ? "\": a body is fixed here for the two 0.2 models only; add the write again"
                 : "\" is not one this version of vitec-connect can queue"));
      }
      (void)known->from_json(fix.body);
    } catch (const vc::InvalidArgumentError& e) {
      std::cerr << where << ": " << describe(e) << '\n';
      ++bad;
      continue;
    }
    fixes.push_back(std::move(fix));
  }
  if (bad > 0) {
    std::cerr << "vitec-connect: nothing requeued: " << bad << " row(s) to fix first\n";
    return exit_invalid_argument;
  }
  vc::Outbox outbox = open_offline(settings, settings.format);
  const std::size_t requeued = outbox.requeue_dead_letters(fixes);
  std::cout << "requeued " << requeued << " of " << fixes.size()
            << " dead letter(s) in their place, fixed; " << fixes.size() - requeued
            << " no longer dead letters; " << outbox.pending() << " pending\n";
  return exit_ok;
}

/// Whether `word` is an operation's id: its method, then '-' and the rest of its name.
bool is_operation_id(const std::string& word) {
  for (const char* method : {"GET-", "POST-", "PUT-", "DELETE-"}) {
    if (word.rfind(method, 0) == 0) return true;
  }
  return false;
}

/// `outbox add OPERATION_ID NAME=VALUE ... [--body FILE|-]`: any write safe to send again, its
/// arguments read as `api` reads them; prints the new item's id. What Outbox::enqueue refuses
/// (InvalidArgumentError: exit 3) stores nothing.
int add_operation(const Settings& settings) {
  const auto& words = settings.outbox.add_args;
  std::vector<std::string> assignments;
  std::string body_file;
  for (std::size_t i = 1; i < words.size(); ++i) {
    if (words[i] == "--body") {
      if (i + 1 == words.size()) throw usage_error("--body needs a FILE, or - for standard input");
      body_file = words[++i];
    } else if (words[i].rfind("--body=", 0) == 0) {
      body_file = words[i].substr(7);
    } else {
      assignments.push_back(words[i]);
    }
  }
  auto arguments = operation_arguments(words[0], assignments, body_file);
  vc::Outbox outbox = open_offline(settings);
  const auto id =
      outbox.enqueue(arguments.operation_id,
                     {std::move(arguments.path), std::move(arguments.query)}, arguments.body);
  std::cout << id << '\n';
  return exit_ok;
}

int add(const Settings& settings) {
  const auto& words = settings.outbox.add_args;
  if (words.size() == 2 && words[0] == "--csv") return add_exported(settings, words[1]);
  if (is_operation_id(words[0])) return add_operation(settings);
  // The item's own command line, read exactly as when it is sent at once.
  std::vector<std::string> args{"vitec-connect"};
  args.insert(args.end(), settings.outbox.add_args.begin(), settings.outbox.add_args.end());
  std::vector<char*> argv;
  for (auto& arg : args) argv.push_back(arg.data());
  const auto parsed = parse_arguments(static_cast<int>(argv.size()), argv.data());
  if (!parsed.settings) return parsed.exit_code;
  const Settings& item = *parsed.settings;
  const bool xml = item.format == vc::Format::xml || settings.format == vc::Format::xml;
  vc::Outbox outbox = open_offline(settings, xml ? vc::Format::xml : vc::Format::json);
  const bool follow_up = item.what == command::viewing_participant;
  if (item.csv.empty()) {
    const bool queued = follow_up
                            ? enqueue_row(outbox, item.customer, follow_up_from(item), "item")
                            : enqueue_row(outbox, item.customer, order_request_from(item), "item");
    if (!queued) return exit_invalid_argument;
    std::cout << "queued 1 item; " << outbox.pending() << " pending\n";
    return exit_ok;
  }
  // Checked whole first, so that a malformed file queues nothing.
  const std::size_t rows = check_rows(item.what, item.csv);
  const std::size_t queued = enqueue_rows(outbox, item);
  std::cout << "queued " << queued << " of " << rows << " row(s); " << outbox.pending()
            << " pending\n";
  return queued == rows ? exit_ok : exit_invalid_argument;
}

/// Sleeps up to `seconds`, waking early for SIGINT or SIGTERM.
void pause_unless_stopped(double seconds) {
  const auto until = std::chrono::steady_clock::now() +
                     std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                         std::chrono::duration<double>(seconds));
  while (!stop_requested && std::chrono::steady_clock::now() < until) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

int drain(const Settings& settings) {
  require_existing(settings);
  vc::Outbox outbox(vc::Client(client_options(settings)), {settings.outbox.db});
  struct sigaction action {};
  action.sa_handler = request_stop;
  ::sigaction(SIGINT, &action, nullptr);
  ::sigaction(SIGTERM, &action, nullptr);
  do {
    Progress progress(std::cerr, isatty(STDERR_FILENO) == 1, "items");
    vc::BatchOptions batch;
    batch.max_in_flight = settings.max_in_flight;
    batch.on_progress = [&progress](std::size_t done, std::size_t total) {
      if (stop_requested) throw interrupted{};
      progress.update(done, total);
    };
    vc::DrainReport report;
    try {
      report = outbox.drain(batch);
    } catch (const interrupted&) {
      break;
    }
    std::cout << "drained: " << report.sent << " sent, " << report.dead << " dead, "
              << report.deferred << " deferred, " << report.superseded << " superseded\n";
    for (const auto& because : report.deferred_because) {
      std::cout << "  deferred " << because.count << " for " << because.reason
                << "; the last: " << describe(because.last_error) << '\n';
    }
    std::cout << std::flush;
    if (report.halted) {
      std::cerr << "vitec-connect: drain stopped: " << describe(*report.halted) << '\n';
      return exit_code_for(report.halted->kind());
    }
    if (settings.outbox.watch_seconds > 0) pause_unless_stopped(settings.outbox.watch_seconds);
  } while (settings.outbox.watch_seconds > 0 && !stop_requested);
  if (stop_requested) std::cout << "stopped on a signal; nothing lost\n";
  std::cout << outbox.pending() << " pending\n";
  return exit_ok;
}

/// Whole seconds from now to `when` (negative: in the past).
long long seconds_from_now(std::chrono::system_clock::time_point when) {
  return std::chrono::duration_cast<std::chrono::seconds>(when - std::chrono::system_clock::now())
      .count();
}

int status(const Settings& settings) {
  require_existing(settings);
  const auto status = open_offline(settings).status();
  std::cout << "pending: " << status.pending << "\ndead letters: " << status.dead << '\n';
  if (status.superseded > 0) {
    std::cout << "superseded, held until what replaced them is delivered: " << status.superseded
              << '\n';
  }
  if (status.oldest_enqueued_at) {
    std::cout << "oldest pending: " << -seconds_from_now(*status.oldest_enqueued_at) << " s ago\n";
  }
  if (status.next_due) {
    const auto wait = seconds_from_now(*status.next_due);
    if (wait > 0) {
      std::cout << "next try: in " << wait << " s\n";
    } else {
      std::cout << "next try: due now\n";
    }
  }
  if (status.last_error) std::cout << "last error: " << describe(*status.last_error) << '\n';
  return exit_ok;
}

int dead_letters(const Settings& settings) {
  require_existing(settings);
  vc::Outbox outbox = open_offline(settings);
  const auto letters = outbox.dead_letters();
  if (!settings.outbox.csv.empty()) {
    // Dead letters hold customer data: the writer makes the export private to its owner.
    CsvWriter out(settings.outbox.csv, "\r\n");
    // The columns `outbox add --csv` reads back once the bodies are fixed.
    out.write({"id", "operation_id", "customer_id", "body", "superseded", "error", "endpoint"});
    for (const auto& letter : letters) {
      out.write({std::to_string(letter.id), letter.operation_id, letter.customer_id, letter.body,
                 letter.superseded ? "true" : "false", describe(letter.error), letter.endpoint});
    }
    out.close();
    std::cout << letters.size() << " dead letter(s) written to " << settings.outbox.csv << '\n';
  } else {
    for (const auto& letter : letters) {
      std::cout << letter.id << ' ' << letter.operation_id << ' ' << letter.customer_id << ' '
                << letter.body << (letter.superseded ? " (superseded)" : "") << ": "
                << describe(letter.error) << '\n';
    }
  }
  if (settings.outbox.requeue) {
    std::cout << "requeued " << outbox.requeue_dead_letters() << " dead letter(s)\n";
  } else if (settings.outbox.csv.empty()) {
    std::cout << letters.size() << " dead letter(s)\n";
  }
  return exit_ok;
}

}  // namespace

OutboxCommand::OutboxCommand(CLI::App& app, OutboxSettings& settings) {
  outbox_ = app.add_subcommand(
      "outbox",
      "A durable queue in an SQLite file: add items at any time, drain them to Vitec Connect\n"
      "when it answers. Nothing added is lost to a crash, an outage or a restart.\n"
      "Example:\n"
      "  vitec-connect outbox --db q.db add viewing-participant --customer M1 --contact C1 \\\n"
      "    --viewing V1 --participated\n"
      "  vitec-connect outbox --db q.db add "
      "PUT-CRM-Contact-customerId-SearchProfile-Extend-contactId \\\n"
      "    customerId=M1 contactId=C1\n"
      "  vitec-connect outbox --db q.db drain --watch 60\n"
      "--db may also follow the subcommand: vitec-connect outbox status --db q.db");
  outbox_->add_option("--db", settings.db, "The outbox file (created mode 0600 by add)");
  outbox_->require_subcommand(1);
  add_ = outbox_->add_subcommand(
      "add",
      "Queue items; needs no credentials. Its forms:\n"
      "  add OPERATION_ID NAME=VALUE ...      any write safe to send again (PUTs, DELETEs,\n"
      "    [--body FILE|-]                    one POST), its arguments as `api` takes\n"
      "                                       them; prints the new item's id\n"
      "  add viewing-participant OPTIONS      one follow-up, or --csv FILE for many\n"
      "  add order-interaction OPTIONS        one interaction request, or --csv FILE for many\n"
      "  add --csv FILE                       a dead-letters export, its bodies fixed: each\n"
      "                                       row (id, operation_id, customer_id, body as JSON)\n"
      "                                       goes back in its place; all rows or none");
  add_->prefix_command();
  add_->fallthrough(false);  // every word after `add` is the item's own command line
  drain_ = outbox_->add_subcommand(
      "drain", "Send what is due (--max-in-flight at once); progress on stderr");
  drain_
      ->add_option("--watch", settings.watch_seconds,
                   "Drain again SECONDS after each drain, until SIGINT or SIGTERM")
      ->check(CLI::Range(0.001, 86400.0));
  status_ = outbox_->add_subcommand(
      "status",
      "Pending, superseded and dead items, the age of the oldest pending one, when the next\n"
      "try is due, and the last error");
  dead_letters_ = outbox_->add_subcommand(
      "dead-letters", "List the items the server refused for good, with the reason");
  dead_letters_->add_option(
      "--csv", settings.csv,
      "Export them to this CSV file (mode 0600) instead of listing; fix the bodies and feed\n"
      "it back with `outbox add --csv FILE`");
  dead_letters_->add_flag("--requeue", settings.requeue, "Then put them back in the queue");
}

ParseOutcome OutboxCommand::finish(Settings settings) const {
  settings.what = command::outbox;
  auto& outbox = settings.outbox;
  if (add_->parsed()) {
    outbox.what = OutboxSettings::action::add;
    // `add` hands every later word to the item's own parser: --db among them is the outbox's.
    for (auto& word : add_->remaining()) {
      if (!outbox.add_args.empty() && outbox.add_args.back() == "--db") {
        outbox.add_args.pop_back();
        outbox.db = std::move(word);
      } else if (word.rfind("--db=", 0) == 0) {
        outbox.db = word.substr(5);
      } else {
        outbox.add_args.push_back(std::move(word));
      }
    }
    if (outbox.add_args.empty()) {
      std::cerr << "vitec-connect: outbox add needs a viewing-participant or order-interaction "
                   "command line, or --csv FILE of dead letters\n";
      return {std::nullopt, exit_usage};
    }
  } else if (drain_->parsed()) {
    outbox.what = OutboxSettings::action::drain;
  } else if (status_->parsed()) {
    outbox.what = OutboxSettings::action::status;
  } else {
    outbox.what = OutboxSettings::action::dead_letters;
  }
  if (outbox.db.empty()) {
    std::cerr << "vitec-connect: outbox needs --db FILE\n";
    return {std::nullopt, exit_usage};
  }
  return {std::move(settings), exit_ok};
}

int run_outbox(const Settings& settings) {
  switch (settings.outbox.what) {
    case OutboxSettings::action::add:
      return add(settings);
    case OutboxSettings::action::drain:
      return drain(settings);
    case OutboxSettings::action::status:
      return status(settings);
    case OutboxSettings::action::dead_letters:
      return dead_letters(settings);
  }
  return exit_usage;
}

}  // namespace vitec::cli
