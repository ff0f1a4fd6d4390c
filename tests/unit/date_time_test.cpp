#include <catch2/catch.hpp>

#include <chrono>
#include <cstdint>
#include <ctime>
#include <limits>
#include <ratio>
#include <string>
#include <type_traits>

#include "support.hpp"

namespace {

using namespace unit;
using std::chrono::system_clock;

system_clock::time_point utc(int year, int month, int day, int hour = 0, int minute = 0,
                             int second = 0) {
  // timegm is glibc's, independent of the SDK's calendar arithmetic.
  std::tm parts{};
  parts.tm_year = year - 1900;
  parts.tm_mon = month - 1;
  parts.tm_mday = day;
  parts.tm_hour = hour;
  parts.tm_min = minute;
  parts.tm_sec = second;
  return system_clock::from_time_t(timegm(&parts));
}

}  // namespace

TEST_CASE("DateTime gives back exactly the text .NET wrote", "[datetime]") {
  const auto text = GENERATE(as<std::string>{},                             //
                             "2015-01-01T12:00:00",                         // docs' sample
                             "2024-11-21T11:06:18.8765301+01:00",           // local offset
                             "2024-11-21T10:06:18.8765301Z",                // UTC
                             "2024-11-21T10:06:18Z",                        //
                             "2024-11-21T10:06:18.1",                       // 1 digit
                             "2024-11-21T10:06:18.12",                      //
                             "2024-11-21T10:06:18.1200000",                 // zeros kept
                             "2024-11-21T10:06:18.0000000Z",                //
                             "2024-11-21T10:06:18.0",                       //
                             "2024-11-21T10:06:18.0010-05:30",              //
                             "0001-01-01T00:00:00",                         // DateTime.MinValue
                             "9999-12-31T23:59:59.9999999",                 // DateTime.MaxValue
                             "2000-02-29T00:00:00", "2024-02-29T23:59:59",  // leap years
                             "2024-06-30T00:00:00+14:00", "2024-06-30T00:00:00-14:00",
                             "2024-06-30T00:00:00+00:00", "2024-06-30T00:00:00-00:00");
  CAPTURE(text);
  CHECK(vc::DateTime::parse(text).to_string() == text);
  CHECK(vc::DateTime::parse(text) == vc::DateTime::parse(text));
}

TEST_CASE("DateTime refuses what is no .NET date with InvalidArgumentError", "[datetime]") {
  const auto text = GENERATE(as<std::string>{},
                             "",                              // nothing
                             "1900-02-29T00:00:00",           // 1900 is not a leap year
                             "2023-02-29T00:00:00",           //
                             "2024-02-30T00:00:00",           //
                             "2024-04-31T00:00:00",           // April has 30 days
                             "2024-13-01T00:00:00",           // month 13
                             "2024-00-01T00:00:00",           //
                             "2024-01-32T00:00:00",           // day 32
                             "2024-01-00T00:00:00",           //
                             "0000-01-01T00:00:00",           // no year 0
                             "2024-01-01T24:00:00",           // hour 24
                             "2024-01-01T23:60:00",           // minute 60
                             "2024-01-01T23:59:60",           // no leap seconds
                             "2024-01-01T00:00:00+14:01",     // offsets beyond 14:00
                             "2024-01-01T00:00:00-15:00",     //
                             "2024-01-01T00:00:00+01:60",     //
                             "2024-01-01T00:00:00.12345678",  // 8 fraction digits
                             "2024-01-01T00:00:00.",          // no digit after '.'
                             "2024-01-01",                    // missing parts
                             "2024-01-01T00:00",              //
                             "2024-01-01T00:00:00+01",        //
                             "2024-01-01T00:00:00+0100",      //
                             "24-01-01T00:00:00",             // two-digit year
                             "2024-1-01T00:00:00",            //
                             "2024-01-01 00:00:00",           // space for 'T'
                             "2024-01-01t00:00:00",           //
                             "2024-01-01T00:00:00z",          //
                             "2024-01-01T00:00:00Z ",         // trailing junk
                             "2024-01-01T00:00:00ZZ",         //
                             "2024-01-01T00:00:00+01:00:00",  //
                             " 2024-01-01T00:00:00",          // leading space
                             "+2024-01-01T00:00:00",          //
                             "2024-01-01T00:00:00.1Z\n",      //
                             "２０２４-01-01T00:00:00");      // not ASCII digits
  CAPTURE(text);
  CHECK_THROWS_AS(vc::DateTime::parse(text), vc::InvalidArgumentError);
}

TEST_CASE("DateTime names the byte where the text goes wrong", "[datetime]") {
  CHECK_THROWS_WITH(vc::DateTime::parse("2024-13-01T00:00:00"), Catch::Contains("at byte 5"));
  CHECK_THROWS_WITH(vc::DateTime::parse("2024-01-01T00:00:00+15:00"),
                    Catch::Contains("at byte 20"));
  CHECK_THROWS_WITH(vc::DateTime::parse("2024-01-01T00:00:00Zx"), Catch::Contains("at byte 20"));
  CHECK_THROWS_WITH(vc::DateTime::parse("2024-01-01T00:00:00.12345678"),
                    Catch::Contains("at byte 27") && Catch::Contains("7 fraction digits"));
}

TEST_CASE("DateTime gives an instant only when it knows the offset", "[datetime]") {
  CHECK_FALSE(vc::DateTime::parse("2015-01-01T12:00:00").to_sys_time());
  CHECK_FALSE(vc::DateTime::parse("2015-01-01T12:00:00.1234567").to_sys_time());

  CHECK(vc::DateTime::parse("1970-01-01T00:00:00Z").to_sys_time() == system_clock::time_point{});
  CHECK(vc::DateTime::parse("2024-11-21T11:06:18+01:00").to_sys_time() ==
        utc(2024, 11, 21, 10, 6, 18));
  CHECK(vc::DateTime::parse("2024-11-21T04:36:18-05:30").to_sys_time() ==
        utc(2024, 11, 21, 10, 6, 18));
  CHECK(vc::DateTime::parse("2024-01-01T13:59:00+14:00").to_sys_time() ==
        utc(2023, 12, 31, 23, 59));
  CHECK(vc::DateTime::parse("2023-12-31T10:00:00-14:00").to_sys_time() == utc(2024, 1, 1));
  CHECK(vc::DateTime::parse("2000-02-29T12:00:00Z").to_sys_time() == utc(2000, 2, 29, 12));
  CHECK(vc::DateTime::parse("2000-03-01T00:00:00Z").to_sys_time() == utc(2000, 3, 1));

  using std::chrono::nanoseconds;
  const auto epoch = system_clock::time_point{};
  CHECK(vc::DateTime::parse("1970-01-01T00:00:00.5Z").to_sys_time() ==
        epoch + std::chrono::milliseconds(500));
  CHECK(vc::DateTime::parse("1970-01-01T00:00:00.0000001Z").to_sys_time() ==
        epoch + std::chrono::duration_cast<system_clock::duration>(nanoseconds(100)));
  CHECK(vc::DateTime::parse("1969-12-31T23:59:59.9999999Z").to_sys_time() ==
        epoch - std::chrono::duration_cast<system_clock::duration>(nanoseconds(100)));
}

TEST_CASE("DateTime reports no instant beyond what system_clock holds", "[datetime]") {
  // libstdc++'s clock counts nanoseconds in 64 bits: about 1677 to 2262.
  if (system_clock::duration::period::den < 1000000000) return;
  CHECK_FALSE(vc::DateTime::parse("0001-01-01T00:00:00Z").to_sys_time());
  CHECK_FALSE(vc::DateTime::parse("9999-12-31T23:59:59.9999999Z").to_sys_time());
  CHECK(vc::DateTime::parse("2262-01-01T00:00:00Z").to_sys_time());
}

TEST_CASE("DateTime from system_clock writes UTC with 7 fraction digits", "[datetime]") {
  using std::chrono::nanoseconds;
  const auto epoch = system_clock::time_point{};
  CHECK(vc::DateTime::from_sys_time(epoch).to_string() == "1970-01-01T00:00:00.0000000Z");
  CHECK(vc::DateTime::from_sys_time(utc(2024, 2, 29, 23, 59, 59)).to_string() ==
        "2024-02-29T23:59:59.0000000Z");
  // Finer than 100 ns is floored, also before 1970.
  const auto ns = [](long long n) {
    return std::chrono::duration_cast<system_clock::duration>(nanoseconds(n));
  };
  CHECK(vc::DateTime::from_sys_time(epoch + ns(123456789)).to_string() ==
        "1970-01-01T00:00:00.1234567Z");
  CHECK(vc::DateTime::from_sys_time(epoch - ns(1)).to_string() == "1969-12-31T23:59:59.9999999Z");
  CHECK(vc::DateTime::from_sys_time(epoch - ns(100)).to_string() == "1969-12-31T23:59:59.9999999Z");
  CHECK(vc::DateTime::from_sys_time(epoch - ns(101)).to_string() == "1969-12-31T23:59:59.9999998Z");
}

TEST_CASE("DateTime converts whatever decimal period a system_clock counts in", "[datetime]") {
  using vc::detail::clock_count_of;
  using vc::detail::split_clock_count;
  using ticks = std::ratio<1, 10000000>;
  // Ticks to clock units, floored: finer clocks multiply, coarser ones divide.
  CHECK(clock_count_of<std::nano>(3) == 300);
  CHECK(clock_count_of<ticks>(-7) == -7);
  CHECK(clock_count_of<std::micro>(15) == 1);
  CHECK(clock_count_of<std::micro>(-15) == -2);
  CHECK(clock_count_of<std::milli>(12345678) == 1234);
  CHECK(clock_count_of<std::ratio<1>>(-1) == -1);
  CHECK_FALSE(clock_count_of<std::nano>(std::numeric_limits<std::int64_t>::max() / 99));
  CHECK_FALSE(clock_count_of<std::nano>(std::numeric_limits<std::int64_t>::min() / 99));
  // Clock units to seconds and the ticks below them, floored, down to the clock's minimum.
  const auto before_epoch = split_clock_count<std::micro>(-1);
  CHECK(before_epoch.seconds == -1);
  CHECK(before_epoch.ticks == 9999990);
  const auto lowest = split_clock_count<std::nano>(std::numeric_limits<std::int64_t>::min());
  CHECK(lowest.seconds == -9223372037);
  CHECK(lowest.ticks == 1452241);
  const auto highest = split_clock_count<std::nano>(std::numeric_limits<std::int64_t>::max());
  CHECK(highest.seconds == 9223372036);
  CHECK(highest.ticks == 8547758);
  if constexpr (std::is_same_v<system_clock::period, std::nano>) {
    CHECK(vc::DateTime::from_sys_time(system_clock::time_point::min()).to_string() ==
          "1677-09-21T00:12:43.1452241Z");
  }
}

TEST_CASE("DateTime agrees with timegm on every day from 1678 to 2261", "[datetime]") {
  // Midnight of each day, and an instant within it, both ways through the calendar.
  const auto first = utc(1678, 1, 1);
  const auto last = utc(2261, 12, 31);
  long days = 0;
  for (auto day = first; day <= last; day += std::chrono::hours(24), ++days) {
    const auto instant = day + std::chrono::hours(13) + std::chrono::milliseconds(2500);
    const auto written = vc::DateTime::from_sys_time(instant);
    const auto back = vc::DateTime::parse(written.to_string()).to_sys_time();
    if (back != instant) FAIL("round trip lost the instant: " << written.to_string());
    const std::time_t seconds = system_clock::to_time_t(day);
    std::tm parts{};
    gmtime_r(&seconds, &parts);
    char expected[32];
    std::strftime(expected, sizeof expected, "%Y-%m-%dT13:00:02.5000000Z", &parts);
    if (written.to_string() != expected) FAIL(written.to_string() << " != " << expected);
  }
  CHECK(days == 213301);
}

TEST_CASE("DateTime equality is on the written form", "[datetime]") {
  const auto z = vc::DateTime::parse("2024-01-01T00:00:00Z");
  const auto zero_offset = vc::DateTime::parse("2024-01-01T00:00:00+00:00");
  const auto with_fraction = vc::DateTime::parse("2024-01-01T00:00:00.0Z");
  CHECK(z != zero_offset);
  CHECK(z != with_fraction);
  CHECK(z.to_sys_time() == zero_offset.to_sys_time());
  CHECK(z.to_sys_time() == with_fraction.to_sys_time());
  CHECK(vc::DateTime::parse("2024-01-01T00:00:00.1") !=
        vc::DateTime::parse("2024-01-01T00:00:00.10"));
  CHECK(vc::DateTime::parse("2024-01-01T00:00:00+01:00") !=
        vc::DateTime::parse("2024-01-01T00:00:00-01:00"));
  CHECK(z == vc::DateTime::parse("2024-01-01T00:00:00Z"));
}
