// The whole flow of a service provider in Vitec Express's marketplace. When a broker orders the
// service, Vitec opens the provider's registered URL with two query parameters, e.g.
//   https://my-service.example/order?customerId=M-42&token=B2aJbxq%2FHPX567...
// The provider redeems the token for a ticket (what was ordered, for which estate, by whom),
// asks the broker to act on the order, and can list its orders at any time.
//
// Usage: example_service_provider_flow [CUSTOMER_ID [TOKEN]]
//   or VITEC_CONNECT_CUSTOMER_ID / VITEC_CONNECT_ORDER_TOKEN; the defaults, M-42 and
//   demo-token-ORD-1001, are an office and a token the local stand-in knows.
#include <iostream>
#include <optional>
#include <string>

#include <vitec/connect.hpp>

#include "example_environment.hpp"

namespace vc = vitec::connect;

namespace {

std::string or_dash(const std::optional<std::string>& text) { return text ? *text : "-"; }

void print(const vc::OrderEntry& order) {
  std::cout << "  " << or_dash(order.id) << "  created "
            << (order.created_at ? order.created_at->to_string() : "-") << "  updated "
            << (order.last_updated_at ? order.last_updated_at->to_string() : "-") << "  status "
            << (order.status ? order.status->name() : "-") << "  estate "
            << or_dash(order.target_id) << "  service "
            << (order.service_id ? std::to_string(*order.service_id) : "-") << "\n";
}

}  // namespace

int main(int argc, char** argv) {
  const auto given = example::arguments(
      argc, argv, "[CUSTOMER_ID [TOKEN]]",
      "Redeems an order token, asks for user interaction on the order and lists the orders.\n"
      "Defaults: VITEC_CONNECT_CUSTOMER_ID or M-42, VITEC_CONNECT_ORDER_TOKEN or "
      "demo-token-ORD-1001.",
      2);
  const std::string customer =
      given.size() > 0 ? given[0] : example::environment("VITEC_CONNECT_CUSTOMER_ID", "M-42");
  const std::string token =
      given.size() > 1 ? given[1]
                       : example::environment("VITEC_CONNECT_ORDER_TOKEN", "demo-token-ORD-1001");
  try {
    vc::Client client(example::options_from_environment());

    // 1. What was ordered: the token only says so once redeemed.
    const vc::OrderTicket ticket = client.get_order_ticket(customer, vc::OrderToken{token});
    if (ticket.has_expired || !ticket.order_id) {
      std::cerr << "the order token has expired: the broker must open the service again\n";
      return 1;
    }
    std::cout << "ticket: order " << *ticket.order_id << " for estate " << or_dash(ticket.target_id)
              << " (" << or_dash(ticket.target_type) << "), ordered by " << or_dash(ticket.user_id)
              << ", handled by " << or_dash(ticket.order_user_id) << ", office "
              << or_dash(ticket.customer_id) << "\n";

    // 2. Ask the broker to act: the request's id is the ticket's order id.
    const bool asked = client.request_order_user_interaction(
        customer,
        {ticket.order_id, "https://my-service.example/orders/" + *ticket.order_id + "/sign",
         std::string("Please confirm the order details and sign")});
    std::cout << "PUT Service/Order/UserInteraction/" << customer << ": the server answered "
              << std::boolalpha << asked << "\n";

    // 3. The provider's orders for this estate, then those that went wrong since 2024.
    vc::OrderQuery for_estate;
    for_estate.target_id = ticket.target_id;
    std::cout << "orders for estate " << or_dash(ticket.target_id) << ":\n";
    for (const vc::OrderEntry& order : client.list_orders(customer, for_estate)) print(order);

    vc::OrderQuery failed;
    failed.created_from = vc::DateTime::parse("2024-01-01T00:00:00Z");
    failed.status = vc::OrderEntryStatus::error;
    std::cout << "orders in status Error created since 2024:\n";
    for (const vc::OrderEntry& order : client.list_orders(customer, failed)) print(order);
    return asked ? 0 : 1;
  } catch (const vc::Error& e) {
    std::cerr << "failed: " << e.what() << "\n";
    return 1;
  }
}
