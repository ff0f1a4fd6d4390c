#pragma once

// The storage seam of the Outbox: everything it asks of its queue, in the queue's own terms.
// outbox_sqlite.hpp implements it on one SQLite file; docs/outbox.md says how a PostgreSQL
// store would. Times are milliseconds since the Unix epoch, from the Outbox's clock.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>
#include "vitec/connect/version.hpp"

namespace vitec::connect {
inline namespace VITEC_CONNECT_ABI_NAMESPACE {
namespace detail {

/// Wall-clock time: leases and due times are compared across processes and restarts.
inline std::int64_t outbox_now() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

/// One item as enqueued: `order_key` is empty when the item has no key (then it is ordered
/// against nothing and never supersedes nor is superseded).
struct new_outbox_item {
  std::string operation_id;
  std::string endpoint;  ///< the 0.2 files' name of the operation, which they still read
  std::string customer_id;
  std::string order_key;
  std::string body;  ///< JSON; "" for a write without a body
  std::int64_t now = 0;
  /// A write held by its id (every one but the two of 0.2): the request's path and query, as
  /// sent; "" for the two 0.2 models, which are sent from their model in the Client's format.
  std::string target;
  std::string personal;  ///< JSON array of texts to keep out of errors and log events; "" none
};

/// An item a claim handed out: it is leased to the claiming owner until it is completed,
/// deferred, dead-lettered or released, or the lease runs out.
struct claimed_outbox_item {
  std::int64_t id = 0;
  std::string operation_id;  ///< "" when a 0.2 file named an endpoint this SDK does not know
  std::string endpoint;
  std::string customer_id;
  std::string body;
  std::string target;  ///< as new_outbox_item's
  std::string personal;
};

struct claim_request {
  std::string owner;          ///< the lease holder's token
  std::int64_t now = 0;       ///< leases ending before this are over
  std::int64_t due_by = 0;    ///< only items due by then (a drain's start: tried once per drain)
  std::int64_t after_id = 0;  ///< resume the scan after this id
  std::int64_t up_to_id = 0;  ///< ignore items enqueued after the drain began
  std::size_t limit = 0;      ///< at most this many items
  std::int64_t lease_until = 0;
};

struct claim_result {
  std::vector<claimed_outbox_item> items;
  std::size_t superseded = 0;  ///< items set aside because a later one has their key
  std::size_t blocked = 0;     ///< items skipped because an earlier one of their key is in flight
  std::int64_t cursor = 0;     ///< the last id examined: the next claim's after_id
  bool more = false;           ///< items past the cursor may still be claimable
};

struct stored_dead_letter {
  std::int64_t id = 0;
  std::string endpoint;
  std::string customer_id;
  std::string body;
  std::string error;  ///< outbox_record.hpp's JSON of the Error
  std::string operation_id;
  bool superseded = false;  ///< replaced by a later item, which died
};

/// A dead letter's fixed form, requeued in its place.
struct dead_letter_fix {
  std::int64_t id = 0;
  std::string operation_id;  ///< must be the dead letter's own
  std::string customer_id;
  std::string order_key;
  std::string body;  ///< JSON
};

struct outbox_counts {
  std::size_t pending = 0;     ///< queued or in flight
  std::size_t superseded = 0;  ///< replaced, held until their successor is delivered
  std::size_t dead = 0;
  std::optional<std::int64_t> oldest_enqueued_at;  ///< of the pending items
  std::optional<std::int64_t> next_due;            ///< the earliest of the waiting items
  std::optional<std::string> last_error;           ///< of the pending item that failed last
};

/// What the Outbox needs from its queue. Every operation is one short transaction and is safe
/// to call from several threads and processes at once. Operations on a leased item name the
/// owner and do nothing when the lease has passed to another owner meanwhile.
class outbox_store {
 public:
  virtual ~outbox_store() = default;

  /// Stores the item durably (it survives a power cut once this returns); returns its id.
  /// Ids grow with enqueue order.
  virtual std::int64_t enqueue(const new_outbox_item& item) = 0;
  /// Stores all the items or none, durably, in one transaction; returns their ids in order.
  virtual std::vector<std::int64_t> enqueue_all(const std::vector<new_outbox_item>& items) = 0;
  virtual std::int64_t last_id() = 0;
  /// Leases up to `limit` due items in id order, setting superseded ones aside on the way (held
  /// until their successor is delivered) and skipping those whose key has an earlier item in
  /// flight.
  virtual claim_result claim(const claim_request& request) = 0;
  /// Extends every lease `owner` holds to `lease_until`.
  virtual void renew(const std::string& owner, std::int64_t lease_until) = 0;
  /// Answered true: forget the item, and the items it superseded.
  virtual void complete(std::int64_t id, const std::string& owner) = 0;
  /// Failed for now: unlease it, count the attempt, keep `error`, and wait until `next_due`.
  virtual void defer(std::int64_t id, const std::string& owner, const std::string& error,
                     std::int64_t next_due) = 0;
  /// Refused for good: move it, and the items it superseded (marked so), to the dead letters
  /// with `error`.
  virtual void dead(std::int64_t id, const std::string& owner, const std::string& error,
                    std::int64_t now) = 0;
  /// Unleases everything `owner` holds, untouched otherwise.
  virtual void release(const std::string& owner) = 0;

  virtual outbox_counts counts() = 0;
  virtual std::vector<stored_dead_letter> dead_letters() = 0;
  /// Moves every dead letter of the named operations back to the queue under its old id;
  /// returns how many.
  virtual std::size_t requeue_dead_letters(const std::vector<std::string_view>& operations) = 0;
  /// Moves each named dead letter of that operation back to the queue under its old id with the
  /// fix's customer, key and body, and the dead letters it superseded with it; all in one
  /// transaction. A fix whose id is no dead letter of its operation (any more) is skipped.
  /// Returns how many fixes were requeued.
  virtual std::size_t requeue_fixed(const std::vector<dead_letter_fix>& fixes) = 0;
  /// Forgets the dead letters with these ids, and those they superseded; returns how many of
  /// the ids there were.
  virtual std::size_t remove_dead_letters(const std::vector<std::int64_t>& ids) = 0;
};

}  // namespace detail
}  // namespace VITEC_CONNECT_ABI_NAMESPACE
}  // namespace vitec::connect
