#pragma once

// Durable delivery: an Outbox keeps PUTs in an SQLite file until Vitec Connect has taken them.
// Needs the CMake target vitec::connect_outbox (vitec::connect plus SQLite 3); not pulled in by
// <vitec/connect.hpp>. Guarantees and design: docs/outbox.md.

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "vitec/connect/client.hpp"
#include "vitec/connect/codec.hpp"
#include "vitec/connect/detail/outbox_drain.hpp"
#include "vitec/connect/detail/outbox_error.hpp"
#include "vitec/connect/detail/outbox_record.hpp"
#include "vitec/connect/detail/outbox_sqlite.hpp"
#include "vitec/connect/detail/request_factory.hpp"
#include "vitec/connect/version.hpp"

namespace vitec::connect {
inline namespace VITEC_CONNECT_ABI_NAMESPACE {

/// Where an Outbox keeps its items, and how long a drain may hold one.
struct OutboxOptions {
  std::string path;  ///< SQLite file; created (mode 0600) when missing
  /// A claimed item unfinished this long is sent again by any drain. Keep it above the longest
  /// a send can take with its retries (request_timeout x max_attempts plus the backoff).
  std::chrono::milliseconds lease{60000};
};

/// An item the server refused for good, kept until requeued.
struct DeadLetter {
  std::int64_t id;          ///< the id enqueue returned
  std::string customer_id;  ///< the customer it was enqueued for
  std::string endpoint;     ///< "ViewingParticipant" or "Service/Order/UserInteraction"
  std::string body;         ///< the JSON of the item as enqueued
  Error error;              ///< why, as the Client reported it
};

/// A durable queue of PUTs in one SQLite file, sent by drain(). Any number of Outbox objects,
/// in any number of threads and processes, may share one file: each item is sent once while
/// leases hold, and at least once in any case. One Outbox may be used from many threads at
/// once. Every member may throw OutboxError for a problem with the file.
class Outbox {
 public:
  /// Opens (or creates) the file; throws OutboxError when it cannot be used.
  Outbox(Client client, OutboxOptions options)
      : client_(std::move(client)),
        options_(std::move(options)),
        store_(std::make_unique<detail::sqlite_store>(options_.path)) {}

  /// Stores the follow-up for a later drain; on return it survives a crash or power cut.
  /// Throws InvalidArgumentError, storing nothing, for an item the Client would refuse.
  std::int64_t enqueue(std::string_view customer_id, const ParticipantFollowUp& item) {
    return store(detail::follow_up_endpoint, customer_id, item);
  }

  /// \copydoc enqueue(std::string_view, const ParticipantFollowUp&)
  std::int64_t enqueue(std::string_view customer_id, const OrderUserInteractionRequest& item) {
    return store(detail::order_endpoint, customer_id, item);
  }

  /// Sends every item that is due and that no other drain holds, through the Client's batch
  /// path (`batch.max_in_flight` at once, the Client's retries), and records each outcome as it
  /// arrives. Items enqueued meanwhile wait for the next drain; an item tried and deferred is
  /// not tried again in the same drain. `batch.on_progress(done, total)` runs after each
  /// outcome; an exception from it ends the drain, and what it held goes back to the queue.
  DrainReport drain(BatchOptions batch = {}) {  // NOLINT(performance-unnecessary-value-param)
    return detail::outbox_drain(client_, *store_, options_.lease, batch).run();
  }

  /// Items waiting or in flight, across every process using the file.
  std::size_t pending() const { return store_->counts().pending; }

  /// Every item refused for good, oldest first, with the Error that refused it.
  std::vector<DeadLetter> dead_letters() const {
    std::vector<DeadLetter> letters;
    for (auto& letter : store_->dead_letters()) {
      letters.push_back({letter.id, std::move(letter.customer_id), std::move(letter.endpoint),
                         std::move(letter.body), detail::error_from_json(letter.error)});
    }
    return letters;
  }

  /// Puts every dead letter back in the queue, in its old place; returns how many.
  std::size_t requeue_dead_letters() { return store_->requeue_dead_letters(); }

 private:
  template <class Model>
  std::int64_t store(std::string_view endpoint, std::string_view customer_id, const Model& item) {
    // What the Client would refuse is refused now, rather than dead-lettered later.
    detail::check_path_id("customer id", customer_id);
    std::string body = std::move(*detail::request_content_of(item, Format::json).body);
    return store_->enqueue({std::string(endpoint), std::string(customer_id),
                            detail::order_key(customer_id, item), std::move(body),
                            detail::outbox_now()});
  }

  Client client_;
  OutboxOptions options_;
  std::unique_ptr<detail::outbox_store> store_;
};

}  // namespace VITEC_CONNECT_ABI_NAMESPACE
}  // namespace vitec::connect
