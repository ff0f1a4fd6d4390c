// A CRM's sync with Vitec, through the generated area clients: reads the contacts of a customer
// changed in the last week and the search profiles of each person among them, registers a bid
// for one of them on an estate, and books the meeting the broker asked for. Each call is a
// typed member of an area client; the Client under them brings the retries, the connection pool
// and the typed errors of the 0.2 calls.
#include <chrono>
#include <iostream>
#include <string>

#include <vitec/connect.hpp>
#include <vitec/connect/api/crm.hpp>
#include <vitec/connect/api/meeting.hpp>

#include "example_environment.hpp"

namespace vc = vitec::connect;
namespace api = vitec::connect::api;

int main(int argc, char** argv) {
  const auto given =
      example::arguments(argc, argv, "[CUSTOMER_ID]",
                         "Reads a customer's recently changed contacts and their search profiles, "
                         "registers a bid and books a meeting.",
                         1);
  const std::string customer_id = given.empty() ? "M-42" : given[0];
  try {
    const vc::Client client(example::options_from_environment());
    const api::CrmClient crm{client};
    const api::MeetingClient meetings{client};

    // Parameters are set by name: two ids of one call cannot be swapped unnoticed.
    api::crm::GetContactParams changed;
    changed.customer_id = customer_id;
    changed.changed_at_from =
        vc::DateTime::from_sys_time(std::chrono::system_clock::now() - std::chrono::hours(24 * 7));
    const api::CrmContactList contacts = crm.get_contact(changed);
    std::cout << "contacts changed this week: " << contacts.persons.size() << " person(s), "
              << contacts.companies.size() << " company(ies), " << contacts.deceased_estates.size()
              << " deceased estate(s)\n";

    std::string buyer_id;
    for (const api::CrmContactReference& person : contacts.persons) {
      if (!person.id) continue;
      // The search profile id left empty asks for all of the contact's profiles.
      api::crm::GetContactSearchProfileParams which;
      which.customer_id = customer_id;
      which.contact_id = *person.id;
      const api::SearchProfiles profiles = crm.get_contact_search_profile(which);
      std::cout << "  person " << *person.id << ": " << profiles.residential_profiles.size()
                << " residential and " << profiles.commercial_profiles.size()
                << " commercial search profile(s)\n";
      if (buyer_id.empty()) buyer_id = *person.id;
    }
    if (buyer_id.empty()) buyer_id = "C-1001";  // a contact of the demo data

    // A POST that creates something: the Client sends it again only when the server cannot
    // have acted on it (408, 429, 503, or no connection), so a bid is never registered twice.
    api::crm::PostBidParams bid_on;
    bid_on.customer_id = customer_id;
    bid_on.estate_id = "E-3003";
    bid_on.contact_id = buyer_id;
    api::BidData bid;
    bid.amount = "4250000";
    bid.alias = "Budgivare 1";
    bid.created_at = vc::DateTime::from_sys_time(std::chrono::system_clock::now());
    const std::string bid_id = crm.post_bid(bid_on, bid);
    std::cout << "bid registered for " << buyer_id << " on E-3003: " << bid_id << "\n";

    api::meeting::PostAssignmentParams at;
    at.customer_id = customer_id;
    at.estate_id = "E-3003";
    api::AssignmentMeeting meeting;
    const auto tomorrow = std::chrono::system_clock::now() + std::chrono::hours(24);
    meeting.starts_at = vc::DateTime::from_sys_time(tomorrow);
    meeting.ends_at = vc::DateTime::from_sys_time(tomorrow + std::chrono::hours(1));
    meeting.location = "Storgatan 1, Uppsala";
    meeting.note = "Värdering inför försäljning";
    meeting.contact_id = buyer_id;
    std::cout << "meeting booked: " << meetings.post_assignment(at, meeting) << "\n";
    return 0;
  } catch (const vc::NotFoundError& e) {
    std::cerr << "not found: " << e.what() << "\n";
    return 1;
  } catch (const vc::Error& e) {
    std::cerr << "failed: " << e.what() << "\n";
    return 1;
  }
}
