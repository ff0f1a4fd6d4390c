#pragma once

/// \file
/// A paged list as one range of its rows (api::PageRange), fetched a page at a time as the range
/// is iterated, and change sync over such a range (api::sync_changes). The area clients offer
/// both for every list whose answer is a page (`get_estate_all`, `get_estate_changes`);
/// api::rows in <vitec/connect/api/all.hpp> offers the range for any paged list by its id.

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <iterator>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "vitec/connect/date_time.hpp"
#include "vitec/connect/error.hpp"
#include "vitec/connect/version.hpp"

namespace vitec::connect {
inline namespace VITEC_CONNECT_ABI_NAMESPACE {
namespace detail {

/// The instant a change time names, for ordering: a time without an offset is read as UTC,
/// which orders the times of one server correctly whatever its zone.
template <class = void>
std::chrono::system_clock::time_point change_instant(const DateTime& time) {
  if (auto instant = time.to_sys_time()) return *instant;
  if (auto as_utc = DateTime::parse(time.to_string() + "Z").to_sys_time()) return *as_utc;
  throw InvalidArgumentError("the change time " + time.to_string() + " is out of range");
}

/// `time` moved back by `overlap`, in the form the server wrote it: with its offset as UTC, or
/// as a wall-clock time when it had none.
template <class = void>
DateTime earlier_by(const DateTime& time, std::chrono::seconds overlap) {
  const bool has_offset = time.to_sys_time().has_value();
  const auto moved = DateTime::from_sys_time(change_instant(time) - overlap);
  if (has_offset) return moved;
  auto text = moved.to_string();
  text.pop_back();  // from_sys_time writes 'Z'
  return DateTime::parse(text);
}

}  // namespace detail

namespace api {

/// One page of a list, as a PageRange reads it: Vitec's pages count from 0, and `count` is the
/// number of pages (not of rows: `total_row_count` is that).
template <class Row>
struct PageOf {
  std::vector<Row> rows;                        ///< the page's rows, in the server's order
  std::optional<std::int64_t> count;            ///< the number of pages, when the server says
  std::optional<std::int64_t> total_row_count;  ///< the number of rows, when the server says
};

/// The page size a PageRange asks for when none is given.
inline constexpr std::int64_t default_page_size = 100;

/// Every row of a paged list, as one input range: the first page is fetched by begin(), each
/// next one when the iteration reaches it, so memory holds one page whatever the list's length.
/// It stops after the last page (by `count`, or by `total_row_count` rows read), at an empty page,
/// or at a short page when the server gave neither. An error fetching a page throws (an Error
/// subclass, as the throwing members do) from begin() or from the increment that needed it,
/// and leaves the range at its end; begin() then asks for that page again, so a loop may resume
/// where it failed. A single pass: begin() a second time resumes where the iteration stands.
/// Breaking out of the loop fetches nothing more.
template <class Row>
class PageRange {
 public:
  /// Gives page `page_index` of `page_size` rows, or throws.
  using fetch_page = std::function<PageOf<Row>(std::int64_t page_index, std::int64_t page_size)>;

  /// Pages from `first_page` on, `page_size` rows each (1 or more).
  PageRange(fetch_page fetch, std::int64_t first_page = 0,
            std::int64_t page_size = default_page_size)
      : fetch_(std::move(fetch)), next_page_(first_page), page_size_(page_size) {
    if (page_size_ < 1) {
      throw InvalidArgumentError("the page size is " + std::to_string(page_size_) +
                                 ": it must be 1 or more");
    }
    if (next_page_ < 0) {
      throw InvalidArgumentError("the first page is " + std::to_string(next_page_) +
                                 ": pages count from 0");
    }
  }

  /// Reads the range's current row; an increment moves every iterator of the range.
  class iterator {
   public:
    using iterator_category = std::input_iterator_tag;  ///< a single pass
    using value_type = Row;                             ///< a row of the list
    using difference_type = std::ptrdiff_t;             ///< as iterators have
    using pointer = const Row*;                         ///< the current row
    using reference = const Row&;                       ///< the current row

    iterator() = default;
    /// The current row: valid until the next increment.
    reference operator*() const { return range_->page_.rows[range_->at_]; }
    /// The current row's members.
    pointer operator->() const { return &**this; }
    /// The next row, fetching the next page when this one is done; throws what fetching throws.
    iterator& operator++() {
      range_->advance();
      return *this;
    }
    /// As the prefix increment (an input iterator gives no copy of where it was).
    void operator++(int) { ++*this; }
    /// Equal when both are at the end, or both are not (one range, one position).
    friend bool operator==(const iterator& a, const iterator& b) { return a.ended() == b.ended(); }
    /// Not equal when one is at the end and the other is not.
    friend bool operator!=(const iterator& a, const iterator& b) { return !(a == b); }

   private:
    friend class PageRange;
    explicit iterator(PageRange* range) : range_(range) {}
    bool ended() const { return range_ == nullptr || range_->ended_; }
    PageRange* range_ = nullptr;
  };

  /// Where the iteration stands: fetches the first page, or again a page that failed.
  iterator begin() {
    if (!loaded_) load_next();  // the first page, or again the one that failed
    return iterator(this);
  }
  /// Past the last row.
  iterator end() { return iterator(); }

  /// Pages fetched so far.
  std::int64_t pages_read() const noexcept { return pages_read_; }

 private:
  void load_next() {
    // Until the page arrives the range reads as ended: an iterator kept past a failed fetch is
    // end(), never a row of a page that is gone.
    loaded_ = false;
    ended_ = true;
    page_.rows.clear();
    at_ = 0;
    page_ = fetch_(next_page_, page_size_);
    loaded_ = true;
    ++pages_read_;
    ++next_page_;
    rows_read_ += static_cast<std::int64_t>(page_.rows.size());
    const auto short_page = static_cast<std::int64_t>(page_.rows.size()) < page_size_;
    last_ = page_.rows.empty() || (page_.count && next_page_ >= *page_.count) ||
            (page_.total_row_count && rows_read_ >= *page_.total_row_count) ||
            (!page_.count && !page_.total_row_count && short_page);
    ended_ = page_.rows.empty();
  }

  void advance() {
    if (ended_) return;
    if (++at_ < page_.rows.size()) return;
    if (last_) {
      ended_ = true;
      page_.rows.clear();
      return;
    }
    load_next();
  }

  fetch_page fetch_;
  std::int64_t next_page_;
  std::int64_t page_size_;
  PageOf<Row> page_;
  std::size_t at_ = 0;
  std::int64_t pages_read_ = 0;
  std::int64_t rows_read_ = 0;
  bool loaded_ = false;
  bool last_ = false;
  bool ended_ = false;
};

/// How far back a change sync reads before its checkpoint: a row written while the previous sync
/// read may carry a change time a little older than the newest one that sync saw (its
/// transaction committed later, or it moved between pages), so each sync starts this much
/// earlier and may hand a row out again.
inline constexpr std::chrono::seconds default_sync_overlap{300};

/// Hands every row of `rows` (a PageRange whose request already filters from the checkpoint) to
/// `on_row`, and returns the checkpoint for the next sync: the newest `changed_at` seen, or
/// `since` when no row carried one. Store it only once what on_row did is stored. What on_row
/// throws ends the sync and reaches the caller: the stored checkpoint then stays as it was.
template <class Row, class OnRow>
std::optional<DateTime> sync_changes(PageRange<Row> rows, const std::optional<DateTime>& since,
                                     OnRow&& on_row) {
  std::optional<DateTime> newest = since;
  for (const Row& row : rows) {
    on_row(row);
    if (row.changed_at && (!newest || ::vitec::connect::detail::change_instant(*row.changed_at) >
                                          ::vitec::connect::detail::change_instant(*newest))) {
      newest = row.changed_at;
    }
  }
  return newest;
}

}  // namespace api
}  // namespace VITEC_CONNECT_ABI_NAMESPACE
}  // namespace vitec::connect
