#pragma once

/// \file
/// Reads by a list of ids of any length (api::Batched): the reads whose page allows only so many
/// ids a call (`max 20 stycken`) are split into calls of that many, sent together over the bulk
/// engine, and their answers merged. The area clients offer it as the member ending in
/// `_batched` (`crm.get_contact_person_batched(params)`).

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "vitec/connect/client.hpp"
#include "vitec/connect/detail/operation.hpp"
#include "vitec/connect/error.hpp"
#include "vitec/connect/options.hpp"
#include "vitec/connect/result.hpp"
#include "vitec/connect/version.hpp"

namespace vitec::connect {
inline namespace VITEC_CONNECT_ABI_NAMESPACE {
namespace api {

/// One call of a batched read that failed: the ids it asked for, and why.
struct FailedIds {
  std::vector<std::string> ids;  ///< the ids of the call, in the order given
  Error error;                   ///< why the call failed
};

/// What a batched read gave: the rows of every call that worked, in the order of the ids' calls,
/// and each call that failed. A failed call's ids are simply absent from `rows`.
template <class Row>
struct Batched {
  std::vector<Row> rows;          ///< every row of the calls that worked, in the ids' order
  std::vector<FailedIds> failed;  ///< one per call that failed

  /// Whether every call worked.
  bool ok() const noexcept { return failed.empty(); }
};

}  // namespace api

namespace detail {

/// `texts`, given for `from`'s parameters, put in the order of `to`'s (matched by name): the
/// path and query forms of one read name the same parameters.
template <class = void>
param_texts texts_for(const operation_def& to, const operation_def& from,
                      const param_texts& texts) {
  param_texts out(to.param_count);
  for (std::size_t i = 0; i < to.param_count; ++i) {
    for (std::size_t j = 0; j < from.param_count; ++j) {
      if (iequals(to.params[i].name, from.params[j].name)) out[i] = texts[j];
    }
  }
  return out;
}

/// The read `op` for every id of `ids`, whatever their number: in calls of as many ids as the
/// page allows (those over `op`'s own limit go through `query_form`, the page's form for more
/// ids, when there is one), each call's request built and checked before anything is sent, then
/// sent over the client's bulk engine. `list_at` is the index of the ids' parameter in `op`.
/// Refused input is the Result's error (nothing sent); a call that fails is one FailedIds.
template <class Answer, class Unused>
Result<api::Batched<typename Answer::value_type>> run_batched(
    const BasicClient<Unused>& client, const operation_def& op, const operation_def* query_form,
    const param_texts& texts, std::size_t list_at, const std::vector<std::string>& ids,
    const BatchOptions& batch) noexcept {
  using row = typename Answer::value_type;
  try {
    if (ids.empty()) refuse_param(op, op.params[list_at], "holds no id");
    const auto own_limit = op.params[list_at].max_items;
    std::int64_t per_call = own_limit;
    if (query_form != nullptr) {
      for (std::size_t i = 0; i < query_form->param_count; ++i) {
        if (query_form->params[i].list) per_call = query_form->params[i].max_items;
      }
    }
    const auto chunk = per_call > 0 ? static_cast<std::size_t>(per_call) : ids.size();

    struct call {
      std::vector<std::string> ids;
      const operation_def* op;
      operation_target target;
    };
    std::vector<call> calls;
    for (std::size_t from = 0; from < ids.size(); from += chunk) {
      call next{{ids.begin() + static_cast<std::ptrdiff_t>(from),
                 ids.begin() + static_cast<std::ptrdiff_t>(std::min(from + chunk, ids.size()))},
                &op,
                {}};
      std::string joined;
      for (const auto& id : next.ids) {
        if (id.find(',') != std::string::npos) {
          refuse_param(op, op.params[list_at], "holds an id with a ',' in it");
        }
        joined += (joined.empty() ? "" : ",") + id;
      }
      auto call_texts = texts;
      call_texts[list_at] = joined;
      if (query_form != nullptr && own_limit >= 0 &&
          static_cast<std::int64_t>(next.ids.size()) > own_limit) {
        next.op = query_form;
        call_texts = texts_for(*query_form, op, call_texts);
      }
      next.target = target_of(*next.op, call_texts);
      calls.push_back(std::move(next));
    }

    std::vector<std::optional<Answer>> answers(calls.size());
    api::Batched<row> out;
    std::size_t pulled = 0;
    operation_access<Unused>::template stream<Answer>(
        client,
        [&]() -> std::optional<prepared_request> {
          if (pulled == calls.size()) return std::nullopt;
          const call& next = calls[pulled++];
          return prepared_request{
              operation_access<Unused>::make(client, *next.op, next.target,
                                             request_content{next.target.query, std::nullopt}),
              true};
        },
        [&](std::size_t index, Result<Answer> result) {
          if (result.ok()) {
            answers[index] = std::move(result).value();
          } else {
            out.failed.push_back({calls[index].ids, result.error()});
          }
        },
        batch);
    for (auto& answer : answers) {
      if (!answer) continue;
      for (auto& item : *answer) out.rows.push_back(std::move(item));
    }
    return out;
  } catch (const Error& e) {
    return e;
  } catch (const std::exception& e) {
    return Error(ErrorKind::invalid_argument,
                 std::string(op.id) + ": could not build the requests: " + e.what());
  }
}

/// As run_batched, the merged rows, or the first failed call's error once every call has ended.
template <class Answer>
std::vector<typename Answer::value_type> batched_or_throw(
    Result<api::Batched<typename Answer::value_type>> result) {
  auto batched = std::move(result).value();
  if (!batched.failed.empty()) batched.failed.front().error.raise();
  return std::move(batched.rows);
}

}  // namespace detail
}  // namespace VITEC_CONNECT_ABI_NAMESPACE
}  // namespace vitec::connect
