#include "reads.hpp"

#include <iostream>
#include <nlohmann/json.hpp>
#include <vector>

#include "exit_codes.hpp"
#include "output.hpp"
#include "secrets.hpp"
#include "table.hpp"

namespace vitec::cli {

namespace {

namespace vc = vitec::connect;
using json = nlohmann::ordered_json;  // members in the order of the field lists

/// One field of an answer: its name (the API's JSON member) and its value as JSON, null when
/// absent. The table, the tab-separated lines and --json are all made from these lists.
template <class T>
struct field {
  const char* name;
  json (*get)(const T&);
};

json or_null(const std::optional<std::string>& value) { return value ? json(*value) : json(); }
json or_null(const std::optional<vc::DateTime>& value) {
  return value ? json(value->to_string()) : json();
}
template <class Enum>
json name_or_null(const std::optional<Enum>& value) {
  return value ? json(value->name()) : json();
}

const std::vector<field<vc::ParticipantFollowUp>> follow_up_fields = {
    {"contactId", [](const vc::ParticipantFollowUp& f) { return or_null(f.contact_id); }},
    {"viewingId", [](const vc::ParticipantFollowUp& f) { return or_null(f.viewing_id); }},
    {"participated", [](const vc::ParticipantFollowUp& f) { return json(f.participated); }},
    {"contacted", [](const vc::ParticipantFollowUp& f) { return name_or_null(f.contacted); }},
    {"timeSlotId", [](const vc::ParticipantFollowUp& f) { return or_null(f.time_slot_id); }},
};

const std::vector<field<vc::OrderEntry>> order_fields = {
    {"id", [](const vc::OrderEntry& o) { return or_null(o.id); }},
    {"createdAt", [](const vc::OrderEntry& o) { return or_null(o.created_at); }},
    {"lastUpdatedAt", [](const vc::OrderEntry& o) { return or_null(o.last_updated_at); }},
    {"status", [](const vc::OrderEntry& o) { return name_or_null(o.status); }},
    {"targetId", [](const vc::OrderEntry& o) { return or_null(o.target_id); }},
    {"userId", [](const vc::OrderEntry& o) { return or_null(o.user_id); }},
    {"serviceId",
     [](const vc::OrderEntry& o) { return o.service_id ? json(*o.service_id) : json(); }},
};

const std::vector<field<vc::OrderTicket>> ticket_fields = {
    {"orderId", [](const vc::OrderTicket& t) { return or_null(t.order_id); }},
    {"userId", [](const vc::OrderTicket& t) { return or_null(t.user_id); }},
    {"orderUserId", [](const vc::OrderTicket& t) { return or_null(t.order_user_id); }},
    {"targetId", [](const vc::OrderTicket& t) { return or_null(t.target_id); }},
    {"targetType", [](const vc::OrderTicket& t) { return or_null(t.target_type); }},
    {"tenantId", [](const vc::OrderTicket& t) { return or_null(t.tenant_id); }},
    {"chainId", [](const vc::OrderTicket& t) { return or_null(t.chain_id); }},
    {"customerId", [](const vc::OrderTicket& t) { return or_null(t.customer_id); }},
    {"hasExpired", [](const vc::OrderTicket& t) { return json(t.has_expired); }},
};

/// A list: one row per item, a header on a terminal.
template <class T>
void print_list(const std::vector<T>& items, const std::vector<field<T>>& fields, style how,
                const char* none) {
  if (how == style::json) {
    json document = json::array();
    for (const auto& item : items) {
      json object = json::object();
      for (const auto& f : fields) object[f.name] = f.get(item);
      document.push_back(std::move(object));
    }
    std::cout << dump(document) << '\n';
    return;
  }
  if (items.empty() && how == style::table) {
    std::cout << none << '\n';
    return;
  }
  std::vector<std::vector<std::string>> rows;
  if (how == style::table) {
    rows.emplace_back();
    for (const auto& f : fields) rows.back().emplace_back(f.name);
  }
  for (const auto& item : items) {
    rows.emplace_back();
    for (const auto& f : fields)
      rows.back().push_back(cell(f.get(item), how == style::table ? "-" : ""));
  }
  print_rows(rows, how);
}

/// One record: a name and a value per line.
template <class T>
void print_record(const T& item, const std::vector<field<T>>& fields, style how) {
  if (how == style::json) {
    json object = json::object();
    for (const auto& f : fields) object[f.name] = f.get(item);
    std::cout << dump(object) << '\n';
    return;
  }
  std::vector<std::vector<std::string>> rows;
  for (const auto& f : fields)
    rows.push_back({f.name, cell(f.get(item), how == style::table ? "-" : "")});
  print_rows(rows, how);
}

/// Prints the answer, or reports the error; returns the exit code.
template <class T, class Print>
int finish(const vc::Result<T>& result, RecordingTransport* recorder, Print&& print) {
  // A dry run's recorded request is what counts; its stand-in answer is not the endpoint's.
  if (recorder && recorder->count() > 0) return exit_ok;
  if (!result) {
    std::cerr << "vitec-connect: " << describe(result.error()) << '\n';
    return exit_code_for(result.error().kind());
  }
  print(result.value());
  return exit_ok;
}

}  // namespace

int run_read(const Settings& settings, vc::Client& client, RecordingTransport* recorder) {
  const style how = output_style(settings.json);
  switch (settings.what) {
    case command::get_viewing_participant:
      return finish(client.try_get_viewing_participant(settings.customer, *settings.contact,
                                                       *settings.viewing),
                    recorder, [how](const auto& follow_ups) {
                      print_list(follow_ups, follow_up_fields, how, "no follow-ups");
                    });
    case command::order_ticket: {
      // The token is a credential: a dry run shows where it goes, not what it is.
      const std::string token = read_token(settings);
      return finish(client.try_get_order_ticket(settings.customer,
                                                vc::OrderToken{recorder ? "(redacted)" : token}),
                    recorder,
                    [how](const auto& ticket) { print_record(ticket, ticket_fields, how); });
    }
    case command::list_orders:
    default:  // the PUT commands do not come here
      return finish(
          client.try_list_orders(settings.customer, settings.order_query), recorder,
          [how](const auto& orders) { print_list(orders, order_fields, how, "no orders"); });
  }
}

}  // namespace vitec::cli
