#include "api_arguments.hpp"

#include <set>
#include <string>
#include <vector>

#include "exit_codes.hpp"

namespace vitec::cli {

namespace {

/// The long options of `app` ("--csv"), noting in `valued` those that take a value.
std::vector<std::string> long_options(const CLI::App& app, std::set<std::string>& valued) {
  std::vector<std::string> names;
  for (const CLI::Option* option : app.get_options()) {
    for (const auto& name : option->get_lnames()) {
      names.push_back("--" + name);
      if (option->get_expected_min() > 0) valued.insert(names.back());
    }
  }
  return names;
}

CommandWords words_of(const CLI::App& app) {
  CommandWords words;
  words.options[""] = long_options(app, words.valued);
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; }))
    words.options[sub->get_name()] = long_options(*sub, words.valued);
  return words;
}

}  // namespace

ApiCommands::ApiCommands(CLI::App& app, Settings& settings, const std::string& footer) {
  operations_ = app.add_subcommand(
      "operations",
      "List every documented operation: id, method, path, parameters, body model and answer.\n"
      "Needs no credentials. Columns: id, method, path, parameters, body, answer");
  operations_->add_option("--area", settings.api.area,
                          "Only the operations of this area, e.g. crm (see the area column of "
                          "--json)");
  operations_->add_flag("--json", settings.json,
                        "Print one JSON document, with each parameter's wire name, place, type, "
                        "limits and description");

  api_ = app.add_subcommand(
      "api",
      "Call any documented operation by its id (see `operations`), through the SDK's typed\n"
      "models: a misspelt member, a wrong type or a value outside a documented limit is refused\n"
      "before anything is sent (exit 3), naming it.\n"
      "Example:\n"
      "  vitec-connect api GET-CRM-Contact-customerId-contactId customerId=M1 contactId=C1\n"
      "  vitec-connect api POST-CRM-Bid-customerId-estateId-contactId customerId=M1 \\\n"
      "    estateId=E1 contactId=C1 --body bid.json");
  api_->add_option("operation", settings.api.operation_id, "The operation's id")
      ->type_name("OPERATION_ID")
      ->required();
  api_->add_option("parameters", settings.api.assignments,
                   "NAME=VALUE: a braced name of the path goes in the path, any other in the "
                   "query; names as the operation's page writes them, in any case. Dates as "
                   "2024-05-01T12:00:00, a list of ids separated by ','")
      ->type_name("NAME=VALUE");
  api_->add_option("--body", settings.api.body_file,
                   "The body: a file of JSON, - reads it from standard input")
      ->type_name("FILE");
  api_->add_flag("--all-pages", settings.api.all_pages,
                 "For a paged list (it takes PageIndex and PageSize): every row of every page, "
                 "one JSON line each, fetched a page at a time (PageSize=N sets the page size, "
                 "PageIndex=N the first page)");
  api_->add_flag("--json", settings.json,
                 "Print the answer as JSON on a terminal too (else a list of objects is a "
                 "table there)");
  api_->footer(
      std::string(
          "Output: the answer as JSON, pretty on a terminal and on one line when piped; on a\n"
          "terminal a list of objects is a table (one column per member) unless --json is given.\n"
          "A boolean answer false exits 1; a 404 exits 13.\n\n"
          "--csv FILE: one call per row, --max-in-flight at once; a column is a parameter or a\n"
          "body member (nested ones dotted: address.city), a cell read by the member's type;\n"
          "failed rows go to --failed with the reason, and only a summary is printed.\n\n") +
      "The common options (--base-url, --allow-insecure-http, --format, --timeout, --retries,\n"
      "--username, --password-file, --dry-run, --csv, --failed, --max-in-flight) may also\n"
      "follow the subcommand; see vitec-connect --help.\n\n" +
      footer);

  describe_ = app.add_subcommand(
      "describe",
      "What the description says of an operation (method, path, parameters with their wire\n"
      "name, place, type, limits; body model and answer), a model (members with JSON name,\n"
      "type, required, limits and the vendor's description) or an enum (its values). Needs no\n"
      "credentials.\n"
      "Example:\n"
      "  vitec-connect describe Crm_CrmPersonContact\n"
      "  vitec-connect describe GET-CRM-Contact-customerId-contactId");
  describe_
      ->add_option(
          "name", settings.api.name,
          "An operation id, or a model's or enum's description key (Crm_CrmPersonContact), "
          "C++ name or page name, in any case")
      ->required();
  describe_->add_flag("--json", settings.json, "Print the description's entry as JSON");

  completion_ = app.add_subcommand(
      "completion",
      "Print a shell completion script: subcommands, options, operation ids after api and\n"
      "describe, model names after describe, and the NAME= parameters of api's operation.\n"
      "Needs no credentials.\n"
      "Example:\n"
      "  source <(vitec-connect completion bash)");
  completion_->add_option("shell", shell_, "The shell")->check(CLI::IsMember({"bash"}))->required();
}

bool ApiCommands::parsed() const {
  return operations_->parsed() || api_->parsed() || describe_->parsed() || completion_->parsed();
}

bool ApiCommands::takes_csv() const { return api_->parsed(); }

ParseOutcome ApiCommands::finish(Settings settings) const {
  settings.what = operations_->parsed() ? command::operations
                  : api_->parsed()      ? command::api
                  : describe_->parsed() ? command::describe
                                        : command::completion;
  if (completion_->parsed()) settings.api.words = words_of(*completion_->get_parent());
  return {std::move(settings), exit_ok};
}

}  // namespace vitec::cli
