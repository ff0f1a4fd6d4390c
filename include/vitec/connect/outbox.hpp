#pragma once

// Durable delivery: an Outbox keeps writes in an SQLite file until Vitec Connect has taken them.
// Needs the CMake target vitec::connect_outbox (vitec::connect plus SQLite 3); not pulled in by
// <vitec/connect.hpp>. Guarantees and design: docs/outbox.md.

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <iterator>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "vitec/connect/client.hpp"
#include "vitec/connect/codec.hpp"
#include "vitec/connect/detail/outbox_drain.hpp"
#include "vitec/connect/detail/outbox_error.hpp"
#include "vitec/connect/detail/outbox_operations.hpp"
#include "vitec/connect/detail/outbox_record.hpp"
#include "vitec/connect/detail/outbox_sqlite.hpp"
#include "vitec/connect/detail/request_factory.hpp"
#include "vitec/connect/operations.hpp"
#include "vitec/connect/outbox_types.hpp"
#include "vitec/connect/version.hpp"

namespace vitec::connect {
inline namespace VITEC_CONNECT_ABI_NAMESPACE {

/// A durable queue of writes (those safe to send again) in one SQLite file, sent by drain(). Any
/// number of Outbox objects, in any number of threads and processes, may share one file: an item is
/// in flight once at a time while its drain lives and can renew its leases (docs/outbox.md says
/// when it cannot), and each is sent at least once in any case. One Outbox may be used from many
/// threads at once. Every member may throw OutboxError for a problem with the file.
class Outbox {
 public:
  /// Opens (or creates) the file; throws OutboxError when it cannot be used.
  /// Throws InvalidArgumentError for a lease under one second: renewing it would keep the file
  /// busy, and a send could outlast it between two renewals.
  Outbox(Client client, OutboxOptions options)
      : client_(std::move(client)),
        options_(validated(std::move(options))),
        store_(std::make_unique<detail::sqlite_store>(options_.path)) {}

  /// Stores the follow-up for a later drain; on return it survives a crash or power cut.
  /// Throws InvalidArgumentError, storing nothing, for an item the Client would refuse in its
  /// own format.
  std::int64_t enqueue(std::string_view customer_id, const ParticipantFollowUp& item) {
    return store_->enqueue(checked(customer_id, item));
  }

  /// \copydoc enqueue(std::string_view, const ParticipantFollowUp&)
  std::int64_t enqueue(std::string_view customer_id, const OrderUserInteractionRequest& item) {
    return store_->enqueue(checked(customer_id, item));
  }

  /// Stores any write the description marks safe to send again (PUTs, DELETEs and a few POSTs:
  /// api/outbox_writes.hpp lists them), by its id with JSON, as api::try_call takes it. Throws
  /// InvalidArgumentError, storing nothing, where api::try_call would refuse it (an unknown
  /// operation, a parameter unknown, missing or of the wrong type, a body member unknown, of the
  /// wrong type or outside a limit) and for an operation an outbox cannot hold
  /// (detail::is_outbox_write). Needs <vitec/connect/api/all.hpp> included (it holds every
  /// operation's body model).
  template <class Unused = void>
  std::int64_t enqueue(std::string_view operation_id, const api::Arguments& arguments,
                       const std::optional<nlohmann::json>& body = std::nullopt) {
    for (const auto& row : detail::json_operations<Unused>()) {
      if (row.op->id != operation_id) continue;
      if (row.write == nullptr) throw detail::not_an_outbox_write(operation_id);
      return store_->enqueue(stored(row.write(*row.op, arguments, body)));
    }
    throw InvalidArgumentError("no documented operation has the id " + std::string(operation_id));
  }

  /// Stores a write by the area client's own arguments: its handle from the area's header (e.g.
  /// api::crm::writes::put_contact_search_profile_commercial), its params struct (or customer id)
  /// and its body model. Refused as enqueue by id refuses, storing nothing.
  template <class Params, class Body>
  std::int64_t enqueue(const detail::write_operation<Params, Body>& write,
                       const detail::non_deduced_t<Params>& params,
                       const detail::non_deduced_t<Body>& body) {
    return store_->enqueue(stored(detail::prepare_write(*write.op, write.texts(params), body)));
  }

  /// A write of no body, by its handle and the area client's arguments.
  template <class Params>
  std::int64_t enqueue(const detail::write_operation<Params, detail::no_body>& write,
                       const detail::non_deduced_t<Params>& params) {
    return store_->enqueue(
        stored(detail::prepare_write(*write.op, write.texts(params), detail::no_body{})));
  }

  /// A write of no parameter, by its handle and its body model.
  template <class Body>
  std::int64_t enqueue(const detail::write_operation<detail::no_params, Body>& write,
                       const detail::non_deduced_t<Body>& body) {
    return store_->enqueue(
        stored(detail::prepare_write(*write.op, write.texts(detail::no_params{}), body)));
  }

  /// Stores all the follow-ups or none, in one transaction (one sync of the disk, so a large
  /// batch costs about what one item does); on return they survive a crash or power cut.
  /// Returns their ids in order. Throws InvalidArgumentError naming the first item the Client
  /// would refuse, storing nothing.
  std::vector<std::int64_t> enqueue_all(std::string_view customer_id,
                                        const std::vector<ParticipantFollowUp>& items) {
    return store_all(customer_id, items);
  }

  /// \copydoc enqueue_all(std::string_view, const std::vector<ParticipantFollowUp>&)
  std::vector<std::int64_t> enqueue_all(std::string_view customer_id,
                                        const std::vector<OrderUserInteractionRequest>& items) {
    return store_all(customer_id, items);
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

  /// The queue's counts, when the next item is due and the latest failure, across every process
  /// using the file.
  OutboxStatus status() const {
    auto counts = store_->counts();
    const auto at = [](std::int64_t ms) {
      return std::chrono::system_clock::time_point(std::chrono::milliseconds(ms));
    };
    OutboxStatus status;
    status.pending = counts.pending;
    status.superseded = counts.superseded;
    status.dead = counts.dead;
    if (counts.oldest_enqueued_at) status.oldest_enqueued_at = at(*counts.oldest_enqueued_at);
    if (counts.next_due) status.next_due = at(*counts.next_due);
    if (counts.last_error) status.last_error = detail::error_from_json(*counts.last_error);
    return status;
  }

  /// Every item refused for good, oldest first, with the Error that refused it.
  std::vector<DeadLetter> dead_letters() const {
    std::vector<DeadLetter> letters;
    for (auto& letter : store_->dead_letters()) {
      letters.push_back({letter.id, std::move(letter.customer_id), std::move(letter.endpoint),
                         std::move(letter.body), detail::error_from_json(letter.error),
                         std::move(letter.operation_id), letter.superseded});
    }
    return letters;
  }

  /// Puts every dead letter back in the queue, in its old place; returns how many. Those of an
  /// operation this SDK cannot send stay where they are.
  std::size_t requeue_dead_letters() {
    std::vector<std::string_view> known;
    known.reserve(std::size(detail::outbox_writes));
    for (const auto& write : detail::outbox_writes) known.emplace_back(write.id);
    return store_->requeue_dead_letters(known);
  }

  /// Puts these dead letters back in the queue in their old place with corrected bodies, all or
  /// none: each body is read through its operation's model and checked as enqueue checks an item
  /// (a member the model does not have, a wrong type, what the Client would refuse), else
  /// InvalidArgumentError naming the dead letter and nothing is requeued. A fix whose id is no
  /// longer a dead letter is skipped, so the same fixes given twice requeue once. The dead
  /// letters a fixed one had superseded come back with it. Returns how many were requeued.
  std::size_t requeue_dead_letters(const std::vector<DeadLetterFix>& fixes) {
    std::vector<detail::dead_letter_fix> checked_fixes;
    checked_fixes.reserve(fixes.size());
    const auto letters = store_->dead_letters();
    for (const auto& fix : fixes) {
      const auto letter = std::find_if(letters.begin(), letters.end(),
                                       [&](const auto& dead) { return dead.id == fix.id; });
      if (letter == letters.end()) continue;
      const auto* operation = detail::find_outbox_operation(letter->operation_id);
      try {
        if (operation == nullptr) {
          throw InvalidArgumentError(
              detail::find_outbox_write(letter->operation_id)
                  ? "a body is fixed here for the two 0.2 models only: remove the dead letter and "
                    "enqueue the write again"
                  : "its operation is not one this version can send");
        }
        auto item = std::visit([&](const auto& model) { return checked(fix.customer_id, model); },
                               operation->from_json(fix.body));
        checked_fixes.push_back({fix.id, std::move(item.operation_id), std::move(item.customer_id),
                                 std::move(item.order_key), std::move(item.body)});
      } catch (const InvalidArgumentError& e) {
        throw InvalidArgumentError("dead letter " + std::to_string(fix.id) + ": " + e.what());
      }
    }
    return store_->requeue_fixed(checked_fixes);
  }

  /// Forgets the dead letters with these ids, and the older states they had superseded; returns
  /// how many of the ids were dead letters.
  std::size_t remove_dead_letters(const std::vector<std::int64_t>& ids) {
    return store_->remove_dead_letters(ids);
  }

 private:
  static OutboxOptions validated(OutboxOptions options) {
    if (options.lease < std::chrono::seconds(1))
      throw InvalidArgumentError("OutboxOptions.lease must be at least one second");
    return options;
  }

  /// The item as stored, once it has passed every check the Client would make in its own
  /// format: what the Client would refuse is refused now, rather than dead-lettered later.
  template <class Model>
  detail::new_outbox_item checked(std::string_view customer_id, const Model& item) const {
    detail::check_path_id("customer id", customer_id);
    std::string body = std::move(*detail::request_content_of(item, Format::json).body);
    if (client_.format() != Format::json) (void)detail::request_content_of(item, client_.format());
    const auto& operation = detail::outbox_operation_of(item);
    return {std::string(operation.id),
            std::string(operation.endpoint),
            std::string(customer_id),
            detail::order_key(customer_id, item),
            std::move(body),
            detail::outbox_now(),
            std::string(),
            std::string()};
  }

  /// A checked write as stored. The two 0.2 writes are stored as their own enqueue stores them
  /// (their keys, and sent in the Client's format); any other with its path, query and JSON body
  /// as sent, and no key.
  detail::new_outbox_item stored(detail::prepared_write write) const {
    const detail::operation_def& op = *write.op;
    if (const auto* model_operation = detail::find_outbox_operation(op.id)) {
      return std::visit([&](const auto& model) { return checked(write.target.customer_id, model); },
                        model_operation->from_json(write.body.value_or("")));
    }
    std::string target = std::move(write.target.path);
    if (!write.target.query.empty()) target.append("?").append(write.target.query);
    std::string personal;
    if (!write.target.personal.empty()) personal = nlohmann::json(write.target.personal).dump();
    return {op.id,
            op.path,
            std::move(write.target.customer_id),
            std::string(),
            write.body.value_or(std::string()),
            detail::outbox_now(),
            std::move(target),
            std::move(personal)};
  }

  template <class Model>
  std::vector<std::int64_t> store_all(std::string_view customer_id,
                                      const std::vector<Model>& items) {
    std::vector<detail::new_outbox_item> checked_items;
    checked_items.reserve(items.size());
    for (std::size_t i = 0; i < items.size(); ++i) {
      try {
        checked_items.push_back(checked(customer_id, items[i]));
      } catch (const InvalidArgumentError& e) {
        throw InvalidArgumentError("item " + std::to_string(i) + ": " + e.what());
      }
    }
    return store_->enqueue_all(checked_items);
  }

  Client client_;
  OutboxOptions options_;
  std::unique_ptr<detail::outbox_store> store_;
};

}  // namespace VITEC_CONNECT_ABI_NAMESPACE
}  // namespace vitec::connect
