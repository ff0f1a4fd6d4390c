#pragma once

// One Outbox::drain: claims due items in small chunks, streams them through the Client, and
// records each outcome as it arrives. Memory holds the chunk and the transfers in flight only.

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <unordered_map>
#include <utility>

#include "vitec/connect/client.hpp"
#include "vitec/connect/codec.hpp"
#include "vitec/connect/detail/operation.hpp"
#include "vitec/connect/detail/outbox_operations.hpp"
#include "vitec/connect/detail/outbox_record.hpp"
#include "vitec/connect/detail/outbox_store.hpp"
#include "vitec/connect/outbox_types.hpp"
#include "vitec/connect/version.hpp"

namespace vitec::connect {
inline namespace VITEC_CONNECT_ABI_NAMESPACE {

namespace detail {

enum class outcome { sent, dead, deferred, halt };

/// What an answer means for the item. Dead: the server refused this item and would refuse it
/// again (400, 403, 404 and other 4xx, false, a body the SDK refuses). Halt: the credentials
/// are wrong, which is no item's fault. Deferred: anything that may pass later (5xx, 408, 429,
/// timeout, transport, a redirect, an answer that is not a boolean).
inline outcome classify(const Error& error) {
  switch (error.kind()) {
    case ErrorKind::unauthorized:
      return outcome::halt;
    case ErrorKind::invalid_argument:
    case ErrorKind::validation:
    case ErrorKind::forbidden:
    case ErrorKind::not_found:  // permanent like the other 4xx: a 0.2 404 (http) was dead too
      return outcome::dead;
    case ErrorKind::http:
      return error.status() >= 400 && error.status() < 500 && error.status() != 408 &&
                     error.status() != 429
                 ? outcome::dead
                 : outcome::deferred;
    case ErrorKind::server:
    case ErrorKind::transport:
    case ErrorKind::timeout:
    case ErrorKind::protocol:
      return outcome::deferred;
  }
  return outcome::deferred;
}

/// `false` as a dead letter's Error: the server answered, and said no.
inline Error answered_false() {
  ErrorDetails details;
  details.status = 200;
  details.body = "false";
  return Error(ErrorKind::http, "the server answered false", std::move(details));
}

/// An answer as the drain reads it: the body, judged per item (a boolean, or any 2xx).
struct stored_answer {
  std::string body;
};

template <>
struct answer_reader<stored_answer> {
  static stored_answer read(std::string_view body) { return {std::string(body)}; }
};

/// A lease holder's name: unique across processes and drains.
inline std::string new_owner_token() {
  std::random_device entropy;
  std::string token;
  for (int i = 0; i < 4; ++i) token += std::to_string(entropy()) + '-';
  return token + std::to_string(outbox_now());
}

/// The name a deferral is counted under: the error's kind, and the HTTP status it came with.
inline std::string deferral_reason(const Error& error) {
  std::string reason = error_kind_name(error.kind());
  if (error.status() != 0) reason += ' ' + std::to_string(error.status());
  return reason;
}

/// Renews every lease one drain holds, every third of a lease, from a thread of its own: an item
/// waiting in a claimed chunk or in flight stays this drain's however long its send takes
/// (slow answers, retries, a Retry-After), so the lease only bounds how long a dead drain's
/// items stay locked. Stops and joins when destroyed.
class lease_keeper {
 public:
  /// Until when the latest renewal that went through holds every lease (0: none yet).
  std::int64_t renewed_until() const noexcept { return renewed_until_.load(); }

  lease_keeper(outbox_store& store, std::string owner, std::chrono::milliseconds lease)
      : store_(store), owner_(std::move(owner)), lease_(lease), thread_([this] { run(); }) {}
  ~lease_keeper() {
    {
      const std::lock_guard<std::mutex> lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_one();
    thread_.join();
  }
  lease_keeper(const lease_keeper&) = delete;
  lease_keeper& operator=(const lease_keeper&) = delete;

 private:
  void run() {
    const auto every = std::max(lease_ / 3, std::chrono::milliseconds(1));
    std::unique_lock<std::mutex> lock(mutex_);
    while (!wake_.wait_for(lock, every, [this] { return stopping_; })) {
      lock.unlock();
      try {
        const auto until = outbox_now() + lease_.count();
        store_.renew(owner_, until);
        renewed_until_.store(until);
      } catch (...) {
        // A busy file: the lease still runs, the next turn tries again, and the drain stops
        // handing out items whose lease may have lapsed meanwhile.
      }
      lock.lock();
    }
  }

  outbox_store& store_;
  const std::string owner_;
  const std::chrono::milliseconds lease_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::atomic<std::int64_t> renewed_until_{0};
  std::thread thread_;  // last: it starts once the members it uses are there
};

class outbox_drain {
 public:
  outbox_drain(Client& client, outbox_store& store, std::chrono::milliseconds lease,
               const BatchOptions& batch)
      : client_(client),
        store_(store),
        lease_(lease),
        batch_(batch),
        chunk_(std::max<std::size_t>(batch.max_in_flight, 1)),
        started_(outbox_now()),
        up_to_(store.last_id()),
        total_(store.counts().pending) {}

  DrainReport run() {
    try {
      // A second round picks up items whose earlier namesake was in flight in the first.
      bool again = true;
      while (again) {
        round_ = {};
        operation_access<void>::stream<stored_answer>(
            client_, [this] { return next(); },
            [this](std::size_t index, const Result<stored_answer>& result) {
              record(index, result);
            },
            batch_);
        again = round_.claimed > 0 && round_.blocked > 0;
      }
    } catch (const halt_signal&) {
      store_.release(owner_);
    } catch (...) {
      store_.release(owner_);  // abandoned transfers go again after this, not after a lease
      throw;
    }
    return std::move(report_);
  }

 private:
  struct halt_signal {};

  /// An item claimed and not yet handed out, with the lease its claim gave it.
  struct held_item {
    claimed_outbox_item item;
    std::int64_t lease_until = 0;
  };

  /// An item handed to the Client, and how its answer is judged.
  struct sent_item {
    claimed_outbox_item item;
    bool boolean_answer = true;
  };

  struct round_state {
    std::deque<held_item> claimed_items;
    std::unordered_map<std::size_t, sent_item> in_flight;
    std::size_t next_index = 0;
    std::int64_t cursor = 0;
    bool exhausted = false;
    std::size_t claimed = 0;
    std::size_t blocked = 0;
  };

  std::optional<prepared_request> next() {
    for (;;) {
      while (round_.claimed_items.empty() && !round_.exhausted) claim();
      if (round_.claimed_items.empty()) return std::nullopt;
      auto [item, lease_until] = std::move(round_.claimed_items.front());
      round_.claimed_items.pop_front();
      if (std::max(lease_until, keeper_.renewed_until()) <= outbox_now()) {
        // Renewals have not gone through for a whole lease: another drain may hold what is
        // left, so none of it is sent; it goes back to the queue as its leases run out.
        round_.claimed_items.clear();
        round_.exhausted = true;
        return std::nullopt;
      }
      bool boolean_answer = true;
      if (auto request = to_request(item, boolean_answer)) {
        round_.in_flight.emplace(round_.next_index++, sent_item{std::move(item), boolean_answer});
        return request;
      }
    }
  }

  /// A 0.2 model's stored JSON back as its model, so that the Client sends it in its own format;
  /// any other write as stored. An item this SDK cannot send is dead-lettered here, unsent.
  std::optional<prepared_request> to_request(const claimed_outbox_item& item,
                                             bool& boolean_answer) {
    const auto* operation = find_outbox_operation(item.operation_id);
    const auto* write = find_outbox_write(item.operation_id);
    try {
      if (item.target.empty() && operation != nullptr) {
        return std::visit(
            [&](const auto& model) {
              return operation_access<void>::model_request(client_, item.customer_id, model);
            },
            operation->from_json(item.body));
      }
      if (item.target.empty() || write == nullptr) {
        throw InvalidArgumentError("operation " +
                                   (item.operation_id.empty()
                                        ? "of endpoint \"" + item.endpoint + "\""
                                        : "\"" + item.operation_id + "\"") +
                                   " is not one this version of vitec-connect can send; not sent");
      }
      boolean_answer = write->boolean_answer;
      const auto query_at = item.target.find('?');
      request_content content{
          query_at == std::string::npos ? std::string() : item.target.substr(query_at + 1),
          item.body.empty() ? std::nullopt : std::optional<std::string>(item.body)};
      return prepared_request{
          operation_access<void>::stored_request(
              client_, write->method, std::string_view(item.target).substr(0, query_at),
              std::move(content), write->size, {item.customer_id, write->area}),
          true, personal_of(item)};
    } catch (const Error& e) {
      store_.dead(item.id, owner_, error_to_json(e), outbox_now());
      ++report_.dead;
      ++done_;
      progress();
      return std::nullopt;
    }
  }

  /// What a stored write's log events and errors must not show (its personal identity numbers),
  /// as the area client keeps them out; null when it carries none. Shorter texts cannot be
  /// identity numbers, and would make the scrubber withhold whole texts.
  static std::shared_ptr<const secret_scrubber> personal_of(const claimed_outbox_item& item) {
    if (item.personal.empty()) return nullptr;
    const auto texts = nlohmann::json::parse(item.personal, nullptr, false);
    if (!texts.is_array()) return nullptr;
    auto personal = std::make_shared<secret_scrubber>();
    for (const auto& text : texts) {
      if (text.is_string() &&
          text.get_ref<const std::string&>().size() >= secret_scrubber::shortest_redactable) {
        personal->add_with_echoed_forms(text.get<std::string>());
      }
    }
    return personal;
  }

  void claim() {
    const auto now = outbox_now();
    const auto lease_until = now + lease_.count();
    auto claimed =
        store_.claim({owner_, now, started_, round_.cursor, up_to_, chunk_, lease_until});
    round_.cursor = claimed.cursor;
    round_.exhausted = !claimed.more;
    round_.claimed += claimed.items.size();
    round_.blocked += claimed.blocked;
    report_.superseded += claimed.superseded;
    done_ += claimed.superseded;
    if (claimed.superseded > 0) progress();
    for (auto& item : claimed.items) round_.claimed_items.push_back({std::move(item), lease_until});
  }

  void record(std::size_t index, const Result<stored_answer>& result) {
    const auto found = round_.in_flight.find(index);
    if (found == round_.in_flight.end()) return;
    const auto sent = std::move(found->second);
    round_.in_flight.erase(found);
    const auto& item = sent.item;
    // Whatever the outcome, as the client's own writes: a write that failed may still have
    // reached the server, and a read made after this must not see the cache from before it.
    operation_access<void>::drop_written(client_, item.customer_id);
    std::optional<Error> failure;
    bool answered_no = false;
    if (!result.ok()) {
      failure = result.error();
    } else if (sent.boolean_answer) {
      try {
        answered_no = !decode_answer<bool>(result.value().body);
        if (answered_no) failure = answered_false();
      } catch (const ProtocolError&) {
        // Not quoted: the body is the server's, and may echo what the request carried.
        failure = ProtocolError("the server answered, but not true or false");
      }
    }
    if (!failure) {
      store_.complete(item.id, owner_);
      ++report_.sent;
    } else {
      const Error& error = *failure;
      switch (answered_no ? outcome::dead : classify(error)) {
        case outcome::halt:
          report_.halted = error;
          throw halt_signal{};  // ends the stream at once
        case outcome::dead:
          store_.dead(item.id, owner_, error_to_json(error), outbox_now());
          ++report_.dead;
          break;
        case outcome::sent:
        case outcome::deferred: {
          const auto wait = error.retry_after().value_or(std::chrono::milliseconds(0));
          store_.defer(item.id, owner_, error_to_json(error), outbox_now() + wait.count());
          ++report_.deferred;
          count_deferral(error);
          break;
        }
      }
    }
    ++done_;
    progress();
  }

  void count_deferral(const Error& error) {
    auto reason = deferral_reason(error);
    auto& reasons = report_.deferred_because;
    const auto found = std::find_if(reasons.begin(), reasons.end(),
                                    [&](const DeferralReason& r) { return r.reason == reason; });
    if (found == reasons.end()) {
      reasons.push_back({std::move(reason), 1, error});
    } else {
      ++found->count;
      found->last_error = error;
    }
  }

  void progress() {
    total_ = std::max(total_, done_);
    if (batch_.on_progress) batch_.on_progress(done_, total_);
  }

  Client& client_;
  outbox_store& store_;
  std::chrono::milliseconds lease_;
  const BatchOptions& batch_;
  const std::size_t chunk_;
  const std::string owner_ = new_owner_token();
  const std::int64_t started_;  ///< due by then: a drain tries an item once
  const std::int64_t up_to_;    ///< items enqueued later wait for the next drain
  std::size_t total_;
  std::size_t done_ = 0;
  round_state round_;
  DrainReport report_;
  lease_keeper keeper_{store_, owner_, lease_};  // last: renews only while the drain lives
};

}  // namespace detail
}  // namespace VITEC_CONNECT_ABI_NAMESPACE
}  // namespace vitec::connect
