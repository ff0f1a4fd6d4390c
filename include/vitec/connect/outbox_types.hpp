#pragma once

// What an Outbox is opened with and what it reports: its options, a drain's report, a dead
// letter and the queue's status. The Outbox itself is in outbox.hpp.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "vitec/connect/error.hpp"
#include "vitec/connect/version.hpp"

namespace vitec::connect {
inline namespace VITEC_CONNECT_ABI_NAMESPACE {

/// Where an Outbox keeps its items, and how long a dead drain's items stay locked.
struct OutboxOptions {
  std::string path;  ///< SQLite file; created (mode 0600) when missing
  /// How long the items of a drain that died stay locked before another drain may take them. A
  /// live drain renews the leases of what it holds every third of this, whatever its sends take.
  /// At least one second (InvalidArgumentError otherwise).
  std::chrono::milliseconds lease{60000};
};

/// Why some items of one drain were deferred: all those of one reason, with its latest error.
struct DeferralReason {
  std::string reason;     ///< the error's kind, and its HTTP status when one came back
  std::size_t count = 0;  ///< items deferred for it in this drain
  Error last_error;       ///< the latest of them
};

/// What one Outbox::drain did.
struct DrainReport {
  std::size_t sent = 0;        ///< answered true: removed
  std::size_t dead = 0;        ///< refused for good (400, false, 403, ...): moved to dead letters
  std::size_t deferred = 0;    ///< failed for now (5xx, timeout, transport): kept for a later drain
  std::size_t superseded = 0;  ///< replaced by a later item with the same key before it was sent
  std::optional<Error> halted;  ///< the drain stopped early (401): nothing dead-lettered for it
  std::vector<DeferralReason> deferred_because;  ///< why the deferred ones were, first seen first
};

/// An item the server refused for good, kept until requeued or removed.
struct DeadLetter {
  std::int64_t id;          ///< the id enqueue returned
  std::string customer_id;  ///< the customer it was enqueued for
  /// "ViewingParticipant" or "Service/Order/UserInteraction" for the two 0.2 writes; for any
  /// other, its path as the description writes it ("CRM/Bid/{customerId}/{id}")
  std::string endpoint;
  std::string body;  ///< the JSON of the item as enqueued; "" for a write without a body
  Error error;       ///< why, as the Client reported it
  /// The operation's id, e.g. "PUT-ViewingParticipant-customerId"; an item of an operation this
  /// SDK does not know keeps what its writer stored, and is never requeued.
  std::string operation_id;
  /// Replaced by a later item of its key, and kept because that one died: `error` is the later
  /// one's. Requeued, it is replaced again unless the later one is gone by then.
  bool superseded = false;
};

/// A dead letter fixed by hand, for Outbox::requeue_dead_letters(const
/// std::vector<DeadLetterFix>&).
struct DeadLetterFix {
  std::int64_t id = 0;      ///< the dead letter's id
  std::string customer_id;  ///< the customer to send it for: the dead letter's, or a corrected one
  std::string body;         ///< the corrected JSON body, of the dead letter's own operation
};

/// The queue of one outbox file, across every process that uses it.
struct OutboxStatus {
  std::size_t pending = 0;     ///< waiting or in flight
  std::size_t superseded = 0;  ///< replaced, kept until the item that replaced them is delivered
  std::size_t dead = 0;        ///< dead letters
  std::optional<std::chrono::system_clock::time_point> oldest_enqueued_at;  ///< of the pending
  /// The earliest a waiting item may be tried (in the past: due now); none while none waits.
  std::optional<std::chrono::system_clock::time_point> next_due;
  std::optional<Error> last_error;  ///< of the pending item that failed last, if any has
};

}  // namespace VITEC_CONNECT_ABI_NAMESPACE
}  // namespace vitec::connect
