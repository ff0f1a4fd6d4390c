// Sends 200 follow-ups for one customer through the batch API: many requests in flight over one
// connection pool, results in input order, one item's failure never stopping the others.
#include <iostream>
#include <string>
#include <vector>

#include <vitec/connect.hpp>

#include "example_environment.hpp"

namespace vc = vitec::connect;

int main(int argc, char** argv) {
  example::arguments(argc, argv, "",
                     "Sends 200 follow-ups for one customer through the batch API.");
  vc::Client client(example::options_from_environment());

  constexpr std::size_t rejected_on_purpose = 7;
  std::vector<vc::ParticipantFollowUp> follow_ups(200);
  for (std::size_t i = 0; i < follow_ups.size(); ++i) {
    follow_ups[i].contact_id = "C-" + std::to_string(i);
    follow_ups[i].viewing_id = "V-2002";
    follow_ups[i].participated = i % 3 != 0;
  }
  // One the server will reject, to show that a failed item does not stop the others.
  follow_ups[rejected_on_purpose].contact_id.reset();

  vc::BatchOptions batch;
  batch.max_in_flight = 8;
  batch.on_progress = [](std::size_t done, std::size_t total) {
    if (done % 50 == 0 || done == total) std::cout << "  " << done << "/" << total << " done\n";
  };
  const std::vector<vc::Result<bool>> results =
      client.update_viewing_participants("M-42", follow_ups, batch);

  std::size_t accepted = 0;
  for (std::size_t i = 0; i < results.size(); ++i) {
    if (results[i] && results[i].value()) {
      ++accepted;
    } else if (!results[i]) {
      std::cout << "  item " << i << " failed"
                << (i == rejected_on_purpose ? " (expected: it has no contact id on purpose)" : "")
                << ": " << results[i].error().what() << "\n";
    }
  }
  std::cout << "sent " << results.size() << " follow-ups to ViewingParticipant/M-42: " << accepted
            << " accepted, " << results.size() - accepted
            << " not (1 expected: the one rejected on purpose)\n";
  // The one rejected on purpose is expected; anything else is a real failure.
  const bool as_expected = accepted == results.size() - 1 && !results[rejected_on_purpose] &&
                           results[rejected_on_purpose].error().kind() == vc::ErrorKind::validation;
  return as_expected ? 0 : 1;
}
