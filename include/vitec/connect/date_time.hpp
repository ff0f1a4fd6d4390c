#pragma once

#include <chrono>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

#include "vitec/connect/error.hpp"
#include "vitec/connect/version.hpp"

namespace vitec::connect {
inline namespace VITEC_CONNECT_ABI_NAMESPACE {

namespace detail {

// The civil-date arithmetic is written here rather than taken from Howard Hinnant's <date/date.h>:
// that header alone added about 16% to the compile time of a translation unit holding
// nlohmann/json and pugixml (g++ 12, -O2 -fsyntax-only), and issue 12 allows models.hpp 10%.
// DateTime only needs years 0001-9999, so plain day counting from 0001-01-01 suffices.

// The conversions from and to the system clock count in plain integers rather than in chrono
// durations of .NET ticks and days: each such duration type costs every translation unit that
// includes models.hpp its chrono arithmetic instantiations.
inline constexpr std::int64_t ticks_per_second = 10000000;  // a .NET tick is 100 ns
inline constexpr std::int64_t seconds_per_day = 86400;

/// a / b rounded towards minus infinity (b > 0).
constexpr std::int64_t floor_div(std::int64_t a, std::int64_t b) noexcept {
  return a / b - (a % b < 0 ? 1 : 0);
}

/// Whether Period (a clock's) is a fraction of a second that 10^7 divides or is divided by, as
/// every standard library's system_clock is: ns, 100 ns, us, ms or s.
template <class Period>
inline constexpr bool is_decimal_period = Period::num == 1 &&
                                          (Period::den % ticks_per_second == 0 ||
                                           ticks_per_second % Period::den == 0);

/// A clock count as whole seconds since the epoch and the .NET ticks below them, both floored.
struct seconds_and_ticks {
  std::int64_t seconds;
  std::int64_t ticks;  ///< 0 to 9,999,999
};

template <class Period>
constexpr seconds_and_ticks split_clock_count(std::int64_t count) noexcept {
  static_assert(is_decimal_period<Period>, "the clock's period is not a decimal fraction");
  // Quotient and remainder rather than count - seconds * den, which overflows next to the
  // clock's minimum.
  std::int64_t seconds = count / Period::den;
  std::int64_t rest = count % Period::den;
  if (rest < 0) {
    --seconds;
    rest += Period::den;
  }
  // rest is below den (at most 10^9), so the product stays far within int64.
  return {seconds, rest * ticks_per_second / Period::den};
}

/// .NET ticks since the epoch as a clock count in Period units, floored; nullopt when it does not
/// fit (a nanosecond clock holds only the years 1677-2262).
template <class Period>
constexpr std::optional<std::int64_t> clock_count_of(std::int64_t ticks) noexcept {
  static_assert(is_decimal_period<Period>, "the clock's period is not a decimal fraction");
  constexpr bool finer = Period::den > ticks_per_second;
  constexpr std::int64_t units_per_tick = finer ? Period::den / ticks_per_second : 1;
  constexpr std::int64_t ticks_per_unit = finer ? 1 : ticks_per_second / Period::den;
  constexpr std::int64_t limit = std::numeric_limits<std::int64_t>::max() / units_per_tick;
  if (ticks > limit || ticks < -limit) return std::nullopt;
  return floor_div(ticks, ticks_per_unit) * units_per_tick;
}

constexpr bool is_leap_year(int year) noexcept {
  return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
}

constexpr int days_in_month(int year, int month) noexcept {
  constexpr int lengths[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && is_leap_year(year) ? 29 : lengths[month - 1];
}

/// Days from 0001-01-01 (day 0) of the proleptic Gregorian calendar, as .NET counts them.
constexpr std::int64_t day_number(int year, int month, int day) noexcept {
  const std::int64_t before = year - 1;
  std::int64_t days = 365 * before + before / 4 - before / 100 + before / 400;
  for (int m = 1; m < month; ++m) days += days_in_month(year, m);
  return days + day - 1;
}

inline constexpr std::int64_t unix_epoch_day = day_number(1970, 1, 1);
inline constexpr std::int64_t last_day = day_number(9999, 12, 31);

struct civil_date {
  int year, month, day;
};

/// The inverse of day_number for day >= 0: whole 400-, 100-, 4- and 1-year cycles first.
constexpr civil_date civil_from_day_number(std::int64_t day) noexcept {
  constexpr std::int64_t days_400 = 146097, days_100 = 36524, days_4 = 1461, days_1 = 365;
  const std::int64_t cycles_400 = day / days_400;
  day %= days_400;
  const std::int64_t centuries = day / days_100 < 3 ? day / days_100 : 3;  // 4 only on Dec 31
  day -= centuries * days_100;
  const std::int64_t cycles_4 = day / days_4;
  day %= days_4;
  const std::int64_t years = day / days_1 < 3 ? day / days_1 : 3;
  day -= years * days_1;
  civil_date out{static_cast<int>(cycles_400 * 400 + centuries * 100 + cycles_4 * 4 + years + 1), 1,
                 0};
  while (day >= days_in_month(out.year, out.month)) day -= days_in_month(out.year, out.month++);
  out.day = static_cast<int>(day) + 1;
  return out;
}

}  // namespace detail

/// A .NET DateTime as the API writes it: "2015-01-01T12:00:00", "2024-11-21T11:06:18.8765301+01:00"
/// or "...Z". It keeps the text's parts exactly (0-7 fraction digits, the offset or its absence),
/// so to_string() gives back what parse() read. Without an offset (.NET's unspecified kind) it
/// names a wall-clock time, not an instant.
class DateTime {
 public:
  /// Reads yyyy-MM-ddTHH:mm:ss, then optionally '.' and 1-7 fraction digits, then optionally
  /// 'Z' or ±hh:mm (at most 14:00). Throws InvalidArgumentError, naming the byte offset, for
  /// anything else: an impossible date (Feb 29 of a common year, month 13, day 32, year 0000),
  /// hour 24 or more, minute or second 60 or more, a missing part, trailing text.
  static DateTime parse(std::string_view text);

  /// The instant in UTC ("Z") with .NET's 100 ns resolution (finer parts are floored) and always
  /// 7 fraction digits, as .NET's round-trip ("o") format writes them. Throws
  /// InvalidArgumentError for an instant outside the years 0001-9999.
  static DateTime from_sys_time(std::chrono::system_clock::time_point time);

  /// The text this value was read from, or from_sys_time's form.
  std::string to_string() const;

  /// The instant, when the text gives an offset ('Z' or ±hh:mm). std::nullopt without one (a
  /// wall-clock time in an unknown zone), and also for an instant that system_clock cannot hold
  /// (with a nanosecond clock, before 1677 or after 2262).
  std::optional<std::chrono::system_clock::time_point> to_sys_time() const;

  /// Equal when every written part is: "...12:00:00Z", "...12:00:00+00:00" and
  /// "...12:00:00.0Z" differ although they name the same instant (compare to_sys_time() for that).
  friend bool operator==(const DateTime& a, const DateTime& b) {
    return a.year_ == b.year_ && a.month_ == b.month_ && a.day_ == b.day_ && a.hour_ == b.hour_ &&
           a.minute_ == b.minute_ && a.second_ == b.second_ && a.fraction_ == b.fraction_ &&
           a.fraction_digits_ == b.fraction_digits_ && a.offset_sign_ == b.offset_sign_ &&
           a.offset_minutes_ == b.offset_minutes_;
  }
  /// Not equal when any written part differs.
  friend bool operator!=(const DateTime& a, const DateTime& b) { return !(a == b); }

 private:
  DateTime() = default;

  [[noreturn]] static void fail(const char* why, std::size_t at) {
    throw InvalidArgumentError(
        std::string("DateTime is not yyyy-MM-ddTHH:mm:ss[.fffffff][Z|+hh:mm|-hh:mm]: ") + why +
        " (at byte " + std::to_string(at) + ")");
  }

  int year_ = 1;
  int month_ = 1;
  int day_ = 1;
  int hour_ = 0;
  int minute_ = 0;
  int second_ = 0;
  std::int32_t fraction_ = 0;  ///< the fraction digits' value: 12 for ".0012"
  int fraction_digits_ = 0;    ///< how many were written, 0-7
  char offset_sign_ = '\0';    ///< '\0' (none), 'Z', '+' or '-'
  int offset_minutes_ = 0;
};

inline DateTime DateTime::parse(std::string_view text) {
  std::size_t at = 0;
  const auto number = [&](std::size_t width, int max) {
    int value = 0;
    for (std::size_t end = at + width; at < end; ++at) {
      if (at >= text.size() || text[at] < '0' || text[at] > '9') fail("a digit is missing", at);
      value = value * 10 + (text[at] - '0');
    }
    if (value > max) fail("a part is out of range", at - width);
    return value;
  };
  const auto expect = [&](char separator) {
    if (at >= text.size() || text[at] != separator) fail("a separator is missing", at);
    ++at;
  };
  DateTime v;
  v.year_ = number(4, 9999);
  if (v.year_ == 0) fail("there is no year 0000", 0);
  expect('-');
  v.month_ = number(2, 12);
  if (v.month_ == 0) fail("there is no month 00", at - 2);
  expect('-');
  v.day_ = number(2, detail::days_in_month(v.year_, v.month_));
  if (v.day_ == 0) fail("there is no day 00", at - 2);
  expect('T');
  v.hour_ = number(2, 23);
  expect(':');
  v.minute_ = number(2, 59);
  expect(':');
  v.second_ = number(2, 59);
  if (at < text.size() && text[at] == '.') {
    ++at;
    while (at < text.size() && text[at] >= '0' && text[at] <= '9') {
      if (++v.fraction_digits_ > 7) fail("more than 7 fraction digits", at);
      v.fraction_ = v.fraction_ * 10 + (text[at++] - '0');
    }
    if (v.fraction_digits_ == 0) fail("a digit is missing", at);
  }
  if (at < text.size() && (text[at] == 'Z' || text[at] == '+' || text[at] == '-')) {
    v.offset_sign_ = text[at++];
    if (v.offset_sign_ != 'Z') {
      const std::size_t offset_at = at;
      const int hours = number(2, 14);
      expect(':');
      v.offset_minutes_ = hours * 60 + number(2, 59);
      if (v.offset_minutes_ > 14 * 60) fail("the offset is beyond 14:00", offset_at);
    }
  }
  if (at != text.size()) fail("trailing text", at);
  return v;
}

inline DateTime DateTime::from_sys_time(std::chrono::system_clock::time_point time) {
  using clock_period = std::chrono::system_clock::period;
  const auto [seconds, ticks] =
      detail::split_clock_count<clock_period>(time.time_since_epoch().count());
  const std::int64_t days = detail::floor_div(seconds, detail::seconds_per_day);
  const std::int64_t day = days + detail::unix_epoch_day;
  if (day < 0 || day > detail::last_day) {
    throw InvalidArgumentError("DateTime holds only the years 0001-9999");
  }
  const std::int64_t second_of_day = seconds - days * detail::seconds_per_day;
  const auto date = detail::civil_from_day_number(day);
  DateTime v;
  v.year_ = date.year;
  v.month_ = date.month;
  v.day_ = date.day;
  v.hour_ = static_cast<int>(second_of_day / 3600);
  v.minute_ = static_cast<int>(second_of_day / 60 % 60);
  v.second_ = static_cast<int>(second_of_day % 60);
  v.fraction_ = static_cast<std::int32_t>(ticks);
  v.fraction_digits_ = 7;
  v.offset_sign_ = 'Z';
  return v;
}

inline std::string DateTime::to_string() const {
  std::string out;
  out.reserve(33);
  const auto digits = [&out](int value, int width) {
    char buffer[8];
    for (int i = width - 1; i >= 0; --i, value /= 10)
      buffer[i] = static_cast<char>('0' + value % 10);
    out.append(buffer, static_cast<std::size_t>(width));
  };
  digits(year_, 4);
  out += '-';
  digits(month_, 2);
  out += '-';
  digits(day_, 2);
  out += 'T';
  digits(hour_, 2);
  out += ':';
  digits(minute_, 2);
  out += ':';
  digits(second_, 2);
  if (fraction_digits_ > 0) {
    out += '.';
    digits(fraction_, fraction_digits_);
  }
  if (offset_sign_ != '\0') out += offset_sign_;
  if (offset_sign_ == '+' || offset_sign_ == '-') {
    digits(offset_minutes_ / 60, 2);
    out += ':';
    digits(offset_minutes_ % 60, 2);
  }
  return out;
}

inline std::optional<std::chrono::system_clock::time_point> DateTime::to_sys_time() const {
  if (offset_sign_ == '\0') return std::nullopt;
  std::int64_t scale = 1;
  for (int i = fraction_digits_; i < 7; ++i) scale *= 10;
  const std::int64_t day = detail::day_number(year_, month_, day_) - detail::unix_epoch_day;
  const std::int64_t offset = offset_sign_ == '-' ? -offset_minutes_ : offset_minutes_;
  const std::int64_t seconds = day * detail::seconds_per_day + std::int64_t{hour_} * 3600 +
                               (minute_ - offset) * 60 + second_;
  // At most about 3.2e18 ticks for the years 0001-9999: int64 holds it.
  const std::int64_t ticks = seconds * detail::ticks_per_second + fraction_ * scale;
  using clock = std::chrono::system_clock;
  const auto count = detail::clock_count_of<clock::period>(ticks);
  if (!count) return std::nullopt;
  return clock::time_point(clock::duration(*count));
}

}  // namespace VITEC_CONNECT_ABI_NAMESPACE
}  // namespace vitec::connect
