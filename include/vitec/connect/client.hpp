#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "vitec/connect/codec.hpp"
#include "vitec/connect/curl_transport.hpp"
#include "vitec/connect/detail/attempts.hpp"
#include "vitec/connect/detail/curl_batch.hpp"
#include "vitec/connect/detail/request_factory.hpp"
#include "vitec/connect/detail/url.hpp"
#include "vitec/connect/options.hpp"
#include "vitec/connect/result.hpp"

namespace vitec::connect {

/// A client of Vitec Connect. Cheap to copy (copies share one connection pool) and safe to use
/// from many threads at once.
class Client {
 public:
  /// Throws InvalidArgumentError for options that cannot work: a base_url that is not an
  /// absolute http(s) URL, holds credentials, or is plain http to a non-loopback host (or
  /// through a non-loopback proxy) without allow_insecure_http.
  explicit Client(ClientOptions options)
      : state_(std::make_shared<const state>(std::move(options))) {}

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
    return guarded([&] { return execute(prepare(customer_id, follow_up)); });
  }

  /// As request_order_user_interaction, with the error as a value: never throws.
  Result<bool> try_request_order_user_interaction(
      std::string_view customer_id, const OrderUserInteractionRequest& request) noexcept {
    return guarded([&] { return execute(prepare(customer_id, request)); });
  }

  /// Sends every follow-up for one customer, up to max_in_flight at once (over curl multi, from
  /// the calling thread), each with the same retries and error mapping as a single call. One
  /// result per item, in input order; one item's failure never stops the others.
  std::vector<Result<bool>> update_viewing_participants(
      std::string_view customer_id, const std::vector<ParticipantFollowUp>& follow_ups,
      BatchOptions batch = {}) {  // NOLINT(performance-unnecessary-value-param): API.md's shape
    return send_all(customer_id, follow_ups, batch);
  }

  /// The bulk form of request_order_user_interaction; see update_viewing_participants.
  std::vector<Result<bool>> request_order_user_interactions(
      std::string_view customer_id, const std::vector<OrderUserInteractionRequest>& requests,
      BatchOptions batch = {}) {  // NOLINT(performance-unnecessary-value-param): API.md's shape
    return send_all(customer_id, requests, batch);
  }

 private:
  using prepared = detail::prepared_request;

  struct state {
    explicit state(ClientOptions options)
        : requests(options),
          attempts(options.retry, options.logger, scrubber_for(options, requests)),
          format(options.format),
          transport(options.transport ? std::move(options.transport) : default_transport(options)),
          curl(dynamic_cast<CurlTransport*>(transport.get())) {}

    static detail::secret_scrubber scrubber_for(const ClientOptions& options,
                                                const detail::request_factory& requests) {
      detail::secret_scrubber scrubber;
      scrubber.add_with_echoed_forms(options.password);
      scrubber.add(requests.authorization().substr(6));  // the base64 after "Basic "
      return scrubber;
    }

    static std::shared_ptr<Transport> default_transport(const ClientOptions& options) {
      // A proxy sees a plain-http request, Authorization and all: without the user's consent
      // only one on loopback may, and never one that the environment happens to name.
      const bool in_clear = !options.allow_insecure_http &&
                            detail::parse_absolute_url(options.base_url)->scheme == "http";
      if (in_clear && !options.proxy.empty()) detail::require_loopback_proxy(options.proxy);
      return std::make_shared<CurlTransport>(CurlTransportOptions{
          options.ca_bundle, options.proxy, !in_clear, options.max_response_bytes});
    }

    detail::request_factory requests;
    detail::attempt_policy attempts;
    Format format;
    std::shared_ptr<Transport> transport;
    CurlTransport* curl;  // the same transport when it is ours: batches then use curl multi
  };

  template <class Call>
  static Result<bool> guarded(Call&& call) noexcept {
    try {
      return call();
    } catch (const Error& e) {
      return e;
    } catch (const std::exception& e) {
      return Error(ErrorKind::transport, std::string("unexpected failure: ") + e.what());
    } catch (...) {
      return Error(ErrorKind::transport, "unexpected failure");
    }
  }

  prepared prepare(std::string_view customer_id, const ParticipantFollowUp& follow_up) const {
    return build("/ViewingParticipant/", customer_id,
                 [&] { return serialize(follow_up, state_->format); });
  }

  prepared prepare(std::string_view customer_id, const OrderUserInteractionRequest& request) const {
    return build("/Service/Order/UserInteraction/", customer_id, [&] {
      if (request.url)
        detail::require_absolute_url("OrderUserInteractionRequest.url", *request.url);
      return serialize(request, state_->format);
    });
  }

  template <class Body>
  prepared build(std::string_view path, std::string_view customer_id, Body&& body) const {
    try {
      return state_->requests.make(path, customer_id, body());
    } catch (const InvalidArgumentError& e) {
      return Error(e);
    }
  }

  Result<bool> execute(const prepared& item) const {
    if (const auto* invalid = std::get_if<Error>(&item)) return *invalid;
    const auto& request = std::get<HttpRequest>(item);
    const auto& policy = state_->attempts;
    for (int attempt = 1;; ++attempt) {
      const auto started = policy.logging() ? std::chrono::steady_clock::now()
                                            : std::chrono::steady_clock::time_point{};
      detail::attempt_outcome outcome = send_once(request);
      if (policy.logging()) {
        policy.log(request, outcome, attempt,
                   std::chrono::duration_cast<std::chrono::microseconds>(
                       std::chrono::steady_clock::now() - started));
      }
      const auto delay = policy.next_delay(attempt, outcome);
      if (!delay) return policy.finish(std::move(outcome), attempt);
      detail::sleep_for(policy.retry(), *delay);
    }
  }

  detail::attempt_outcome send_once(const HttpRequest& request) const {
    try {
      return detail::classify(request, state_->transport->send(request));
    } catch (const Error& e) {
      return {e, e.status(), std::nullopt};
    } catch (const std::exception& e) {
      return foreign_failure(std::string("transport failed: ") + e.what());
    } catch (...) {
      return foreign_failure("transport failed with an unknown exception");
    }
  }

  /// A user transport threw something other than an Error: nothing says a retry would help.
  static detail::attempt_outcome foreign_failure(const std::string& what) {
    ErrorDetails details;
    details.permanent = true;
    return {TransportError(what, std::move(details)), 0, std::nullopt};
  }

  template <class Model>
  std::vector<Result<bool>> send_all(std::string_view customer_id, const std::vector<Model>& items,
                                     const BatchOptions& batch) const {
    std::vector<prepared> requests;
    requests.reserve(items.size());
    for (const auto& item : items) requests.push_back(prepare(customer_id, item));
    if (state_->curl) {
      return detail::curl_batch(state_->curl->pool_, state_->attempts).run(requests, batch);
    }
    std::vector<Result<bool>> results;
    results.reserve(requests.size());
    for (const auto& request : requests) {
      results.push_back(guarded([&] { return execute(request); }));
      if (batch.on_progress) batch.on_progress(results.size(), requests.size());
    }
    return results;
  }

  std::shared_ptr<const state> state_;
};

}  // namespace vitec::connect
