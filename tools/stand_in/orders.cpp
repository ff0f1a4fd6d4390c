#include "orders.hpp"

#include <algorithm>
#include <cstdint>

#include "http_text.hpp"

namespace vitec::stand_in::detail {

namespace {

constexpr std::string_view token_prefix = "demo-token-";

/// The statuses the stand-in's OrderEntryStatus knows: Web API refuses any other name in a query.
constexpr std::string_view statuses[] = {"Delivered", "Error", "Ordered"};

std::optional<int> digits(std::string_view text, std::size_t at, std::size_t count) {
  if (at + count > text.size()) return std::nullopt;
  int value = 0;
  for (std::size_t i = at; i < at + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

std::int64_t days_from_civil(int year, int month, int day) {  // days since 1970-01-01
  year -= month <= 2;
  const int era = (year >= 0 ? year : year - 399) / 400;
  const int of_era = year - era * 400;
  const int of_year = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  const int of_cycle = of_era * 365 + of_era / 4 - of_era / 100 + of_year;
  return std::int64_t{era} * 146097 + of_cycle - 719468;
}

int days_in_month(int year, int month) {
  constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : days[month - 1];
}

/// A .NET DateTime as 100 ns ticks since 1970-01-01 UTC; one without an offset counts as UTC.
std::optional<std::int64_t> ticks_of(std::string_view text) {
  const auto year = digits(text, 0, 4), month = digits(text, 5, 2), day = digits(text, 8, 2);
  const auto hour = digits(text, 11, 2), minute = digits(text, 14, 2), second = digits(text, 17, 2);
  if (!year || !month || !day || !hour || !minute || !second || text[4] != '-' || text[7] != '-' ||
      text[10] != 'T' || text[13] != ':' || text[16] != ':' || *month < 1 || *month > 12 ||
      *day < 1 || *day > days_in_month(*year, *month) || *hour > 23 || *minute > 59 ||
      *second > 59) {
    return std::nullopt;
  }
  std::int64_t ticks =
      ((days_from_civil(*year, *month, *day) * 24 + *hour) * 60 + *minute) * 60 + *second;
  ticks *= 10'000'000;
  std::size_t at = 19;
  if (at < text.size() && text[at] == '.') {
    std::int64_t scale = 1'000'000;
    for (++at; at < text.size() && text[at] >= '0' && text[at] <= '9'; ++at) {
      if (scale == 0) return std::nullopt;  // more than seven digits
      ticks += (text[at] - '0') * scale;
      scale /= 10;
    }
    if (scale == 1'000'000) return std::nullopt;  // a dot without digits
  }
  if (at == text.size()) return ticks;
  if (text.substr(at) == "Z") return ticks;
  const auto offset_hours = digits(text, at + 1, 2), offset_minutes = digits(text, at + 4, 2);
  if ((text[at] != '+' && text[at] != '-') || text.size() != at + 6 || text[at + 3] != ':' ||
      !offset_hours || !offset_minutes || *offset_hours > 14 || *offset_minutes > 59) {
    return std::nullopt;
  }
  const std::int64_t offset = (*offset_hours * 60 + *offset_minutes) * 60 * 10'000'000LL;
  return text[at] == '+' ? ticks - offset : ticks + offset;
}

const record* demo_order(std::string_view id) {
  const auto& orders = demo_orders();
  const auto found = std::find_if(orders.begin(), orders.end(),
                                  [&](const record& order) { return order.at("Id") == id; });
  return found == orders.end() ? nullptr : &*found;
}

}  // namespace

const std::vector<record>& demo_orders() {
  static const std::vector<record> orders{
      {{"Id", "ORD-1001"},
       {"CreatedAt", "2015-01-01T12:00:00"},
       {"LastUpdatedAt", "2015-01-02T08:30:00"},
       {"Status", "Delivered"},
       {"TargetId", "OBJ-17"},
       {"UserId", "U-501"},
       {"ServiceId", "42"}},
      {{"Id", "ORD-1002"},
       {"CreatedAt", "2024-11-21T11:06:18.8765301+01:00"},
       {"Status", "Error"},
       {"TargetId", "OBJ-17"},
       {"UserId", "U-502"},
       {"ServiceId", "42"}},
      {{"Id", "ORD-1003"},
       {"CreatedAt", "2025-03-04T09:15:00Z"},
       {"LastUpdatedAt", "2025-03-04T10:00:00.5Z"},
       {"Status", "Ordered"},
       {"TargetId", "OBJ-23"},
       {"UserId", "U-501"},
       {"ServiceId", "7"}},
  };
  return orders;
}

std::string demo_token(const record& order) { return std::string(token_prefix) + order.at("Id"); }

std::optional<record> redeem_token(std::string_view token, const std::string& customer_id) {
  const bool expired = token == expired_token;
  if (!expired && token.substr(0, token_prefix.size()) != token_prefix) return std::nullopt;
  const record* order =
      expired ? &demo_orders().front() : demo_order(token.substr(token_prefix.size()));
  if (!order) return std::nullopt;
  return record{{"OrderId", order->at("Id")},
                {"UserId", order->at("UserId")},
                {"OrderUserId", "U-500"},
                {"TargetId", order->at("TargetId")},
                {"TargetType", "House"},
                {"TenantId", "T-1"},
                {"ChainId", "CH-1"},
                {"CustomerId", customer_id},
                {"HasExpired", expired ? "true" : "false"}};
}

binding bind_order_query(const std::multimap<std::string, std::string>& query) {
  binding out;
  for (const auto& parameter : query) {
    const std::string& name = parameter.first;
    const std::string& value = parameter.second;
    const auto refuse = [&] {
      out.model_state[name].push_back("The value '" + value + "' is not valid for " + name + ".");
    };
    if (iequals(name, "TargetId")) {
      out.fields["TargetId"] = value;
    } else if (iequals(name, "MinValue") || iequals(name, "MaxValue")) {
      if (!ticks_of(value)) {
        refuse();
        continue;
      }
      out.fields[iequals(name, "MinValue") ? "MinValue" : "MaxValue"] = value;
    } else if (iequals(name, "Status")) {
      const auto known =
          std::find_if(std::begin(statuses), std::end(statuses),
                       [&](std::string_view status) { return iequals(status, value); });
      if (known == std::end(statuses)) {
        refuse();
        continue;
      }
      out.fields["Status"] = std::string(*known);
    }
  }
  return out;
}

std::vector<record> matching_orders(const record& filters) {
  const auto filter = [&filters](const char* name) -> const std::string* {
    const auto found = filters.find(name);
    return found == filters.end() ? nullptr : &found->second;
  };
  const std::string* target = filter("TargetId");
  const std::string* status = filter("Status");
  const std::string* min = filter("MinValue");
  const std::string* max = filter("MaxValue");
  std::vector<record> out;
  for (const record& order : demo_orders()) {
    const std::int64_t created = *ticks_of(order.at("CreatedAt"));
    if ((target && order.at("TargetId") != *target) || (status && order.at("Status") != *status) ||
        (min && created < *ticks_of(*min)) || (max && created > *ticks_of(*max))) {
      continue;
    }
    out.push_back(order);
  }
  return out;
}

}  // namespace vitec::stand_in::detail
