#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "vitec/connect/codec.hpp"
#include "vitec/connect/curl_transport.hpp"
#include "vitec/connect/detail/attempts.hpp"
#include "vitec/connect/detail/bulk.hpp"
#include "vitec/connect/detail/endpoints.hpp"
#include "vitec/connect/detail/read_through.hpp"
#include "vitec/connect/detail/request_factory.hpp"
#include "vitec/connect/detail/url.hpp"
#include "vitec/connect/options.hpp"
#include "vitec/connect/read_cache.hpp"
#include "vitec/connect/result.hpp"
#include "vitec/connect/version.hpp"

namespace vitec::connect {
inline namespace VITEC_CONNECT_ABI_NAMESPACE {

namespace detail {
/// How the generated operations (detail/operation.hpp) reach a client's requests and retries.
template <class Unused>
struct operation_access;
}  // namespace detail

/// One PUT of a bulk stream (Client::send_stream): the customer it is for and what to send. Use
/// it as BulkRequest; a template only so that a unit that does not use it does not compile its
/// std::variant, as BasicClient.
template <class Unused = void>
struct BasicBulkRequest {
  std::string customer_id{};  ///< the customer id of the path, required
  /// The follow-up (PUT ViewingParticipant) or the interaction request (PUT
  /// Service/Order/UserInteraction) to send.
  std::variant<ParticipantFollowUp, OrderUserInteractionRequest> model{};
};

/// One PUT of a bulk stream; see BasicBulkRequest.
using BulkRequest = BasicBulkRequest<>;

/// A client of Vitec Connect: use it as Client. Cheap to copy (copies share one connection pool)
/// and safe to use from many threads at once. A template only so that each member is compiled in
/// the translation units that call it, as nlohmann's json is basic_json<>: including the SDK
/// does not compile every endpoint.
template <class Unused = void>
class BasicClient {
 public:
  /// Throws InvalidArgumentError for options that cannot work: a base_url that is not an
  /// absolute http(s) URL, holds credentials, or is plain http to a non-loopback host (or
  /// through a non-loopback proxy) without allow_insecure_http.
  explicit BasicClient(ClientOptions options)
      : state_(std::make_shared<const state>(std::move(options))) {}

  /// The format request bodies are sent in (ClientOptions::format).
  Format format() const noexcept { return state_->format; }

  /// PUT ViewingParticipant/{customerId}. Returns the server's boolean; throws an Error subclass.
  bool update_viewing_participant(std::string_view customer_id,
                                  const ParticipantFollowUp& follow_up) {
    return try_update_viewing_participant(customer_id, follow_up).value();
  }

  /// PUT Service/Order/UserInteraction/{customerId}. Returns the server's boolean; throws an
  /// Error subclass.
  bool request_order_user_interaction(std::string_view customer_id,
                                      const OrderUserInteractionRequest& request) {
    return try_request_order_user_interaction(customer_id, request).value();
  }

  /// As update_viewing_participant, with the error as a value: never throws.
  Result<bool> try_update_viewing_participant(std::string_view customer_id,
                                              const ParticipantFollowUp& follow_up) noexcept {
    return call(detail::endpoints::update_viewing_participant, follow_up, customer_id);
  }

  /// As request_order_user_interaction, with the error as a value: never throws.
  Result<bool> try_request_order_user_interaction(
      std::string_view customer_id, const OrderUserInteractionRequest& request) noexcept {
    return call(detail::endpoints::request_order_user_interaction, request, customer_id);
  }

  /// GET ViewingParticipant/{customerId}/{contactId}/{viewingId}: what Vitec holds of that
  /// participant's follow-ups for that viewing. Throws an Error subclass.
  std::vector<ParticipantFollowUp> get_viewing_participant(std::string_view customer_id,
                                                           std::string_view contact_id,
                                                           std::string_view viewing_id) {
    return try_get_viewing_participant(customer_id, contact_id, viewing_id).value();
  }

  /// POST Service/Order/Token/{customerId}: redeems the token a service provider's order URL
  /// carried for the order's ticket (its order id, estate and users). Throws an Error subclass.
  OrderTicket get_order_ticket(std::string_view customer_id, const OrderToken& token) {
    return try_get_order_ticket(customer_id, token).value();
  }

  /// GET Service/Order/{customerId}: the orders made, filtered by `query`. Throws an Error
  /// subclass.
  std::vector<OrderEntry> list_orders(std::string_view customer_id, const OrderQuery& query = {}) {
    return try_list_orders(customer_id, query).value();
  }

  /// As get_viewing_participant, with the error as a value: never throws.
  Result<std::vector<ParticipantFollowUp>> try_get_viewing_participant(
      std::string_view customer_id, std::string_view contact_id,
      std::string_view viewing_id) noexcept {
    return call(detail::endpoints::get_viewing_participant, detail::no_input{}, customer_id,
                contact_id, viewing_id);
  }

  /// As get_order_ticket, with the error as a value: never throws.
  Result<OrderTicket> try_get_order_ticket(std::string_view customer_id,
                                           const OrderToken& token) noexcept {
    return call(detail::endpoints::get_order_ticket, token, customer_id);
  }

  /// As list_orders, with the error as a value: never throws.
  Result<std::vector<OrderEntry>> try_list_orders(std::string_view customer_id,
                                                  const OrderQuery& query = {}) noexcept {
    return call(detail::endpoints::list_orders, query, customer_id);
  }

  /// Sends every follow-up for one customer, up to max_in_flight at once (over curl multi, from
  /// the calling thread), each with the same retries and error mapping as a single call. One
  /// result per item, in input order; one item's failure never stops the others.
  std::vector<Result<bool>> update_viewing_participants(
      std::string_view customer_id, const std::vector<ParticipantFollowUp>& follow_ups,
      BatchOptions batch = {}) {  // NOLINT(performance-unnecessary-value-param): a fixed shape
    return send_all(detail::endpoints::update_viewing_participant, customer_id, follow_ups, batch);
  }

  /// The bulk form of request_order_user_interaction; see update_viewing_participants.
  std::vector<Result<bool>> request_order_user_interactions(
      std::string_view customer_id, const std::vector<OrderUserInteractionRequest>& requests,
      BatchOptions batch = {}) {  // NOLINT(performance-unnecessary-value-param): a fixed shape
    return send_all(detail::endpoints::request_order_user_interaction, customer_id, requests,
                    batch);
  }

  /// Bulk sending for items that need not fit in memory: pulls items from `next` until it
  /// returns std::nullopt, at most 2 x max_in_flight built requests at a time, and hands each
  /// result to `on_result` on the calling thread as it completes, with the item's 0-based index.
  /// A bad item is reported at once and nothing is sent for it. An exception thrown by `next` or
  /// `on_result` ends the stream: transfers in flight are abandoned (never reported) and the
  /// exception reaches the caller. BatchOptions::on_progress is not used: `on_result` is.
  void send_stream(const std::function<std::optional<BasicBulkRequest<Unused>>()>& next,
                   const std::function<void(std::size_t index, Result<bool> result)>& on_result,
                   const BatchOptions& batch = {}) {
    stream<bool>(
        [&]() -> std::optional<detail::prepared_request> {
          auto item = next();
          if (!item) return std::nullopt;
          return std::visit(
              [&](const auto& model) {
                const auto& endpoint = detail::endpoints::put_of(model);
                drop_written({{}, item->customer_id});
                return prepare(endpoint, model, std::array<std::string_view, 1>{item->customer_id});
              },
              item->model);
        },
        on_result, batch);
  }

 private:
  template <class>
  friend struct detail::operation_access;

  struct state {
    explicit state(ClientOptions options)
        : requests(options),
          attempts(options.retry, options.logger, requests.scrubber(),
                   options.max_requests_per_second),
          format(options.format),
          max_download_bytes(checked_download_cap(options.max_download_bytes)),
          own_transport(!options.transport),
          transport(options.transport ? std::move(options.transport) : default_transport(options)),
          read_cache(std::move(options.read_cache)) {}

    static std::shared_ptr<Transport> default_transport(const ClientOptions& options) {
      // A proxy sees a plain-http request, Authorization and all: without the user's consent
      // only one on loopback may, and never one that the environment happens to name.
      const bool in_clear = !options.allow_insecure_http &&
                            detail::parse_absolute_url(options.base_url)->scheme == "http";
      if (in_clear && !options.proxy.empty()) detail::require_loopback_proxy(options.proxy);
      return std::make_shared<BasicCurlTransport<Unused>>(CurlTransportOptions{
          options.ca_bundle, options.proxy, !in_clear,
          std::max(options.max_response_bytes, options.max_list_response_bytes)});
    }

    detail::basic_request_factory<Unused> requests;
    static std::uint64_t checked_download_cap(std::uint64_t bytes) {
      if (bytes == 0) throw InvalidArgumentError("max_download_bytes must be at least 1");
      return bytes;
    }

    detail::basic_attempt_policy<Unused> attempts;
    Format format;
    std::uint64_t max_download_bytes;
    bool own_transport;  // its errors are the SDK's own text; a user's transport's are not
    std::shared_ptr<Transport> transport;
    std::shared_ptr<ReadCache> read_cache;  // null: none
  };

  /// The request for one call of `endpoint`, or the InvalidArgumentError that stops it.
  template <class Input, class Answer, std::size_t N>
  detail::prepared_request prepare(const detail::endpoint<Input, Answer>& endpoint,
                                   const Input& input,
                                   const std::array<std::string_view, N>& ids) const {
    try {
      // A 0.2 endpoint's customer is its first path id.
      const detail::credential_scope scope{ids[0], endpoint.area};
      return {state_->requests.make(endpoint.method, endpoint.path, ids,
                                    detail::request_content_of(input, state_->format),
                                    endpoint.size, scope),
              endpoint.idempotent};
    } catch (const Error& e) {
      return {e, endpoint.idempotent};
    } catch (const std::exception& e) {
      return {Error(ErrorKind::invalid_argument,
                    std::string("could not build the request: ") + e.what()),
              endpoint.idempotent};
    }
  }

  /// One call of `endpoint`, retried as the policy says; never throws.
  template <class Input, class Answer, class... Ids>
  Result<Answer> call(const detail::endpoint<Input, Answer>& endpoint, const Input& input,
                      Ids... ids) const noexcept {
    try {
      const std::array<std::string_view, sizeof...(Ids)> id_array{ids...};
      auto prepared = prepare(endpoint, input, id_array);
      if (auto* invalid = std::get_if<Error>(&prepared.request)) return std::move(*invalid);
      const auto operation_id = detail::endpoint_operation_id(endpoint.method, endpoint.path);
      const detail::cache_call cached{operation_id, id_array[0]};
      return execute<Answer>(std::get<HttpRequest>(prepared.request), prepared.idempotent, nullptr,
                             &cached);
    } catch (const Error& e) {
      return e;
    } catch (const std::exception& e) {
      return Error(ErrorKind::transport, std::string("unexpected failure: ") + e.what());
    } catch (...) {
      return Error(ErrorKind::transport, "unexpected failure");
    }
  }

  /// Sends `request` through the read cache, if any, and the retries. `call` names the
  /// operation for the cache (null: not cached, drops nothing).
  template <class Answer>
  Result<Answer> execute(const HttpRequest& request, bool idempotent,
                         const detail::basic_secret_scrubber<Unused>* personal = nullptr,
                         const detail::cache_call* call = nullptr) const {
    const auto& cache = state_->read_cache;
    if (!cache || call == nullptr) return send_with_retries<Answer>(request, idempotent, personal);
    if (request.method != "GET") {
      auto result = send_with_retries<Answer>(request, idempotent, personal);
      // Whatever the outcome: a write that failed may still have reached the server.
      drop_written(*call);
      return result;
    }
    return read_through<Answer>(*cache, *call, request, idempotent, personal);
  }

  /// Drops the cached reads a write for `call`'s customer makes stale.
  void drop_written(const detail::cache_call& call) const {
    if (!state_->read_cache) return;
    detail::read_cache_access::store(*state_->read_cache)
        .drop_scopes(detail::written_scope(state_->requests.base_url(), call.customer_id));
  }

  template <class Answer>
  Result<Answer> read_through(const ReadCache& cache, const detail::cache_call& call,
                              const HttpRequest& request, bool idempotent,
                              const detail::basic_secret_scrubber<Unused>* personal) const {
    using access = detail::read_cache_access;
    auto& store = access::store(cache);
    auto key = detail::cache_key(state_->requests.username(), call, request);
    auto entry = store.find(key);
    const auto ttl = access::time_to_live(cache, std::string(call.operation_id));
    const auto decoded = [&](CacheUse use) -> std::optional<Result<Answer>> {
      try {
        return detail::result_cache_access::mark(
            Result<Answer>(detail::decode_answer<Answer>(entry->body)), use);
      } catch (const std::exception&) {
        store.drop_key(key);  // no longer what this SDK reads: ask the server
        return std::nullopt;
      }
    };
    if (entry && detail::within_time_to_live(entry->stored_at_ms, detail::cache_now_ms(), ttl)) {
      if (auto hit = decoded(CacheUse::fresh)) return std::move(*hit);
      entry.reset();
    }
    detail::cache_observer observer;
    std::optional<HttpRequest> conditional;
    if (entry && (!entry->etag.empty() || !entry->last_modified.empty())) {
      conditional = detail::conditional_request(request, *entry);
      observer.entry = &*entry;
    }
    auto result = send_with_retries<Answer>(conditional ? *conditional : request, idempotent,
                                            personal, &observer);
    if (result.ok()) {
      if (observer.revalidated) {
        store.refresh(key, detail::cache_now_ms());
        return detail::result_cache_access::mark(std::move(result), CacheUse::fresh);
      }
      if (observer.fetched)
        store_fetched(store, cache, call, std::move(key), request.url, *observer.fetched);
      return result;
    }
    if (entry && cache.options().serve_stale_on_error && detail::is_outage(result.error())) {
      if (auto stale = decoded(CacheUse::stale)) return std::move(*stale);
    }
    return result;
  }

  void store_fetched(detail::read_cache_store& store, const ReadCache& cache,
                     const detail::cache_call& call, std::string key, const std::string& url,
                     HttpResponse& response) const {
    detail::cache_record record;
    record.key = std::move(key);
    record.operation_id = std::string(call.operation_id);
    record.scope = detail::cache_scope(state_->requests.base_url(), call.customer_id);
    record.body = std::move(response.body);
    if (const auto* etag = detail::find_header(response.headers, "ETag")) record.etag = *etag;
    if (const auto* modified = detail::find_header(response.headers, "Last-Modified")) {
      record.last_modified = *modified;
    }
    record.stored_at_ms = detail::cache_now_ms();
    record.url = url;
    store.put(std::move(record), cache.options().max_bytes);
  }

  /// Sends `request` until it succeeds or the policy gives up. `personal` (identity numbers the
  /// request carries) is kept out of the log events and the error. `observer` sees each answer.
  template <class Answer>
  Result<Answer> send_with_retries(const HttpRequest& request, bool idempotent,
                                   const detail::basic_secret_scrubber<Unused>* personal,
                                   detail::cache_observer* observer = nullptr) const {
    const auto& policy = state_->attempts;
    const auto finish = [personal](Result<Answer> result) {
      if (personal == nullptr || result.ok()) return result;
      return Result<Answer>(personal->scrub(result.error()));
    };
    for (int attempt = 1;; ++attempt) {
      const auto started = policy.logging() ? std::chrono::steady_clock::now()
                                            : std::chrono::steady_clock::time_point{};
      auto got = send_once(request);
      if (observer != nullptr) observer->see(got);
      auto outcome = detail::classify<Answer>(request, std::move(got), policy.scrubber());
      if (policy.logging()) {
        policy.log(request, outcome, attempt,
                   std::chrono::duration_cast<std::chrono::microseconds>(
                       std::chrono::steady_clock::now() - started),
                   personal);
      }
      const char* hook = "jitter";
      try {
        const auto delay = policy.next_delay(attempt, outcome, idempotent);
        if (!delay) return finish(policy.finish(std::move(outcome), attempt));
        hook = "sleep";
        detail::sleep_for(policy.retry(), *delay);
      } catch (const std::exception& e) {
        return finish(policy.finish(std::move(outcome), attempt, policy.hook_failure(hook, &e)));
      } catch (...) {
        return finish(
            policy.finish(std::move(outcome), attempt, policy.hook_failure(hook, nullptr)));
      }
    }
  }

  std::variant<HttpResponse, Error> send_once(const HttpRequest& request) const {
    const auto& policy = state_->attempts;
    try {
      policy.pace();
    } catch (const std::exception& e) {
      return detail::foreign_failure(policy.hook_failure("sleep", &e));
    } catch (...) {
      return detail::foreign_failure(policy.hook_failure("sleep", nullptr));
    }
    auto got = detail::exchange(*state_->transport, request);
    if (!state_->own_transport) {
      if (auto* error = std::get_if<Error>(&got))
        *error = state_->attempts.scrubber().scrub(*error);
    }
    return got;
  }

  template <class Answer>
  using bulk_run = detail::bulk_run<Answer, detail::basic_attempt_policy<Unused>>;

  template <class Answer>
  void stream(const typename bulk_run<Answer>::next_item& next,
              const typename bulk_run<Answer>::on_result& report, const BatchOptions& batch) const {
    bulk_run<Answer>(*state_->transport, state_->attempts, batch.max_in_flight,
                     !state_->own_transport)
        .run(next, report);
  }

  template <class Model>
  std::vector<Result<bool>> send_all(const detail::endpoint<Model, bool>& endpoint,
                                     std::string_view customer_id, const std::vector<Model>& items,
                                     const BatchOptions& batch) const {
    // Every slot is overwritten by its item's result; a placeholder costs no allocation.
    std::vector<Result<bool>> results(items.size(), Result<bool>(false));
    std::size_t pulled = 0;
    std::size_t done = 0;
    stream<bool>(
        [&]() -> std::optional<detail::prepared_request> {
          if (pulled == items.size()) return std::nullopt;
          return prepare(endpoint, items[pulled++], std::array<std::string_view, 1>{customer_id});
        },
        [&](std::size_t index, Result<bool> result) {
          // As each lands, so that a read made after it never sees the cache from before it.
          drop_written({{}, customer_id});
          results[index] = std::move(result);
          if (batch.on_progress) batch.on_progress(++done, items.size());
        },
        batch);
    return results;
  }

  std::shared_ptr<const state> state_;
};

/// The client of Vitec Connect; see BasicClient.
using Client = BasicClient<>;

}  // namespace VITEC_CONNECT_ABI_NAMESPACE
}  // namespace vitec::connect
