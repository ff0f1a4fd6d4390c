#!/usr/bin/env python3
"""Reads a Catch2 v2 XML report and prints one line per failed test case: its kind, a tab, and
its name escaped as a Catch2 test spec (so that it runs that case alone). The kind is "time" when
every failed assertion of the case compares against a duration (a time bound), else "other"."""
import re
import sys
import xml.etree.ElementTree as ElementTree

# "elapsed < 2s", "x >= 900ms", "elapsed < milliseconds(1000)", "t < std::chrono::seconds(3)"
TIME_BOUND = re.compile(
    r"[<>]=?\s*(?:std::chrono::)?(?:\d+(?:ns|us|ms|s|min|h)\b|(?:nano|micro|milli)?seconds\s*[({])")


def spec(name):
    return re.sub(r'([\\\[\],"*~])', r"\\\1", name)


def main(path):
    for case in ElementTree.parse(path).getroot().iter("TestCase"):
        result = case.find("OverallResult")
        if result is None or result.get("success") == "true":
            continue
        failed = [expression.findtext("Original", "").strip()
                  for expression in case.iter("Expression") if expression.get("success") == "false"]
        # An exception or a FAIL leaves no failed Expression: never a time bound.
        timed = bool(failed) and all(TIME_BOUND.search(text) for text in failed)
        print(f"{'time' if timed else 'other'}\t{spec(case.get('name'))}")


if __name__ == "__main__":
    main(sys.argv[1])
